"""``metav1.Status``: how the HTTP front door answers an error.

This module owns the Status body of an :class:`~kubesim_nb.errors.ApiError` (apimachinery's
``staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go``: ``NewNotFound``, ``NewAlreadyExists``,
``NewInvalid`` with ``details.causes``, ``NewConflict``, ``NewBadRequest``...) and the errors only the
HTTP layer raises (unknown paths, methods, media types, bodies too large, expired watches). kubectl
rebuilds an Invalid error's text from ``details.kind``, ``details.name`` and the causes
(``k8s.io/kubectl/pkg/cmd/util/helpers.go``), so those must be exact.
"""

from __future__ import annotations

from typing import Any

from ..apiserver.documents import not_found_path  # the server's 404 for a path, kept with its documents
from ..errors import ApiError

__all__ = [
    "CAUSE_REASONS",
    "MAX_BODY_BYTES",
    "expired",
    "method_not_allowed",
    "not_found_path",
    "status_body",
    "success",
    "too_large",
    "unsupported_media_type",
]

MAX_BODY_BYTES = 3 * 1024 * 1024  # kube-apiserver's limit on a request body (MaxRequestBodyBytes)

# field.ErrorType -> metav1.CauseType
CAUSE_REASONS = {
    "Required": "FieldValueRequired",
    "Invalid": "FieldValueInvalid",
    "Duplicate": "FieldValueDuplicate",
    "NotSupported": "FieldValueNotSupported",
    "Forbidden": "FieldValueForbidden",
    "TooLong": "FieldValueTooLong",
    "TooMany": "FieldValueTooMany",
    "NotFound": "FieldValueNotFound",
    "Internal": "InternalError",
}


def status_body(err: ApiError, *, resource: str = "", group: str = "") -> dict[str, Any]:
    """The Status of ``err``; ``resource`` and ``group`` name what the request was about (``details``)."""
    details: dict[str, Any] = {}
    if err.name:
        details["name"] = err.name
    if group:
        details["group"] = group
    if err.reason == "Invalid":
        details["kind"] = err.kind.split(".")[0]
        details["causes"] = [
            {
                "reason": CAUSE_REASONS.get(cause.type, "FieldValueInvalid"),
                "message": cause.body(),
                "field": cause.field,
            }
            for cause in err.causes
        ]
    elif resource and err.reason in ("NotFound", "AlreadyExists", "Conflict"):
        details["kind"] = resource
    body: dict[str, Any] = {
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": err.message,
        "reason": err.reason,
    }
    if details:
        body["details"] = details
    body["code"] = err.code
    return body


def success(kind: str, name: str, group: str, uid: str) -> dict[str, Any]:
    """The Status a delete of a kind without a returned object answers."""
    details = {"name": name, "group": group, "kind": kind, "uid": uid}
    return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "details": details}


def method_not_allowed(method: str) -> ApiError:
    return ApiError(
        "MethodNotAllowed", f"the server does not allow this method on the requested resource ({method})", code=405
    )


def unsupported_media_type(content_type: str, accepted: list[str]) -> ApiError:
    return ApiError(
        "UnsupportedMediaType",
        f"the body of the request was in an unknown format - accepted media types include: {', '.join(accepted)}",
        code=415,
    )


def too_large() -> ApiError:
    return ApiError("RequestEntityTooLarge", f"Request entity too large: limit is {MAX_BODY_BYTES}", code=413)


def expired(requested: int, oldest: int) -> ApiError:
    """A watch from a resourceVersion older than the server's history (``410 Gone``, reason Expired)."""
    return ApiError("Expired", f"too old resource version: {requested} ({oldest})", code=410)
