"""What ``label``, ``annotate``, ``patch`` and ``set`` act on, as cli-runtime's builder finds it for them.

Resource arguments name live objects (:func:`select_objects`); ``-f`` files name the live objects they
describe (``Latest``: each is read from the server by kind, namespace and name); with ``--local`` the
objects are the files' own and nothing is sent (``LocalParam``). A command edits an object as data, as
kubectl edits its unstructured copy, so :class:`DataObject` holds the kind and the body.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..errors import ApiError, KubeSimError, UsageError
from .base import Invocation, dry_run_suffix, print_changed
from .builder import RESOURCES_REQUIRED, check_no_args_with_files, select_objects, visit_manifests
from .errors import print_errors
from .objects import decode_document, metadata_string

__all__ = [
    "DataObject",
    "LOCAL_NEEDS_FILES",
    "MetadataEdit",
    "check_local",
    "check_metadata_edit",
    "check_resource_version",
    "locked",
    "print_listing",
    "resources_and_pairs",
    "single_item_implied",
    "start_metadata_edit",
    "target_objects",
]

# resource.LocalResourceError: what set image|env say to resource arguments with --local
LOCAL_NEEDS_FILES = (
    "you must specify resources by --filename when --local is set.\n"
    "Example resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'"
)


@dataclass
class DataObject:
    """An object as kubectl holds it unstructured: its kind and its body (printed with sorted keys)."""

    kind: type
    data: dict

    @property
    def name(self) -> str:
        return metadata_string(self.data, "name")

    def kind_prefix(self) -> str:
        return self.kind.kind_prefix()

    def to_dict(self) -> dict:
        return self.data

    def metadata_map(self, field: str) -> dict[str, str] | None:
        """``metadata.labels`` or ``metadata.annotations`` (a copy), None when unset."""
        value = (self.data.get("metadata") or {}).get(field)
        return dict(value) if isinstance(value, dict) else None

    def set_metadata_map(self, field: str, values: dict[str, str]) -> None:
        self.data.setdefault("metadata", {})[field] = dict(values)

    def decoded(self) -> Any:
        """The typed object of the edited body, as the server decodes a patched object."""
        return decode_document(self.kind, self.data, patch=True)


def print_listing(inv: Invocation, obj: DataObject, field: str, one: bool) -> None:
    """``--list`` of label and annotate: bare ``key=value`` lines of ``metadata.<field>`` for one
    object; for several, each under a heading and indented."""
    if not one:
        inv.out.out(f"Listing {field} for {obj.kind.KIND}.{obj.kind.GROUP}/{obj.name}:")
    indent = "" if one else " "
    inv.out.out("".join(f"{indent}{k}={v}\n" for k, v in sorted((obj.metadata_map(field) or {}).items())))


def resources_and_pairs(args: list[str], pair_type: str) -> tuple[list[str], list[str]]:
    """``cmdutil.GetResourcesAndPairs``: resource arguments first, then ``KEY=VALUE`` or ``KEY-`` changes."""
    resources: list[str] = []
    pairs: list[str] = []
    for arg in args:
        is_pair = ("=" in arg and not arg.startswith("=")) or (arg.endswith("-") and arg != "-")
        if is_pair:
            pairs.append(arg)
        elif pairs:
            raise UsageError(f"all resources must be specified before {pair_type} changes: {arg}")
        else:
            resources.append(arg)
    return resources, pairs


def single_item_implied(inv: Invocation, resources: list[str]) -> bool:
    """The builder's ``singleItemImplied``: one ``TYPE NAME`` (or ``TYPE/NAME``), or one file, was named."""
    files = inv.flag("filename") or []
    if files:
        return len(files) == 1 and not files[0].endswith("/")
    if inv.flag("selector") or inv.flag("all"):
        return False
    names = resources if any("/" in r for r in resources) else resources[1:]
    return len(names) == 1


def check_local(inv: Invocation, resources: list[str], example: str) -> None:
    """label.go and annotate.go ``Validate`` for ``--local``: files only, no server dry run.
    ``example`` is the file the messages suggest (``pod.yaml``, ``rsrc.yaml``)."""
    if inv.dry_run_mode() == "server":
        raise UsageError("cannot specify --local and --dry-run=server - did you mean --dry-run=client?")
    stem, _, _ = example.partition(".")
    if resources:
        raise UsageError(f"can only use local files by -f {example} or --filename={stem}.json when --local=true is set")
    if not inv.flag("filename"):
        raise UsageError(f"one or more files must be specified as -f {example} or --filename={stem}.json")


def check_metadata_edit(inv: Invocation, resources: list[str], changes: bool, what: str, example: str) -> None:
    """What label and annotate check before looking anything up, in their order: ``--list`` with ``-o``,
    ``--all`` with ``-l``, ``--local`` (:func:`check_local`) or resources, and at least one change of
    ``what`` (``label``, ``annotation``)."""
    if inv.flag("list") and inv.flag("output"):
        raise UsageError("--list and --output may not be specified together")
    if inv.flag("all") and inv.flag("selector"):
        raise UsageError("cannot set --all and --selector at the same time")
    if inv.flag("local"):
        check_local(inv, resources, example)
    elif not resources and not inv.flag("filename"):
        raise UsageError(RESOURCES_REQUIRED)
    if not changes and not inv.flag("list"):
        raise UsageError(f"at least one {what} update is required")


def check_resource_version(inv: Invocation, one: bool) -> None:
    """label.go and annotate.go: ``--resource-version`` locks a single object only (``IntoSingleItemImplied``)."""
    if inv.flag("resource-version") and not one:
        raise UsageError("--resource-version may only be used with a single resource")


def locked(inv: Invocation, obj: DataObject) -> DataObject:
    """The edited object as it is sent: with ``--resource-version`` the update carries that version, and the
    server refuses it when the object has changed since (a Conflict)."""
    wanted = inv.flag("resource-version")
    if wanted and metadata_string(obj.data, "resourceVersion") != wanted:
        raise ApiError.conflict(
            f'Operation cannot be fulfilled on {obj.kind.qualified_resource()} "{obj.name}": the object has been '
            "modified; please apply your changes to the latest version and try again"
        )
    return obj


def target_objects(inv: Invocation, resources: list[str], verb: str) -> tuple[list[DataObject], list[KubeSimError]]:
    """The objects a command acts on, with the errors met finding them (the builder goes on after one)."""
    if not inv.flag("filename"):
        found, errors = select_objects(inv, resources)
        return [DataObject(type(obj), obj.to_dict()) for obj in found], errors
    local = bool(inv.flag("local"))
    if not local:  # LocalParam: a local builder takes no resource arguments
        check_no_args_with_files(resources)
    infos, problems = visit_manifests(inv, verb, local=local)
    errors: list[KubeSimError] = [err for _, err in problems]
    if local:
        return [DataObject(info.kind, info.data) for info in infos], errors
    live = []
    for info in infos:
        namespace = metadata_string(info.data, "namespace") if info.kind.NAMESPACED else ""
        obj = inv.cluster.api.find(info.kind, namespace, metadata_string(info.data, "name"))
        if obj is None:
            errors.append(ApiError.not_found(info.kind.qualified_resource(), metadata_string(info.data, "name")))
        else:
            live.append(DataObject(info.kind, obj.to_dict()))
    return live, errors


@dataclass
class MetadataEdit:
    """One run of label or annotate once its arguments are checked and its objects found: the keys to ``add``
    and to ``remove`` in ``metadata.<field>``, the ``objects`` and the ``errors`` met finding them, whether
    ``one`` object was named, and whether the edits are sent to the server (``sends``)."""

    field: str  # labels, annotations
    mode: str  # the --dry-run mode
    add: dict[str, str]
    remove: list[str]
    objects: list[DataObject]
    errors: list[KubeSimError]
    one: bool
    sends: bool

    def report(self, inv: Invocation, obj: DataObject, operation: str) -> None:
        """The object's ``--list`` listing, or the line saying what was done to it."""
        if inv.flag("list"):
            print_listing(inv, obj, self.field, self.one)
        else:
            print_changed(inv, obj, operation + dry_run_suffix(self.mode))

    def finish(self, inv: Invocation) -> int:
        """The errors met on the way, at the end; the exit code."""
        print_errors(inv.out, self.errors)
        return 1 if self.errors else 0


def start_metadata_edit(
    inv: Invocation,
    what: str,
    parse: Callable[[list[str]], tuple[dict[str, str], list[str]]],
    example: str,
    verb: str,
) -> MetadataEdit:
    """label.go and annotate.go ``Complete``, ``Validate`` and the builder: the changes of ``what`` (``label``,
    ``annotation``) read by ``parse``, checked (``example`` is the file the messages suggest), and the objects
    they apply to (``verb`` names what was being done in a file's error)."""
    mode = inv.dry_run_mode()
    resources, changes = resources_and_pairs(inv.args.positional, what)
    add, remove = parse(changes)
    check_metadata_edit(inv, resources, bool(add or remove), what, example)
    objects, errors = target_objects(inv, resources, verb)
    one = single_item_implied(inv, resources)
    check_resource_version(inv, one)
    sends = not (inv.flag("local") or inv.flag("list") or mode == "client")
    field = "labels" if what == "label" else "annotations"
    return MetadataEdit(field, mode, add, remove, objects, errors, one, sends)
