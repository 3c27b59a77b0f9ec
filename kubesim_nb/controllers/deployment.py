"""Deployment controller: ReplicaSets per pod template, rolled out step by step.

The ReplicaSet for the current template is ``<deployment>-<pod-template-hash>``
(FNV-1a of the template, digits mapped like apimachinery's SafeEncodeString).
A template change creates a new ReplicaSet and moves replicas over within
``maxSurge``/``maxUnavailable`` as Pods become available (rolling.go);
``Recreate`` scales the old ones down first. Old ReplicaSets stay, scaled to
zero, up to ``revisionHistoryLimit``.

Each ReplicaSet carries its revision (``deployment.kubernetes.io/revision``) and the Deployment's
own annotations (``kubernetes.io/change-cause``: what ``rollout history`` shows); a ReplicaSet whose
template comes back (``rollout undo``) becomes the newest revision again, its old number kept in
``revision-history``; the Deployment carries the revision of its current ReplicaSet
(``pkg/controller/deployment/sync.go`` ``getNewReplicaSet``, ``util/deployment_util.go``
``SetNewReplicaSetAnnotations``, ``SetDeploymentRevision``). A paused Deployment is not rolled out.
"""

from __future__ import annotations

import json
import math
from typing import Iterable

from ..api.apps import Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet, ReplicaSetSpec
from ..api.codec import clone, encode
from ..api.events import NORMAL
from ..api.merge import LAST_APPLIED
from ..api.meta import LabelSelector, ObjectMeta, OwnerReference
from ..store import Event
from .base import Controller, key_of, split_key
from .replicaset import controller_ref

__all__ = [
    "DeploymentController",
    "HASH_LABEL",
    "NOT_COPIED_ANNOTATIONS",
    "REVISION",
    "pod_template_hash",
    "revision_of",
]

_SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"
HASH_LABEL = "pod-template-hash"
REVISION = "deployment.kubernetes.io/revision"
REVISION_HISTORY = "deployment.kubernetes.io/revision-history"
DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas"
MAX_REPLICAS = "deployment.kubernetes.io/max-replicas"
# deployment_util.go annotationsToSkip: the Deployment's annotations a ReplicaSet does not get
NOT_COPIED_ANNOTATIONS = (
    LAST_APPLIED,
    REVISION,
    REVISION_HISTORY,
    DESIRED_REPLICAS,
    MAX_REPLICAS,
    "deprecated.deployment.rollback.to",
)


def revision_of(obj) -> int:
    """The revision an object's annotation gives (0 without one)."""
    try:
        return int((obj.metadata.annotations or {}).get(REVISION, "0"))
    except ValueError:
        return 0


def _copied_annotations(d: Deployment) -> dict[str, str]:
    return {k: v for k, v in (d.metadata.annotations or {}).items() if k not in NOT_COPIED_ANNOTATIONS}


def pod_template_hash(template, collision_count: int | None = None) -> str:
    """FNV-1a 32 over the canonical template, as a decimal string mapped to safe characters."""
    data = json.dumps(encode(template), sort_keys=True, separators=(",", ":")).encode()
    if collision_count:
        data += collision_count.to_bytes(4, "little")
    h = 0x811C9DC5
    for byte in data:
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return "".join(_SAFE_ALPHABET[ord(c) % len(_SAFE_ALPHABET)] for c in str(h))


def _resolve(value, total: int, round_up: bool) -> int:
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    percent = int(str(value).rstrip("%") or 0)
    raw = percent * total / 100
    return math.ceil(raw) if round_up else math.floor(raw)


class DeploymentController(Controller):
    name = "deployment"
    watches = (Deployment, ReplicaSet)

    def __init__(self, ctx):
        super().__init__(ctx)
        self._hashes: dict[tuple, str] = {}
        self.recorder = ctx.events.recorder("deployment-controller")

    def keys_for(self, event: Event) -> Iterable[str]:
        if event.kind is Deployment:
            return (key_of(event.object),)
        if event.kind is ReplicaSet:
            ref = controller_ref(event.object)
            if ref is not None and ref.kind == "Deployment":
                return (f"{event.object.metadata.namespace}/{ref.name}",)
        return ()

    def _template_hash(self, d: Deployment) -> str:
        """The pod-template-hash, computed once per Deployment generation (the template is spec)."""
        collision = d.status.collision_count if d.status else None
        key = (d.metadata.uid, d.metadata.generation, collision)
        if key not in self._hashes:
            self._hashes[key] = pod_template_hash(d.spec.template, collision)
        return self._hashes[key]

    def _replica_sets(self, d: Deployment) -> list[ReplicaSet]:
        sets = [self.store.get(k, ns, n) for k, ns, n in self.store.dependents(d.metadata.uid) if k is ReplicaSet]
        return sorted((rs for rs in sets if rs is not None), key=revision_of)

    def sync(self, key: str) -> None:
        d = self.store.get(Deployment, *split_key(key))
        if d is None or d.metadata.deletion_timestamp:
            return
        sets = self._replica_sets(d)
        template_hash = self._template_hash(d)
        new_rs = next((rs for rs in sets if rs.labels.get(HASH_LABEL) == template_hash), None)
        old_sets = [rs for rs in sets if rs is not new_rs]
        if d.spec.paused:
            self._update_status(d, new_rs, old_sets)
            return
        if new_rs is None:
            new_rs = self._create_replica_set(d, template_hash, sets)
        else:
            new_rs = self._sync_revision(d, new_rs, old_sets)
        if (d.spec.strategy.type if d.spec.strategy else "RollingUpdate") == "Recreate":
            self._recreate(d, new_rs, old_sets)
        else:
            self._rolling(d, new_rs, old_sets)
        self._cleanup(d, old_sets)
        current = self._replica_sets(d)  # re-read: scaling and cleanup changed them
        self._update_status(
            d,
            next((rs for rs in current if rs.name == new_rs.name), None),
            [rs for rs in current if rs.name != new_rs.name],
        )

    def _create_replica_set(self, d: Deployment, template_hash: str, existing: list[ReplicaSet]) -> ReplicaSet:
        template = clone(d.spec.template)
        template.metadata = template.metadata or ObjectMeta()
        template.metadata.labels = {**(template.metadata.labels or {}), HASH_LABEL: template_hash}
        match_labels = {**(d.spec.selector.match_labels or {}), HASH_LABEL: template_hash}
        revision = max([revision_of(rs) for rs in existing] + [0]) + 1
        annotations = {
            **_copied_annotations(d),
            DESIRED_REPLICAS: str(d.spec.replicas),
            MAX_REPLICAS: str((d.spec.replicas or 0) + self._max_surge(d)),
            REVISION: str(revision),
        }
        rs = ReplicaSet(
            metadata=ObjectMeta(
                name=f"{d.metadata.name}-{template_hash}",
                namespace=d.metadata.namespace,
                labels=dict(template.metadata.labels),
                annotations=annotations,
                owner_references=[
                    OwnerReference(
                        api_version="apps/v1",
                        kind="Deployment",
                        name=d.metadata.name,
                        uid=d.metadata.uid,
                        controller=True,
                        block_owner_deletion=True,
                    )
                ],
            ),
            spec=ReplicaSetSpec(
                replicas=0,
                selector=LabelSelector(
                    match_labels=match_labels, match_expressions=clone(d.spec.selector.match_expressions)
                ),
                template=template,
                min_ready_seconds=d.spec.min_ready_seconds,
            ),
        )
        return self.api.create(rs)

    def _sync_revision(self, d: Deployment, new_rs: ReplicaSet, old_sets: list[ReplicaSet]) -> ReplicaSet:
        """``SetNewReplicaSetAnnotations`` for a ReplicaSet that exists: the Deployment's annotations, and the
        newest revision when an older template has come back (its old number joins ``revision-history``)."""
        annotations = {**(new_rs.metadata.annotations or {}), **_copied_annotations(d)}
        old_revision, newest = revision_of(new_rs), max([revision_of(rs) for rs in old_sets] + [0]) + 1
        if old_revision < newest:
            annotations[REVISION] = str(newest)
            if old_revision:
                history = annotations.get(REVISION_HISTORY)
                annotations[REVISION_HISTORY] = f"{history},{old_revision}" if history else str(old_revision)
        if annotations == (new_rs.metadata.annotations or {}):
            return new_rs
        updated = new_rs.copy()
        updated.metadata.annotations = annotations
        return self.api.update_status(updated)

    def _max_surge(self, d: Deployment) -> int:
        ru = d.spec.strategy.rolling_update if d.spec.strategy else None
        return _resolve(ru.max_surge if ru else "25%", d.spec.replicas or 0, True)

    def _max_unavailable(self, d: Deployment) -> int:
        ru = d.spec.strategy.rolling_update if d.spec.strategy else None
        value = _resolve(ru.max_unavailable if ru else "25%", d.spec.replicas or 0, False)
        return 1 if value == 0 and self._max_surge(d) == 0 else value

    def _scale(self, rs: ReplicaSet, replicas: int, d: Deployment) -> ReplicaSet:
        if rs.spec.replicas == replicas and (rs.metadata.annotations or {}).get(DESIRED_REPLICAS) == str(
            d.spec.replicas
        ):
            return rs
        updated = rs.copy()
        updated.spec.replicas = replicas
        updated.metadata.annotations = {
            **(updated.metadata.annotations or {}),
            DESIRED_REPLICAS: str(d.spec.replicas),
            MAX_REPLICAS: str((d.spec.replicas or 0) + self._max_surge(d)),
        }
        scaled = self.api.update_status(updated)
        old_scale = rs.spec.replicas or 0
        if replicas != old_scale:  # sync.go scaleReplicaSet (a new ReplicaSet is created at 0 here, then scaled)
            direction = "up" if replicas > old_scale else "down"
            message = f"Scaled {direction} replica set {rs.name} from {old_scale} to {replicas}"
            self.recorder.event(d, NORMAL, "ScalingReplicaSet", message)
        return scaled

    def _rolling(self, d: Deployment, new_rs: ReplicaSet, old_sets: list[ReplicaSet]) -> None:
        want = d.spec.replicas or 0
        # scale the new ReplicaSet up, within maxSurge
        current = (new_rs.spec.replicas or 0) + sum(rs.spec.replicas or 0 for rs in old_sets)
        if (new_rs.spec.replicas or 0) > want:
            new_rs = self._scale(new_rs, want, d)
        elif (new_rs.spec.replicas or 0) < want:
            room = want + self._max_surge(d) - current
            if room > 0:
                new_rs = self._scale(
                    new_rs, (new_rs.spec.replicas or 0) + min(room, want - (new_rs.spec.replicas or 0)), d
                )
        else:
            new_rs = self._scale(new_rs, want, d)
        # scale old ReplicaSets down, keeping minAvailable Pods available
        old_sets = [rs for rs in old_sets if (rs.spec.replicas or 0) > 0]
        if not old_sets:
            return
        min_available = want - self._max_unavailable(d)
        all_pods = (new_rs.spec.replicas or 0) + sum(rs.spec.replicas or 0 for rs in old_sets)
        new_unavailable = (new_rs.spec.replicas or 0) - (
            (new_rs.status.available_replicas or 0) if new_rs.status else 0
        )
        budget = all_pods - min_available - new_unavailable
        if budget <= 0:
            return
        for rs in old_sets:  # unhealthy Pods of old ReplicaSets go first
            unhealthy = (rs.spec.replicas or 0) - ((rs.status.available_replicas or 0) if rs.status else 0)
            cut = min(unhealthy, budget)
            if cut > 0:
                self._scale(rs, (rs.spec.replicas or 0) - cut, d)
                budget -= cut
        available = sum((rs.status.available_replicas or 0) if rs.status else 0 for rs in [new_rs, *old_sets])
        budget = min(budget, available - min_available)
        for rs in old_sets:
            rs = self.store.get(ReplicaSet, rs.namespace, rs.name)
            if budget <= 0 or rs is None:
                break
            cut = min(rs.spec.replicas or 0, budget)
            if cut > 0:
                self._scale(rs, (rs.spec.replicas or 0) - cut, d)
                budget -= cut

    def _recreate(self, d: Deployment, new_rs: ReplicaSet, old_sets: list[ReplicaSet]) -> None:
        for rs in old_sets:
            if rs.spec.replicas:
                self._scale(rs, 0, d)
        if any(rs.status and rs.status.replicas for rs in old_sets):
            return  # wait for old Pods to be gone
        self._scale(new_rs, d.spec.replicas or 0, d)

    def _cleanup(self, d: Deployment, old_sets: list[ReplicaSet]) -> None:
        limit = d.spec.revision_history_limit if d.spec.revision_history_limit is not None else 10
        idle = [rs for rs in old_sets if not rs.spec.replicas and not (rs.status and rs.status.replicas)]
        for rs in idle[: max(len(idle) - limit, 0)]:
            self.api.delete(ReplicaSet, rs.namespace, rs.name)

    def _update_status(self, d: Deployment, new_rs: ReplicaSet | None, old_sets: list[ReplicaSet]) -> None:
        sets = [rs for rs in [new_rs, *old_sets] if rs is not None and rs.status is not None]
        want = d.spec.replicas or 0
        total = sum(rs.status.replicas or 0 for rs in sets)
        available = sum(rs.status.available_replicas or 0 for rs in sets)
        updated = (new_rs.status.replicas or 0) if new_rs is not None and new_rs.status else 0
        status = DeploymentStatus(
            observed_generation=d.metadata.generation,
            replicas=total or None,
            updated_replicas=updated or None,
            ready_replicas=sum(rs.status.ready_replicas or 0 for rs in sets) or None,
            available_replicas=available or None,
            unavailable_replicas=max(want - available, 0) or None,
            collision_count=d.status.collision_count if d.status else None,
        )
        terminating = sum(rs.status.terminating_replicas or 0 for rs in sets)
        if terminating:
            status.terminating_replicas = terminating
        status.conditions = self._conditions(d, new_rs, status, available >= want - self._max_unavailable(d))
        annotations = dict(d.metadata.annotations or {})
        if new_rs is not None and revision_of(new_rs) and annotations.get(REVISION) != str(revision_of(new_rs)):
            annotations[REVISION] = str(revision_of(new_rs))  # SetDeploymentRevision
        if status != d.status or annotations != (d.metadata.annotations or {}):
            updated = d.with_status(status)
            updated.metadata.annotations = annotations
            self.api.update_status(updated)

    def _conditions(
        self, d: Deployment, new_rs: ReplicaSet | None, status: DeploymentStatus, available: bool
    ) -> list[DeploymentCondition]:
        now = self.clock.timestamp()
        old = {c.type: c for c in (d.status.conditions if d.status else None) or []}
        name = new_rs.metadata.name if new_rs is not None else ""
        complete = (
            new_rs is not None
            and (status.updated_replicas or 0) == (d.spec.replicas or 0)
            and (status.replicas or 0) == (d.spec.replicas or 0)
            and (status.available_replicas or 0) >= (d.spec.replicas or 0)
        )
        if complete:
            progressing = ("True", "NewReplicaSetAvailable", f'ReplicaSet "{name}" has successfully progressed.')
        elif "Progressing" in old or new_rs is None:
            progressing = ("True", "ReplicaSetUpdated", f'ReplicaSet "{name}" is progressing.')
        else:
            progressing = ("True", "NewReplicaSetCreated", f'Created new replica set "{name}"')
        wanted = {
            "Available": ("True", "MinimumReplicasAvailable", "Deployment has minimum availability.")
            if available
            else ("False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability."),
            "Progressing": progressing,
        }
        result = []
        for kind in ("Available", "Progressing"):
            value, reason, message = wanted[kind]
            previous = old.get(kind)
            if previous is not None and (previous.status, previous.reason, previous.message) == (
                value,
                reason,
                message,
            ):
                result.append(previous)
                continue
            transition = previous.last_transition_time if previous is not None and previous.status == value else now
            result.append(
                DeploymentCondition(
                    type=kind,
                    status=value,
                    last_update_time=now,
                    last_transition_time=transition,
                    reason=reason,
                    message=message,
                )
            )
        return result
