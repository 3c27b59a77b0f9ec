"""Snapshots as networkx graphs: what is connected to what, as data.

- :func:`cluster_graph`: Services, Pods and Nodes; a ``selects`` edge from a
  Service to every Pod its selector matches (``state`` says Ready or not), a
  ``runs-on`` edge from each Pod to its Node. Tests and notebooks can query it
  (``G.successors(("service", "web-service"))``).
- :func:`traffic_graph`: the hops of a request to one Service, by Service type
  — client → load balancer → node:nodePort → ClusterIP:port → Pod IP:targetPort
  — each hop labelled with the Service's real addresses and ports, in layers
  (``layer`` attribute; within a layer, in the order they should be drawn).
  A Pod in the cluster sits with the nodes: it talks to the ClusterIP directly.
"""

from __future__ import annotations

import networkx as nx

from .snapshot import Membership, ServiceView, Snapshot

__all__ = ["EXTERNAL_CLIENT", "IN_CLUSTER_CLIENT", "cluster_graph", "traffic_graph"]

IN_CLUSTER_CLIENT = ("client", "a Pod in the cluster")
EXTERNAL_CLIENT = ("client", "a client outside the cluster")


def cluster_graph(snapshot: Snapshot) -> nx.DiGraph:
    graph = nx.DiGraph(namespace=snapshot.namespace)
    for node in snapshot.nodes:
        graph.add_node(("node", node.name), kind="node", ip=node.internal_ip)
    for pod in snapshot.pods:
        graph.add_node(("pod", pod.name), kind="pod", ip=pod.ip, labels=pod.label_map, status=pod.status)
        if pod.node:
            graph.add_edge(("pod", pod.name), ("node", pod.node), relation="runs-on")
    for svc in snapshot.services:
        graph.add_node(
            ("service", svc.name),
            kind="service",
            type=svc.type,
            cluster_ip=svc.cluster_ip,
            selector=dict(svc.selector or ()),
        )
        for member in svc.members:
            if member.state is not Membership.NOT_MATCHED:
                graph.add_edge(
                    ("service", svc.name),
                    ("pod", member.pod),
                    relation="selects",
                    state=member.state,
                    addresses=member.addresses,
                )
    return graph


def _hop(graph: nx.DiGraph, key: tuple, layer: int, title: str, detail: str, **extra) -> tuple:
    graph.add_node(key, layer=layer, title=title, detail=detail, **extra)
    return key


def traffic_graph(snapshot: Snapshot, service: str, max_pods: int = 6) -> nx.DiGraph:
    """The path of a request to ``service`` for its type, from its real addresses (layers 0..4)."""
    svc = snapshot.service(service)
    graph = nx.DiGraph(service=svc.name, type=svc.type)
    port = svc.ports[0] if svc.ports else None
    cluster_ip = _hop(
        graph,
        ("clusterip", svc.name),
        3,
        f"ClusterIP {svc.name}",
        f"{svc.cluster_ip}:{port.port if port else '?'}",
        reachable_from="inside the cluster only",
    )
    _add_pods(graph, svc, cluster_ip, max_pods)
    if svc.type in ("NodePort", "LoadBalancer") and port is not None and port.node_port:
        nodes = [
            _hop(graph, ("node", n.name), 2, f"node {n.name}", f"{n.external_ip or n.internal_ip}:{port.node_port}")
            for n in snapshot.nodes
        ]
        for node in nodes:
            graph.add_edge(node, cluster_ip, label="kube-proxy DNAT")
        outside = _hop(graph, EXTERNAL_CLIENT, 0, "client outside", "browser / curl")
        if svc.type == "LoadBalancer":
            lb = _hop(
                graph,
                ("lb", svc.name),
                1,
                "load balancer",
                f"{svc.external}:{port.port}",
                pending=svc.external == "<pending>",
            )
            graph.add_edge(outside, lb, label="public address")
            for node in nodes:
                graph.add_edge(lb, node, label=f"nodePort {port.node_port}")
        else:
            via = f"localhost:{port.node_port}" if snapshot.node_ports_on_localhost else f"nodePort {port.node_port}"
            for node in nodes:
                graph.add_edge(outside, node, label=via)
    inside = _hop(
        graph, IN_CLUSTER_CLIENT, 2, "Pod in the cluster", f"curl {svc.name}:{port.port if port else ''}".rstrip(":")
    )
    graph.add_edge(inside, cluster_ip, label="DNS → ClusterIP")
    return graph


def _add_pods(graph: nx.DiGraph, svc: ServiceView, cluster_ip: tuple, max_pods: int) -> None:
    selected = [m for m in svc.members if m.state is not Membership.NOT_MATCHED]
    selected.sort(key=lambda m: m.state is not Membership.READY)
    for member in selected[:max_pods]:
        address = member.addresses[0] if member.addresses else "no endpoint address"
        key = _hop(graph, ("pod", member.pod), 4, member.pod, address, state=member.state)
        graph.add_edge(
            cluster_ip,
            key,
            label="endpoint" if member.state is Membership.READY else "not Ready: no traffic",
            state=member.state,
        )
    if len(selected) > max_pods:
        _hop(graph, ("more", svc.name), 4, f"… {len(selected) - max_pods} more Pods", "")
        graph.add_edge(cluster_ip, ("more", svc.name), label="", state=Membership.READY)
    if not selected:
        _hop(graph, ("none", svc.name), 4, "no endpoints", "the selector matches no Pod")
        graph.add_edge(cluster_ip, ("none", svc.name), label="connection refused", state=Membership.NOT_MATCHED)
