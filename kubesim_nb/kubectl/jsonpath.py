"""A small JSONPath for ``-o jsonpath=...``, following k8s.io/client-go/util/jsonpath.

Supports text and ``{...}`` actions; ``.field``, ``['field']``, ``[n]``,
``[*]``, ``[start:end]``, ``..field``, filters ``[?(@.a.b=="x")]`` (``==``,
``!=``, ``<``, ``>``, ``<=``, ``>=`` and bare existence), ``{range ...}{end}``,
string literals ``{"\\n"}`` and ``{@}``. Missing keys print nothing, as kubectl
get allows (``allowMissingKeys``). Non-scalar results print as JSON.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = [
    "JsonPathError",
    "JsonPathExecError",
    "evaluate_jsonpath",
    "parse_jsonpath",
    "relaxed_expression",
    "render_jsonpath",
]

_MISSING = object()
# get/customcolumn.go jsonRegexp: {.a.b}, {a.b}, .a.b or a.b
_RELAXED = re.compile(r"^\{\.?([^{}]+)\}$|^\.?([^{}]+)$")


class JsonPathError(Exception):
    """The template does not parse (kubectl: ``error parsing jsonpath <t>, <err>``)."""


class JsonPathExecError(JsonPathError):
    """The template parsed but failed on the data (kubectl: ``error executing jsonpath ...``)."""


def _split_actions(template: str) -> list[tuple[str, str]]:
    """[('text', ...), ('action', ...)] from a template."""
    parts, i = [], 0
    while i < len(template):
        start = template.find("{", i)
        if start < 0:
            parts.append(("text", template[i:]))
            break
        if start > i:
            parts.append(("text", template[i:start]))
        depth, j, quote = 0, start, None
        while j < len(template):
            ch = template[j]
            if quote:
                if ch == "\\":
                    j += 1
                elif ch == quote:
                    quote = None
            elif ch in "\"'":
                quote = ch
            elif ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        if j >= len(template):
            raise JsonPathError("unclosed action")
        parts.append(("action", template[start + 1 : j].strip()))
        i = j + 1
    return parts


_TOKEN = re.compile(
    r"""\.\.(?P<deep>[A-Za-z0-9_\-]+|\*)|\.(?P<field>[A-Za-z0-9_\-/]+|\*)|\[(?P<bracket>(?:[^\[\]"']|"[^"]*"|'[^']*')*)\]"""
)


def _steps(path: str) -> list[tuple[str, str]]:
    if path in ("@", "$", ""):
        return []
    if path.startswith(("@", "$")):
        path = path[1:]
    steps, pos = [], 0
    while pos < len(path):
        match = _TOKEN.match(path, pos)
        if match is None:
            raise JsonPathError(f"unrecognized identifier {path[pos:]}")
        for kind in ("deep", "field", "bracket"):
            if match.group(kind) is not None:
                steps.append((kind, match.group(kind)))
        pos = match.end()
    return steps


def _apply(step: tuple[str, str], values: list[Any]) -> list[Any]:
    kind, arg = step
    out: list[Any] = []
    for value in values:
        if kind == "field":
            if arg == "*":
                out.extend(value.values() if isinstance(value, dict) else value if isinstance(value, list) else [])
            elif isinstance(value, dict) and arg in value:
                out.append(value[arg])
        elif kind == "deep":
            out.extend(_descend(value, arg))
        else:
            out.extend(_bracket(arg.strip(), value))
    return out


def _descend(value: Any, name: str) -> list[Any]:
    found = []
    if isinstance(value, dict):
        if name in value:
            found.append(value[name])
        for child in value.values():
            found.extend(_descend(child, name))
    elif isinstance(value, list):
        for child in value:
            found.extend(_descend(child, name))
    return found


def _bracket(arg: str, value: Any) -> list[Any]:
    if arg.startswith("?"):
        return _filter(arg[1:].strip(), value)
    if arg[:1] in "\"'":
        key = arg[1:-1]
        return [value[key]] if isinstance(value, dict) and key in value else []
    if arg == "*":
        return list(value.values()) if isinstance(value, dict) else list(value) if isinstance(value, list) else []
    if not isinstance(value, list):
        return []
    if ":" in arg:
        parts = [int(p) if p.strip() else None for p in arg.split(":")[:2]]
        return value[parts[0] : parts[1]]
    try:
        index = int(arg)
    except ValueError:
        raise JsonPathError(f"invalid array index {arg}") from None
    if -len(value) <= index < len(value):
        return [value[index]]
    raise JsonPathExecError(f"array index out of bounds: index {index}, length {len(value)}")


_FILTER = re.compile(r"^\(\s*(?P<left>@[^=!<>]*?)\s*(?:(?P<op>==|!=|<=|>=|<|>)\s*(?P<right>.+?))?\s*\)$")


def _literal(text: str) -> Any:
    text = text.strip()
    if text[:1] in "\"'":
        return text[1:-1]
    try:
        return json.loads(text)
    except ValueError:
        return text


def _filter(expr: str, value: Any) -> list[Any]:
    match = _FILTER.match(expr)
    if match is None:
        raise JsonPathError(f"unrecognized filter {expr}")
    items = value if isinstance(value, list) else list(value.values()) if isinstance(value, dict) else []
    kept = []
    for item in items:
        found = _evaluate(_steps(match.group("left")), item)
        if match.group("op") is None:
            if found:
                kept.append(item)
            continue
        right = _literal(match.group("right"))
        for candidate in found:
            if _compare(candidate, match.group("op"), right):
                kept.append(item)
                break
    return kept


def _compare(left: Any, op: str, right: Any) -> bool:
    if op == "==":
        return left == right or str(left) == str(right)
    if op == "!=":
        return not (left == right or str(left) == str(right))
    try:
        return {"<": left < right, ">": left > right, "<=": left <= right, ">=": left >= right}[op]
    except TypeError:
        return False


def _evaluate(steps: list[tuple[str, str]], root: Any) -> list[Any]:
    values = [root]
    for step in steps:
        values = _apply(step, values)
    return values


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"  # client-go's evalToText (a JSON null, as the real kubectl prints it)
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


def _as_json(values: list[Any]) -> str:
    """``-o jsonpath-as-json``: each action's results as one indented JSON array (client-go PrintResults)."""
    return json.dumps(values, indent=4, sort_keys=True, ensure_ascii=False) + "\n"


def _render(parts: list[tuple[str, str]], data: Any, as_json: bool = False) -> str:
    out, i = [], 0
    while i < len(parts):
        kind, body = parts[i]
        if kind == "text":
            out.append(_as_json([body]) if as_json else body)
        elif body.startswith("range "):
            depth, j = 1, i + 1
            while j < len(parts) and depth:
                if parts[j][0] == "action" and parts[j][1].startswith("range "):
                    depth += 1
                elif parts[j] == ("action", "end"):
                    depth -= 1
                j += 1
            if depth:
                raise JsonPathError("not in range, nothing to end")
            for item in _evaluate(_steps(body[6:].strip()), data):
                out.append(_render(parts[i + 1 : j - 1], item, as_json))
            i = j
            continue
        elif body == "end":
            raise JsonPathError("not in range, nothing to end")
        elif body[:1] in "\"'":
            literal = json.loads(body) if body[0] == '"' else body[1:-1]
            out.append(_as_json([literal]) if as_json else literal)
        else:
            values = _evaluate(_steps(body), data)
            out.append(_as_json(values) if as_json else " ".join(_text(v) for v in values))
        i += 1
    return "".join(out)


def _strip(template: str) -> str:
    template = template.strip()
    if len(template) >= 2 and template[0] == template[-1] and template[0] in "'\"":
        template = template[1:-1]
    return template


def parse_jsonpath(template: str) -> list[tuple[str, str]]:
    """Parse the whole template first, as client-go does, so syntax errors never depend on the data."""
    parts = _split_actions(_strip(template))
    depth = 0
    for kind, body in parts:
        if kind != "action" or body[:1] in "\"'":
            continue
        if body.startswith("range "):
            depth += 1
            path = body[6:].strip()
        elif body == "end":
            if depth == 0:
                raise JsonPathError("not in range, nothing to end")
            depth -= 1
            continue
        else:
            path = body
        for step_kind, arg in _steps(path):
            if (
                step_kind == "bracket"
                and arg.strip().startswith("?")
                and _FILTER.match(arg.strip()[1:].strip()) is None
            ):
                raise JsonPathError(f"unrecognized filter {arg.strip()[1:].strip()}")
    if depth:
        raise JsonPathError("unclosed action")
    return parts


def render_jsonpath(template: str, data: Any, as_json: bool = False) -> str:
    """Text outside ``{...}`` is printed as is: ``-o jsonpath=.metadata.name`` prints that text,
    exactly as kubectl does (only ``--sort-by`` and custom columns add the braces); ``as_json`` for
    ``-o jsonpath-as-json``."""
    return _render(parse_jsonpath(template), data, as_json)


def evaluate_jsonpath(template: str, data: Any) -> list[Any]:
    """The values the first action of ``template`` selects (``--sort-by``)."""
    for kind, body in parse_jsonpath(template):
        if kind == "action" and body[:1] not in "\"'" and not body.startswith("range ") and body != "end":
            return _evaluate(_steps(body), data)
    return []


def relaxed_expression(text: str) -> str:
    """get/customcolumn.go ``RelaxedJSONPathExpression``: ``a.b``, ``.a.b``, ``{a.b}`` all mean ``{.a.b}``."""
    if not text:
        return text
    match = _RELAXED.match(text)
    if match is None:
        raise JsonPathError(
            "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'"
        )
    return "{." + (match.group(1) or match.group(2)) + "}"
