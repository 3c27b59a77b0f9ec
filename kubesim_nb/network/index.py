"""The data plane's view of the cluster: lookup tables kept current from store events.

kube-proxy and CoreDNS never scan every Pod for a packet or a query: they
watch Services and EndpointSlices and keep maps. :class:`NetworkIndex` does
the same for the simulator — Service by cluster IP, by node port and by load
balancer address; Pod by IP; and, per Service, its backends (built from the
Service's EndpointSlices on first use and dropped when one of them changes).
The composition root builds one per cluster (``cluster.network``); it
watches the API server, so it never goes stale.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable

from ..api.core import Pod, Service
from ..api.discovery import SERVICE_NAME_LABEL, EndpointSlice
from ..store import Event

if TYPE_CHECKING:  # pragma: no cover
    from ..apiserver import APIServer

__all__ = [
    "Backend",
    "NetworkIndex",
    "ServiceBackends",
    "ServiceKey",
    "load_balancer_ingress",
    "localhost_node_port",
    "usable_backends",
]

ServiceKey = tuple[str, str]  # (namespace, name)


@dataclass(frozen=True)
class Backend:
    """One endpoint of one Service port, as kube-proxy programs it."""

    ip: str
    port: int  # the resolved target port
    ready: bool
    serving: bool
    terminating: bool
    node: str | None
    pod: tuple[str, str] | None  # (namespace, name) from targetRef; None for e.g. the API server
    hostname: str | None

    @property
    def address(self) -> str:
        return f"{self.ip}:{self.port}"


def usable_backends(backends: Iterable[Backend]) -> list[Backend]:
    """The endpoints kube-proxy sends a Service port's traffic to (``CategorizeEndpoints``, pkg/proxy/topology.go):
    the ready ones; when none is ready, the terminating ones that still serve."""
    backends = list(backends)
    return [b for b in backends if b.ready] or [b for b in backends if b.serving and b.terminating]


@dataclass(frozen=True)
class ServiceBackends:
    """Backends of a Service, per Service port name, in a stable order."""

    by_port: dict[str, tuple[Backend, ...]]
    addresses: tuple[Backend, ...]  # one per endpoint address, whatever its ports (for DNS)


class NetworkIndex:
    def __init__(self, api: "APIServer"):
        self.api = api
        self.services_by_ip: dict[str, ServiceKey] = {}
        self.services_by_node_port: dict[tuple[int, str], ServiceKey] = {}
        self.services_by_lb_ip: dict[str, set[ServiceKey]] = defaultdict(set)
        self.pods_by_ip: dict[str, set[tuple[str, str]]] = defaultdict(set)
        self._slices: dict[ServiceKey, set[str]] = defaultdict(set)
        self._backends: dict[ServiceKey, ServiceBackends] = {}
        self.generation = 0  # bumped on every Service/slice change (a cheap "has anything moved?")
        for svc in self.api.list(Service):
            self._add_service(svc)
        for pod in self.api.list(Pod):
            self._add_pod(pod)
        for slice_ in self.api.list(EndpointSlice):
            self._add_slice(slice_)
        self._handlers = {  # the kinds it follows: (forget the old version, learn the new one)
            Service: (self._remove_service, self._add_service),
            Pod: (self._remove_pod, self._add_pod),
            EndpointSlice: (self._remove_slice, self._add_slice),
        }
        self.api.watch(self._on_event)

    # ------------------------------------------------------------ maintenance
    def _on_event(self, event: Event) -> None:
        pair = self._handlers.get(event.kind)
        if pair is None:
            return
        remove, add = pair
        if event.old is not None:
            remove(event.old)
        if event.new is not None:
            add(event.new)

    def _add_service(self, svc: Service) -> None:
        key = (svc.namespace, svc.name)
        self.generation += 1
        self._backends.pop(key, None)
        if svc.spec.cluster_ip not in (None, "", "None"):
            self.services_by_ip[svc.spec.cluster_ip] = key
        for port in svc.spec.ports or []:
            if port.node_port:
                self.services_by_node_port[(port.node_port, port.protocol or "TCP")] = key
        for ingress in load_balancer_ingress(svc):
            if ingress.ip:
                self.services_by_lb_ip[ingress.ip].add(key)

    def _remove_service(self, svc: Service) -> None:
        key = (svc.namespace, svc.name)
        self.generation += 1
        self._backends.pop(key, None)
        if self.services_by_ip.get(svc.spec.cluster_ip or "") == key:
            del self.services_by_ip[svc.spec.cluster_ip]
        for port in svc.spec.ports or []:
            node_key = (port.node_port or 0, port.protocol or "TCP")
            if self.services_by_node_port.get(node_key) == key:
                del self.services_by_node_port[node_key]
        for ingress in load_balancer_ingress(svc):
            if ingress.ip:
                self.services_by_lb_ip[ingress.ip].discard(key)

    def _add_pod(self, pod: Pod) -> None:
        if pod.ip and not pod.spec.host_network:
            self.pods_by_ip[pod.ip].add((pod.namespace, pod.name))

    def _remove_pod(self, pod: Pod) -> None:
        if pod.ip and not pod.spec.host_network:
            self.pods_by_ip[pod.ip].discard((pod.namespace, pod.name))
            if not self.pods_by_ip[pod.ip]:
                del self.pods_by_ip[pod.ip]

    def _add_slice(self, slice_: EndpointSlice) -> None:
        service = slice_.labels.get(SERVICE_NAME_LABEL)
        if service:
            key = (slice_.namespace, service)
            self._slices[key].add(slice_.name)
            self._backends.pop(key, None)
            self.generation += 1

    def _remove_slice(self, slice_: EndpointSlice) -> None:
        service = slice_.labels.get(SERVICE_NAME_LABEL)
        if service:
            key = (slice_.namespace, service)
            self._slices[key].discard(slice_.name)
            self._backends.pop(key, None)
            self.generation += 1

    # ----------------------------------------------------------------- reads
    def service(self, key: ServiceKey) -> Service | None:
        return self.api.find(Service, *key)

    def pod_at(self, ip: str) -> Pod | None:
        """The Pod that owns ``ip`` (its network namespace), if any."""
        for ns, name in sorted(self.pods_by_ip.get(ip, ())):
            pod = self.api.find(Pod, ns, name)
            if pod is not None and pod.status.phase not in ("Succeeded", "Failed"):
                return pod
        return None

    def backends(self, key: ServiceKey) -> ServiceBackends:
        cached = self._backends.get(key)
        if cached is None:
            cached = self._backends[key] = self._build_backends(key)
        return cached

    def _build_backends(self, key: ServiceKey) -> ServiceBackends:
        by_port: dict[str, list[Backend]] = defaultdict(list)
        addresses: dict[str, Backend] = {}
        for name in sorted(self._slices.get(key, ())):
            slice_ = self.api.find(EndpointSlice, key[0], name)
            if slice_ is None:
                continue
            for backend, port_name in _slice_backends(slice_):
                if port_name is not None:
                    by_port[port_name].append(backend)
                addresses.setdefault(backend.ip, backend)
        ordered = {name: tuple(sorted(items, key=_ip_order)) for name, items in by_port.items()}
        return ServiceBackends(ordered, tuple(sorted(addresses.values(), key=_ip_order)))


def _slice_backends(slice_: EndpointSlice) -> Iterable[tuple[Backend, str | None]]:
    ports = [(p.name or "", p.port) for p in slice_.ports or [] if p.port]
    for endpoint in slice_.endpoints or []:
        conditions = endpoint.conditions
        ready = conditions is None or conditions.ready is None or bool(conditions.ready)
        serving = ready if conditions is None or conditions.serving is None else bool(conditions.serving)
        terminating = bool(conditions and conditions.terminating)
        ref = endpoint.target_ref
        pod = (
            (ref.namespace or slice_.namespace, ref.name)
            if ref is not None and ref.kind == "Pod" and ref.name
            else None
        )
        for ip in endpoint.addresses or []:
            common = dict(
                ip=ip,
                ready=ready,
                serving=serving,
                terminating=terminating,
                node=endpoint.node_name,
                pod=pod,
                hostname=endpoint.hostname,
            )
            if not ports:
                yield Backend(port=0, **common), None
            for port_name, port in ports:
                yield Backend(port=port, **common), port_name


def _ip_order(backend: Backend) -> tuple:
    return tuple(int(part) for part in backend.ip.split(".")) if "." in backend.ip else (backend.ip,), backend.port


def load_balancer_ingress(svc: Service):
    """The Service's load-balancer ingress points (status.loadBalancer.ingress), none before one is provisioned."""
    status = svc.status.load_balancer if svc.status else None
    return (status.ingress if status else None) or []


def localhost_node_port(cluster: Any, port: int, protocol: str = "TCP") -> ServiceKey | None:
    """Docker Desktop: the Service whose node port vpnkit publishes on the laptop's ``localhost:port``."""
    if not cluster.profile.node_ports_on_localhost:
        return None
    return cluster.network.services_by_node_port.get((port, protocol))
