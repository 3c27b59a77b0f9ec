"""``/openapi/v3`` and ``/openapi/v2``: the simulator's OpenAPI documents, as the API server hands them out.

The documents themselves belong to :mod:`kubesim_nb.api.openapi` (v3, one per group-version) and
:mod:`kubesim_nb.api.gnostic` (v2 in protobuf); this module answers their URLs as kube-openapi's handlers do
(``k8s.io/kube-openapi/pkg/handler3/handler.go`` ``HandleDiscovery`` and ``HandleGroupVersion``,
``pkg/handler/handler.go`` for v2): the index names each document by a URL carrying its hash, a document
carries its ``ETag``, and a URL with a stale ``?hash=`` is sent on (301) to the current one. ``kubectl explain``
reads them, and ``apply``, ``create -f`` and ``replace`` find the ``fieldValidation`` parameter there.
"""

from __future__ import annotations

import json

from ..api.gnostic import MEDIA_TYPE as V2_PROTOBUF
from ..api.gnostic import swagger_protobuf
from ..api.openapi import document_bytes, etag, index, swagger
from .rest import Response
from .routes import Query
from .status import not_found_path

__all__ = ["openapi_v2", "openapi_v3"]

# the v2 document in JSON unless the client accepts gnostic's protobuf (kubectl explain -o plaintext-openapiv2 does)
V2_PROTOBUF_ACCEPTED = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf"


def openapi_v3(group_version: str, query: Query) -> Response:
    """``/openapi/v3`` (``group_version`` empty: the index) or ``/openapi/v3/<group_version>``."""
    if not group_version:
        return Response(body=index())
    data, current = document_bytes(group_version), etag(group_version)
    if data is None or current is None:
        raise not_found_path()
    headers = {"Etag": json.dumps(current), "Vary": "Accept"}
    wanted = query.get("hash")
    if wanted and wanted != current:  # the document changed since the client read the index: http.Redirect
        location = f"/openapi/v3/{group_version}?hash={current}"
        body = f'<a href="{location}">Moved Permanently</a>.\n\n'
        moved = headers | {"Location": location}
        return Response(code=301, body=body, content_type="text/html; charset=utf-8", headers=moved)
    if wanted:  # a URL with the current hash names content that never changes
        headers["Cache-Control"] = "public, immutable"
    return Response(body=data, headers=headers)


def openapi_v2(accept: str) -> Response:
    """``/openapi/v2``: the definitions, in gnostic's protobuf when accepted, else in JSON."""
    if V2_PROTOBUF_ACCEPTED in accept or V2_PROTOBUF in accept:
        return Response(body=swagger_protobuf(), content_type=V2_PROTOBUF)
    return Response(body=swagger())
