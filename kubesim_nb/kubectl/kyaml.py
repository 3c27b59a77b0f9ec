"""``-o kyaml``: KYAML, the explicit flow-style YAML dialect of sigs.k8s.io/yaml ``kyaml/kyaml.go`` (``Encoder``).

Mappings are ``{`` one ``key: value,`` a line ``}``, keys quoted only when
they must be, every string value double-quoted, a list of mappings or lists
"cuddled" as ``[{ ... }, { ... }]`` and any other list one item a line. A
multi-line string is folded over several lines with ``\\n\\`` at each break.
Objects arrive as JSON values (kubectl marshals the object to JSON first).
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["to_kyaml"]

_INDENT = "  "
_FOLD = "\\\n"  # YAML line folding inside a double-quoted string
# scalars YAML could read as something other than a string (isTypeAmbiguous)
_AMBIGUOUS_WORDS = {"null", "~", "", "true", "y", "yes", "on", "false", "n", "no", "off"}
_AMBIGUOUS_WORDS |= {".inf", "-.inf", "+.inf", ".nan"}
_GO_BOOLS = {"1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"}
_SEXAGESIMAL = re.compile(r"^[+-]?[1-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$")
_INT = re.compile(r"^[+-]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]*|0[bB][01]+|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[+-]?((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|inf(inity)?|nan)$", re.IGNORECASE)
_TIMESTAMP = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}([Tt ]\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?)?$")


def _type_ambiguous(text: str) -> bool:
    if (len(text) <= 5 and text.lower() in _AMBIGUOUS_WORDS) or text in _GO_BOOLS:
        return True
    bare = text.replace("_", "")
    return bool(_INT.match(bare) or _FLOAT.match(bare) or _SEXAGESIMAL.match(text) or _TIMESTAMP.match(text))


def _needs_quotes(text: str) -> bool:
    if not text or _type_ambiguous(text):
        return True
    for i, char in enumerate(text):
        if char.isalpha() or char.isdigit() or char == "_":
            continue
        if 0 < i < len(text) - 1 and char in "-./":
            continue
        return True
    return False


_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\r": "\\r", "\v": "\\v", "\x00": "\\0", "\x1b": "\\e"}
_ESCAPES.update({"\x85": "\\N", "\xa0": "\\_", "\u2028": "\\L", "\u2029": "\\P"})


def _escaped(char: str, compact: bool) -> str:
    if char == "\n":
        return "\\n" if compact else "\\n" + _FOLD
    if char == "\t":
        return "\\t" if compact else "\t"
    if char in '"\\':
        return "\\" + char
    if char in _ESCAPES:
        return _ESCAPES[char]
    if char.isprintable():
        return char
    code = ord(char)
    if code < 0x20 or code == 0x7F:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _string(value: str, indent: int, lazy: bool = False, compact: bool = False) -> str:
    """renderString: bare when ``lazy`` allows it, else double-quoted, a multi-line value folded."""
    multi = "\n" in value
    if not multi and lazy and not _needs_quotes(value):
        return value
    buf = ['"']
    if multi and not compact:
        buf.append(_FOLD)
    for char in value:
        if buf[-1].endswith("\n"):
            buf.append(_INDENT * indent + ("\\" if char.isspace() and char != "\n" else " "))
        buf.append(_escaped(char, compact))
    if multi and not compact:
        if not buf[-1].endswith("\n"):
            buf.append(_FOLD)
        buf.append(_INDENT * indent)
    buf.append('"')
    return "".join(buf)


def _scalar(value: Any, indent: int) -> str:
    if isinstance(value, str):
        return _string(value, indent + 1)
    return json.dumps(value)  # numbers, booleans and null as JSON wrote them


def _node(value: Any, indent: int, keep_order: bool) -> str:
    if isinstance(value, dict):
        if not value:
            return "{}"
        lines = ["{\n"]
        for key in value if keep_order else sorted(value):
            lines.append(f"{_INDENT * (indent + 1)}{_string(key, indent + 1, lazy=True, compact=True)}: ")
            lines.append(_node(value[key], indent + 1, keep_order) + ",\n")
        return "".join(lines) + _INDENT * indent + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        if all(isinstance(item, (dict, list)) for item in value):  # cuddled
            return "[" + ", ".join(_node(item, indent, keep_order) for item in value) + "]"
        lines = ["[\n" + _INDENT * indent]
        for item in value:
            lines.append(_INDENT + _node(item, indent + 1, keep_order) + ",\n" + _INDENT * indent)
        return "".join(lines) + "]"
    return _scalar(value, indent)


def to_kyaml(data: Any, *, keep_order: bool = False) -> str:
    """One KYAML document: ``---``, the value, a final newline; keys sorted, as in a map read from a
    server, unless ``keep_order`` (a typed object kubectl built, in its Go field order)."""
    return "---\n" + _node(data, 0, keep_order) + "\n"
