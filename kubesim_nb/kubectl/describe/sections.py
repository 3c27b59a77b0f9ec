"""What every describer writes with: the prefix writer and the sections describers share.

Mirrors the helpers of ``k8s.io/kubectl/pkg/describe/describe.go``: ``prefixWriter``
(over a Go tabwriter with minwidth 0, tabwidth 8, padding 2, indenting 2 spaces per
level, as ``tabbedString``), ``printLabelsMultiline``, ``printAnnotationsMultiline``,
``printTolerationsMultiline``, ``searchEvents`` and ``DescribeEvents``, and Go's ``time.RFC1123Z``.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Mapping, Protocol, Sequence

from ...api.events import SELECTABLE_FIELDS, Event
from ...api.meta import APIObject
from ...printers.cells import parse_timestamp, since
from ..gosort import go_sort
from ..objects import LAST_APPLIED
from ..printers.tabwriter import GoTabWriter

__all__ = [
    "ObjectLister",
    "PrefixWriter",
    "event_interval",
    "go_bool",
    "rfc1123z",
    "search_events",
    "write_annotations",
    "write_controlled_by",
    "write_events",
    "write_labels",
    "write_meta",
    "write_tolerations",
]


class ObjectLister(Protocol):
    """What a describer reads related objects through: the API server's list."""

    def list(self, kind: type, namespace: str | None = None, selector: Any = None) -> list[Any]: ...


MAX_ANNOTATION_LEN = 140


class PrefixWriter:
    """describe.go's ``prefixWriter`` over a :class:`GoTabWriter` (0, 8, 2)."""

    def __init__(self) -> None:
        self._tabs = GoTabWriter(minwidth=0, tabwidth=8, padding=2)

    def write(self, level: int, text: str) -> None:
        self._tabs.write("  " * level + text)

    def flush(self) -> None:
        self._tabs.flush()

    def text(self) -> str:
        self._tabs.flush()
        return self._tabs.getvalue()


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def rfc1123z(timestamp: str | None) -> str:
    """Go's ``time.RFC1123Z`` in UTC (``Mon, 06 Jan 2025 09:00:00 +0000``); Go's zero time when unset."""
    if not timestamp:
        return "Mon, 01 Jan 0001 00:00:00 +0000"
    t = parse_timestamp(timestamp).astimezone(timezone.utc)
    return f"{_DAYS[t.weekday()]}, {t.day:02d} {_MONTHS[t.month - 1]} {t.year:04d} {t:%H:%M:%S} +0000"


def go_bool(value: bool | None) -> str:
    """Go's ``%v`` of a bool."""
    return "true" if value else "false"


def write_labels(w: PrefixWriter, title: str, labels: Mapping[str, str] | None, initial_indent: str = "") -> None:
    """``printLabelsMultilineWithIndent`` with ``innerIndent`` = tab."""
    w.write(0, f"{initial_indent}{title}:\t")
    if not labels:
        w.write(0, "<none>\n")
        return
    for i, key in enumerate(sorted(labels)):
        if i:
            w.write(0, initial_indent + "\t")
        w.write(0, f"{key}={labels[key]}\n")


def _shorten(text: str, limit: int) -> str:
    return text[:limit] + "..." if len(text) > limit else text


def write_annotations(w: PrefixWriter, title: str, annotations: Mapping[str, str] | None) -> None:
    """``printAnnotationsMultiline``: last-applied hidden, long or multi-line values below the key."""
    w.write(0, f"{title}:\t")
    keys = sorted(k for k in annotations or {} if k != LAST_APPLIED)
    if not keys:
        w.write(0, "<none>\n")
        return
    for i, key in enumerate(keys):
        if i:
            w.write(0, "\t")
        value = annotations[key].removesuffix("\n")
        if len(value) + len(key) + 2 > MAX_ANNOTATION_LEN or "\n" in value:
            w.write(0, f"{key}:\n")
            for line in value.split("\n"):
                w.write(0, f"\t  {_shorten(line, MAX_ANNOTATION_LEN - 2)}\n")
        else:
            w.write(0, f"{key}: {value}\n")


def write_meta(w: PrefixWriter, obj: APIObject, *, namespace: bool = True) -> None:
    """``Name:``, ``Namespace:``, ``Labels:``, ``Annotations:`` (the common opening)."""
    w.write(0, f"Name:\t{obj.name}\n")
    if namespace:
        w.write(0, f"Namespace:\t{obj.namespace}\n")
    write_labels(w, "Labels", obj.metadata.labels)
    write_annotations(w, "Annotations", obj.metadata.annotations)


def write_controlled_by(w: PrefixWriter, obj: APIObject) -> None:
    for ref in obj.metadata.owner_references or []:
        if ref.controller:
            w.write(0, f"Controlled By:\t{ref.kind}/{ref.name}\n")
            return


def write_tolerations(w: PrefixWriter, title: str, tolerations: Sequence[Mapping[str, Any]] | None) -> None:
    """``printTolerationsMultilineWithIndent`` (sorted by key)."""
    w.write(0, f"{title}:\t")
    if not tolerations:
        w.write(0, "<none>\n")
        return
    for i, toleration in enumerate(sorted(tolerations, key=lambda t: t.get("key") or "")):
        if i:
            w.write(0, "\t")
        w.write(0, _toleration_text(toleration) + "\n")


def _toleration_text(toleration: Mapping[str, Any]) -> str:
    key, value, effect = (toleration.get(k) or "" for k in ("key", "value", "effect"))
    text = key + (f"={value}" if value else "") + (f":{effect}" if effect else "")
    if toleration.get("operator") == "Exists" and not value:
        text += " op=Exists" if key or effect else "op=Exists"
    if toleration.get("tolerationSeconds") is not None:
        text += f" for {toleration['tolerationSeconds']}s"
    return text


def search_events(api: ObjectLister, obj: APIObject) -> list[Event]:
    """``searchEvents``: the Events whose ``involvedObject`` is ``obj`` (name, namespace and uid; kind but
    for a Pod, whose reference the Pod describer clears), as the field selector kubectl sends selects them."""
    wanted = {
        "involvedObject.name": obj.name,
        "involvedObject.namespace": obj.namespace,
        "involvedObject.uid": obj.metadata.uid or "",
    }
    if type(obj).KIND != "Pod":
        wanted["involvedObject.kind"] = type(obj).KIND
    candidates = api.list(Event, obj.namespace or None)
    return [e for e in candidates if all(SELECTABLE_FIELDS[f](e) == value for f, value in wanted.items())]


def event_interval(event: Event, now: datetime) -> str:
    """Age as ``DescribeEvents`` and ``kubectl events`` show it: ``3m``, or ``20s (x5 over 3m)`` for a repeat."""
    first = since(event.event_time or event.first_timestamp, now)
    if event.series is not None:
        return f"{since(event.series.last_observed_time, now)} (x{event.series.count} over {first})"
    if (event.count or 0) > 1:
        return f"{since(event.last_timestamp, now)} (x{event.count} over {first})"
    return first


def _last_timestamp(event: Event) -> float:
    return parse_timestamp(event.last_timestamp).timestamp() if event.last_timestamp else 0.0


def write_events(w: PrefixWriter, events: Sequence[Event], now: datetime) -> None:
    """``DescribeEvents``: ``Events:  <none>``, or a table sorted by ``lastTimestamp`` with ``sort.Sort``
    (``SortableEvents``: an ``events.k8s.io`` event, which has none, comes first)."""
    if not events:
        w.write(0, "Events:\t<none>\n")
        return
    w.flush()
    w.write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n")
    w.write(1, "----\t------\t----\t----\t-------\n")
    ordered = list(events)
    go_sort(ordered, lambda a, b: _last_timestamp(a) < _last_timestamp(b))
    for event in ordered:
        message = (event.message or "").strip()
        if event.regarding.field_path:
            message = f"{event.regarding.field_path}: {message}"
        interval = event_interval(event, now)
        w.write(1, f"{event.type or ''}\t{event.reason or ''}\t{interval}\t{event.source_component}\t{message}\n")
