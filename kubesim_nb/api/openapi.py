"""The OpenAPI documents a v1.37 kube-apiserver serves for the simulator's kinds: ``/openapi/v3`` and one
document per group-version (``/openapi/v3/api/v1``, ``/openapi/v3/apis/apps/v1``...).

kubectl reads them for ``explain`` (the field documentation) and before ``apply``/``create -f`` (the
``fieldValidation`` query parameter of an operation tells it the server validates fields). Mirrors
kube-openapi ``pkg/handler3/handler.go`` (the index, whose ``hash`` is the upper-case hex SHA-512 of the
document's JSON) and the documents ``staging/src/k8s.io/apiserver/pkg/endpoints/installer.go`` describes:
``components.schemas`` with ``x-kubernetes-group-version-kind``, and per resource its collection, item,
``status`` and ``scale`` paths, each operation with its ``x-kubernetes-action`` and group-version-kind.

The schemas are not written here: they come from the ``kubernetes-validate`` package, which ships Kubernetes'
own API definitions (descriptions, required lists, ``x-kubernetes-*`` extensions) as JSON Schema. Turning them
back into the shape the API server serves takes three mechanical steps: a nullable ``type: [t, "null"]`` is
``t``; a ``$ref`` beside a description becomes ``allOf: [{$ref}]`` (as kube-openapi's builder3 writes it);
and the one-value ``enum`` that JSON Schema generator adds to every kind's ``apiVersion`` and ``kind`` goes.
``IntOrString`` and ``Quantity``, which the generator turned into a bare ``oneOf``, get back the types their Go
definitions declare. A document holds only the schemas its operations reach (kube-openapi prunes the same way).
Two known gaps: the package drops ``default`` values and the descriptions of ``IntOrString`` and ``Quantity``, so
``explain`` prints those two types' fields without their type's paragraph.

:func:`swagger` is the OpenAPI v2 document (``/openapi/v2``; :mod:`.gnostic` encodes it as the server sends it):
the same definitions, for ``kubectl explain --output=plaintext-openapiv2``.

Everything loads on first use and is cached: ``import kubesim_nb`` reads no schema.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
from pathlib import Path
from typing import Any

from ..profiles import KUBERNETES_VERSION
from .kinds import ALL_KINDS

__all__ = ["SCALE_KINDS", "document", "document_bytes", "etag", "group_version_path", "index", "swagger"]

# the kinds with a scale subresource (autoscaling/v1 Scale) among the simulator's
SCALE_KINDS = ("Deployment", "ReplicaSet")
SCHEMAS = "#/components/schemas/"  # where an OpenAPI v3 reference points
DEFINITIONS = "#/definitions/"  # where an OpenAPI v2 reference points
JSON_SCHEMA_REF = "#/$defs/"
INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString"
QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity"
# intstr.IntOrString's and resource.Quantity's OpenAPI schema functions (OpenAPISchemaType/Format, OpenAPIV3OneOfTypes)
ONE_OF_TYPES = {
    INT_OR_STRING: {
        DEFINITIONS: {"type": "string", "format": "int-or-string"},
        SCHEMAS: {"oneOf": [{"type": "integer"}, {"type": "string"}], "format": "int-or-string"},
    },
    QUANTITY: {
        DEFINITIONS: {"type": "string"},
        SCHEMAS: {"oneOf": [{"type": "string"}, {"type": "number"}]},
    },
}
META = "io.k8s.apimachinery.pkg.apis.meta.v1."
PATCH = META + "Patch"
SCALE = {"group": "autoscaling", "kind": "Scale", "version": "v1"}
# every response and request body is offered in these encodings (installer.go's media types)
MEDIA_TYPES = ("application/json", "application/vnd.kubernetes.protobuf", "application/yaml")
WATCH_MEDIA_TYPES = ("application/json;stream=watch", "application/vnd.kubernetes.protobuf;stream=watch")
ALL_MEDIA_TYPES = MEDIA_TYPES + WATCH_MEDIA_TYPES
PATCH_TYPES = (
    "application/apply-patch+yaml",
    "application/json-patch+json",
    "application/merge-patch+json",
    "application/strategic-merge-patch+json",
)
LIST_PARAMETERS = (
    ("allowWatchBookmarks", "boolean"),
    ("continue", "string"),
    ("fieldSelector", "string"),
    ("labelSelector", "string"),
    ("limit", "integer"),
    ("resourceVersion", "string"),
    ("resourceVersionMatch", "string"),
    ("sendInitialEvents", "boolean"),
    ("timeoutSeconds", "integer"),
    ("watch", "boolean"),
)
WRITE_PARAMETERS = (("dryRun", "string"), ("fieldManager", "string"), ("fieldValidation", "string"))
DELETE_PARAMETERS = (
    ("dryRun", "string"),
    ("gracePeriodSeconds", "integer"),
    ("ignoreStoreReadErrorWithClusterBreakingPotential", "boolean"),
    ("orphanDependents", "boolean"),
    ("propagationPolicy", "string"),
)


@functools.cache
def _definitions() -> dict[str, Any]:
    """The API's definitions as kubernetes-validate ships them for this Kubernetes minor version."""
    minor = ".".join(KUBERNETES_VERSION.split(".")[:2])
    # found, not imported: the package's validator pulls in jsonschema, which the schemas do not need
    spec = importlib.util.find_spec("kubernetes_validate")
    assert spec is not None and spec.submodule_search_locations, "kubernetes-validate is a dependency"
    folder = Path(spec.submodule_search_locations[0], "kubernetes-json-schema", f"{minor}.0-local")
    return json.loads((folder / "_definitions.json").read_text(encoding="utf-8"))["$defs"]


def _gvk(api_version: str, kind: str) -> dict[str, str]:
    group, _, version = api_version.rpartition("/")
    return {"group": group, "kind": kind, "version": version}


@functools.cache
def _schema_names() -> dict[tuple[str, str, str], str]:
    """(group, version, kind) -> definition name, for the definitions of exactly one kind."""
    names = {}
    for name, schema in _definitions().items():
        kinds = schema.get("x-kubernetes-group-version-kind", [])
        if len(kinds) == 1:
            names[(kinds[0]["group"], kinds[0]["version"], kinds[0]["kind"])] = name
    return names


def _schema_name(gvk: dict[str, str]) -> str:
    return _schema_names()[(gvk["group"], gvk["version"], gvk["kind"])]


def _convert(schema: dict[str, Any], refs: str) -> dict[str, Any]:
    """One JSON Schema (as kubernetes-validate writes it) in the shape the API server serves: OpenAPI v3 when
    ``refs`` is :data:`SCHEMAS`, OpenAPI v2 (a ``$ref`` may keep its description beside it) for :data:`DEFINITIONS`."""
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "type" and isinstance(value, list):
            value = next(t for t in value if t != "null")
        elif key == "$ref":
            value = refs + value.removeprefix(JSON_SCHEMA_REF)
        elif key == "properties":
            value = {name: _convert(prop, refs) for name, prop in value.items()}
        elif key in ("items", "additionalProperties") and isinstance(value, dict):
            value = _convert(value, refs)
        elif key in ("allOf", "anyOf", "oneOf"):
            value = [_convert(v, refs) for v in value]
        out[key] = value
    if refs == SCHEMAS and "$ref" in out and len(out) > 1:
        return {"allOf": [{"$ref": out.pop("$ref")}], **out}
    return out


@functools.cache
def _component(name: str, refs: str = SCHEMAS) -> dict[str, Any]:
    schema = _convert(_definitions()[name], refs)
    if "x-kubernetes-group-version-kind" in schema:
        for field in ("apiVersion", "kind"):
            schema.get("properties", {}).get(field, {}).pop("enum", None)
    if name in ONE_OF_TYPES:
        # the generator wrote these two as a bare oneOf; the server writes them as their Go types say
        schema = {key: value for key, value in schema.items() if key != "oneOf"} | ONE_OF_TYPES[name][refs]
    return schema


def _references(schema: Any, refs: str = SCHEMAS) -> set[str]:
    """The definition names a schema (or an operation) refers to."""
    if isinstance(schema, dict):
        found = {schema["$ref"].removeprefix(refs)} if isinstance(schema.get("$ref"), str) else set()
        for key, value in schema.items():
            if key != "$ref":
                found |= _references(value, refs)
        return found
    if isinstance(schema, list):
        return set().union(*(_references(v, refs) for v in schema)) if schema else set()
    return set()


def _reachable(roots: set[str], refs: str = SCHEMAS) -> dict[str, dict[str, Any]]:
    """The schemas the roots need, every name to its schema, sorted by name as the server marshals them."""
    seen: set[str] = set()
    todo = sorted(roots)
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += sorted(_references(_component(name, refs), refs) - seen)
    return {name: _component(name, refs) for name in sorted(seen)}


def group_version_path(api_version: str) -> str:
    """The index key of an apiVersion: ``api/v1`` or ``apis/apps/v1``."""
    return f"apis/{api_version}" if "/" in api_version else f"api/{api_version}"


def _content(name: str, media_types: tuple[str, ...] = MEDIA_TYPES) -> dict[str, Any]:
    return {media: {"schema": {"$ref": SCHEMAS + name}} for media in media_types}


def _query(parameters: tuple[tuple[str, str], ...]) -> list[dict[str, Any]]:
    return [{"in": "query", "name": name, "schema": {"type": kind, "uniqueItems": True}} for name, kind in parameters]


def _path_parameter(name: str) -> dict[str, Any]:
    return {"in": "path", "name": name, "required": True, "schema": {"type": "string", "uniqueItems": True}}


PRETTY = _query((("pretty", "string"),))


@functools.cache
def _tag_and_id(group: str, version: str) -> tuple[str, str]:
    """installer.go's operation tag (``core_v1``, ``discovery_v1``) and operation id part (``CoreV1``)."""
    words = (group.removesuffix(".k8s.io") or "core").split(".")
    camel = words[0] + "".join(w.capitalize() for w in words[1:])
    return f"{camel}_{version}", camel[0].upper() + camel[1:] + version.capitalize()


def _article(noun: str) -> str:
    """installer.go getArticleForNoun: `` a ``, `` an ``, or a space alone before a plural (``Endpoints``)."""
    if noun.endswith("s") and not noun.endswith("ss"):
        return " "
    return " an " if noun[0] in "AEIOU" else " a "


# what one operation says: its x-kubernetes-action, operationId verb, description, query parameters, request body
# (or None) and responses
Operation = tuple[str, str, str, tuple[tuple[str, str], ...], "dict[str, Any] | None", dict[str, Any]]


def _operations(table: dict[str, Operation], operation_id: str, gvk: dict[str, str], tag: str) -> dict[str, Any]:
    """Each method's operation, with the fields installer.go gives every one."""
    operations = {}
    for method, (action, verb, description, parameters, body, responses) in table.items():
        operation: dict[str, Any] = {"description": description, "operationId": f"{verb}{operation_id}"}
        if parameters:
            operation["parameters"] = _query(parameters)
        if body is not None:
            operation["requestBody"] = body
        operations[method] = {
            **operation,
            "responses": responses,
            "tags": [tag],
            "x-kubernetes-action": action,
            "x-kubernetes-group-version-kind": gvk,
        }
    return operations


def _responses(name: str, *codes: tuple[str, str], media_types: tuple[str, ...] = MEDIA_TYPES) -> dict[str, Any]:
    answers = {code: {"content": _content(name, media_types), "description": text} for code, text in codes}
    return {**answers, "401": {"description": "Unauthorized"}}


def _body(name: str, media_types: tuple[str, ...] = ("*/*",), required: bool = True) -> dict[str, Any]:
    content = {"content": _content(name, media_types)}
    return {**content, "required": True} if required else content


OK, CREATED, ACCEPTED = ("200", "OK"), ("201", "Created"), ("202", "Accepted")
PATCH_PARAMETERS = (*WRITE_PARAMETERS, ("force", "boolean"))
DELETE_COLLECTION_PARAMETERS = tuple(sorted(LIST_PARAMETERS[1:-1] + DELETE_PARAMETERS))


def _item_operations(kind: type, subresource: str, operation_id: str, tag: str) -> dict[str, Any]:
    """Read, replace and partially update one object (``{name}``) or its ``status`` or ``scale``."""
    gvk = SCALE if subresource == "scale" else _gvk(kind.API_VERSION, kind.KIND)
    name = _schema_name(gvk)
    what = f"{subresource} of the specified {kind.KIND}" if subresource else f"the specified {kind.KIND}"
    written = _responses(name, OK, CREATED)
    table: dict[str, Operation] = {
        "get": ("get", "read", f"read {what}", (), None, _responses(name, OK)),
        "patch": ("patch", "patch", f"partially update {what}", PATCH_PARAMETERS, _body(PATCH, PATCH_TYPES), written),
        "put": ("put", "replace", f"replace {what}", WRITE_PARAMETERS, _body(name), written),
    }
    return _operations(table, operation_id + subresource.capitalize(), gvk, tag)


def _resource_paths(kind: type) -> dict[str, Any]:
    """The paths of one resource: its collection, its objects, their status and scale, and (namespaced) the
    list across namespaces."""
    group, _, version = kind.API_VERSION.rpartition("/")
    tag, group_id = _tag_and_id(group, version)
    gvk = _gvk(kind.API_VERSION, kind.KIND)
    name, status = _schema_name(gvk), META + "Status"
    operation_id = f"{group_id}{'Namespaced' if kind.NAMESPACED else ''}{kind.KIND}"
    root = "/" + group_version_path(kind.API_VERSION)
    collection = f"{root}/namespaces/{{namespace}}/{kind.RESOURCE}" if kind.NAMESPACED else f"{root}/{kind.RESOURCE}"
    scope_parameters = [_path_parameter("namespace")] if kind.NAMESPACED else []
    listed = _responses(_schema_name(_gvk(kind.API_VERSION, kind.KIND + "List")), OK, media_types=ALL_MEDIA_TYPES)
    delete_options = _body(META + "DeleteOptions", required=False)
    listing: Operation = ("list", "list", f"list or watch objects of kind {kind.KIND}", LIST_PARAMETERS, None, listed)
    collection_table: dict[str, Operation] = {
        "delete": (
            "deletecollection",
            "deletecollection",
            f"delete collection of {kind.KIND}",
            DELETE_COLLECTION_PARAMETERS,
            delete_options,
            _responses(status, OK),
        ),
        "get": listing,
        "post": (
            "post",
            "create",
            f"create{_article(kind.KIND)}{kind.KIND}",
            WRITE_PARAMETERS,
            _body(name),
            _responses(name, OK, CREATED, ACCEPTED),
        ),
    }
    removal: Operation = (
        "delete",
        "delete",
        f"delete{_article(kind.KIND)}{kind.KIND}",
        DELETE_PARAMETERS,
        delete_options,
        _responses(status, OK, ACCEPTED),
    )
    object_parameters = [_path_parameter("name"), *scope_parameters, *PRETTY]
    paths: dict[str, Any] = {
        collection: {**_operations(collection_table, operation_id, gvk, tag), "parameters": scope_parameters + PRETTY},
        f"{collection}/{{name}}": {
            **_operations({"delete": removal}, operation_id, gvk, tag),
            **_item_operations(kind, "", operation_id, tag),
            "parameters": object_parameters,
        },
    }
    subresources = ["status"] if "status" in _definitions()[name].get("properties", {}) else []
    for subresource in subresources + (["scale"] if kind.KIND in SCALE_KINDS else []):
        paths[f"{collection}/{{name}}/{subresource}"] = {
            **_item_operations(kind, subresource, operation_id, tag),
            "parameters": object_parameters,
        }
    if kind.NAMESPACED:
        everywhere = {"get": (*listing[:3], (), None, listed)}
        paths[f"{root}/{kind.RESOURCE}"] = {
            **_operations(everywhere, f"{group_id}{kind.KIND}ForAllNamespaces", gvk, tag),
            "parameters": _query(LIST_PARAMETERS[:5]) + PRETTY + _query(LIST_PARAMETERS[5:]),
        }
    return paths


def _kinds_by_group_version() -> dict[str, list[type]]:
    """The simulator's kinds by the index key of their group-version (``api/v1``, ``apis/apps/v1``)."""
    kinds: dict[str, list[type]] = {}
    for kind in ALL_KINDS:
        kinds.setdefault(group_version_path(kind.API_VERSION), []).append(kind)
    return kinds


@functools.cache
def document_bytes(group_version: str) -> bytes | None:
    """``/openapi/v3/<group_version>`` (``api/v1``, ``apis/apps/v1``) as the server sends (and hashes) it, or
    None for a group-version it does not serve."""
    kinds = _kinds_by_group_version().get(group_version)
    if kinds is None:
        return None
    paths: dict[str, Any] = {}
    for kind in sorted(kinds, key=lambda k: k.RESOURCE):
        paths.update(_resource_paths(kind))
    bearer = {"description": "Bearer Token authentication", "in": "header", "name": "authorization", "type": "apiKey"}
    doc = {
        "components": {"schemas": _reachable(_references(paths)), "securitySchemes": {"BearerToken": bearer}},
        "info": {"title": "Kubernetes", "version": KUBERNETES_VERSION},
        "openapi": "3.0.0",
        "paths": paths,
        "security": [{"BearerToken": []}],
    }
    # encoding/json writes a map's keys in sorted order
    return json.dumps(doc, separators=(",", ":"), ensure_ascii=False, sort_keys=True).encode()


@functools.cache
def etag(group_version: str) -> str | None:
    """handler3's ``computeETag``: the upper-case hex SHA-512 of the document's JSON."""
    data = document_bytes(group_version)
    return None if data is None else hashlib.sha512(data).hexdigest().upper()


def index() -> dict[str, Any]:
    """``/openapi/v3``: every group-version's document, by the URL that names its hash."""
    group_versions = sorted(_kinds_by_group_version())
    return {"paths": {gv: {"serverRelativeURL": f"/openapi/v3/{gv}?hash={etag(gv)}"} for gv in group_versions}}


@functools.cache
def swagger() -> dict[str, Any]:
    """``/openapi/v2``'s content: the definitions of the simulator's kinds and of what they refer to (its paths
    are left out: kubectl reads only the definitions, for ``explain --output=plaintext-openapiv2``). Cached and
    shared: read it, do not change it."""
    kinds = {_schema_name(_gvk(kind.API_VERSION, kind.KIND)) for kind in ALL_KINDS}
    return {
        "definitions": _reachable(kinds, DEFINITIONS),
        "info": {"title": "Kubernetes", "version": KUBERNETES_VERSION},
        "paths": {},
        "swagger": "2.0",
    }


def document(group_version: str) -> dict[str, Any] | None:
    """The document of one group-version (``api/v1``, ``apis/apps/v1``), or None for one not served."""
    data = document_bytes(group_version)
    return None if data is None else json.loads(data)
