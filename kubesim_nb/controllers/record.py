"""Events as the control plane records them: client-go's event recorders.

A controller gets a recorder from the :class:`EventBroadcaster` and calls
``recorder.event(obj, type, reason, message)``; the Event is written through the API server.
:class:`EventRecorder` is client-go's legacy ``record.EventRecorder`` (``tools/record/event.go``,
``events_cache.go``), which the kubelet and kube-controller-manager use:

- a new Event is named ``<object name>.<unix nanoseconds, hex>`` (``util.GenerateEventName``),
  from the simulated clock;
- a repeat (same source, object, type, reason and message) counts on the stored Event, raising
  ``count`` and ``lastTimestamp`` (``eventLogger.eventObserve``);
- once ten different messages of one source, object, type and reason come with no 10-minute gap,
  each further one is counted on a single "(combined from similar events): ..." Event
  (``EventAggregator``).

:class:`SeriesRecorder` is the ``events.k8s.io`` library the scheduler uses (``tools/events``):
``eventTime``, ``action``, ``reportingComponent``; a repeat within six minutes becomes a ``series``.

Both correlate against the Events the API server holds, not against a memory of what they
sent, so a cluster saved and loaded between two commands records exactly as one that never
stopped. Not reproduced: the spam filter's token bucket (25 events per object, then one per
5 minutes) and the series heartbeat that writes a running series every 30 minutes only.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..api.events import Event, EventSeries, EventSource, object_reference
from ..api.meta import APIObject, ObjectMeta, ObjectReference
from ..clock import SimClock, format_micro_time
from ..store import Event as WatchEvent

if TYPE_CHECKING:  # pragma: no cover
    from ..apiserver import APIServer

__all__ = ["EventBroadcaster", "EventRecorder", "SeriesRecorder"]

AGGREGATE_MAX_EVENTS = 10  # events_cache.go defaultAggregateMaxEvents
AGGREGATE_INTERVAL = 600.0  # defaultAggregateIntervalInSeconds
COMBINED = "(combined from similar events): "  # EventAggregatorByReasonMessageFunc
SERIES_FINISH = 360.0  # tools/events finishTime: an isomorphic event later than this starts afresh
NO_SOURCE = EventSource()  # an events.k8s.io Event's (shared: stored Events are read-only)

# the Events about one object: (event namespace, kind, name, uid of the object)
Regarding = tuple[str, str, str, str]


def _regarding(namespace: str, ref: ObjectReference) -> Regarding:
    return (namespace, ref.kind or "", ref.name or "", ref.uid or "")


def _unix_nanos(moment: datetime) -> int:
    return int(moment.timestamp()) * 1_000_000_000 + moment.microsecond * 1000


class EventBroadcaster:
    """Hands out recorders and correlates what they record with the Events already stored.

    It follows every Event write to know which Events are about which object, as the
    correlator's cache would, but derived from what is stored.
    """

    def __init__(self, api: "APIServer", clock: SimClock):
        self.api = api
        self.clock = clock
        self._about: dict[Regarding, dict[str, Event]] = {}  # the stored Events by name, oldest first
        self._last_reference: ObjectReference | None = None
        for event in api.list(Event):
            self._index(event, add=True)
        api.watch(self._follow)

    def reference(self, obj: APIObject, field_path: str | None = None) -> ObjectReference:
        """``involvedObject`` for ``obj``; the Events of one sync about one object share one (stored Events are
        read-only), which spares memory when there are a hundred thousand of them."""
        ref = self._last_reference
        if (
            ref is None
            or ref.uid != obj.metadata.uid
            or ref.resource_version != obj.metadata.resource_version
            or ref.field_path != field_path
            or ref.kind != type(obj).KIND
        ):
            ref = self._last_reference = object_reference(obj, field_path)
        return ref

    def recorder(self, component: str, host: str | None = None) -> "EventRecorder":
        return EventRecorder(self, EventSource(component=component, host=host))

    def series_recorder(self, controller: str, instance: str) -> "SeriesRecorder":
        return SeriesRecorder(self, controller, instance)

    # -- following the stored Events ---------------------------------------------
    def _follow(self, change: WatchEvent) -> None:
        if change.kind is Event:
            if change.old is not None:
                self._index(change.old, add=False)
            if change.new is not None:
                self._index(change.new, add=True)

    def _index(self, event: Event, add: bool) -> None:
        key = _regarding(event.namespace, event.regarding)
        events = self._about.setdefault(key, {})
        if add:
            events[event.name] = event
        else:
            events.pop(event.name, None)
            if not events:
                del self._about[key]

    def events_about(self, namespace: str, ref: ObjectReference) -> list[Event]:
        return list(self._about.get(_regarding(namespace, ref), {}).values())

    # -- writing -------------------------------------------------------------------
    def create(self, ref: ObjectReference, event_type: str, reason: str, message: str, **fields: Any) -> None:
        """Write a new Event about ``ref``, named ``<object>.<unix nanoseconds, hex>``; Events of one
        instant take the next free nanosecond. Built for this write alone, it is handed to the API server."""
        namespace = ref.namespace or "default"  # a cluster-scoped object's Events live in "default"
        nanos = _unix_nanos(self.clock.now())
        while self.api.find(Event, namespace, f"{ref.name}.{nanos:x}") is not None:
            nanos += 1
        metadata = ObjectMeta(name=f"{ref.name}.{nanos:x}", namespace=namespace)
        event = Event(metadata=metadata, involved_object=ref, type=event_type, reason=reason, message=message, **fields)
        self.api.create(event, owned=True)

    def repeat(self, event: Event, **changes: Any) -> None:
        """Count a repeat on a stored Event (``count``/``lastTimestamp``, or ``series``): a recorder's write
        of the fields it owns, as a controller writes its status."""
        self.api.update_status(replace(event, **changes))


@dataclass(frozen=True)
class EventRecorder:
    """``record.EventRecorder`` of one component: ``source.component`` and, for the kubelet, ``source.host``."""

    broadcaster: EventBroadcaster
    source: EventSource

    def event(self, obj: APIObject, event_type: str, reason: str, message: str, *, field_path: str = "") -> None:
        """Record that ``reason`` happened to ``obj`` (``field_path``: the container it happened in)."""
        ref = self.broadcaster.reference(obj, field_path or None)
        message = sys.intern(message)  # "Pulling image ..." is the same for many Pods: keep it once
        about = self.broadcaster.events_about(ref.namespace or "default", ref)
        similar = [e for e in about if e.reason == reason and e.type == event_type and e.source == self.source]
        combined = self._aggregating(similar, message)
        if combined:
            message = COMBINED + message
            same = [e for e in similar if (e.message or "").startswith(COMBINED)]
        else:
            same = [
                e
                for e in similar
                if e.message == message
                and e.regarding.field_path == ref.field_path
                and e.regarding.api_version == ref.api_version
            ]
        timestamp = self.broadcaster.clock.timestamp()
        if same:
            last = max(same, key=Event.last_observed)
            self.broadcaster.repeat(last, count=(last.count or 1) + 1, last_timestamp=timestamp, message=message)
            return
        self.broadcaster.create(
            ref,
            event_type,
            reason,
            message,
            source=self.source,
            first_timestamp=timestamp,
            last_timestamp=timestamp,
            count=1,
            # the aggregator's new Event copies no reporting fields (events_cache.go EventAggregate)
            reporting_component="" if combined else self.source.component,
            reporting_instance="" if combined else self.source.host or "",
        )

    def _aggregating(self, similar: list[Event], message: str) -> bool:
        """``EventAggregate``: the tenth different message of a run of similar events, or a later one.

        The run is the similar events with no gap of more than ten minutes, back from now.
        """
        if len(similar) + 1 < AGGREGATE_MAX_EVENTS:
            return False  # too few to hold ten different messages
        seen = sorted(((e.last_observed(), e.message or "") for e in similar), reverse=True)
        run_start = self.broadcaster.clock.seconds()
        for at, _ in seen:
            if run_start - at > AGGREGATE_INTERVAL:
                break
            run_start = at
        messages = {text for at, text in seen if at >= run_start and not text.startswith(COMBINED)}
        return len(messages | {message}) >= AGGREGATE_MAX_EVENTS


@dataclass(frozen=True)
class SeriesRecorder:
    """``events.EventRecorder`` (``events.k8s.io``) of one controller: the scheduler's."""

    broadcaster: EventBroadcaster
    controller: str
    instance: str

    def eventf(self, obj: APIObject, event_type: str, reason: str, action: str, note: str) -> None:
        ref = self.broadcaster.reference(obj)
        now = self.broadcaster.clock.now()
        isomorphic = [
            e
            for e in self.broadcaster.events_about(ref.namespace or "default", ref)
            if (e.action, e.reason, e.reporting_component, e.related) == (action, reason, self.controller, None)
            and e.regarding == ref
            and now.timestamp() - e.last_observed() <= SERIES_FINISH
        ]
        if isomorphic:
            last = max(isomorphic, key=Event.last_observed)
            count = (last.series.count or 1) + 1 if last.series else 2
            self.broadcaster.repeat(last, series=EventSeries(count=count, last_observed_time=format_micro_time(now)))
            return
        self.broadcaster.create(
            ref,
            event_type,
            reason,
            note,
            source=NO_SOURCE,
            event_time=format_micro_time(now),
            action=action,
            reporting_component=self.controller,
            reporting_instance=self.instance,
        )
