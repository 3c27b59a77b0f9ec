"""Reaching into a Pod, for ``exec``, ``logs`` and ``run -it``: which Pod and container a command
means, and a session with the Pod's shell.

``POD`` or ``TYPE/NAME`` resolve as ``polymorphichelpers.AttachablePodForObjectFn`` does, the
container as ``pkg/cmd/util/podcmd`` does. A session hands lines to the data plane's shell
(``network.shell.PodShell``), as the exec/attach streams do: with a terminal (``-t``) the
transcript shows the prompt and each command, as a terminal would; without one only the output
appears, as when a script pipes commands into ``kubectl exec -i``.
"""

from __future__ import annotations

import shlex
from typing import Iterator

from ..api.core import Container, Pod, Service
from ..api.labels import label_selector_as_selector, selector_from_map
from ..errors import UsageError
from ..network.shell import PodShell
from .base import Invocation
from .builder import named_object

__all__ = ["container_for", "pod_for_ref", "pods_for_ref", "run_in_pod"]

SHELLS = ("sh", "ash", "bash")


def pods_for_ref(inv: Invocation, ref: str) -> list[Pod]:
    """``POD`` or ``TYPE/NAME``: the Pod, or the running Pods of a Deployment, ReplicaSet or Service."""
    if "/" not in ref:
        return [inv.cluster.api.get(Pod, inv.namespace, ref)]
    kind, name = named_object([ref])
    obj = inv.cluster.api.get(kind, inv.namespace, name)
    if isinstance(obj, Pod):
        return [obj]
    if isinstance(obj, Service):
        selector = selector_from_map(obj.spec.selector or {})
    else:
        selector = label_selector_as_selector(obj.spec.selector)
    pods = [
        p
        for p in inv.cluster.api.list(Pod, inv.namespace, selector)
        if p.status.phase == "Running" and not p.metadata.deletion_timestamp
    ]
    if not pods:
        raise UsageError(
            f"service {inv.namespace}/{name} does not have any active Pod"
            if isinstance(obj, Service)
            else f"no pods found for {ref}"
        )
    return pods


def pod_for_ref(inv: Invocation, ref: str) -> Pod:
    """``POD`` or ``TYPE/NAME``: a Deployment or Service resolves to one of its Pods, as kubectl does."""
    return sorted(
        pods_for_ref(inv, ref), key=lambda p: (not p.is_ready(), p.metadata.creation_timestamp or "", p.name)
    )[0]


def container_for(pod: Pod, wanted: str | None) -> Container:
    """The container ``-c`` names, else the Pod's first."""
    containers = pod.spec.containers or []
    if wanted:
        for container in containers:
            if container.name == wanted:
                return container
        raise UsageError(f"container {wanted} is not valid for pod {pod.name}")
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


def _session(inv: Invocation, pod: Pod, lines: list[str] | None, tty: bool) -> int:
    """Run lines in the Pod's shell until they end or the shell exits; returns the last exit code.

    ``lines=None`` reads them from the terminal (``inv.read_line``), which echoes them itself.
    """
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
            return code
    if echo:
        inv.out.out(shell.prompt.rstrip())
    return code


def is_shell(argv: list[str]) -> bool:
    """The command is a shell by itself (``sh``, ``/bin/ash``): it reads its commands from stdin."""
    return len(argv) == 1 and argv[0].rsplit("/", 1)[-1] in SHELLS


def run_in_pod(inv: Invocation, pod: Pod, argv: list[str], tty: bool) -> int:
    """Run ``argv`` in the Pod: a shell reads the lines of stdin (or of the terminal with ``-it``),
    any other command runs once; returns its exit code."""
    if not is_shell(argv):
        return _session(inv, pod, [shlex.join(argv)], False)
    if inv.read_line is not None and inv.flag("tty"):
        return _session(inv, pod, None, tty)  # interactive: read from the terminal
    return _session(inv, pod, [] if inv.stdin is None else inv.stdin.splitlines(), tty)
