"""The API server's event TTL: an Event is deleted an hour after its last write.

kube-apiserver's ``--event-ttl`` (default 1h, ``pkg/registry/core/event/storage``), which etcd
enforces with a lease that every write of the Event renews. Here a controller keeps the leases:
it hears of every Event write and files the written version under the second its lease runs out;
when that second comes, the versions filed there that are still the stored ones are deleted.
Writes only ever come later, so each write costs an append and each second due one look at what
was written an hour before it, however many Events there are.
"""

from __future__ import annotations

import math
from typing import Iterable

from ..api.events import Event
from ..store import Event as WatchEvent
from .base import Controller

__all__ = ["EVENT_TTL", "EventTTLController"]

EVENT_TTL = 3600.0


class EventTTLController(Controller):
    """Deletes each Event an hour after its last write; Events written in the same second share one wake-up."""

    name = "event-ttl"
    watches = (Event,)

    def __init__(self, ctx):
        super().__init__(ctx)
        self._expiring: dict[int, list[Event]] = {}  # second -> the versions written an hour before

    def _file(self, due: int, event: Event, schedule: bool = True) -> None:
        bucket = self._expiring.get(due)
        if bucket is None:
            bucket = self._expiring[due] = []
            if schedule:  # after a load, the wake-ups come back with the clock
                self.wake_at(due, str(due))
        bucket.append(event)

    def keys_for(self, event: WatchEvent) -> Iterable[str]:
        if event.new is not None:
            self._file(math.ceil(self.clock.seconds() + EVENT_TTL), event.new)
        return ()

    def sync(self, key: str) -> None:
        for event in self._expiring.pop(int(key), ()):
            namespace, name = event.metadata.namespace or "", event.metadata.name
            if self.store.get(Event, namespace, name) is event:  # not written again (nor deleted) since
                self.api.delete(Event, namespace, name)

    # -- persistence -----------------------------------------------------------
    def to_state(self) -> dict:
        return {
            str(due): [[e.metadata.namespace, e.metadata.name, e.metadata.resource_version] for e in events]
            for due, events in self._expiring.items()
        }

    def restore(self, state: dict) -> None:
        for due, filed in state.items():
            for namespace, name, version in filed:
                event = self.store.get(Event, namespace, name)
                if event is not None and event.metadata.resource_version == version:
                    self._file(int(due), event, schedule=False)
