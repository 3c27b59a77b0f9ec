"""Kubernetes protobuf request bodies, decoded into the dict the JSON API would have received.

Typed client-go clients send ``Content-Type: application/vnd.kubernetes.protobuf`` and never fall back to JSON:
every ``kubectl create <generator>``, ``kubectl create token`` (TokenRequest) and ``kubectl auth can-i``
(SelfSubjectAccessReview). A body is the magic ``k8s\\x00`` and a ``runtime.Unknown`` envelope whose ``typeMeta``
names the kind and whose ``raw`` is that kind's message, as the API server's protobuf serializer reads it
(``staging/src/k8s.io/apimachinery/pkg/runtime/serializer/protobuf/protobuf.go``, ``Serializer.Decode``).

No field table is written here. Kubernetes' own files, vendored verbatim under ``kubernetes/`` (see its README),
are read on the first decode:

- ``generated.proto`` declares every message's fields: name, number and type
  (``staging/src/k8s.io/api/<group>/<version>/generated.proto``, written by go-to-protobuf from the Go types);
- ``types.go`` beside it holds the Go fields those messages are made from, whose struct tags say how Go's
  ``encoding/json`` writes each one: its JSON name, a pointer is written whenever set, ``omitempty``/``omitzero``
  leave a zero value out, and an embedded struct tagged ``json:""`` is flattened into its parent.

Go's protobuf marshaller writes every non-pointer field, zero or not, so a zero value on the wire is dropped
exactly when Go's JSON encoder would leave it out; fields absent from the wire stay absent (nil pointers, empty
lists and maps). Messages with a JSON form of their own (``Time``, ``IntOrString``, ``Quantity``,
``RawExtension``...) are converted as their Go ``MarshalJSON`` does (``staging/src/k8s.io/apimachinery/pkg/``:
``apis/meta/v1/time.go``, ``apis/meta/v1/micro_time.go``, ``util/intstr/intstr.go``, ``runtime/extension.go``),
and ``bytes`` become base64 as in JSON. Anything else raises :class:`ProtobufError`, which the server answers with
a 400 Bad Request Status.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import functools
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

__all__ = ["MAGIC", "ProtobufError", "decode"]

MAGIC = b"k8s\x00"  # protobuf.go: protoEncodingPrefix
SOURCES = Path(__file__).with_name("kubernetes")  # the vendored generated.proto and types.go files

VARINT, FIXED64, LENGTH_DELIMITED, FIXED32 = 0, 1, 2, 5
INTEGER_BITS = {"int32": 32, "int64": 64, "uint32": 32, "uint64": 64}
SIGNED = {"int32", "int64"}
SCALARS = {*INTEGER_BITS, "bool", "string", "bytes"}  # every scalar type the vendored files declare


class ProtobufError(ValueError):
    """A body that is not a Kubernetes protobuf object: the server answers 400 Bad Request with this message."""


@dataclasses.dataclass(frozen=True)
class Field:
    """One field of a message, as ``generated.proto`` declares it and Go's JSON encoder writes it."""

    name: str  # the JSON name: the Go tag's where there is one, else generated.proto's (the same but for a few)
    number: int
    type: str  # a scalar type, or the full name of a message
    repeated: bool = False
    is_map: bool = False  # map<string, type>: on the wire, repeated entries {1: key, 2: value}
    omit_zero: bool = False  # a zero value is left out (omitempty or omitzero, and not a pointer)
    inline: bool = False  # an embedded struct tagged json:"": its fields are the parent's


@dataclasses.dataclass(frozen=True)
class Message:
    name: str  # the full name, e.g. k8s.io.api.apps.v1.Deployment
    fields: dict[int, Field]
    is_list: bool = False  # Go declares it as a named slice (type ExtraValue []string): its JSON is the list


# --- reading the vendored schema --------------------------------------------------------------------------------

PROTO_LINE = re.compile(
    r"""\s*(?:
        package\s+(?P<package>[\w.]+);
      | message\s+(?P<message>\w+)\s*\{
      | (?P<end>\})
      | (?P<label>optional|repeated)\s+(?P<type>[\w.]+)\s+(?P<name>\w+)\s*=\s*(?P<number>\d+);
      | map<string,\s*(?P<value>[\w.]+)>\s+(?P<map>\w+)\s*=\s*(?P<map_number>\d+);
      | (?:syntax|import|option)\b[^;]*;
      | //.*
    )?\s*""",
    re.VERBOSE,
)
GO_STRUCT = re.compile(r"^type (\w+) struct \{\n(.*?)^\}", re.MULTILINE | re.DOTALL)
GO_SLICE = re.compile(r"^type (\w+) \[\]\w+$", re.MULTILINE)
# a field with a protobuf tag: `Name *Type `json:"name,omitempty" protobuf:"varint,1,opt,name=name"``; an embedded
# struct has no Name
GO_FIELD = re.compile(
    r'^\t(?:\w+ +)?(?P<pointer>\*?)\S+ +`json:"(?P<json>[^",]*)(?P<options>[^"]*)".*?protobuf:"\w+,(?P<number>\d+),',
    re.MULTILINE,
)


def _read_proto(path: Path) -> dict[str, Message]:
    """The messages one generated.proto declares (go-to-protobuf writes one declaration a line)."""
    text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)  # the license header
    package, messages, fields = "", {}, None
    for number, line in enumerate(text.splitlines(), 1):
        match = PROTO_LINE.fullmatch(line)
        if match is None:
            raise ValueError(f"{path}:{number}: not a declaration this reader knows: {line.strip()}")
        if match["package"]:
            package = match["package"]
        elif match["message"]:
            fields = messages[f"{package}.{match['message']}"] = {}
        elif match["end"]:
            fields = None
        elif match["label"] or match["map"]:
            type_name = match["type"] or match["value"]
            if type_name not in SCALARS:  # a message: the full name, or one of this package's
                type_name = type_name[1:] if type_name.startswith(".") else f"{package}.{type_name}"
            field = Field(
                name=match["name"] or match["map"],
                number=int(match["number"] or match["map_number"]),
                type=type_name,
                repeated=match["label"] == "repeated",
                is_map=bool(match["map"]),
            )
            fields[field.number] = field
    return {name: Message(name, fields) for name, fields in messages.items()}


def _with_go_json(messages: dict[str, Message], types_go: Path) -> dict[str, Message]:
    """The messages, with how Go's JSON encoder writes each field, from the Go types they are generated from."""
    source = types_go.read_text(encoding="utf-8")
    structs = {
        struct: {int(tag["number"]): tag for tag in GO_FIELD.finditer(body)}
        for struct, body in GO_STRUCT.findall(source)
    }
    slices = set(GO_SLICE.findall(source))
    result = {}
    for name, message in messages.items():
        struct = name.rpartition(".")[2]
        tags = structs.get(struct)
        if tags is None:  # a type with a JSON form of its own, or a named slice
            result[name] = dataclasses.replace(message, is_list=struct in slices)
            continue
        fields = {}
        for number, field in message.fields.items():
            tag = tags.get(number)
            if tag is None:
                raise ValueError(f"{types_go}: {struct} has no Go field for {field.name} = {number}")
            options = tag["options"].split(",")
            omit = "omitzero" in options or ("omitempty" in options and field.type in SCALARS)
            # the JSON name is the tag's: a few proto names differ (BoundObjectReference's uID is "uid")
            fields[number] = dataclasses.replace(
                field, name=tag["json"] or field.name, omit_zero=omit and not tag["pointer"], inline=not tag["json"]
            )
        result[name] = dataclasses.replace(message, fields=fields)
    return result


@functools.cache
def schema() -> dict[str, Message]:
    """Every message of the vendored packages, by full name (read once, on the first decode)."""
    messages: dict[str, Message] = {}
    for proto in sorted(SOURCES.rglob("generated.proto")):
        declared = _read_proto(proto)
        types_go = proto.with_name("types.go")
        messages |= _with_go_json(declared, types_go) if types_go.exists() else declared
    return messages


# --- the wire format ---------------------------------------------------------------------------------------------


def _varint(data: bytes, position: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if position >= len(data):
            raise ProtobufError("unexpected EOF")
        if shift >= 64:
            raise ProtobufError("proto: integer overflow")
        byte = data[position]
        position += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, position


def _wire_fields(data: bytes) -> Iterator[tuple[int, int, int | bytes]]:
    """(field number, wire type, value) of each field in a message's bytes, in order."""
    position = 0
    while position < len(data):
        key, position = _varint(data, position)
        number, wire_type = key >> 3, key & 7
        if number == 0:
            raise ProtobufError("proto: illegal tag 0")
        if wire_type == VARINT:
            value, position = _varint(data, position)
        elif wire_type in (LENGTH_DELIMITED, FIXED64, FIXED32):
            if wire_type == LENGTH_DELIMITED:
                length, position = _varint(data, position)
            else:
                length = 8 if wire_type == FIXED64 else 4
            if position + length > len(data):
                raise ProtobufError("unexpected EOF")
            value, position = data[position : position + length], position + length
        else:  # 3 and 4 are the deprecated groups, which Kubernetes never writes
            raise ProtobufError(f"proto: illegal wireType {wire_type}")
        yield number, wire_type, value


def _integer(value: int, type_name: str) -> int:
    bits = INTEGER_BITS[type_name]
    value &= (1 << bits) - 1  # Go keeps the low bits of an over-long varint
    return value - (1 << bits) if type_name in SIGNED and value >> (bits - 1) else value


def _scalar(type_name: str, value: int | bytes) -> Any:
    if type_name == "bool":
        return value != 0
    if type_name == "string":
        return value.decode("utf-8", errors="replace")  # as Go's encoding/json writes invalid UTF-8
    if type_name == "bytes":
        return base64.b64encode(value).decode("ascii")  # as Go's encoding/json writes []byte
    return _integer(value, type_name)


def _wire_type(type_name: str) -> int:
    return VARINT if type_name in INTEGER_BITS or type_name == "bool" else LENGTH_DELIMITED


def _value(field: Field, wire_type: int, value: int | bytes) -> list[Any]:
    """The decoded values of one field on the wire (a packed repeated integer holds several)."""
    if field.repeated and field.type in INTEGER_BITS and wire_type == LENGTH_DELIMITED:
        values, position = [], 0
        while position < len(value):
            number, position = _varint(value, position)
            values.append(_integer(number, field.type))
        return values
    if wire_type != _wire_type(field.type):
        raise ProtobufError(f"proto: wrong wireType = {wire_type} for field {field.name}")
    return [_scalar(field.type, value) if field.type in SCALARS else _message(field.type, value)]


def _map_entry(field: Field, wire_type: int, entry: int | bytes) -> tuple[str, Any]:
    """The key and value of one map entry (a missing one is the zero value, as Go decodes it)."""
    if wire_type != LENGTH_DELIMITED:
        raise ProtobufError(f"proto: wrong wireType = {wire_type} for field {field.name}")
    key = Field(field.name, 1, "string")
    found = {
        number: _value(key if number == 1 else field, wire_type, raw)[0]
        for number, wire_type, raw in _wire_fields(entry)
        if number in (1, 2)
    }
    value_wire_type = _wire_type(field.type)
    zero = _value(field, value_wire_type, 0 if value_wire_type == VARINT else b"")[0]
    return found.get(1, ""), found.get(2, zero)


def _zero(value: Any) -> bool:
    return value is None or value == 0 or value in ("", {}, [])  # False == 0


def _field_values(message: Message, data: bytes) -> dict[str, Any]:
    """The fields present in a message's bytes, by JSON name, with Go's JSON encoder's omissions."""
    result: dict[str, Any] = {}
    for number, wire_type, raw in _wire_fields(data):
        field = message.fields.get(number)
        if field is None:
            continue  # a field newer than our schema: skipped, as Go's generated Unmarshal does
        if field.is_map:
            key, value = _map_entry(field, wire_type, raw)
            result.setdefault(field.name, {})[key] = value
        elif field.repeated:
            result.setdefault(field.name, []).extend(_value(field, wire_type, raw))
        else:
            result[field.name] = _value(field, wire_type, raw)[0]  # the last one wins
    for field in message.fields.values():
        if field.omit_zero and field.name in result and _zero(result[field.name]):
            del result[field.name]
        elif field.inline and isinstance(result.get(field.name), dict):
            result |= result.pop(field.name)
    return result


# --- messages with a JSON form of their own (their Go MarshalJSON) -----------------------------------------------


def _time(fields: dict[str, Any]) -> str | None:
    """metav1.Time: RFC 3339 in whole seconds, as its protobuf decoder drops the nanoseconds (``time_proto.go``);
    the zero Time is marshalled as no bytes, and written as null."""
    return _utc(fields, 0).isoformat(timespec="seconds") + "Z" if fields else None


def _micro_time(fields: dict[str, Any]) -> str | None:
    """metav1.MicroTime: RFC 3339 with the microseconds, truncated (``micro_time_proto.go``)."""
    return _utc(fields, int(fields.get("nanos", 0) / 1000)).isoformat(timespec="microseconds") + "Z" if fields else None


def _utc(fields: dict[str, Any], microseconds: int) -> datetime.datetime:
    """The naive UTC time of a Timestamp's seconds, plus microseconds."""
    try:
        return datetime.datetime(1970, 1, 1) + datetime.timedelta(
            seconds=fields.get("seconds", 0), microseconds=microseconds
        )
    except OverflowError as error:
        raise ProtobufError(f"time out of range: {fields}") from error


def _raw_json(raw: str | None) -> Any:
    """The JSON that RawExtension and FieldsV1 hold as bytes (base64 by now): Go's MarshalJSON writes it as it is,
    and no bytes as null."""
    data = base64.b64decode(raw or "")
    try:
        return json.loads(data) if data else None
    except ValueError as error:
        raise ProtobufError(f"embedded object is not JSON: {error}") from error


JSON_FORMS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "k8s.io.apimachinery.pkg.apis.meta.v1.Time": _time,
    "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime": _micro_time,
    "k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1": lambda fields: _raw_json(fields.get("Raw")),
    "k8s.io.apimachinery.pkg.runtime.RawExtension": lambda fields: _raw_json(fields.get("raw")),
    # IntOrString: type 1 is a string
    "k8s.io.apimachinery.pkg.util.intstr.IntOrString": lambda fields: (
        fields.get("strVal", "") if fields.get("type") == 1 else fields.get("intVal", 0)
    ),
    # kubectl sends a Quantity in canonical form already, so Go's re-formatting would not change it
    "k8s.io.apimachinery.pkg.api.resource.Quantity": lambda fields: fields.get("string", "0"),
}


def _message(name: str, data: bytes) -> Any:
    """A message's bytes as JSON shows the message."""
    message = schema()[name]
    fields = _field_values(message, data)
    if message.is_list:
        return fields.get("items", [])
    json_form = JSON_FORMS.get(name)
    return json_form(fields) if json_form else fields


# --- the body ----------------------------------------------------------------------------------------------------

UNKNOWN = "k8s.io.apimachinery.pkg.runtime.Unknown"
OBJECT_META = "k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta"


def _kind_message(api_version: str, kind: str) -> str:
    """The message of a kind: "apps/v1" Deployment is k8s.io.api.apps.v1.Deployment ("v1" is the core group).

    Only objects (the messages with an ObjectMeta ``metadata``) are kinds a client can send."""
    group, _, version = api_version.rpartition("/")
    name = f"k8s.io.api.{group.split('.')[0] or 'core'}.{version}.{kind}"
    message = schema().get(name)
    metadata = next((f for f in message.fields.values() if f.name == "metadata"), None) if message else None
    if metadata is None or metadata.type != OBJECT_META:
        raise ProtobufError(f'no kind "{kind}" is registered for version "{api_version}"')
    return name


def decode(body: bytes) -> dict[str, Any]:
    """The object a protobuf request body holds, as the dict its JSON request body would have been.

    Raises :class:`ProtobufError` for anything else: a body without the ``k8s\\x00`` magic, a truncated or
    malformed message, or a kind this module has no schema for."""
    if not body:
        raise ProtobufError("empty data")
    if not body.startswith(MAGIC):
        raise ProtobufError(f"provided data does not appear to be a protobuf message, expected prefix {list(MAGIC)}")
    if body == MAGIC:
        raise ProtobufError("empty body")
    # the envelope's contentEncoding and contentType are ignored, as the API server's decoder ignores them
    envelope = _message(UNKNOWN, body[len(MAGIC) :])
    type_meta = envelope.get("typeMeta", {})
    api_version, kind = type_meta.get("apiVersion", ""), type_meta.get("kind", "")
    if not kind:
        raise ProtobufError("Object 'Kind' is missing in the protobuf body")
    obj = _message(_kind_message(api_version, kind), base64.b64decode(envelope.get("raw", "")))
    return {"kind": kind, "apiVersion": api_version, **obj}
