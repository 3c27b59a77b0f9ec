"""The ``core/v1`` Event kind: a record that something happened to an object (``k8s.io/api/core/v1`` Event).

Controllers write Events through the API server (``kubesim_nb.controllers.record`` is their
``record.EventRecorder``); ``kubectl describe``, ``kubectl get events`` and ``kubectl events`` read
them. One kind holds both flavours, as the API server stores them:

- the legacy recorder's (client-go ``tools/record``: kubelet, replicaset-controller, ...) carry
  ``source``, ``firstTimestamp``/``lastTimestamp`` and ``count``;
- the ``events.k8s.io`` recorder's (client-go ``tools/events``: the scheduler) carry ``eventTime``,
  ``reportingComponent``, ``action`` and, once repeated, ``series``.

This module also owns the reference to an object an Event is about (client-go
``tools/reference`` ``GetReference``) and the fields a field selector may name
(``pkg/registry/core/event/strategy.go`` ``ToSelectableFields``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar

from ..clock import parse_time
from .codec import null_field
from .meta import APIObject, ObjectMeta, ObjectReference

__all__ = [
    "EVENT_TYPES",
    "Event",
    "EventSeries",
    "EventSource",
    "NORMAL",
    "SELECTABLE_FIELDS",
    "WARNING",
    "object_reference",
]

model = dataclass(kw_only=True, slots=True)

NORMAL = "Normal"
WARNING = "Warning"
EVENT_TYPES = (NORMAL, WARNING)


@model
class EventSource:
    component: str | None = None
    host: str | None = None


@model
class EventSeries:
    count: int | None = None
    last_observed_time: str | None = None  # a MicroTime


@model
class Event(APIObject):
    API_VERSION: ClassVar[str] = "v1"
    KIND: ClassVar[str] = "Event"
    RESOURCE: ClassVar[str] = "events"
    SHORT_NAMES: ClassVar[tuple[str, ...]] = ("ev",)

    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta = field(default_factory=ObjectMeta)
    involved_object: ObjectReference | None = None
    reason: str | None = None
    message: str | None = None
    source: EventSource | None = None
    first_timestamp: str | None = null_field()
    last_timestamp: str | None = null_field()
    count: int | None = None
    type: str | None = None
    event_time: str | None = null_field()  # a MicroTime
    series: EventSeries | None = None
    action: str | None = None
    related: ObjectReference | None = None
    reporting_component: str | None = None
    reporting_instance: str | None = None

    @property
    def regarding(self) -> ObjectReference:
        return self.involved_object or ObjectReference()

    @property
    def source_component(self) -> str:
        """``source.component``, else the reporting controller: the ``From`` kubectl shows."""
        return (self.source.component if self.source else None) or self.reporting_component or ""

    def last_observed(self) -> float:
        """When it last happened (epoch seconds), whichever recorder wrote it; 0 when it does not say."""
        if self.series and self.series.last_observed_time:
            return parse_time(self.series.last_observed_time).timestamp()
        times = (self.last_timestamp, self.event_time, self.first_timestamp)
        return max((parse_time(t).timestamp() for t in times if t), default=0.0)


def object_reference(obj: APIObject, field_path: str | None = None) -> ObjectReference:
    """``reference.GetReference``: what an Event's ``involvedObject`` says about ``obj``."""
    kind = type(obj)
    return ObjectReference(
        kind=kind.KIND,
        namespace=obj.metadata.namespace,
        name=obj.metadata.name,
        uid=obj.metadata.uid,
        api_version=kind.API_VERSION,
        resource_version=obj.metadata.resource_version,
        field_path=field_path,
    )


SELECTABLE_FIELDS: dict[str, Callable[[Any], str]] = {
    "involvedObject.kind": lambda e: e.regarding.kind or "",
    "involvedObject.namespace": lambda e: e.regarding.namespace or "",
    "involvedObject.name": lambda e: e.regarding.name or "",
    "involvedObject.uid": lambda e: e.regarding.uid or "",
    "involvedObject.apiVersion": lambda e: e.regarding.api_version or "",
    "involvedObject.resourceVersion": lambda e: e.regarding.resource_version or "",
    "involvedObject.fieldPath": lambda e: e.regarding.field_path or "",
    "reason": lambda e: e.reason or "",
    "reportingComponent": lambda e: e.reporting_component or "",
    "source": lambda e: e.source_component,
    "type": lambda e: e.type or "",
}
