"""Watches: a hub fed by the store's events, and the stream of one watch request.

This module owns the watch semantics of ``staging/src/k8s.io/apiserver/pkg/endpoints/handlers/watch.go``
and the watch cache (``staging/src/k8s.io/apiserver/pkg/storage/cacher``):

- the :class:`WatchHub` keeps a bounded history of changes, each with the resourceVersion the store gave it;
  a watch that resumes from a resourceVersion older than the history gets ``410 Expired``;
- a watch without a resourceVersion (or ``0``) first sends ``ADDED`` for every current object;
- a watch-list (``sendInitialEvents=true``, what kubectl 1.37's informers send for ``wait``, ``rollout status``
  and ``delete``) sends those ``ADDED`` events and then the ``BOOKMARK`` annotated
  ``k8s.io/initial-events-end``, without which the informer never syncs;
- an object that stops matching the selectors is ``DELETED`` for the watch, one that starts matching ``ADDED``;
- the stream ends after ``timeoutSeconds`` (of real time) or when the client goes away.

A :class:`TimeDriver` lets simulated time pass while a watch waits, for a command that our kubectl runs
with time passing in it (``delete`` waiting for its Pods, ``rollout status``): see :mod:`.waits`.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Protocol

from ..store import Event, Store
from .status import expired, status_body

__all__ = ["HISTORY", "Change", "TimeDriver", "WatchHub", "WatchRequest", "stream_watch"]

HISTORY = 2000  # changes kept for watches that resume from a resourceVersion
POLL_SECONDS = 0.25  # how often an idle watch checks its client and its deadline
INITIAL_EVENTS_END = "k8s.io/initial-events-end"


@dataclass(frozen=True)
class Change:
    resource_version: int
    type: str  # ADDED | MODIFIED | DELETED
    kind: type
    old: Any
    new: Any
    at: datetime  # the simulated time it happened (a Table row's ages are measured from it)


class WatchHub:
    """Every change the store makes, kept for the watches (the watch cache)."""

    def __init__(self, store: Store, history: int = HISTORY):
        self.store = store
        self.changes: deque[Change] = deque(maxlen=history)
        self.floor = store.resource_version  # the oldest resourceVersion a watch can resume from
        self.condition = threading.Condition()
        store.watch(self.on_event)

    def on_event(self, event: Event) -> None:
        change = Change(
            self.store.resource_version, event.type, event.kind, event.old, event.new, self.store.clock.now()
        )
        with self.condition:
            if len(self.changes) == self.changes.maxlen:
                self.floor = self.changes[0].resource_version
            self.changes.append(change)
            self.condition.notify_all()

    def after(self, resource_version: int) -> list[Change]:
        with self.condition:
            return [c for c in self.changes if c.resource_version > resource_version]

    def wait(self, resource_version: int, seconds: float) -> None:
        """Until a change after ``resource_version`` arrives, or ``seconds`` pass."""
        with self.condition:
            self.condition.wait_for(
                lambda: bool(self.changes) and self.changes[-1].resource_version > resource_version, seconds
            )

    def close(self) -> None:
        self.store.unwatch(self.on_event)
        with self.condition:
            self.condition.notify_all()


class TimeDriver(Protocol):
    """Simulated time a watch lets pass while its client waits (under the cluster's lock)."""

    def done(self) -> bool:
        """The client's wait is over: no more time passes."""

    def step(self) -> None:
        """Let one step of simulated time pass."""


@dataclass
class WatchRequest:
    """One watch: which objects, from where, and how each event's object is written."""

    kind: type
    matches: Callable[[Any], bool]  # namespace, label and field selectors
    resource_version: int | None  # resume after this one; None: start with the current objects
    send_initial_events: bool
    timeout_seconds: float
    # (event type, object, resourceVersion to show, simulated time of the change) -> the event's "object"
    encode: Callable[[str, Any, str, datetime], dict]


def _deleted_version(obj: Any, resource_version: int) -> Any:
    """A deleted object as its DELETED event shows it: with the resourceVersion of the deletion."""
    copy = obj.copy()
    copy.metadata.resource_version = str(resource_version)
    return copy


def _event_for(change: Change, request: WatchRequest) -> tuple[str, Any] | None:
    """What a change is for this watch: (type, object), or None when it does not concern it."""
    if change.kind is not request.kind:
        return None
    was = change.old is not None and request.matches(change.old)
    now = change.new is not None and request.matches(change.new)
    if now:
        return ("MODIFIED" if was else "ADDED"), change.new
    if was:
        gone = change.new if change.new is not None else change.old
        return "DELETED", _deleted_version(gone, change.resource_version)
    return None


def stream_watch(
    hub: WatchHub,
    lock: threading.RLock,
    list_objects: Callable[[], list[Any]],
    request: WatchRequest,
    write: Callable[[dict], None],
    connected: Callable[[], bool],
    driver: TimeDriver | None = None,
) -> None:
    """Run one watch: ``write`` each event (``{"type": ..., "object": ...}``) until the timeout or a disconnect."""
    with lock:
        position = hub.store.resource_version
        if request.resource_version is not None and not request.send_initial_events:
            if request.resource_version < hub.floor:
                write({"type": "ERROR", "object": status_body(expired(request.resource_version, hub.floor))})
                return
            position = request.resource_version
            initial = []
        else:
            now = hub.store.clock.now()
            initial = [request.encode("ADDED", obj, obj.metadata.resource_version or "", now) for obj in list_objects()]
    for obj in initial:
        write({"type": "ADDED", "object": obj})
    if request.send_initial_events:
        write({"type": "BOOKMARK", "object": _bookmark(request.kind, position)})
    deadline = time.monotonic() + request.timeout_seconds
    while time.monotonic() < deadline and connected():
        with lock:
            events = []
            for change in hub.after(position):
                position = change.resource_version
                found = _event_for(change, request)
                if found is not None:
                    encoded = request.encode(found[0], found[1], str(position), change.at)
                    events.append({"type": found[0], "object": encoded})
            driving = driver is not None and not driver.done()
        for event in events:
            write(event)
        if driving:
            with lock:
                driver.step()
        elif not events:
            hub.wait(position, min(POLL_SECONDS, max(0.0, deadline - time.monotonic())))


def _bookmark(kind: type, resource_version: int) -> dict:
    return {
        "kind": kind.KIND,
        "apiVersion": kind.API_VERSION,
        "metadata": {"resourceVersion": str(resource_version), "annotations": {INITIAL_EVENTS_END: "true"}},
    }
