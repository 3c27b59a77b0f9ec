"""``kubectl scale``: set a Deployment's or ReplicaSet's replicas (``pkg/cmd/scale/scale.go``)."""

from __future__ import annotations

from ...api.apps import Deployment, ReplicaSet
from ...errors import ApiError, UsageError
from ..base import DRY_RUN_FLAG, Command, Invocation, dry_run_suffix, print_changed
from ..builder import select_objects
from ..errors import print_errors
from ..flags import Flag

__all__ = ["COMMAND"]

FLAGS = [
    Flag("replicas", None, "int", None),
    Flag("current-replicas", None, "int", -1),
    Flag("selector", "l"),
    Flag("all", None, "bool", False),
    DRY_RUN_FLAG,
    Flag("output", "o"),
    Flag("timeout"),
]

HELP = """Set a new size for a deployment or replica set.

Examples:
  # Scale a deployment named 'web-deployment' to 5 replicas
  kubectl scale --replicas=5 deployment/web-deployment

Options:
    --current-replicas=-1: Precondition for current size.
    --replicas=0: The new desired number of replicas. Required.

Usage:
  kubectl scale [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME) [options]
"""


def run(inv: Invocation) -> int:
    replicas = inv.flag("replicas")
    if replicas is None:
        raise UsageError('required flag(s) "replicas" not set')
    if replicas < 0:
        raise UsageError("The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0")
    mode = inv.dry_run_mode()
    objects, missing = select_objects(inv, inv.args.positional)
    if not objects:
        # kubectl 1.34 scale.go: `fmt.Errorf("no objects passed to scale %w", infoErr)`
        messages = [err.message for err in missing]
        detail = messages[0] if len(messages) == 1 else ("[" + ", ".join(messages) + "]" if messages else "")
        raise UsageError(f"no objects passed to scale {detail}".rstrip())
    suffix = dry_run_suffix(mode)
    expected = inv.flag("current-replicas")
    for obj in objects:
        if not isinstance(obj, (Deployment, ReplicaSet)):
            # the scale client asks for <resource>/scale, which only workloads have
            verb = "get" if expected >= 0 else "patch"
            raise ApiError(
                "NotFound",
                f"the server could not find the requested resource ({verb} {obj.RESOURCE} {obj.name})",
                code=404,
            )
        if expected >= 0 and obj.spec.replicas != expected:
            raise UsageError(f"Expected replicas to be {expected}, was {obj.spec.replicas}")
        updated = obj.copy()
        updated.spec.replicas = replicas
        if mode != "client":
            inv.cluster.api.update(updated, dry_run=mode == "server")
        print_changed(inv, updated, f"scaled{suffix}")
    print_errors(inv.out, missing)  # the builder's NotFound errors, returned after scaling the rest
    return 1 if missing else 0


COMMAND = Command("scale", "Set a new size for a deployment or replica set", HELP, FLAGS, run)
