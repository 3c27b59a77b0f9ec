"""``kubectl logs``: a container's log lines, as the kubelet keeps them (``pkg/cmd/logs/logs.go``)."""

from __future__ import annotations

from ...api.core import Container, Pod
from ...errors import UsageError
from ...network.logs import readable_logs
from ..base import Command, Invocation
from ..builder import selector_from_flag
from ..flags import Flag
from ..flagsets import SELECTOR_FLAG, pod_running_timeout_flag
from ..pods import find_or_default_container, pod_to_log, pods_for_ref

__all__ = ["COMMAND"]

FLAGS = [
    Flag(
        "all-containers",
        kind="bool",
        usage="Get all containers' logs in the pod(s).",
    ),
    Flag(
        "all-pods",
        kind="bool",
        usage="Get logs from all pod(s). Sets prefix to true.",
    ),
    Flag("container", short="c", usage="Print the logs of this container"),
    Flag("follow", short="f", kind="bool", usage="Specify if the logs should be streamed."),
    Flag(
        "ignore-errors",
        kind="bool",
        usage="If watching / following pod logs, allow for any errors that occur to be non-fatal",
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
    ),
    Flag(
        "max-log-requests",
        kind="int",
        default=5,
        usage="Specify maximum number of concurrent logs to follow when using by a selector. Defaults to 5.",
    ),
    pod_running_timeout_flag(20),
    Flag(
        "prefix",
        kind="bool",
        usage="Prefix each log line with the log source (pod name and container name)",
    ),
    Flag(
        "previous",
        short="p",
        kind="bool",
        usage="If true, print the logs for the previous instance of the container in a pod if it exists.",
    ),
    SELECTOR_FLAG,
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


LOGS_USAGE = (
    "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"
    "POD or TYPE/NAME is a required argument for the logs command"
)


def _pods(inv: Invocation) -> list[Pod]:
    """logs.go ``Complete``: the Pods a ``POD``/``TYPE/NAME`` argument or ``-l`` means."""
    args, selector = inv.args.positional, inv.flag("selector")
    if (not args and not selector) or len(args) > 2:
        raise inv.usage_error(LOGS_USAGE)
    if args and selector:
        raise inv.usage_error("only a selector (-l) or a POD name is allowed")
    if args:
        return pods_for_ref(inv, args[0]) if inv.flag("all-pods") else [pod_to_log(inv, args[0])]
    pods = inv.cluster.api.list(Pod, inv.namespace, selector_from_flag(Pod, selector))
    if not pods:
        inv.out.err(f"No resources found in {inv.namespace} namespace.")
    return pods


def _validate(inv: Invocation, container: str | None) -> None:
    """logs.go ``Validate`` (the checks of flags kubesim implements)."""
    if inv.flag("all-containers") and container:
        raise UsageError(f"--all-containers=true should not be specified with container name {container}")
    if "container" in inv.args.given and len(inv.args.positional) == 2:
        raise UsageError("only one of -c or an inline [CONTAINER] arg is allowed")
    if inv.flag("limit-bytes") < 0:
        raise UsageError("--limit-bytes must be greater than 0")
    if inv.flag("tail") < -1:
        raise UsageError("--tail must be greater than or equal to -1")


def _containers(inv: Invocation, pod: Pod, wanted: str | None) -> list[Container]:
    """The container asked for, or all with ``--all-containers``, or the default one (saying so)."""
    if inv.flag("all-containers"):
        return [*(pod.spec.init_containers or []), *(pod.spec.containers or [])]
    return [find_or_default_container(inv, pod, wanted)]


def _log_lines(inv: Invocation, pod: Pod, container: Container, tail: int) -> list[str]:
    lines = readable_logs(inv.cluster, pod, container, previous=bool(inv.flag("previous")))
    if tail >= 0:
        lines = lines[-tail:] if tail else []
    prefix = f"[pod/{pod.name}/{container.name}] " if inv.flag("prefix") or inv.flag("all-pods") else ""
    return [prefix + line for line in lines]


def run(inv: Invocation) -> int:
    pods = _pods(inv)
    wanted = inv.args.positional[1] if len(inv.args.positional) == 2 else inv.flag("container")
    _validate(inv, wanted)
    # a selector shows the last 10 lines of each Pod unless --tail says otherwise
    tail = inv.flag("tail") if "tail" in inv.args.given or not inv.flag("selector") else 10
    streams = [(pod, container) for pod in pods for container in _containers(inv, pod, wanted)]
    if inv.flag("follow") and len(streams) > inv.flag("max-log-requests"):
        raise UsageError(
            f"you are attempting to follow {len(streams)} log streams, but maximum allowed concurrency is "
            f"{inv.flag('max-log-requests')}, use --max-log-requests to increase the limit"
        )
    for pod, container in streams:
        text = "".join(line + "\n" for line in _log_lines(inv, pod, container, tail))
        limit = inv.flag("limit-bytes")
        inv.out.raw(text.encode()[:limit].decode(errors="ignore") if limit else text)
    return 0


COMMAND = Command("logs", "Print the logs for a container in a pod", HELP, FLAGS, run, examples=EXAMPLES, usage=USAGE)
