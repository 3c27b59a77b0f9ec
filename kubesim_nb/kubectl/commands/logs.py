"""``kubectl logs``: a container's log lines, as the kubelet keeps them (``pkg/cmd/logs/logs.go``)."""

from __future__ import annotations

from ...errors import UsageError
from ...network.logs import readable_logs
from ..base import Command, Invocation
from ..flags import Flag
from ..pods import container_for, pod_for_ref

__all__ = ["COMMAND"]

FLAGS = [
    Flag("container", "c"),
    Flag("follow", "f", "bool", False),
    Flag("previous", "p", "bool", False),
    Flag("tail", None, "int", -1),
    Flag("timestamps", None, "bool", False),
    Flag("selector", "l"),
    Flag("all-containers", None, "bool", False),
    Flag("since"),
]

HELP = """Print the logs for a container in a pod.

Examples:
  kubectl logs web-deployment-7d4b9c6f5-x2kqz

Usage:
  kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [options]
"""


def run(inv: Invocation) -> int:
    if not inv.args.positional:
        raise UsageError(
            "expected POD or TYPE/NAME is a required argument for the logs command",
            hint="See 'kubectl logs -h' for help and examples",
        )
    pod = pod_for_ref(inv, inv.args.positional[0])
    container = container_for(pod, inv.flag("container"))
    if len(pod.spec.containers or []) > 1 and not inv.flag("container"):
        names = ", ".join(c.name for c in pod.spec.containers)
        inv.out.err(f'Defaulted container "{container.name}" out of: {names}')
    lines = readable_logs(inv.cluster, pod, container, previous=bool(inv.flag("previous")))
    if inv.flag("tail") is not None and inv.flag("tail") >= 0:
        lines = lines[-inv.flag("tail") :] if inv.flag("tail") else []
    if lines:
        inv.out.out("\n".join(lines))
    return 0


COMMAND = Command("logs", "Print the logs for a container in a pod", HELP, FLAGS, run)
