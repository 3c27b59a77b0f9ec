"""What the kubelet records about a Pod's containers: the Events of its image manager, runtime and prober.

The reasons are those of ``pkg/kubelet/events/event.go``; the messages those of
``pkg/kubelet/images/image_manager.go`` (Pulling, Pulled, Failed, BackOff of a pull),
``pkg/kubelet/kuberuntime/kuberuntime_container.go`` (Created, Started, Killing, Failed),
``kuberuntime_manager.go`` (BackOff of a crashing container, Killing after a failed liveness
probe) and ``pkg/kubelet/prober/prober.go`` (Unhealthy). Every container event names its
container in ``involvedObject.fieldPath`` (``spec.containers{nginx}``, ``GenerateContainerRef``).

The kubelet models a container as a timeline (when its image is there, each run, each
back-off), so its events are a timeline too: an :class:`EventWindow` keeps the ones that
happened since the kubelet last looked, and the first one still to come, which the kubelet
must wake up for.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import Iterator

from ..api.core import Container, Pod
from ..api.events import NORMAL, WARNING

__all__ = [
    "BACKOFF_RESYNC_SECONDS",
    "EventWindow",
    "KubeletEvent",
    "container_path",
    "format_pod",
    "go_duration",
]

# a Pod whose sync failed (back-off) is synced again after the pod worker's backOffPeriod
BACKOFF_RESYNC_SECONDS = 10


def go_duration(seconds: float) -> str:
    """Go's ``time.Duration.String`` to the millisecond: ``512ms``, ``3.5s``, ``10s``, ``5m0s``, ``1h0m0s``."""
    millis = int(round(seconds * 1000))
    if millis < 1000:
        return f"{millis}ms" if millis else "0s"
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs = f"{millis // 1000}.{millis % 1000:03d}".rstrip("0").rstrip(".") + "s"
    if hours:
        return f"{hours}h{minutes}m{secs}"
    return f"{minutes}m{secs}" if minutes else secs


def format_pod(pod: Pod) -> str:
    """``format.Pod``: ``name_namespace(uid)``, how the kubelet names a Pod in messages."""
    return f"{pod.metadata.name}_{pod.metadata.namespace}({pod.metadata.uid})"


@functools.lru_cache(maxsize=1024)
def _container_path(name: str) -> str:
    return f"spec.containers{{{name}}}"


def container_path(container: Container) -> str:
    """``involvedObject.fieldPath`` of a container (one string per name: many Events hold it)."""
    return _container_path(container.name or "")


@dataclass(frozen=True, slots=True)
class KubeletEvent:
    at: float
    type: str
    reason: str
    message: str
    field_path: str = ""  # the container, or "" for the Pod itself


@dataclass(slots=True)
class EventWindow:
    """The kubelet's events in ``(since, now]``, in order, and when the next one is due."""

    since: float
    now: float
    events: list[KubeletEvent] = field(default_factory=list)
    next_at: float | None = None

    def add(self, at: float, event_type: str, reason: str, message: str, field_path: str = "") -> None:
        if at > self.now:
            self.next_at = at if self.next_at is None else min(self.next_at, at)
        elif at > self.since:
            self.events.append(KubeletEvent(at, event_type, reason, message, field_path))

    def recorded(self, at: float) -> bool:
        """Whether events up to ``at`` are recorded already (a sync need not word them again)."""
        return at <= self.since

    def ticks(self, first: float, period: float, until: float = math.inf) -> Iterator[float]:
        """``first``, ``first + period``, ... before ``until``: those in the window, then the next one due."""
        period = max(period, 1)
        skip = max(0, math.floor((self.since - first) / period)) if self.since > first else 0
        at = first + skip * period
        while at < until:
            yield at
            if at > self.now:
                return
            at += period

    def ordered(self) -> list[KubeletEvent]:
        return sorted(self.events, key=lambda e: e.at)

    # -- the image manager ---------------------------------------------------------
    def image_pulled(self, container: Container, started: float, done: float, took: float, size: int) -> None:
        """Pulling when the pull starts; Pulled when it is done, with the time it took."""
        path, took_text = container_path(container), go_duration(took)
        self.add(started, NORMAL, "Pulling", f'Pulling image "{container.image}"', path)
        message = f'Successfully pulled image "{container.image}" in {took_text} ({took_text} including waiting).'
        self.add(done, NORMAL, "Pulled", f"{message} Image size: {size} bytes.", path)

    def image_present(self, container: Container, at: float) -> None:
        message = f'Container image "{container.image}" already present on machine'
        self.add(at, NORMAL, "Pulled", message, container_path(container))

    def pull_failed(self, container: Container, started: float, failed: float, error: str) -> None:
        if self.recorded(failed):
            return
        path = container_path(container)
        self.add(started, NORMAL, "Pulling", f'Pulling image "{container.image}"', path)
        self.add(failed, WARNING, "Failed", f'Failed to pull image "{container.image}": {error}', path)
        self.add(failed, WARNING, "Failed", "Error: ErrImagePull", path)

    def pull_backing_off(self, container: Container, at: float) -> None:
        path = container_path(container)
        self.add(at, NORMAL, "BackOff", f'Back-off pulling image "{container.image}"', path)
        self.add(at, WARNING, "Failed", "Error: ImagePullBackOff", path)

    # -- the runtime and the prober ----------------------------------------------------
    def container_started(self, container: Container, at: float) -> None:
        if self.recorded(at):
            return
        path = container_path(container)
        self.add(at, NORMAL, "Created", f"Created container: {container.name}", path)
        self.add(at, NORMAL, "Started", f"Started container {container.name}", path)

    def restart_backing_off(self, container: Container, pod: Pod, at: float) -> None:
        message = f"Back-off restarting failed container {container.name} in pod {format_pod(pod)}"
        self.add(at, WARNING, "BackOff", message, container_path(container))

    def probe_failed(self, kind: str, output: str, at: float, container: Container) -> None:
        self.add(at, WARNING, "Unhealthy", f"{kind} probe failed: {output}", container_path(container))

    def killing(self, at: float, message: str, container: Container) -> None:
        self.add(at, NORMAL, "Killing", message, container_path(container))

    def stopping(self, at: float, container: Container) -> None:
        """Killing for a Pod's deletion: sent once, when the kubelet first sees the deletion, even if the
        deletion came in the very instant of the last sync (the window's start, which ``add`` leaves out)."""
        message = f"Stopping container {container.name}"
        self.events.append(KubeletEvent(at, NORMAL, "Killing", message, container_path(container)))
