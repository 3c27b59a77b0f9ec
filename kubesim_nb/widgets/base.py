"""What every widget shares: the kubectl front door with a transcript, and the live diagram.

- :class:`Kubectl` runs commands through kubectl's front end (the same front
  door a learner types into, so changes flow through the API server and the
  controllers) and keeps a terminal-like transcript in an HTML widget — the
  learner sees the command each button stands for.
- :func:`start_pod` and :func:`wait_until_running` give a widget a Pod to work
  from the way a learner gets one (``kubectl run``, then a moment for it to
  start), whatever state the notebook left the cluster in.
- :class:`ShownFresh` makes a widget redraw from the cluster each time it is
  displayed, so showing it again in a later cell shows the cluster as it is.
- :class:`DiagramView` is a ``widgets.Image`` fed by one persistent
  :class:`~kubesim_nb.viz.service_map.ServiceMap` (the fastest redraw pattern
  measured by benchmarks/widget_latency.py).
"""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING, Sequence

import ipywidgets as widgets

from ..api.core import Pod
from ..kubectl import CommandResult, run_kubectl
from ..viz.service_map import ServiceMap
from ..viz.snapshot import Snapshot
from .html import command_log

if TYPE_CHECKING:  # pragma: no cover
    from ..kubectl.base import KubectlRuntime

__all__ = ["DiagramView", "Kubectl", "ShownFresh", "heading", "is_running", "start_pod", "wait_until_running"]

STARTUP_LIMIT = 120  # seconds of simulated time a widget waits for a Pod to start (an image pull takes a few)


class Kubectl:
    """``kubectl`` for a widget: runs a command, remembers it and its output for the transcript."""

    def __init__(self, cluster: "KubectlRuntime", limit: int = 12):
        self.cluster = cluster
        self.entries: list[tuple[str, str]] = []
        self.limit = limit
        self.view = widgets.HTML(command_log([]))
        self.view.add_class("kubesim-transcript")

    def __call__(self, argv: Sequence[str], stdin: str | None = None) -> CommandResult:
        result = run_kubectl(self.cluster, list(argv), stdin=stdin)
        self.record("kubectl " + shlex.join(argv), result.output)
        return result

    def record(self, command: str, output: str) -> None:
        """Add a line to the transcript (also used for shell commands run in a Pod)."""
        self.entries = (self.entries + [(command, output)])[-self.limit :]
        self.view.value = command_log(self.entries, self.limit)


def is_running(pod: Pod | None) -> bool:
    return pod is not None and pod.status is not None and pod.status.phase == "Running" and bool(pod.ip)


def wait_until_running(
    cluster: "KubectlRuntime", namespace: str, names: Sequence[str], limit: float = STARTUP_LIMIT
) -> int:
    """Let simulated time pass, a second at a time, until the named Pods run with an IP (as a learner
    waits before using them), at most ``limit`` seconds; the seconds waited."""
    waited = 0
    cluster.settle()
    while waited < limit and not all(is_running(cluster.api.find(Pod, namespace, n)) for n in names):
        cluster.advance(1)
        waited += 1
    return waited


def start_pod(kubectl: Kubectl, namespace: str, name: str, image: str = "alpine") -> None:
    """``kubectl run NAME --image=IMAGE -- sleep infinity`` unless the Pod exists, then wait for it to run
    (the transcript says how long).

    A Pod of that name still terminating (a ``kubectl run --rm`` of the notebook's, in its grace period) is
    waited out first, as a learner must: its containers are going, and its image may not be ``image``."""
    existing = kubectl.cluster.api.find(Pod, namespace, name)
    if existing is not None and existing.metadata.deletion_timestamp:
        kubectl(["wait", "--for=delete", f"pod/{name}", "-n", namespace, f"--timeout={STARTUP_LIMIT}s"])
        existing = None
    if existing is None:
        kubectl(["run", name, f"--image={image}", "-n", namespace, "--", "sleep", "infinity"])
    waited = wait_until_running(kubectl.cluster, namespace, [name])
    if waited:
        kubectl.record(f"# {waited} s pass while {name} starts", "")


class ShownFresh:
    """Mixed into a widget that has a ``refresh()``: each display first re-reads the cluster (the notebook
    may have changed it since the widget was made)."""

    def _repr_mimebundle_(self, **kwargs):
        self.refresh()
        return super()._repr_mimebundle_(**kwargs)


class DiagramView:
    """An image widget showing the Service map of the latest snapshot."""

    def __init__(self, columns: int | None = None):
        self.diagram = ServiceMap(columns)
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto"))
        self.image.add_class("kubesim-diagram")

    def show(self, snapshot: Snapshot) -> None:
        self.image.value = self.diagram.render(snapshot)


def heading(text: str) -> widgets.HTML:
    return widgets.HTML(f"<h4 style='margin:8px 0 4px 0'>{text}</h4>")
