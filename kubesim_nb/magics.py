"""IPython magics: ``%kubectl``, ``%%kubectl``, ``%kubesim`` and ``%%pod`` / ``%host``.

``%kubesim path`` shows the last ``curl``/``wget`` request a cell made, hop by hop
(:mod:`kubesim_nb.viz.request_path`), beside kube-proxy's rules for its Service.

``%load_ext kubesim_nb`` registers them. Every magic acts on the notebook's
current cluster (``current_cluster()``), which ``%kubesim reset --seed N``
replaces and ``use_cluster(cluster)`` sets from Python. Output is displayed
as a terminal would show it; nothing is returned, so several magics in one
cell all show their output.

``%kubesim serve`` serves the current cluster to the real kubectl on a thread of the kernel
(:mod:`kubesim_nb.serve`); the magics and the server then share one lock, so ``%kubectl`` and a
``kubectl`` typed in a terminal act on one cluster. ``%kubesim serve stop`` stops it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import threading
from pathlib import Path

from IPython.core.magic import Magics, line_cell_magic, line_magic, magics_class
from IPython.display import display

from .cluster import Cluster
from .cluster_commands import add_cluster_commands, advance, chosen_request, new_cluster, request_list, status
from .kubectl import CommandResult, run_kubectl

__all__ = ["KubesimMagics", "current_cluster", "last_result", "load_ipython_extension", "use_cluster"]

_state: dict = {"cluster": None, "last": None, "server": None}
_lock = threading.RLock()  # the cluster's one lock, shared with a server started by %kubesim serve


def current_cluster() -> Cluster:
    """The cluster the magics act on (a default one is started on first use)."""
    if _state["cluster"] is None:
        _state["cluster"] = Cluster()
    return _state["cluster"]


def use_cluster(cluster: Cluster) -> Cluster:
    _stop_serving()
    _state["cluster"] = cluster
    return cluster


def _stop_serving() -> bool:
    """Stop the server of ``%kubesim serve``; whether one was running."""
    server = _state["server"]
    _state["server"] = None
    if server is not None:
        server.stop()
    return server is not None


def _serve(args: argparse.Namespace) -> None:
    from .serve.clientclock import clock_note
    from .serve.kubeconfig import default_kubeconfig_path
    from .serve.server import KubeServer, is_loopback

    if args.what == "stop":
        print("The server has stopped." if _stop_serving() else "No server is running.")
        return
    _stop_serving()
    cluster = current_cluster()
    try:
        server = KubeServer(cluster, address=args.address, port=args.port, clock=args.clock, lock=_lock)
    except OSError as err:
        print(f"error: cannot listen on {args.address}:{args.port}: {err.strerror or err}")
        return
    _state["server"] = server.start()
    kubeconfig = server.write_kubeconfig(args.kubeconfig or default_kubeconfig_path())
    if not is_loopback(args.address):
        print(f"warning: serving on {args.address}: anyone who can reach it can try to guess its token")
    print(f"Serving the cluster at {server.url} (clock: {args.clock}).\nexport KUBECONFIG={kubeconfig}")
    note = clock_note(cluster.clock.now())
    if note:
        print(note)


def _locked():
    """The cluster's lock while a server shares the cluster; nothing to take otherwise."""
    return _lock if _state["server"] is not None else contextlib.nullcontext()


def last_result() -> CommandResult | None:
    """The result of the last magic (stdout, stderr, exit_code) for checks in a notebook."""
    return _state["last"]


def _show(result: CommandResult) -> None:
    _state["last"] = result
    if result.chunks:
        display(result)


def _show_path(which: str) -> None:
    """``%kubesim path``: the last request (or request ``which``), hop by hop, beside the node's rules."""
    from .viz.request_path import request_path_html, request_path_text

    cluster = current_cluster()
    with _locked():
        if which == "list":
            print(request_list(cluster))
            return
        try:
            trace = chosen_request(cluster, which)
        except ValueError as err:
            print(err)
            return
        bundle = {"text/plain": request_path_text(cluster, trace), "text/html": request_path_html(cluster, trace)}
    display(bundle, raw=True)


def _kubesim_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="%kubesim", add_help=False)
    commands = parser.add_subparsers(dest="action")
    add_cluster_commands(commands)
    serve = commands.add_parser("serve")
    serve.add_argument("what", nargs="?", choices=["start", "stop"], default="start")
    serve.add_argument("--port", type=int, default=0)
    serve.add_argument("--kubeconfig", type=Path)
    serve.add_argument("--clock", choices=["wall", "manual"], default="wall")
    serve.add_argument("--address", default="127.0.0.1")
    return parser


@magics_class
class KubesimMagics(Magics):
    @line_cell_magic
    def kubectl(self, line: str, cell: str | None = None) -> None:
        """``%kubectl ARGS`` runs one command; ``%%kubectl ARGS`` passes the cell as stdin
        (``apply -f -``, or the lines typed into ``run -it ... -- sh``); a bare ``%%kubectl``
        runs each line of the cell as a command, printing each like a terminal."""
        cluster = current_cluster()
        cwd = os.getcwd()
        if cell is not None and not line.strip():
            chunks = []
            code = 0
            for command in (c for c in cell.splitlines() if c.strip() and not c.strip().startswith("#")):
                with _locked():
                    result = run_kubectl(cluster, command, cwd=cwd)
                chunks.append(("stdout", f"$ kubectl {command.strip().removeprefix('kubectl ').strip()}\n"))
                chunks += result.chunks
                code = result.exit_code
            combined = CommandResult(
                "".join(t for s, t in chunks if s == "stdout"),
                "".join(t for s, t in chunks if s == "stderr"),
                code,
                chunks,
            )
            _show(combined)
            return
        with _locked():
            result = run_kubectl(cluster, line, stdin=cell, cwd=cwd)
        _show(result)

    @line_magic
    def kubesim(self, line: str) -> None:
        """``%kubesim reset [--seed N] [--profile P] [--think-time S]``, ``%kubesim advance 30s``,
        ``%kubesim status``, ``%kubesim path [N|list]`` (the last curl/wget request, hop by hop).
        """
        try:
            args = _kubesim_parser().parse_args(shlex.split(line))
        except SystemExit:
            print(
                "usage: %kubesim reset [--seed N] [--profile docker-desktop|kind|cloud] [--think-time S] "
                "| advance DURATION | status | path [N|list] "
                "| serve [stop] [--port N] [--clock wall|manual] [--kubeconfig PATH]"
            )
            return
        if args.action == "serve":
            _serve(args)
        elif args.action == "reset":
            served = _stop_serving()
            cluster = use_cluster(new_cluster(args))
            print(f"A new {cluster.profile.name} cluster (seed {cluster.seed}) is ready.")
            if served:
                print("The server has stopped: %kubesim serve serves the new cluster.")
        elif args.action == "path":
            _show_path(args.request)
        elif args.action == "advance":
            try:
                with _locked():
                    print(advance(current_cluster(), args.duration))
            except ValueError as err:
                print(f"error: {err}")
        else:
            print(status(current_cluster()))

    @line_magic
    def host(self, line: str) -> None:
        """``%host curl http://localhost:30007``: run a command on the learner's computer (outside the cluster)."""
        with _locked():
            result = current_cluster().host_shell().run_line(line)
        chunks = [
            (s, t if t.endswith("\n") else t + "\n")
            for s, t in (("stdout", result.stdout), ("stderr", result.stderr))
            if t
        ]
        _show(CommandResult(result.stdout, result.stderr, result.exit_code, chunks))


def load_ipython_extension(ipython) -> None:
    ipython.register_magics(KubesimMagics)
