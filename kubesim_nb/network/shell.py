"""Shell sessions: inside a Pod (``kubectl exec -it POD -- sh``), on the laptop, or one program without a shell.

:class:`PodShell` is one interactive session: :meth:`PodShell.run_line` takes
what the learner typed and returns a :class:`ShellResult` (stdout, stderr,
exit status, whether the shell exited, and the interleaved text a terminal
would show). The shell itself lives in :mod:`.sh` — grammar
(:mod:`.sh.syntax`), expansion, arithmetic, the interpreter, builtins and the
dialects of ash, dash, bash and zsh; programs come from :mod:`.tools` and
exist only if the container's image has them (:mod:`.userland`). Nothing a
learner types raises a Python exception: a simulator bug shows as one line
containing :data:`INTERNAL_PROBLEM`.

:class:`HostShell` is the learner's laptop: ``curl`` to ``localhost`` node
ports, load balancers and port-forwards; cluster IPs and cluster DNS names do
not work there, as on a real laptop. :func:`exec_command` runs one program
without a shell (``kubectl exec POD -- curl ...``); :func:`check_exec` says
why ``kubectl exec`` cannot start (:mod:`.exec_refusal`).
"""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..api.core import Pod
from ..errors import INTERNAL_PROBLEM, ApiError
from .exec_refusal import ExecProblem, ExecRefused
from .machine import ExecError, HostMachine, HostProfile, Kubectl, Machine, PodMachine
from .sh.builtins import BUILTINS
from .sh.control import IO, Exit, LoopControl, NestedShell, ShellError
from .sh.dialect import Dialect
from .sh.interp import Interpreter
from .sh.syntax import Incomplete, Sequence, ShellSyntaxError, parse
from .tools import Output
from .tools.base import Interrupted

if TYPE_CHECKING:  # pragma: no cover
    from .runtime import Runtime

__all__ = ["ExecError", "HostShell", "PodShell", "ShellResult", "check_exec", "exec_command"]


@dataclass(frozen=True)
class ShellResult:
    stdout: str
    stderr: str
    exit_code: int
    exited: bool = False
    output: str = ""  # stdout and stderr interleaved, as a terminal shows them
    incomplete: bool = False  # the line opened a construct; the shell waits for more (prompt "> ")


def _terminal(output: Output, tty: bool, stdin: str = "") -> IO:
    """Streams that write into ``output`` (and read ``stdin``)."""
    return IO(stdin, lambda s: output.write("stdout", s), lambda s: output.write("stderr", s), tty, tty)


class _Session:
    """What PodShell and HostShell share: a machine, an interpreter, a prompt, pending lines."""

    def __init__(self, machine: Machine, tty: bool, shell: str = "sh"):
        self.machine = machine
        self.tty = tty
        env = machine.base_env()
        if tty:
            env.setdefault("TERM", "xterm")
        self.interp = Interpreter(machine, tty, env)
        self.interp.dialect = self.interp.shell_dialect(shell)
        self.pending = ""
        self.shells: list[Dialect] = [self.interp.dialect]  # the shells started inside the shell, innermost last
        self.exited = False

    @property
    def prompt(self) -> str:
        if self.pending:
            return "> "
        return self.shells[-1].prompt(self.machine.hostname, self.interp.cwd, self.interp.vars.get("HOME", "/root"))

    def run_line(self, line: str) -> ShellResult:
        if self.exited:
            return ShellResult("", "", self.interp.status, True)
        self.machine.cluster.settle()
        text = self.pending + line
        output = Output()
        io = _terminal(output, self.tty)
        try:
            program = parse(text)
        except Incomplete:
            self.pending = text + "\n"
            return ShellResult("", "", self.interp.status, False, "", incomplete=True)
        except ShellSyntaxError as err:
            self.pending = ""
            io.err(self.interp.dialect.syntax_message(err.token, err.expecting))
            self.interp.status = 2
            return self._result(output)
        except RecursionError:
            self.pending = ""
            self._unsupported(io)
            return self._result(output)
        self.pending = ""
        self._run(program, io, output)
        return self._result(output)

    def _run(self, program: Sequence, io: IO, output: Output) -> None:
        self.interp.dialect = self.shells[-1]
        try:
            self.interp.run_program(program, io)
        except Exit as done:
            self.interp.status = done.status
            if len(self.shells) > 1:
                self.shells.pop()
            else:
                self.exited = True
                if self.tty:
                    output.write("stdout", self.shells[-1].exit_echo)
        except NestedShell as nested:
            self.shells.append(nested.dialect)
            self.interp.status = 0
        except Interrupted:
            output.write("stdout", "^C\n")
            self.interp.status = 130
        except LoopControl:
            pass
        except ShellError as err:
            self.interp.status = self.interp.report(err, io)
        except ApiError:  # the Pod went away under the session: its processes were killed (SIGKILL)
            self.interp.status = 137
            self.exited = True
        except RecursionError:
            self._unsupported(io)
        except Exception as err:  # a simulator bug: one line the tests look for, never a traceback
            io.err(
                f"{self.interp.dialect.error_prefix}{INTERNAL_PROBLEM} ({type(err).__name__}: {err}); "
                "please report it\n"
            )
            self.interp.status = 2

    def _unsupported(self, io: IO) -> None:
        """Nesting deeper than the simulator's own stack (``((((...))))`` hundreds deep)."""
        io.err(f"{self.interp.dialect.error_prefix}this command line is not supported by the simulator\n")
        self.interp.status = 2

    def _result(self, output: Output) -> ShellResult:
        return ShellResult(
            output.text("stdout"), output.text("stderr"), self.interp.status, self.exited, output.terminal
        )


class PodShell(_Session):
    """An interactive shell in a container of a Pod (``kubectl exec -it POD -- sh``)."""

    def __init__(
        self,
        cluster: "Runtime",
        namespace: str,
        pod_name: str,
        *,
        container: str | None = None,
        tty: bool = True,
        shell: str = "sh",
    ):
        machine = _pod_machine(cluster, namespace, pod_name, container)
        if not machine.has_command(posixpath.basename(shell)):
            raise _missing(machine, posixpath.basename(shell))
        super().__init__(machine, tty, shell)


class HostShell(_Session):
    """The learner's laptop terminal (``curl http://localhost:30007``)."""

    def __init__(self, cluster: "Runtime", profile: HostProfile | None = None, *, kubectl: Kubectl | None = None):
        machine = HostMachine(cluster, profile, kubectl)
        super().__init__(machine, True, machine.flavor)


def check_exec(cluster: "Runtime", pod: Pod) -> None:
    """Raise :class:`ExecRefused` when ``kubectl exec`` cannot run in ``pod``: it has completed, or nothing runs."""
    phase = pod.status.phase if pod.status else "Pending"
    if phase in ("Succeeded", "Failed"):
        raise ExecRefused(ExecProblem.POD_COMPLETED, phase=phase)
    statuses = pod.status.container_statuses or []
    if not any(s.state and s.state.running for s in statuses):
        first = (pod.spec.containers or [None])[0]
        raise ExecRefused(ExecProblem.CONTAINER_NOT_RUNNING, container=first.name if first else "")


def _pod_machine(cluster: "Runtime", namespace: str, pod_name: str, container: str | None) -> PodMachine:
    """The container ``kubectl exec`` reaches, once it may."""
    pod = cluster.api.find(Pod, namespace, pod_name)
    if pod is None:
        raise ApiError.not_found("pods", pod_name)
    check_exec(cluster, pod)
    return PodMachine(cluster, namespace, pod_name, container)


def _missing(machine: PodMachine, program: str) -> ExecRefused:
    # containerd names the exec it could not start by a random 64-hex id; here one drawn from the Pod and program
    exec_id = hashlib.sha256(f"{machine.uid}/{program}".encode()).hexdigest()
    runtime = machine.cluster.profile.container_runtime
    return ExecRefused(ExecProblem.PROGRAM_NOT_FOUND, program=program, runtime=runtime, exec_id=exec_id)


def exec_command(
    cluster: "Runtime",
    namespace: str,
    pod_name: str,
    argv: list[str],
    *,
    container: str | None = None,
    tty: bool = False,
    stdin: str = "",
) -> ShellResult:
    """``kubectl exec POD -- ARGV...``: run one program (no shell parsing of ARGV), reading ``stdin``."""
    machine = _pod_machine(cluster, namespace, pod_name, container)
    name = posixpath.basename(argv[0]) if argv else ""
    if not argv or not (machine.has_command(name) or name in BUILTINS):
        raise _missing(machine, argv[0] if argv else "")
    session = _Session(machine, tty)
    cluster.settle()
    output = Output()
    try:
        status = session.interp.execute(list(argv), session.interp.vars, _terminal(output, tty, stdin))
    except Exit as done:
        status = done.status
    except (NestedShell, Interrupted):
        status = 0
    return ShellResult(output.text("stdout"), output.text("stderr"), status, True, output.terminal)
