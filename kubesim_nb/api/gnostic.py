"""``/openapi/v2`` as kube-apiserver sends it to kubectl: the OpenAPI v2 document in gnostic's protobuf encoding
(kubectl asks for ``application/com.github.proto-openapi.spec.v2@v1.0+protobuf`` and nothing else; kube-openapi's
``pkg/handler`` answers with :data:`MEDIA_TYPE`, the same type without the ``@`` Go's mime parser refuses).

Mirrors the messages of ``github.com/google/gnostic-models/openapiv2/OpenAPIv2.proto`` that a document of
definitions needs (Document, Info, Definitions, NamedSchema, Schema and what a Schema holds), written with the
protobuf wire format by hand: field numbers are the ``.proto``'s. Vendor extensions (``x-kubernetes-*``) travel as
YAML text, as gnostic keeps them. The content is :func:`kubesim_nb.api.openapi.swagger`.
"""

from __future__ import annotations

import functools
from typing import Any

import yaml

from .openapi import swagger

__all__ = ["MEDIA_TYPE", "swagger_protobuf"]

MEDIA_TYPE = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf"

# Schema's fields by JSON name: (field number, how it is written)
SCHEMA_FIELDS = {
    "$ref": (1, "string"),
    "format": (2, "string"),
    "title": (3, "string"),
    "description": (4, "string"),
    "required": (19, "strings"),
    "additionalProperties": (21, "additional"),
    "type": (22, "type"),
    "items": (23, "items"),
    "allOf": (24, "schemas"),
    "properties": (25, "properties"),
    "readOnly": (27, "bool"),
}
VENDOR_EXTENSION = 31


def _varint(number: int) -> bytes:
    out = bytearray()
    while True:
        low, number = number & 0x7F, number >> 7
        out.append(low | (0x80 if number else 0))
        if not number:
            return bytes(out)


def _bytes(field: int, payload: bytes) -> bytes:
    """A length-delimited field (wire type 2): a string or an embedded message."""
    return _varint(field << 3 | 2) + _varint(len(payload)) + payload


def _text(field: int, text: str) -> bytes:
    return _bytes(field, text.encode()) if text else b""  # proto3 leaves an empty string out


def _named(field: int, name: str, value: bytes) -> bytes:
    """The Named* messages of a map: ``name`` = 1, ``value`` = 2."""
    return _bytes(field, _text(1, name) + _bytes(2, value))


def _schema(schema: dict[str, Any]) -> bytes:
    out = bytearray()
    for key in sorted(schema, key=lambda k: SCHEMA_FIELDS.get(k, (VENDOR_EXTENSION,))[0]):
        value = schema[key]
        if key.startswith("x-"):
            yaml_text = yaml.safe_dump(value, default_flow_style=False, sort_keys=True)
            out += _named(VENDOR_EXTENSION, key, _text(2, yaml_text))  # Any.yaml = 2
            continue
        if key not in SCHEMA_FIELDS:
            continue  # a JSON Schema keyword gnostic has no field for (enum values the document does not carry)
        field, how = SCHEMA_FIELDS[key]
        if how == "string":
            out += _text(field, value)
        elif how == "strings":
            out += b"".join(_text(field, item) for item in value)
        elif how == "bool":
            out += _varint(field << 3) + _varint(int(value)) if value else b""
        elif how == "type":
            out += _bytes(field, _text(1, value))  # TypeItem.value = 1
        elif how == "items":
            out += _bytes(field, _bytes(1, _schema(value)))  # ItemsItem.schema = 1
        elif how == "schemas":
            out += b"".join(_bytes(field, _schema(item)) for item in value)
        elif how == "properties":
            out += _bytes(field, b"".join(_named(1, name, _schema(prop)) for name, prop in value.items()))
        elif how == "additional":  # AdditionalPropertiesItem: schema = 1, boolean = 2
            inner = _bytes(1, _schema(value)) if isinstance(value, dict) else _varint(2 << 3) + _varint(int(value))
            out += _bytes(field, inner)
    return bytes(out)


@functools.cache
def swagger_protobuf() -> bytes:
    """The document as ``/openapi/v2`` sends it (Document: swagger = 1, info = 2, definitions = 9)."""
    document = swagger()
    info = _text(1, document["info"]["title"]) + _text(2, document["info"]["version"])
    definitions = b"".join(_named(1, name, _schema(schema)) for name, schema in document["definitions"].items())
    return _text(1, document["swagger"]) + _bytes(2, info) + _bytes(9, definitions)
