"""Field errors, as apimachinery's ``pkg/util/validation/field`` renders them.

A validation function returns a list of :class:`FieldError`; the API server
turns a non-empty list into ``ApiError.invalid``. Values are rendered the
v1.34 way: numbers and booleans bare, strings Go-quoted, everything else JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

__all__ = ["FieldError", "Path", "RawValue", "render_value"]


class RawValue(str):
    """A value whose rendering is given verbatim (e.g. a Go struct dump)."""


def _go_quote(text: str) -> str:
    # Go's %q: JSON string quoting is identical for printable ASCII, and
    # json.dumps escapes the rest in a way close enough for messages.
    return json.dumps(text, ensure_ascii=False)


def render_value(value: Any) -> str:
    if isinstance(value, RawValue):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return _go_quote(value)
    if value is None:
        return "null"
    return json.dumps(value, separators=(",", ":"), sort_keys=isinstance(value, dict), ensure_ascii=False)


@dataclass(frozen=True)
class FieldError:
    """One cause of an Invalid error: ``<field>: <body>``."""

    type: str  # Required | Invalid | Duplicate | NotSupported | Forbidden | TooLong | TooMany | NotFound | Internal
    field: str
    value: Any = None
    detail: str = ""
    supported: tuple[str, ...] = field(default_factory=tuple)

    def body(self) -> str:
        t = self.type
        if t == "Required":
            return "Required value" + (f": {self.detail}" if self.detail else "")
        if t == "Invalid":
            text = f"Invalid value: {render_value(self.value)}"
            return text + (f": {self.detail}" if self.detail else "")
        if t == "Duplicate":
            return f"Duplicate value: {render_value(self.value)}"
        if t == "NotSupported":
            text = f"Unsupported value: {render_value(self.value)}"
            if self.supported:
                text += ": supported values: " + ", ".join(f'"{s}"' for s in self.supported)
            return text
        if t == "Forbidden":
            return "Forbidden" + (f": {self.detail}" if self.detail else "")
        if t == "TooLong":
            return f"Too long: {self.detail}"
        if t == "TooMany":
            return f"Too many: {render_value(self.value)}: {self.detail}"
        if t == "NotFound":
            return f"Not found: {render_value(self.value)}"
        return f"Internal error: {self.detail}"

    def render(self) -> str:
        return f"{self.field}: {self.body()}" if self.field else self.body()

    # constructors named like apimachinery's
    @staticmethod
    def required(path: "str | Path", detail: str = "") -> "FieldError":
        return FieldError("Required", str(path), None, detail)

    @staticmethod
    def invalid(path: "str | Path", value: Any, detail: str) -> "FieldError":
        return FieldError("Invalid", str(path), value, detail)

    @staticmethod
    def duplicate(path: "str | Path", value: Any) -> "FieldError":
        return FieldError("Duplicate", str(path), value)

    @staticmethod
    def not_supported(path: "str | Path", value: Any, supported: "list[str] | tuple[str, ...]") -> "FieldError":
        return FieldError("NotSupported", str(path), value, "", tuple(supported))

    @staticmethod
    def forbidden(path: "str | Path", detail: str) -> "FieldError":
        return FieldError("Forbidden", str(path), None, detail)


class Path(str):
    """A field path: ``Path("spec").child("ports").index(0).child("port")``."""

    def child(self, name: str) -> "Path":
        return Path(f"{self}.{name}" if self else name)

    def index(self, i: int) -> "Path":
        return Path(f"{self}[{i}]")

    def key(self, k: str) -> "Path":
        return Path(f"{self}[{k}]")
