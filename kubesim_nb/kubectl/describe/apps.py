"""The describers of the apps group: Deployment and ReplicaSet (``DeploymentDescriber`` and
``ReplicaSetDescriber`` in ``k8s.io/kubectl/pkg/describe/describe.go``, v1.34 field order)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Mapping, Sequence

from ...api.apps import Deployment, ReplicaSet
from ...api.codec import encode
from ...api.core import Pod, PodTemplateSpec
from ...api.events import Event
from ...api.labels import selector_from_label_selector
from ...api.meta import APIObject
from ...printers.apps import desired_replicas, format_selector, selector_parts, selector_string
from .pod_spec import write_pod_template
from .sections import (
    ObjectLister,
    PrefixWriter,
    rfc1123z,
    write_annotations,
    write_controlled_by,
    write_events,
    write_labels,
)

__all__ = ["describe_deployment", "describe_replica_set"]

POD_TEMPLATE_HASH = "pod-template-hash"


def _conditions_type_status_reason(w: PrefixWriter, conditions: Sequence[Any] | None) -> None:
    if not conditions:
        return
    w.write(0, "Conditions:\n  Type\tStatus\tReason\n")
    w.write(1, "----\t------\t------\n")
    for c in conditions:
        if isinstance(c, Mapping):
            w.write(1, f"{c.get('type', '')} \t{c.get('status', '')}\t{c.get('reason', '')}\n")
        else:
            w.write(1, f"{c.type or ''} \t{c.status or ''}\t{c.reason or ''}\n")


def _is_controlled_by(obj: APIObject, owner: APIObject) -> bool:
    return any(r.controller and r.uid == owner.metadata.uid for r in obj.metadata.owner_references or [])


def _template_without_hash(template: PodTemplateSpec | None) -> dict:
    """A template as data, ``pod-template-hash`` label dropped (``equalIgnoreHash``)."""
    data = encode(template) if template is not None else {}
    metadata = dict(data.get("metadata") or {})
    labels = {k: v for k, v in (metadata.get("labels") or {}).items() if k != POD_TEMPLATE_HASH}
    metadata["labels"] = labels
    return {**data, "metadata": metadata}


def _replica_sets_of(deployment: Deployment, api: ObjectLister) -> tuple[list[ReplicaSet], list[ReplicaSet]]:
    """``GetAllReplicaSetsInChunks``: (all old ReplicaSets, [new ReplicaSet])."""
    selector = deployment.spec.selector if deployment.spec else None
    match = selector_from_label_selector(*selector_parts(selector))
    owned = [rs for rs in api.list(ReplicaSet, deployment.namespace, match) if _is_controlled_by(rs, deployment)]
    owned.sort(key=lambda rs: (rs.metadata.creation_timestamp or "", rs.name))
    wanted = _template_without_hash(deployment.spec.template if deployment.spec else None)
    new = next((rs for rs in owned if _template_without_hash(rs.spec.template if rs.spec else None) == wanted), None)
    return [rs for rs in owned if rs is not new], [new] if new is not None else []


def _replica_sets_text(replica_sets: Sequence[ReplicaSet]) -> str:
    """``printReplicaSetsByLabels``."""
    parts = [
        f"{rs.name} ({(rs.status.replicas if rs.status else None) or 0}/{desired_replicas(rs)} replicas created)"
        for rs in replica_sets
    ]
    return ", ".join(parts) or "<none>"


def _int_or_string(value: Any) -> str:
    return "<nil>" if value is None else str(value)


def _deployment_strategy(w: PrefixWriter, deployment: Deployment) -> None:
    spec, status = deployment.spec, deployment.status
    counts = [
        (getattr(status, f) if status else None) or 0
        for f in ("updated_replicas", "replicas", "available_replicas", "unavailable_replicas")
    ]
    w.write(
        0,
        f"Replicas:\t{desired_replicas(deployment)} desired | {counts[0]} updated | {counts[1]} total | "
        f"{counts[2]} available | {counts[3]} unavailable\n",
    )
    strategy = spec.strategy if spec else None
    w.write(0, f"StrategyType:\t{(strategy.type if strategy else None) or ''}\n")
    w.write(0, f"MinReadySeconds:\t{(spec.min_ready_seconds if spec else None) or 0}\n")
    rolling = strategy.rolling_update if strategy else None
    if rolling is not None:
        w.write(
            0,
            f"RollingUpdateStrategy:\t{_int_or_string(rolling.max_unavailable)} max unavailable, "
            f"{_int_or_string(rolling.max_surge)} max surge\n",
        )


def describe_deployment(
    deployment: Deployment, api: ObjectLister | None, now: datetime, events: Sequence[Event]
) -> str:
    spec = deployment.spec
    w = PrefixWriter()
    w.write(0, f"Name:\t{deployment.name}\n")
    w.write(0, f"Namespace:\t{deployment.namespace}\n")
    w.write(0, f"CreationTimestamp:\t{rfc1123z(deployment.metadata.creation_timestamp)}\n")
    write_labels(w, "Labels", deployment.metadata.labels)
    write_annotations(w, "Annotations", deployment.metadata.annotations)
    w.write(0, f"Selector:\t{selector_string(spec.selector if spec else None)}\n")
    _deployment_strategy(w, deployment)
    write_pod_template(w, spec.template if spec else None)
    _conditions_type_status_reason(w, deployment.status.conditions if deployment.status else None)
    old, new = _replica_sets_of(deployment, api) if api is not None else ([], [])
    if old or new:
        w.write(0, f"OldReplicaSets:\t{_replica_sets_text(old)}\n")
        w.write(0, f"NewReplicaSet:\t{_replica_sets_text(new)}\n")
    write_events(w, events, now)
    return w.text()


def _pod_phase_counts(replica_set: ReplicaSet, api: ObjectLister) -> tuple[int, int, int, int]:
    """``getPodStatusForController``: Running / Waiting (Pending) / Succeeded / Failed."""
    selector = replica_set.spec.selector if replica_set.spec else None
    match = selector_from_label_selector(*selector_parts(selector))
    pods = [p for p in api.list(Pod, replica_set.namespace, match) if _is_controlled_by(p, replica_set)]
    phases = [(p.status.phase if p.status else None) for p in pods]
    return tuple(phases.count(phase) for phase in ("Running", "Pending", "Succeeded", "Failed"))


def describe_replica_set(
    replica_set: ReplicaSet, api: ObjectLister | None, now: datetime, events: Sequence[Event]
) -> str:
    spec, status = replica_set.spec, replica_set.status
    w = PrefixWriter()
    w.write(0, f"Name:\t{replica_set.name}\n")
    w.write(0, f"Namespace:\t{replica_set.namespace}\n")
    w.write(0, f"Selector:\t{format_selector(spec.selector if spec else None)}\n")
    write_labels(w, "Labels", replica_set.metadata.labels)
    write_annotations(w, "Annotations", replica_set.metadata.annotations)
    write_controlled_by(w, replica_set)
    current = (status.replicas if status else None) or 0
    w.write(0, f"Replicas:\t{current} current / {desired_replicas(replica_set)} desired\n")
    running, waiting, succeeded, failed = _pod_phase_counts(replica_set, api) if api is not None else (0, 0, 0, 0)
    w.write(0, "Pods Status:\t")
    w.write(0, f"{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed\n")
    write_pod_template(w, spec.template if spec else None)
    _conditions_type_status_reason(w, status.conditions if status else None)
    write_events(w, events, now)
    return w.text()
