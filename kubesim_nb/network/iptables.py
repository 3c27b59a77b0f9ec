"""kube-proxy's rules for one Service on one node, as ``iptables-save`` prints them (pkg/proxy/iptables/proxier.go).

:mod:`.proxy` applies these rules to each connection; this module writes them
out, for views that show a learner what the node holds for a Service (the
rules are what a ``ClusterIP`` *is*: there is no process listening on it). The
chains, for each Service port (``namespace/name:port-name``, kube-proxy's
ServicePortName):

- ``KUBE-SERVICES``: one rule per cluster IP (and load-balancer IP) and port,
  jumping to the Service's chain; its last rule sends traffic for the node's
  own addresses to ``KUBE-NODEPORTS``;
- ``KUBE-NODEPORTS``: one rule per node port, to ``KUBE-EXT-…`` (external traffic: masquerade, then the
  Service's chain);
- ``KUBE-SVC-…`` (``KUBE-SVL-…`` for a Local traffic policy): one jump per endpoint, with
  ``-m statistic --mode random --probability 1/n, 1/(n-1), …`` so each endpoint gets an equal share;
- ``KUBE-SEP-…``: one chain per endpoint, ending in ``DNAT --to-destination PodIP:targetPort``;
- a Service port without endpoints gets no nat rules: a ``REJECT`` in the filter table instead.

Chain names are kube-proxy's: ``KUBE-SVC-`` + the first 16 base32 characters of
``sha256(ServicePortName + protocol)`` (``portProtoHash``); an endpoint chain
hashes the endpoint's ``IP:port`` too, so it changes when a Pod is replaced.
Rules are listed in the order a packet meets them (``iptables-save`` itself
groups them by table and chain); probabilities print as ``iptables-save`` prints
them: the kernel keeps ``probability × 2³¹`` as an integer, read back with 11 decimals.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..api.core import Service, ServicePort
from .index import Backend, ServiceKey, load_balancer_ingress, usable_backends
from .proxy import affinity_timeout
from .topology import cluster_nodes

if TYPE_CHECKING:  # pragma: no cover
    from .runtime import Runtime

__all__ = ["Rule", "chain_hash", "endpoint_chain", "service_chain", "service_rules"]

NODEPORTS_LAST_RULE = (
    '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this '
    'chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS'
)


@dataclass(frozen=True)
class Rule:
    """One line of ``iptables-save`` output."""

    table: str  # "nat" | "filter"
    text: str  # "-A CHAIN ..."
    port_name: str = ""  # the Service port the rule is for
    entry: str | None = None  # for a rule where packets come in: cluster IP | node port | loadbalancer IP
    endpoint: str | None = None  # the endpoint (IP:port) a rule sends to or belongs to
    masquerades_non_pods: bool = False  # KUBE-SVC's mark for ClusterIP traffic that does not come from a Pod
    masquerades_hairpin: bool = False  # KUBE-SEP's mark for an endpoint's own traffic coming back to it

    @property
    def chain(self) -> str:
        return self.text.split()[1]


def chain_hash(text: str) -> str:
    """kube-proxy's ``portProtoHash``: sha256, base32, the first 16 characters."""
    return base64.b32encode(hashlib.sha256(text.encode()).digest()).decode()[:16]


def service_chain(port_name: str, protocol: str, prefix: str = "KUBE-SVC-") -> str:
    """The chain of a Service port (``KUBE-SVC-``, or ``KUBE-SVL-`` / ``KUBE-EXT-``) from its ServicePortName."""
    return prefix + chain_hash(port_name + protocol.lower())


def endpoint_chain(port_name: str, protocol: str, endpoint: str) -> str:
    """The ``KUBE-SEP-`` chain of one endpoint (``IP:port``) of a Service port."""
    return "KUBE-SEP-" + chain_hash(port_name + protocol.lower() + endpoint)


def _saved_probability(probability: float) -> str:
    """As ``iptables-save`` shows ``--probability``: the kernel's 31-bit fixed point, with 11 decimals."""
    return f"{round(probability * 0x80000000) / 0x80000000:.11f}"


def _cluster_cidr(cluster: "Runtime") -> str:
    """kube-proxy's ``--cluster-cidr``: the Pod network the node ranges come from (a /16 here)."""
    node = cluster_nodes(cluster)[0]
    network = ipaddress.ip_network(node.pod_cidr)
    return str(network.supernet(new_prefix=16) if network.prefixlen > 16 else network)


@dataclass
class _PortRules:
    """The rules of one Service port, written in the order a packet meets them."""

    cluster: "Runtime"
    svc: Service
    sport: ServicePort
    node: str
    rules: list[Rule]

    def __post_init__(self) -> None:
        self.name = f"{self.svc.namespace}/{self.svc.name}" + (f":{self.sport.name}" if self.sport.name else "")
        self.proto = (self.sport.protocol or "TCP").lower()
        self.svc_chain = service_chain(self.name, self.proto)
        self.local_chain = service_chain(self.name, self.proto, "KUBE-SVL-")
        self.ext_chain = service_chain(self.name, self.proto, "KUBE-EXT-")

    def add(self, table: str, text: str, **facts) -> None:
        self.rules.append(Rule(table, text, self.sport.name or "", **facts))

    def match(self, dst: str | None, port: int, comment: str) -> str:
        """The matches of a rule for ``dst:port``, in iptables-save's order."""
        where = f"-d {dst}/32 " if dst else ""
        local = "" if dst else "-m addrtype --dst-type LOCAL "
        return f'{where}-p {self.proto} -m comment --comment "{comment}" {local}-m {self.proto} --dport {port}'

    def write(self, backends: list[Backend]) -> None:
        usable = usable_backends(backends)
        ip, port, node_port = self.svc.spec.cluster_ip, self.sport.port, self.sport.node_port
        lb_ips = [i.ip for i in load_balancer_ingress(self.svc) if i.ip]
        if not usable:
            self.add(
                "filter",
                f"-A KUBE-SERVICES {self.match(ip, port, self.name + ' has no endpoints')} "
                "-j REJECT --reject-with icmp-port-unreachable",
                entry="cluster IP",
            )
            for lb_ip in lb_ips:
                self.add(
                    "filter",
                    f"-A KUBE-EXTERNAL-SERVICES {self.match(lb_ip, port, self.name + ' has no endpoints')} "
                    "-j REJECT --reject-with icmp-port-unreachable",
                    entry="loadbalancer IP",
                )
            if node_port:
                self.add(
                    "filter",
                    f"-A KUBE-EXTERNAL-SERVICES {self.match(None, node_port, self.name + ' has no endpoints')} "
                    "-j REJECT --reject-with icmp-port-unreachable",
                    entry="node port",
                )
            return
        internal = self.local_chain if self.svc.spec.internal_traffic_policy == "Local" else self.svc_chain
        self.add(
            "nat",
            f"-A KUBE-SERVICES {self.match(ip, port, self.name + ' cluster IP')} -j {internal}",
            entry="cluster IP",
        )
        for lb_ip in lb_ips:
            self.add(
                "nat",
                f"-A KUBE-SERVICES {self.match(lb_ip, port, self.name + ' loadbalancer IP')} -j {self.ext_chain}",
                entry="loadbalancer IP",
            )
        if node_port:
            self.add(
                "nat",
                f'-A KUBE-NODEPORTS -p {self.proto} -m comment --comment "{self.name}" -m {self.proto} '
                f"--dport {node_port} -j {self.ext_chain}",
                entry="node port",
            )
        if node_port or lb_ips:
            self.external()
        self.add(
            "nat",
            f"-A {self.svc_chain} ! -s {_cluster_cidr(self.cluster)} {self.match(ip, port, self.name + ' cluster IP')} "
            "-j KUBE-MARK-MASQ",
            masquerades_non_pods=True,
        )
        self.jumps(self.svc_chain, usable)
        if internal == self.local_chain or self.svc.spec.external_traffic_policy == "Local":
            self.local(usable, internal == self.local_chain, lb_ips)
        for backend in usable:
            self.endpoint(backend)

    def external(self) -> None:
        """``KUBE-EXT-…``: masquerade external traffic (Cluster policy), or keep the client address (Local)."""
        if self.svc.spec.external_traffic_policy != "Local":
            self.add(
                "nat",
                f'-A {self.ext_chain} -m comment --comment "masquerade traffic for {self.name} external destinations" '
                "-j KUBE-MARK-MASQ",
            )
            self.add("nat", f"-A {self.ext_chain} -j {self.svc_chain}")
            return
        cidr = _cluster_cidr(self.cluster)
        self.add(
            "nat",
            f'-A {self.ext_chain} -s {cidr} -m comment --comment "pod traffic for {self.name} external destinations" '
            f"-j {self.svc_chain}",
        )
        self.add(
            "nat",
            f'-A {self.ext_chain} -m comment --comment "masquerade LOCAL traffic for {self.name} external '
            'destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ',
        )
        self.add(
            "nat",
            f'-A {self.ext_chain} -m comment --comment "route LOCAL traffic for {self.name} external destinations" '
            f"-m addrtype --src-type LOCAL -j {self.svc_chain}",
        )
        self.add("nat", f"-A {self.ext_chain} -j {self.local_chain}")

    def local(self, usable: list[Backend], internal: bool, lb_ips: list[str]) -> None:
        """``KUBE-SVL-…``: this node's endpoints only; with none, traffic that must stay local is dropped."""
        local = [b for b in usable if b.node == self.node]
        if local:
            self.jumps(self.local_chain, local)
            return
        comment = self.name + " has no local endpoints"
        if internal:
            self.add(
                "filter", f"-A KUBE-SERVICES {self.match(self.svc.spec.cluster_ip, self.sport.port, comment)} -j DROP"
            )
        if self.svc.spec.external_traffic_policy != "Local":
            return
        for lb_ip in lb_ips:
            self.add("filter", f"-A KUBE-EXTERNAL-SERVICES {self.match(lb_ip, self.sport.port, comment)} -j DROP")
        if self.sport.node_port:
            self.add("filter", f"-A KUBE-EXTERNAL-SERVICES {self.match(None, self.sport.node_port, comment)} -j DROP")

    def sep_chain(self, backend: Backend) -> str:
        return endpoint_chain(self.name, self.proto, backend.address)

    def jumps(self, chain: str, backends: list[Backend]) -> None:
        """One jump per endpoint; rule i of n matches with probability 1/(n-i), the last one always."""
        affinity = affinity_timeout(self.svc)
        if affinity is not None:
            for backend in backends:
                sep = self.sep_chain(backend)
                self.add(
                    "nat",
                    f'-A {chain} -m comment --comment "{self.name} -> {backend.address}" -m recent --rcheck '
                    f"--seconds {affinity} --reap --name {sep} --mask 255.255.255.255 --rsource -j {sep}",
                    endpoint=backend.address,
                )
        for i, backend in enumerate(backends):
            left = len(backends) - i
            chance = f"-m statistic --mode random --probability {_saved_probability(1 / left)} " if left > 1 else ""
            self.add(
                "nat",
                f'-A {chain} -m comment --comment "{self.name} -> {backend.address}" {chance}'
                f"-j {self.sep_chain(backend)}",
                endpoint=backend.address,
            )

    def endpoint(self, backend: Backend) -> None:
        sep = self.sep_chain(backend)
        self.add(
            "nat",
            f'-A {sep} -s {backend.ip}/32 -m comment --comment "{self.name}" -j KUBE-MARK-MASQ',
            endpoint=backend.address,
            masquerades_hairpin=True,
        )
        recent = f"-m recent --set --name {sep} --mask 255.255.255.255 --rsource " if affinity_timeout(self.svc) else ""
        self.add(
            "nat",
            f'-A {sep} -p {self.proto} -m comment --comment "{self.name}" {recent}-m {self.proto} '
            f"-j DNAT --to-destination {backend.address}",
            endpoint=backend.address,
        )


def service_rules(cluster: "Runtime", key: ServiceKey, node: str | None = None) -> list[Rule]:
    """The rules kube-proxy on ``node`` (default: the first node) holds for the Service ``key``, port by port;
    none for a Service that does not exist, is headless, or is an ExternalName."""
    svc = cluster.network.service(key)
    if svc is None or svc.spec.cluster_ip in (None, "", "None") or svc.spec.type == "ExternalName":
        return []
    node = node or cluster_nodes(cluster)[0].name
    backends = cluster.network.backends(key).by_port
    rules: list[Rule] = []
    for sport in svc.spec.ports or []:
        _PortRules(cluster, svc, sport, node, rules).write(list(backends.get(sport.name or "", ())))
    if any(sport.node_port for sport in svc.spec.ports or []):
        rules.append(Rule("nat", NODEPORTS_LAST_RULE))
    return rules
