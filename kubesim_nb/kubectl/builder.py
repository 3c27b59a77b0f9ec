"""Which objects a command means, as cli-runtime's ``resource.Builder`` finds them.

By resource arguments (``TYPE NAME...``, ``TYPE/NAME``) with ``-l``/``--all``
(``k8s.io/cli-runtime/pkg/resource/builder.go``: ``ResourceTypeOrNameArgs``,
``LabelSelectorParam``, ``ContinueOnError``), reading the live objects through
the API server; or by ``-f`` manifests (``FilenameParam``, ``NamespaceParam``,
``DefaultNamespace``), each document of which becomes a :class:`ManifestInfo`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..api.core import Endpoints
from ..api.labels import Selector, SelectorParseError, parse_selector
from ..errors import ApiError, KubeSimError, UsageError
from .base import Invocation
from .errors import add_source_to_err
from .flags import go_list
from .manifests import read_sources
from .objects import mapping_for, metadata_string, validation_mode
from .resources import has_combined_type_args, parse_resource_args

__all__ = [
    "NOTHING_NAMED",
    "ManifestInfo",
    "RESOURCES_REQUIRED",
    "SELECTOR_NEEDS_RESOURCE",
    "check_files_only",
    "check_no_args_with_files",
    "find_named",
    "group_version",
    "info_text",
    "named_object",
    "objects_from_files",
    "select_objects",
    "selector_from_flag",
    "visit_manifests",
    "warn_if_deprecated",
]

# the builder's complaints when the arguments name nothing
RESOURCES_REQUIRED = "one or more resources must be specified as <resource> <name> or <resource>/<name>"
NOTHING_NAMED = (
    "You must provide one or more resources by argument or filename.\n"
    "Example resource specifications include:\n"
    "   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'"
)
NO_NAME = "resource(s) were provided, but no name was specified"
SELECTOR_NEEDS_RESOURCE = "at least one resource must be specified to use a selector"


def group_version(kind: type) -> str:
    """``/v1``, ``apps/v1``: a schema.GroupVersion as kubectl's messages print it (the core group is empty)."""
    return kind.API_VERSION if "/" in kind.API_VERSION else "/" + kind.API_VERSION


def info_text(kind: type, name: str, namespace: str) -> str:
    """How kubectl names an object it could not get or patch (``resource.Info``'s description)."""
    return (
        f'Resource: "{group_version(kind)}, Resource={kind.RESOURCE}", GroupVersionKind: "{group_version(kind)}, '
        f'Kind={kind.KIND}"\nName: "{name}", Namespace: "{namespace}"'
    )


def selector_from_flag(kind: type, text: str | None) -> Selector | None:
    """``-l`` parsed as the server does; a bad selector is the server's BadRequest."""
    if not text:
        return None
    try:
        return parse_selector(text)
    except SelectorParseError as err:
        raise ApiError.bad_request(
            f'Unable to find "{group_version(kind)}, Resource={kind.RESOURCE}" that match label selector "{text}", '
            f'field selector "": {err.message}'
        ) from None


def warn_if_deprecated(inv: Invocation, kind: type) -> None:
    """The server's ``Warning`` header for a deprecated API, which kubectl prints on stderr."""
    if kind is Endpoints:
        inv.out.err("Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice")


def find_named(inv: Invocation, kind: type, names: list[str], errors: list[KubeSimError]) -> list:
    """The named objects of ``kind`` in the invocation's namespace; a NotFound error in ``errors``
    for each missing one (none with ``--ignore-not-found``)."""
    namespace = inv.namespace if kind.NAMESPACED else ""
    found = []
    for name in names:
        obj = inv.cluster.api.find(kind, namespace, name)
        if obj is not None:
            found.append(obj)
        elif not inv.flag("ignore-not-found"):
            errors.append(ApiError.not_found(kind.qualified_resource(), name))
    return found


def check_no_args_with_files(resource_args: list[str]) -> None:
    """``-f`` names the objects: resource arguments beside it are the builder's error (``visitByPaths``)."""
    if not resource_args:
        return
    if has_combined_type_args(resource_args):
        raise UsageError("resource/name arguments cannot be provided when a path is specified")
    raise UsageError("when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well")


def check_files_only(inv: Invocation) -> None:
    """What ``create -f`` and ``apply -f`` check first: no resource arguments, and files to read."""
    if inv.args.positional:
        raise inv.usage_error(f"Unexpected args: {go_list(inv.args.positional)}")
    if not inv.flag("filename"):
        raise UsageError("must specify one of -f and -k")


def named_object(resource_args: list[str]) -> tuple[type, str]:
    """The kind and name of the one object a command acts on (the first the arguments name)."""
    requests, _ = parse_resource_args(resource_args)
    if not requests or not requests[0].names:
        raise UsageError(NO_NAME)
    return requests[0].kind, requests[0].names[0]


def objects_from_files(inv: Invocation, verb: str | None = None) -> tuple[list, list[KubeSimError]]:
    """The live objects the ``-f`` manifests name, and the errors: the builder's own problems (unreadable
    files, unknown kinds) first, then the objects that are not there (naming their file when ``verb`` says
    what was being done, as ``delete``'s ``AddSourceToErr`` does)."""
    documents, read_errors = read_sources(inv.flag("filename"), inv.stdin, inv.cwd, bool(inv.flag("recursive")))
    problems: list[tuple[float, KubeSimError]] = list(read_errors)
    found, missing = [], []
    for index, doc in enumerate(documents):
        try:
            kind = mapping_for(doc, "ignore")  # these builders read unstructured objects, with no schema
        except UsageError as err:
            problems.append((index + 0.5, err))  # between the read errors placed at index and index + 1
            continue
        meta = doc.data.get("metadata") if isinstance(doc.data.get("metadata"), dict) else {}
        namespace = (meta.get("namespace") or inv.namespace) if kind.NAMESPACED else ""
        name = meta.get("name") if isinstance(meta.get("name"), str) else ""
        obj = inv.cluster.api.find(kind, namespace, name)
        if obj is not None:
            found.append(obj)
        elif not inv.flag("ignore-not-found"):
            not_found = ApiError.not_found(kind.qualified_resource(), name)
            missing.append(add_source_to_err(verb, doc.source, not_found) if verb else not_found)
    problems.sort(key=lambda item: item[0])
    return found, [err for _, err in problems] + missing


def select_objects(
    inv: Invocation, resource_args: list[str], verb: str | None = None
) -> tuple[list, list[KubeSimError]]:
    """The objects that ``-f`` or resource arguments mean: by name (with a NotFound error for each missing
    one), or every object of a type with ``-l``/``--all`` (in every namespace with ``-A``); ``verb`` is for
    :func:`objects_from_files`."""
    if inv.flag("filename"):
        check_no_args_with_files(resource_args)
        return objects_from_files(inv, verb)
    if not resource_args:
        raise UsageError(SELECTOR_NEEDS_RESOURCE if inv.flag("selector") else NOTHING_NAMED)
    found: list = []
    errors: list[KubeSimError] = []
    requests, _ = parse_resource_args(resource_args)
    for request in requests:
        kind = request.kind
        if request.names:
            found += find_named(inv, kind, request.names, errors)
        elif inv.flag("selector") or inv.flag("all"):
            scope = None if inv.flag("all-namespaces") or not kind.NAMESPACED else inv.namespace
            found += inv.cluster.api.list(kind, scope, selector_from_flag(kind, inv.flag("selector")))
        else:
            raise UsageError(NO_NAME)
    return found, errors


@dataclass
class ManifestInfo:
    """One object read from ``-f`` (cli-runtime's ``resource.Info``): where it came from, its kind
    and its body, with the namespace kubectl will use filled in."""

    index: int  # its position among the documents read
    source: str  # the file name as given, or "STDIN"
    kind: type
    data: dict

    @property
    def labels(self) -> dict[str, str]:
        metadata = self.data.get("metadata") if isinstance(self.data.get("metadata"), dict) else {}
        labels = metadata.get("labels")
        return {str(k): str(v) for k, v in labels.items()} if isinstance(labels, dict) else {}

    def check_name(self, creating: bool) -> None:
        """An object kubectl must look up needs a name (``create`` may let the server generate one)."""
        if metadata_string(self.data, "name") or (creating and metadata_string(self.data, "generateName")):
            return
        raise UsageError(
            f"error when retrieving current configuration of:\n"
            f"{info_text(self.kind, '', metadata_string(self.data, 'namespace'))}\n"
            f'from server for: "{self.source}": resource name may not be empty'
        )


def _info_for(inv: Invocation, index: int, doc, local: bool) -> ManifestInfo:
    """The document's kind and a copy of its body; a namespaced object gets the namespace kubectl
    uses (``-n`` must agree with the manifest's own). ``--local`` fills in no namespace: without the
    server's mapping only an object that names its namespace counts as namespaced."""
    # a command without --validate has no schema check (only the decoder's)
    validate = inv.flag("validate")
    kind = mapping_for(doc, "ignore" if validate is None else validation_mode(validate))
    data = json.loads(json.dumps(doc.data))
    metadata = data.setdefault("metadata", {}) if isinstance(data.get("metadata", {}), dict) else data["metadata"]
    if isinstance(metadata, dict) and kind.NAMESPACED:
        given = metadata_string(data, "namespace")
        if given and inv.explicit_namespace and given != inv.namespace:
            raise UsageError(
                f'the namespace from the provided object "{given}" does not match the namespace '
                f'"{inv.namespace}". '
                f"You must pass '--namespace={given}' to perform this operation."
            )
        if not given and not local:  # kubectl fills in its namespace (a non-string one fails the server's decode)
            metadata.setdefault("namespace", inv.namespace)
    return ManifestInfo(index, doc.source, kind, data)


def visit_manifests(
    inv: Invocation, verb: str, selector: Selector | None = None, local: bool = False
) -> tuple[list[ManifestInfo], list[tuple[float, KubeSimError]]]:
    """Every object of the ``-f`` manifests (only those matching ``selector``), and the client-side
    problems met (unreadable files, unknown kinds, namespace mismatches), each with the position
    where the builder met it: the builder goes on after a problem and keeps every readable object.
    ``local``: the objects stay as the files have them (``--local``)."""
    documents, read_errors = read_sources(inv.flag("filename"), inv.stdin, inv.cwd, bool(inv.flag("recursive")))
    problems: list[tuple[float, KubeSimError]] = list(read_errors)
    infos = []
    for index, doc in enumerate(documents):
        try:
            info = _info_for(inv, index, doc, local)
        except UsageError as err:
            # a read error is placed by the number of documents read before it, so the error of
            # document i, met while visiting it, falls between those placed at i and i + 1
            problems.append((index + 0.5, err))
            continue
        if selector is None or selector.matches(info.labels):
            infos.append(info)
    problems.sort(key=lambda item: item[0])
    if not infos and not problems:
        raise UsageError(f"no objects passed to {verb}")
    return infos, problems
