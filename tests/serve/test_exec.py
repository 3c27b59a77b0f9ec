"""``kubectl exec`` and ``attach`` with the real kubectl against ``kubesim serve`` (WebSocket v5), and the
official Python client's exec (v4): output, exit codes, stdin, a terminal, and the real error messages."""

from __future__ import annotations

import os
import select
import subprocess
import time

import pytest
from served import Differential, Outcome, Served
from streaming import BINARY, first_pod, needs_kubectl, web_fixture, write_manifest

from kubesim_nb.kubectl import run_kubectl
from kubesim_nb.serve.remotecommand import INTERRUPT, LineDiscipline

web = web_fixture()  # the lesson's web Pods, running on a served cluster and its twin


@needs_kubectl
def test_exec_runs_a_command_as_our_kubectl_does(web):
    pod = first_pod(web)
    step = web.kubectl(f"exec {pod} -- echo hello")
    assert step.real == Outcome("hello\n", "", 0)
    assert step.same, web.report()


@needs_kubectl
def test_a_non_zero_exit_travels_as_the_exit_code_status(web):
    pod = first_pod(web)
    step = web.kubectl(f"exec {pod} -- sh -c 'echo out; echo err >&2; exit 3'")
    assert step.real == Outcome("out\n", "err\ncommand terminated with exit code 3\n", 3)
    assert step.same, web.report()


@needs_kubectl
def test_arguments_reach_the_program_as_given(web):
    pod = first_pod(web)
    assert web.served.kubectl(f"exec {pod} -- echo '$HOME' 'a  b'") == Outcome("$HOME a  b\n", "", 0)


@needs_kubectl
def test_exec_stdin_reaches_the_program_and_a_shell_reads_it_line_by_line(web):
    pod = first_pod(web)
    assert web.served.kubectl(f"exec -i {pod} -- cat", stdin="abc\ndef\n") == Outcome("abc\ndef\n", "", 0)
    script = "echo from-stdin\nhostname\nexit 4\necho never\n"
    step = web.kubectl(f"exec -i {pod} -- sh", stdin=script)
    assert step.real == Outcome(f"from-stdin\n{pod}\n", "command terminated with exit code 4\n", 4)
    assert step.same, web.report()


@needs_kubectl
def test_a_container_that_does_not_run_yet_gives_the_api_servers_error(web):
    write_manifest(
        web.served.folder,
        "slow.yaml",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: slow
        spec:
          containers:
          - name: app
            image: nginx:alpine
        """,
    )
    assert web.served.kubectl("apply -f slow.yaml").exit_code == 0
    outcome = web.served.kubectl("exec slow -- echo hi")
    assert outcome == Outcome(
        "", 'error: Internal error occurred: unable to upgrade connection: container not found ("app")\n', 1
    )


@needs_kubectl
def test_an_unknown_container_and_a_completed_pod_are_refused(web):
    pod = first_pod(web)
    outcome = web.served.kubectl(f"exec {pod} -c nope -- ls")
    assert outcome.exit_code == 1 and "container nope is not valid for pod" in outcome.stderr
    write_manifest(
        web.served.folder,
        "done.yaml",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: done
        spec:
          restartPolicy: Never
          containers:
          - name: job
            image: busybox
            command: ["true"]
        """,
    )
    assert web.served.kubectl("apply -f done.yaml").exit_code == 0
    web.served.advance(60)
    outcome = web.served.kubectl("exec done -- ls")
    assert outcome == Outcome(
        "", "error: cannot exec into a container in a completed pod; current phase is Succeeded\n", 1
    )


def _reader(master: int):
    """``read_until(text)``: what the terminal shows until ``text`` (a generous deadline guards a hang)."""

    def read_until(text: bytes, seconds: float = 30) -> bytes:
        seen, deadline = b"", time.monotonic() + seconds
        while text not in seen and time.monotonic() < deadline:
            readable, _, _ = select.select([master], [], [], 0.1)
            if readable:
                try:
                    seen += os.read(master, 4096)
                except OSError:
                    break
        return seen

    return read_until


@needs_kubectl
def test_exec_with_a_terminal(web):
    pod = first_pod(web)
    master, slave = os.openpty()
    env = {**web.served.env, "TERM": "xterm"}
    process = subprocess.Popen(
        [str(BINARY), "exec", "-it", pod, "--", "sh"], stdin=slave, stdout=slave, stderr=slave, env=env
    )
    os.close(slave)
    read_until = _reader(master)
    try:
        assert read_until(b"# ").endswith(b"# ")
        os.write(master, b"echo hi\r")
        assert read_until(b"hi\r\n/ # ") == b"echo hi\r\nhi\r\n/ # "
        os.write(master, b"exitx\x7f 5\r")
        assert b"command terminated with exit code 5" in read_until(b"code 5")
        assert process.wait(timeout=20) == 5
    finally:
        process.kill()
        process.wait(timeout=10)
        os.close(master)


def test_the_line_discipline_echoes_erases_and_interrupts():
    discipline, echoed = LineDiscipline(), []
    lines = discipline.feed(b"lx\x7fs\x1b[A -l\r", echoed.append)
    assert lines == ["ls -l"] and "".join(echoed) == "lx\b \bs -l\r\n"
    assert discipline.feed(b"sleep 9\x03", echoed.append) == [INTERRUPT]
    assert discipline.feed(b"\x04", echoed.append) == [None]


@needs_kubectl
def test_attach_joins_the_shell_of_a_container_that_keeps_stdin_open(web):
    write_manifest(
        web.served.folder,
        "console.yaml",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: console
        spec:
          containers:
          - name: sh
            image: busybox
            command: ["sh"]
            stdin: true
        """,
    )
    assert web.served.kubectl("apply -f console.yaml").exit_code == 0
    web.served.advance(60)
    outcome = web.served.kubectl("attach -i console", stdin="echo attached\n")
    assert outcome.stdout == "attached\n" and outcome.exit_code == 0


@needs_kubectl
@pytest.mark.parametrize("protocol", ["v5.channel.k8s.io", "v4.channel.k8s.io"])
def test_the_official_python_client_execs(web, protocol):
    kubernetes = pytest.importorskip("kubernetes")
    from kubernetes.stream import stream

    pod = first_pod(web)
    client = kubernetes.config.new_client_from_config(str(web.served.kubeconfig))
    client.set_default_header("sec-websocket-protocol", protocol)  # kr8s offers v4 only
    exec_pod = kubernetes.client.CoreV1Api(client).connect_get_namespaced_pod_exec
    out = stream(exec_pod, pod, "default", command=["sh", "-c", "echo hi; echo err >&2"], stderr=True, stdout=True)
    assert out == "hi\nerr\n"
    response = stream(
        exec_pod, pod, "default", command=["sh", "-c", "exit 3"], stderr=True, stdout=True, _preload_content=False
    )
    response.run_forever(timeout=20)
    assert response.returncode == 3 and response.subprotocol == protocol


@needs_kubectl
def test_a_program_on_a_terminal_runs_at_once(web):
    pod = first_pod(web)
    master, slave = os.openpty()
    process = subprocess.Popen(
        [str(BINARY), "exec", "-it", pod, "--", "hostname"], stdin=slave, stdout=slave, stderr=slave, env=web.served.env
    )
    os.close(slave)
    try:
        assert process.wait(timeout=20) == 0
        readable, _, _ = select.select([master], [], [], 5)
        assert readable and os.read(master, 4096) == f"{pod}\r\n".encode()
    finally:
        process.kill()
        process.wait(timeout=10)
        os.close(master)


@needs_kubectl
def test_run_it_rm_on_a_terminal_shows_what_ours_shows(web):
    """The lesson's ``kubectl run -it test-pod --image=alpine --rm -- sh``, typed in a terminal: the real kubectl
    (on a pseudo-terminal, waiting for each prompt) shows the transcript our kubectl shows for the same lines."""
    lines = ["apk add curl", "curl http://web-service", "exit"]
    command = "run -it test-pod --image=alpine --rm -- sh"
    master, slave = os.openpty()
    env = {**web.served.env, "TERM": "xterm"}
    process = subprocess.Popen([str(BINARY), *command.split()], stdin=slave, stdout=slave, stderr=slave, env=env)
    os.close(slave)
    read_until = _reader(master)
    try:
        shown = read_until(b"# ")
        for line in lines:
            os.write(master, line.encode() + b"\r")
            shown += read_until(b"# " if line != "exit" else b"namespace\r\n")
        assert process.wait(timeout=30) == 0
    finally:
        process.kill()
        process.wait(timeout=10)
        os.close(master)
    ours = run_kubectl(web.twin, command, stdin="\n".join(lines) + "\n", env=web.served.env)
    assert shown.decode().replace("\r\n", "\n") == ours.output


@needs_kubectl
def test_run_i_rm_restart_never_runs_the_command_and_waits_for_the_pod_to_end(web):
    """Notebook 01's one-shot client, typed with the real kubectl: the attach runs the container's own command
    (not a shell), the Pod ends with it, and kubectl, waiting on a watch for that end, prints what ours prints."""
    pod = web.served.kubectl(f"get pod {first_pod(web)} -o jsonpath={{.status.podIP}}").stdout
    step = web.kubectl(f"run frontend --image=busybox --restart=Never --rm -i -- wget -qO- -T 2 http://{pod}")
    assert step.real.exit_code == 0 and "Welcome to nginx!" in step.real.stdout
    assert step.real.stdout.endswith('pod "frontend" deleted from default namespace\n')
    assert step.same, web.report()
    step = web.kubectl("run box -i --rm --image=busybox --restart=Never -- sh -c 'echo out; exit 3'")
    assert step.real.exit_code == 3 and step.real.stderr.endswith("pod default/box terminated (Error)\n")
    assert step.same, web.report()


@needs_kubectl
def test_a_missing_program_under_docker_is_runcs_words_and_exit_code_126(web):
    step = web.kubectl(f"exec {first_pod(web)} -- nope")
    assert step.same, web.report()
    runc = 'OCI runtime exec failed: exec failed: unable to start container process: exec: "nope": executable file'
    assert step.real == Outcome(f"{runc} not found in $PATH: unknown\n", "command terminated with exit code 126\n", 126)


@needs_kubectl
def test_a_missing_program_under_containerd_is_the_api_servers_internal_error(tmp_path):
    """On kind (containerd) the CRI's refusal comes back as an Internal error, twice prefixed, naming the exec."""
    diff = Differential(Served(tmp_path, BINARY, profile="kind"))
    try:
        diff.copy_lesson()
        assert diff.kubectl("apply -f web-deployment.yaml").real.exit_code == 0
        diff.advance(30)
        for command in ("exec deploy/web-deployment -- nope", "exec -i deploy/web-deployment -- /bin/nope"):
            step = diff.kubectl(command)
            assert step.same, diff.report()
            assert step.real.stderr.startswith(
                "error: Internal error occurred: Internal error occurred: error executing command in container: "
                'failed to exec in container: failed to start exec "'
            )
    finally:
        diff.served.stop()
