"""From a manifest document to a typed object, with kubectl's and the server's errors.

kubectl checks apiVersion/kind and finds the resource mapping (client-side
``error: ...`` messages); decoding the body strictly is the server's job
(``Error from server (BadRequest): ... strict decoding error: unknown field``).
"""

from __future__ import annotations

import json
from typing import Any

from ..api.codec import DecodeError
from ..api.kinds import kind_for, kinds_named
from ..errors import ApiError, UsageError
from .manifests import Document

__all__ = ["LAST_APPLIED", "decode_document", "mapping_for", "last_applied_json"]

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
MAX_OBJECT_BYTES = 3 * 1024 * 1024  # kube-apiserver's request body limit


def mapping_for(doc: Document) -> type:
    """The kind of a document, or kubectl's client-side error."""
    data = doc.data
    if not isinstance(data, dict):
        raise UsageError(f'unable to decode "{doc.source}": json: cannot unmarshal {_json_kind(data)} into Go value of type map[string]interface {{}}')
    missing = [f for f in ("apiVersion", "kind") if not data.get(f)]
    if missing:
        detail = f"{missing[0]} not set" if len(missing) == 1 else "[apiVersion not set, kind not set]"
        raise UsageError(f'error validating "{doc.source}": error validating data: {detail}; if you choose to ignore these errors, '
                         "turn validation off with --validate=false")
    api_version, kind_name = data["apiVersion"], data["kind"]
    if not isinstance(api_version, str) or not isinstance(kind_name, str):
        raise UsageError(f'unable to decode "{doc.source}": Object \'Kind\' is missing in \'{json.dumps(data, sort_keys=True)[:200]}\'')
    kind = kind_for(api_version, kind_name)
    if kind is None:
        metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
        raise UsageError(f'resource mapping not found for name: "{metadata.get("name", "")}" namespace: "{metadata.get("namespace", "")}" '
                         f'from "{doc.source}": no matches for kind "{kind_name}" in version "{api_version}"\n'
                         "ensure CRDs are installed first")
    return kind


def _json_kind(value: Any) -> str:
    return {list: "array", str: "string", int: "number", float: "number", bool: "bool"}.get(type(value), "value")


def decode_document(kind: type, data: dict) -> Any:
    """The server's strict decode of a request body."""
    body = {k: v for k, v in data.items() if k not in ("apiVersion", "kind")}
    if len(json.dumps(data, default=str)) > MAX_OBJECT_BYTES:
        raise ApiError("RequestEntityTooLarge", f"Request entity too large: limit is {MAX_OBJECT_BYTES}", code=413)
    try:
        return kind.from_dict(body)
    except DecodeError as err:
        what = f'{kind.KIND} in version "{kind.API_VERSION.split("/")[-1]}" cannot be handled as a {kind.KIND}'
        if err.mismatched:
            raise ApiError.bad_request(f"{what}: {err.mismatched[0]}") from None
        fields = ", ".join(f'unknown field "{f}"' for f in err.unknown)
        raise ApiError.bad_request(f"{what}: strict decoding error: {fields}") from None


def last_applied_json(data: dict) -> str:
    """The annotation kubectl stores: the manifest as compact JSON (minus the annotation itself)."""
    clean = json.loads(json.dumps(data))
    annotations = clean.get("metadata", {}).get("annotations")
    if isinstance(annotations, dict):
        annotations.pop(LAST_APPLIED, None)
        if not annotations:
            del clean["metadata"]["annotations"]
    return json.dumps(clean, separators=(",", ":"), sort_keys=True) + "\n"
