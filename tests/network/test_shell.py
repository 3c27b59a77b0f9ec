"""The shell in a Pod: grammar, expansions, errors, prompts, state that survives a reload."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kubesim_nb.api.core import Pod
from kubesim_nb.cluster import Cluster
from kubesim_nb.errors import ApiError
from kubesim_nb.network import ExecError, PodShell, exec_command
from kubesim_nb.network.exec_refusal import ExecProblem
from kubesim_nb.network.tools import PROGRAMS

from .conftest import client_pod, pods_of


@pytest.fixture
def shell(web) -> PodShell:
    return PodShell(web, "default", "test-pod")


def out(shell: PodShell, line: str) -> str:
    return shell.run_line(line).stdout


def test_prompt_and_exit(shell):
    assert shell.prompt == "/ # "
    shell.run_line("cd /tmp")
    assert shell.prompt == "/tmp # "
    result = shell.run_line("exit 3")
    assert result.exited and result.exit_code == 3
    assert shell.run_line("echo after").exited


def test_lists_and_conditionals(shell):
    assert out(shell, "echo a; echo b") == "a\nb\n"
    assert out(shell, "false && echo no || echo yes") == "yes\n"
    assert out(shell, "true && echo ok") == "ok\n"
    assert out(shell, "false; echo $?") == "1\n"
    assert out(shell, "if [ 1 -lt 2 ]; then echo small; else echo big; fi") == "small\n"


def test_variables_and_expansion(web, shell):
    pod = web.store.get(Pod, "default", "test-pod")
    assert out(shell, "echo $HOSTNAME") == "test-pod\n"
    assert out(shell, 'echo "$KUBERNETES_SERVICE_HOST:${KUBERNETES_SERVICE_PORT}"') == f"{web.kubernetes_ip}:443\n"
    assert out(shell, "X=5; echo $((X * 2 + 1)) '$X' \"$X\"") == "11 $X 5\n"
    assert out(shell, "echo ${MISSING:-default}") == "default\n"
    assert out(shell, "echo $(hostname -i)") == f"{pod.ip}\n"
    assert out(shell, "export A=1; sh -c 'echo $A'") == "1\n"


def test_loops(shell):
    assert out(shell, "for i in 1 2 3; do echo n$i; done") == "n1\nn2\nn3\n"
    assert out(shell, "i=0; while [ $i -lt 3 ]; do i=$((i+1)); echo $i; done") == "1\n2\n3\n"
    assert out(shell, "for i in $(seq 1 5); do if [ $i -eq 3 ]; then break; fi; echo $i; done") == "1\n2\n"


def test_arithmetic(shell):
    assert out(shell, "echo $(( 1 + 2 )) $((2*3+1)) $(( (1 + 2) * 3 )) $(((1+2)*3))") == "3 7 9 9\n"
    assert out(shell, "i=5; echo $(( $i * 2 )) $(( i * 2 )) $(( i += 1 )) $i") == "10 10 6 6\n"
    assert out(shell, "i=0; while [ $i -lt 3 ]; do i=$(( i + 1 )); echo $i; done") == "1\n2\n3\n"
    assert out(shell, "n=0; until [ $n -ge 2 ]; do : $(( n += 1 )); done; echo $n") == "2\n"
    assert out(shell, 'echo "$(( 0x10 + 010 ))" $((7 / 2)) $((-7 % 3)) $((1 ? 2 : 3))') == "24 3 -1 2\n"


def test_an_arithmetic_error_abandons_the_line(shell):
    result = shell.run_line("echo $((1/0)); echo same")
    assert (result.stdout, result.stderr, result.exit_code) == ("", "sh: divide by zero\n", 2)
    assert out(shell, "echo $?") == "2\n"
    result = shell.run_line("echo $(echo $(( 1 + ))) after; (echo $((x = 1 2))); echo st=$?")
    assert result.stdout == "after\nst=2\n" and result.stderr == "sh: arithmetic syntax error\n" * 2


def test_arithmetic_errors_in_each_shell(web, shell):
    web.api.create(client_pod("deb", image="nginx"))
    web.advance(10)
    dash = PodShell(web, "default", "deb").run_line("echo $(( 1/0 ))")
    assert (dash.stderr, dash.exit_code) == ('sh: 1: arithmetic expression: division by zero: " 1/0 "\n', 2)
    shell.run_line("apk add bash")
    shell.run_line("bash")
    bash = shell.run_line("echo $((1/0))")
    assert (bash.stderr, bash.exit_code) == ('bash: 1/0: division by 0 (error token is "0")\n', 1)
    assert shell.run_line("sh -c 'echo $((1 +))'; echo $?").output == "sh: arithmetic syntax error\n2\n"
    zsh = web.host_shell().run_line("echo $((1/0))")
    assert (zsh.stderr, zsh.exit_code) == ("zsh: division by zero\n", 1)


def test_a_simulator_bug_is_one_recognisable_line(shell, monkeypatch):
    def broken(ctx, argv):
        raise RuntimeError("boom")

    monkeypatch.setitem(PROGRAMS, "hostname", broken)
    result = shell.run_line("hostname; echo not reached")
    assert result.stderr == "sh: the simulator hit an internal problem (RuntimeError: boom); please report it\n"
    assert (result.stdout, result.exit_code) == ("", 2)


def test_endless_loop_is_interrupted_like_ctrl_c(shell):
    result = shell.run_line("while true; do sleep 1; done")
    assert result.stdout.endswith("^C\n") and result.exit_code == 130


def test_pipes_and_redirections(shell):
    assert out(shell, "echo hello | grep -c ell") == "1\n"
    assert out(shell, "seq 1 10 | head -3 | wc -l") == "3\n"
    shell.run_line("echo one > /tmp/f; echo two >> /tmp/f")
    assert out(shell, "cat /tmp/f") == "one\ntwo\n"
    result = shell.run_line("cat /nope 2>/dev/null; echo $?")
    assert result.stdout == "1\n" and result.stderr == ""
    assert shell.run_line("cat /nope 2>&1").stdout == "cat: can't open '/nope': No such file or directory\n"


def test_errors_are_the_shells_own(shell):
    result = shell.run_line("foo bar")
    assert (result.stderr, result.exit_code) == ("sh: foo: not found\n", 127)
    assert shell.run_line("echo 'unterminated").incomplete and shell.prompt == "> "
    assert shell.run_line("still'").stdout == "unterminated\nstill\n"
    bad = shell.run_line("done")
    assert bad.stderr == 'sh: syntax error: unexpected "done"\n' and bad.exit_code == 2
    assert shell.run_line("cd /nowhere").stderr == "sh: cd: can't cd to /nowhere: No such file or directory\n"


def test_multi_line_for_loop(shell):
    assert shell.run_line("for i in 1 2; do").incomplete
    assert shell.run_line("echo $i").incomplete
    assert shell.run_line("done").stdout == "1\n2\n"


def test_nested_shells(shell):
    shell.run_line("apk add bash")
    shell.run_line("bash")
    assert shell.prompt == "test-pod:/# "
    assert shell.run_line("nosuch").stderr == "bash: nosuch: command not found\n"
    assert not shell.run_line("exit").exited
    assert shell.prompt == "/ # "


def test_files_and_resolver_files(web, shell):
    assert out(shell, "cat /etc/resolv.conf").startswith("search default.svc.cluster.local")
    pod = web.store.get(Pod, "default", "test-pod")
    assert out(shell, "tail -1 /etc/hosts") == f"{pod.ip}\ttest-pod\n"
    assert out(shell, "cat /etc/hostname") == "test-pod\n"
    assert out(shell, "pwd; whoami") == "/\nroot\n"


def test_debian_shell_messages(web):
    web.api.create(client_pod("deb", image="nginx"))
    web.advance(10)
    shell = PodShell(web, "default", "deb")
    assert shell.prompt == "# "
    assert shell.run_line("nslookup x").stderr == "sh: 1: nslookup: not found\n"


def test_exec_errors():
    cluster = Cluster(seed=1)
    with pytest.raises(ApiError):
        PodShell(cluster, "default", "missing")
    from kubesim_nb.api.apps import Deployment

    cluster.api.create(
        Deployment.from_dict(
            {
                "metadata": {"name": "w"},
                "spec": {
                    "replicas": 1,
                    "selector": {"matchLabels": {"a": "w"}},
                    "template": {
                        "metadata": {"labels": {"a": "w"}},
                        "spec": {"containers": [{"name": "w", "image": "kubesim/whoami"}]},
                    },
                },
            }
        )
    )
    cluster.advance(10)
    pod = pods_of(cluster, "w") or [p for p in cluster.store.list(Pod, "default")]
    with pytest.raises(ExecError) as err:
        PodShell(cluster, "default", pod[0].name)
    assert 'exec: "sh": executable file not found in $PATH' in err.value.message
    assert (err.value.problem, err.value.program) == (ExecProblem.PROGRAM_NOT_FOUND, "sh")


def test_packages_and_files_survive_a_reload(web, shell):
    shell.run_line("apk add curl")
    shell.run_line("echo kept > /root/note")
    reloaded = Cluster.loads(web.dumps())
    again = PodShell(reloaded, "default", "test-pod")
    assert again.run_line("cat /root/note").stdout == "kept\n"
    assert again.run_line("curl -s http://web-service | grep -c title").stdout == "1\n"
    assert again.run_line("apk add curl").stdout == "OK: 12 MiB in 25 packages\n"


def test_a_new_pod_with_the_same_name_starts_clean(web, shell):
    shell.run_line("apk add curl")
    web.api.delete(Pod, "default", "test-pod", grace_period=0)
    web.api.create(client_pod())
    web.advance(10)
    fresh = PodShell(web, "default", "test-pod")
    assert fresh.run_line("curl http://web-service").stderr == "sh: curl: not found\n"


def test_exec_command_runs_one_program(web):
    result = exec_command(web, "default", "test-pod", ["cat", "/etc/hostname"])
    assert result.stdout == "test-pod\n" and result.exit_code == 0
    with pytest.raises(ExecError):
        exec_command(web, "default", "test-pod", ["curl", "http://web-service"])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(list("ab $'\"`|&;<>(){}\\#=*?!-09\n\t") + ["for", "do", "done", "if", "fi", "$((", "${", "$("]),
        max_size=25,
    ).map("".join)
)
def test_no_input_raises(line):
    shell = _FUZZ_SHELL()
    result = shell.run_line(line)
    assert isinstance(result.stdout, str) and isinstance(result.exit_code, int)


_CACHE: dict = {}


def _FUZZ_SHELL() -> PodShell:
    if "cluster" not in _CACHE:
        cluster = Cluster(seed=9)
        cluster.api.create(client_pod())
        cluster.advance(10)
        _CACHE["cluster"] = cluster
    return PodShell(_CACHE["cluster"], "default", "test-pod")
