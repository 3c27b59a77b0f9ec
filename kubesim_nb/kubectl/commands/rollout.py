"""``kubectl rollout status|restart``: watch a Deployment's rollout, or restart its Pods
(``pkg/cmd/rollout``; the status messages are ``polymorphichelpers/rollout_status.go``'s).

``rollout`` itself only groups its subcommands: these two, and ``history``, ``undo``, ``pause`` and ``resume``
(:mod:`.rollout_revisions`).
"""

from __future__ import annotations

from dataclasses import replace

from ...api.apps import Deployment
from ...controllers.deployment import REVISION
from ...errors import UsageError
from ..base import Command, Invocation, print_changed, print_help_and_fail
from ..builder import named_object, select_objects
from ..errors import print_errors
from ..flags import Flag
from ..flagsets import SELECTOR_FLAG, field_manager_flag, filename_flags, printer_flags
from .rollout_revisions import GET_FILES, HISTORY, PAUSE, RESOURCE_REQUIRED, RESUME, UNDO, check_resource_given

__all__ = ["COMMAND", "STATUS_STEPS", "STATUS_STEP_SECONDS", "rollout_state"]

# rollout status: simulated time passes in steps of a second until the rollout is done, ten minutes at most
STATUS_STEP_SECONDS = 1.0
STATUS_STEPS = 600


STATUS_FLAGS = [
    *filename_flags(GET_FILES, implemented=False),
    Flag(
        "revision",
        kind="int",
        default=0,
        usage="Pin to a specific revision for showing its status. Defaults to 0 (last revision).",
    ),
    replace(SELECTOR_FLAG, implemented=False),
    Flag(
        "timeout",
        kind="duration",
        usage="The length of time to wait before ending watch, zero means never. Any other values should contain a "
        "corresponding time unit (e.g. 1s, 2m, 3h).",
    ),
    Flag("watch", short="w", kind="bool", default=True, usage="Watch the status of the rollout until it's done."),
]
RESTART_FLAGS = [
    *printer_flags(),
    field_manager_flag("kubectl-rollout"),
    *filename_flags(GET_FILES),
    SELECTOR_FLAG,
]

# rollout.go's own text, which a bare ``kubectl rollout`` prints
HELP = """Manage the rollout of one or many resources.
        
 Valid resource types include:

  *  deployments
  *  daemonsets
  *  statefulsets"""  # noqa: W293 (kubectl's text has the blank line of spaces)

EXAMPLES = """  # Rollback to the previous deployment
  kubectl rollout undo deployment/abc
  
  # Check the rollout status of a daemonset
  kubectl rollout status daemonset/foo
  
  # Restart a deployment
  kubectl rollout restart deployment/abc
  
  # Restart deployments with the 'app=nginx' label
  kubectl rollout restart deployment --selector=app=nginx"""  # noqa: W293

STATUS_HELP = """Show the status of the rollout.

 By default 'rollout status' will watch the status of the latest rollout until it's done. If you don't want to
wait for the rollout to finish then you can use --watch=false."""
STATUS_EXAMPLES = """  # Watch the rollout of the web Deployment until its new Pods are ready
  kubectl rollout status deployment/web-deployment"""

RESTART_HELP = "Restart a resource.\n\n Resource rollout will be restarted: its Pods are replaced by new ones."
RESTART_EXAMPLES = """  # Restart a deployment: new Pods, new names, new IPs
  kubectl rollout restart deployment/web-deployment

  # Restart the deployments labelled app=web
  kubectl rollout restart deployment --selector=app=web"""


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


def _check_revision(deployment: Deployment, revision: int) -> None:
    """``--revision``: the status of that revision only (rollout_status.go ``DeploymentStatusViewer``)."""
    current = int((deployment.metadata.annotations or {}).get(REVISION) or 0)
    if revision and current != revision:
        raise UsageError(f"desired revision ({revision}) is different from the running revision ({current})")


def _status(inv: Invocation) -> int:
    if not inv.args.positional:
        raise UsageError(RESOURCE_REQUIRED)
    if inv.flag("revision") < 0:
        raise UsageError(f"revision must be a positive integer: {inv.flag('revision')}")
    kind, name = named_object(inv.args.positional)
    cluster = inv.cluster
    cluster.api.get(kind, inv.namespace if kind.NAMESPACED else "", name)  # NotFound first, as the builder does
    if kind is not Deployment:
        # polymorphichelpers: no status viewer for other kinds (DaemonSets and StatefulSets do not exist here)
        raise UsageError(f"no status viewer has been implemented for {kind.KIND}")
    timeout = inv.flag("timeout") or 0
    deployment = cluster.api.get(Deployment, inv.namespace, name)
    _check_revision(deployment, inv.flag("revision"))
    done, message = rollout_state(deployment)
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


def _restart(inv: Invocation) -> int:
    check_resource_given(inv)
    objects, missing = select_objects(inv, inv.args.positional)
    for obj in objects:
        if not isinstance(obj, Deployment):
            # polymorphichelpers: no restarter for other kinds (DaemonSets and StatefulSets do not exist here)
            raise UsageError(f'{obj.qualified_resource()} "{obj.name}" restarting is not supported')
        updated = obj.copy()
        template_meta = updated.spec.template.metadata
        template_meta.annotations = {
            **(template_meta.annotations or {}),
            "kubectl.kubernetes.io/restartedAt": inv.cluster.clock.timestamp(),
        }
        inv.cluster.api.update(updated)
        print_changed(inv, updated, "restarted")
    print_errors(inv.out, missing)
    return 1 if missing else 0


STATUS = Command(
    "rollout status",
    "Show the status of the rollout",
    STATUS_HELP,
    STATUS_FLAGS,
    _status,
    examples=STATUS_EXAMPLES,
    usage="kubectl rollout status (TYPE NAME | TYPE/NAME) [flags] [options]",
)
RESTART = Command(
    "rollout restart",
    "Restart a resource",
    RESTART_HELP,
    RESTART_FLAGS,
    _restart,
    examples=RESTART_EXAMPLES,
    usage="kubectl rollout restart RESOURCE [options]",
)
COMMAND = Command(
    "rollout",
    "Manage the rollout of a resource",
    HELP,
    [],
    print_help_and_fail(to_stdout=True),
    subcommands=(HISTORY, PAUSE, RESTART, RESUME, STATUS, UNDO),
    examples=EXAMPLES,
    usage="kubectl rollout SUBCOMMAND [options]",
    kubeconfig_use="none",
)
