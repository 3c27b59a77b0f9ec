"""``kubectl label``: add, change, remove or list the labels of objects (``pkg/cmd/label/label.go``)."""

from __future__ import annotations

import json
from dataclasses import replace

from ...api.naming import is_qualified_name, is_valid_label_value
from ...errors import ApiError, UsageError
from ..base import DRY_RUN_FLAG, Command, Invocation, dry_run_suffix, print_changed
from ..builder import RESOURCES_REQUIRED, select_objects
from ..flags import Flag
from ..flagsets import (
    FIELD_SELECTOR_FLAG,
    SELECTOR_FLAG,
    field_manager_flag,
    filename_flags,
    printer_flags,
)

__all__ = ["COMMAND"]

FLAGS = [
    Flag("all", kind="bool", usage="Select all resources, in the namespace of the specified resource types"),
    Flag("all-namespaces", short="A", kind="bool", usage="If true, check the specified action in all namespaces."),
    DRY_RUN_FLAG,
    field_manager_flag("kubectl-label"),
    replace(FIELD_SELECTOR_FLAG, implemented=False),
    *filename_flags("Filename, directory, or URL to files identifying the resource to update the labels"),
    Flag("list", kind="bool", usage="If true, display the labels for a given resource."),
    Flag(
        "local",
        kind="bool",
        usage="If true, label will NOT contact api-server but run locally.",
        implemented=False,
    ),
    Flag(
        "overwrite",
        kind="bool",
        usage="If true, allow labels to be overwritten, otherwise reject label updates that overwrite existing labels.",
    ),
    *printer_flags(),
    Flag(
        "resource-version",
        usage="If non-empty, the labels update will only succeed if this is the current resource-version for the "
        "object. Only valid when specifying a single resource.",
    ),
    SELECTOR_FLAG,
]

HELP = """Update the labels on a resource."""

EXAMPLES = """  # Add a label
  kubectl label pods web-pod-1 tier=frontend

  # Change an existing label
  kubectl label --overwrite pods web-pod-1 version=v2

  # Remove a label (note the trailing dash)
  kubectl label pods web-pod-1 version-"""

USAGE = (
    "kubectl label [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] "
    "[options]"
)


def _split_label_args(args: list[str]) -> tuple[list[str], list[str]]:
    resources, changes = [], []
    for arg in args:
        (changes if "=" in arg or arg.endswith("-") else resources).append(arg)
    return resources, changes


def _parse_label_changes(changes: list[str]) -> tuple[dict[str, str], list[str]]:
    add, remove = {}, []
    for spec in changes:
        if "=" in spec:
            key, _, value = spec.partition("=")
            if is_qualified_name(key):
                raise UsageError(f"invalid label spec: {spec}")
            problems = is_valid_label_value(value)
            if problems:
                raise UsageError(f'invalid label value: "{spec}": {"; ".join(problems)}')
            add[key] = value
        else:
            key = spec[:-1]
            if not key or is_qualified_name(key):
                raise UsageError(f"invalid label spec: {spec}")
            remove.append(key)
    for key in remove:
        if key in add:
            raise UsageError("can not both modify and remove a label in the same command")
    return add, remove


def _compact_json(obj) -> str:
    return json.dumps(obj.to_dict(), separators=(",", ":"))


def _check_resource_version(inv: Invocation, objects: list) -> None:
    """``--resource-version``: the update is sent with it, so the server refuses an object that changed since."""
    wanted = inv.flag("resource-version")
    if not wanted:
        return
    if len(objects) != 1 or inv.flag("selector") or inv.flag("all"):
        raise UsageError("--resource-version may only be used with a single resource")
    obj = objects[0]
    if obj.metadata.resource_version != wanted:
        raise ApiError.conflict(
            f'Operation cannot be fulfilled on {obj.qualified_resource()} "{obj.name}": the object has been '
            "modified; please apply your changes to the latest version and try again"
        )


def run(inv: Invocation) -> int:
    resources, changes = _split_label_args(inv.args.positional)
    if inv.flag("all") and inv.flag("selector"):
        raise UsageError("cannot set --all and --selector at the same time")
    if not resources and not inv.flag("filename"):
        raise UsageError(RESOURCES_REQUIRED)
    if not changes and not inv.flag("list"):
        raise UsageError("at least one label update is required")
    add, remove = _parse_label_changes(changes)
    objects, missing = select_objects(inv, resources)
    if missing:
        raise missing[0]
    _check_resource_version(inv, objects)
    if inv.flag("list"):
        # label.go: one object lists bare "k=v" lines; several get a header (stderr) and an indent
        one = len(objects) == 1
        for obj in objects:
            if not one:
                inv.out.err(f"Listing labels for {obj.KIND}.{obj.GROUP}/{obj.name}:")
            inv.out.out("".join(f"{'' if one else ' '}{k}={v}\n" for k, v in sorted(obj.labels.items())))
        return 0
    for obj in objects:
        current = obj.labels
        if not inv.flag("overwrite"):
            for key, value in add.items():
                if key in current and current[key] != value:
                    raise UsageError(f"'{key}' already has a value ({current[key]}), and --overwrite is false")
        labels = {**current, **add}
        for key in remove:
            labels.pop(key, None)
        suffix = dry_run_suffix(inv.dry_run_mode())
        if labels == current:
            print_changed(inv, obj, f"not labeled{suffix}")
            continue
        updated = obj.copy()
        updated.metadata.labels = labels or None
        mode = inv.dry_run_mode()
        if mode != "client":
            inv.cluster.api.update(updated, dry_run=mode == "server")
        # label.go updateDataChangeMsg: "unlabeled" only when, without --overwrite,
        # the object's JSON got shorter; any other change is "labeled"
        shorter = len(_compact_json(updated)) < len(_compact_json(obj))
        verb = "unlabeled" if shorter and not inv.flag("overwrite") else "labeled"
        print_changed(inv, updated, f"{verb}{suffix}")
    return 0


COMMAND = Command("label", "Update the labels on a resource", HELP, FLAGS, run, examples=EXAMPLES, usage=USAGE)
