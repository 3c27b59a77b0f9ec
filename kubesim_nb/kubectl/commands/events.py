"""``kubectl events``: a namespace's Events, oldest first (``pkg/cmd/events/events.go``, ``event_printer.go``).

Unlike ``kubectl get events`` (rows in the server's order, built by the server), the
table is kubectl's own: sorted by when each Event last happened, ``LAST SEEN`` with
the ``(x5 over 10m)`` summary, ``OBJECT`` as ``Kind/name``. ``--for pod/web``
narrows it to one object, ``--types=Warning`` to one type; ``-w`` lists and then
prints each Event recorded during ``--request-timeout`` of simulated time.
"""

from __future__ import annotations

from datetime import datetime

from ...api.codec import encode
from ...api.events import EVENT_TYPES, Event
from ...clock import parse_time
from ...errors import UsageError
from ..base import Command, Invocation
from ..describe import event_interval
from ..flags import Flag
from ..flagsets import ALL_NAMESPACES_FLAG, CHUNK_SIZE_FLAG, printer_flags
from ..gosort import go_sort
from ..output import PRINT_FORMATS, Printer, TypedObject, printer_for
from ..printers import format_table
from ..resources import resolve_type
from ..watch import Follower, follow_until_done

__all__ = ["COMMAND"]

FLAGS = [
    ALL_NAMESPACES_FLAG,
    CHUNK_SIZE_FLAG,  # events.go lists in chunks of the default size, whatever this says
    Flag("for", usage="Filter events to only those pertaining to the specified resource."),
    Flag("no-headers", kind="bool", usage="When using the default output format, don't print headers."),
    Flag("types", kind="list", usage="Output only events of given types."),
    Flag("watch", short="w", kind="bool", usage="After listing the requested events, watch for more events."),
    *printer_flags(),
]

HELP = (
    "Display events.\n\n Prints a table of the most important information about events. You can request events for "
    "a namespace, for all namespace, or filtered to only those pertaining to a specified resource."
)
# kubectl's examples keep the two-space indent on their blank lines (templates.Examples)
EXAMPLES = "\n  \n".join(
    [
        "  # List recent events in the default namespace\n  kubectl events",
        "  # List recent events in all namespaces\n  kubectl events --all-namespaces",
        "  # List recent events for the specified pod, then wait for more events and list them as they arrive\n"
        "  kubectl events --for pod/web-pod-13je7 --watch",
        "  # List recent events in YAML format\n  kubectl events -oyaml",
        "  # List recent only events of type 'Warning' or 'Normal'\n  kubectl events --types=Warning,Normal",
    ]
)
USAGE = (
    f"kubectl events [(-o|--output=){'|'.join(PRINT_FORMATS)}] [--for TYPE/NAME] [--watch] [--types=Normal,Warning]"
    " [options]"
)


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
    kind = resolve_type(parts[0].lower())
    return kind.KIND, kind.API_VERSION, parts[1]


def _printer(inv: Invocation) -> Printer | None:
    """``-o``'s printer, or None for kubectl's own event table (``--template`` alone does not choose one)."""
    if not inv.flag("output"):
        return None
    return printer_for(inv.flag("output"), inv.flag("template"), cwd=inv.cwd)


def _types(inv: Invocation) -> set[str]:
    """``--types``, checked as ``Validate`` does; empty: every type."""
    types = {t.lower() for t in inv.flag("types") or []}
    if not types <= {t.lower() for t in EVENT_TYPES}:
        raise UsageError("valid --types are Normal or Warning")
    return types


def _last_happened(event: Event) -> float:
    """``eventTime()`` of events.go, the sort key: the series' last time, else lastTimestamp, else eventTime."""
    if event.series is not None:
        moment = event.series.last_observed_time
    else:
        moment = event.last_timestamp or event.event_time
    return parse_time(moment).timestamp() if moment else 0.0


def _row(event: Event, now: datetime, all_namespaces: bool) -> list[str]:
    """``printOneEvent``."""
    ref = event.regarding
    row = [event_interval(event, now), event.type or "", event.reason or ""]
    row += [f"{ref.kind or ''}/{ref.name or ''}", (event.message or "").strip()]
    return [event.namespace, *row] if all_namespaces else row


def _header(all_namespaces: bool) -> list[str]:
    return (["NAMESPACE"] if all_namespaces else []) + ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]


def _typed(event: Event) -> dict:
    """An Event as kubectl's client decoded it: a typed ``corev1.Event``, whose JSON keeps Go's field order."""
    return {"kind": "Event", "apiVersion": "v1", **encode(event)}


def _print(inv: Invocation, printer: Printer, data: dict, kind: type | None) -> None:
    if printer.kind != "name":
        printer.print(inv.out, [TypedObject(data, kind)])


def run(inv: Invocation) -> int:
    about = _about(inv)
    printer = _printer(inv)
    types = _types(inv)
    all_namespaces = bool(inv.flag("all-namespaces"))
    namespace = None if all_namespaces else inv.namespace

    def selected(event: Event) -> bool:
        ref = event.regarding
        return (about is None or (ref.kind, ref.api_version, ref.name) == about) and (
            not types or (event.type or "").lower() in types
        )

    if inv.flag("watch"):
        return _watch(inv, namespace, selected, printer, all_namespaces)
    events = [e for e in inv.cluster.api.list(Event, namespace) if selected(e)]
    if not events:
        inv.out.err("No events found." if all_namespaces else f"No events found in {inv.namespace} namespace.")
        return 0
    go_sort(events, lambda a, b: _last_happened(a) < _last_happened(b))  # SortableEvents, sort.Sort
    if printer is not None:
        # the EventList kubectl assembled (no list metadata of its own); the name printer refuses a typed list,
        # and events.go ignores the error: nothing is printed
        _print(
            inv,
            printer,
            {"kind": "EventList", "apiVersion": "v1", "metadata": {}, "items": [_typed(e) for e in events]},
            None,
        )
        return 0
    rows = [_row(e, inv.now, all_namespaces) for e in events]
    inv.out.out(format_table(rows if inv.flag("no-headers") else [_header(all_namespaces), *rows]).rstrip("\n"))
    return 0


def _watch(inv: Invocation, namespace: str | None, selected, printer: Printer | None, all_namespaces: bool) -> int:
    """``runWatch``: a watch from now, which starts with the Events there are (in the server's order);
    deletions (an hour on, the TTL) are not printed. Rows keep the widths already printed, as kubectl's
    tabwriter does, the header going out with the first of them."""
    follower = Follower(
        inv,
        Event,
        namespace,
        selected,
        lambda event, now: _row(event, now, all_namespaces),
        [],
        header=None if inv.flag("no-headers") else _header(all_namespaces),
        show_deleted=False,
        printed=None if printer is None else lambda event: _print(inv, printer, _typed(event), Event),
    )
    now = inv.cluster.clock.now()
    for event in follower.listed(inv.cluster):
        follower.show(event, now)
    return follow_until_done(inv, follower)


COMMAND = Command(
    "events",
    "List events",
    HELP,
    FLAGS,
    run,
    examples=EXAMPLES,
    usage=USAGE,
)
