"""``kubectl delete``: by name, ``TYPE/NAME``, ``-f``, ``-l`` or ``--all``; waits for Pods to go
(``pkg/cmd/delete/delete.go``)."""

from __future__ import annotations

from ...api.core import Pod
from ...errors import ApiError, KubeSimError, UsageError
from ..base import DRY_RUN_FLAG, Command, Invocation, dry_run_suffix
from ..builder import NOTHING_NAMED, check_no_args_with_files, select_objects
from ..errors import add_source_to_err, print_errors
from ..flags import Flag
from ..manifests import read_sources
from ..objects import mapping_for

__all__ = ["COMMAND"]

FLAGS = [
    Flag("filename", "f", "list"),
    Flag("selector", "l"),
    Flag("all", None, "bool", False),
    Flag("all-namespaces", "A", "bool", False),
    Flag("grace-period", None, "int", -1),
    Flag("force", None, "bool", False),
    Flag("now", None, "bool", False),
    Flag("wait", None, "bool", True),
    Flag("ignore-not-found", None, "bool", False),
    Flag("output", "o"),
    DRY_RUN_FLAG,
    Flag("recursive", "R", "bool", False),
    Flag("cascade", None, "str", "background", no_value="background"),
    Flag("timeout"),
]

HELP = """Delete resources by file names, stdin, resources and names, or by resources and label selector.

Examples:
  # Delete a pod; its Deployment's ReplicaSet replaces it with a new Pod (new name, new IP)
  kubectl delete pod web-deployment-7d4b9c6f5-x2kqz

  # Delete the objects of a manifest
  kubectl delete -f web-service.yaml

  # Delete pods with label app=web
  kubectl delete pods -l app=web

Options:
    --all=false: Delete all resources, in the namespace of the specified resource types.
    -f, --filename=[]: containing the resource to delete.
    --force=false: Immediately remove resources from API and bypass graceful deletion.
    --grace-period=-1: Period of time in seconds given to the resource to terminate gracefully.
    -l, --selector='': Selector (label query) to filter on.
    --wait=true: If true, wait for resources to be gone before returning.

Usage:
  kubectl delete ([-f FILENAME] | TYPE [(NAME | -l label | --all)]) [options]
"""


def _effective_grace(inv: Invocation) -> int:
    """delete.go Complete: ``--now`` is 1 s; ``--grace-period=0`` needs ``--force`` (else it becomes 1);
    ``--force`` alone means 0."""
    grace = inv.flag("grace-period")
    if inv.flag("now"):
        if grace != -1:
            raise UsageError("--now and --grace-period cannot be specified together")
        grace = 1
    if grace == 0 and not inv.flag("force"):
        grace = 1
    if inv.flag("force") and grace < 0:
        grace = 0
    return grace


def _line(obj, inv: Invocation, suffix: str, grace: int) -> str:
    """delete.go PrintObj: ``<kind>[.<group>] "<name>" deleted[ from <ns> namespace]``."""
    if inv.flag("output") == "name":
        return f"{obj.kind_prefix()}/{obj.name}"
    where = f" from {obj.namespace} namespace" if type(obj).NAMESPACED else ""
    verb = "force deleted" if grace == 0 else "deleted"
    return f'{obj.kind_prefix()} "{obj.name}" {verb}{where}{suffix}'


def _targets_from_files(inv: Invocation) -> tuple[list, list[KubeSimError]]:
    """The live objects the ``-f`` manifests name; the builder's own problems (unreadable files,
    unknown kinds) come before the objects that are not there."""
    check_no_args_with_files(inv)
    documents, read_errors = read_sources(inv.flag("filename"), inv.stdin, inv.cwd, bool(inv.flag("recursive")))
    problems: list[tuple[float, KubeSimError]] = list(read_errors)
    found, missing = [], []
    for index, doc in enumerate(documents):
        try:
            kind = mapping_for(doc, "ignore")  # delete's builder has no schema
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
            missing.append(add_source_to_err("deleting", doc.source, not_found))
    problems.sort(key=lambda item: item[0])
    return found, [err for _, err in problems] + missing


def _targets(inv: Invocation) -> tuple[list, list[KubeSimError]]:
    """(objects, errors) to delete, in kubectl's order."""
    if inv.flag("filename"):
        return _targets_from_files(inv)
    if not inv.args.positional:
        raise UsageError(NOTHING_NAMED)
    return select_objects(inv, inv.args.positional)


def _propagation(inv: Invocation) -> str:
    """``--cascade``: background (default), foreground or orphan; the old booleans still work."""
    value = str(inv.flag("cascade", "background")).lower()
    if value in ("true", "false"):
        replacement = "background" if value == "true" else "orphan"
        inv.out.err(
            f"warning: --cascade={value} is deprecated (boolean value) and can be replaced with "
            f"--cascade={replacement}."
        )
        value = replacement
    if value not in ("background", "foreground", "orphan"):
        raise UsageError(
            f'invalid cascade value ({inv.flag("cascade")}). Must be "background", "foreground", or "orphan".'
        )
    return value.capitalize()


def run(inv: Invocation) -> int:
    grace = _effective_grace(inv)
    dry_run = inv.dry_run_mode()
    if inv.flag("all") and inv.flag("selector"):
        raise UsageError("cannot set --all and --selector at the same time")
    if grace == 0 and inv.flag("force") and dry_run == "none":
        inv.out.err(
            "Warning: Immediate deletion does not wait for confirmation that the running resource has been "
            "terminated. The resource may continue to run on the cluster indefinitely."
        )
    suffix = dry_run_suffix(dry_run)
    propagation = _propagation(inv)
    found, errors = _targets(inv)
    if not found and not errors and (inv.flag("selector") or inv.flag("all")):
        where = "" if inv.flag("all-namespaces") else f" in {inv.namespace} namespace"
        inv.out.err(f"No resources found{where}.")
    elif not found and not errors and inv.flag("filename"):
        inv.out.out("No resources found")  # delete.go: manifests that name nothing
    api = inv.cluster.api
    for obj in found:
        if api.find(type(obj), obj.namespace, obj.name) is None:
            continue  # already removed by an earlier cascade
        if dry_run == "none":
            api.delete(
                type(obj), obj.namespace, obj.name, grace_period=None if grace < 0 else grace, propagation=propagation
            )
        inv.out.out(_line(obj, inv, suffix, grace))
    if dry_run == "none" and inv.flag("wait"):
        _wait_for_pods(inv, [o for o in found if isinstance(o, Pod)])
    print_errors(inv.out, errors)
    return 1 if errors else 0


def _gone(inv: Invocation, pod: Pod) -> bool:
    """The Pod is no longer there (a Pod of the same name that came back is another one)."""
    current = inv.cluster.api.find(Pod, pod.namespace, pod.name)
    return current is None or current.metadata.uid != pod.metadata.uid


def _wait_for_pods(inv: Invocation, pods: list) -> None:
    """``--wait``: kubectl returns once the Pods are really gone (simulated time passes meanwhile)."""
    for _ in range(120):
        if all(_gone(inv, p) for p in pods):
            return
        inv.cluster.advance(1)


COMMAND = Command(
    "delete",
    "Delete resources by file names, stdin, resources and names, or by resources and label selector",
    HELP,
    FLAGS,
    run,
)
