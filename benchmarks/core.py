"""Control-plane timings: applying the lesson's manifests, and `kubectl get pods` with 1,000 Pods.

python benchmarks/core.py
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from kubesim_nb import Cluster

LESSON = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "lesson"


def timed(action, repeat: int = 5) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return samples


def apply_lesson() -> None:
    cluster = Cluster(seed=1)
    for name in ("web-deployment.yaml", "web-service-clusterip.yaml"):
        result = cluster.kubectl(f"apply -f {name}", cwd=str(LESSON))
        assert result.exit_code == 0, result.stderr


def main() -> None:
    boot = timed(lambda: Cluster(seed=1))
    print(f"boot a docker-desktop cluster: median {statistics.median(boot) * 1000:.1f} ms")
    cluster_and_apply = timed(apply_lesson)
    print(
        "boot + apply the lesson's Deployment and Service (3 Pods Running): "
        f"median {statistics.median(cluster_and_apply) * 1000:.1f} ms"
    )
    net_apply = statistics.median(cluster_and_apply) - statistics.median(boot)
    print(f"  of which applying the two manifests: {net_apply * 1000:.1f} ms")

    cluster = Cluster(seed=1, think_time=0)
    start = time.perf_counter()
    result = cluster.kubectl("create deployment big --image=nginx:alpine --replicas=1000")
    cluster.advance("30s")
    print(f"create a 1,000-replica Deployment and let it come up: {time.perf_counter() - start:.2f} s")
    assert result.exit_code == 0
    samples = timed(lambda: cluster.kubectl("get pods"), repeat=5)
    lines = cluster.kubectl("get pods").stdout.count("\n") - 1
    print(
        f"kubectl get pods with {lines} Pods: median {statistics.median(samples) * 1000:.1f} ms, "
        f"worst {max(samples) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
