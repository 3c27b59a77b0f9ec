"""``kubectl run -i``/``-it`` (``--rm``): what kubectl v1.37 prints around the session, in order, and its exit code
(``pkg/cmd/run/run.go``, ``pkg/cmd/attach/attach.go``)."""

from __future__ import annotations

from kubesim_nb import Cluster
from kubesim_nb.kubectl.commands.run import ATTACH_HINT, ATTACH_WARNING

ATTACHED = f"{ATTACH_WARNING}\n{ATTACH_HINT}\n"


def transcript(cluster: Cluster, command: str, stdin: str | None = None) -> tuple[list[str], int]:
    """What the terminal shows (stdout and stderr as they were written, stderr lines marked ``!``), and the code."""
    result = cluster.kubectl(command, stdin=stdin)
    lines = [
        ("! " if stream == "stderr" else "") + line for stream, text in result.chunks for line in text.splitlines()
    ]
    return lines, result.exit_code


def test_the_session_ends_with_the_reattach_hint_before_the_pod_is_deleted(cluster: Cluster) -> None:
    lines, code = transcript(cluster, "run -it --rm test-pod --image=alpine -- sh", "exit\n")
    assert code == 0
    assert lines == [
        f"! {ATTACH_WARNING}",
        f"! {ATTACH_HINT}",
        "/ # exit",
        "Session ended, resume using 'kubectl attach test-pod -c test-pod -n default -i -t' command",
        'pod "test-pod" deleted from default namespace',
    ]


def test_a_failing_command_with_restart_never_reports_the_pod_terminated_after_deleting_it(cluster: Cluster) -> None:
    lines, code = transcript(cluster, "run -i --rm box --image=busybox --restart=Never -- sh -c 'exit 3'")
    assert code == 3
    assert lines[-2:] == ['pod "box" deleted from default namespace', "! pod default/box terminated (Error)"]
    lines, code = transcript(
        cluster, "run -it --rm shell --image=busybox --restart=Never -n kube-public -- sh", "exit 2\n"
    )
    assert code == 2 and lines[-1] == "! pod kube-public/shell terminated (Error)"


def test_with_restart_always_nobody_waits_for_the_exit_code(cluster: Cluster) -> None:
    lines, code = transcript(cluster, "run -i --rm box --image=busybox -- sh -c 'exit 3'")
    assert code == 0 and lines == [
        f"! {ATTACH_WARNING}",
        f"! {ATTACH_HINT}",
        'pod "box" deleted from default namespace',
    ]


def test_quiet_prints_only_the_session(cluster: Cluster) -> None:
    result = cluster.kubectl("run -i -q --rm once --image=busybox --restart=Never -- echo hello")
    assert (result.stdout, result.stderr, result.exit_code) == ("hello\n", "", 0)


def test_leaving_the_shell_ends_the_container_which_restarts_in_the_same_pod(cluster: Cluster) -> None:
    result = cluster.kubectl("run -it keep --image=alpine -- sh", stdin="exit\n")
    assert result.stdout.endswith(
        "Session ended, resume using 'kubectl attach keep -c keep -n default -i -t' command\n"
    )
    assert cluster.kubectl("get pod keep -o jsonpath={.status.containerStatuses[0].restartCount}").stdout == "1"


def test_an_image_that_never_runs_times_out_and_is_still_removed(cluster: Cluster) -> None:
    start = cluster.clock.seconds()
    lines, code = transcript(cluster, "run -it --rm bad --image=ngnix -- sh", "exit\n")
    assert code == 1
    assert lines == ['pod "bad" deleted from default namespace', "! error: timed out waiting for the condition"]
    assert cluster.clock.seconds() - start >= 60  # --pod-running-timeout=1m
    assert cluster.kubectl("get pods -o name").stdout == ""


def test_the_command_kubectl_attached_to_decides_how_the_container_ends(cluster: Cluster) -> None:
    """A one-shot command's outcome is the session's: a wget that times out fails the Pod (exit code 1)."""
    lines, code = transcript(
        cluster, "run -i --rm probe --image=busybox --restart=Never -- wget -qO- -T 2 http://10.1.9.9"
    )
    assert code == 1
    assert lines[-3:] == [
        "! wget: download timed out",
        'pod "probe" deleted from default namespace',
        "! pod default/probe terminated (Error)",
    ]


def test_the_pod_of_an_ended_session_goes_at_once_so_the_name_is_free_again(cluster: Cluster) -> None:
    """``--rm`` deletes without waiting; the shell kubectl attached to has exited, so the kubelet has nothing to stop
    and the Pod goes within a second (not after the 30 s grace period a running shell as PID 1 would take): the
    next ``kubectl run`` of the same name, as a notebook's next cell types it, is not refused."""
    transcript(cluster, "run -it --rm client --image=busybox -- sh", "exit\n")
    cluster.advance(2)
    lines, code = transcript(cluster, "run client --image=alpine -- sleep infinity")
    assert (lines, code) == (["pod/client created"], 0)
