"""``kubectl get -w``: the listing, then one row per change, for a bounded stretch of simulated time.

A real watch runs until interrupted; here it lasts ``--request-timeout``
(default 30s) of simulated time, during which the controllers keep working,
so a learner sees Pods go ``Pending`` → ``ContainerCreating`` → ``Running``.
Rows share the listing's column widths and only ever widen them, as kubectl's
tabwriter with ``RememberWidths`` does; a deleted object prints its last row.
"""

from __future__ import annotations

from typing import Any, Callable

from ..api.labels import format_labels
from ..clock import parse_duration
from ..errors import UsageError
from .base import Invocation
from .builder import selector_from_flag
from .flags import invalid_argument
from .output import format_objects
from .printers import TABLES
from .printers.tabwriter import TABLE_MINWIDTH, TABLE_PADDING

__all__ = [
    "DEFAULT_WATCH_SECONDS",
    "WATCH_ONE_TYPE",
    "format_remembered_row",
    "remembered_widths",
    "watch",
    "watch_timeout",
]

DEFAULT_WATCH_SECONDS = 30.0
WATCH_ONE_TYPE = (
    "watch is only supported on individual resources and resource collections, but a list of resources is provided"
)


def watch_timeout(inv: Invocation) -> float:
    """How long a watch lasts: ``--request-timeout`` of simulated time, 30 s by default."""
    text = inv.flag("request-timeout")
    if not text or str(text) == "0":
        return DEFAULT_WATCH_SECONDS
    try:
        return parse_duration(text)
    except ValueError:
        raise UsageError(invalid_argument(text, "--request-timeout", f'time: invalid duration "{text}"')) from None


def _row_cells(inv: Invocation, kind: type, obj: Any, all_namespaces: bool) -> list[str]:
    handler = TABLES[kind]
    wide = inv.flag("output") == "wide"
    cells = handler.row(obj, inv.now)
    cells = [cell for cell, column in zip(cells, handler.columns) if wide or column.priority == 0]
    row = ([obj.namespace] if all_namespaces and kind.NAMESPACED else []) + cells
    row += [obj.labels.get(key, "") for key in inv.flag("label-columns") or ()]
    if inv.flag("show-labels"):
        row.append(format_labels(obj.labels))
    return row


def remembered_widths(lines: list[str]) -> list[int]:
    """Column widths (cell + padding) of an already formatted table, read back from its header."""
    if not lines:
        return []
    header = lines[0]
    widths, start = [], 0
    while True:
        end = header.find("   ", start)
        if end < 0:
            break
        stop = end
        while stop < len(header) and header[stop] == " ":
            stop += 1
        widths.append(stop - start)
        start = stop
    return widths


def format_remembered_row(cells: list[str], widths: list[int]) -> str:
    """A row laid out in the widths printed so far, widening them where a cell needs more."""
    parts = []
    for i, cell in enumerate(cells):
        if i == len(cells) - 1:
            parts.append(cell)
            break
        need = max(len(cell) + TABLE_PADDING, TABLE_MINWIDTH)
        if i >= len(widths):
            widths.append(need)
        widths[i] = max(widths[i], need)
        parts.append(cell.ljust(widths[i]))
    return "".join(parts).rstrip() if cells and cells[-1] else "".join(parts)


def watch(
    inv: Invocation, requests: list, all_namespaces: bool, listing: str = "", keep: Callable[[Any], bool] | None = None
) -> int:
    """``keep``: the field selector's test (the server applies it to a watch as to a list)."""
    if len({r.kind for r in requests}) > 1:
        raise UsageError(WATCH_ONE_TYPE)
    request = requests[0]
    kind = request.kind
    namespace = None if all_namespaces or not kind.NAMESPACED else inv.namespace
    selector = selector_from_flag(kind, inv.flag("selector"))
    names = set(request.names)
    widths = remembered_widths(listing.splitlines()) if not inv.flag("no-headers") else []
    structured = inv.flag("output") not in (None, "", "wide")
    events: list[Any] = []

    def on_event(event) -> None:
        if event.kind is not kind:
            return
        obj = event.object
        if namespace is not None and obj.namespace != namespace:
            return
        if names and obj.name not in names:
            return
        if selector is not None and not selector.matches(obj.metadata.labels or {}):
            return
        if keep is not None and not keep(obj):
            return
        events.append(obj if structured else _row_cells(inv, kind, obj, all_namespaces))

    api = inv.cluster.api
    api.watch(on_event)
    try:
        inv.cluster.advance(watch_timeout(inv))
    finally:
        api.unwatch(on_event)
    if structured:
        for obj in events:
            inv.out.out(format_objects([obj], inv.flag("output"), single=True))
        return 0
    for cells in events:
        inv.out.out(format_remembered_row(cells, widths))
    return 0
