"""Which workload a Pod belongs to: its controller, followed up to the Deployment when there is one.

``kubectl describe pod`` prints a Pod's controller as ``Controlled By: ReplicaSet/web-7d4b9c``; a learner thinks
of the Deployment above it. :func:`workload_of` follows the ``controller: true`` ownerReferences (Pod →
ReplicaSet → Deployment, as the garbage collector does, ``pkg/controller/garbagecollector/graph_builder.go``)
and names the top one, so a view can say "this selector picks Pods of 2 Deployments".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ..api.apps import ReplicaSet
from ..api.core import Pod

if TYPE_CHECKING:  # pragma: no cover
    from ..network.runtime import Runtime

__all__ = ["workload_of", "workloads_of"]


def _controller(obj) -> tuple[str, str] | None:
    """(kind, name) of the object's controller ownerReference, if any."""
    ref = next((r for r in obj.metadata.owner_references or [] if r.controller), None)
    return (ref.kind or "", ref.name or "") if ref is not None else None


def workload_of(cluster: "Runtime", pod: Pod) -> str:
    """``Deployment/web-v2``, ``ReplicaSet/x`` (a ReplicaSet of its own), or ``Pod/name`` for a bare Pod."""
    owner = _controller(pod)
    if owner is None:
        return f"Pod/{pod.name}"
    kind, name = owner
    if kind == "ReplicaSet":
        replica_set = cluster.api.find(ReplicaSet, pod.namespace, name)
        above = _controller(replica_set) if replica_set is not None else None
        if above is not None:
            return "/".join(above)
    return f"{kind}/{name}"


def workloads_of(cluster: "Runtime", pods: Iterable[Pod]) -> dict[str, list[str]]:
    """The workloads of ``pods``, each with the names of its Pods among them (sorted both ways)."""
    found: dict[str, list[str]] = {}
    for pod in pods:
        found.setdefault(workload_of(cluster, pod), []).append(pod.name)
    return {workload: sorted(names) for workload, names in sorted(found.items())}
