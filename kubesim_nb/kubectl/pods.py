"""Reaching into a Pod, for ``exec``, ``logs`` and ``run -it``: which Pod and container a command
means, and a session with the Pod's shell.

``POD`` or ``TYPE/NAME`` resolve as ``polymorphichelpers.AttachablePodForObjectFn`` does, the
container as ``pkg/cmd/util/podcmd`` does. A session hands lines to the data plane's shell
(``network.shell.PodShell``), as the exec/attach streams do: with a terminal (``-t``) the
transcript shows the prompt and each command, as a terminal would; without one only the output
appears, as when a script pipes commands into ``kubectl exec -i``.
"""

from __future__ import annotations

from typing import Iterator

from ..api.core import Container, Pod, Service
from ..api.labels import label_selector_as_selector, selector_from_map
from ..clock import parse_time
from ..errors import UsageError
from ..images import command_line, lookup
from ..network.exec_refusal import RUNC_EXIT_CODE, ExecRefused
from ..network.shell import PodShell, exec_command
from .base import Invocation
from .builder import named_object

__all__ = [
    "all_container_names",
    "container_program",
    "find_or_default_container",
    "pod_for_ref",
    "pod_to_log",
    "pods_for_ref",
    "run_in_pod",
]

SHELLS = ("sh", "ash", "bash")


def pods_for_ref(inv: Invocation, ref: str) -> list[Pod]:
    """``POD`` or ``TYPE/NAME``: the Pod, or the running Pods of a Deployment, ReplicaSet or Service."""
    return _running_pods(inv, ref)[0]


def pod_for_ref(inv: Invocation, ref: str) -> Pod:
    """``POD`` or ``TYPE/NAME`` for ``exec``: a Deployment or Service resolves to its most active Pod
    (``polymorphichelpers.AttachablePodForObjectFn``: ``sort.Reverse(podutils.ActivePods)``)."""
    return sorted(_running_pods(inv, ref)[0], key=_most_active_first)[0]


def pod_to_log(inv: Invocation, ref: str) -> Pod:
    """``POD`` or ``TYPE/NAME`` for ``logs``: the first Pod in ``podutils.ByLogging`` order, named on stderr
    when the selector lists several (``polymorphichelpers.logsForObjectWithClient``)."""
    pods, selected = _running_pods(inv, ref)
    chosen = sorted(pods, key=_logging_order)[0]
    if selected > 1:  # GetFirstPod counts every Pod the selector lists
        inv.out.err(f"Found {selected} pods, using pod/{chosen.name}")
    return chosen


def _ready_since(pod: Pod) -> tuple[bool, str]:
    """When the Pod became ready; a Pod ready since an unknown time sorts as the latest."""
    for condition in pod.status.conditions or []:
        if condition.type == "Ready" and condition.status == "True":
            return not condition.last_transition_time, condition.last_transition_time or ""
    return True, ""


def _restarts(pod: Pod) -> int:
    return max((s.restart_count or 0 for s in pod.status.container_statuses or []), default=0)


def _created(pod: Pod) -> tuple[bool, str]:
    return not pod.metadata.creation_timestamp, pod.metadata.creation_timestamp or ""


def _most_active_first(pod: Pod) -> tuple:
    """``sort.Reverse(podutils.ActivePods)`` as a key (Python's sort is stable, as Go's insertion sort of a
    short list): assigned, running, ready, not being deleted (else the latest deletion first), ready longest,
    fewest restarts, oldest."""
    phase = {"Unknown": 1, "Running": 2}.get(pod.status.phase or "", 0)
    ready = pod.is_ready()
    deleting = pod.metadata.deletion_timestamp
    latest_deletion_first = -parse_time(deleting).timestamp() if deleting else 0.0
    since = _ready_since(pod) if ready else (False, "")
    return (
        not pod.spec.node_name,
        -phase,
        not ready,
        bool(deleting),
        latest_deletion_first,
        since,
        _restarts(pod),
        _created(pod),
    )


def _logging_order(pod: Pod) -> tuple:
    """``podutils.ByLogging`` as a key: assigned, running, ready, ready longest, most restarts, oldest."""
    phase = {"Unknown": 1, "Pending": 2}.get(pod.status.phase or "", 0)
    ready = pod.is_ready()
    since = _ready_since(pod) if ready else (False, "")
    return (not pod.spec.node_name, phase, not ready, since, -_restarts(pod), _created(pod))


def _running_pods(inv: Invocation, ref: str) -> tuple[list[Pod], int]:
    """The running Pods ``ref`` means, and how many Pods its selector lists (running or not)."""
    if "/" not in ref:
        return [inv.cluster.api.get(Pod, inv.namespace, ref)], 1
    kind, name = named_object([ref])
    obj = inv.cluster.api.get(kind, inv.namespace, name)
    if isinstance(obj, Pod):
        return [obj], 1
    if isinstance(obj, Service):
        selector = selector_from_map(obj.spec.selector or {})
    else:
        selector = label_selector_as_selector(obj.spec.selector)
    selected = inv.cluster.api.list(Pod, inv.namespace, selector)
    pods = [p for p in selected if p.status.phase == "Running" and not p.metadata.deletion_timestamp]
    if not pods:
        raise UsageError(
            f"service {inv.namespace}/{name} does not have any active Pod"
            if isinstance(obj, Service)
            else f"no pods found for {ref}"
        )
    return pods, len(selected)


DEFAULT_CONTAINER_ANNOTATION = "kubectl.kubernetes.io/default-container"


def container_program(container: Container) -> tuple[str, ...]:
    """What the container runs (its command and args over the image's ENTRYPOINT and CMD); a shell when the
    image is unknown or names nothing."""
    image = lookup(container.image or "")
    argv = command_line(image, container.command, container.args) if image is not None else []
    return tuple(argv) or ("sh",)


def all_container_names(pod: Pod) -> str:
    """podcmd ``AllContainerNames``: the containers, then the init containers, marked so."""
    names = [c.name or "" for c in pod.spec.containers or []]
    return ", ".join(names + [f"{c.name} (init)" for c in pod.spec.init_containers or []])


def find_or_default_container(inv: Invocation, pod: Pod, wanted: str | None) -> Container:
    """podcmd ``FindOrDefaultContainerByName``: the container named (or by the Pod's default-container
    annotation), else the first, saying so when the Pod has others (unless the command's ``--quiet`` is set)."""
    name = wanted or (pod.metadata.annotations or {}).get(DEFAULT_CONTAINER_ANNOTATION)
    containers = pod.spec.containers or []
    if name:
        for container in [*containers, *(pod.spec.init_containers or [])]:
            if container.name == name:
                return container
        raise UsageError(f"container {name} is not valid for pod {pod.name} out of: {all_container_names(pod)}")
    if not inv.flag("quiet") and (len(containers) > 1 or pod.spec.init_containers):
        inv.out.err(f'Defaulted container "{containers[0].name}" out of: {all_container_names(pod)}')
    return containers[0]


def _lines(inv: Invocation, lines: list[str] | None, shell: PodShell) -> Iterator[str]:
    """Lines given up front, or read one at a time from a terminal."""
    if lines is not None:
        yield from lines
        return
    while True:
        line = inv.read_line(shell.prompt)
        if line is None:
            return
        yield line


def _session(inv: Invocation, shell: PodShell, lines: list[str] | None, tty: bool) -> int:
    """Run lines in the Pod's shell until they end or the shell exits; returns the last exit code.

    ``lines=None`` reads them from the terminal (``inv.read_line``), which echoes them itself.
    """
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
            return code
    if echo:
        inv.out.out(shell.prompt.rstrip())
    return code


def is_shell(argv: list[str]) -> bool:
    """The command is a shell by itself (``sh``, ``/bin/ash``): it reads its commands from stdin."""
    return len(argv) == 1 and argv[0].rsplit("/", 1)[-1] in SHELLS


def run_in_pod(inv: Invocation, pod: Pod, container: str, argv: list[str], tty: bool) -> int:
    """Run ``argv`` in the Pod's container, as the exec stream does: a shell reads the lines of stdin (or of the
    terminal with ``-it``), any other program runs once with all of stdin (``-i``); returns its exit code. A
    program the image does not have is refused as the container runtime refuses it."""
    try:
        if not is_shell(argv):
            stdin = inv.stdin or "" if inv.flag("stdin") else ""
            result = exec_command(inv.cluster, pod.namespace, pod.name, argv, container=container, tty=tty, stdin=stdin)
            inv.out.raw(result.stdout)
            inv.out.err(result.stderr)
            return result.exit_code
        shell = PodShell(inv.cluster, pod.namespace, pod.name, container=container, tty=tty, shell=argv[0])
        if inv.read_line is not None and tty:
            return _session(inv, shell, None, tty)  # interactive: read from the terminal
        return _session(inv, shell, [] if inv.stdin is None else inv.stdin.splitlines(), tty)
    except ExecRefused as refused:
        if not refused.relayed:
            raise
        inv.out.out(refused.runc_words)  # Docker relays runc's words as the program's output
        return RUNC_EXIT_CODE
