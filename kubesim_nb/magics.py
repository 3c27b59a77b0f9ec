"""IPython magics: ``%kubectl``, ``%%kubectl``, ``%kubesim`` and ``%%pod`` / ``%host``.

``%load_ext kubesim_nb`` registers them. Every magic acts on the notebook's
current cluster (``current_cluster()``), which ``%kubesim reset --seed N``
replaces and ``use_cluster(cluster)`` sets from Python. Output is displayed
as a terminal would show it; nothing is returned, so several magics in one
cell all show their output.
"""

from __future__ import annotations

import argparse
import os
import shlex

from IPython.core.magic import Magics, line_cell_magic, line_magic, magics_class
from IPython.display import display

from .cluster import Cluster
from .cluster_commands import add_cluster_commands, advance, new_cluster, status
from .kubectl import CommandResult, run_kubectl

__all__ = ["KubesimMagics", "current_cluster", "last_result", "load_ipython_extension", "use_cluster"]

_state: dict = {"cluster": None, "last": None}


def current_cluster() -> Cluster:
    """The cluster the magics act on (a default one is started on first use)."""
    if _state["cluster"] is None:
        _state["cluster"] = Cluster()
    return _state["cluster"]


def use_cluster(cluster: Cluster) -> Cluster:
    _state["cluster"] = cluster
    return cluster


def last_result() -> CommandResult | None:
    """The result of the last magic (stdout, stderr, exit_code) for checks in a notebook."""
    return _state["last"]


def _show(result: CommandResult) -> None:
    _state["last"] = result
    if result.chunks:
        display(result)


def _kubesim_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="%kubesim", add_help=False)
    add_cluster_commands(parser.add_subparsers(dest="action"))
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
        _show(run_kubectl(cluster, line, stdin=cell, cwd=cwd))

    @line_magic
    def kubesim(self, line: str) -> None:
        """``%kubesim reset [--seed N] [--profile P] [--think-time S]``, ``%kubesim advance 30s``,
        ``%kubesim status``.
        """
        try:
            args = _kubesim_parser().parse_args(shlex.split(line))
        except SystemExit:
            print(
                "usage: %kubesim reset [--seed N] [--profile docker-desktop|kind|cloud] [--think-time S] "
                "| advance DURATION | status"
            )
            return
        if args.action == "reset":
            cluster = use_cluster(new_cluster(args))
            print(f"A new {cluster.profile.name} cluster (seed {cluster.seed}) is ready.")
        elif args.action == "advance":
            try:
                print(advance(current_cluster(), args.duration))
            except ValueError as err:
                print(f"error: {err}")
        else:
            print(status(current_cluster()))

    @line_magic
    def host(self, line: str) -> None:
        """``%host curl http://localhost:30007``: run a command on the learner's computer (outside the cluster)."""
        result = current_cluster().host_shell().run_line(line)
        chunks = [
            (s, t if t.endswith("\n") else t + "\n")
            for s, t in (("stdout", result.stdout), ("stderr", result.stderr))
            if t
        ]
        _show(CommandResult(result.stdout, result.stderr, result.exit_code, chunks))


def load_ipython_extension(ipython) -> None:
    ipython.register_magics(KubesimMagics)
