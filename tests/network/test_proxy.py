"""kube-proxy rules (pkg/proxy/iptables/proxier.go): where a connection ends up, or why it fails."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from kubesim_nb.api.core import Pod, Service
from kubesim_nb.cluster import Cluster
from kubesim_nb.images import HttpRequest
from kubesim_nb.network import ConnectFailure, Connection, Source, connect, ping, port_forward
from kubesim_nb.profiles import PROFILES

from .conftest import client_pod, deployment, pods_of, service


def cluster_ip(cluster: Cluster, name: str, namespace: str = "default") -> str:
    return cluster.store.get(Service, namespace, name).spec.cluster_ip


def who_answers(conn: Connection) -> str:
    response = conn.request(HttpRequest("GET", "/", "who", 80, "", (("User-Agent", "t"),)))
    return response.body.splitlines()[0].removeprefix("Hostname: ")


def src_of(cluster: Cluster, pod: str = "bb") -> Source:
    return Source.of_pod(cluster.store.get(Pod, "default", pod))


# ------------------------------------------------------------------ ClusterIP
def test_cluster_ip_spreads_over_every_ready_pod(who):
    ip, src = cluster_ip(who, "who"), src_of(who)
    answers = Counter(who_answers(connect(who, src, ip, 80)) for _ in range(200))
    assert set(answers) == {p.name for p in pods_of(who, "who")}
    assert all(count > 0 for count in answers.values())


def test_dnat_hop_names_the_endpoint_and_service(who):
    conn = connect(who, src_of(who), cluster_ip(who, "who"), 80)
    assert isinstance(conn, Connection)
    dnat = next(h for h in conn.hops if h.action == "DNAT")
    assert str(dnat) == f"DNAT {cluster_ip(who, 'who')}:80 -> {conn.backend_ip}:80 (endpoint of default/who)"
    assert conn.client_ip == src_of(who).ip  # no SNAT inside the cluster


def test_target_port_translation(who):
    who.api.create(service("who-8080", {"app": "who"}, port=8080, target=80))
    who.advance(2)
    conn = connect(who, src_of(who), cluster_ip(who, "who-8080"), 8080)
    assert conn.backend_port == 80 and conn.dst_port == 8080


def test_session_affinity_client_ip_sticks_until_idle_timeout(who):
    who.api.create(
        service(
            "sticky",
            {"app": "who"},
            sessionAffinity="ClientIP",
            sessionAffinityConfig={"clientIP": {"timeoutSeconds": 60}},
        )
    )
    who.advance(2)
    ip, src = cluster_ip(who, "sticky"), src_of(who)
    answers = {who_answers(connect(who, src, ip, 80)) for _ in range(50)}
    assert len(answers) == 1
    affinity = who.sessions["network"]["affinity"]
    assert list(affinity) == ["default/sticky:80"]
    who.advance(61)  # idle longer than timeoutSeconds: a new random choice
    after = {who_answers(connect(who, src, ip, 80)) for _ in range(40)}
    assert len(after) == 1  # sticky again (to whichever was picked)


def test_affinity_is_per_client_ip(who):
    who.api.create(service("sticky", {"app": "who"}, sessionAffinity="ClientIP"))
    for i in range(6):
        who.api.create(client_pod(f"c{i}", image="busybox"))
    who.advance(10)
    ip = cluster_ip(who, "sticky")
    chosen = {}
    for i in range(6):
        src = src_of(who, f"c{i}")
        picks = {who_answers(connect(who, src, ip, 80)) for _ in range(10)}
        assert len(picks) == 1
        chosen[i] = picks.pop()
    assert len(set(chosen.values())) > 1


def test_no_endpoints_is_refused_at_once(who):
    who.api.create(service("nobody", {"app": "missing"}))
    who.advance(2)
    result = connect(who, src_of(who), cluster_ip(who, "nobody"), 80)
    assert isinstance(result, ConnectFailure) and result.reason == "refused"
    assert str(result.hops[-1]) == "REJECT default/nobody has no endpoints (connection refused at once)"


def test_undeclared_port_times_out(who):
    result = connect(who, src_of(who), cluster_ip(who, "who"), 8080)
    assert isinstance(result, ConnectFailure) and result.reason == "timeout"
    assert "does not declare port 8080/TCP" in result.detail


def test_every_profile_names_its_proxy_mode():
    assert {name: profile.proxy_mode for name, profile in PROFILES.items()} == {
        "docker-desktop": "iptables",
        "kind": "iptables",
        "cloud": "iptables",
    }


def test_undeclared_port_is_rejected_at_once_in_nftables_mode(who):
    who.profile = replace(who.profile, proxy_mode="nftables")
    result = connect(who, src_of(who), cluster_ip(who, "who"), 8080)
    assert isinstance(result, ConnectFailure) and result.reason == "refused"
    assert str(result.hops[-1]).startswith("REJECT ") and "invalid ports of ClusterIPs" in result.detail
    assert isinstance(connect(who, src_of(who), cluster_ip(who, "who"), 80), Connection)  # declared ports still work


def test_wrong_target_port_is_refused_by_the_pod(who):
    who.api.create(service("bad-target", {"app": "who"}, port=80, target=9999))
    who.advance(2)
    result = connect(who, src_of(who), cluster_ip(who, "bad-target"), 80)
    assert result.reason == "refused" and result.hops[-2].action == "DNAT" and result.hops[-1].action == "RESET"


def test_terminating_serving_endpoints_are_the_fallback(who):
    who.api.create(
        Pod.from_dict(
            {
                "metadata": {"name": "slow", "labels": {"app": "slow"}},
                "spec": {"terminationGracePeriodSeconds": 60, "containers": [{"name": "s", "image": "kubesim/whoami"}]},
            }
        )
    )
    who.api.create(service("slow", {"app": "slow"}))
    who.advance(10)
    who.api.delete(Pod, "default", "slow")  # Terminating (a 60 s grace period), and still serving
    who.settle()
    backends = who.network.backends(("default", "slow")).by_port[""]
    assert backends and not backends[0].ready and backends[0].serving and backends[0].terminating
    conn = connect(who, src_of(who), cluster_ip(who, "slow"), 80)
    assert isinstance(conn, Connection) and conn.pod.name == "slow"


def test_internal_traffic_policy_local_drops_without_a_local_endpoint():
    cluster = Cluster(seed=3, profile="cloud")
    cluster.api.create(
        Pod.from_dict(
            {
                "metadata": {"name": "one", "labels": {"app": "one"}},
                "spec": {"nodeName": "node-2", "containers": [{"name": "w", "image": "kubesim/whoami"}]},
            }
        )
    )
    cluster.api.create(service("local", {"app": "one"}, internalTrafficPolicy="Local"))
    cluster.api.create(client_pod("c", image="busybox", nodeName="node-1"))
    cluster.advance(15)
    result = connect(cluster, Source.of_pod(cluster.store.get(Pod, "default", "c")), cluster_ip(cluster, "local"), 80)
    assert result.reason == "timeout" and "no local endpoints on node node-1" in result.detail


# -------------------------------------------------------------------- Pod IPs
def test_pod_ip_direct(who):
    target = pods_of(who, "who")[0]
    conn = connect(who, src_of(who), target.ip, 80)
    assert conn.pod.name == target.name and conn.service is None
    refused = connect(who, src_of(who), target.ip, 8080)
    assert refused.reason == "refused"


def test_deleted_pod_ip_times_out(who):
    victim = pods_of(who, "who")[0]
    who.api.delete(Pod, "default", victim.name)
    who.advance(5)
    assert who.store.get(Pod, "default", victim.name) is None
    result = connect(who, src_of(who), victim.ip, 80)
    assert result.reason == "timeout" and "no Pod has this IP" in result.detail


def test_deleting_a_pod_never_breaks_the_service(who):
    ip, src = cluster_ip(who, "who"), src_of(who)
    before = {who_answers(connect(who, src, ip, 80)) for _ in range(60)}
    victim = sorted(before)[0]
    who.api.delete(Pod, "default", victim)
    who.settle()
    for _ in range(30):  # at once (terminating endpoints leave the ready set) and while the replacement starts
        assert isinstance(connect(who, src, ip, 80), Connection)
    who.advance(10)
    after = {who_answers(connect(who, src, ip, 80)) for _ in range(60)}
    assert victim not in after and len(after) == 3 and after != before


# ---------------------------------------------------------- NodePort / LB / host
def test_node_port_on_localhost_on_docker_desktop(who):
    who.api.update(_retype(who, "who", "NodePort", nodePort=30007))
    who.advance(2)
    conn = connect(who, Source.host(who), "localhost", 30007)
    assert isinstance(conn, Connection) and conn.pod.labels["app"] == "who"
    assert conn.client_ip == "10.1.0.1"  # vpnkit connects from the VM, masqueraded: the Pod sees the node's bridge
    ip = who.store.get(Service, "default", "who").spec.cluster_ip
    forward, dnat = conn.hops[0], next(h for h in conn.hops if h.action == "DNAT")
    assert str(forward).startswith(f"FORWARD localhost:30007 -> {ip}:80 (vpnkit: node port 30007 of default/who")
    assert dnat.rule.entry == "cluster IP"  # the ClusterIP's rule, not KUBE-NODEPORTS
    node_ip = who.profile.nodes[0].internal_ip
    assert isinstance(connect(who, src_of(who), node_ip, 30007), Connection)  # every node IP, from inside
    assert connect(who, Source.host(who), node_ip, 30007).reason == "timeout"  # Docker Desktop's VM is not routable


def test_external_traffic_policy_does_not_apply_to_docker_desktops_localhost(who):
    """vpnkit's connection comes from inside the VM to the ClusterIP: no client address to keep."""
    svc = _retype(who, "who", "NodePort", nodePort=30008)
    svc.spec.external_traffic_policy = "Local"
    who.api.update(svc)
    who.advance(2)
    conn = connect(who, Source.host(who), "localhost", 30008)
    assert isinstance(conn, Connection) and conn.client_ip == "10.1.0.1"


def test_kind_publishes_node_ports_on_the_node_ip_only():
    cluster = Cluster(seed=2, profile="kind")
    cluster.api.create(deployment("whoami", {"app": "who"}, "kubesim/whoami"))
    cluster.api.create(
        service("who", {"app": "who"}, type="NodePort", ports=[{"port": 80, "targetPort": 80, "nodePort": 30080}])
    )
    cluster.advance(15)
    assert connect(cluster, Source.host(cluster), "localhost", 30080).reason == "refused"
    assert isinstance(connect(cluster, Source.host(cluster), "172.18.0.2", 30080), Connection)


def test_external_traffic_policy_local_drops_on_nodes_without_endpoints():
    cluster = Cluster(seed=4, profile="cloud")
    cluster.api.create(
        Pod.from_dict(
            {
                "metadata": {"name": "one", "labels": {"app": "one"}},
                "spec": {"nodeName": "node-2", "containers": [{"name": "w", "image": "kubesim/whoami"}]},
            }
        )
    )
    cluster.api.create(
        service(
            "np",
            {"app": "one"},
            type="NodePort",
            externalTrafficPolicy="Local",
            ports=[{"port": 80, "targetPort": 80, "nodePort": 31000}],
        )
    )
    cluster.advance(15)
    host = Source.host(cluster)
    assert connect(cluster, host, "198.51.100.11", 31000).reason == "timeout"  # node-1 has no endpoint
    conn = connect(cluster, host, "198.51.100.12", 31000)
    assert isinstance(conn, Connection) and conn.client_ip == host.ip  # Local keeps the client address


def test_load_balancer_localhost_and_cloud_ip():
    desktop = Cluster(seed=6)
    desktop.api.create(deployment("whoami", {"app": "who"}, "kubesim/whoami"))
    desktop.api.create(service("lb", {"app": "who"}, type="LoadBalancer", port=8080, target=80))
    desktop.advance(15)
    assert isinstance(connect(desktop, Source.host(desktop), "localhost", 8080), Connection)
    cloud = Cluster(seed=6, profile="cloud")
    cloud.api.create(deployment("whoami", {"app": "who"}, "kubesim/whoami"))
    cloud.api.create(service("lb", {"app": "who"}, type="LoadBalancer"))
    cloud.advance(60)
    ingress = cloud.store.get(Service, "default", "lb").status.load_balancer.ingress[0].ip
    conn = connect(cloud, Source.host(cloud), ingress, 80)
    assert isinstance(conn, Connection) and conn.hops[0].action == "FORWARD"


def test_cluster_ip_is_unreachable_from_the_laptop(who):
    result = connect(who, Source.host(who), cluster_ip(who, "who"), 80)
    assert result.reason == "timeout" and "routable only inside the cluster" in result.detail


def test_ping_semantics(who):
    src = src_of(who)
    assert ping(who, src, cluster_ip(who, "who")) is None
    assert ping(who, src, pods_of(who, "who")[0].ip).ttl == 64
    assert ping(who, Source.host(who), pods_of(who, "who")[0].ip) is None
    assert ping(who, src, "93.184.215.14") is not None


def test_kubernetes_service_reaches_the_api_server(who):
    conn = connect(who, src_of(who), who.kubernetes_ip, 443)
    assert conn.tls and conn.backend_port == 6443 and "kube-apiserver" in conn.listener.description


def test_port_forward_connection_is_recorded_as_a_hop(who):
    port_forward(who, "svc/who", 8080, 80)
    conn = connect(who, Source.host(who), "localhost", 8080)
    assert conn.hops[0].action == "PORT-FORWARD"


def _retype(cluster: Cluster, name: str, kind: str, nodePort: int) -> Service:
    svc = cluster.store.get(Service, "default", name).copy()
    svc.spec.type = kind
    svc.spec.ports[0].node_port = nodePort
    return svc
