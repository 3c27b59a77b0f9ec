"""``kubectl annotate``: add, change, remove or list the annotations of objects (``pkg/cmd/annotate/annotate.go``).

The objects are named by arguments, by ``-f`` files, or are the files' own with ``--local``
(:mod:`kubesim_nb.kubectl.targets`). Unlike ``label``, every object is reported ``annotated``; an object
that cannot be annotated does not stop the others, and the errors are printed at the end.
"""

from __future__ import annotations

from dataclasses import replace

from ...errors import KubeSimError, UsageError
from ..base import DRY_RUN_FLAG, Command, Invocation
from ..flags import Flag
from ..flagsets import ALL_NAMESPACES_FLAG, FIELD_SELECTOR_FLAG, field_manager_flag, filename_flags, printer_flags
from ..targets import DataObject, locked, start_metadata_edit

__all__ = ["COMMAND"]

FLAGS = [
    Flag("all", kind="bool", usage="Select all resources in the namespace of the specified resource types"),
    ALL_NAMESPACES_FLAG,
    DRY_RUN_FLAG,
    field_manager_flag("kubectl-annotate"),
    replace(FIELD_SELECTOR_FLAG, implemented=False),
    *filename_flags("identifying the resource.", kustomize="Process a kustomization directory.", recursive=True),
    Flag("list", kind="bool", usage="If true, display the annotations for a given resource."),
    Flag("local", kind="bool", usage="If true, annotation will NOT contact api-server but run locally."),
    Flag(
        "overwrite",
        kind="bool",
        usage="If true, allow annotations to be overwritten, otherwise reject annotation updates that overwrite "
        "existing annotations.",
    ),
    *printer_flags(),
    Flag(
        "resource-version",
        usage="If non-empty, the annotation update will only succeed if this is the current resource-version for the "
        "object. Only valid when specifying a single resource.",
    ),
    Flag(
        "selector",
        short="l",
        usage="Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2)",
    ),
]

HELP = """Update the annotations on one or more resources.

 All Kubernetes objects support the ability to store additional data with the object as annotations.
Annotations are key/value pairs that can be larger than labels and include arbitrary string values such as
structured JSON. Tools and system extensions may use annotations to store their own data."""

EXAMPLES = """  # Add an annotation to a service
  kubectl annotate service web-service description='my frontend'

  # Change it (the value exists: --overwrite)
  kubectl annotate --overwrite service web-service description='my frontend running nginx'

  # Remove it (note the trailing dash)
  kubectl annotate service web-service description-"""

USAGE = (
    "kubectl annotate [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N "
    "[--resource-version=version] [options]"
)

# polymorphichelpers.ChangeCauseAnnotation: always overwritable
CHANGE_CAUSE = "kubernetes.io/change-cause"


def _parse_annotations(changes: list[str]) -> tuple[dict[str, str], list[str]]:
    """``cmdutil.ParsePairs(..., "annotation", true)`` and ``validateAnnotations``."""
    add: dict[str, str] = {}
    remove: list[str] = []
    for change in changes:
        if "=" in change and not change.startswith("="):
            key, _, value = change.partition("=")
            add[key] = value
        else:
            remove.append(change[:-1])
    both = [key for key in remove if key in add]
    if both:
        raise UsageError(
            "can not both modify and remove the following annotation(s) in the same command: " + ", ".join(both)
        )
    return add, remove


def _annotate(obj: DataObject, overwrite: bool, add: dict[str, str], remove: list[str]) -> None:
    """``updateAnnotations``: without ``--overwrite`` an annotation may not change value."""
    annotations = obj.metadata_map("annotations") or {}
    if not overwrite:
        found = [
            f"'{key}' already has a value ({annotations[key]})"
            for key, value in sorted(add.items())
            if key != CHANGE_CAUSE and key in annotations and annotations[key] != value
        ]
        if found:
            raise UsageError("--overwrite is false but found the following declared annotation(s): " + "; ".join(found))
    annotations.update(add)
    for key in remove:
        annotations.pop(key, None)
    obj.set_metadata_map("annotations", annotations)


def run(inv: Invocation) -> int:
    edit = start_metadata_edit(inv, "annotation", _parse_annotations, "rsrc.yaml", "annotate")
    for obj in edit.objects:
        try:
            _annotate(obj, inv.flag("overwrite"), edit.add, edit.remove)
            if edit.sends:
                updated = inv.cluster.api.update(locked(inv, obj).decoded(), dry_run=edit.mode == "server")
                obj = DataObject(obj.kind, updated.to_dict())
        except KubeSimError as err:
            edit.errors.append(err)
            continue
        edit.report(inv, obj, "annotated")
    return edit.finish(inv)


COMMAND = Command("annotate", "Update the annotations on a resource", HELP, FLAGS, run, examples=EXAMPLES, usage=USAGE)
