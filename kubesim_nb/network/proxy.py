"""kube-proxy's rules: where a TCP connection to an address ends up (pkg/proxy/iptables/proxier.go).

:func:`connect` takes who connects (:class:`Source`: a Pod, a node, or the
learner's laptop) and where to (an IP or ``localhost``, a port), applies the
rules a real cluster applies, and returns either a :class:`Connection` to the
process that accepted it or a :class:`ConnectFailure` (refused, or timed out).
Both carry the list of :class:`Hop` s taken — DNAT to which endpoint, which
REJECT or DROP rule — for diagrams and diagnosis.

The rules, in short:

- ClusterIP + a declared port: DNAT to a random *ready* endpoint (terminating
  but serving endpoints when none is ready), translated to the endpoint's
  resolved target port; ``sessionAffinity: ClientIP`` pins a client IP to its
  endpoint until it has been idle ``timeoutSeconds``. No endpoints at all:
  REJECT (connection refused). A port the Service does not declare: in iptables
  mode no rule, the packet is lost (timeout); in nftables mode (the profile's
  ``proxy_mode``) REJECT, refused at once. ``internalTrafficPolicy: Local`` with no
  endpoint on the client's node: DROP (timeout).
- A Pod IP: that Pod, if a running container listens on the port (else the
  Pod's kernel resets: refused). An IP no Pod holds (a deleted Pod's): nobody
  answers ARP, the connection times out.
- NodePort on every node IP (and on the node's own 127.0.0.1, iptables mode);
  ``externalTrafficPolicy: Local`` only uses endpoints on the receiving node
  and drops the traffic on nodes without one; ``Cluster`` may hop to another
  node and source-NATs the client.
- LoadBalancer: the ingress IP (or Docker Desktop's ``localhost``) on the
  Service port behaves like a node port on a node the load balancer picks.
- From the laptop, cluster IPs and Pod IPs do not exist: timeout.

The backend choice uses ``cluster.rng_net`` only, so the same seed and the same
commands give the same answers.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..api.core import Pod, Service, ServicePort
from ..images import HttpRequest, HttpResponse
from .activity import record_connection
from .index import Backend, ServiceKey, localhost_node_port, usable_backends
from .internet import host_by_ip
from .listeners import Listener, internet_listener, node_listener, pod_listener
from .portforward import LOST_CONNECTION, ForwardedPort, forwarded_port
from .state import section
from .topology import NodeAddress, cluster_nodes, host_ip, host_reaches, in_pod_network

if TYPE_CHECKING:  # pragma: no cover
    from .runtime import Runtime

__all__ = [
    "Connection",
    "ConnectFailure",
    "Hop",
    "PingReply",
    "RuleMatch",
    "Source",
    "affinity_timeout",
    "connect",
    "ping",
    "resolve_localhost",
]

DEFAULT_AFFINITY_TIMEOUT = 10800
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


# ----------------------------------------------------------------- value types
@dataclass(frozen=True)
class Source:
    """Who opens the connection."""

    kind: str  # "pod" | "node" | "host"
    ip: str
    node: str | None = None
    pod: tuple[str, str] | None = None  # (namespace, name)

    @classmethod
    def of_pod(cls, pod: Pod) -> "Source":
        if pod.spec.host_network:
            return cls("node", pod.ip or "", pod.spec.node_name, (pod.namespace, pod.name))
        return cls("pod", pod.ip or "", pod.spec.node_name, (pod.namespace, pod.name))

    @classmethod
    def of_node(cls, cluster: "Runtime", name: str) -> "Source":
        node = next((n for n in cluster_nodes(cluster) if n.name == name), None)
        if node is None:
            raise ValueError(f"no node named {name!r}")
        return cls("node", node.internal_ip, node.name)

    @classmethod
    def host(cls, cluster: "Runtime") -> "Source":
        return cls("host", host_ip(cluster.profile))


@dataclass(frozen=True)
class RuleMatch:
    """Which of kube-proxy's rules for a Service a packet met: the facts a view needs to show that rule."""

    service: tuple[str, str]  # (namespace, name)
    port_name: str | None  # the Service port's name ("" when unnamed); None: the Service does not declare the port
    entry: str  # how the packet came in, as kube-proxy's rule comments say: cluster IP | node port | loadbalancer IP
    node: str | None = None  # the node whose kube-proxy rules acted
    endpoints: tuple[str, ...] = ()  # IP:port of every endpoint the rule chose among, in rule order
    chosen: str | None = None  # the one it chose
    from_pods: bool = True  # the packet's source is in the Pod network (else kube-proxy masquerades ClusterIP traffic)
    hairpin: bool = False  # the chosen endpoint is the client itself (masqueraded, so the reply comes back through)

    @property
    def label(self) -> str:
        """kube-proxy's ServicePortName: ``namespace/name`` plus ``:port-name`` for a named port."""
        name = f"{self.service[0]}/{self.service[1]}"
        return name + (f":{self.port_name}" if self.port_name else "")


@dataclass(frozen=True)
class Hop:
    action: str  # DNAT, SNAT, REJECT, DROP, FORWARD, DELIVER, RESET, ...
    detail: str
    rule: RuleMatch | None = None  # the Service rule behind a DNAT, REJECT or DROP

    def __str__(self) -> str:
        return f"{self.action} {self.detail}"


@dataclass(frozen=True)
class ConnectFailure:
    """A connection that was not made: refused (a reset) or timed out, and the hops up to where it died."""

    reason: str  # "refused" | "timeout"
    detail: str
    hops: tuple[Hop, ...] = ()

    @property
    def refused(self) -> bool:
        return self.reason == "refused"


@dataclass
class Connection:
    """An accepted TCP connection: who answered, and how the packets got there."""

    src: Source
    dst_ip: str
    dst_port: int
    backend_ip: str
    backend_port: int
    client_ip: str  # the source address the server sees
    listener: Listener
    hops: tuple[Hop, ...]
    pod: Pod | None = None
    service: ServiceKey | None = None

    @property
    def tls(self) -> bool:
        return self.listener.tls

    def request(self, request: HttpRequest) -> HttpResponse | None:
        """Send one HTTP request; ``None`` when the server closes without replying."""
        return self.listener.serve(replace(request, client_ip=self.client_ip))


@dataclass(frozen=True)
class PingReply:
    ttl: int


# ------------------------------------------------------------------- routing
@dataclass
class _Route:
    """One connection attempt: the rules applied in order, with the hops they took."""

    cluster: "Runtime"
    src: Source
    protocol: str
    hops: list[Hop] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.index = self.cluster.network

    # -- outcomes -----------------------------------------------------------
    def hop(self, action: str, detail: str, rule: RuleMatch | None = None) -> None:
        self.hops.append(Hop(action, detail, rule))

    def fail(self, reason: str, action: str, detail: str, rule: RuleMatch | None = None) -> ConnectFailure:
        self.hop(action, detail, rule)
        return ConnectFailure(reason, detail, tuple(self.hops))

    def deliver(
        self,
        listener: Listener | None,
        ip: str,
        port: int,
        client_ip: str,
        *,
        pod: Pod | None = None,
        service: ServiceKey | None = None,
        dst: tuple[str, int],
    ) -> Connection | ConnectFailure:
        if listener is None:
            where = f"Pod {pod.namespace}/{pod.name}" if pod is not None else ip
            return self.fail("refused", "RESET", f"from {ip}:{port} ({where}: nothing listens on port {port})")
        self.hop("DELIVER", f"{ip}:{port} ({listener.description})")
        return Connection(self.src, dst[0], dst[1], ip, port, client_ip, listener, tuple(self.hops), pod, service)

    # -- entry --------------------------------------------------------------
    def to(self, ip: str, port: int) -> Connection | ConnectFailure:
        ip = resolve_localhost(ip)
        if self.src.kind == "host":
            return self.from_host(ip, port)
        return self.in_cluster(ip, port)

    def from_host(self, ip: str, port: int) -> Connection | ConnectFailure:
        if ip in LOOPBACK:
            return self.host_localhost(port)
        key = self._lb_service(ip)
        if key is not None:
            return self.load_balancer(key, ip, port)
        for node in cluster_nodes(self.cluster):
            if ip in (node.internal_ip, node.external_ip) and host_reaches(self.cluster.profile, node, ip):
                return self.at_node(node, ip, port)
        if ip in self.index.services_by_ip or self.index.pod_at(ip) or in_pod_network(self.cluster, ip):
            what = "a cluster IP" if ip in self.index.services_by_ip else "a Pod IP"
            return self.fail(
                "timeout",
                "DROP",
                f"{ip}:{port} from outside the cluster: {ip} is {what}, routable only inside the cluster",
            )
        return self.internet(ip, port)

    def host_localhost(self, port: int) -> Connection | ConnectFailure:
        forwarded = forwarded_port(self.cluster, port)
        if forwarded is not None:
            return self.port_forward(forwarded, port)
        node = cluster_nodes(self.cluster)[0]
        key = self.cluster.localhost_service(port)
        if key is not None and _service_port(self.index.service(key), port, self.protocol, "port") is not None:
            return self.vpnkit(key, port, "port", node)
        key = localhost_node_port(self.cluster, port, self.protocol)
        if key is not None:
            return self.vpnkit(key, port, "node_port", node)
        return self.fail("refused", "RESET", f"localhost:{port} (nothing listens on this port of your computer)")

    def vpnkit(self, key: ServiceKey, port: int, published: str, node: NodeAddress) -> Connection | ConnectFailure:
        """Docker Desktop's ``localhost:port``, a LoadBalancer's port or a NodePort Service's node port
        (``published``): vpnkit takes the connection on the laptop and opens another from inside the VM to the
        Service's ClusterIP and port (moby/vpnkit ``go/pkg/controller/controller.go``, ``convert``). That packet
        meets the cluster IP rule as from any process on the node, not a node port or load balancer rule, so
        externalTrafficPolicy plays no part; kube-proxy masquerades it, as it does not come from a Pod."""
        svc = self.index.service(key)
        sport = _service_port(svc, port, self.protocol, published)
        ip = svc.spec.cluster_ip
        what = "the load balancer ingress hostname localhost" if published == "port" else f"node port {port}"
        self.hop("FORWARD", f"localhost:{port} -> {ip}:{sport.port} (vpnkit: {what} of {_name(key)}, from {node.name})")
        local = svc.spec.internal_traffic_policy == "Local"
        backend = self.pick(svc, key, sport, "cluster IP", f"{ip}:{sport.port}", node.name, local=local)
        if isinstance(backend, ConnectFailure):
            return backend
        client = node.gateway if backend.node == node.name else node.internal_ip
        self.hop("SNAT", f"{self.src.ip} -> {client} (vpnkit connects from the VM; not from a Pod, so masqueraded)")
        return self.to_backend(backend, key, client, (ip, sport.port))

    def port_forward(self, forward: ForwardedPort, port: int) -> Connection | ConnectFailure:
        """``localhost:port`` is a ``kubectl port-forward``: through the API server and the kubelet into the Pod."""
        pod = forward.pod
        if pod is None:
            return self.fail(
                "refused",
                "RESET",
                f"localhost:{port} (the port-forward to Pod {forward.namespace}/"
                f"{forward.pod_name} ended: {LOST_CONNECTION})",
            )
        self.hop(
            "PORT-FORWARD",
            f"localhost:{port} -> Pod {pod.namespace}/{pod.name} port {forward.pod_port} "
            "(kubectl port-forward, through the API server and the kubelet)",
        )
        listener = pod_listener(self.cluster, pod, forward.pod_port)
        if listener is None:  # kubectl accepted the connection, the Pod refused it: the client sees an empty reply
            listener = Listener(
                f"kubectl port-forward (nothing listens on port {forward.pod_port} in the Pod)", lambda request: None
            )
        return self.deliver(listener, "127.0.0.1", forward.pod_port, "127.0.0.1", pod=pod, dst=("127.0.0.1", port))

    def in_cluster(self, ip: str, port: int) -> Connection | ConnectFailure:
        if ip in LOOPBACK:
            return self.own_loopback(port)
        key = self.index.services_by_ip.get(ip)
        if key is not None:
            return self.cluster_ip(key, ip, port)
        key = self._lb_service(ip)
        if key is not None:
            return self.load_balancer(key, ip, port, short_circuit=True)
        for node in cluster_nodes(self.cluster):
            if ip in (node.internal_ip, node.external_ip):
                return self.at_node(node, ip, port)
        pod = self.index.pod_at(ip)
        if pod is not None:
            return self.pod_direct(pod, ip, port)
        node = in_pod_network(self.cluster, ip)
        if node is not None:
            return self.fail(
                "timeout", "DROP", f"{ip}:{port}: no Pod has this IP on node {node.name} (nobody answers ARP)"
            )
        return self.internet(ip, port)

    def own_loopback(self, port: int) -> Connection | ConnectFailure:
        if self.src.kind == "pod" and self.src.pod is not None:
            pod = self.cluster.api.find(Pod, *self.src.pod)
            if pod is not None:
                return self.deliver(
                    pod_listener(self.cluster, pod, port, self.protocol),
                    "127.0.0.1",
                    port,
                    "127.0.0.1",
                    pod=pod,
                    dst=("127.0.0.1", port),
                )
        node = next(n for n in cluster_nodes(self.cluster) if n.name == self.src.node)
        return self.at_node(node, "127.0.0.1", port)

    def internet(self, ip: str, port: int) -> Connection | ConnectFailure:
        host = host_by_ip(ip)
        if host is not None:
            listener = internet_listener(self.cluster, host, port)
            if listener is not None:
                self.hop("SNAT", f"{self.src.ip} -> {self._egress_ip()} (traffic leaving the cluster)")
                return self.deliver(listener, ip, port, self._egress_ip(), dst=(ip, port))
        return self.fail("timeout", "DROP", f"{ip}:{port}: no route to this address (nothing answers)")

    # -- Services -----------------------------------------------------------
    def cluster_ip(self, key: ServiceKey, ip: str, port: int) -> Connection | ConnectFailure:
        svc = self.index.service(key)
        sport = _service_port(svc, port, self.protocol, "port")
        if sport is None:
            if self.cluster.profile.proxy_mode == "nftables":  # the cluster-ips-check chain
                return self.fail(
                    "refused",
                    "REJECT",
                    f"{ip}:{port}: {_name(key)} does not declare port {port}/{self.protocol} "
                    "(nftables mode rejects traffic to invalid ports of ClusterIPs)",
                )
            return self.fail(
                "timeout",
                "DROP",
                f"{ip}:{port}: no rule ({_name(key)} does not declare port {port}/{self.protocol}; "
                "the cluster IP exists only as rules for its declared ports)",
                RuleMatch(key, None, "cluster IP", self.src.node),
            )
        local = svc.spec.internal_traffic_policy == "Local"
        backend = self.pick(svc, key, sport, "cluster IP", f"{ip}:{port}", self.src.node, local=local)
        if isinstance(backend, ConnectFailure):
            return backend
        return self.to_backend(backend, key, self.src.ip, (ip, port))

    def at_node(self, node: NodeAddress, ip: str, port: int) -> Connection | ConnectFailure:
        if (port, self.protocol) in self.index.services_by_node_port:
            return self.node_port(node, ip, port)
        listener = node_listener(self.cluster, node, port)
        client = self.src.ip if self.src.kind != "host" else host_ip(self.cluster.profile)
        return self.deliver(listener, ip, port, client, dst=(ip, port))

    def node_port(self, node: NodeAddress, ip: str, port: int) -> Connection | ConnectFailure:
        key = self.index.services_by_node_port[(port, self.protocol)]
        svc = self.index.service(key)
        sport = _service_port(svc, port, self.protocol, "node_port")
        return self.external(key, svc, sport, node, (ip, port), "node port", f"node port {port}")

    def load_balancer(
        self, key: ServiceKey, ip: str, port: int, *, short_circuit: bool = False
    ) -> Connection | ConnectFailure:
        svc = self.index.service(key)
        sport = _service_port(svc, port, self.protocol, "port")
        if sport is None:
            return self.fail(
                "timeout",
                "DROP",
                f"{ip}:{port}: the load balancer of {_name(key)} does not forward port {port}",
                RuleMatch(key, None, "loadbalancer IP"),
            )
        if short_circuit:  # kube-proxy catches LB IPs inside the cluster and treats them like the cluster IP
            via, note = f"{ip}:{port}", ", load balancer IP short-circuited"
            backend = self.pick(svc, key, sport, "loadbalancer IP", via, self.src.node, note=note)
            if isinstance(backend, ConnectFailure):
                return backend
            return self.to_backend(backend, key, self.src.ip, (ip, port))
        node = self._lb_node(svc, key, sport)
        self.hop("FORWARD", f"{ip}:{port} -> node {node.name} (cloud load balancer of {_name(key)})")
        return self.external(key, svc, sport, node, (ip, port), "loadbalancer IP", f"load balancer port {port}")

    def external(
        self,
        key: ServiceKey,
        svc: Service,
        sport: ServicePort,
        node: NodeAddress,
        dst: tuple[str, int],
        entry: str,
        via: str,
    ) -> Connection | ConnectFailure:
        """NodePort / LoadBalancer traffic arriving at ``node``: externalTrafficPolicy applies."""
        local = svc.spec.external_traffic_policy == "Local"
        backend = self.pick(svc, key, sport, entry, f"{via} on {node.name}", node.name, local=local)
        if isinstance(backend, ConnectFailure):
            return backend
        client = self.src.ip
        if not local:
            client = node.gateway if backend.node == node.name else node.internal_ip
            self.hop("SNAT", f"{self.src.ip} -> {client} (externalTrafficPolicy: Cluster hides the client address)")
        return self.to_backend(backend, key, client, dst)

    def pick(
        self,
        svc: Service,
        key: ServiceKey,
        sport: ServicePort,
        entry: str,
        via: str,
        node: str | None,
        local: bool = False,
        note: str = "",
    ) -> Backend | ConnectFailure:
        """kube-proxy's endpoint choice on ``node`` for one Service port (with ``local``: among that node's
        endpoints only), and the DNAT to it (``via`` says where the packet came in); a REJECT or DROP when there
        is no endpoint to choose."""
        backends = self.index.backends(key).by_port.get(sport.name or "", ())
        usable = usable_backends(backends)
        match = RuleMatch(
            key, sport.name or "", entry, node, from_pods=in_pod_network(self.cluster, self.src.ip) is not None
        )
        if not usable:
            return self.fail("refused", "REJECT", f"{match.label} has no endpoints (connection refused at once)", match)
        if local:
            usable = [b for b in usable if b.node == node]
            if not usable:
                return self.fail("timeout", "DROP", f"{match.label} has no local endpoints on node {node}", match)
        backend = self._affinity_or_random(svc, key, sport, usable)
        match = replace(
            match,
            endpoints=tuple(b.address for b in usable),
            chosen=backend.address,
            hairpin=backend.ip == self.src.ip,
        )
        self.hop("DNAT", f"{via} -> {backend.address} (endpoint of {_name(key)}{note})", match)
        return backend

    def _affinity_or_random(self, svc: Service, key: ServiceKey, sport: ServicePort, usable: list[Backend]) -> Backend:
        timeout = affinity_timeout(svc)
        if timeout is None:
            return usable[self.cluster.rng_net.randrange(len(usable))] if len(usable) > 1 else usable[0]
        table = section(self.cluster, "affinity").setdefault(f"{_name(key)}:{sport.name or sport.port}", {})
        now = self.cluster.clock.seconds()
        entry = table.get(self.src.ip)
        chosen = None
        if entry is not None and now - entry[2] <= timeout:
            chosen = next((b for b in usable if b.ip == entry[0] and b.port == entry[1]), None)
        if chosen is None:
            chosen = usable[self.cluster.rng_net.randrange(len(usable))]
        else:
            self.hop("AFFINITY", f"client {self.src.ip} sticks to {chosen.address} (sessionAffinity: ClientIP)")
        table[self.src.ip] = [chosen.ip, chosen.port, now]
        return chosen

    def to_backend(
        self, backend: Backend, key: ServiceKey, client_ip: str, dst: tuple[str, int]
    ) -> Connection | ConnectFailure:
        pod = self.cluster.api.find(Pod, *backend.pod) if backend.pod else None
        if pod is not None and pod.ip == backend.ip:
            listener = pod_listener(self.cluster, pod, backend.port, self.protocol)
            return self.deliver(listener, backend.ip, backend.port, client_ip, pod=pod, service=key, dst=dst)
        node = next((n for n in cluster_nodes(self.cluster) if n.internal_ip == backend.ip), None)
        if node is not None:
            return self.deliver(
                node_listener(self.cluster, node, backend.port),
                backend.ip,
                backend.port,
                client_ip,
                service=key,
                dst=dst,
            )
        return self.fail("timeout", "DROP", f"{backend.address}: the endpoint's address is not held by any Pod")

    def pod_direct(self, pod: Pod, ip: str, port: int) -> Connection | ConnectFailure:
        return self.deliver(
            pod_listener(self.cluster, pod, port, self.protocol), ip, port, self.src.ip, pod=pod, dst=(ip, port)
        )

    # -- helpers ------------------------------------------------------------
    def _lb_service(self, ip: str) -> ServiceKey | None:
        keys = self.index.services_by_lb_ip.get(ip)
        return min(keys) if keys else None

    def _lb_node(self, svc: Service, key: ServiceKey, sport: ServicePort) -> NodeAddress:
        """The cloud LB sends traffic to healthy nodes (with ``Local``: only nodes with an endpoint)."""
        nodes = cluster_nodes(self.cluster)
        if svc.spec.external_traffic_policy == "Local":
            with_endpoints = {b.node for b in self.index.backends(key).by_port.get(sport.name or "", ()) if b.ready}
            nodes = [n for n in nodes if n.name in with_endpoints] or nodes
        return nodes[self.cluster.rng_net.randrange(len(nodes))] if len(nodes) > 1 else nodes[0]

    def _egress_ip(self) -> str:
        if self.src.kind == "host":
            return self.src.ip
        node = next((n for n in cluster_nodes(self.cluster) if n.name == self.src.node), None)
        return (node.external_ip or node.internal_ip) if node else self.src.ip


def affinity_timeout(svc: Service) -> int | None:
    """How long ``sessionAffinity: ClientIP`` keeps a client on its endpoint (seconds); None without affinity."""
    if svc.spec.session_affinity != "ClientIP":
        return None
    config = svc.spec.session_affinity_config
    return (config.client_ip.timeout_seconds if config and config.client_ip else None) or DEFAULT_AFFINITY_TIMEOUT


def _service_port(svc: Service | None, port: int, protocol: str, field_name: str) -> ServicePort | None:
    if svc is None:
        return None
    for sp in svc.spec.ports or []:
        if getattr(sp, field_name) == port and (sp.protocol or "TCP") == protocol:
            return sp
    return None


def _name(key: ServiceKey) -> str:
    return f"{key[0]}/{key[1]}"


def resolve_localhost(ip: str) -> str:
    return "127.0.0.1" if ip.lower() in ("localhost", "localhost.") else ip


# ------------------------------------------------------------------------ API
def connect(
    cluster: "Runtime", src: Source, dst_ip: str, dst_port: int, protocol: str = "TCP"
) -> Connection | ConnectFailure:
    """Open a connection from ``src`` to ``dst_ip:dst_port`` through the cluster's network rules (recorded:
    :mod:`.activity`)."""
    result = _Route(cluster, src, protocol.upper()).to(dst_ip, int(dst_port))
    outcome = "connected" if isinstance(result, Connection) else result.reason
    record_connection(cluster, src, resolve_localhost(dst_ip), int(dst_port), outcome)
    return result


def ping(cluster: "Runtime", src: Source, dst_ip: str) -> PingReply | None:
    """Whether an ICMP echo to ``dst_ip`` is answered (and with which TTL).

    Pod IPs, node IPs and Internet hosts reply; cluster IPs never do (they
    exist only as DNAT rules for their ports).
    """
    ip = resolve_localhost(dst_ip)
    index = cluster.network
    if ip in LOOPBACK:
        return PingReply(64)
    if ip in index.services_by_ip or index.services_by_lb_ip.get(ip):
        return None
    nodes = cluster_nodes(cluster)
    for node in nodes:
        if ip in (node.internal_ip, node.external_ip):
            if src.kind == "host" and not host_reaches(cluster.profile, node, ip):
                return None
            return PingReply(64)
    pod = index.pod_at(ip)
    if pod is not None and src.kind != "host":
        return PingReply(64 if pod.spec.node_name == src.node else 63)
    host = host_by_ip(ip)
    if host is not None:
        return PingReply(56 + int(ipaddress.ip_address(ip)) % 8)
    return None
