"""The Kubernetes scalability envelope, in memory: 5,000 nodes, 150,000 Pods, 10,000 Services.

    python benchmarks/scale.py                 # the full envelope (several minutes, a few GB)
    python benchmarks/scale.py --fraction 0.1  # a tenth of it, for a quick look

Prints: time and peak memory to build the cluster; the time to reconcile one Pod
label change at 1,500 Pods and at the full size, and their ratio (target: at most 2
— a Pod change reconciles only the Services whose selectors can match it); and the
time for ``kubectl get pods -A`` at the full size.
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import time

from kubesim_nb import Cluster
from kubesim_nb.api.apps import Deployment
from kubesim_nb.api.core import Pod, Service
from kubesim_nb.profiles import cloud_with_nodes

REPLICAS = 15


def build(nodes: int, services: int) -> tuple[Cluster, float]:
    start = time.perf_counter()
    cluster = Cluster(seed=1, profile=cloud_with_nodes(nodes), think_time=0)
    for i in range(services):
        labels = {"app": f"app-{i}", "tier": "backend" if i % 2 else "frontend"}
        cluster.api.create(
            Deployment.from_dict(
                {
                    "metadata": {"name": f"app-{i}", "namespace": "default"},
                    "spec": {
                        "replicas": REPLICAS,
                        "selector": {"matchLabels": {"app": f"app-{i}"}},
                        "template": {
                            "metadata": {"labels": labels},
                            "spec": {
                                "containers": [
                                    {"name": "web", "image": "nginx:alpine", "ports": [{"containerPort": 80}]}
                                ]
                            },
                        },
                    },
                }
            )
        )
        cluster.api.create(
            Service.from_dict(
                {
                    "metadata": {"name": f"svc-{i}", "namespace": "default"},
                    "spec": {"selector": {"app": f"app-{i}"}, "ports": [{"port": 80, "targetPort": 80}]},
                }
            )
        )
        if i % 500 == 499:
            cluster.settle()
    cluster.advance(30)
    return cluster, time.perf_counter() - start


def relabel_time(cluster: Cluster, trials: int = 25) -> float:
    """Median time for one Pod label change to be fully reconciled (endpoints, ReplicaSet, replacement Pod)."""
    gc.collect()  # start both sizes from a collected heap
    samples = []
    for trial in range(trials):
        pod = cluster.store.list(Pod, "default", None)[trial * 3]
        changed = pod.copy()
        changed.metadata.labels = {**pod.labels, "app": f"moved-{trial}"}
        start = time.perf_counter()
        cluster.api.update(changed)
        cluster.settle()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fraction", type=float, default=1.0, help="scale the envelope down (e.g. 0.1)")
    args = parser.parse_args()
    nodes, services = max(int(5000 * args.fraction), 1), max(int(10000 * args.fraction), 1)

    small, _ = build(50, 100)  # 1,500 Pods, 30 per node as in the full envelope
    small_pods = small.store.count(Pod)
    small_time = relabel_time(small)
    del small
    gc.collect()

    rss_before = peak_rss_mb()
    cluster, seconds = build(nodes, services)
    pods = cluster.store.count(Pod)
    print(
        f"build {nodes:,} nodes, {pods:,} Pods, {cluster.store.count(Service):,} Services: {seconds:.1f} s, "
        f"peak RSS {peak_rss_mb():,.0f} MB (was {rss_before:,.0f} MB before)"
    )
    large_time = relabel_time(cluster)
    print(
        f"one Pod label change reconciled: {small_time * 1000:.2f} ms at {small_pods:,} Pods, "
        f"{large_time * 1000:.2f} ms at {pods:,} Pods; ratio {large_time / small_time:.2f} (target <= 2)"
    )
    start = time.perf_counter()
    result = cluster.kubectl("get pods -A")
    elapsed = time.perf_counter() - start
    print(f"kubectl get pods -A: {elapsed:.2f} s for {result.stdout.count(chr(10)) - 1:,} rows")


if __name__ == "__main__":
    main()
