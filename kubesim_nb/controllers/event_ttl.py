"""The API server's event TTL: an Event is deleted an hour after its last write.

kube-apiserver's ``--event-ttl`` (default 1h, ``pkg/registry/core/event/storage``), which
etcd enforces with a lease renewed on every write. Here a controller keeps the time: it
follows every Event write and wakes up when Events are due. An Event's last write is the
latest of its timestamps, which the recorders set as they write.
"""

from __future__ import annotations

import math
from typing import Iterable

from ..api.events import Event
from ..clock import parse_time
from ..store import Event as WatchEvent
from .base import Controller

__all__ = ["EVENT_TTL", "EventTTLController"]

EVENT_TTL = 3600.0


class EventTTLController(Controller):
    """Deletes each Event an hour after its last write, which its timestamps tell.

    Events due in the same second share one wake-up, so a burst of Events costs one timer.
    """

    name = "event-ttl"
    watches = (Event,)

    def __init__(self, ctx):
        super().__init__(ctx)
        self._expiring: dict[int, list[tuple[str, str]]] = {}  # second -> the Events that may be due then
        for event in self.store.list(Event):  # after a load: the wake-ups were saved with the clock
            self._follow(event, schedule=False)

    @staticmethod
    def _due(event: Event) -> int:
        created = parse_time(event.metadata.creation_timestamp).timestamp()
        return math.ceil(max(event.last_observed(), created) + EVENT_TTL)

    def _follow(self, event: Event, schedule: bool = True) -> None:
        due = self._due(event)
        bucket = self._expiring.get(due)
        if bucket is None:
            bucket = self._expiring[due] = []
            if schedule:
                self.wake_at(due, str(due))
        key = (event.namespace, event.name)
        if not bucket or bucket[-1] != key:  # a burst of repeats is one entry
            bucket.append(key)

    def keys_for(self, event: WatchEvent) -> Iterable[str]:
        if event.kind is Event and event.new is not None:
            self._follow(event.new)
        return ()

    def sync(self, key: str) -> None:
        now = self.clock.seconds()
        for namespace, name in sorted(set(self._expiring.pop(int(key), ()))):
            event = self.store.get(Event, namespace, name)
            if event is not None and self._due(event) <= now:  # not written again since
                self.api.delete(Event, namespace, name)
