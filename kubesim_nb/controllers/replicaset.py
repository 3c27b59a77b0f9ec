"""ReplicaSet controller: keep ``spec.replicas`` Pods that match the selector.

Creates Pods from the template (``<rs>-<5 random chars>``), deletes the
excess (not-ready and newest first, as ``controller.ActivePods`` ranks them),
adopts matching orphans and releases Pods whose labels stop matching — such a
Pod keeps running and a replacement is created.
"""

from __future__ import annotations

from typing import Iterable

from ..api.apps import ReplicaSet, ReplicaSetStatus
from ..api.codec import clone
from ..api.core import Pod
from ..api.events import NORMAL
from ..api.labels import label_selector_as_selector
from ..api.meta import ObjectMeta, OwnerReference
from ..store import Event
from .base import Controller, key_of, split_key
from .selector_index import SelectorIndex

__all__ = ["ReplicaSetController", "controller_ref", "is_active"]


def controller_ref(obj) -> OwnerReference | None:
    return next((r for r in obj.metadata.owner_references or [] if r.controller), None)


def is_active(pod: Pod) -> bool:
    return not pod.metadata.deletion_timestamp and pod.status.phase not in ("Succeeded", "Failed")


def _deletion_rank(pod: Pod) -> tuple:
    """Lower ranks are deleted first: unscheduled, pending, not ready, newest."""
    return (
        bool(pod.spec.node_name),
        {"Pending": 0, "Unknown": 1, "Running": 2}.get(pod.status.phase or "", 0),
        pod.is_ready(),
        -(int(pod.metadata.resource_version or 0)),
    )


class ReplicaSetController(Controller):
    name = "replicaset"
    watches = (ReplicaSet, Pod)

    def __init__(self, ctx, index: SelectorIndex):
        super().__init__(ctx)
        self.index = index  # which ReplicaSets could adopt an orphan Pod
        self.recorder = ctx.events.recorder("replicaset-controller")

    def keys_for(self, event: Event) -> Iterable[str]:
        if event.kind is ReplicaSet:
            return (key_of(event.object),)
        if event.kind is Pod:
            keys = []
            for pod in (event.old, event.new):
                if pod is None:
                    continue
                ref = controller_ref(pod)
                if ref is not None and ref.kind == "ReplicaSet":
                    keys.append(f"{pod.metadata.namespace}/{ref.name}")
                elif ref is None and event.new is not None:
                    ns = pod.metadata.namespace or ""
                    for name in sorted(self.index.candidates(ns, pod.labels)):
                        rs = self.store.get(ReplicaSet, ns, name)
                        if rs is not None and label_selector_as_selector(rs.spec.selector).matches(pod.labels):
                            keys.append(f"{ns}/{name}")
            return keys
        return ()

    def sync(self, key: str) -> None:
        rs = self.store.get(ReplicaSet, *split_key(key))
        if rs is None or rs.metadata.deletion_timestamp:
            return
        selector = label_selector_as_selector(rs.spec.selector)
        owned = self._claim_pods(rs, selector)
        active = [p for p in owned if is_active(p)]
        want = rs.spec.replicas or 0
        # controller.RealPodControl records each create and delete on the ReplicaSet
        if len(active) < want:
            for _ in range(want - len(active)):
                pod = self.api.create(self._new_pod(rs))
                self.recorder.event(rs, NORMAL, "SuccessfulCreate", f"Created pod: {pod.name}")
        elif len(active) > want:
            for pod in sorted(active, key=_deletion_rank)[: len(active) - want]:
                self.api.delete(Pod, pod.namespace, pod.name)
                self.recorder.event(rs, NORMAL, "SuccessfulDelete", f"Deleted pod: {pod.name}")
        self._update_status(rs, selector)

    def _claim_pods(self, rs: ReplicaSet, selector) -> list[Pod]:
        """Owned Pods that still match; release those that do not, adopt matching orphans."""
        namespace = rs.metadata.namespace or ""
        owned = []
        for kind, ns, name in self.store.dependents(rs.metadata.uid):
            if kind is not Pod:
                continue
            pod = self.store.get(Pod, ns, name)
            if pod is None:
                continue
            if selector.matches(pod.labels):
                owned.append(pod)
            elif not pod.metadata.deletion_timestamp:
                released = pod.copy()
                released.metadata.owner_references = [
                    r for r in released.metadata.owner_references if r.uid != rs.metadata.uid
                ] or None
                self.api.update_status(released)
        for pod in self.store.list(Pod, namespace, selector):
            if controller_ref(pod) is None and is_active(pod):
                adopted = pod.copy()
                adopted.metadata.owner_references = [self._owner_ref(rs)]
                owned.append(self.api.update_status(adopted))
        return owned

    @staticmethod
    def _owner_ref(rs: ReplicaSet) -> OwnerReference:
        return OwnerReference(
            api_version="apps/v1",
            kind="ReplicaSet",
            name=rs.metadata.name,
            uid=rs.metadata.uid,
            controller=True,
            block_owner_deletion=True,
        )

    def _new_pod(self, rs: ReplicaSet) -> Pod:
        template = clone(rs.spec.template)
        meta = template.metadata or ObjectMeta()
        pod_meta = ObjectMeta(
            generate_name=f"{rs.metadata.name}-",
            namespace=rs.metadata.namespace,
            labels=dict(meta.labels or {}),
            annotations=dict(meta.annotations) if meta.annotations else None,
            owner_references=[self._owner_ref(rs)],
        )
        return Pod(metadata=pod_meta, spec=template.spec)

    def _update_status(self, rs: ReplicaSet, selector) -> None:
        pods = [
            p
            for p in (self.store.get(Pod, ns, n) for k, ns, n in self.store.dependents(rs.metadata.uid) if k is Pod)
            if p is not None and is_active(p)
        ]
        template_labels = (
            rs.spec.template.metadata.labels if rs.spec.template and rs.spec.template.metadata else None
        ) or {}
        ready = sum(1 for p in pods if p.is_ready())
        status = ReplicaSetStatus(
            replicas=len(pods),
            fully_labeled_replicas=sum(
                1 for p in pods if all(p.labels.get(k) == v for k, v in template_labels.items())
            ),
            ready_replicas=ready,
            available_replicas=ready,
            observed_generation=rs.metadata.generation,
        )
        terminating = sum(
            1
            for k, ns, n in self.store.dependents(rs.metadata.uid)
            if k is Pod and (p := self.store.get(Pod, ns, n)) is not None and p.metadata.deletion_timestamp
        )
        if terminating:
            status.terminating_replicas = terminating
        if status != rs.status:
            self.api.update_status(rs.with_status(status))
