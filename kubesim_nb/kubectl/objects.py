"""From a manifest document to a typed object, with kubectl's and the server's errors.

kubectl checks apiVersion/kind and finds the resource mapping (client-side
``error: ...`` messages); decoding the body strictly is the server's job
(``Error from server (BadRequest): ... strict decoding error: unknown field``).
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..api.codec import DecodeError
from ..api.kinds import kind_for
from ..errors import ApiError, UsageError
from .manifests import Document
from .output import compact_json

__all__ = ["LAST_APPLIED", "decode_document", "last_applied_json", "mapping_for", "metadata_string", "validation_mode"]

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
MAX_OBJECT_BYTES = 3 * 1024 * 1024  # kube-apiserver's request body limit


VALIDATE_MODES = {"strict": "strict", "true": "strict", "warn": "warn", "ignore": "ignore", "false": "ignore"}


def validation_mode(value: str | None) -> str:
    """``--validate`` as kubectl reads it: strict (or true), warn, ignore (or false)."""
    mode = VALIDATE_MODES.get(str(value if value is not None else "strict").lower())
    if mode is None:
        raise UsageError(
            f'invalid - validate option "{value}"; must be one of: strict (or true), warn, ignore (or false)'
        )
    return mode


def metadata_string(data: Any, field: str) -> str:
    """``metadata.<field>`` as kubectl's unstructured accessors read it: anything but a string is ``""``."""
    metadata = data.get("metadata") if isinstance(data, dict) else None
    value = metadata.get(field) if isinstance(metadata, dict) else None
    return value if isinstance(value, str) else ""


def mapping_for(doc: Document, validate: str = "strict") -> type:
    """The kind of a document, or kubectl's client-side error.

    With validation on, kubectl's schema check (``getObjectKind``) runs first;
    with ``--validate=false`` only the decoder's own checks remain.
    """
    data = doc.data
    if validate != "ignore":
        missing = [f for f in ("apiVersion", "kind") if not isinstance(data, dict) or data.get(f) is None]
        if not isinstance(data, dict):
            detail = "invalid object to validate"
        elif missing:
            detail = f"{missing[0]} not set" if len(missing) == 1 else "[apiVersion not set, kind not set]"
        if not isinstance(data, dict) or missing:
            raise UsageError(
                f'error validating "{doc.source}": error validating data: {detail}; '
                "if you choose to ignore these errors, turn validation off with --validate=false"
            )
    if not isinstance(data, dict):
        raise UsageError(
            f'unable to decode "{doc.source}": json: cannot unmarshal {_json_kind(data)} '
            "into Go value of type map[string]interface {}"
        )
    if not data.get("kind"):
        raise UsageError(
            f"unable to decode \"{doc.source}\": Object 'Kind' is missing in "
            f"'{json.dumps(data, sort_keys=True, separators=(',', ':'))}'"
        )
    if not data.get("apiVersion"):
        data = {**data, "apiVersion": ""}
    api_version, kind_name = data["apiVersion"], data["kind"]
    if not isinstance(api_version, str) or not isinstance(kind_name, str):
        raise UsageError(
            f"unable to decode \"{doc.source}\": Object 'Kind' is missing in '{json.dumps(data, sort_keys=True)[:200]}'"
        )
    kind = kind_for(api_version, kind_name)
    if kind is None:
        metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
        raise UsageError(
            f'resource mapping not found for name: "{metadata.get("name", "")}" '
            f'namespace: "{metadata.get("namespace", "")}" '
            f'from "{doc.source}": no matches for kind "{kind_name}" in version "{api_version}"\n'
            "ensure CRDs are installed first"
        )
    return kind


def _json_kind(value: Any) -> str:
    return {list: "array", str: "string", int: "number", float: "number", bool: "bool"}.get(type(value), "value")


def decode_document(kind: type, data: dict, validate: str = "strict", warn=None, patch: bool = False) -> Any:
    """The server's decode of a request body.

    ``patch``: the body is the result of applying a patch (no "cannot be handled" prefix).
    ``validate`` is the field-validation directive kubectl sends: ``strict``
    rejects unknown fields, ``warn`` drops them with one ``unknown field``
    warning each (``warn`` is called with the text), ``ignore`` drops them
    silently. A value of the wrong type is always an error.
    """
    if len(json.dumps(data, default=str)) > MAX_OBJECT_BYTES:
        raise ApiError("RequestEntityTooLarge", f"Request entity too large: limit is {MAX_OBJECT_BYTES}", code=413)
    # kubectl sends JSON marshalled from a map, so keys arrive sorted and the server's
    # strict decoder reports unknown fields (and the first type error) in that order
    body = json.loads(
        json.dumps({k: v for k, v in data.items() if k not in ("apiVersion", "kind")}, sort_keys=True, default=str)
    )
    try:
        return kind.from_dict(body)
    except DecodeError as err:
        what = f'{kind.KIND} in version "{kind.API_VERSION.split("/")[-1]}" cannot be handled as a {kind.KIND}'
        if err.mismatched:
            raise ApiError.bad_request(f"{what}: {err.mismatched[0]}") from None
        if validate == "strict":
            fields = ", ".join(f'unknown field "{f}"' for f in err.unknown)
            # a PATCH is decoded from the patched map (apiserver patch.go): the bare strict decoding error
            raise ApiError.bad_request(
                f"strict decoding error: {fields}" if patch else f"{what}: strict decoding error: {fields}"
            ) from None
        unknown = err.unknown
    if warn is not None and validate == "warn":
        for path in unknown:
            warn(f'Warning: unknown field "{path}"')
    return kind.from_dict(_without_paths(body, unknown))


_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _without_paths(body: dict, paths: list[str]) -> dict:
    """``body`` minus the fields at the decoder's paths (``spec.ports[0].targetport``)."""
    body = json.loads(json.dumps(body))
    for path in paths:
        steps = [int(i) if i else key for key, i in _STEP.findall(path)]
        node: Any = body
        for step in steps[:-1]:
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                node = None
                break
        if isinstance(node, dict):
            node.pop(steps[-1], None)
    return body


def last_applied_json(data: dict) -> str:
    """The last-applied annotation ``apply`` and ``create --save-config`` write (``pkg/util/apply.go
    GetModifiedConfiguration``): the object as the JSON encoder writes an unstructured map (compact, keys
    sorted, a final newline) with its annotations minus this one, which leaves ``"annotations":{}`` when
    there are no others."""
    clean = json.loads(json.dumps(data))
    metadata = clean.get("metadata")
    if isinstance(metadata, dict) and isinstance(metadata.get("annotations") or {}, dict):
        annotations = dict(metadata.get("annotations") or {})
        annotations.pop(LAST_APPLIED, None)
        metadata["annotations"] = annotations
    return compact_json(clean) + "\n"
