"""What the diagrams draw, read from live cluster state (never hand-made).

This module owns :func:`take_snapshot`: one namespace's Nodes, Pods (labels,
IP, node, kubectl's READY/STATUS/RESTARTS cells) and Services (type, addresses, ports,
selector), and for every Service and Pod its :class:`Membership` — matched
and Ready (an endpoint that gets traffic), matched but not Ready, or not
matched — with a one-line reason. Endpoint conditions come from the
EndpointSlices the controller wrote (label ``kubernetes.io/service-name``),
so the picture shows what kube-proxy would use, not a re-computation.

Plain data only (no matplotlib, no networkx): widgets, tests and the
diagrams share it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from ..api.core import Node, Pod, Service
from ..api.discovery import SERVICE_NAME_LABEL, EndpointSlice
from ..api.labels import selector_from_map
from ..printers.core import pod_row, service_external_ip
from .explain import pod_mismatches

if TYPE_CHECKING:  # pragma: no cover
    from ..network.runtime import Runtime

__all__ = ["Membership", "MemberView", "NodeView", "PodView", "PortView", "ServiceView", "Snapshot", "take_snapshot"]


class Membership(str, enum.Enum):
    READY = "ready"  # selected and Ready: a ready endpoint, receives traffic
    NOT_READY = "not-ready"  # selected but not Ready (starting, crashing, terminating, no IP yet): no traffic
    NOT_MATCHED = "not-matched"  # the selector does not match the Pod's labels


@dataclass(frozen=True)
class NodeView:
    name: str
    internal_ip: str
    external_ip: str | None


@dataclass(frozen=True)
class PodView:
    name: str
    namespace: str
    uid: str
    labels: tuple[tuple[str, str], ...]
    ip: str | None
    node: str | None
    ready: str  # kubectl's READY cell, "1/1"
    status: str  # kubectl's STATUS cell, "Running", "CrashLoopBackOff", "Terminating"
    restarts: str = "0"  # kubectl's RESTARTS cell, "1 (10s ago)"

    @property
    def label_map(self) -> dict[str, str]:
        return dict(self.labels)

    @property
    def label_text(self) -> str:
        return ",".join(f"{k}={v}" for k, v in self.labels) or "<none>"


@dataclass(frozen=True)
class PortView:
    name: str
    protocol: str
    port: int
    target_port: str  # a number or a container port name
    node_port: int | None


@dataclass(frozen=True)
class MemberView:
    """One Pod seen from one Service."""

    pod: str
    state: Membership
    detail: str  # "Ready", "ContainerCreating", "Terminating", "version is v2, not v1"
    addresses: tuple[str, ...] = ()  # "10.1.0.6:80" per resolved port, from the EndpointSlice
    endpoint: bool = False  # listed in the Service's EndpointSlices (a Pod without an IP never is)


@dataclass(frozen=True)
class ServiceView:
    name: str
    namespace: str
    type: str
    cluster_ip: str | None
    external: str  # kubectl's EXTERNAL-IP cell: "<none>", "<pending>", "localhost", "203.0.113.10"
    ports: tuple[PortView, ...]
    selector: tuple[tuple[str, str], ...] | None
    members: tuple[MemberView, ...]  # one per Pod of the namespace, in Pod order

    @property
    def selector_text(self) -> str:
        if self.selector is None:
            return "<none>"
        return ",".join(f"{k}={v}" for k, v in self.selector) or "<empty>"

    def member(self, pod: str) -> MemberView | None:
        return next((m for m in self.members if m.pod == pod), None)

    def pods_in(self, state: Membership) -> list[str]:
        return [m.pod for m in self.members if m.state is state]

    def endpoints_in(self, state: Membership) -> int:
        """How many of the Service's endpoints are in ``state`` (selected Pods the EndpointSlice controller has
        not listed, such as Pods without an IP, are no endpoints at all)."""
        return sum(1 for m in self.members if m.endpoint and m.state is state)

    @property
    def ports_text(self) -> str:
        return (
            ",".join(f"{p.port}{':' + str(p.node_port) if p.node_port else ''}/{p.protocol}" for p in self.ports)
            or "<none>"
        )


@dataclass(frozen=True)
class Snapshot:
    namespace: str
    nodes: tuple[NodeView, ...]
    pods: tuple[PodView, ...]
    services: tuple[ServiceView, ...]
    node_ports_on_localhost: bool = False  # Docker Desktop publishes node ports on the laptop's localhost

    def service(self, name: str) -> ServiceView:
        for svc in self.services:
            if svc.name == name:
                return svc
        raise KeyError(f"no Service {name!r} in namespace {self.namespace!r}")

    def pod(self, name: str) -> PodView:
        for pod in self.pods:
            if pod.name == name:
                return pod
        raise KeyError(f"no Pod {name!r} in namespace {self.namespace!r}")


# ------------------------------------------------------------------ reading
def _node_view(node: Node) -> NodeView:
    addresses = (node.status.addresses if node.status else None) or []
    external = next((a.address for a in addresses if a.type == "ExternalIP"), None)
    return NodeView(node.name, node.internal_ip() or "", external)


def _pod_view(pod: Pod, cells: list[str]) -> PodView:
    return PodView(
        pod.name,
        pod.namespace,
        pod.metadata.uid or "",
        tuple(sorted(pod.labels.items())),
        pod.ip,
        pod.spec.node_name if pod.spec else None,
        cells[1],
        cells[2],
        cells[3],
    )


def _port_view(port) -> PortView:
    target = port.target_port if port.target_port is not None else port.port
    return PortView(port.name or "", port.protocol or "TCP", port.port, str(target), port.node_port)


def _slice_endpoints(cluster: "Runtime", svc: Service) -> dict[str, tuple[bool, bool, tuple[str, ...]]]:
    """Pod name -> (ready, terminating, addresses) from the Service's EndpointSlices."""
    found: dict[str, tuple[bool, bool, tuple[str, ...]]] = {}
    selector = selector_from_map({SERVICE_NAME_LABEL: svc.name})
    for slice_ in cluster.api.list(EndpointSlice, svc.namespace, selector):
        ports = [p.port for p in slice_.ports or [] if p.port]
        for endpoint in slice_.endpoints or []:
            ref = endpoint.target_ref
            if ref is None or ref.kind != "Pod" or not ref.name:
                continue
            conditions = endpoint.conditions
            ready = conditions is None or conditions.ready is None or bool(conditions.ready)
            terminating = bool(conditions and conditions.terminating)
            addresses = tuple(f"{ip}:{port}" for ip in endpoint.addresses or [] for port in ports)
            found[ref.name] = (ready, terminating, addresses)
    return found


def _member(pod: PodView, svc: Service, endpoints: dict) -> MemberView:
    selector = svc.spec.selector
    if not selector:
        return MemberView(pod.name, Membership.NOT_MATCHED, "the Service has no selector")
    if not selector_from_map(selector).matches(pod.label_map):
        return MemberView(pod.name, Membership.NOT_MATCHED, "; ".join(pod_mismatches(selector, pod.label_map)))
    if pod.name not in endpoints:
        why = "no Pod IP yet" if not pod.ip else f"{pod.status}: not an endpoint"
        return MemberView(pod.name, Membership.NOT_READY, why)
    ready, terminating, addresses = endpoints[pod.name]
    if ready:
        return MemberView(pod.name, Membership.READY, "Ready", addresses, endpoint=True)
    why = "Terminating" if terminating else f"{pod.status}, not Ready"
    return MemberView(pod.name, Membership.NOT_READY, why, addresses, endpoint=True)


def _service_view(cluster: "Runtime", svc: Service, pods: tuple[PodView, ...]) -> ServiceView:
    endpoints = _slice_endpoints(cluster, svc)
    selector = tuple(sorted(svc.spec.selector.items())) if svc.spec.selector is not None else None
    return ServiceView(
        svc.name,
        svc.namespace,
        svc.spec.type or "ClusterIP",
        svc.spec.cluster_ip,
        service_external_ip(svc),
        tuple(_port_view(p) for p in svc.spec.ports or []),
        selector,
        tuple(_member(p, svc, endpoints) for p in pods),
    )


def take_snapshot(cluster: "Runtime", namespace: str = "default", services: Iterable[str] | None = None) -> Snapshot:
    """The namespace as the diagrams see it. ``services`` defaults to every Service that has a selector."""
    cluster.settle()
    now = cluster.clock.now()
    pods = tuple(_pod_view(p, pod_row(p, now)) for p in cluster.api.list(Pod, namespace))
    wanted = None if services is None else list(services)
    chosen = []
    for svc in cluster.api.list(Service, namespace):
        if (wanted is None and svc.spec.selector is not None) or (wanted is not None and svc.name in wanted):
            chosen.append(svc)
    if wanted is not None:
        chosen.sort(key=lambda s: wanted.index(s.name))
    nodes = tuple(_node_view(n) for n in cluster.api.list(Node))
    return Snapshot(
        namespace,
        nodes,
        pods,
        tuple(_service_view(cluster, s, pods) for s in chosen),
        cluster.profile.node_ports_on_localhost,
    )
