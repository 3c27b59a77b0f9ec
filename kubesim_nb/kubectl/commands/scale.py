"""``kubectl scale``: set a Deployment's or ReplicaSet's replicas (``pkg/cmd/scale/scale.go``)."""

from __future__ import annotations

from ...api.apps import Deployment, ReplicaSet
from ...errors import ApiError, UsageError
from ..base import DRY_RUN_FLAG, Command, Invocation, dry_run_suffix, print_changed
from ..builder import select_objects
from ..errors import print_errors
from ..flags import Flag
from ..flagsets import SELECTOR_FLAG, filename_flags, printer_flags

__all__ = ["COMMAND"]

FLAGS = [
    Flag("all", kind="bool", usage="Select all resources in the namespace of the specified resource types"),
    Flag(
        "current-replicas",
        kind="int",
        default=-1,
        usage="Precondition for current size. Requires that the current size of the resource match this value in "
        "order to scale. -1 (default) for no condition.",
    ),
    DRY_RUN_FLAG,
    *filename_flags("Filename, directory, or URL to files identifying the resource to set a new size"),
    *printer_flags(),
    Flag("replicas", kind="int", usage="The new desired number of replicas. Required.", required=True),
    Flag(
        "resource-version",
        usage="Precondition for resource version. Requires that the current resource version match this value in "
        "order to scale.",
    ),
    SELECTOR_FLAG,
    Flag(
        "timeout",
        kind="duration",
        usage="The length of time to wait before giving up on a scale operation, zero means don't wait. Any other "
        "values should contain a corresponding time unit (e.g. 1s, 2m, 3h).",
    ),
]

HELP = """Set a new size for a deployment or replica set."""

EXAMPLES = """  # Scale a deployment named 'web-deployment' to 5 replicas
  kubectl scale --replicas=5 deployment/web-deployment"""

USAGE = (
    "kubectl scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME) "
    "[options]"
)


def _wait_for_replicas(inv: Invocation, obj, timeout: float) -> None:
    """``--timeout``: scale.go's ``WaitForScaleHasDesiredReplicas``, polling every second."""
    waited = 0
    while True:
        current = inv.cluster.api.get(type(obj), obj.namespace, obj.name)
        status = current.status
        if status is not None and (status.replicas or 0) == current.spec.replicas:
            return
        if waited >= timeout:
            raise UsageError("timed out waiting for the condition")
        inv.cluster.advance(1)
        waited += 1


def run(inv: Invocation) -> int:
    replicas = inv.flag("replicas")
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
        # scale.go ScalePrecondition.validate: the PreconditionErrors
        if expected >= 0 and obj.spec.replicas != expected:
            raise UsageError(f"Expected replicas to be {expected}, was {obj.spec.replicas}")
        version = inv.flag("resource-version")
        if version and obj.metadata.resource_version != version:
            raise UsageError(f"Expected resource version to be {version}, was {obj.metadata.resource_version}")
        updated = obj.copy()
        updated.spec.replicas = replicas
        if mode != "client":
            inv.cluster.api.update(updated, dry_run=mode == "server")
        if mode == "none" and inv.flag("timeout"):
            _wait_for_replicas(inv, updated, inv.flag("timeout"))
        print_changed(inv, updated, f"scaled{suffix}")
    print_errors(inv.out, missing)  # the builder's NotFound errors, returned after scaling the rest
    return 1 if missing else 0


COMMAND = Command(
    "scale",
    "Set a new size for a deployment, replica set, or replication controller",
    HELP,
    FLAGS,
    run,
    examples=EXAMPLES,
    usage=USAGE,
)
