"""``pods/exec`` and ``pods/attach`` over WebSocket: the channel protocols, into the simulated in-Pod shell.

This module owns what the kubelet's ``staging/src/k8s.io/kubelet/pkg/cri/streaming/remotecommand``
(``websocket.go``, ``exec.go``, ``attach.go``, ``httpstream.go``) and the API server's stream translator
(``staging/src/k8s.io/apiserver/pkg/util/proxy/streamtranslator.go``) do for a WebSocket client:

- subprotocols ``v5.channel.k8s.io`` (kubectl 1.37) and ``v4.channel.k8s.io`` (the Python clients, kr8s);
  every binary message starts with its channel: 0 stdin, 1 stdout, 2 stderr, 3 error, 4 resize; in v5,
  ``255 <channel>`` closes a channel (kubectl closes stdin so when its input ends);
- once connected, an empty message on the first output channel; at the end, a ``metav1.Status`` on the
  error channel: ``Success``, ``NonZeroExitCode`` with an ``ExitCode`` cause (kubectl then prints
  ``command terminated with exit code N`` and exits N), or an internal error whose message kubectl prints;
- the command runs in the data plane (:mod:`kubesim_nb.network.shell`): a shell (``sh``, ``bash``) reads
  the lines of stdin one by one (:class:`~kubesim_nb.network.shell.PodShell`), any other program runs once
  with its arguments as given and stdin as its input (:func:`~kubesim_nb.network.shell.exec_command`); with a
  terminal (``-t``) the server plays the terminal's line discipline (echo, erase, ``^C``, ``^D``,
  ``\\r\\n``) and prints the prompt;
- attach joins the container's own process: its shell when the container keeps stdin open, else the lines
  it logs from then on.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from ..api.core import Pod
from ..errors import ApiError
from ..kubectl.pods import container_program, is_shell
from ..network.exec_refusal import RUNC_EXIT_CODE, ExecProblem, ExecRefused
from ..network.logs import readable_logs
from ..network.shell import PodShell, ShellResult, exec_command
from .routes import Query
from .websocket import POLL_SECONDS, MessageReader, WebSocket

__all__ = ["CHANNEL_PROTOCOLS", "StreamOptions", "serve_attach", "serve_exec"]

CHANNEL_PROTOCOLS = ("v5.channel.k8s.io", "v4.channel.k8s.io")
STDIN, STDOUT, STDERR, ERROR, RESIZE = 0, 1, 2, 3, 4
CLOSE_SIGNAL = 255  # v5: "255 <channel>" closes that channel
LOG_POLL_SECONDS = 0.5
SIZE_WAIT_SECONDS = 2.0


@dataclass(frozen=True)
class StreamOptions:
    """The query of an exec or attach request (``staging/src/k8s.io/api/core/v1`` ``PodExecOptions``)."""

    container: str
    command: tuple[str, ...]
    stdin: bool
    stdout: bool
    stderr: bool
    tty: bool

    @classmethod
    def parse(cls, query: Query) -> "StreamOptions":
        return cls(
            query.get("container"),
            tuple(query.all("command")),
            query.flag("stdin"),
            query.flag("stdout"),
            query.flag("stderr"),
            query.flag("tty"),
        )


# --------------------------------------------------------------------- Status on the error channel
def success() -> dict:
    return {"metadata": {}, "status": "Success"}


def exit_status(argv: tuple[str, ...], code: int) -> dict:
    """``codeExitToStatusError``: what kubectl turns into ``command terminated with exit code N``."""
    return {
        "metadata": {},
        "status": "Failure",
        "message": f"command terminated with non-zero exit code: command '{' '.join(argv)}' exited with {code}",
        "reason": "NonZeroExitCode",
        "details": {"causes": [{"reason": "ExitCode", "message": str(code)}]},
    }


def ended(argv: tuple[str, ...], code: int) -> dict:
    """The Status an exec ends with: Success, or the program's non-zero exit code."""
    return success() if code == 0 else exit_status(argv, code)


def internal_error(message: str) -> dict:
    """``apierrors.NewInternalError``; kubectl prints ``error: <message>``."""
    return {
        "metadata": {},
        "status": "Failure",
        "message": f"Internal error occurred: {message}",
        "reason": "InternalError",
        "details": {"causes": [{"message": message}]},
        "code": 500,
    }


# --------------------------------------------------------------------- channels
@dataclass
class Channels:
    """The channel protocol on one WebSocket."""

    websocket: WebSocket
    options: StreamOptions
    reader: MessageReader = field(init=False)
    stdin_open: bool = field(init=False)
    early: list[bytes] = field(default_factory=list)  # read while waiting for the terminal's size
    sized: bool = False  # the client has sent its terminal's size

    def __post_init__(self) -> None:
        self.reader = self.websocket.messages()
        self.stdin_open = self.options.stdin

    def write(self, channel: int, text: str, *, echo: bool = False) -> None:
        """Program output (on a terminal, its newlines become CRLF, the tty's ``onlcr``); ``echo``: what the
        terminal echoes of typed keys, sent as it is."""
        if text:
            data = text.replace("\n", "\r\n") if self.options.tty and not echo else text
            self.websocket.send(bytes([channel]) + data.encode())

    def connected(self) -> None:
        """The kubelet's "connection established" (an empty message on the first output channel)."""
        first = STDOUT if self.options.stdout else STDERR if self.options.stderr else ERROR
        self.websocket.send(bytes([first]))

    def output(self, result: ShellResult) -> None:
        if self.options.tty:
            self.write(STDOUT, result.output)
            return
        self.write(STDOUT, result.stdout)
        self.write(STDERR, result.stderr)

    def stdin(self) -> bytes | None:
        """The next piece of stdin; None at its end (closed by the client, or the connection is gone)."""
        while self.stdin_open:
            message = self.early.pop(0) if self.early else self.reader.next()
            if message is None:
                self.stdin_open = False
            elif message[:1] == bytes([STDIN]):
                return message[1:]
            elif message[:2] == bytes([CLOSE_SIGNAL, STDIN]):
                self.stdin_open = False
            elif message[:1] == bytes([RESIZE]):
                self.sized = True  # the simulated terminal has no size to change
        return None

    def wait_for_size(self) -> None:
        """Until the client has sent its terminal's size (kubectl sends it as the stream starts; closing the
        stream before it arrives makes kubectl log a failed write). Other messages are kept for :meth:`stdin`."""
        deadline = time.monotonic() + SIZE_WAIT_SECONDS
        while time.monotonic() < deadline and self.websocket.idle(POLL_SECONDS / 5):
            while self.websocket.pending:
                message = self.reader.next()
                if message is None or message[:1] == bytes([RESIZE]):
                    self.sized = True
                    return
                self.early.append(message)

    def finish(self, status: dict) -> None:
        if self.options.tty and not self.sized:
            self.wait_for_size()
        self.websocket.send(bytes([ERROR]) + json.dumps(status, separators=(",", ":")).encode())
        self.websocket.close()


# --------------------------------------------------------------------- the terminal
@dataclass
class LineDiscipline:
    """What a Linux terminal in canonical mode does with typed bytes: echo, erase, kill, ``^C``, ``^D``."""

    line: str = ""
    escape: bool = False

    def feed(self, data: bytes, echo: Callable[[str], None]) -> list[str | None]:
        """The lines completed by ``data``; None for end of input (``^D`` on an empty line). ``^C`` gives
        the interrupt marker :data:`INTERRUPT`."""
        events: list[str | None] = []
        for char in data.decode("utf-8", "replace"):
            if self.escape:  # cursor keys and the like: the simulated line has no editing
                self.escape = char in "[O0123456789;"
                continue
            if char == "\x1b":
                self.escape = True
            elif char in "\r\n":
                echo("\r\n")
                events.append(self.line)
                self.line = ""
            elif char in "\x7f\x08":
                if self.line:
                    self.line = self.line[:-1]
                    echo("\b \b")
            elif char == "\x15":
                echo("\b \b" * len(self.line))
                self.line = ""
            elif char == "\x03":
                echo("^C\r\n")
                self.line = ""
                events.append(INTERRUPT)
            elif char == "\x04":
                if not self.line:
                    events.append(None)
            elif char >= " " or char == "\t":
                self.line += char
                echo(char)
        return events


INTERRUPT = "\x03"


# --------------------------------------------------------------------- sessions
@dataclass
class Session:
    """One exec or attach on one Pod, under the cluster's lock."""

    cluster: Any
    lock: Any
    pod: Pod
    container: str
    channels: Channels

    def shell(self, program: str = "sh") -> PodShell:
        with self.lock:
            return PodShell(
                self.cluster,
                self.pod.namespace,
                self.pod.name,
                container=self.container,
                tty=self.channels.options.tty,
                shell=program,
            )

    def run(self, shell: PodShell, line: str) -> ShellResult:
        with self.lock:
            return shell.run_line(line)

    def command(self, argv: tuple[str, ...]) -> int:
        """A program that is not a shell: it runs once (its arguments are not parsed again), with all of stdin.
        On a terminal it runs at once: the simulated programs do not read a terminal, and a terminal in raw
        mode never sends end-of-file."""
        stdin = b""
        while not self.channels.options.tty and (piece := self.channels.stdin()) is not None:
            stdin += piece
        with self.lock:
            result = exec_command(
                self.cluster,
                self.pod.namespace,
                self.pod.name,
                list(argv),
                container=self.container,
                tty=self.channels.options.tty,
                stdin=stdin.decode("utf-8", "replace"),
            )
        self.channels.output(result)
        return result.exit_code

    def program(self, argv: tuple[str, ...]) -> int:
        """Run ``argv`` as the exec stream does: a shell on a terminal, a shell reading lines, or a program once;
        its exit code."""
        if not is_shell(list(argv)):
            return self.command(argv)
        if self.channels.options.tty and self.channels.options.stdin:
            return self.terminal(argv)
        return self.lines(argv)

    def lines(self, argv: tuple[str, ...]) -> int:
        """A shell reading its commands from stdin, without a terminal: each line runs as it arrives."""
        shell = self.shell(argv[0].rsplit("/", 1)[-1])
        pending, code = b"", 0
        while True:
            piece = self.channels.stdin()
            if piece is None:
                lines, pending = ([pending.decode("utf-8", "replace")] if pending else []), b""
            else:
                *complete, pending = (pending + piece).split(b"\n")
                lines = [line.decode("utf-8", "replace") for line in complete]
            for line in lines:
                result = self.run(shell, line)
                self.channels.output(result)
                code = result.exit_code
                if result.exited:
                    return code
            if piece is None:
                return code

    def terminal(self, argv: tuple[str, ...]) -> int:
        """A shell on a terminal: the prompt, typed characters echoed, a line runs at Enter."""
        shell = self.shell(argv[0].rsplit("/", 1)[-1])
        discipline = LineDiscipline()
        self.channels.write(STDOUT, shell.prompt)
        code = 0
        while (piece := self.channels.stdin()) is not None:
            for line in discipline.feed(piece, lambda text: self.channels.write(STDOUT, text, echo=True)):
                if line is None:
                    return code
                if line != INTERRUPT:
                    result = self.run(shell, line)
                    self.channels.output(result)
                    code = result.exit_code
                    if result.exited:
                        return code
                self.channels.write(STDOUT, shell.prompt)
        return code


def refusal_status(refused: ExecRefused, container: str) -> tuple[str, dict]:
    """What a client sees when the program cannot start: (stdout, Status). The kubelet's own refusal comes
    back through the API server's translator as an internal error; Docker relays runc's words as output."""
    if refused.problem is ExecProblem.PROGRAM_NOT_FOUND:
        if refused.relayed:
            return refused.runc_words + "\n", exit_status((refused.program,), RUNC_EXIT_CODE)
        return "", internal_error(str(refused).removeprefix("error: Internal error occurred: "))
    return "", internal_error(f'unable to upgrade connection: container not found ("{container}")')


def serve_exec(cluster: Any, lock: Any, pod: Pod, container: str, channels: Channels) -> None:
    """Run the command of an accepted exec, then report its end on the error channel."""
    session = Session(cluster, lock, pod, container, channels)
    argv = channels.options.command

    def run() -> dict:
        if not argv:
            return internal_error("you must specify at least one command for the container")
        return ended(argv, session.program(argv))

    _stream(session, run)


def serve_attach(cluster: Any, lock: Any, pod: Pod, container: str, channels: Channels) -> None:
    """Join the container's process: the program it runs, fed by the session, when the container keeps stdin
    open; else its new log lines."""
    session = Session(cluster, lock, pod, container, channels)
    spec = next(c for c in pod.spec.containers or [] if c.name == container)

    def run() -> dict:
        if spec.stdin:  # attach ends when the process does, with no exit code (the kubelet's ServeAttach)
            code = session.program(container_program(spec))
            if spec.stdin_once:  # kubectl run -i: the session was the process's stdin, closed now, so it has ended
                with lock:
                    live = cluster.api.find(Pod, pod.namespace, pod.name)
                    if live is not None and live.metadata.uid == pod.metadata.uid:
                        cluster.main_process_exited(live, spec, code)
            return success()
        with lock:
            sent = len(readable_logs(cluster, pod, spec))
        while channels.websocket.idle(LOG_POLL_SECONDS):
            with lock:
                live = cluster.api.find(Pod, pod.namespace, pod.name)
                if live is None or live.metadata.uid != pod.metadata.uid:
                    break
                lines = readable_logs(cluster, live, spec)
            channels.write(STDOUT, "".join(line + "\n" for line in lines[sent:]))
            sent = len(lines)
        return success()

    _stream(session, run)


def _stream(session: Session, run: Callable[[], dict]) -> None:
    """Announce the connection, run, and end with the Status of how it went (never with a traceback)."""
    channels = session.channels
    channels.connected()
    try:
        status = run()
    except ExecRefused as refused:
        output, status = refusal_status(refused, session.container)
        channels.write(STDOUT, output)
    except ApiError as err:  # the Pod went away under the session, or its logs cannot be read
        status = internal_error(str(err))
    except Exception as err:  # a simulator bug ends the stream with a message
        status = internal_error(f"{type(err).__name__}: {err}")
    channels.finish(status)
