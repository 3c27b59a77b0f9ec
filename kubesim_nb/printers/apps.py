"""Table columns and rows for the ``apps`` kinds: Deployment and ReplicaSet.

This module owns ``printDeployment`` and ``printReplicaSet`` of
``pkg/printers/internalversion/printers.go``, plus
the two ways Kubernetes prints a ``metav1.LabelSelector`` that ``describe``
reuses: ``selector.String()`` and ``metav1.FormatLabelSelector``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Sequence

from ..api.apps import Deployment, DeploymentStatus, ReplicaSet, ReplicaSetStatus
from ..api.core import Container
from ..api.labels import SelectorParseError, format_label_selector, selector_from_label_selector
from ..api.meta import LabelSelector
from .cells import since
from .table import AGE_COLUMN, NAME_COLUMN, Column, TableHandler

__all__ = [
    "TABLES",
    "container_cells",
    "deployment_row",
    "desired_replicas",
    "format_selector",
    "replica_set_row",
    "selector_parts",
    "selector_string",
]

DEFAULT_REPLICAS = 1  # apps/v1 defaulting: a stored object always has spec.replicas


def _expressions(selector: LabelSelector | None) -> list[dict] | None:
    if selector is None or selector.match_expressions is None:
        return None
    return [{"key": e.key, "operator": e.operator, "values": e.values} for e in selector.match_expressions]


def selector_parts(selector: LabelSelector | None) -> tuple[dict | None, list[dict] | None]:
    """(matchLabels, matchExpressions as dicts) for :mod:`kubesim_nb.api.labels`; (None, None) for a nil selector."""
    if selector is None:
        return None, None
    return selector.match_labels or {}, _expressions(selector) or []


def selector_string(selector: LabelSelector | None) -> str:
    """``LabelSelectorAsSelector(s).String()``: ``""`` when empty, ``<invalid>`` when it cannot be built."""
    try:
        return str(selector_from_label_selector(*selector_parts(selector)))
    except SelectorParseError:
        return "<invalid>"


def format_selector(selector: LabelSelector | None) -> str:
    """``metav1.FormatLabelSelector``: ``<none>`` when empty."""
    return format_label_selector(*selector_parts(selector))


def container_cells(containers: Sequence[Container] | None) -> list[str]:
    """``layoutContainerCells``: container names and images, each joined by ``,``."""
    containers = containers or []
    return [",".join(c.name or "" for c in containers), ",".join(c.image or "" for c in containers)]


def _template_containers(obj: Deployment | ReplicaSet) -> list[Container] | None:
    template = obj.spec.template if obj.spec else None
    return template.spec.containers if template and template.spec else None


def desired_replicas(obj: Deployment | ReplicaSet) -> int:
    replicas = obj.spec.replicas if obj.spec else None
    return DEFAULT_REPLICAS if replicas is None else replicas


def _workload_row(obj: Deployment | ReplicaSet, counts: Sequence[object], selector: str, now: datetime) -> list[str]:
    """A Deployment's or ReplicaSet's row: name, its three counts, age, containers, images and selector."""
    age = since(obj.metadata.creation_timestamp, now)
    return [obj.name, *(str(count) for count in counts), age, *container_cells(_template_containers(obj)), selector]


def _workload_columns(*counts: str) -> tuple[Column, ...]:
    """The columns of :func:`_workload_row`, with the headers of the three counts."""
    wide = (Column("Containers", 1), Column("Images", 1), Column("Selector", 1))
    return (NAME_COLUMN, *(Column(count) for count in counts), AGE_COLUMN, *wide)


def deployment_row(deployment: Deployment, now: datetime) -> list[str]:
    status = deployment.status or DeploymentStatus()
    counts = (
        f"{status.ready_replicas or 0}/{desired_replicas(deployment)}",
        status.updated_replicas or 0,
        status.available_replicas or 0,
    )
    return _workload_row(
        deployment, counts, selector_string(deployment.spec.selector if deployment.spec else None), now
    )


DEPLOYMENT_COLUMNS = _workload_columns("Ready", "Up-to-date", "Available")


def replica_set_row(replica_set: ReplicaSet, now: datetime) -> list[str]:
    status = replica_set.status or ReplicaSetStatus()
    counts = (desired_replicas(replica_set), status.replicas or 0, status.ready_replicas or 0)
    return _workload_row(
        replica_set, counts, format_selector(replica_set.spec.selector if replica_set.spec else None), now
    )


REPLICA_SET_COLUMNS = _workload_columns("Desired", "Current", "Ready")


TABLES = {
    Deployment: TableHandler(DEPLOYMENT_COLUMNS, deployment_row),
    ReplicaSet: TableHandler(REPLICA_SET_COLUMNS, replica_set_row),
}
