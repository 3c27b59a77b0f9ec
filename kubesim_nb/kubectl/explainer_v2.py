"""``kubectl explain --output=plaintext-openapiv2``: the older explain, printed from the OpenAPI v2 document.

Mirrors ``k8s.io/kubectl/pkg/explain`` (``explain.go`` ``PrintModelDescription``, ``field_lookup.go``,
``model_printer.go``, ``fields_printer.go``, ``recursive_fields_printer.go``, ``typename.go``, ``formatter.go``)
over the models ``k8s.io/kube-openapi/pkg/util/proto`` (``document.go`` ``ParseSchema``) makes of the document's
definitions: a Kind has fields, a Map and an Array have a sub-type, a Reference names another model, a
Primitive has a type, and an Arbitrary has none.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any, Union

from ..api.openapi import DEFINITIONS, swagger
from ..errors import UsageError
from .gotemplate import go_quote

__all__ = ["print_model_description", "wrap_lines"]

FIELD_INDENT, DESCRIPTION_INDENT, DESCRIPTION_IN_FIELD, INDENT_PER_LEVEL = 3, 5, 2, 3  # model_printer.go & co.
WRAP = 80  # explain.go: Formatter{Wrap: 80}
BULLET = re.compile(r"^(\d+\.?|-|\*)\s", re.ASCII)


@dataclass
class Kind:
    description: str
    fields: dict[str, "Schema"]
    required: list[str]


@dataclass
class Map:
    description: str
    sub: "Schema"


@dataclass
class Array:
    description: str
    sub: "Schema"


@dataclass
class Primitive:
    description: str
    type: str


@dataclass
class Arbitrary:
    description: str


@dataclass
class Reference:
    description: str
    name: str
    models: dict[str, "Schema"] = field(repr=False)

    @property
    def target(self) -> "Schema":
        return self.models[self.name]


Schema = Union[Kind, Map, Array, Primitive, Arbitrary, Reference]


def _parse(schema: dict[str, Any], every: dict[str, Schema]) -> Schema:
    """document.go ParseSchema, for the shapes the API's definitions have."""
    description = schema.get("description", "")
    if "$ref" in schema:
        return Reference(description, schema["$ref"].removeprefix(DEFINITIONS), every)
    kind = schema.get("type", "")
    if kind in ("object", "") and "properties" in schema:
        fields = {name: _parse(prop, every) for name, prop in schema["properties"].items()}
        return Kind(description, fields, schema.get("required", []))
    if kind == "object":
        extra = schema.get("additionalProperties")
        return Map(description, _parse(extra, every) if isinstance(extra, dict) else Arbitrary(description))
    if kind == "array":
        return Array(description, _parse(schema["items"], every))
    return Primitive(description, kind) if kind else Arbitrary(description)


@functools.cache
def _models() -> tuple[dict[str, Schema], dict[tuple[str, str, str], str]]:
    """Every definition's model, and which model is each kind's (kubectl's ``openapi.NewOpenAPIData``)."""
    definitions = swagger()["definitions"]
    every: dict[str, Schema] = {}
    for name, schema in definitions.items():
        every[name] = _parse(schema, every)
    kinds = {
        (gvk["group"], gvk["version"], gvk["kind"]): name
        for name, schema in definitions.items()
        for gvk in schema.get("x-kubernetes-group-version-kind", [])
    }
    return every, kinds


def type_name(schema: Schema) -> str:
    """typename.go GetTypeName: ``[]Object``, ``map[string]string``, ``integer``; an Arbitrary has none."""
    if isinstance(schema, Array):
        return "[]" + type_name(schema.sub)
    if isinstance(schema, Map):
        return "map[string]" + type_name(schema.sub)
    if isinstance(schema, Reference):
        return type_name(schema.target)
    if isinstance(schema, Kind):
        return "Object"
    return schema.type if isinstance(schema, Primitive) else ""


def _lookup(schema: Schema, path: list[str]) -> Schema:
    """field_lookup.go: follow the field path; a primitive (or arbitrary value) ends it early."""
    while not isinstance(schema, (Primitive, Arbitrary)) and path:
        if isinstance(schema, Reference):
            schema = schema.target
        elif isinstance(schema, (Array, Map)):
            schema = schema.sub
        else:
            if path[0] not in schema.fields:
                raise UsageError(f"field {go_quote(path[0])} does not exist")
            schema, path = schema.fields[path[0]], path[1:]
    return schema


def wrap_lines(text: str, width: int) -> list[str]:
    """formatter.go wrapString: words joined up to ``width`` bytes a line; code blocks, blank lines, lines after a
    colon and list items keep their own lines."""
    wrapped: list[str] = []
    words: list[str] = []
    last_word = ""

    def flush() -> None:
        nonlocal words, last_word
        if words:
            last_word = ""
            wrapped.append(" ".join(words))
            words = []

    for line in text.split("\n"):
        if line.startswith("    "):
            flush()
            wrapped.append(line)
            continue
        if wrapped and not line.strip():
            flush()
            wrapped.append("")
            continue
        if last_word.endswith(":") or not line.strip() or BULLET.match(line.strip()):
            flush()
        for word in line.split():
            last_word = word
            if words and len(" ".join([*words, word]).encode()) > width:
                flush()
            words.append(word)
    flush()
    return wrapped


@dataclass
class _Formatter:
    """formatter.go Formatter: lines indented by ``indent``, text wrapped to the width less the indent."""

    out: list[str]
    indent: int = 0

    def deeper(self, by: int) -> "_Formatter":
        return _Formatter(self.out, self.indent + by)

    def write(self, text: str) -> None:
        self.out.append("\n" if text == "" else " " * self.indent + text + "\n")

    def write_wrapped(self, text: str) -> None:
        for line in wrap_lines(text, WRAP - self.indent):
            self.write(line)


def _print_fields(writer: _Formatter, schema: Schema, recursive: bool, max_depth: int, depth: int = 1) -> None:
    """fields_printer.go, or recursive_fields_printer.go (names and types, down every field, each reference once
    on the way down)."""
    seen: set[str] = set()

    def fields(writer: _Formatter, schema: Schema, depth: int) -> None:
        while isinstance(schema, (Array, Map, Reference)):
            if isinstance(schema, Reference):
                if schema.name in seen:
                    return
                seen.add(schema.name)
                fields(writer, schema.target, depth)
                seen.discard(schema.name)
                return
            schema = schema.sub
        if not isinstance(schema, Kind):
            return
        for key in sorted(schema.fields):
            value = schema.fields[key]
            if recursive:
                writer.write(f"{key}\t<{type_name(value)}>")
                if not (max_depth > 0 and depth >= max_depth):
                    fields(writer.deeper(INDENT_PER_LEVEL), value, depth + 1)
                continue
            required = " -required-" if key in schema.required else ""
            writer.write(f"{key}\t<{type_name(value)}>{required}")
            writer.deeper(DESCRIPTION_IN_FIELD).write_wrapped(value.description)
            writer.write("")

    fields(writer, schema, depth)


def _print_description(writer: _Formatter, descriptions: list[str]) -> None:
    writer.write("DESCRIPTION:")
    empty = True
    for index, description in enumerate(descriptions):
        if description:
            empty = False
            if index:
                writer.write("")
            writer.deeper(DESCRIPTION_INDENT).write_wrapped(description)
    if empty:
        writer.deeper(DESCRIPTION_INDENT).write_wrapped("<empty>")


def print_model_description(
    gvk: tuple[str, str, str], field_path: list[str], recursive: bool = False, max_depth: int = 0
) -> str:
    """What ``explain --output=plaintext-openapiv2`` prints for a kind (group, version, kind) or a field of it
    (explain.go PrintModelDescription, model_printer.go modelPrinter); a UsageError as kubectl's."""
    group, version, kind = gvk
    every, kinds = _models()
    if gvk not in kinds:
        raise UsageError(f"couldn't find resource for {go_quote(f'{group}/{version}, Kind={kind}')}")
    schema = _lookup(every[kinds[gvk]], list(field_path))
    writer = _Formatter([])
    name, shown, descriptions = (field_path[-1] if field_path else ""), "", []
    while isinstance(schema, (Array, Map, Reference)):  # collect the type and the descriptions on the way
        descriptions.append(schema.description)
        if isinstance(schema, Reference):
            schema = schema.target
            continue
        shown = shown or type_name(schema)
        schema = schema.sub
    writer.write(f"KIND:     {kind}")
    writer.write(f"VERSION:  {f'{group}/{version}' if group else version}\n")
    if isinstance(schema, Kind):
        if name:
            writer.write(f"RESOURCE: {name} <{shown or type_name(schema)}>\n")
        _print_description(writer, [*descriptions, schema.description])
        writer.write("\nFIELDS:")
        _print_fields(writer.deeper(FIELD_INDENT), schema, recursive, max_depth)
    elif isinstance(schema, Primitive):
        writer.write(f"FIELD:    {name} <{shown or type_name(schema)}>\n")
        _print_description(writer, [*descriptions, schema.description])
    else:
        _print_description(writer, [*descriptions, schema.description])
    return "".join(writer.out)
