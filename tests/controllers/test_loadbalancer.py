"""Docker Desktop's load balancer (vpnkit-controller): one LoadBalancer Service per port of the laptop."""

from __future__ import annotations

from kubesim_nb import Cluster
from kubesim_nb.network import Connection, Source, connect


def _desktop() -> Cluster:
    cluster = Cluster(seed=7)
    cluster.kubectl("create deployment web --image=nginx:alpine")
    cluster.kubectl("create deployment who --image=kubesim/whoami")
    return cluster


def external_ips(cluster: Cluster) -> dict[str, str]:
    rows = cluster.kubectl("get svc --no-headers").stdout.splitlines()
    return {row.split()[0]: row.split()[3] for row in rows}


def answered_by(cluster: Cluster, port: int) -> tuple[str, str] | None:
    conn = connect(cluster, Source.host(cluster), "localhost", port)
    assert isinstance(conn, Connection)
    return conn.service


def test_a_second_load_balancer_on_the_same_port_stays_pending_until_the_first_goes() -> None:
    cluster = _desktop()
    cluster.kubectl("expose deployment web --type=LoadBalancer --port=80")
    cluster.kubectl("expose deployment who --type=LoadBalancer --port=80")
    assert external_ips(cluster) == {"kubernetes": "<none>", "web": "localhost", "who": "<pending>"}
    assert answered_by(cluster, 80) == ("default", "web")
    cluster.kubectl("delete service web")
    cluster.advance(30)  # the controller retries at its next resync, every 30 s
    assert external_ips(cluster) == {"kubernetes": "<none>", "who": "localhost"}
    assert answered_by(cluster, 80) == ("default", "who")


def test_one_free_port_is_enough_for_localhost_and_each_port_keeps_its_owner() -> None:
    cluster = _desktop()
    cluster.kubectl("expose deployment web --type=LoadBalancer --port=80")
    cluster.kubectl("create service loadbalancer who --tcp=80:80 --tcp=8080:80")
    assert external_ips(cluster)["who"] == "localhost"
    assert answered_by(cluster, 80) == ("default", "web")
    assert answered_by(cluster, 8080) == ("default", "who")
    again = Cluster.loads(cluster.dumps())
    assert answered_by(again, 80) == ("default", "web") and answered_by(again, 8080) == ("default", "who")


def test_a_node_port_already_on_localhost_blocks_a_load_balancer_on_that_port() -> None:
    cluster = _desktop()
    cluster.kubectl("create service nodeport web --tcp=80:80 --node-port=30080")
    cluster.kubectl("create service loadbalancer who --tcp=30080:80")
    assert external_ips(cluster)["who"] == "<pending>"


def test_other_profiles_have_no_port_limit() -> None:
    cloud = Cluster(seed=7, profile="cloud")
    for name in ("web", "who"):
        cloud.kubectl(f"create service loadbalancer {name} --tcp=80:80")
    cloud.advance(60)
    ips = external_ips(cloud)
    assert ips["web"].startswith("203.0.113.") and ips["who"].startswith("203.0.113.") and ips["web"] != ips["who"]
