"""``kubectl events``: a namespace's Events, oldest first (``pkg/cmd/events/events.go``, ``event_printer.go``).

Unlike ``kubectl get events`` (rows in the server's order, built by the server), the
table is kubectl's own: sorted by when each Event last happened, ``LAST SEEN`` with
the ``(x5 over 10m)`` summary, ``OBJECT`` as ``Kind/name``. ``--for pod/web``
narrows it to one object, ``--types=Warning`` to one type; ``-w`` lists and then
prints each Event recorded during ``--request-timeout`` of simulated time.
"""

from __future__ import annotations

from typing import Any

from ...api.codec import encode
from ...api.events import EVENT_TYPES, Event
from ...clock import parse_time
from ...errors import UsageError
from ..base import Command, Invocation
from ..describe import event_interval
from ..flags import Flag
from ..gosort import go_sort
from ..output import format_objects, to_json, to_yaml
from ..printers import format_table
from ..resources import resolve_type
from ..watch import format_remembered_row, remembered_widths, watch_timeout

__all__ = ["COMMAND"]

FLAGS = [
    Flag("all-namespaces", "A", "bool", False),
    Flag("watch", "w", "bool", False),
    Flag("for"),
    Flag("types", None, "list"),
    Flag("no-headers", None, "bool", False),
    Flag("output", "o"),
    Flag("chunk-size", None, "int", 500),
]

HELP = """Display events.

 Prints a table of the most important information about events. You can request events for a namespace, for all
namespace, or filtered to only those pertaining to a specified resource.

Examples:
  # List recent events in the default namespace
  kubectl events

  # List recent events in all namespaces
  kubectl events --all-namespaces

  # List recent events for the specified pod, then wait for more events and list them as they arrive
  kubectl events --for pod/web-pod-13je7 --watch

  # List recent events in YAML format
  kubectl events -oyaml

  # List recent only events of type 'Warning' or 'Normal'
  kubectl events --types=Warning,Normal

Options:
    -A, --all-namespaces=false: If present, list the requested object(s) across all namespaces. Namespace in current
        context is ignored even if specified with --namespace.
    --for='': Filter events to only those pertaining to the specified resource.
    --no-headers=false: When using the default output format, don't print headers.
    -o, --output='': Output format. One of: (json, yaml, name, jsonpath=...).
    --types=[]: Output only events of given types.
    -w, --watch=false: After listing the requested events, watch for more events.

Usage:
  kubectl events [(-o|--output=)json|yaml|name|jsonpath] [--for TYPE/NAME] [--watch] [--types=Normal,Warning]
[options]
"""


def _about(inv: Invocation) -> tuple[str, str, str] | None:
    """``--for TYPE/NAME`` as (kind, apiVersion, name): ``decodeResourceTypeName``."""
    target = inv.flag("for")
    if not target:
        return None
    if "/" not in target:
        raise UsageError("--for must be in resource/name form")
    parts = target.split("/")
    if len(parts) != 2:
        raise UsageError("arguments in resource/name form may not have more than one slash")
    kind = resolve_type(parts[0])
    return kind.KIND, kind.API_VERSION, parts[1]


def _selected(inv: Invocation, event: Event, about: tuple[str, str, str] | None) -> bool:
    ref = event.regarding
    if about is not None and (ref.kind, ref.api_version, ref.name) != about:
        return False
    types = inv.flag("types")
    return not types or (event.type or "").lower() in {t.lower() for t in types}


def _last_happened(event: Event) -> float:
    """``eventTime()`` of events.go, the sort key: the series' last time, else lastTimestamp, else eventTime."""
    if event.series is not None:
        moment = event.series.last_observed_time
    else:
        moment = event.last_timestamp or event.event_time
    return parse_time(moment).timestamp() if moment else 0.0


def _row(inv: Invocation, event: Event, all_namespaces: bool) -> list[str]:
    """``printOneEvent``."""
    ref = event.regarding
    row = [event_interval(event, inv.now), event.type or "", event.reason or ""]
    row += [f"{ref.kind or ''}/{ref.name or ''}", (event.message or "").strip()]
    return [event.namespace, *row] if all_namespaces else row


def _header(all_namespaces: bool) -> list[str]:
    return (["NAMESPACE"] if all_namespaces else []) + ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]


def _as_event_list(events: list[Event], fmt: str) -> str:
    """``-o yaml|json``: the EventList kubectl assembled (no list metadata of its own). It is a typed
    object, so JSON keeps Go's field order (YAML is written from a map: sorted)."""
    items = [{"kind": "Event", "apiVersion": "v1", **encode(e)} for e in events]
    data: dict[str, Any] = {"kind": "EventList", "apiVersion": "v1", "metadata": {}, "items": items}
    return to_yaml(data) if fmt == "yaml" else to_json(data, sort_keys=False)


def run(inv: Invocation) -> int:
    for value in inv.flag("types") or []:
        if value.lower() not in {t.lower() for t in EVENT_TYPES}:
            raise UsageError("valid --types are Normal or Warning")
    about = _about(inv)
    all_namespaces = bool(inv.flag("all-namespaces"))
    namespace = None if all_namespaces else inv.namespace
    if inv.flag("watch"):
        return _watch(inv, namespace, about, all_namespaces)
    events = [e for e in inv.cluster.api.list(Event, namespace) if _selected(inv, e, about)]
    if not events:
        inv.out.err("No events found." if all_namespaces else f"No events found in {inv.namespace} namespace.")
        return 0
    go_sort(events, lambda a, b: _last_happened(a) < _last_happened(b))  # SortableEvents, sort.Sort
    fmt = inv.flag("output") or ""
    if fmt in ("yaml", "json"):
        inv.out.out(_as_event_list(events, fmt))
    elif fmt == "name":
        pass  # the name printer refuses a typed list, and events.go ignores the error: nothing is printed
    elif fmt.startswith("jsonpath"):
        inv.out.raw(format_objects(events, fmt, single=False))  # no final newline, as kubectl
    elif fmt:
        inv.out.out(format_objects(events, fmt, single=False))
    else:
        rows = [_row(inv, e, all_namespaces) for e in events]
        inv.out.out(format_table(rows if inv.flag("no-headers") else [_header(all_namespaces), *rows]).rstrip("\n"))
    return 0


def _watch(inv: Invocation, namespace: str | None, about: tuple[str, str, str] | None, all_namespaces: bool) -> int:
    """``runWatch``: a watch from now, which starts with the Events there are (in the server's order);
    deletions (an hour on, the TTL) are not printed. Rows keep the widths already printed, as kubectl's
    tabwriter does."""
    api, fmt = inv.cluster.api, inv.flag("output")
    printed: list[Any] = []  # each Event as it arrives: the object for -o, else its row (ages as of then)

    def arrived(event: Event) -> None:
        if _selected(inv, event, about):
            printed.append(event if fmt else _row(inv, event, all_namespaces))

    def on_change(change) -> None:
        if change.kind is Event and change.new is not None and namespace in (None, change.new.namespace):
            arrived(change.new)

    for event in api.list(Event, namespace):
        arrived(event)
    api.watch(on_change)
    try:
        inv.cluster.advance(watch_timeout(inv))
    finally:
        api.unwatch(on_change)
    if not printed:
        return 0
    if fmt:
        for event in printed:
            inv.out.out(format_objects([event], fmt, single=True))
        return 0
    header = [] if inv.flag("no-headers") else [_header(all_namespaces)]
    first = format_table([*header, printed[0]]).rstrip("\n")
    inv.out.out(first)
    widths = remembered_widths(first.splitlines())
    for row in printed[1:]:
        inv.out.out(format_remembered_row(row, widths))
    return 0


COMMAND = Command("events", "List events", HELP, FLAGS, run)
