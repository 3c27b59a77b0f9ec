"""The ``kubesim`` command: a simulated cluster you drive from a terminal.

    kubesim kubectl get pods                 # any kubectl command line
    kubesim kubectl run -it test --image=alpine --rm -- sh
    kubesim host curl http://localhost:30007 # a command on your own computer
    kubesim reset [--seed N] [--profile docker-desktop|kind|cloud] [--think-time S]
    kubesim advance 30s
    kubesim status
    kubesim path [N|list]                    # the last curl/wget request (or number N), hop by hop
    kubesim serve [--port 6443] [--kubeconfig PATH] [--clock wall|manual]   # for the real kubectl

The cluster lives in a state file (``~/.kubesim/state.json``, or
``$KUBESIM_STATE``) so successive commands behave like one real cluster.
kubectl runs on the simulated laptop: its kubeconfig (``kubectl config ...``)
is the one saved in the state file, never the real ``~/.kube/config`` or
``$KUBECONFIG``; only ``--kubeconfig FILE`` reads a real file.

While ``kubesim serve`` runs (:mod:`kubesim_nb.serve`), ``kubesim kubectl``, ``kubesim advance`` and
``kubesim host`` are sent to the served cluster instead, so every front door sees one cluster.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any, Callable

from .cluster import Cluster
from .cluster_commands import add_cluster_commands, advance, chosen_request, new_cluster, request_list, status
from .errors import KubeSimError
from .kubectl.errors import error_message
from .serve.foreground import DEFAULT_PORT
from .serve.remote import forward, read_record
from .serve.server import CLOCKS, LOOPBACK
from .statefile import StateFile

__all__ = ["main"]


def _sink(stream: str, text: str) -> None:
    target = sys.stdout if stream == "stdout" else sys.stderr
    target.write(text)
    target.flush()


def _terminal_reader() -> Callable[[str], str | None] | None:
    if not sys.stdin.isatty():
        return None

    def read(prompt: str) -> str | None:
        try:
            return input(prompt)
        except EOFError:
            sys.stdout.write("\n")
            return None

    return read


def _print(text: str) -> int:
    print(text)
    return 0


def _path(cluster: Cluster, which: str) -> str:
    from .viz.request_path import request_path_text

    if which == "list":
        return request_list(cluster)
    return request_path_text(cluster, chosen_request(cluster, which)).rstrip("\n")


def _with_cluster(state: StateFile, action: Callable[[Cluster], int]) -> int:
    with state.locked():
        cluster = state.load() or Cluster()
        code = action(cluster)
        state.save(cluster)
    return code


class _Terminal:
    """The tty the ``kubesim`` command runs on, for a kubectl command that runs until interrupted (``get -w``):
    simulated time passes with real time, and at each pause the state is saved and unlocked, so ``kubesim`` commands
    in other terminals can change the cluster meanwhile. Ctrl-C then ends the command at its next pause (never in
    the middle of a change), and the state is saved as usual."""

    def __init__(self, state: StateFile, cluster: Cluster):
        self.state, self.cluster = state, cluster
        self._interrupted = threading.Event()
        self._previous_handler: Any = None

    def pause(self, seconds: float) -> Cluster:
        if self._previous_handler is None:
            self._previous_handler = signal.signal(signal.SIGINT, lambda *_: self._interrupted.set())
        self.state.save(self.cluster)
        with self.state.unlocked():
            self._interrupted.wait(seconds)
        self.cluster = self.state.load() or self.cluster
        if self._interrupted.is_set():
            raise KeyboardInterrupt
        return self.cluster

    def close(self) -> Cluster:
        """Give Ctrl-C back its usual meaning; the cluster as it is now."""
        if self._previous_handler is not None:
            signal.signal(signal.SIGINT, self._previous_handler)
        return self.cluster


def _forwarded(state: StateFile, command: str, args: list[str], stdin: str | None) -> int | None:
    """Run the command on the cluster a ``kubesim serve`` serves; None when none is running."""
    record = read_record(state.path)
    answer = forward(record, command, args, stdin, os.getcwd()) if record is not None else None
    if answer is None:
        return None
    for stream in ("stdout", "stderr"):
        if answer[stream]:
            _sink(stream, answer[stream])
    return int(answer["exit_code"])


def _kubectl(state: StateFile, args: list[str]) -> int:
    from .kubectl import run_kubectl

    reader = _terminal_reader()
    stdin = None if reader is not None else sys.stdin.read() if _reads_stdin(args) else None
    forwarded = _forwarded(state, "kubectl", args, stdin)
    if forwarded is not None:
        return forwarded
    with state.locked():
        cluster = state.load() or Cluster()
        terminal = _Terminal(state, cluster) if sys.stdout.isatty() else None
        try:
            result = run_kubectl(
                cluster, args, stdin=stdin, cwd=os.getcwd(), sink=_sink, read_line=reader, terminal=terminal
            )
        finally:
            if terminal is not None:
                cluster = terminal.close()
        state.save(cluster)
    return result.exit_code


def _reads_stdin(args: list[str]) -> bool:
    """kubectl reads standard input for ``-f -`` and for ``-i`` sessions only."""
    if sys.stdin is None or sys.stdin.closed:
        return False
    if "-" in args and any(a in ("-f", "--filename") for a in args):
        return True
    flags = (
        [a for a in args[: args.index("--")] if a.startswith("-")]
        if "--" in args
        else [a for a in args if a.startswith("-")]
    )
    return any(
        a in ("-i", "--stdin", "-it", "-ti") or (a.startswith("-") and not a.startswith("--") and "i" in a[1:])
        for a in flags
    )


def _complete(state: StateFile, words: list[str]) -> int:
    """``kubesim __complete WORDS...``: the shell completion scripts' request on TAB (cobra's protocol: candidates,
    then ``:<directive>``). It reads the cluster and changes nothing: no think time passes, nothing is saved."""
    from .kubectl.completions import Completion, complete

    if len(words) > 1 and words[0] == "kubectl":
        with state.locked():
            cluster = state.load() or Cluster()
        found = complete(cluster, words[1:], os.getcwd())
    elif len(words) == 1:  # kubesim's own commands
        found = Completion(sorted(name for name in _commands(_parser()) if name.startswith(words[0])))
    else:
        found = Completion([])
    sys.stdout.write(found.render())
    return 0


def _host(state: StateFile, args: list[str]) -> int:
    import shlex

    forwarded = _forwarded(state, "host", args, None)
    if forwarded is not None:
        return forwarded

    def action(cluster: Cluster) -> int:
        result = cluster.host_shell().run_line(shlex.join(args))
        if result.stdout:
            _sink("stdout", result.stdout)
        if result.stderr:
            _sink("stderr", result.stderr)
        return result.exit_code

    return _with_cluster(state, action)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kubesim", description="A simulated Kubernetes cluster for learning Services and networking."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("kubectl", help="run a kubectl command against the simulated cluster", add_help=False)
    sub.add_parser(
        "host", help="run a command (curl, nslookup...) on your own computer, outside the cluster", add_help=False
    )
    add_cluster_commands(sub)
    serve = sub.add_parser("serve", help="serve the cluster to the real kubectl (a Kubernetes API on localhost)")
    serve.add_argument(
        "--port", type=int, help=f"default {DEFAULT_PORT}, or a free one when it is taken; 0: a free one"
    )
    serve.add_argument("--kubeconfig", type=Path, help="where to write its kubeconfig (default ~/.kubesim/kubeconfig)")
    serve.add_argument("--clock", choices=CLOCKS, default="wall", help="wall: time follows real time (default)")
    serve.add_argument("--address", default=LOOPBACK, help="listen on another address than 127.0.0.1 (unsafe)")
    return parser


def _commands(parser: argparse.ArgumentParser) -> list[str]:
    """The names of the parser's subcommands."""
    return [
        name for action in parser._actions if isinstance(action, argparse._SubParsersAction) for name in action.choices
    ]


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    state = StateFile()
    try:
        if argv and argv[0] == "kubectl":
            return _kubectl(state, argv[1:])
        if argv and argv[0] == "host":
            return _host(state, argv[1:])
        if argv and argv[0] == "__complete":
            return _complete(state, argv[1:])
        args = _parser().parse_args(argv)
        if args.command == "reset":
            with state.locked():
                cluster = new_cluster(args)
                backup = state.backup_existing()
                state.save(cluster)
            print(
                f"A new {cluster.profile.name} cluster (seed {cluster.seed}) is ready in {state.path}."
                + (f" The previous state is in {backup}." if backup else "")
            )
            return 0
        if args.command == "advance":
            forwarded = _forwarded(state, "advance", [args.duration], None)
            if forwarded is not None:
                return forwarded
            return _with_cluster(state, lambda cluster: _print(advance(cluster, args.duration)))
        if args.command == "serve":
            from .serve.foreground import ServeOptions, serve_until_signalled

            return serve_until_signalled(state, ServeOptions(args.port, args.kubeconfig, args.clock, args.address))
        if args.command == "status":
            return _with_cluster(state, lambda cluster: _print(f"state file: {state.path}\n{status(cluster)}"))
        if args.command == "path":
            return _with_cluster(state, lambda cluster: _print(_path(cluster, args.request)))
        _parser().print_help()
        return 0 if not argv else 2
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KubeSimError as err:
        print(error_message(err), file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
