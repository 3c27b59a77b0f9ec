"""Fuzzing the in-Pod shell and the host shell: any line gets the shell's own answer, never a Python error."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kubesim_nb import Cluster, KubeSimError
from kubesim_nb.network import HostShell, PodShell

_BASE = Cluster(seed=9, think_time=0)
_BASE.kubectl("create deployment web --image=nginx:alpine --replicas=2")
_BASE.kubectl("expose deployment web --port=80")
_BASE.kubectl("run box --image=alpine -- sleep 3600")
_BASE.advance("20s")
_SNAPSHOT = _BASE.dumps()

WORDS = ["curl", "-s", "-I", "-v", "--max-time", "1", "-m", "http://web", "http://web:8080", "http://10.96.0.1", "http://nosuch",
         "localhost:30007", "wget", "-qO-", "-T", "nslookup", "web", "web.default", "dig", "+short", "ping", "-c", "1", "10.1.0.6",
         "apk", "add", "curl", "bind-tools", "dnsutils", "cat", "/etc/resolv.conf", "/etc/hosts", "echo", "$HOSTNAME", "${X:-y}",
         "$((1+2))", "$(hostname)", "for", "i", "in", "1", "2", ";", "do", "done", "if", "then", "fi", "&&", "||", "|", "grep",
         "head", ">", "/tmp/x", "<", "'", '"', "\\", "exit", "env", "export", "A=1", "sleep", "0", "kubectl", "get", "pods", "`", "(", ")"]


@given(st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join))
def test_any_line_in_a_pod_shell(line: str) -> None:
    cluster = Cluster.loads(_SNAPSHOT)
    try:
        result = PodShell(cluster, "default", "box").run_line(line)
    except KubeSimError:
        return  # a kubectl-style refusal is an allowed answer
    assert isinstance(result.exit_code, int) and 0 <= result.exit_code <= 255
    assert "Traceback" not in result.stdout + result.stderr


@given(st.lists(st.sampled_from(WORDS), max_size=10).map(" ".join))
def test_any_line_on_the_host(line: str) -> None:
    cluster = Cluster.loads(_SNAPSHOT)
    try:
        result = cluster.host_shell().run_line(line)
    except KubeSimError:
        return
    assert 0 <= result.exit_code <= 255 and "Traceback" not in result.stdout + result.stderr


@given(st.text(max_size=80))
def test_arbitrary_text_in_a_pod_shell(line: str) -> None:
    cluster = Cluster.loads(_SNAPSHOT)
    try:
        result = PodShell(cluster, "default", "box").run_line(line)
    except KubeSimError:
        return
    assert 0 <= result.exit_code <= 255
