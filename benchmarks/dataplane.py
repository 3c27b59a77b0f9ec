"""Data-plane benchmark: 1,000 curls through a Service with 100 endpoints.

Builds the cluster through the API (a 100-replica Deployment of the
``kubesim/whoami`` image behind a ClusterIP Service), then times, as the
median of a few runs:

- ``connect()+request()``: 1,000 connections through kube-proxy's rules
  straight from the Python API (what a diagram or notebook widget calls);
- ``curl in a PodShell``: 1,000 ``curl -s http://web-service`` command lines
  typed into a shell in a Pod (parsing, DNS search list, curl, clock).

Run: ``python benchmarks/dataplane.py``.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kubesim_nb.api.apps import Deployment  # noqa: E402
from kubesim_nb.api.core import Pod, Service  # noqa: E402
from kubesim_nb.cluster import Cluster  # noqa: E402
from kubesim_nb.images import HttpRequest  # noqa: E402
from kubesim_nb.network import PodShell, Source, connect  # noqa: E402

REQUESTS = 1000
ENDPOINTS = 100
RUNS = 5


def build() -> Cluster:
    cluster = Cluster(seed=42)
    cluster.api.create(
        Deployment.from_dict(
            {
                "metadata": {"name": "web"},
                "spec": {
                    "replicas": ENDPOINTS,
                    "selector": {"matchLabels": {"app": "web"}},
                    "template": {
                        "metadata": {"labels": {"app": "web"}},
                        "spec": {
                            "containers": [{"name": "web", "image": "kubesim/whoami", "ports": [{"containerPort": 80}]}]
                        },
                    },
                },
            }
        )
    )
    cluster.api.create(
        Service.from_dict(
            {
                "metadata": {"name": "web-service"},
                "spec": {"selector": {"app": "web"}, "ports": [{"port": 80, "targetPort": 80}]},
            }
        )
    )
    cluster.api.create(
        Pod.from_dict(
            {"metadata": {"name": "client"}, "spec": {"containers": [{"name": "c", "image": "nginx:alpine"}]}}
        )
    )
    cluster.advance(30)
    return cluster


def time_api(cluster: Cluster) -> tuple[float, int]:
    client = cluster.store.get(Pod, "default", "client")
    src = Source.of_pod(client)
    ip = cluster.store.get(Service, "default", "web-service").spec.cluster_ip
    request = HttpRequest("GET", "/", "web-service", 80, src.ip, (("User-Agent", "bench"),))
    seen = set()
    start = time.perf_counter()
    for _ in range(REQUESTS):
        conn = connect(cluster, src, ip, 80)
        conn.request(request)
        seen.add(conn.backend_ip)
    return time.perf_counter() - start, len(seen)


def time_shell(cluster: Cluster) -> float:
    shell = PodShell(cluster, "default", "client")
    start = time.perf_counter()
    for _ in range(REQUESTS):
        result = shell.run_line("curl -s http://web-service")
        assert result.exit_code == 0, result.stderr
    return time.perf_counter() - start


def main() -> None:
    cluster = build()
    ready = sum(1 for p in cluster.store.list(Pod, "default") if p.is_ready())
    api_runs = [time_api(cluster) for _ in range(RUNS)]
    shell_runs = [time_shell(cluster) for _ in range(RUNS)]
    print(
        f"cluster: {ready} ready Pods, Service with {ENDPOINTS} endpoints; "
        f"{REQUESTS} requests per run, median of {RUNS} runs"
    )
    print(
        f"connect()+request():  {statistics.median(t for t, _ in api_runs) * 1000:7.1f} ms per {REQUESTS} "
        f"({max(n for _, n in api_runs)} distinct endpoints answered)"
    )
    print(f"curl in a PodShell:   {statistics.median(shell_runs) * 1000:7.1f} ms per {REQUESTS}")


if __name__ == "__main__":
    main()
