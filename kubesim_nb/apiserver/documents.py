"""What the API server answers a plain GET with: ``/version``, the health checks, legacy discovery, an object or a
list of objects, as JSON (``staging/src/k8s.io/apiserver/pkg/endpoints/handlers/get.go``, ``discovery/``,
``healthz/``). ``kubesim serve`` sends these documents over HTTP; our kubectl's ``get --raw`` prints the very
same bytes (:func:`encode`), as the real kubectl copies the answer's body to its stdout.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..errors import ApiError
from ..profiles import server_version
from . import APIServer, discovery
from .paths import kind_for_resource, parse_path

__all__ = ["Document", "HEALTH_CHECKS", "encode", "get_document", "list_document", "not_found_path"]

HEALTH_CHECKS = ("healthz", "livez", "readyz")


@dataclass(frozen=True)
class Document:
    """An answer's body (a dict is JSON, a str is text) and its media type."""

    body: Any
    content_type: str = "application/json"


def not_found_path() -> ApiError:
    """A path the server does not serve (go-restful's 404)."""
    return ApiError("NotFound", "the server could not find the requested resource", code=404)


def encode(body: Any) -> bytes:
    """A body as the server writes it: compact JSON, text as it is."""
    if isinstance(body, bytes):
        return body
    if isinstance(body, (dict, list)):
        return json.dumps(body, separators=(",", ":")).encode()
    return str(body or "").encode()


def list_document(kind: type, objects: list[Any], resource_version: str) -> dict[str, Any]:
    """A ``<Kind>List`` of objects at the store's resourceVersion."""
    return {
        "kind": f"{kind.KIND}List",
        "apiVersion": kind.API_VERSION,
        "metadata": {"resourceVersion": resource_version},
        "items": [o.to_dict() for o in objects],
    }


def get_document(api: APIServer, target: str, server_address: str) -> Document:
    """The answer to ``GET target`` (a path, perhaps with a query, which is not read) without a Table or
    aggregated discovery asked for; ``server_address`` is the ``host:port`` the client reached. Raises
    the server's ApiError (NotFound) for what is not there."""
    path = urlsplit(target).path
    parts = [p for p in path.split("/") if p]
    if parts == ["version"]:
        return Document(server_version())
    if len(parts) == 1 and parts[0] in HEALTH_CHECKS:
        return Document("ok", "text/plain")
    api_path = parse_path(path)
    if api_path is None:
        raise not_found_path()
    if api_path.discovery:
        if api_path.group_only:
            document = discovery.api_group(api_path.group)
        elif api_path.version:
            document = discovery.api_resource_list(api_path.group, api_path.version)
        elif api_path.prefix == "api":
            document = discovery.api_versions(server_address)
        else:
            document = discovery.api_group_list()
        if document is None:
            raise not_found_path()
        return Document(document)
    kind = kind_for_resource(api_path.group, api_path.version, api_path.resource)
    if kind is None or (api_path.namespace and not kind.NAMESPACED) or api_path.subresource not in ("", "status"):
        raise not_found_path()
    namespace = api_path.namespace if kind.NAMESPACED else ""
    if api_path.name:
        return Document(api.get(kind, namespace, api_path.name).to_dict())
    objects = api.list(kind, namespace or None)
    return Document(list_document(kind, objects, str(api.store.resource_version)))
