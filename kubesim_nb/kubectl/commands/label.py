"""``kubectl label``: add, change, remove or list the labels of objects (``pkg/cmd/label/label.go``)."""

from __future__ import annotations

import json

from ...api.naming import is_qualified_name, is_valid_label_value
from ...errors import UsageError
from ..base import DRY_RUN_FLAG, Command, Invocation, dry_run_suffix, print_changed
from ..builder import RESOURCES_REQUIRED, select_objects
from ..flags import Flag

__all__ = ["COMMAND"]

FLAGS = [
    Flag("overwrite", None, "bool", False),
    Flag("selector", "l"),
    Flag("all", None, "bool", False),
    Flag("all-namespaces", "A", "bool", False),
    Flag("list", None, "bool", False),
    DRY_RUN_FLAG,
    Flag("output", "o"),
    Flag("resource-version"),
]

HELP = """Update the labels on a resource.

Examples:
  # Add a label
  kubectl label pods web-pod-1 tier=frontend

  # Change an existing label
  kubectl label --overwrite pods web-pod-1 version=v2

  # Remove a label (note the trailing dash)
  kubectl label pods web-pod-1 version-

Options:
    --all=false: Select all resources, in the namespace of the specified resource types
    --list=false: If true, display the labels for a given resource.
    --overwrite=false: If true, allow labels to be overwritten, \
otherwise reject label updates that overwrite existing labels.
    -l, --selector='': Selector (label query) to filter on.

Usage:
  kubectl label [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N \
[--resource-version=version] [options]
"""


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
                raise UsageError(f'invalid label value: "{spec}": {";".join(problems)}')
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


def run(inv: Invocation) -> int:
    resources, changes = _split_label_args(inv.args.positional)
    if inv.flag("all") and inv.flag("selector"):
        raise UsageError("cannot set --all and --selector at the same time")
    if not resources:
        raise UsageError(RESOURCES_REQUIRED)
    if not changes and not inv.flag("list"):
        raise UsageError("at least one label update is required")
    add, remove = _parse_label_changes(changes)
    objects, missing = select_objects(inv, resources)
    if missing:
        raise missing[0]
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


COMMAND = Command("label", "Update the labels on a resource", HELP, FLAGS, run)
