"""Fuzzing the in-Pod shell and the host shell: any line gets the shell's own answer, never a simulator bug.

The shell reports an unexpected Python exception as one line saying "the
simulator hit an internal problem" (as kubectl does); these tests treat that
line as a failure.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kubesim_nb import Cluster, KubeSimError
from kubesim_nb.network import PodShell, ShellResult

INTERNAL = "the simulator hit an internal problem"

_BASE = Cluster(seed=9, think_time=0)
_BASE.kubectl("create deployment web --image=nginx:alpine --replicas=2")
_BASE.kubectl("expose deployment web --port=80")
_BASE.kubectl("run box --image=alpine -- sleep 3600")
_BASE.kubectl("run deb --image=nginx -- sleep 3600")
_BASE.advance("20s")
_SNAPSHOT = _BASE.dumps()

WORDS = [
    "curl",
    "-s",
    "-I",
    "-v",
    "--max-time",
    "1",
    "-m",
    "http://web",
    "http://web:8080",
    "http://10.96.0.1",
    "http://nosuch",
    "localhost:30007",
    "wget",
    "-qO-",
    "-T",
    "nslookup",
    "web",
    "web.default",
    "dig",
    "+short",
    "ping",
    "-c",
    "1",
    "10.1.0.6",
    "apk",
    "add",
    "curl",
    "bind-tools",
    "dnsutils",
    "cat",
    "/etc/resolv.conf",
    "/etc/hosts",
    "echo",
    "$HOSTNAME",
    "${X:-y}",
    "$((1+2))",
    "$(hostname)",
    "for",
    "i",
    "in",
    "1",
    "2",
    ";",
    "do",
    "done",
    "if",
    "then",
    "fi",
    "&&",
    "||",
    "|",
    "grep",
    "head",
    ">",
    "/tmp/x",
    "<",
    "'",
    '"',
    "\\",
    "exit",
    "env",
    "export",
    "A=1",
    "sleep",
    "0",
    "kubectl",
    "get",
    "pods",
    "`",
    "(",
    ")",
    "$((",
    "))",
    "$(( i + 1 ))",
    "i=$((i+1))",
    "while",
    "[",
    "$i",
    "-lt",
    "3",
    "]",
    "/",
    "**",
    "?",
    ":",
    "%",
    "bash",
    "sh",
    "-c",
    "cd",
    "kill",
    "type",
    "command",
    "break",
    "continue",
    "${#A}",
    "$?",
    "{",
    "}",
    "2>&1",
    "&",
]
ARITHMETIC = st.text(alphabet="0123456789xiA+-*/%<>=!~&|^?:,() $", max_size=30)


def run(pod: str, line: str) -> ShellResult | None:
    """The result of ``line`` in a fresh shell in ``pod`` (None: kubectl refused the exec, an allowed answer)."""
    cluster = Cluster.loads(_SNAPSHOT)
    try:
        return PodShell(cluster, "default", pod).run_line(line)
    except KubeSimError:
        return None


def check(result: ShellResult | None) -> None:
    if result is None:
        return
    assert INTERNAL not in result.stderr, result.stderr
    assert isinstance(result.exit_code, int) and 0 <= result.exit_code <= 255


@given(st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join))
def test_any_line_in_a_pod_shell(line: str) -> None:
    check(run("box", line))


@given(st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join))
def test_any_line_in_a_debian_pod_shell(line: str) -> None:
    check(run("deb", line))


@given(st.lists(st.sampled_from(WORDS), max_size=10).map(" ".join))
def test_any_line_on_the_host(line: str) -> None:
    cluster = Cluster.loads(_SNAPSHOT)
    try:
        result = cluster.host_shell().run_line(line)
    except KubeSimError:
        return
    check(result)


@given(st.text(max_size=80))
def test_arbitrary_text_in_a_pod_shell(line: str) -> None:
    check(run("box", line))


@given(ARITHMETIC, st.sampled_from(["sh", "bash"]), st.sampled_from(["box", "deb"]))
def test_any_arithmetic(expression: str, shell: str, pod: str) -> None:
    result = run(pod, f"i=3; x=i+1; {shell} -c 'echo $(( {expression} ))'; echo $(( {expression} ))")
    check(result)
