"""One codec for every API object: dict <-> typed dataclass.

Decoding is *strict*, as the API server's field validation is since v1.27: an
unknown field (``spec.selectr``) or a value of the wrong type is an error that
names the field, and nothing is created. Fields are found from the dataclass
type hints; the JSON name of a field is its camelCase name unless the field's
metadata says otherwise (``clusterIP``).

Encoding omits fields that are ``None``: "unset" is ``None``, an explicitly
empty map or list stays in the output, as with Go's ``omitempty`` pointers.
A :func:`null_field` is the exception, a Go struct value (a ``metav1.Time``)
that ``omitempty`` cannot drop: unset, it is written as ``null``.

:func:`marshal` is Go's ``encoding/json`` of the typed object instead, as kubectl
prints an object it built or converted itself: a field Go declares as a struct
value (:func:`struct_field`) is always written, ``{}`` when empty, and empty maps,
lists and strings are left out (``omitempty``).
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import re
import sys
import types
import typing
from typing import Any, Callable, Union

__all__ = [
    "DecodeError",
    "IntOrString",
    "clone",
    "decode",
    "encode",
    "json_field",
    "marshal",
    "null_field",
    "shallow_copy",
    "struct_field",
]

IntOrString = Union[int, str]


class DecodeError(Exception):
    """Collected problems of one decode: unknown fields and type mismatches."""

    def __init__(self, unknown: list[str], mismatched: list[str]):
        self.unknown = unknown
        self.mismatched = mismatched
        super().__init__("; ".join(unknown + mismatched))


def json_field(name: str, **kwargs: Any) -> Any:
    """A dataclass field whose JSON name is not the camelCase of its Python name."""
    kwargs.setdefault("default", None)
    return dataclasses.field(metadata={"json": name}, **kwargs)


def null_field() -> Any:
    """A dataclass field written as ``null`` when unset (Go's ``metav1.Time``, a struct, not a pointer)."""
    return dataclasses.field(default=None, metadata={"null": True})


def struct_field(**kwargs: Any) -> Any:
    """A dataclass field Go declares as a struct value, not a pointer (``Spec DeploymentSpec``):
    :func:`marshal` writes it even when unset."""
    kwargs.setdefault("default", None)
    return dataclasses.field(metadata={"struct": True}, **kwargs)


def _camel(snake: str) -> str:
    head, *rest = snake.rstrip("_").split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


@functools.lru_cache(maxsize=None)
def _fields(cls: type) -> tuple[tuple[str, str, Any], ...]:
    """(python name, json name, type) for every field of a dataclass."""
    module = sys.modules[cls.__module__]
    hints = typing.get_type_hints(cls, vars(module))
    return tuple((f.name, f.metadata.get("json") or _camel(f.name), hints[f.name]) for f in dataclasses.fields(cls))


@functools.lru_cache(maxsize=None)
def _null_when_unset(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(cls) if f.metadata.get("null"))


@functools.lru_cache(maxsize=None)
def _struct_zeros(cls: type) -> dict[str, Any]:
    """A maker of the zero value of every struct-valued field of a dataclass (its class, or ``dict``)."""
    hints = {py: tp for py, _, tp in _fields(cls)}
    zeros = {}
    for f in dataclasses.fields(cls):
        if f.metadata.get("struct"):
            tp = next((a for a in typing.get_args(hints[f.name]) if a is not type(None)), hints[f.name])
            zeros[f.name] = tp if dataclasses.is_dataclass(tp) else dict
    return zeros


@functools.lru_cache(maxsize=None)
def _by_json_name(cls: type) -> dict[str, tuple[str, Any]]:
    return {json: (py, tp) for py, json, tp in _fields(cls)}


def _go_type(tp: Any) -> str:
    if tp is int:
        return "int32"
    if tp is str:
        return "string"
    if tp is bool:
        return "bool"
    origin = typing.get_origin(tp)
    if origin is list:
        return "[]" + _go_type(typing.get_args(tp)[0])
    if origin is dict:
        return "map[string]" + _go_type(typing.get_args(tp)[1])
    if dataclasses.is_dataclass(tp):
        return f"v1.{tp.__name__}"
    return "interface {}"


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null"


_ZERO = {str: "", int: 0, bool: False}


class _Decoder:
    def __init__(self) -> None:
        self.unknown: list[str] = []
        self.mismatched: list[str] = []

    def mismatch(self, value: Any, tp: Any, path: str, owner: str) -> None:
        dotted = re.sub(r"\[[^\]]*\]", "", path)
        self.mismatched.append(
            f"json: cannot unmarshal {_json_kind(value)} into Go struct field {owner}.{dotted} of type {_go_type(tp)}"
        )

    def value(self, tp: Any, value: Any, path: str, owner: str) -> Any:
        if value is None:
            return None
        if tp is Any:
            return value
        origin = typing.get_origin(tp)
        if origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if set(args) == {int, str}:
                if isinstance(value, bool) or not isinstance(value, (int, str)):
                    self.mismatch(value, str, path, owner)
                    return None
                return value
            return self.value(args[0], value, path, owner)
        if tp is str:
            if not isinstance(value, str):
                self.mismatch(value, tp, path, owner)
                return None
            return value
        if tp is int:
            if isinstance(value, bool) or not isinstance(value, int):
                self.mismatch(value, tp, path, owner)
                return None
            return value
        if tp is bool:
            if not isinstance(value, bool):
                self.mismatch(value, tp, path, owner)
                return None
            return value
        if origin is list:
            if not isinstance(value, list):
                self.mismatch(value, tp, path, owner)
                return None
            (item,) = typing.get_args(tp)
            return [
                _ZERO.get(item) if v is None else self.value(item, v, f"{path}[{i}]", owner)
                for i, v in enumerate(value)
            ]
        if origin is dict:
            if not isinstance(value, dict):
                self.mismatch(value, tp, path, owner)
                return None
            _, item = typing.get_args(tp)
            out = {}
            for k, v in value.items():
                if not isinstance(k, str):
                    self.mismatch(k, str, path, owner)
                    continue
                # encoding/json leaves a null map value as the element type's zero value
                out[k] = _ZERO.get(item) if v is None else self.value(item, v, f"{path}[{k}]", owner)
            return out
        if dataclasses.is_dataclass(tp):
            if not isinstance(value, dict):
                self.mismatch(value, tp, path, owner)
                return None
            return self.object(tp, value, path)
        raise TypeError(f"unsupported field type {tp!r}")  # a bug in the model, not user input

    def object(self, cls: type, data: dict, path: str) -> Any:
        known = _by_json_name(cls)
        kwargs = {}
        for key, raw in data.items():
            sub = f"{path}.{key}" if path else str(key)
            if key not in known:
                self.unknown.append(sub)
                continue
            py, tp = known[key]
            kwargs[py] = self.value(tp, raw, sub, cls.__name__)
        return cls(**kwargs)


def decode(cls: type, data: dict) -> Any:
    """Decode ``data`` into ``cls`` strictly; raise :class:`DecodeError` on any problem."""
    decoder = _Decoder()
    obj = decoder.object(cls, data, "")
    if decoder.unknown or decoder.mismatched:
        raise DecodeError(decoder.unknown, decoder.mismatched)
    return obj


def encode(obj: Any) -> Any:
    """Encode a dataclass tree to plain dicts and lists (JSON names, ``None`` omitted) in the key order Go's
    encoding/json writes a typed object in: fields as the dataclass declares them (the Go struct's order)
    and map keys sorted."""
    if dataclasses.is_dataclass(obj):
        out = {}
        nulls = _null_when_unset(type(obj))
        for py, json, _ in _fields(type(obj)):
            value = getattr(obj, py)
            if value is not None:
                out[json] = encode(value)
            elif py in nulls:
                out[json] = None
        return out
    if isinstance(obj, list):
        return [encode(v) for v in obj]
    if isinstance(obj, dict):
        return {k: encode(obj[k]) for k in sorted(obj)}
    return obj


def marshal(obj: Any) -> Any:
    """Go's ``encoding/json`` of a dataclass tree: struct-valued fields always (``{}`` when empty),
    empty maps, lists and strings left out (``omitempty``), fields in declaration order (Go's struct
    order), map keys sorted."""
    if dataclasses.is_dataclass(obj):
        zeros = _struct_zeros(type(obj))
        nulls = _null_when_unset(type(obj))
        out = {}
        for py, json, _ in _fields(type(obj)):
            value = getattr(obj, py)
            if value is None and py in nulls:
                out[json] = None
                continue
            if value is None and py in zeros:
                value = zeros[py]()
            if value is None or (py not in zeros and isinstance(value, (list, dict, str)) and not value):
                continue
            out[json] = marshal(value)
        return out
    if isinstance(obj, list):
        return [marshal(v) for v in obj]
    if isinstance(obj, dict):  # Go writes a map's keys sorted
        return {k: marshal(obj[k]) for k in sorted(obj)}
    return obj


_ATOMIC = frozenset({str, int, float, bool, type(None)})


@functools.lru_cache(maxsize=None)
def _field_names(cls: type) -> tuple[str, ...] | None:
    return tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else None


@functools.lru_cache(maxsize=None)
def _copier(cls: type, deep: bool) -> Callable[[Any], Any] | None:
    """The copy of one dataclass, written out field by field (``new.spec = clone(obj.spec)``...).

    Compiled once per class: straight-line code copies about three times faster than a loop
    over the field names with ``getattr``/``setattr`` (or ``copy.copy``). None for what is not
    a dataclass.
    """
    names = _field_names(cls)
    if names is None:
        return None
    frozen = cls.__dataclass_params__.frozen  # a frozen dataclass is written past its __setattr__
    assign = "object.__setattr__(new, {name!r}, {value})" if frozen else "new.{name} = {value}"
    value = "value if type(value) in atomic else clone(value)" if deep else "value"
    lines = ["def copy(obj):", "    new = object.__new__(cls)"]
    for name in names:
        lines.append(f"    value = obj.{name}")
        lines.append("    " + assign.format(name=name, value=value))
    lines.append("    return new")
    scope = {"cls": cls, "atomic": _ATOMIC, "clone": clone}
    exec("\n".join(lines), scope)
    return scope["copy"]


def clone(obj: Any) -> Any:
    """A deep copy of an object tree (dataclasses, lists, dicts, scalars).

    Much faster than ``copy.deepcopy``, which matters because every write
    copies the object it changes: API objects are trees without cycles or
    shared parts, so no memo is needed, and scalar fields (most are ``None``)
    are taken as they are without a call.
    """
    kind = type(obj)
    if kind in _ATOMIC:
        return obj
    if kind is list:
        return [v if type(v) in _ATOMIC else clone(v) for v in obj]
    if kind is dict:
        return {k: v if type(v) in _ATOMIC else clone(v) for k, v in obj.items()}
    copier = _copier(kind, True)
    return copy.deepcopy(obj) if copier is None else copier(obj)


def shallow_copy(obj: Any) -> Any:
    """A new dataclass object holding the same field values (``copy.copy``, faster)."""
    return _copier(type(obj), False)(obj)
