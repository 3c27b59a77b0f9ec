"""``kubectl attach``: join the main process of a running container (``pkg/cmd/attach/attach.go``).

A container that keeps its stdin open (``stdin: true``) runs a shell as its main process: ``attach -i`` feeds
it the lines of stdin through the same session as ``exec`` (:func:`kubesim_nb.kubectl.pods.run_in_pod`). Any
other container's output is its log, which the simulated programs only write as they start: attaching shows
no more of it, and returns, where the real kubectl would wait for more until interrupted.
"""

from __future__ import annotations

from ...errors import UsageError
from ..base import Command, Invocation
from ..flags import Flag, go_list
from ..flagsets import CONTAINER_FLAG, pod_running_timeout_flag
from ..pods import container_program, find_or_default_container, pod_for_ref, run_in_pod

__all__ = ["COMMAND"]

FLAGS = [
    CONTAINER_FLAG,
    Flag(
        "detach-keys",
        default="ctrl-p,ctrl-q",
        usage="Override the key sequence for detaching a container. Format is a single character [a-Z] or "
        "ctrl-<value> where <value> is one of: a-z, @, ^, [, , or _",
    ),
    pod_running_timeout_flag(60),
    Flag("quiet", short="q", kind="bool", usage="Only print output from the remote session"),
    Flag("stdin", short="i", kind="bool", usage="Pass stdin to the container"),
    Flag("tty", short="t", kind="bool", usage="Stdin is a TTY"),
]

HELP = """Attach to a process that is already running inside an existing container."""

EXAMPLES = """  # Get output from the running pod web-pod; use the first container by default
  kubectl attach web-pod

  # Send stdin to the shell of a container started with stdin: true
  kubectl attach console -i

  # Get output from the first pod of the web Deployment
  kubectl attach deployment/web-deployment"""

USAGE = "kubectl attach (POD | TYPE/NAME) -c CONTAINER [options]"

RECORDED = (
    "All commands and output from this session will be recorded in container logs, including credentials and "
    "sensitive information passed through the command prompt."
)
PROMPT_HINT = "If you don't see a command prompt, try pressing enter."


def run(inv: Invocation) -> int:
    args = inv.args.positional
    if inv.flag("pod-running-timeout") <= 0:
        raise inv.usage_error("--pod-running-timeout must be higher than zero")
    if not args:
        raise UsageError("at least 1 argument is required for attach")
    if len(args) > 2:
        raise UsageError(
            f"expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw {len(args)}: {go_list(args)}"
        )
    pod = pod_for_ref(inv, "/".join(args))
    if pod.status.phase in ("Succeeded", "Failed"):
        raise UsageError(f"cannot attach a container in a completed pod; current phase is {pod.status.phase}")
    quiet = inv.flag("quiet")
    try:
        container = find_or_default_container(inv, pod, inv.flag("container"))
    except UsageError as err:
        raise UsageError(f"cannot attach to the container: {err.message}") from None
    tty = bool(container.tty)
    if inv.flag("tty") and not container.tty and not quiet:
        inv.out.err(f"error: Unable to use a TTY - container {container.name} did not allocate one")
    if not quiet:
        inv.out.err(RECORDED)
        inv.out.err(PROMPT_HINT)
    if inv.flag("stdin") and container.stdin:
        code = run_in_pod(inv, pod, container.name, list(container_program(container)), tty)
        if container.stdin_once:  # the session was the process's stdin, closed now: the process has ended
            inv.cluster.main_process_exited(pod, container, code)
        return code
    return 0


COMMAND = Command(
    "attach",
    "Attach to a running container",
    HELP,
    FLAGS,
    run,
    examples=EXAMPLES,
    usage=USAGE,
)
