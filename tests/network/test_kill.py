"""``kubectl exec POD -- kill 1``: a server's PID 1 exits on SIGTERM and the kubelet restarts it in place."""

from __future__ import annotations

from kubesim_nb import Cluster


def _cluster() -> tuple[Cluster, str]:
    cluster = Cluster(seed=4)
    cluster.kubectl("create deployment web --image=nginx:alpine")
    cluster.kubectl("run box --image=alpine -- sleep 3600")
    pod = cluster.kubectl("get pods -l app=web -o jsonpath={.items[0].metadata.name}").stdout
    return cluster, pod


def test_sigterm_to_a_server_restarts_the_container_in_the_same_pod() -> None:
    cluster, pod = _cluster()
    ip = cluster.kubectl(f"get pod {pod} -o jsonpath={{.status.podIP}}").stdout
    result = cluster.kubectl(f"exec {pod} -- kill 1")
    assert result.exit_code == 137 and result.stderr == "command terminated with exit code 137\n"
    row = cluster.kubectl(f"get pod {pod}").stdout.splitlines()[1].split()
    assert row[1:5] == ["1/1", "Running", "1", "(10s"]
    assert cluster.kubectl(f"get pod {pod} -o jsonpath={{.status.podIP}}").stdout == ip


def test_pid_1_ignores_what_it_cannot_handle() -> None:
    cluster, pod = _cluster()
    assert cluster.kubectl(f"exec {pod} -- kill -9 1").exit_code == 0  # SIGKILL never reaches a namespace's init
    assert cluster.kubectl("exec box -- kill 1").exit_code == 0  # sleep as PID 1 has no SIGTERM handler
    assert cluster.kubectl("get pods -o jsonpath={.items[*].status.containerStatuses[0].restartCount}").stdout == "0 0"
    other = cluster.kubectl("exec box -- kill 42")
    assert other.exit_code == 1 and other.stderr.startswith("sh: can't kill pid 42: No such process\n")


def test_the_restart_survives_save_and_load() -> None:
    cluster, pod = _cluster()
    cluster.kubectl(f"exec {pod} -- kill 1")
    cluster.advance("30s")
    again = Cluster.loads(cluster.dumps())
    assert again.kubectl(f"get pod {pod}").stdout == cluster.kubectl(f"get pod {pod}").stdout


def _restarts(cluster: Cluster, pod: str) -> str:
    return cluster.kubectl(f"get pod {pod} -o jsonpath={{.status.containerStatuses[0].restartCount}}").stdout


def test_each_server_exits_only_on_the_signals_it_handles() -> None:
    cluster = Cluster(seed=4)
    cluster.kubectl("run flask --image=flask")
    cluster.kubectl("run web --image=nginx:alpine")
    assert cluster.kubectl("exec flask -- kill 1").exit_code == 0  # Python has no SIGTERM handler
    assert cluster.kubectl("exec web -- kill -HUP 1").exit_code == 0  # nginx reloads its configuration
    assert (_restarts(cluster, "flask"), _restarts(cluster, "web")) == ("0", "0")
    assert cluster.kubectl("exec flask -- kill -INT 1").exit_code == 137  # Ctrl-C: KeyboardInterrupt
    assert cluster.kubectl("exec web -- kill -QUIT 1").exit_code == 137  # graceful shutdown
    assert (_restarts(cluster, "flask"), _restarts(cluster, "web")) == ("1", "1")
    last = "{.status.containerStatuses[0].lastState.terminated}"
    assert '"exitCode":0' in cluster.kubectl(f"get pod web -o jsonpath='{last}'").stdout


def test_a_pod_whose_pid_1_ignores_the_stop_signal_waits_out_its_grace_period() -> None:
    cluster = Cluster(seed=4, think_time=0)
    cluster.kubectl("run flask --image=flask")
    cluster.kubectl("run web --image=nginx:alpine")
    cluster.advance(10)
    cluster.kubectl("delete pods flask web --wait=false")
    cluster.advance(5)
    assert cluster.kubectl("get pods -o name").stdout == "pod/flask\n"  # nginx stopped on SIGQUIT at once
    cluster.advance(25)
    assert cluster.kubectl("get pods -o name").stdout == ""  # SIGKILL from the runtime at the end of 30 s


def test_a_pod_whose_container_is_not_running_goes_at_once() -> None:
    cluster = Cluster(seed=4, think_time=0)
    cluster.kubectl("run crash --image=busybox -- sh -c 'exit 1'")
    cluster.advance(15)
    assert "CrashLoopBackOff" in cluster.kubectl("get pod crash").stdout
    cluster.kubectl("delete pod crash --wait=false")
    cluster.advance(2)
    assert cluster.kubectl("get pods -o name").stdout == ""
