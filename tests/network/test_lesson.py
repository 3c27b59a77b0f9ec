"""The lesson "Services and Networking", Steps 3 and 4, the DNS section and the debugging section, as written."""

from __future__ import annotations

from collections import Counter

from kubesim_nb.api.core import Pod, Service
from kubesim_nb.cluster import Cluster
from kubesim_nb.network import HostShell, PodShell, Source, connect

from .conftest import client_pod, deployment, service

STEP4_SERVICE = {
    "metadata": {"name": "web-service"},
    "spec": {
        "selector": {"app": "web"},
        "ports": [{"port": 80, "targetPort": 80, "nodePort": 30007}],
        "type": "NodePort",
    },
}


def kubectl_run_it(cluster: Cluster) -> PodShell:
    """``kubectl run -it test-pod --image=alpine --rm -- sh``: the Pod, then a shell in it."""
    cluster.api.create(client_pod("test-pod", image="alpine"))
    cluster.advance(5)
    return PodShell(cluster, "default", "test-pod")


def exit_and_remove(cluster: Cluster, shell: PodShell) -> None:
    assert shell.run_line("exit").exited
    cluster.api.delete(Pod, "default", "test-pod", grace_period=0)  # --rm
    cluster.advance(1)


def lesson_cluster() -> Cluster:
    cluster = Cluster(seed=2025)
    cluster.api.create(deployment("web-deployment", {"app": "web"}, "nginx:alpine"))
    cluster.advance(10)
    cluster.api.create(service("web-service", {"app": "web"}, type="ClusterIP"))
    cluster.advance(10)
    return cluster


def test_step3_access_the_service_internally():
    cluster = lesson_cluster()
    shell = kubectl_run_it(cluster)
    assert shell.prompt == "/ # "
    installed = shell.run_line("apk add curl")
    assert installed.exit_code == 0 and installed.stdout.endswith("OK: 12 MiB in 25 packages\n")
    first = shell.run_line("curl http://web-service")
    assert first.exit_code == 0 and first.stderr == ""
    assert first.stdout.startswith("<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n")
    again = shell.run_line("curl http://web-service")
    assert again.stdout == first.stdout
    exit_and_remove(cluster, shell)


def test_step3_load_balancing_is_visible_with_a_loop():
    cluster = lesson_cluster()
    shell = kubectl_run_it(cluster)
    shell.run_line("apk add curl")
    assert (
        shell.run_line("for i in 1 2 3 4 5; do curl -s http://web-service | grep -c Welcome; done").stdout == "2\n" * 5
    )
    # nginx pages are identical; which Pod answered shows in kube-proxy's DNAT choice
    src = Source.of_pod(cluster.store.get(Pod, "default", "test-pod"))
    ip = cluster.store.get(Service, "default", "web-service").spec.cluster_ip
    hits = Counter(connect(cluster, src, ip, 80).pod.name for _ in range(30))
    assert len(hits) == 3


def test_step4_node_port_from_the_host():
    cluster = lesson_cluster()
    current = cluster.store.get(Service, "default", "web-service")
    updated = Service.from_dict(STEP4_SERVICE)
    updated.metadata.resource_version = current.metadata.resource_version
    cluster.api.update(updated)
    cluster.advance(5)
    svc = cluster.store.get(Service, "default", "web-service")
    assert svc.spec.type == "NodePort" and svc.spec.cluster_ip == current.spec.cluster_ip
    host = HostShell(cluster)
    result = host.run_line("curl http://localhost:30007")
    assert result.exit_code == 0 and result.stdout.startswith(
        "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>"
    )


def test_dns_section_as_written():
    cluster = lesson_cluster()
    ip = cluster.store.get(Service, "default", "web-service").spec.cluster_ip
    shell = kubectl_run_it(cluster)
    # "apk add curl dnsutils": dnsutils is a Debian name; apk rejects the whole command
    failed = shell.run_line("apk add curl dnsutils")
    assert failed.exit_code == 1 and "dnsutils (no such package)" in failed.stderr
    # nslookup is busybox's: the short name resolves through the search list (and exits 1 for the misses)
    lookup = shell.run_line("nslookup web-service")
    assert f"Name:\tweb-service.default.svc.cluster.local\nAddress: {ip}\n" in lookup.stdout
    assert shell.run_line("curl -I http://web-service").stderr == "sh: curl: not found\n"
    shell.run_line("apk add curl")
    head = shell.run_line("curl -I http://web-service")
    assert head.stdout.startswith("HTTP/1.1 200 OK\r\nServer: nginx/1.29.3\r\nDate: ")
    assert (
        "Content-Type: text/html\r\nContent-Length: 615\r\n" in head.stdout
        and "Connection: keep-alive\r\n" in head.stdout
    )
    full = shell.run_line("curl -I http://web-service.default.svc.cluster.local")
    assert full.stdout.startswith("HTTP/1.1 200 OK\r\n") and full.exit_code == 0
    exit_and_remove(cluster, shell)


def test_debugging_wrong_selector_then_fixed():
    cluster = lesson_cluster()
    cluster.api.create(deployment("backend-deployment", {"app": "backend"}, "flask:latest", replicas=2, port=5000))
    cluster.api.create(service("backend-service", {"app": "api"}, port=80, target=5000))
    cluster.advance(10)
    shell = kubectl_run_it(cluster)
    shell.run_line("apk add curl")
    refused = shell.run_line("curl http://backend-service/data")
    assert refused.exit_code == 7 and "Couldn't connect to server" in refused.stderr
    fixed = Service.from_dict(
        {
            "metadata": {"name": "backend-service"},
            "spec": {"selector": {"app": "backend"}, "ports": [{"port": 80, "targetPort": 5000}]},
        }
    )
    fixed.metadata.resource_version = cluster.store.get(Service, "default", "backend-service").metadata.resource_version
    cluster.api.update(fixed)
    cluster.advance(2)
    answered = shell.run_line("curl -s http://backend-service/data")
    assert answered.exit_code == 0 and '"items":["alpha","beta","gamma"]' in answered.stdout
