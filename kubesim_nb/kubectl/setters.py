"""What ``kubectl set image|env|selector`` share (``k8s.io/kubectl/pkg/cmd/set/helper.go``).

Their objects are typed (the builder decodes them with ``scheme.Scheme``): the live objects the arguments
or ``-f`` files name, or with ``--local`` the files' own objects, whose unknown fields are dropped and which
print as Go marshals the struct (:class:`~kubesim_nb.kubectl.typed.TypedObject`). ``CalculatePatch`` keeps
only the objects the change touched; each is printed (``--local``, ``--dry-run=client``) or sent.
:func:`pod_spec_to_change` is ``polymorphichelpers.UpdatePodSpecForObjectFn``.
"""

from __future__ import annotations

from typing import Any, Callable

from ..api.apps import Deployment, ReplicaSet
from ..api.batch import CronJob, Job
from ..api.core import Pod, PodSpec
from ..errors import ApiError, KubeSimError, UsageError
from .base import DRY_RUN_FLAG, Invocation, dry_run_suffix, print_changed
from .builder import NOTHING_NAMED, check_no_args_with_files, select_objects, visit_manifests
from .errors import print_errors
from .flags import Flag
from .flagsets import field_manager_flag, printer_flags
from .objects import decode_document
from .typed import TypedObject

__all__ = ["change_all", "pod_spec_to_change", "selected", "set_flags", "set_targets"]


def set_flags(all_usage: str, what: str, files: list[Flag]) -> list[Flag]:
    """What every ``set`` subcommand adds, each with its own wording: ``--all``, ``--local`` (``set <what>``
    runs locally), the ``files`` flags (``AddFilenameOptionFlags``), ``AddDryRunFlag``, ``PrintFlags`` and
    ``AddFieldManagerFlagVar``."""
    return [
        Flag("all", kind="bool", usage=all_usage),
        DRY_RUN_FLAG,
        field_manager_flag("kubectl-set"),
        *files,
        Flag("local", kind="bool", usage=f"If true, {what} will NOT contact api-server but run locally."),
        *printer_flags(),
    ]


def pod_spec_to_change(obj: Any) -> PodSpec:
    """The Pod spec of a Pod, or of the Pod template of a workload; any other object has none."""
    if isinstance(obj, Pod):
        return obj.spec
    if isinstance(obj, (Deployment, ReplicaSet, Job)):
        return obj.spec.template.spec
    if isinstance(obj, CronJob):
        return obj.spec.job_template.spec.template.spec
    raise UsageError(f"the object is not a pod or does not have a pod template: *v1.{type(obj).KIND}")


def _object_name(inv: Invocation, obj: Any) -> str:
    """``resource.Info.ObjectName``: ``<resource>/<name>`` with the server's mapping; without one (``--local``)
    the kind, and for a kind in a group Go's own stray newline after the name."""
    kind = type(obj)
    if not inv.flag("local"):
        return f"{kind.RESOURCE}/{obj.name}"
    return f"{kind.KIND.lower()}.{kind.GROUP}/{obj.name}\n" if kind.GROUP else f"{kind.KIND.lower()}/{obj.name}"


def set_targets(inv: Invocation, resources: list[str], verb: str) -> tuple[list[Any], list[KubeSimError]]:
    """Typed copies of the objects to change, and the errors met finding them (the builder goes on)."""
    if not resources and not inv.flag("filename"):
        raise UsageError(NOTHING_NAMED)
    if not inv.flag("filename"):
        found, errors = select_objects(inv, resources)
        return [obj.copy() for obj in found], errors
    local = bool(inv.flag("local"))
    if not local:  # LocalParam: a local builder takes no resource arguments
        check_no_args_with_files(resources)
    infos, problems = visit_manifests(inv, verb, local=local)
    objects: list[Any] = []
    errors: list[KubeSimError] = [err for _, err in problems]
    for info in infos:
        obj = decode_document(info.kind, info.data, validate="ignore")  # the scheme's decoder drops unknown fields
        if not local:
            live = inv.cluster.api.find(info.kind, obj.namespace if info.kind.NAMESPACED else "", obj.name)
            if live is None:
                errors.append(ApiError.not_found(info.kind.qualified_resource(), obj.name))
                continue
            obj = live.copy()
        objects.append(obj)
    return objects, errors


def selected(name: str, spec: str) -> bool:
    """``selectString``, quirks included: ``*`` matches all; in a pattern, each part is looked for after the
    previous one's start (the first part may match anywhere)."""
    if spec == "*":
        return True
    if "*" not in spec:
        return name == spec
    parts = spec.split("*")
    position = 0
    for i, part in enumerate(parts):
        if not part:
            continue
        found = name[position:].find(part)
        if found < position or (i == 0 and position != 0) or (i == len(parts) - 1 and len(name) != len(part) + found):
            return False
        position = found
    return True


def _apply_change(
    inv: Invocation, obj: Any, change: Callable[[Any], None], operation: str, failure: str, selector: bool = False
) -> None:
    """``CalculatePatch`` and what follows: ``change`` the object; print it (``--local``,
    ``--dry-run=client``) or send it and print the answer. set image|env skip an object the change left as
    it was and report a failed change after the object's name; set selector (``selector``) does neither.
    ``failure`` starts the message of a rejected request (``failed to patch image update to pod template: ``)."""
    before = obj.marshal()
    try:
        change(obj)
    except UsageError as err:
        if selector:
            raise
        # set_image.go and set_env.go: fmt.Errorf("error: %s %v\n", name, err), already kubectl's whole text
        raise KubeSimError(f"error: {_object_name(inv, obj)} {err.message}\n") from None
    if obj.marshal() == before and not selector:
        return
    mode = inv.dry_run_mode()
    if not inv.flag("local") and mode != "client":
        try:
            obj = inv.cluster.api.update(obj, dry_run=mode == "server")
        except ApiError as err:
            raise UsageError(failure + err.message) from None
    print_changed(inv, TypedObject(obj), operation + dry_run_suffix(mode))


def change_all(
    inv: Invocation,
    objects: list[Any],
    errors: list[KubeSimError],
    change: Callable[[Any], None],
    operation: str,
    failure: str,
    selector: bool = False,
) -> int:
    """:func:`_apply_change` on each object; what failed is printed at the end, after the errors met before."""
    for obj in objects:
        try:
            _apply_change(inv, obj, change, operation, failure, selector)
        except KubeSimError as err:
            errors.append(err)
    print_errors(inv.out, errors)
    return 1 if errors else 0
