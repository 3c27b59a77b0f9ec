"""Data-plane state that outlives one command, kept in ``cluster.sessions["network"]``.

``cluster.sessions`` is saved with the cluster (the ``kubesim`` CLI reloads it
between commands), so everything here is plain JSON: ClientIP affinity
entries, ``kubectl port-forward`` registrations, and per-Pod shell state
(packages installed with ``apk add``, files written, when the package index
was last fetched). Per-Pod state is keyed by the Pod's UID: a new Pod with the
same name (``kubectl run --rm`` twice) starts clean, as a new container does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .runtime import Runtime

__all__ = ["PodState", "network_state", "pod_state", "section"]

ROOT = "network"


def network_state(cluster: "Runtime") -> dict[str, Any]:
    return cluster.sessions.setdefault(ROOT, {})


def section(cluster: "Runtime", name: str) -> dict[str, Any]:
    return network_state(cluster).setdefault(name, {})


@dataclass
class PodState:
    """A view over one Pod's saved shell state (reads and writes go to the sessions dict)."""

    data: dict[str, Any]

    @property
    def packages(self) -> list[str]:
        return self.data.setdefault("packages", [])

    @property
    def files(self) -> dict[str, str]:
        return self.data.setdefault("files", {})

    @property
    def index_fetched_at(self) -> float | None:
        return self.data.get("apk_index_at")

    @index_fetched_at.setter
    def index_fetched_at(self, when: float) -> None:
        self.data["apk_index_at"] = when


def pod_state(cluster: "Runtime", uid: str) -> PodState:
    pods = section(cluster, "pods")
    _forget_deleted_pods(cluster, pods)
    return PodState(pods.setdefault(uid, {}))


def _forget_deleted_pods(cluster: "Runtime", pods: dict[str, Any]) -> None:
    """Drop the state of Pods that no longer exist (a deleted container's files are gone too)."""
    from ..api.core import Pod

    if len(pods) < 8:
        return
    live = {p.metadata.uid for p in cluster.api.list(Pod)}
    for uid in [u for u in pods if u not in live]:
        del pods[uid]
