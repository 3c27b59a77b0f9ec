"""``reset``, ``advance``, ``status`` and ``path``: the cluster's own commands, for the ``kubesim`` CLI
and the ``%kubesim`` magic.

Both front doors parse these words with the same :func:`add_cluster_commands`
and print the same sentences, so ``kubesim reset --seed 1`` in a terminal and
``%kubesim reset --seed 1`` in a notebook mean one thing. Where the cluster is
kept (a state file, the kernel) is each front door's business.
"""

from __future__ import annotations

import argparse

from .cluster import Cluster
from .network.traces import RequestTrace, request_traces
from .profiles import PROFILES
from .viz.request_path import request_summary

__all__ = ["add_cluster_commands", "advance", "chosen_request", "new_cluster", "request_list", "status"]


def add_cluster_commands(commands: "argparse._SubParsersAction") -> None:
    """Add the ``reset``, ``advance`` and ``status`` subcommands to a parser's subcommands."""
    reset = commands.add_parser("reset", help="start a new cluster")
    reset.add_argument("--seed", type=int, default=0, help="same seed, same names and IPs (default 0)")
    reset.add_argument("--profile", default="docker-desktop", choices=sorted(PROFILES))
    reset.add_argument(
        "--think-time", type=float, default=10.0, help="simulated seconds before each command (default 10)"
    )
    advance_ = commands.add_parser("advance", help="let simulated time pass, e.g. 30s, 2m, 1h")
    advance_.add_argument("duration")
    commands.add_parser("status", help="show the cluster's profile, seed and simulated time")
    path = commands.add_parser("path", help="the path of a curl or wget request, hop by hop, and the node's rules")
    path.add_argument("request", nargs="?", default="last", help="last (default), a request's number, or list")


def new_cluster(args: argparse.Namespace) -> Cluster:
    """The cluster ``reset`` asks for."""
    return Cluster(seed=args.seed, profile=args.profile, think_time=args.think_time)


def advance(cluster: Cluster, duration: str) -> str:
    """Let ``duration`` of simulated time pass; the sentence to print (a bad duration raises ValueError)."""
    cluster.advance(duration)
    return f"Simulated time is now {cluster.clock.timestamp()}."


def status(cluster: Cluster) -> str:
    return (
        f"profile: {cluster.profile.name}\nseed: {cluster.seed}\nsimulated time: {cluster.clock.timestamp()}\n"
        f"think time per command: {cluster.think_time:g}s"
    )


def chosen_request(cluster: Cluster, which: str = "last") -> RequestTrace:
    """The kept request ``which`` names (``last`` or its number); ValueError with the sentence to print if none."""
    traces = request_traces(cluster)
    if not traces:
        raise ValueError("no request yet: run curl or wget (in a Pod, or on your computer) first")
    if which == "last":
        return traces[-1]
    found = next((t for t in traces if str(t.number) == which), None)
    if found is None:
        kept = f"#{traces[0].number} to #{traces[-1].number}"
        raise ValueError(f"no request {which!r} is kept (the last {len(traces)} are: {kept}); try: path list")
    return found


def request_list(cluster: Cluster) -> str:
    """The kept requests, one line each, oldest first."""
    lines = [request_summary(t, cluster.dns_ip, cluster.profile.proxy_mode) for t in request_traces(cluster)]
    return "\n".join(lines) if lines else "no request yet: run curl or wget (in a Pod, or on your computer) first"
