"""``kubectl rollout history|undo|pause|resume``: a Deployment's revisions, going back to one, and holding its
rollouts (``pkg/cmd/rollout``; the work is ``polymorphichelpers``' ``history.go``, ``rollback.go``,
``objectpauser.go`` and ``objectresumer.go``).

A Deployment's revisions are its ReplicaSets, each with the ``deployment.kubernetes.io/revision`` annotation
the Deployment controller gives it; going back puts an old ReplicaSet's pod template into the Deployment,
whose controller then makes that ReplicaSet the newest revision. Only Deployments have revisions here
(DaemonSets and StatefulSets do not exist in kubesim).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...api.apps import Deployment, ReplicaSet
from ...api.codec import clone
from ...api.merge import LAST_APPLIED
from ...api.meta import ObjectMeta
from ...controllers.deployment import HASH_LABEL, NOT_COPIED_ANNOTATIONS, revision_of
from ...errors import ApiError, KubeSimError, UsageError
from ..base import DRY_RUN_FLAG, Command, Invocation, dry_run_suffix, print_changed
from ..builder import select_objects
from ..describe.pod_spec import write_pod_template
from ..describe.sections import PrefixWriter
from ..errors import print_errors
from ..flags import Flag
from ..flagsets import SELECTOR_FLAG, field_manager_flag, filename_flags, printer_flags
from ..output import printer_for
from ..printers.tabwriter import go_tabwriter

__all__ = ["GET_FILES", "HISTORY", "PAUSE", "RESOURCE_REQUIRED", "RESUME", "UNDO", "check_resource_given"]

GET_FILES = "Filename, directory, or URL to files identifying the resource to get from a server."
RESOURCE_REQUIRED = "required resource not specified"  # rollout's Validate, without a resource argument
CHANGE_CAUSE = "kubernetes.io/change-cause"

HISTORY_FLAGS = [
    *printer_flags(),
    *filename_flags(GET_FILES),
    Flag(
        "revision",
        kind="int",
        default=0,
        usage="See the details, including podTemplate of the revision specified",
    ),
    SELECTOR_FLAG,
]
UNDO_FLAGS = [
    *printer_flags(),
    DRY_RUN_FLAG,
    *filename_flags(GET_FILES),
    SELECTOR_FLAG,
    Flag("to-revision", kind="int", default=0, usage="The revision to rollback to. Default to 0 (last revision)."),
]
PAUSE_FLAGS = [*printer_flags(), field_manager_flag("kubectl-rollout"), *filename_flags(GET_FILES), SELECTOR_FLAG]

APPLY_MANAGED_WARNING = (
    "Warning: resource {name} was previously managed with 'kubectl apply'. Rolling back will not update the "
    f"{LAST_APPLIED} annotation, which may cause unexpected behavior on future 'kubectl apply' operations. "
    "Consider using 'kubectl apply' with your previous configuration file instead."
)


class TemplateWriter(PrefixWriter):
    """describe's prefix writer straight into text, with no tab writer (history.go ``printTemplate``): the
    template's lines keep their tabs."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, level: int, text: str) -> None:
        self.parts.append("  " * level + text)

    def flush(self) -> None:
        """Nothing is held back."""

    def text(self) -> str:
        return "".join(self.parts)


def _template_text(replica_set: ReplicaSet, change_cause: bool = False) -> str:
    """history.go ``printTemplate`` of a revision's pod template; ``rollout history`` adds the revision's
    change-cause to the template's annotations first (``ViewHistory``)."""
    template = clone(replica_set.spec.template)
    cause = (replica_set.metadata.annotations or {}).get(CHANGE_CAUSE)
    if change_cause and cause:
        template.metadata = template.metadata or ObjectMeta()
        template.metadata.annotations = {**(template.metadata.annotations or {}), CHANGE_CAUSE: cause}
    writer = TemplateWriter()
    write_pod_template(writer, template)
    return writer.text()


# apps/kind_visitor.go GroupKindElement.Accept: the kinds polymorphichelpers has a visitor method for
VISITED_KINDS = (
    "DaemonSet",
    "Deployment",
    "Job",
    "Pod",
    "ReplicaSet",
    "ReplicationController",
    "StatefulSet",
    "CronJob",
)


def _helper_for(obj, what: str) -> None:
    """polymorphichelpers ``HistoryViewerFor`` (``what``: ``history``) or ``RollbackerFor`` (``rollbacker``):
    only a Deployment has one here; another kind is refused as kubectl refuses it."""
    if isinstance(obj, Deployment):
        return
    group_kind = f"{obj.KIND}.{obj.GROUP}" if obj.GROUP else obj.KIND
    if obj.KIND not in VISITED_KINDS:
        raise UsageError(
            f'error retrieving {what} for "{group_kind}", no visitor method exists for {{{obj.GROUP} {obj.KIND}}}'
        )
    if what == "history":
        raise UsageError(f'no history viewer has been implemented for "{group_kind}"')
    raise UsageError(f'no rollbacker has been implemented for {{"{obj.GROUP}" "{obj.KIND}"}}')


def check_resource_given(inv: Invocation) -> None:
    """What every rollout subcommand's Validate checks first: resource arguments or ``-f``."""
    if not inv.args.positional and not inv.flag("filename"):
        raise UsageError(RESOURCE_REQUIRED)


def _replica_sets(inv: Invocation, deployment: Deployment) -> dict[int, ReplicaSet]:
    """The Deployment's ReplicaSets by revision (deployment_util.go ``GetAllReplicaSets``)."""
    found = {}
    for replica_set in inv.cluster.api.list(ReplicaSet, deployment.namespace):
        owners = replica_set.metadata.owner_references or []
        if any(ref.controller and ref.uid == deployment.metadata.uid for ref in owners):
            found[revision_of(replica_set)] = replica_set
    return found


@dataclass(frozen=True)
class Revision:
    """One row of ``rollout history``: a revision and why it was made (its ``kubernetes.io/change-cause``)."""

    number: int
    change_cause: str


def _history_table(revisions: dict[int, ReplicaSet]) -> str:
    """history.go ``ViewHistory``: a tab writer (0, 8, 2) of REVISION and CHANGE-CAUSE."""
    rows = [
        Revision(number, (rs.metadata.annotations or {}).get(CHANGE_CAUSE) or "<none>")
        for number, rs in sorted(revisions.items())
    ]
    text = "REVISION\tCHANGE-CAUSE\n" + "".join(f"{row.number}\t{row.change_cause}\n" for row in rows)
    return go_tabwriter(text, 0, 8, 2)


def _history(inv: Invocation) -> int:
    revision = inv.flag("revision")
    check_resource_given(inv)
    if revision < 0:
        raise UsageError(f"revision must be a positive integer: {revision}")
    objects, errors = select_objects(inv, inv.args.positional)
    for obj in objects:
        try:
            _show_history(inv, obj, revision)
        except KubeSimError as err:
            errors.append(err)
    print_errors(inv.out, errors)
    return 1 if errors else 0


def _show_history(inv: Invocation, obj, revision: int) -> None:
    _helper_for(obj, "history")
    revisions = _replica_sets(inv, obj)
    if inv.flag("output"):
        printer = printer_for(inv.flag("output"), inv.flag("template"), cwd=inv.cwd)
        chosen = [revision] if revision > 0 else sorted(revisions)
        if revision > 0 and revision not in revisions:
            raise UsageError("unable to find the specified revision")
        for number in chosen:
            printer.print(inv.out, [revisions[number]])
        return
    if not revisions:
        text = "No rollout history found."
    elif revision > 0:
        if revision not in revisions:
            raise UsageError("unable to find the specified revision")
        text = _template_text(revisions[revision], change_cause=True)
    else:
        text = _history_table(revisions)
    heading = f"with revision #{revision}" if revision > 0 else ""
    print_changed(inv, obj, f"{heading}\n{text}")


def _undo(inv: Invocation) -> int:
    mode = inv.dry_run_mode()
    check_resource_given(inv)
    objects, errors = select_objects(inv, inv.args.positional)
    for obj in objects:
        if LAST_APPLIED in (obj.metadata.annotations or {}):
            inv.out.err(APPLY_MANAGED_WARNING.format(name=f"{type(obj).RESOURCE}/{obj.name}"))
        try:
            print_changed(inv, obj, _roll_back(inv, obj, inv.flag("to-revision"), mode) + dry_run_suffix(mode))
        except KubeSimError as err:
            errors.append(err)
            break  # the visitor stops at the first failed rollback
    print_errors(inv.out, errors)
    return 1 if errors else 0


def _roll_back(inv: Invocation, obj, to_revision: int, mode: str) -> str:
    """rollback.go ``DeploymentRollbacker.Rollback``: what happened, as the printed operation."""
    _helper_for(obj, "rollbacker")
    if to_revision < 0:
        raise UsageError(f"unable to find specified revision {to_revision} in history")
    deployment = inv.cluster.api.get(Deployment, obj.namespace, obj.name)
    revisions = _replica_sets(inv, deployment)
    if to_revision > 0:
        if to_revision not in revisions:
            raise UsageError(f"unable to find specified revision {to_revision} in history")
        target = revisions[to_revision]
    else:
        ordered = sorted(revisions)
        if len(ordered) < 2:
            raise UsageError(f'no rollout history found for deployment "{deployment.name}"')
        target = revisions[ordered[-2]]
    if mode == "client":
        return _template_text(target)
    if deployment.spec.paused:
        raise UsageError(
            "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again"
        )
    template = clone(target.spec.template)
    labels = dict(template.metadata.labels or {}) if template.metadata else {}
    labels.pop(HASH_LABEL, None)
    if template.metadata:
        template.metadata.labels = labels or None
    if template == deployment.spec.template:
        return f"skipped rollback (current template already matches revision {to_revision})"
    annotations = {k: v for k, v in (deployment.metadata.annotations or {}).items() if k in NOT_COPIED_ANNOTATIONS}
    annotations.update(
        {k: v for k, v in (target.metadata.annotations or {}).items() if k not in NOT_COPIED_ANNOTATIONS}
    )
    updated = deployment.copy()
    updated.spec.template = template
    updated.metadata.annotations = annotations or None
    inv.cluster.api.update(updated, dry_run=mode == "server")
    return "rolled back"


def _pauser(paused: bool):
    """``rollout pause`` (``paused``) or ``resume``: set ``spec.paused`` on each Deployment."""
    verb, unchanged = ("paused", "is already paused") if paused else ("resumed", "is not paused")
    gerund = "pausing" if paused else "resuming"

    def run(inv: Invocation) -> int:
        check_resource_given(inv)
        objects, errors = select_objects(inv, inv.args.positional)
        if not objects and not errors:
            inv.out.err(f"No resources found in {inv.namespace} namespace.")
            return 0
        for obj in objects:
            reason = f"{gerund} is not supported" if not isinstance(obj, Deployment) else ""
            if not reason and bool(obj.spec.paused) == paused:
                reason = unchanged
            if reason:
                errors.append(UsageError(f'{obj.qualified_resource()} "{obj.name}" {reason}'))
                continue
            updated = obj.copy()
            updated.spec.paused = paused or None
            try:
                print_changed(inv, inv.cluster.api.update(updated), verb)
            except ApiError as err:
                errors.append(UsageError(f"failed to patch: {err.message}"))
        print_errors(inv.out, errors)
        return 1 if errors else 0

    return run


HISTORY = Command(
    "rollout history",
    "View rollout history",
    "View previous rollout revisions and configurations.",
    HISTORY_FLAGS,
    _history,
    examples="""  # View the rollout history of a deployment
  kubectl rollout history deployment/web-deployment

  # View the details of revision 2
  kubectl rollout history deployment/web-deployment --revision=2""",
    usage="kubectl rollout history (TYPE NAME | TYPE/NAME) [flags] [options]",
)
UNDO = Command(
    "rollout undo",
    "Undo a previous rollout",
    "Roll back to a previous rollout.",
    UNDO_FLAGS,
    _undo,
    examples="""  # Roll back to the previous deployment
  kubectl rollout undo deployment/web-deployment

  # Roll back to revision 1
  kubectl rollout undo deployment/web-deployment --to-revision=1

  # Show the pod template revision 1 had, without rolling back
  kubectl rollout undo deployment/web-deployment --to-revision=1 --dry-run=client""",
    usage="kubectl rollout undo (TYPE NAME | TYPE/NAME) [flags] [options]",
)
PAUSE = Command(
    "rollout pause",
    "Mark the provided resource as paused",
    """Mark the provided resource as paused.

 Paused resources will not be reconciled by a controller. Use "kubectl rollout resume" to resume a paused
resource. Currently only deployments support being paused.""",
    PAUSE_FLAGS,
    _pauser(True),
    examples="""  # Hold the web Deployment's rollouts while its template changes
  kubectl rollout pause deployment/web-deployment""",
    usage="kubectl rollout pause RESOURCE [options]",
)
RESUME = Command(
    "rollout resume",
    "Resume a paused resource",
    """Resume a paused resource.

 Paused resources will not be reconciled by a controller. By resuming a resource, we allow it to be
reconciled again. Currently only deployments support being resumed.""",
    PAUSE_FLAGS,
    _pauser(False),
    examples="""  # Roll out what changed while the web Deployment was paused
  kubectl rollout resume deployment/web-deployment""",
    usage="kubectl rollout resume RESOURCE [options]",
)
