"""The one exception hierarchy of kubesim-nb: the domain's errors, not their presentation.

An error holds what went wrong (``message`` is Go's ``err.Error()``; an
``ApiError`` holds the ``metav1.Status`` fields); how a front door prints it
(``error: ...``, ``Error from server (NotFound): ...``, ``The Service "x" is
invalid: ...``) is decided by kubectl's renderer, :mod:`kubesim_nb.kubectl.errors`.

- ``KubeSimError``: base class; ``exit_code`` is the process exit status it causes.
- ``ApiError``: what the simulated API server answers (a ``metav1.Status``):
  NotFound, AlreadyExists, Invalid (with field causes), BadRequest, Conflict,
  InternalError.
- ``UsageError``: kubectl's client-side errors, with an optional hint line
  (``See 'kubectl get -h' for help and examples``).
- ``StateFileError``: the ``kubesim`` state file is corrupt, incompatible or locked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:  # pragma: no cover
    from .api.field import FieldError

__all__ = ["INTERNAL_PROBLEM", "ApiError", "KubeSimError", "StateFileError", "UsageError"]

# how every front end words a bug of the simulator itself (never a traceback); tests look for this phrase
INTERNAL_PROBLEM = "the simulator hit an internal problem"


class KubeSimError(Exception):
    """Base class: ``message`` is the error's text (without newline)."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class UsageError(KubeSimError):
    """A client-side kubectl error; ``hint`` is the line kubectl prints under it, if any."""

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        self.hint = hint


class StateFileError(KubeSimError):
    """The persistent cluster state used by the ``kubesim`` CLI cannot be used."""


class ApiError(KubeSimError):
    """An error answered by the simulated API server (a ``metav1.Status``).

    ``message`` is the server's own message (``services "x" not found``,
    ``Service "x" is invalid: [...]``); ``kind``, ``name`` and ``causes`` are
    the Status details (an Invalid error's field errors).
    """

    def __init__(
        self,
        reason: str,
        message: str,
        *,
        code: int,
        kind: str = "",
        name: str = "",
        causes: Sequence["FieldError"] = (),
    ):
        super().__init__(message)
        self.reason = reason
        self.code = code
        self.kind = kind
        self.name = name
        self.causes = list(causes)

    # -- constructors mirroring apimachinery's pkg/api/errors ----------------
    @classmethod
    def not_found(cls, resource: str, name: str) -> "ApiError":
        return cls("NotFound", f'{resource} "{name}" not found', code=404, name=name)

    @classmethod
    def already_exists(cls, resource: str, name: str) -> "ApiError":
        return cls("AlreadyExists", f'{resource} "{name}" already exists', code=409, name=name)

    @classmethod
    def bad_request(cls, message: str) -> "ApiError":
        return cls("BadRequest", message, code=400)

    @classmethod
    def internal(cls, message: str) -> "ApiError":
        return cls("InternalError", f"Internal error occurred: {message}", code=500)

    @classmethod
    def conflict(cls, message: str) -> "ApiError":
        return cls("Conflict", message, code=409)

    @classmethod
    def invalid(cls, kind: str, name: str, causes: Sequence["FieldError"]) -> "ApiError":
        """``NewInvalid``: duplicates removed, one cause bare, several in brackets."""
        unique: list = []
        seen: set[str] = set()
        for cause in causes:
            text = cause.render()
            if text not in seen:
                seen.add(text)
                unique.append(cause)
        rendered = [c.render() for c in unique]
        body = rendered[0] if len(rendered) == 1 else "[" + ", ".join(rendered) + "]"
        return cls("Invalid", f'{kind} "{name}" is invalid: {body}', code=422, kind=kind, name=name, causes=unique)
