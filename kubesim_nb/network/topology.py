"""Where things are on the network: nodes, the learner's laptop, upstream DNS.

Everything here is read from the cluster profile and the Node objects, so a
``kind`` cluster and a Docker Desktop cluster differ exactly where the real
ones do:

- **Docker Desktop**: the node lives in a VM; its IP (192.168.65.3) is not
  reachable from the laptop, but node ports and ``LoadBalancer`` ports are
  published on the laptop's ``localhost``.
- **kind**: the node is a container on a Docker bridge; from a Linux laptop the
  node IP (172.18.0.2) is reachable, ``localhost`` is not forwarded.
- **cloud**: nodes have public (external) IPs; internal IPs are private.

Decisions where no source says (documented in the network README of the
report): the laptop's own address is the node network's ``.1`` gateway
(``192.0.2.10`` for the cloud profile); the upstream DNS server for
``dnsPolicy: Default`` Pods is Docker Desktop's 192.168.65.7, kind's bridge
gateway, or the cloud metadata server 169.254.169.254.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..api.core import Node

if TYPE_CHECKING:  # pragma: no cover
    from ..profiles import Profile
    from .runtime import Runtime

__all__ = [
    "NodeAddress",
    "cluster_nodes",
    "host_ip",
    "host_reaches",
    "host_resolver",
    "in_pod_network",
    "node_gateway",
    "upstream_dns",
]


@dataclass(frozen=True)
class NodeAddress:
    name: str
    internal_ip: str
    external_ip: str | None
    pod_cidr: str

    @property
    def gateway(self) -> str:
        """The bridge address Pods on this node see as their default route (``.1``)."""
        return node_gateway(self.pod_cidr)


@lru_cache(maxsize=64)
def node_gateway(pod_cidr: str) -> str:
    return str(ipaddress.ip_network(pod_cidr).network_address + 1)


def cluster_nodes(cluster: "Runtime") -> list[NodeAddress]:
    result = []
    for node in cluster.api.list(Node):
        external = (
            next((a.address for a in (node.status.addresses or []) if a.type == "ExternalIP"), None)
            if node.status
            else None
        )
        result.append(
            NodeAddress(
                node.name, node.internal_ip() or "", external, (node.spec.pod_cidr if node.spec else None) or ""
            )
        )
    return result


def host_ip(profile: "Profile") -> str:
    """The learner's laptop as a network client."""
    if profile.load_balancer == "cloud":
        return "192.0.2.10"
    first = ipaddress.ip_address(profile.nodes[0].internal_ip)
    return str(ipaddress.ip_network(f"{first}/24", strict=False).network_address + 1)


def upstream_dns(profile: "Profile") -> str:
    """The node's resolver (what ``dnsPolicy: Default`` Pods and CoreDNS's ``forward .`` use)."""
    if profile.name == "docker-desktop":
        return "192.168.65.7"
    if profile.load_balancer == "cloud":
        return "169.254.169.254"
    return host_ip(profile)


def host_resolver(profile: "Profile") -> str:
    """The laptop's own DNS server: the home router, or systemd-resolved's stub on a Linux laptop (kind)."""
    return "127.0.0.53" if profile.name == "kind" else "192.168.1.1"


def host_reaches(profile: "Profile", node: NodeAddress, ip: str) -> bool:
    """Whether the laptop can route to ``ip`` of ``node``."""
    if ip == node.external_ip:
        return True
    return ip == node.internal_ip and profile.name == "kind"


@lru_cache(maxsize=256)
def _network(cidr: str):
    return ipaddress.ip_network(cidr)


def in_pod_network(cluster: "Runtime", ip: str) -> NodeAddress | None:
    """The node whose Pod CIDR holds ``ip`` (the IP may be unassigned)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return None
    for node in cluster_nodes(cluster):
        if node.pod_cidr and address in _network(node.pod_cidr):
            return node
    return None
