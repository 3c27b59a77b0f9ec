"""``kubectl label``: add, change, remove or list the labels of objects (``pkg/cmd/label/label.go``).

The objects are named by arguments, by ``-f`` files, or are the files' own with ``--local``
(:mod:`kubesim_nb.kubectl.targets`). An object that cannot be labelled does not stop the others: the
errors are printed at the end.
"""

from __future__ import annotations

from dataclasses import replace

from ...api.naming import is_valid_label_value
from ...errors import KubeSimError, UsageError
from ..base import DRY_RUN_FLAG, Command, Invocation
from ..flags import Flag
from ..flagsets import FIELD_SELECTOR_FLAG, SELECTOR_FLAG, field_manager_flag, filename_flags, printer_flags
from ..targets import DataObject, locked, start_metadata_edit

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
  kubectl label pods web-pod-1 version-

  # Label the object of a file without a cluster, and print it
  kubectl label --local -f web-deployment.yaml tier=frontend -o yaml"""

USAGE = (
    "kubectl label [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] "
    "[options]"
)

# label.go: what the name printer says happened
NOT_LABELED, LABELED, UNLABELED, MODIFIED = "not labeled", "labeled", "unlabeled", "modified"


def _parse_label_changes(changes: list[str]) -> tuple[dict[str, str], list[str]]:
    """``parseLabels``: ``key=value`` (one ``=``, a valid value) or ``key-``; the key is the server's to check."""
    add, remove = {}, []
    for spec in changes:
        if "=" in spec:
            parts = spec.split("=")
            if len(parts) != 2:
                raise UsageError(f"invalid label spec: {spec}")
            problems = is_valid_label_value(parts[1])
            if problems:
                raise UsageError(f'invalid label value: "{spec}": {";".join(problems)}')
            add[parts[0]] = parts[1]
        else:
            remove.append(spec[:-1])
    if any(key in add for key in remove):
        raise UsageError("can not both modify and remove a label in the same command")
    return add, remove


def _overwrites(obj: DataObject, add: dict[str, str]) -> list[KubeSimError]:
    """``validateNoOverwrites``: a label that would change value needs ``--overwrite``."""
    labels = obj.metadata_map("labels") or {}
    return [
        UsageError(f"'{key}' already has a value ({labels[key]}), and --overwrite is false")
        for key, value in add.items()
        if key in labels and labels[key] != value
    ]


def _relabel(obj: DataObject, add: dict[str, str], remove: list[str]) -> str:
    """``labelFunc`` on the object's data; what changed, as the printed word."""
    labels = obj.metadata_map("labels") or {}
    added = [key for key, value in add.items() if labels.get(key) != value]
    removed = [key for key in remove if key in labels]
    labels.update(add)
    for key in removed:
        del labels[key]
    obj.set_metadata_map("labels", labels)
    if added and removed:
        return MODIFIED
    return LABELED if added else UNLABELED if removed else NOT_LABELED


def run(inv: Invocation) -> int:
    edit = start_metadata_edit(inv, "label", _parse_label_changes, "pod.yaml", "label")
    for obj in edit.objects:
        if edit.sends:
            present = obj.metadata_map("labels") or {}
            for key in edit.remove:
                if key not in present:
                    inv.out.out(f'label "{key}" not found.')
        conflicts = [] if inv.flag("overwrite") else _overwrites(obj, edit.add)
        if conflicts:
            edit.errors += conflicts
            continue
        operation = _relabel(obj, edit.add, edit.remove)
        try:
            if edit.sends and operation != NOT_LABELED:
                inv.cluster.api.update(locked(inv, obj).decoded(), dry_run=edit.mode == "server")
        except KubeSimError as err:
            edit.errors.append(err)
            continue
        edit.report(inv, obj, operation)
    return edit.finish(inv)


COMMAND = Command("label", "Update the labels on a resource", HELP, FLAGS, run, examples=EXAMPLES, usage=USAGE)
