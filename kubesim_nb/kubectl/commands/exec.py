"""Commands that reach into Pods: ``exec``, ``run -it``, ``port-forward``, ``logs``.

They hand lines to the data plane's shell (``network.shell.PodShell``). With a
terminal (``-t``) the transcript shows the prompt and each command, as a
terminal would; without one only the output appears, as when a script pipes
commands into ``kubectl exec -i``.
"""

from __future__ import annotations

import shlex
from typing import Iterator

from ...api.core import Pod, Service
from ...errors import ApiError, UsageError
from ..base import Invocation
from ..flags import Flag
from ..resources import parse_resource_args

EXEC_FLAGS = [Flag("stdin", "i", "bool", False), Flag("tty", "t", "bool", False), Flag("container", "c"), Flag("quiet", "q", "bool", False),
              Flag("filename", "f", "list"), Flag("pod-running-timeout")]
PORT_FORWARD_FLAGS = [Flag("address", None, "list"), Flag("pod-running-timeout")]
LOGS_FLAGS = [Flag("container", "c"), Flag("follow", "f", "bool", False), Flag("previous", "p", "bool", False), Flag("tail", None, "int", -1),
              Flag("timestamps", None, "bool", False), Flag("selector", "l"), Flag("all-containers", None, "bool", False), Flag("since")]

EXEC_HELP = """Execute a command in a container.

Examples:
  # Run 'nslookup web-service' in pod test-pod
  kubectl exec test-pod -- nslookup web-service

  # Open a shell (in a notebook, put the shell lines in a %%kubectl cell)
  kubectl exec -it test-pod -- sh

Options:
    -c, --container='': Container name.
    -i, --stdin=false: Pass stdin to the container
    -t, --tty=false: Stdin is a TTY

Usage:
  kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...] [options]
"""

PORT_FORWARD_HELP = """Forward one or more local ports to a pod.

 Use resource type/name such as deployment/mydeployment to select a pod. If there are multiple pods matching the
criteria, a pod will be selected automatically. The forwarding session ends when the selected pod terminates.
In the simulator the forward keeps running in the background: use the host shell (kubesim host curl ...) to reach it.

Examples:
  # Listen on port 8080 locally, forwarding to port 80 of the service's pod
  kubectl port-forward svc/web-service 8080:80

Usage:
  kubectl port-forward TYPE/NAME [options] [LOCAL_PORT:]REMOTE_PORT [...[LOCAL_PORT_N:]REMOTE_PORT_N]
"""

LOGS_HELP = """Print the logs for a container in a pod.

Examples:
  kubectl logs web-deployment-7d4b9c6f5-x2kqz

Usage:
  kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [options]
"""

ATTACH_HINT = "If you don't see a command prompt, try pressing enter."


def _pod_by_ref(inv: Invocation, ref: str) -> Pod:
    """``POD`` or ``TYPE/NAME``: a Deployment or Service resolves to one of its Pods, as kubectl does."""
    if "/" not in ref:
        return inv.cluster.api.get(Pod, inv.namespace, ref)
    requests, _ = parse_resource_args([ref])
    kind, name = requests[0].kind, requests[0].names[0]
    obj = inv.cluster.api.get(kind, inv.namespace, name)
    if isinstance(obj, Pod):
        return obj
    from ...api.labels import label_selector_as_selector, selector_from_map

    selector = selector_from_map(obj.spec.selector or {}) if isinstance(obj, Service) else label_selector_as_selector(obj.spec.selector)
    pods = [p for p in inv.cluster.store.list(Pod, inv.namespace, selector) if p.status.phase == "Running" and not p.metadata.deletion_timestamp]
    if not pods:
        raise UsageError(f"no pods found for {ref}" if not isinstance(obj, Service) else f"service {inv.namespace}/{name} does not have any active Pod")
    return sorted(pods, key=lambda p: (not p.is_ready(), p.metadata.creation_timestamp or "", p.name))[0]


def _container(pod: Pod, wanted: str | None):
    containers = pod.spec.containers or []
    if wanted:
        for container in containers:
            if container.name == wanted:
                return container
        raise UsageError(f'container {wanted} is not valid for pod {pod.name}')
    return containers[0]


def _check_running(pod: Pod, container_name: str) -> None:
    phase = pod.status.phase
    if phase in ("Succeeded", "Failed"):
        raise UsageError(f"cannot exec into a container in a completed pod; current phase is {phase}")
    statuses = {s.name: s for s in pod.status.container_statuses or []}
    status = statuses.get(container_name)
    if status is None or status.state is None or status.state.running is None:
        raise UsageError(f'unable to upgrade connection: container not found ("{container_name}")')


def _lines(inv: Invocation, lines: list[str] | None, shell) -> "Iterator[str]":
    """Lines given up front, or read one at a time from a terminal."""
    if lines is not None:
        yield from lines
        return
    while True:
        line = inv.read_line(shell.prompt)
        if line is None:
            return
        yield line


def _session(inv: Invocation, pod: Pod, lines: list[str] | None, tty: bool) -> tuple[int, bool]:
    """Run lines in the Pod's shell; returns (last exit code, whether the shell exited).

    ``lines=None`` reads them from the terminal (``inv.read_line``), which echoes them itself.
    """
    from ...network.shell import PodShell

    shell = PodShell(inv.cluster, pod.namespace, pod.name)
    code = 0
    echo = tty and lines is not None
    for line in _lines(inv, lines, shell):
        if echo:
            inv.out.out(f"{shell.prompt}{line}")
        result = shell.run_line(line)
        if result.stdout:
            inv.out.out(result.stdout)
        if result.stderr:
            inv.out.err(result.stderr)
        code = result.exit_code
        if result.exited:
            return code, True
    if echo:
        inv.out.out(shell.prompt.rstrip())
    return code, False


def _stdin_lines(inv: Invocation) -> list[str] | None:
    if inv.read_line is not None and inv.flag("tty"):
        return None  # interactive: read from the terminal
    return [] if inv.stdin is None else inv.stdin.splitlines()


def run_exec(inv: Invocation) -> int:
    if not inv.args.positional:
        raise UsageError("pod, type/name or --filename must be specified")
    if not inv.args.rest:
        raise UsageError("you must specify at least one command for the container")
    pod = _pod_by_ref(inv, inv.args.positional[0])
    container = _container(pod, inv.flag("container"))
    _check_running(pod, container.name)
    command = shlex.join(inv.args.rest)
    is_shell = inv.args.rest[0].rsplit("/", 1)[-1] in ("sh", "ash", "bash") and len(inv.args.rest) == 1
    if is_shell:
        if not inv.flag("stdin"):
            return 0  # a shell with no stdin reads end-of-file and exits at once
        code, _ = _session(inv, pod, _stdin_lines(inv), bool(inv.flag("tty")))
    else:
        code, _ = _session(inv, pod, [command], False)
    if code:
        inv.out.err(f"command terminated with exit code {code}")
    return code


def _started(current: Pod) -> bool:
    """The container has run (it may already have finished, like a one-shot ``wget``)."""
    return any(s.state and (s.state.running or s.state.terminated) or s.last_state for s in current.status.container_statuses or [])


def _wait_running(inv: Invocation, pod: Pod) -> Pod:
    """What kubectl run -i does before attaching: wait for the container to start."""
    for _ in range(300):
        current = inv.cluster.store.get(Pod, pod.namespace, pod.name)
        if current is None:
            raise UsageError(f'pods "{pod.name}" not found')
        if current.status.phase in ("Succeeded", "Failed") or _started(current):
            return current
        waiting = [s.state.waiting.reason for s in current.status.container_statuses or [] if s.state and s.state.waiting]
        if any(reason in ("ErrImagePull", "ImagePullBackOff", "InvalidImageName") for reason in waiting):
            raise UsageError("timed out waiting for the condition")
        inv.cluster.advance(1)
    raise UsageError("timed out waiting for the condition")


def run_attached(inv: Invocation, pod: Pod) -> int:
    api = inv.cluster.api
    created = api.create(pod)
    tty = bool(inv.flag("tty"))
    running = _wait_running(inv, created)
    code = 0
    if _started(running):
        if tty or inv.flag("stdin"):
            inv.out.err(ATTACH_HINT) if tty else None
        args = inv.args.rest
        is_shell = not args or (args[0].rsplit("/", 1)[-1] in ("sh", "ash", "bash") and len(args) == 1)
        if is_shell:
            code, _ = _session(inv, running, _stdin_lines(inv), tty)
        else:
            code, _ = _session(inv, running, [shlex.join(args)], False)
    if inv.flag("rm"):
        api.delete(Pod, created.namespace, created.name, grace_period=0)
        inv.out.out(f'pod "{created.name}" deleted from {created.namespace} namespace')
    elif tty:
        inv.out.out(f"Session ended, resume using 'kubectl attach {created.name} -c {created.name} -i -t' command when the pod is running")
    if code and not inv.flag("rm"):
        inv.out.err(f"pod {created.namespace}/{created.name} terminated (Error)")
    return code


def run_port_forward(inv: Invocation) -> int:
    from ...network.portforward import port_forward

    if len(inv.args.positional) < 2:
        raise UsageError("TYPE/NAME and list of ports are required for port-forward", hint="See 'kubectl port-forward -h' for help and examples")
    ref, specs = inv.args.positional[0], inv.args.positional[1:]
    target = ref if "/" in ref else f"pod/{ref}"
    for spec in specs:
        local_text, _, remote_text = spec.rpartition(":") if ":" in spec else (spec, "", spec)
        try:
            remote = int(remote_text)
            local = int(local_text) if local_text else None
        except ValueError:
            raise UsageError(f"Error parsing local port '{local_text}': strconv.ParseUint: parsing \"{local_text}\": invalid syntax") from None
        inv.out.out(port_forward(inv.cluster, target, local, remote, namespace=inv.namespace).banner())
    return 0


def run_logs(inv: Invocation) -> int:
    from ...network.logs import container_logs

    if not inv.args.positional:
        raise UsageError("expected POD or TYPE/NAME is a required argument for the logs command",
                         hint="See 'kubectl logs -h' for help and examples")
    pod = _pod_by_ref(inv, inv.args.positional[0])
    container = _container(pod, inv.flag("container"))
    if len(pod.spec.containers or []) > 1 and not inv.flag("container"):
        inv.out.err(f"Defaulted container \"{container.name}\" out of: {', '.join(c.name for c in pod.spec.containers)}")
    statuses = {s.name: s for s in pod.status.container_statuses or []}
    status = statuses.get(container.name)
    if status is None or (status.state and status.state.waiting and not status.last_state):
        reason = status.state.waiting.reason if status and status.state and status.state.waiting else "ContainerCreating"
        raise ApiError.bad_request(f'container "{container.name}" in pod "{pod.name}" is waiting to start: {reason.lower() if reason == "ContainerCreating" else reason}'
                                   if reason != "ContainerCreating" else f'container "{container.name}" in pod "{pod.name}" is waiting to start: ContainerCreating')
    lines = container_logs(inv.cluster, pod, container, previous=bool(inv.flag("previous")))
    if inv.flag("tail") is not None and inv.flag("tail") >= 0:
        lines = lines[-inv.flag("tail"):] if inv.flag("tail") else []
    if lines:
        inv.out.out("\n".join(lines))
    return 0
