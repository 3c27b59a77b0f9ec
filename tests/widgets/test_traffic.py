"""Graphs from snapshots, and the traffic path for each Service type built from real addresses."""

from __future__ import annotations

import json

import pytest

from kubesim_nb.viz.graph import EXTERNAL_CLIENT, IN_CLUSTER_CLIENT, cluster_graph, traffic_graph
from kubesim_nb.viz.snapshot import Membership, take_snapshot
from kubesim_nb.viz.traffic import traffic_path
from kubesim_nb.widgets.demo import web_cluster


def set_type(cluster, service_type: str) -> None:
    patch = json.dumps({"spec": {"type": service_type}})
    assert cluster.kubectl(["patch", "service", "web-service", "-p", patch]).exit_code == 0


def test_cluster_graph_links_services_to_the_pods_they_select(lesson_cluster) -> None:
    graph = cluster_graph(take_snapshot(lesson_cluster))
    assert list(graph.successors(("service", "web-service"))) == [("pod", "web-pod-1")]
    assert graph.edges[("service", "web-service"), ("pod", "web-pod-1")]["state"] is Membership.READY
    assert graph.has_edge(("pod", "api-pod-1"), ("node", "docker-desktop"))


def test_clusterip_path_stays_inside_the_cluster(web) -> None:
    snap = take_snapshot(web)
    graph = traffic_graph(snap, "web-service")
    svc = snap.service("web-service")
    assert graph.nodes[("clusterip", "web-service")]["detail"] == f"{svc.cluster_ip}:80"
    assert EXTERNAL_CLIENT not in graph and IN_CLUSTER_CLIENT in graph
    pods = [n for n, d in graph.nodes(data=True) if d["layer"] == 4]
    assert len(pods) == 3 and all(graph.nodes[p]["detail"].endswith(":80") for p in pods)


def test_nodeport_path_enters_through_the_node_port(web) -> None:
    set_type(web, "NodePort")
    snap = take_snapshot(web)
    node_port = snap.service("web-service").ports[0].node_port
    graph = traffic_graph(snap, "web-service")
    assert graph.nodes[("node", "docker-desktop")]["detail"] == f"192.168.65.3:{node_port}"
    assert (
        graph.edges[EXTERNAL_CLIENT, ("node", "docker-desktop")]["label"] == f"localhost:{node_port}"
    )  # Docker Desktop


def test_loadbalancer_path_goes_through_the_load_balancer_address() -> None:
    cluster = web_cluster(profile="cloud", service_type="LoadBalancer")
    cluster.advance("60s")
    snap = take_snapshot(cluster)
    graph = traffic_graph(snap, "web-service")
    lb = graph.nodes[("lb", "web-service")]
    assert lb["detail"] == f"{snap.service('web-service').external}:80" and not lb["pending"]
    assert sorted(graph.successors(("lb", "web-service"))) == [("node", f"node-{i}") for i in (1, 2, 3)]


def test_a_pending_load_balancer_and_missing_endpoints_are_shown() -> None:
    cluster = web_cluster(profile="kind", service_type="LoadBalancer", replicas=0)
    graph = traffic_graph(take_snapshot(cluster), "web-service")
    assert graph.nodes[("lb", "web-service")]["pending"]
    assert graph.nodes[("none", "web-service")]["title"] == "no endpoints"


@pytest.mark.parametrize("service_type", ["ClusterIP", "NodePort", "LoadBalancer"])
def test_the_traffic_path_draws_for_every_type(web, service_type) -> None:
    set_type(web, service_type)
    assert traffic_path(take_snapshot(web), "web-service").startswith(b"\x89PNG")
