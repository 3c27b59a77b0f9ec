"""Events as the control plane records them: client-go's event recorders.

A controller gets a recorder from the :class:`EventBroadcaster` and calls
``recorder.event(obj, type, reason, message)``; the Event is written through the API server.

:class:`EventRecorder` is client-go's legacy ``record.EventRecorder`` (``tools/record/event.go``),
which the kubelet and kube-controller-manager use. Its :class:`EventCorrelator`
(``tools/record/events_cache.go``) decides what reaches the API server:

- the aggregator: once ten different messages of one source, object, type and reason come with
  no 10-minute gap, each further one is counted on a single "(combined from similar events): ..."
  Event (``EventAggregator``);
- the logger: a repeat (same source, object, type, reason and message) raises ``count`` and
  ``lastTimestamp`` of the Event it repeats instead of writing a new one (``eventLogger``);
- the spam filter: a token bucket per source and object lets 25 events through, then one every
  5 minutes, and drops the rest (``EventSourceObjectSpamFilter``). A dropped repeat is counted
  all the same, so the next one written carries the full count: ``BackOff (x250 over 1h)``.

Like client-go, the correlator remembers what it saw in LRU caches of 4096 entries; a new Event
is named ``<object name>.<unix nanoseconds, hex>`` (``util.GenerateEventName``) from the simulated
clock. The simulator keeps one correlator per component (client-go one per process: the kubelets of
all nodes share one here), so its memory stays bounded however large the cluster. What the
recorders remember is saved with the cluster, so a cluster saved and loaded between two commands
records exactly as one that never stopped.

:class:`SeriesRecorder` is the ``events.k8s.io`` library the scheduler uses (``tools/events``):
``eventTime``, ``action``, ``reportingComponent``; a repeat within six minutes becomes a ``series``.
Not reproduced: its heartbeat that writes a running series every 30 minutes only.
"""

from __future__ import annotations

import sys
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Callable, Hashable

from ..api.codec import shallow_copy
from ..api.events import Event, EventSeries, EventSource, object_reference
from ..api.meta import APIObject, ObjectMeta, ObjectReference
from ..clock import SimClock, format_micro_time

if TYPE_CHECKING:  # pragma: no cover
    from ..apiserver import APIServer

__all__ = ["EventBroadcaster", "EventCorrelator", "EventRecorder", "LRUCache", "SeriesRecorder"]

CACHE_ENTRIES = 4096  # events_cache.go maxLruCacheEntries
SPAM_BURST = 25  # defaultSpamBurst: the events a source may send about an object at once
SPAM_REFILL = 300.0  # 1 / defaultSpamQPS: seconds for the bucket to earn one more
AGGREGATE_MAX_EVENTS = 10  # defaultAggregateMaxEvents
AGGREGATE_INTERVAL = 600.0  # defaultAggregateIntervalInSeconds
COMBINED = "(combined from similar events): "  # EventAggregatorByReasonMessageFunc
SERIES_FINISH = 360.0  # tools/events finishTime: an isomorphic event later than this starts afresh
NO_SOURCE = EventSource()  # an events.k8s.io Event's (shared: stored Events are read-only)

# what the correlator's keys start with (getSpamKey less the component, which has its own correlator):
# the source's host and the object's kind, namespace, name, uid and apiVersion
ObjectKey = tuple[Any, ...]


class LRUCache:
    """groupcache's ``lru.Cache``: reading or writing an entry makes it the newest; past
    ``capacity`` entries the oldest is forgotten."""

    def __init__(self, capacity: int = CACHE_ENTRIES):
        self.capacity = capacity
        self.entries: OrderedDict[Hashable, Any] = OrderedDict()

    def get(self, key: Hashable) -> Any | None:
        value = self.entries.get(key)
        if value is not None:
            self.entries.move_to_end(key)
        return value

    def add(self, key: Hashable, value: Any) -> None:
        self.entries[key] = value
        self.entries.move_to_end(key)
        if len(self.entries) > self.capacity:
            self.entries.popitem(last=False)


@dataclass(frozen=True, slots=True)
class EventLog:
    """What the logger remembers of an event (``eventLog``): the Event that counts it, since when, how often."""

    name: str
    first_timestamp: str
    count: int


@dataclass(frozen=True, slots=True)
class SimilarEvents:
    """What the aggregator remembers of one source, object, type and reason (``aggregateRecord``):
    when the last one came, and the different messages of its run, in arrival order."""

    last: float
    messages: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Correlated:
    """What the correlator lets through: the Event's name, first time and count, and its message."""

    log: EventLog
    message: str
    combined: bool  # an aggregate: "(combined from similar events): ..."


class EventCorrelator:
    """``EventCorrelator`` of one component: aggregate, count, then filter, in client-go's order."""

    def __init__(self, clock: SimClock) -> None:
        self.clock = clock
        self.buckets = LRUCache()  # object -> the instant its token bucket was (or would have been) empty
        self.similar = LRUCache()  # (object, type, reason) -> SimilarEvents
        self.logs = LRUCache()  # event key, or the aggregate's (object, type, reason) -> EventLog

    def correlate(
        self,
        obj: ObjectKey,
        field_path: str | None,
        event_type: str,
        reason: str,
        message: str,
        new_name: Callable[[], str],
    ) -> Correlated | None:
        """``EventCorrelate``: what to write about this occurrence, or None when the spam filter drops it."""
        now = self.clock.seconds()
        similar_key = (*obj, event_type, reason)
        combined = self._aggregate(similar_key, message, now)
        if combined:
            key: tuple = similar_key
            message = COMBINED + message
        else:
            key = (*obj, field_path, event_type, reason, message)
        last = self.logs.get(key)
        if last is None:
            log = EventLog(new_name(), self.clock.timestamp(), 1)
        else:
            log = EventLog(last.name, last.first_timestamp, last.count + 1)
        self.logs.add(key, log)  # counted even if the filter drops it
        return Correlated(log, message, combined) if self._allow(obj, now) else None

    def _aggregate(self, similar_key: tuple, message: str, now: float) -> bool:
        """``EventAggregate``: whether this occurrence is the tenth different message of its run, or a later one.

        A run is the similar events with no gap of more than ten minutes. Once it holds ten messages,
        client-go forgets any one of them (``PopAny``); here the oldest, to stay deterministic.
        """
        run = self.similar.get(similar_key)
        messages = () if run is None or now - run.last > AGGREGATE_INTERVAL else run.messages
        if message not in messages:
            messages += (message,)
        combined = len(messages) >= AGGREGATE_MAX_EVENTS
        self.similar.add(similar_key, SimilarEvents(now, messages[1:] if combined else messages))
        return combined

    def _allow(self, obj: ObjectKey, now: float) -> bool:
        """``EventSourceObjectSpamFilter.Filter``: take a token from the object's bucket, if it has one.

        A bucket is kept as the instant it was empty: it has earned a token every 5 minutes
        since, up to 25 (a new bucket is full).
        """
        empty_at = self.buckets.get(obj)
        tokens = SPAM_BURST if empty_at is None else min(SPAM_BURST, (now - empty_at) / SPAM_REFILL)
        allowed = tokens >= 1
        if allowed:
            empty_at = now - (tokens - 1) * SPAM_REFILL
        self.buckets.add(obj, empty_at)
        return allowed

    # -- persistence ---------------------------------------------------------------
    def to_state(self) -> dict:
        return {
            "buckets": [[list(key), empty_at] for key, empty_at in self.buckets.entries.items()],
            "similar": [[list(key), run.last, list(run.messages)] for key, run in self.similar.entries.items()],
            "logs": [[list(key), log.name, log.first_timestamp, log.count] for key, log in self.logs.entries.items()],
        }

    def restore(self, state: dict) -> None:
        for key, empty_at in state.get("buckets", []):
            self.buckets.add(tuple(key), empty_at)
        for key, last, messages in state.get("similar", []):
            self.similar.add(tuple(key), SimilarEvents(last, tuple(messages)))
        for key, name, first, count in state.get("logs", []):
            self.logs.add(tuple(key), EventLog(name, first, count))


class EventBroadcaster:
    """Hands out recorders, correlates what they record, and writes the Events through the API server."""

    def __init__(self, api: "APIServer", clock: SimClock):
        self.api = api
        self.clock = clock
        self.correlators: dict[str, EventCorrelator] = {}  # component -> its correlator
        self.series = LRUCache()  # isomorphic key -> (when last seen, the Event's name): tools/events eventCache
        # the names handed out at the clock's instant: unique even when the spam filter drops the Event
        self._named_at, self._named = 0, set()
        self._last_reference: ObjectReference | None = None

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
        correlator = self.correlators.setdefault(component, EventCorrelator(self.clock))
        return EventRecorder(self, correlator, EventSource(component=component, host=host))

    def series_recorder(self, controller: str, instance: str) -> "SeriesRecorder":
        return SeriesRecorder(self, controller, instance)

    # -- writing -------------------------------------------------------------------
    def new_name(self, ref: ObjectReference) -> str:
        """``<object>.<unix nanoseconds, hex>``; names of one instant take the next free nanosecond."""
        moment = self.clock.now()
        nanos = int(moment.timestamp()) * 1_000_000_000 + moment.microsecond * 1000
        if nanos != self._named_at:
            self._named_at, self._named = nanos, set()
        name = f"{ref.name}.{nanos:x}"
        while name in self._named or self.api.find(Event, ref.namespace or "default", name) is not None:
            nanos += 1
            name = f"{ref.name}.{nanos:x}"
        self._named.add(name)
        return name

    def create(self, ref: ObjectReference, name: str, **fields: Any) -> Event:
        """Write a new Event about ``ref``. Built for this write alone, it is handed to the API server as it is."""
        namespace = ref.namespace or "default"  # a cluster-scoped object's Events live in "default"
        event = Event(metadata=ObjectMeta(name=name, namespace=namespace), involved_object=ref, **fields)
        return self.api.create(event, owned=True)

    def update(self, event: Event, **changes: Any) -> Event:
        """Rewrite the fields a recorder owns (``count``/``lastTimestamp``, or ``series``) on a stored Event,
        as a controller writes its status: the new version shares all else with the stored one."""
        return self.api.update_status(replace(event, metadata=shallow_copy(event.metadata), **changes))

    # -- persistence ---------------------------------------------------------------
    def to_state(self) -> dict:
        return {
            "named": [self._named_at, sorted(self._named)],
            "correlators": {component: c.to_state() for component, c in self.correlators.items()},
            "series": [[list(key), at, name] for key, (at, name) in self.series.entries.items()],
        }

    def restore(self, state: dict) -> None:
        named_at, named = state.get("named", [0, []])
        self._named_at, self._named = named_at, set(named)
        for component, correlator_state in state.get("correlators", {}).items():
            self.correlators.setdefault(component, EventCorrelator(self.clock)).restore(correlator_state)
        for key, at, name in state.get("series", []):
            self.series.add(tuple(key), (at, name))


@dataclass(frozen=True)
class EventRecorder:
    """``record.EventRecorder`` of one component: ``source.component`` and, for the kubelet, ``source.host``."""

    broadcaster: EventBroadcaster
    correlator: EventCorrelator
    source: EventSource

    def event(self, obj: APIObject, event_type: str, reason: str, message: str, *, field_path: str = "") -> None:
        """Record that ``reason`` happened to ``obj`` (``field_path``: the container it happened in)."""
        broadcaster = self.broadcaster
        ref = broadcaster.reference(obj, field_path or None)
        obj_key = (self.source.host, ref.kind, ref.namespace, ref.name, ref.uid, ref.api_version)
        message = sys.intern(message)  # "Pulling image ..." is the same for many Pods: keep it once
        written = self.correlator.correlate(
            obj_key, ref.field_path, event_type, reason, message, lambda: broadcaster.new_name(ref)
        )
        if written is None:
            return
        timestamp = broadcaster.clock.timestamp()
        log = written.log
        if log.count > 1:  # recordToSink: a repeat patches the Event it counts on, if it is still there
            stored = broadcaster.api.find(Event, ref.namespace or "default", log.name)
            if stored is not None:
                broadcaster.update(stored, count=log.count, last_timestamp=timestamp, message=written.message)
                return
        broadcaster.create(
            ref,
            log.name,
            type=event_type,
            reason=reason,
            message=written.message,
            source=self.source,
            first_timestamp=log.first_timestamp,
            last_timestamp=timestamp,
            count=log.count,
            # the aggregator's new Event copies no reporting fields (events_cache.go EventAggregate)
            reporting_component="" if written.combined else self.source.component,
            reporting_instance="" if written.combined else self.source.host or "",
        )


@dataclass(frozen=True)
class SeriesRecorder:
    """``events.EventRecorder`` (``events.k8s.io``) of one controller: the scheduler's.

    The broadcaster's ``series`` cache names the last isomorphic Event of each key (``eventCache``; an
    LRU cache here, as the legacy recorder's); one seen more than six minutes ago is finished.
    """

    broadcaster: EventBroadcaster
    controller: str
    instance: str

    def eventf(self, obj: APIObject, event_type: str, reason: str, action: str, note: str) -> None:
        broadcaster = self.broadcaster
        ref = broadcaster.reference(obj)
        now = broadcaster.clock.now()
        # getKey: action, reason, reporting controller, the object (its uid and resourceVersion), no related object
        key = (self.controller, action, reason, ref.uid, ref.resource_version)
        at, name = broadcaster.series.get(key) or (0.0, "")
        recent = name and now.timestamp() - at <= SERIES_FINISH
        last = broadcaster.api.find(Event, ref.namespace or "default", name) if recent else None
        if last is not None:
            count = (last.series.count or 1) + 1 if last.series else 2
            last = broadcaster.update(last, series=EventSeries(count=count, last_observed_time=format_micro_time(now)))
        else:
            last = broadcaster.create(
                ref,
                broadcaster.new_name(ref),
                type=event_type,
                reason=reason,
                message=note,
                source=NO_SOURCE,
                event_time=format_micro_time(now),
                action=action,
                reporting_component=self.controller,
                reporting_instance=self.instance,
            )
        broadcaster.series.add(key, (now.timestamp(), last.name))
