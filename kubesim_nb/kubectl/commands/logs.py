"""``kubectl logs``: a container's log lines, as the kubelet keeps them (``pkg/cmd/logs/logs.go``)."""

from __future__ import annotations

from dataclasses import replace

from ...errors import ApiError
from ...network.logs import container_logs
from ..base import Command, Invocation
from ..flags import Flag
from ..flagsets import SELECTOR_FLAG, pod_running_timeout_flag
from ..pods import container_for, pod_for_ref

__all__ = ["COMMAND"]

FLAGS = [
    Flag(
        "all-containers",
        kind="bool",
        usage="Get all containers' logs in the pod(s).",
        implemented=False,
    ),
    Flag(
        "all-pods",
        kind="bool",
        usage="Get logs from all pod(s). Sets prefix to true.",
        implemented=False,
    ),
    Flag("container", short="c", usage="Print the logs of this container"),
    Flag("follow", short="f", kind="bool", usage="Specify if the logs should be streamed."),
    Flag(
        "ignore-errors",
        kind="bool",
        usage="If watching / following pod logs, allow for any errors that occur to be non-fatal",
        implemented=False,
    ),
    Flag(
        "insecure-skip-tls-verify-backend",
        kind="bool",
        usage="Skip verifying the identity of the kubelet that logs are requested from.  In theory, an attacker "
        "could provide invalid log content back. You might want to use this if your kubelet serving certificates "
        "have expired.",
    ),
    Flag(
        "limit-bytes",
        kind="int",
        usage="Maximum bytes of logs to return. Defaults to no limit.",
        implemented=False,
    ),
    Flag(
        "max-log-requests",
        kind="int",
        default=5,
        usage="Specify maximum number of concurrent logs to follow when using by a selector. Defaults to 5.",
        implemented=False,
    ),
    pod_running_timeout_flag(20),
    Flag(
        "prefix",
        kind="bool",
        usage="Prefix each log line with the log source (pod name and container name)",
        implemented=False,
    ),
    Flag(
        "previous",
        short="p",
        kind="bool",
        usage="If true, print the logs for the previous instance of the container in a pod if it exists.",
    ),
    replace(SELECTOR_FLAG, implemented=False),
    Flag(
        "since",
        kind="duration",
        usage="Only return logs newer than a relative duration like 5s, 2m, or 3h. Defaults to all logs. Only one "
        "of since-time / since may be used.",
        implemented=False,
    ),
    Flag(
        "since-time",
        usage="Only return logs after a specific date (RFC3339). Defaults to all logs. Only one of since-time / "
        "since may be used.",
        implemented=False,
    ),
    Flag(
        "tail",
        kind="int",
        default=-1,
        usage="Lines of recent log file to display. Defaults to -1 with no selector, showing all log lines "
        "otherwise 10, if a selector is provided.",
    ),
    Flag(
        "timestamps",
        kind="bool",
        usage="Include timestamps on each line in the log output",
        implemented=False,
    ),
]

HELP = """Print the logs for a container in a pod."""

EXAMPLES = """  kubectl logs web-deployment-7d4b9c6f5-x2kqz"""

USAGE = "kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [options]"


def run(inv: Invocation) -> int:
    if not inv.args.positional:
        raise inv.usage_error(
            "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"
            "POD or TYPE/NAME is a required argument for the logs command"
        )
    pod = pod_for_ref(inv, inv.args.positional[0])
    container = container_for(pod, inv.flag("container"))
    if len(pod.spec.containers or []) > 1 and not inv.flag("container"):
        names = ", ".join(c.name for c in pod.spec.containers)
        inv.out.err(f'Defaulted container "{container.name}" out of: {names}')
    statuses = {s.name: s for s in pod.status.container_statuses or []}
    status = statuses.get(container.name)
    if status is None or (status.state and status.state.waiting and not status.last_state):
        waiting = status.state.waiting if status and status.state else None
        reason = waiting.reason if waiting else "ContainerCreating"
        raise ApiError.bad_request(f'container "{container.name}" in pod "{pod.name}" is waiting to start: {reason}')
    lines = container_logs(inv.cluster, pod, container, previous=bool(inv.flag("previous")))
    if inv.flag("tail") is not None and inv.flag("tail") >= 0:
        lines = lines[-inv.flag("tail") :] if inv.flag("tail") else []
    if lines:
        inv.out.out("\n".join(lines))
    return 0


COMMAND = Command("logs", "Print the logs for a container in a pod", HELP, FLAGS, run, examples=EXAMPLES, usage=USAGE)
