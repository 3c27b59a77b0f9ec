"""``kubectl delete``: by name, ``TYPE/NAME``, ``-f``, ``-l`` or ``--all``; waits for Pods to go
(``pkg/cmd/delete/delete.go``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ...api.core import Pod
from ...errors import KubeSimError, UsageError
from ..base import DRY_RUN_FLAG, Command, Invocation, dry_run_suffix
from ..builder import SELECTOR_NEEDS_RESOURCE, select_objects
from ..errors import print_errors
from ..flags import Flag
from ..flagsets import (
    ALL_NAMESPACES_FLAG,
    FIELD_SELECTOR_FLAG,
    FORCE_FLAG,
    SELECTOR_FLAG,
    deletion_flags,
)

__all__ = ["COMMAND", "WAIT_STEP_SECONDS", "WAIT_STEPS", "deleted_line", "pod_gone"]

# --wait: simulated time passes in steps of a second until the Pods are gone, for two minutes at most
WAIT_STEP_SECONDS = 1.0
WAIT_STEPS = 120

FLAGS = [
    Flag("all", kind="bool", usage="Delete all resources, in the namespace of the specified resource types."),
    ALL_NAMESPACES_FLAG,
    *deletion_flags("containing the resource to delete.", wait=True),
    DRY_RUN_FLAG,
    replace(FIELD_SELECTOR_FLAG, implemented=False),
    FORCE_FLAG,
    Flag(
        "ignore-not-found",
        kind="bool",
        usage='Treat "resource not found" as a successful delete. Defaults to "true" when --all is specified.',
    ),
    Flag(
        "interactive",
        short="i",
        kind="bool",
        usage="If true, delete resource only when user confirms.",
    ),
    Flag(
        "now",
        kind="bool",
        usage="If true, resources are signaled for immediate shutdown (same as --grace-period=1).",
    ),
    Flag("output", short="o", usage='Output mode. Use "-o name" for shorter output (resource/name).'),
    Flag(
        "raw",
        usage="Raw URI to DELETE to the server.  Uses the transport specified by the kubeconfig file.",
        implemented=False,
    ),
    SELECTOR_FLAG,
]

HELP = """Delete resources by file names, stdin, resources and names, or by resources and label selector."""

EXAMPLES = """  # Delete a pod; its Deployment's ReplicaSet replaces it with a new Pod (new name, new IP)
  kubectl delete pod web-deployment-7d4b9c6f5-x2kqz

  # Delete the objects of a manifest
  kubectl delete -f web-service.yaml

  # Delete pods with label app=web
  kubectl delete pods -l app=web"""

USAGE = "kubectl delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)]) [options]"


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


def deleted_line(obj, inv: Invocation, suffix: str, grace: int) -> str:
    """delete.go PrintObj: ``<kind>[.<group>] "<name>" deleted[ from <ns> namespace]``."""
    if inv.flag("output") == "name":
        return f"{obj.kind_prefix()}/{obj.name}"
    where = f" from {obj.namespace} namespace" if type(obj).NAMESPACED else ""
    verb = "force deleted" if grace == 0 else "deleted"
    return f'{obj.kind_prefix()} "{obj.name}" {verb}{where}{suffix}'


def _targets(inv: Invocation) -> tuple[list, list[KubeSimError]]:
    """(objects, errors) to delete, in kubectl's order."""
    if not inv.flag("filename") and not inv.args.positional and inv.flag("all"):
        raise UsageError(SELECTOR_NEEDS_RESOURCE)  # delete.go gives the builder --all as a selector
    return select_objects(inv, inv.args.positional, "deleting")


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
            f'invalid cascade value ({inv.flag("cascade")}). Must be "background", "foreground", or "orphan"'
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
    if inv.flag("interactive") and not _confirmed(inv, found, errors):
        return 0
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
        inv.out.out(deleted_line(obj, inv, suffix, grace))
    if dry_run == "none" and inv.flag("wait"):
        _wait_for_pods(inv, [o for o in found if isinstance(o, Pod)])
    print_errors(inv.out, errors)
    return 1 if errors else 0


def _confirmed(inv: Invocation, found: list, errors: list[KubeSimError]) -> bool:
    """``--interactive`` (delete.go ``confirmation``): list what would go and ask; only "y" deletes."""
    if errors:
        raise errors[0]  # the preview stops at the first object it cannot find
    if not found:
        inv.out.out("No resources found")
        return False
    inv.out.out(f"You are about to delete the following {len(found)} resource(s):")
    inv.out.out("\n".join(f"{obj.kind_prefix()}/{obj.name}" for obj in found))
    prompt = "Do you want to continue? (y/N): "
    if inv.read_line is not None:
        answer = inv.read_line(prompt) or ""
    else:
        inv.out.raw(prompt)
        answer = (inv.stdin or "").split("\n", 1)[0]
    if answer.strip().lower() != "y":  # fmt.Fscanln reads one word; strings.EqualFold compares it
        inv.out.out("deletion is cancelled")
        return False
    return True


def pod_gone(api: Any, pod: Pod) -> bool:
    """The Pod is no longer there (a Pod of the same name that came back is another one)."""
    current = api.find(Pod, pod.namespace, pod.name)
    return current is None or current.metadata.uid != pod.metadata.uid


def _wait_for_pods(inv: Invocation, pods: list) -> None:
    """``--wait``: kubectl returns once the Pods are really gone (simulated time passes meanwhile)."""
    for _ in range(WAIT_STEPS):
        if all(pod_gone(inv.cluster.api, p) for p in pods):
            return
        inv.cluster.advance(WAIT_STEP_SECONDS)


COMMAND = Command(
    "delete",
    "Delete resources by file names, stdin, resources and names, or by resources and label selector",
    HELP,
    FLAGS,
    run,
    examples=EXAMPLES,
    usage=USAGE,
    suggest_for=("rm", "remove"),
)
