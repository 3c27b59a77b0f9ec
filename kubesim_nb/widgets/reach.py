"""Who can reach a Service from where: asked of the data plane, not assumed.

:func:`reachability` tries every address a Service offers for its type — its
DNS name, its ClusterIP, each node's nodePort (internal and external IP),
``localhost:<nodePort>``, the load balancer's address — from three places: a
Pod in the cluster, a node, and the learner's laptop. Names go through
:func:`~kubesim_nb.network.dns.lookup_host` (cluster DNS from a Pod, the
upstream resolver elsewhere) and connections through
:func:`~kubesim_nb.network.proxy.connect` (kube-proxy's rules), so each
verdict, and the hops behind it, is what the simulator's network does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..api.core import Pod, Service
from ..network.dns import lookup_host
from ..network.proxy import Connection, Source, connect
from ..network.topology import cluster_nodes

if TYPE_CHECKING:  # pragma: no cover
    from ..kubectl.base import KubectlRuntime

__all__ = ["Attempt", "Target", "reachability", "service_targets"]


@dataclass(frozen=True)
class Target:
    label: str  # what the learner would type: "web-service:80", "localhost:30007"
    host: str
    port: int


@dataclass(frozen=True)
class Attempt:
    source: str
    target: Target
    ok: bool
    outcome: str  # "answered by web-deployment-…-x2kqz", "timeout", "connection refused", "name not found"
    hops: tuple[str, ...] = ()


def service_targets(cluster: "KubectlRuntime", svc: Service) -> list[Target]:
    """Every address of ``svc`` worth trying, for its type, from its real spec and status."""
    port = (svc.spec.ports or [None])[0]
    if port is None:
        return []
    targets = [Target(f"{svc.name}:{port.port}", svc.name, port.port)]
    if svc.spec.cluster_ip not in (None, "", "None"):
        targets.append(Target(f"{svc.spec.cluster_ip}:{port.port}", svc.spec.cluster_ip, port.port))
    if port.node_port:
        for node in cluster_nodes(cluster):
            targets.append(Target(f"{node.internal_ip}:{port.node_port}", node.internal_ip, port.node_port))
            if node.external_ip:
                targets.append(Target(f"{node.external_ip}:{port.node_port}", node.external_ip, port.node_port))
        targets.append(Target(f"localhost:{port.node_port}", "localhost", port.node_port))
    ingress = (svc.status.load_balancer.ingress if svc.status and svc.status.load_balancer else None) or []
    for entry in ingress:
        address = entry.ip or entry.hostname
        if address and (address, port.port) not in {(t.host, t.port) for t in targets}:
            targets.append(Target(f"{address}:{port.port}", address, port.port))
    return targets


def _sources(cluster: "KubectlRuntime", client: Pod | None) -> list[tuple[str, Source, Pod | None]]:
    node = cluster_nodes(cluster)[0]
    sources = [(f"Pod {client.name}", Source.of_pod(client), client)] if client is not None else []
    return sources + [
        (f"node {node.name}", Source.of_node(cluster, node.name), None),
        ("your computer", Source.host(cluster), None),
    ]


def _attempt(cluster: "KubectlRuntime", label: str, src: Source, pod: Pod | None, target: Target) -> Attempt:
    host = target.host
    if host != "localhost":
        resolution = lookup_host(cluster, src, host, pod)
        if not resolution.ok:
            return Attempt(
                label, target, False, "name not found", tuple(f"DNS {name}: no" for name in resolution.tried)
            )
        host = resolution.addresses[0]
    result = connect(cluster, src, host, target.port)
    hops = tuple(str(h) for h in result.hops)
    if isinstance(result, Connection):
        who = result.pod.name if result.pod is not None else result.listener.description
        return Attempt(label, target, True, f"answered by {who}", hops)
    return Attempt(label, target, False, "connection refused" if result.refused else "timeout", hops)


def reachability(
    cluster: "KubectlRuntime", service: str, namespace: str = "default", client: str | None = "client"
) -> list[Attempt]:
    """Try each address of ``service`` from a Pod (``client``), a node and the laptop."""
    cluster.settle()
    svc = cluster.api.find(Service, namespace, service)
    if svc is None:
        raise ValueError(f"there is no Service {service!r} in namespace {namespace!r}")
    pod = cluster.api.find(Pod, namespace, client) if client else None
    targets = service_targets(cluster, svc)
    return [
        _attempt(cluster, label, src, src_pod, target)
        for label, src, src_pod in _sources(cluster, pod)
        for target in targets
    ]
