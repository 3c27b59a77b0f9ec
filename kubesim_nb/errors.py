"""The one exception hierarchy of kubesim-nb.

Every error carries the text kubectl would print, so front doors never format
errors themselves: they print ``err.kubectl_message()`` and exit with
``err.exit_code``.

- ``KubeSimError``: base class.
- ``ApiError``: what the simulated API server answers (a ``metav1.Status``):
  NotFound, AlreadyExists, Invalid (with field causes), BadRequest, Conflict,
  InternalError.
- ``UsageError``: kubectl's client-side errors (``error: ...``).
- ``StateFileError``: the ``kubesim`` state file is corrupt, incompatible or locked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:  # pragma: no cover
    from .api.field import FieldError

__all__ = ["ApiError", "KubeSimError", "StateFileError", "UsageError"]


class KubeSimError(Exception):
    """Base class: ``message`` is the complete text kubectl prints (without newline)."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def kubectl_message(self, source: str | None = None, operation: str = "creating") -> str:
        return self.message


class UsageError(KubeSimError):
    """A client-side kubectl error: printed as ``error: <message>``."""

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        self.hint = hint

    def kubectl_message(self, source: str | None = None, operation: str = "creating") -> str:
        text = f"error: {self.message}"
        if self.hint:
            text += "\n" + self.hint
        return text


class StateFileError(KubeSimError):
    """The persistent cluster state used by the ``kubesim`` CLI cannot be used."""

    def kubectl_message(self, source: str | None = None, operation: str = "creating") -> str:
        return f"error: {self.message}"


class ApiError(KubeSimError):
    """An error answered by the simulated API server (a ``metav1.Status``).

    ``message`` is the server's own message (``services "x" not found``,
    ``Service "x" is invalid: [...]``); :meth:`kubectl_message` renders it the
    way kubectl's ``checkErr`` does.
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

    # -- kubectl rendering ---------------------------------------------------
    def kubectl_message(self, source: str | None = None, operation: str = "creating") -> str:
        if self.reason == "Invalid" and self.causes:
            short_kind = self.kind.split(".")[0]
            if len(self.causes) == 1:
                return f'The {short_kind} "{self.name}" is invalid: {self.causes[0].render()}'
            lines = [f'The {short_kind} "{self.name}" is invalid: ']
            lines += [f"* {cause.render()}" for cause in self.causes]
            return "\n".join(lines)
        return self.aggregate_line(source, operation)

    def aggregate_line(self, source: str | None = None, operation: str = "creating") -> str:
        """The ``Error from server (<Reason>): ...`` form (also used inside aggregates)."""
        message = self.message
        if source:
            message = f'error when {operation} "{source}": {message}'
        return f"Error from server ({self.reason}): {message}"
