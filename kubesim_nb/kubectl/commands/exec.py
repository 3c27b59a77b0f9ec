"""``kubectl exec``: run a command, or a shell fed from stdin, in a Pod's container (``pkg/cmd/exec/exec.go``)."""

from __future__ import annotations

from ...api.core import Pod
from ...errors import UsageError
from ...network.exec_refusal import ExecProblem, ExecRefused
from ..base import Command, Invocation
from ..flags import Flag
from ..flagsets import CONTAINER_FLAG, pod_running_timeout_flag
from ..pods import find_or_default_container, is_shell, pod_for_ref, run_in_pod

__all__ = ["COMMAND"]

FLAGS = [
    CONTAINER_FLAG,
    Flag("filename", short="f", kind="list", usage="to use to exec into the resource", implemented=False),
    pod_running_timeout_flag(60),
    Flag("quiet", short="q", kind="bool", usage="Only print output from the remote session"),
    Flag("stdin", short="i", kind="bool", usage="Pass stdin to the container"),
    Flag("tty", short="t", kind="bool", usage="Stdin is a TTY"),
]

HELP = """Execute a command in a container."""

EXAMPLES = """  # Run 'nslookup web-service' in pod test-pod
  kubectl exec test-pod -- nslookup web-service

  # Open a shell (in a notebook, put the shell lines in a %%kubectl cell)
  kubectl exec -it test-pod -- sh"""

USAGE = "kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...] [options]"


def _check_running(pod: Pod, container_name: str) -> None:
    """kubectl's own check of the phase, then the kubelet's refusal of a container that does not run."""
    phase = pod.status.phase
    if phase in ("Succeeded", "Failed"):
        raise ExecRefused(ExecProblem.POD_COMPLETED, phase=phase)
    statuses = {s.name: s for s in pod.status.container_statuses or []}
    status = statuses.get(container_name)
    if status is None or status.state is None or status.state.running is None:
        raise ExecRefused(ExecProblem.CONTAINER_NOT_RUNNING, container=container_name)


def run(inv: Invocation) -> int:
    if not inv.args.positional:
        raise UsageError("pod, type/name or --filename must be specified")
    if not inv.args.rest:
        raise UsageError("you must specify at least one command for the container")
    pod = pod_for_ref(inv, inv.args.positional[0])
    container = find_or_default_container(inv, pod, inv.flag("container"))
    _check_running(pod, container.name)
    if is_shell(inv.args.rest) and not inv.flag("stdin"):
        return 0  # a shell with no stdin reads end-of-file and exits at once
    tty = bool(inv.flag("tty") and inv.flag("stdin"))  # StreamOptions.SetupTTY: no terminal without stdin
    code = run_in_pod(inv, pod, container.name, inv.args.rest, tty)
    if code:
        inv.out.err(f"command terminated with exit code {code}")
    return code


COMMAND = Command("exec", "Execute a command in a container", HELP, FLAGS, run, examples=EXAMPLES, usage=USAGE)
