"""Scheduler and kubelet stand-ins: Pods get a node, an IP, and a life.

The scheduler binds each new Pod to the least-loaded matching Ready node. The
kubelet then plays the Pod's life on the simulated clock: sandbox (IP from the
node's pod CIDR), image pull (or ``ErrImagePull``/``ImagePullBackOff``),
container start, readiness probes, exits and ``CrashLoopBackOff`` restarts,
and graceful termination. What a container does comes from the image
catalogue (``images.py``).

The Pod's status is a pure function of its spec, the time it was scheduled,
when its node first had the image, and the clock — so re-syncing at any time,
or after a save/load, gives the same answer, and the kubelet only needs a
wake-up at the next instant something changes. The Events the two record
(``Scheduled``; ``Pulling``, ``Started``, ``BackOff``... see :mod:`.kubelet_events`)
follow from the same timeline: each sync records those that happened since the
last one, and wakes up for the next.
"""

from __future__ import annotations

import heapq
import ipaddress
import math
import zlib
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any, Iterable

from ..allocators import PodIPAllocator, RangeFull
from ..api.codec import clone
from ..api.core import (
    Container,
    ContainerState,
    ContainerStateRunning,
    ContainerStateTerminated,
    ContainerStateWaiting,
    ContainerStatus,
    Node,
    Pod,
    PodCondition,
    PodIP,
)
from ..api.events import NORMAL, WARNING
from ..api.ports import container_port_by_name
from ..clock import format_time, imf_fixdate, parse_time
from ..images import HttpRequest, Image, ProcessPlan, ServerContext, exit_on_signal, lookup, plan_process
from ..store import Event
from .base import Controller, key_of, split_key
from .kubelet_events import BACKOFF_RESYNC_SECONDS, EventWindow, format_pod, go_duration
from .record import EventRecorder

__all__ = ["Kubelet", "Scheduler", "probe_failure"]

SANDBOX_SECONDS = 1
PULL_FAIL_SECONDS = 2
ERR_IMAGE_PULL_SECONDS = 5  # how long a failed pull shows as ErrImagePull before the back-off shows
MAX_BACKOFF = 300


def _ts(moment: float) -> str:
    return format_time(datetime.fromtimestamp(moment, tz=timezone.utc))


def _secs(text: str) -> float:
    return parse_time(text).timestamp()


# ---------------------------------------------------------------- scheduler
class Scheduler(Controller):
    """Binds unscheduled Pods to nodes: the least-loaded eligible node, ties by name.

    Node load lives in a heap (stale entries are skipped when they surface), so
    placing a Pod does not scan thousands of nodes; a Pod with a nodeSelector
    filters the nodes instead.
    """

    name = "scheduler"
    watches = (Pod, Node)

    def __init__(self, ctx):
        super().__init__(ctx)
        # kube-scheduler records through events.k8s.io, as "default-scheduler-<its host>"
        host = next((n.name for n in ctx.profile.nodes if n.control_plane), "")
        self.recorder = ctx.events.series_recorder("default-scheduler", f"default-scheduler-{host}".rstrip("-"))
        self.pods_per_node: dict[str, int] = {}
        for pod in self.store.list(Pod):
            if pod.spec.node_name:
                self.pods_per_node[pod.spec.node_name] = self.pods_per_node.get(pod.spec.node_name, 0) + 1
        self._rebuild()

    @staticmethod
    def _eligible(node: Node) -> bool:
        spec = node.spec
        if spec is None:
            return True
        return not spec.unschedulable and not any(
            isinstance(t, dict) and t.get("effect") == "NoSchedule" for t in spec.taints or []
        )

    @staticmethod
    def _capacity(node: Node) -> int:
        """``status.allocatable.pods``: the kubelet's limit (110 by default)."""
        try:
            return int(((node.status.allocatable if node.status else None) or {}).get("pods", 110))
        except (TypeError, ValueError):
            return 110

    def _rebuild(self) -> None:
        nodes = self.store.list(Node)
        self._capacities = {n.name: self._capacity(n) for n in nodes}
        self._eligible_nodes = {n.name for n in nodes if self._eligible(n)}
        self._heap = [(self.pods_per_node.get(name, 0), name) for name in self._eligible_nodes]
        heapq.heapify(self._heap)

    def _count(self, node: str, delta: int) -> None:
        self.pods_per_node[node] = self.pods_per_node.get(node, 0) + delta
        if node in self._eligible_nodes:
            heapq.heappush(self._heap, (self.pods_per_node[node], node))

    def keys_for(self, event: Event) -> Iterable[str]:
        if event.kind is Pod:
            if event.type == "DELETED" and event.old.spec.node_name:
                self._count(event.old.spec.node_name, -1)
            elif event.type == "ADDED" and event.new.spec.node_name:
                self._count(event.new.spec.node_name, +1)  # created with spec.nodeName (static Pods)
            elif event.new is not None and not event.new.spec.node_name:
                return (key_of(event.new),)
        elif event.kind is Node:
            self._rebuild()
            if event.type != "DELETED":
                return [key_of(p) for p in self.store.list(Pod) if not p.spec.node_name]
        return ()

    def sync(self, key: str) -> None:
        pod = self.store.get(Pod, *split_key(key))
        if pod is None or pod.spec.node_name or pod.metadata.deletion_timestamp:
            return
        node = self._choose(pod)
        bound = pod.copy()
        if node is None:
            total = self.store.count(Node)
            why = "Too many pods" if not pod.spec.node_selector else "node(s) didn't match Pod's node affinity/selector"
            message = (
                f"0/{total} nodes are available: {total} {why}. "
                f"preemption: 0/{total} nodes are available: {total} Preemption is not helpful for scheduling."
            )
            condition = PodCondition(
                type="PodScheduled",
                status="False",
                reason="Unschedulable",
                message=message,
                last_transition_time=self.clock.timestamp(),
            )
            if pod.status.conditions and pod.status.conditions[0].message == message:
                return
            self.recorder.eventf(pod, WARNING, "FailedScheduling", "Scheduling", message)
            bound.status.conditions = [condition]
            self.api.update_status(bound)
            return
        message = f"Successfully assigned {pod.namespace}/{pod.name} to {node}"
        self.recorder.eventf(pod, NORMAL, "Scheduled", "Binding", message)
        bound.spec.node_name = node
        bound.status.conditions = [
            PodCondition(type="PodScheduled", status="True", last_transition_time=self.clock.timestamp())
        ]
        self._count(node, +1)
        self.api.update_status(bound)

    def _choose(self, pod: Pod) -> str | None:
        wanted = pod.spec.node_selector or {}
        if wanted:
            candidates = [
                n.name
                for n in self.store.list(Node)
                if n.name in self._eligible_nodes
                and self._has_room(n.name)
                and all(n.labels.get(k) == v for k, v in wanted.items())
            ]
            return min(candidates, key=lambda name: (self.pods_per_node.get(name, 0), name)) if candidates else None
        while self._heap:
            count, name = self._heap[0]
            if name in self._eligible_nodes and self.pods_per_node.get(name, 0) == count:
                return name if self._has_room(name) else None  # the least-loaded node is full: all are
            heapq.heappop(self._heap)  # a stale entry: the node's load changed since it was pushed
        return None

    def _has_room(self, node: str) -> bool:
        return self.pods_per_node.get(node, 0) < self._capacities.get(node, 110)


# ------------------------------------------------------------------- kubelet
@dataclass
class _Run:
    """One run of a container: start, and exit (None while running)."""

    start: float
    end: float | None
    exit_code: int = 0


@dataclass
class _ContainerTimeline:
    status: ContainerStatus
    ready: bool
    running: bool
    finished: bool  # terminated for good (restartPolicy says no restart)
    exit_code: int | None
    next_change: float | None
    started_once: bool


def _backoff(restarts_done: int) -> float:
    """Kubelet's crash back-off: a quick first restart, then 10 s doubling up to 5 min."""
    if restarts_done == 0:
        return 1
    return min(10 * 2 ** (restarts_done - 1), MAX_BACKOFF)


def _jitter(uid: str, name: str, spread: int) -> int:
    return zlib.crc32(f"{uid}/{name}".encode()) % (spread + 1)


def _probe_port(container: Container, port: Any) -> int | None:
    """A probe's port: a number, or the name of one of this container's ports (``findPortByName``)."""
    return port if isinstance(port, int) else container_port_by_name([container], port)


def probe_failure(
    probe: Any, container: Container, image: Image, plan: ProcessPlan, pod: Pod, now: float
) -> str | None:
    """What a failing probe reports (``pkg/probe/http``, ``tcp``, ``exec``), or None when it passes.

    Images answer deterministically, so a probe that fails once fails every time.
    """
    ip = pod.status.pod_ip or ""
    refused = "connect: connection refused"
    if probe.http_get is not None:
        port = _probe_port(container, probe.http_get.port)
        path = probe.http_get.path or "/"
        if port is None or port not in plan.listens or not plan.serves_http or image.handler is None:
            return f'Get "http://{ip}:{port}{path}": dial tcp {ip}:{port}: {refused}'
        ctx = ServerContext(pod.metadata.name, ip, image.repository, "", imf_fixdate(now))
        status = image.handler(HttpRequest("GET", path, f"{ip}:{port}", port, "10.1.0.1"), ctx).status
        return None if 200 <= status < 400 else f"HTTP probe failed with statuscode: {status}"
    if probe.tcp_socket is not None:
        port = _probe_port(container, probe.tcp_socket.port)
        return None if port is not None and port in plan.listens else f"dial tcp {ip}:{port}: {refused}"
    if probe.exec is not None:
        result = plan_process(image, probe.exec.command or [], None)
        return None if result.exit_code == 0 and not result.runs_forever else ""  # what the command printed
    return None  # grpc and friends: assume the process answers


def _liveness_kill_delay(probe: Any) -> float:
    """From a container's start to the failed liveness probe that has it killed."""
    return (probe.initial_delay_seconds or 0) + (probe.period_seconds or 10) * (probe.failure_threshold or 3)


def _pull_time(pod: Pod, container: Container, seconds: int, attempt: int) -> float:
    """A pull's duration to the millisecond, within the whole seconds the timeline gives it."""
    millis = zlib.crc32(f"{pod.metadata.uid}/{container.name}/{attempt}".encode()) % 900 + 100
    return seconds - 1 + millis / 1000


class Kubelet(Controller):
    name = "kubelet"
    watches = (Pod,)

    def __init__(self, ctx):
        super().__init__(ctx)
        self.ip_allocators: dict[str, PodIPAllocator] = {}
        self.assigned: dict[str, tuple[str, str]] = {}  # pod key -> (node, ip)
        self.image_ready_at: dict[str, dict[str, float]] = {}  # node -> image -> first available time
        # "<pod uid>/<container>" -> [when, exit code] of each exit of its main process not planned by its image
        # (a signal it handles, or the end of the shell kubectl run -it attached to)
        self.stops: dict[str, list[list[float]]] = {}
        # pod key -> (uid, time up to which its events are recorded, whether its deletion was seen by then)
        self.recorded: dict[str, tuple[str, float, bool]] = {}
        self.recorders: dict[str, EventRecorder] = {}  # node -> its kubelet's recorder

    # -- persistence of the kubelet's own memory ------------------------------
    def to_state(self) -> dict:
        return {
            "ip_last": {n: a.to_state()["last"] for n, a in self.ip_allocators.items()},
            "images": self.image_ready_at,
            "stops": self.stops,
            "events": {key: list(mark) for key, mark in self.recorded.items()},
        }

    def restore(self, state: dict) -> None:
        self.image_ready_at = {n: dict(v) for n, v in state.get("images", {}).items()}
        self.stops = {k: [list(stop) for stop in v] for k, v in state.get("stops", {}).items()}
        # a state saved before deletions were marked has (uid, until) marks: not seen
        self.recorded = {key: (mark[0], mark[1], mark[2:3] == [True]) for key, mark in state.get("events", {}).items()}
        for node in self.store.list(Node):
            self._allocator(node, last=state.get("ip_last", {}).get(node.name))
        for pod in self.store.list(Pod):
            if pod.status and pod.status.pod_ip and pod.spec.node_name and not pod.spec.host_network:
                self.ip_allocators[pod.spec.node_name].used.add(int(ipaddress.ip_address(pod.status.pod_ip)))
                self.assigned[key_of(pod)] = (pod.spec.node_name, pod.status.pod_ip)

    def _allocator(self, node: Node, last: str | None = None) -> PodIPAllocator:
        if node.name not in self.ip_allocators:
            self.ip_allocators[node.name] = PodIPAllocator(node.spec.pod_cidr, last=last)
        return self.ip_allocators[node.name]

    # -- the main process ends early (kubectl exec POD -- kill 1; kubectl run -it) ----------------
    def signal_main_process(self, pod: Pod, container: Container, signal: str) -> bool:
        """Send a signal to a running container's PID 1 from inside the Pod; True when the process exits.

        A server exits on the signals it handles (``images.exit_on_signal``: nginx on SIGTERM or SIGQUIT,
        Flask only on SIGINT), and the kubelet restarts it in the same Pod (same IP, RESTARTS + 1). Any
        other signal, and any signal to a shell or ``sleep`` as PID 1, changes nothing.
        """
        image = lookup(container.image or "")
        if image is None or not _running(pod, container):
            return False
        plan = plan_process(image, container.command, container.args, bool(container.stdin or container.tty))
        code = exit_on_signal(image, plan, signal)
        if code is None:
            return False
        self.main_process_exited(pod, container, code)
        return True

    def main_process_exited(self, pod: Pod, container: Container, exit_code: int) -> None:
        """The running container's PID 1 has exited now with ``exit_code``."""
        if _running(pod, container):
            self.stops.setdefault(f"{pod.metadata.uid}/{container.name}", []).append([self.clock.seconds(), exit_code])
            self.wake_at(self.clock.seconds(), key_of(pod))

    # -- wiring ---------------------------------------------------------------
    def keys_for(self, event: Event) -> Iterable[str]:
        if event.kind is Pod:
            pod = event.object
            if event.type == "DELETED" or pod.spec.node_name:
                return (key_of(pod),)
        return ()

    # -- reconcile ------------------------------------------------------------
    def sync(self, key: str) -> None:
        pod = self.store.get(Pod, *split_key(key))
        if pod is None:
            self._release(key)
            return
        if not pod.spec.node_name:
            return
        node = self.store.get(Node, "", pod.spec.node_name)
        if node is None:
            return
        now = self.clock.seconds()
        window = self._event_window(pod, now)
        if pod.metadata.deletion_timestamp:
            self._terminate(pod, now, window)
            return
        updated, next_change = self._compute(pod, node, now, window)
        self._record(pod, window)
        if updated is not None:
            self.api.update_status(updated)
        changes = [at for at in (next_change, window.next_at) if at is not None]
        if changes:
            self.wake_at(min(changes), key)

    def _release(self, key: str) -> None:
        node, ip = self.assigned.pop(key, (None, None))
        if node in self.ip_allocators and ip:
            self.ip_allocators[node].release(ip)
        self.recorded.pop(key, None)

    # -- events ---------------------------------------------------------------
    def _event_window(self, pod: Pod, now: float) -> EventWindow:
        """The Pod's events still to record: those after the last sync (all of them for a new Pod)."""
        uid, until, _ = self.recorded.get(key_of(pod), ("", -math.inf, False))
        return EventWindow(until if uid == pod.metadata.uid else -math.inf, now)

    def _deletion_seen(self, pod: Pod) -> bool:
        uid, _, seen = self.recorded.get(key_of(pod), ("", -math.inf, False))
        return seen and uid == pod.metadata.uid

    def _record(self, pod: Pod, window: EventWindow) -> None:
        node = pod.spec.node_name or ""
        if node not in self.recorders:  # each node's kubelet records as "kubelet" on that host
            self.recorders[node] = self.ctx.events.recorder("kubelet", node)
        recorder = self.recorders[node]
        for event in window.ordered():
            recorder.event(pod, event.type, event.reason, event.message, field_path=event.field_path)
        self.recorded[key_of(pod)] = (pod.metadata.uid or "", window.now, pod.metadata.deletion_timestamp is not None)

    def _terminate(self, pod: Pod, now: float, window: EventWindow) -> None:
        """Running containers get their image's stop signal: a server that handles it stops at once; one that
        does not (Flask, a shell or sleep as PID 1) runs until the grace period ends and SIGKILL, which the runtime
        sends from outside the container, stops it. A container that is not running has nothing to stop."""
        grace = pod.metadata.deletion_grace_period_seconds or 0
        deleted_at = _secs(pod.metadata.deletion_timestamp) - grace  # the stamp is the request's time plus the grace
        running = {s.name for s in pod.status.container_statuses or [] if s.state and s.state.running}
        for container in pod.spec.containers or []:
            if container.name in running and not self._deletion_seen(pod):
                window.stopping(deleted_at, container)
        self._record(pod, window)
        stop = 1
        for container in pod.spec.containers or []:
            image = lookup(container.image or "")
            if image is None or not _running(pod, container):
                continue
            plan = plan_process(image, container.command, container.args, bool(container.stdin or container.tty))
            if exit_on_signal(image, plan, image.stop_signal) is None:
                stop = grace
        stop_at = deleted_at + min(stop, grace) if grace else deleted_at
        if now >= stop_at or pod.status.phase in ("Succeeded", "Failed"):
            self.api.finalize_pod(pod)
        else:
            self.wake_at(stop_at, key_of(pod))

    def _compute(self, pod: Pod, node: Node, now: float, window: EventWindow) -> tuple[Pod | None, float | None]:
        scheduled = next((c for c in pod.status.conditions or [] if c.type == "PodScheduled"), None)
        # a Pod created with spec.nodeName (static Pods) never passes the scheduler
        scheduled_at = _secs(
            scheduled.last_transition_time
            if scheduled and scheduled.last_transition_time
            else pod.metadata.creation_timestamp
        )
        sandbox_at = scheduled_at + SANDBOX_SECONDS
        new = pod.with_status(clone(pod.status))
        status = new.status
        changes: list[float] = []
        if now < sandbox_at:
            timelines = [self._waiting(c, "ContainerCreating") for c in pod.spec.containers or []]
            changes.append(sandbox_at)
        else:
            if not status.pod_ip:
                try:
                    self._assign_ip(new, node)
                except RangeFull:  # the node's pod CIDR is exhausted: the sandbox cannot be created
                    timelines = [self._waiting(c, "ContainerCreating") for c in pod.spec.containers or []]
                    status.container_statuses = [t.status for t in timelines]
                    return (None if new.status == pod.status else new), now + 10
                status.start_time = _ts(sandbox_at)
            timelines = [self._container(new, node, c, sandbox_at, now, window) for c in pod.spec.containers or []]
            changes += [t.next_change for t in timelines if t.next_change is not None]
        self._set_phase_and_conditions(new, timelines, now, sandbox_at)
        status.container_statuses = [t.status for t in timelines]
        next_change = min(changes) if changes else None
        if new.status == pod.status:
            return None, next_change
        return new, next_change

    def _assign_ip(self, pod: Pod, node: Node) -> None:
        host_ip = node.internal_ip()
        pod.status.host_ip = host_ip
        pod.status.host_ips = [PodIP(ip=host_ip)]
        if pod.spec.host_network:
            ip = host_ip
        else:
            ip = self._allocator(node).allocate_next()
            self.assigned[key_of(pod)] = (node.name, ip)
        pod.status.pod_ip = ip
        pod.status.pod_ips = [PodIP(ip=ip)]

    @staticmethod
    def _waiting(container: Container, reason: str, message: str | None = None) -> _ContainerTimeline:
        status = ContainerStatus(
            name=container.name,
            image=container.image,
            ready=False,
            restart_count=0,
            started=False,
            state=ContainerState(waiting=ContainerStateWaiting(reason=reason, message=message)),
        )
        return _ContainerTimeline(status, False, False, False, None, None, False)

    def _image_available_at(
        self, node: Node, image_ref: str, image: Image, pod: Pod, container: Container, sandbox_at: float
    ) -> tuple[float, bool]:
        """When this container's image is on the node (now if cached before the sandbox, else after a pull),
        and whether it was pulled."""
        cache = self.image_ready_at.setdefault(node.name, {})
        if image.system:
            return sandbox_at, False
        cached = cache.get(image_ref)
        if cached is not None and cached <= sandbox_at:
            always = container.image_pull_policy == "Always"  # a pull that finds the layers there
            return sandbox_at + (1 if always else 0), always
        ready = sandbox_at + math.ceil(image.pull_seconds) + _jitter(pod.metadata.uid or "", container.name or "", 2)
        if cached is None or ready < cached:
            cache[image_ref] = ready
        return ready, True

    def _container(
        self, pod: Pod, node: Node, container: Container, sandbox_at: float, now: float, window: EventWindow
    ) -> _ContainerTimeline:
        image = lookup(container.image or "")
        if image is None:
            return self._pull_failure(container, sandbox_at, now, window)
        started_at, pulled = self._image_available_at(node, container.image or "", image, pod, container, sandbox_at)
        if pulled and not window.recorded(started_at):
            took = _pull_time(pod, container, started_at - sandbox_at, 0)
            window.image_pulled(container, sandbox_at, started_at, took, image.size_bytes)
        elif not window.recorded(started_at):
            window.image_present(container, started_at)
        if now < started_at:
            timeline = self._waiting(container, "ContainerCreating")
            timeline.next_change = started_at
            return timeline
        # stdinOnce (kubectl run -i): the first run's stdin is kubectl's session, and the process runs until that
        # session ends it (main_process_exited); later runs find stdin closed, so a shell reads end-of-file and exits
        attached = bool(container.stdin_once)
        interactive = bool(container.stdin or container.tty) and not attached
        plan = plan_process(image, container.command, container.args, interactive)
        liveness = self._liveness_failure(plan, container, image, pod, now)
        if liveness is not None:
            plan = ProcessPlan(137, _liveness_kill_delay(container.liveness_probe), plan.listens, plan.serves_http)
        first = replace(plan, exit_code=0, exits_after=None) if attached else plan
        stops = self.stops.get(f"{pod.metadata.uid}/{container.name}", [])
        runs, next_change = self._runs(pod, first, plan, started_at, now, stops)
        self._run_events(pod, container, image, plan, runs, next_change, liveness, window)
        return self._status_from_runs(pod, container, image, plan, runs, now, next_change)

    @staticmethod
    def _liveness_failure(plan: ProcessPlan, container: Container, image: Image, pod: Pod, now: float) -> str | None:
        """What a failing liveness probe says (the process is then killed and restarted), or None."""
        probe = container.liveness_probe
        if probe is None or not plan.runs_forever:
            return None
        return probe_failure(probe, container, image, plan, pod, now)

    def _run_events(
        self,
        pod: Pod,
        container: Container,
        image: Image,
        plan: ProcessPlan,
        runs: list[_Run],
        restart: float | None,
        liveness: str | None,
        window: EventWindow,
    ) -> None:
        """Each run: the image check of a restart, Created and Started, failed probes, then the back-off."""
        readiness = container.readiness_probe
        not_ready = probe_failure(readiness, container, image, plan, pod, window.now) if readiness else None
        for i, run in enumerate(runs):
            if i and not window.recorded(run.start) and container.image_pull_policy == "Always":
                took = _pull_time(pod, container, 1, i)
                window.image_pulled(container, run.start, run.start, took, image.size_bytes)
            elif i and not window.recorded(run.start):
                window.image_present(container, run.start)
            window.container_started(container, run.start)
            end = math.inf if run.end is None else run.end
            if not_ready is not None:
                first = run.start + (readiness.initial_delay_seconds or 0)
                for at in window.ticks(first, readiness.period_seconds or 10, end):
                    window.probe_failed("Readiness", not_ready, at, container)
            if liveness is not None and run.exit_code == 137:
                period = container.liveness_probe.period_seconds or 10
                for failures in range(container.liveness_probe.failure_threshold or 3, 0, -1):
                    window.probe_failed("Liveness", liveness, end - period * (failures - 1), container)
                window.killing(end, f"Container {container.name} failed liveness probe, will be restarted", container)
            next_start = runs[i + 1].start if i + 1 < len(runs) else restart if run.end is not None else None
            if next_start is not None and next_start > end + 1:  # a restart that waits shows CrashLoopBackOff
                for at in window.ticks(end + 1, BACKOFF_RESYNC_SECONDS, next_start):
                    window.restart_backing_off(container, pod, at)

    def _runs(
        self,
        pod: Pod,
        first: ProcessPlan,
        plan: ProcessPlan,
        first_start: float,
        now: float,
        stops: list[list[float]] = (),
    ) -> tuple[list[_Run], float | None]:
        """Every run of the container up to ``now`` (the first as ``first`` plans it, the restarts as ``plan``
        does), and when the next change happens.

        A run ends when its process exits by itself, or at a stop (a signal it handles, the end of the session
        kubectl attached to it) with that stop's exit code.
        """
        policy = pod.spec.restart_policy or "Always"
        runs: list[_Run] = []
        start = first_start
        while True:
            current = plan if runs else first
            natural = None if current.runs_forever else start + max(1.0, math.ceil(current.exits_after or 0))
            stop = next(((t, c) for t, c in stops if start <= t <= now), None)
            if stop is not None and (natural is None or stop[0] < natural):
                end, code = stop
            elif natural is not None and natural <= now:
                end, code = natural, current.exit_code
            else:
                runs.append(_Run(start, None))
                return runs, natural
            runs.append(_Run(start, end, code))
            if policy == "Never" or (policy == "OnFailure" and code == 0):
                return runs, None
            restart = end + _backoff(len(runs) - 1)
            if restart > now:
                return runs, restart
            start = restart

    def _status_from_runs(self, pod, container, image, plan, runs, now, next_change) -> _ContainerTimeline:
        last = runs[-1]
        restarts = len(runs) - 1
        previous = runs[-2] if len(runs) > 1 else None
        status = ContainerStatus(
            name=container.name,
            image=_full_image(container.image),
            image_id=_image_id(container.image),
            container_id=_container_id(pod, container, restarts),
            restart_count=restarts,
        )
        if previous is not None:
            status.last_state = ContainerState(terminated=_terminated(previous, pod, container, restarts - 1))
        if last.end is None:  # running
            ready, ready_change = self._readiness(pod, container, image, plan, last.start, now)
            status.state = ContainerState(running=ContainerStateRunning(started_at=_ts(last.start)))
            status.ready, status.started = ready, True
            changes = [c for c in (next_change, ready_change) if c is not None]
            return _ContainerTimeline(status, ready, True, False, None, min(changes) if changes else None, True)
        # exited: either finished for good, or waiting to be restarted
        status.ready, status.started = False, False
        policy = pod.spec.restart_policy or "Always"
        finished = policy == "Never" or (policy == "OnFailure" and last.exit_code == 0)
        if finished or now < last.end + 1:
            status.state = ContainerState(terminated=_terminated(last, pod, container, restarts))
            if not finished and next_change is not None and next_change > last.end + 1:
                next_change = last.end + 1
        else:
            status.last_state = ContainerState(terminated=_terminated(last, pod, container, restarts))
            delay = int(_backoff(restarts))
            status.state = ContainerState(
                waiting=ContainerStateWaiting(
                    reason="CrashLoopBackOff",
                    message=(
                        f"back-off {go_duration(delay)} restarting failed container={container.name} "
                        f"pod={format_pod(pod)}"
                    ),
                )
            )
        return _ContainerTimeline(status, False, False, finished, last.exit_code, next_change, True)

    def _readiness(self, pod, container, image, plan, started: float, now: float) -> tuple[bool, float | None]:
        probe = container.readiness_probe
        if probe is None:
            return True, None
        if probe_failure(probe, container, image, plan, pod, now) is not None:
            return False, None
        ready_at = (
            started
            + (probe.initial_delay_seconds or 0)
            + (probe.period_seconds or 10) * ((probe.success_threshold or 1) - 1)
        )
        ready_at = max(ready_at, started + 1)
        return (now >= ready_at), (ready_at if now < ready_at else None)

    def _pull_failure(
        self, container: Container, sandbox_at: float, now: float, window: EventWindow
    ) -> _ContainerTimeline:
        """An image that does not exist: each pull fails after 2 s; attempts back off 10 s, 20 s, ... 5 min."""
        reference = _full_image(container.image)
        message = (
            f'failed to pull and unpack image "{reference}": failed to resolve reference "{reference}": '
            "pull access denied, repository does not exist or may require authorization: server message: "
            "insufficient_scope: authorization failed"
        )
        attempt, gap = sandbox_at + PULL_FAIL_SECONDS, 10.0
        failed, failed_gap = attempt, gap  # the latest attempt that has failed by now
        while True:  # every attempt's events up to now, and the next attempt's
            window.pull_failed(container, attempt - PULL_FAIL_SECONDS, attempt, message)
            if attempt - PULL_FAIL_SECONDS > now:
                break
            if attempt <= now:
                failed, failed_gap = attempt, gap
            retry = attempt + gap - PULL_FAIL_SECONDS
            for at in window.ticks(attempt + ERR_IMAGE_PULL_SECONDS, BACKOFF_RESYNC_SECONDS, retry):
                window.pull_backing_off(container, at)
            attempt, gap = attempt + gap, min(gap * 2, MAX_BACKOFF)
        if now < sandbox_at + PULL_FAIL_SECONDS:
            timeline = self._waiting(container, "ContainerCreating")
            timeline.next_change = sandbox_at + PULL_FAIL_SECONDS
            return timeline
        if now < failed + ERR_IMAGE_PULL_SECONDS:
            timeline = self._waiting(container, "ErrImagePull", message)
            timeline.next_change = failed + ERR_IMAGE_PULL_SECONDS
        else:
            timeline = self._waiting(container, "ImagePullBackOff", f'Back-off pulling image "{container.image}"')
            timeline.next_change = failed + failed_gap
        timeline.status.image = container.image
        return timeline

    def _set_phase_and_conditions(
        self, pod: Pod, timelines: list[_ContainerTimeline], now: float, sandbox_at: float
    ) -> None:
        status = pod.status
        all_ready = bool(timelines) and all(t.ready for t in timelines)
        if timelines and all(t.finished for t in timelines):
            status.phase = "Succeeded" if all(t.exit_code == 0 for t in timelines) else "Failed"
        elif any(t.started_once for t in timelines):
            status.phase = "Running"
        else:
            status.phase = "Pending"
        old = {c.type: c for c in status.conditions or []}

        def condition(kind: str, ok: bool, reason: str | None = None) -> PodCondition:
            value = "True" if ok else "False"
            previous = old.get(kind)
            if previous is not None and previous.status == value:
                return previous
            return PodCondition(type=kind, status=value, last_transition_time=_ts(now), reason=None if ok else reason)

        if now < sandbox_at:
            status.conditions = [old["PodScheduled"]] if "PodScheduled" in old else status.conditions
            return
        finished = status.phase in ("Succeeded", "Failed")
        status.conditions = [
            condition("PodReadyToStartContainers", not finished),
            condition("Initialized", True),
            condition("Ready", all_ready, "PodCompleted" if finished else "ContainersNotReady"),
            condition("ContainersReady", all_ready, "PodCompleted" if finished else "ContainersNotReady"),
            old.get("PodScheduled") or PodCondition(type="PodScheduled", status="True", last_transition_time=_ts(now)),
        ]
        if not all_ready and not finished:
            waiting = [t.status.name for t in timelines if not t.ready]
            message = f"containers with unready status: [{' '.join(waiting)}]"
            for c in status.conditions[2:4]:
                if c.status == "False":
                    c.message = message


def _terminated(run: _Run, pod: Pod, container: Container, restarts: int) -> ContainerStateTerminated:
    reason = "Completed" if run.exit_code == 0 else "Error"
    return ContainerStateTerminated(
        exit_code=run.exit_code,
        reason=reason,
        started_at=_ts(run.start),
        finished_at=_ts(run.end),
        container_id=_container_id(pod, container, restarts),
    )


def _running(pod: Pod, container: Container) -> bool:
    status = next((s for s in pod.status.container_statuses or [] if s.name == container.name), None)
    return status is not None and status.state is not None and status.state.running is not None


def _full_image(reference: str | None) -> str:
    reference = reference or ""
    if ":" not in reference.rsplit("/", 1)[-1]:
        reference += ":latest"
    first = reference.split("/", 1)[0]
    if "." in first or ":" in first or first == "localhost":
        return reference
    return ("docker.io/library/" if "/" not in reference else "docker.io/") + reference


def _image_id(reference: str | None) -> str:
    repo = _full_image(reference).rsplit(":", 1)[0]
    return f"{repo}@sha256:{zlib.crc32(repo.encode()):08x}" + "0" * 56


def _container_id(pod: Pod, container: Container, restarts: int) -> str:
    seed = f"{pod.metadata.uid}/{container.name}/{restarts}".encode()
    digest = "".join(f"{zlib.crc32(seed + bytes([i])):08x}" for i in range(8))
    return f"containerd://{digest}"
