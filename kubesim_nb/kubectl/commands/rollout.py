"""``kubectl rollout status|restart``: watch a Deployment's rollout, or restart its Pods
(``pkg/cmd/rollout``; the status messages are ``polymorphichelpers/rollout_status.go``'s)."""

from __future__ import annotations

from ...api.apps import Deployment
from ...clock import parse_duration
from ...errors import UsageError
from ..base import Command, Invocation
from ..builder import named_object
from ..flags import Flag, invalid_argument

__all__ = ["COMMAND", "STATUS_STEPS", "STATUS_STEP_SECONDS", "rollout_state"]

# rollout status: simulated time passes in steps of a second until the rollout is done, ten minutes at most
STATUS_STEP_SECONDS = 1.0
STATUS_STEPS = 600

FLAGS = [Flag("watch", "w", "bool", True), Flag("timeout", None, "str", "0s"), Flag("revision", None, "int", 0)]

HELP = (
    "Manage the rollout of a deployment.\n\nExamples:\n  kubectl rollout status deployment/web-deployment\n  "
    "kubectl rollout restart deployment/web-deployment\n\nUsage:\n  kubectl rollout SUBCOMMAND [options]\n"
)


def rollout_state(d: Deployment) -> tuple[bool, str]:
    """The messages of kubectl's rollout status viewer (polymorphichelpers/rollout_status.go)."""
    status = d.status
    want = d.spec.replicas or 0
    if status is None or (status.observed_generation or 0) < (d.metadata.generation or 0):
        return False, "Waiting for deployment spec update to be observed..."
    updated, total, available = status.updated_replicas or 0, status.replicas or 0, status.available_replicas or 0
    name = d.metadata.name
    waiting = f'Waiting for deployment "{name}" rollout to finish'
    if updated < want:
        return False, f"{waiting}: {updated} out of {want} new replicas have been updated..."
    if total > updated:
        return False, f"{waiting}: {total - updated} old replicas are pending termination..."
    if available < updated:
        return False, f"{waiting}: {available} of {updated} updated replicas are available..."
    return True, f'deployment "{name}" successfully rolled out'


def run(inv: Invocation) -> int:
    args = inv.args.positional
    if not args or args[0] not in ("status", "restart"):
        raise UsageError(
            "kubesim supports 'kubectl rollout status' and 'kubectl rollout restart'",
            hint="See 'kubectl rollout -h' for help and examples",
        )
    if not args[1:]:
        raise UsageError(
            "Required resource not specified.", hint=f"See 'kubectl rollout {args[0]} -h' for help and examples"
        )
    kind, name = named_object(args[1:])
    inv.cluster.api.get(kind, inv.namespace if kind.NAMESPACED else "", name)  # NotFound first, as the builder does
    if kind is not Deployment:
        # polymorphichelpers: no viewer / restarter for other kinds (DaemonSets and StatefulSets do not exist here)
        if args[0] == "status":
            raise UsageError(f"no status viewer has been implemented for {kind.KIND}")
        raise UsageError(f'{kind.qualified_resource()} "{name}" restarting is not supported')
    cluster = inv.cluster
    if args[0] == "restart":
        d = cluster.api.get(Deployment, inv.namespace, name).copy()
        template_meta = d.spec.template.metadata
        template_meta.annotations = {
            **(template_meta.annotations or {}),
            "kubectl.kubernetes.io/restartedAt": cluster.clock.timestamp(),
        }
        cluster.api.update(d)
        inv.out.out(f"deployment.apps/{name} restarted")
        return 0
    text = inv.flag("timeout") or "0s"
    try:
        timeout = parse_duration(text)
    except ValueError:
        raise UsageError(invalid_argument(text, "--timeout", f'time: invalid duration "{text}"')) from None
    done, message = rollout_state(cluster.api.get(Deployment, inv.namespace, name))
    inv.out.out(message)  # the watch's ADDED event
    if done or not inv.flag("watch"):
        return 0
    state = {"done": False}

    def on_event(event) -> None:
        """rollout_status.go prints the status at every change of the Deployment, until it is done."""
        obj = event.object
        if state["done"] or event.kind is not Deployment or event.type != "MODIFIED":
            return
        if obj.namespace != inv.namespace or obj.name != name:
            return
        state["done"], text = rollout_state(obj)
        inv.out.out(text)

    cluster.api.watch(on_event)
    try:
        for waited in range(STATUS_STEPS):
            if timeout and waited >= timeout:
                inv.out.err("error: timed out waiting for the condition")
                return 1
            cluster.advance(STATUS_STEP_SECONDS)
            if state["done"]:
                return 0
    finally:
        cluster.api.unwatch(on_event)
    inv.out.err(f'error: deployment "{name}" exceeded its progress deadline')
    return 1


COMMAND = Command("rollout", "Manage the rollout of a resource", HELP, FLAGS, run)
