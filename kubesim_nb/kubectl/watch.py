"""``kubectl get -w``: the listing, then one row per change, for a stretch of simulated time.

In a notebook or a test a watch lasts ``--request-timeout`` (default 30s) of simulated time, during which the
controllers keep working, so a learner sees Pods go ``Pending`` → ``ContainerCreating`` → ``Running``, and then
returns. In a terminal (:class:`~.base.Terminal`, the ``kubesim`` command on a tty) it runs as kubectl's does: until
``--request-timeout`` if given, else until Ctrl-C (exit 130, nothing printed), with simulated time passing in step
with real time, and it also shows what other ``kubesim`` commands change meanwhile (a change it did not see happen
is one row of the object as it is now, like a watch resumed from a resourceVersion).
Rows share the listing's column widths and only ever widen them, as kubectl's tabwriter with ``RememberWidths``
does; a deleted object prints its last row. ``kubectl events -w`` follows Events with the same :class:`Follower`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Sequence

from ..clock import parse_duration
from ..errors import UsageError
from ..printers import TABLES, table_for
from .base import Invocation
from .builder import selector_from_flag
from .flags import invalid_argument
from .output import format_objects
from .printers import format_table, table_row
from .printers.tabwriter import TABLE_MINWIDTH, TABLE_PADDING

__all__ = ["DEFAULT_WATCH_SECONDS", "WATCH_ONE_TYPE", "Follower", "follow_until_done", "watch"]

DEFAULT_WATCH_SECONDS = 30.0  # without a terminal
LIVE_STEP_SECONDS = 1.0  # in a terminal: simulated time moves in steps of this much real time
INTERRUPTED = 130  # the exit status of a command ended by Ctrl-C (128 + SIGINT)
# get.go watch: the builder's SingleResourceType refuses several types (svc,pods, all, svc/a pod/b)
WATCH_ONE_TYPE = "you may only specify a single resource type"


def _timeout(inv: Invocation) -> float | None:
    """``--request-timeout`` in seconds; None when not given (or 0: no timeout)."""
    text = inv.flag("request-timeout")
    if not text or str(text) == "0":
        return None
    try:
        return parse_duration(text)
    except ValueError:
        raise UsageError(invalid_argument(text, "--request-timeout", f'time: invalid duration "{text}"')) from None


def _row_cells(inv: Invocation, kind: type, obj: Any, all_namespaces: bool, now: datetime) -> list[str]:
    (row,) = table_for(kind, [obj], now).rows
    return table_row(
        TABLES[kind].columns,
        row.cells,
        obj,
        wide=inv.flag("output") == "wide",
        namespaced=all_namespaces and kind.NAMESPACED,
        name_prefix="",
        label_columns=inv.flag("label-columns") or (),
        show_labels=bool(inv.flag("show-labels")),
    )


def _widths_of(lines: list[str]) -> list[int]:
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


def _format_row(cells: list[str], widths: list[int]) -> str:
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


def _version(obj: Any) -> int:
    return int(obj.metadata.resource_version or 0)


@dataclass
class Follower:
    """One watch: which objects it shows, how, and the last version of each it has shown."""

    inv: Invocation
    kind: type
    namespace: str | None  # None: every namespace (or a cluster-scoped kind)
    matches: Callable[[Any], bool]
    row: Callable[[Any, datetime], list[str]]  # the table cells of an object, ages as of the given time
    widths: list[int]  # of the table printed so far
    header: list[str] | None = None  # printed with the first row when the watch printed no listing of its own
    show_deleted: bool = True  # kubectl events does not print the deletions (an Event's TTL ending)
    printed: Callable[[Any], None] | None = None  # how -o prints an object (None: as a table row)
    seen: dict[str, Any] = field(default_factory=dict)  # uid -> the object as last shown

    def show(self, obj: Any, now: datetime, deleted: bool = False) -> None:
        if deleted:
            self.seen.pop(obj.metadata.uid, None)
            if not self.show_deleted:
                return
        else:
            self.seen[obj.metadata.uid] = obj
        if self.printed is not None:
            self.printed(obj)
        elif self.header is not None:  # the first row: header and row laid out together, as one tabwriter flush
            table = format_table([self.header, self.row(obj, now)]).rstrip("\n")
            self.inv.out.out(table)
            self.widths, self.header = _widths_of(table.splitlines()), None
        else:
            self.inv.out.out(_format_row(self.row(obj, now), self.widths))

    def listed(self, runtime: Any) -> list[Any]:
        return [o for o in runtime.api.list(self.kind, self.namespace) if self.matches(o)]

    def catch_up(self, runtime: Any) -> None:
        """Show what changed while this watch was not looking (another ``kubesim`` command), oldest change first."""
        now = runtime.clock.now()
        current = {o.metadata.uid: o for o in self.listed(runtime)}
        changed = [o for uid, o in current.items() if uid not in self.seen or _version(self.seen[uid]) != _version(o)]
        gone = [o for uid, o in self.seen.items() if uid not in current]
        for obj in sorted(changed, key=_version):
            self.show(obj, now)
        for obj in gone:
            self.show(obj, now, deleted=True)

    def follow(self, runtime: Any, seconds: float) -> None:
        """Let ``seconds`` of simulated time pass, showing each change as it happens."""

        def on_event(event) -> None:
            in_namespace = self.namespace is None or event.object.namespace == self.namespace
            if event.kind is self.kind and in_namespace and self.matches(event.object):
                self.show(event.object, runtime.clock.now(), deleted=event.type == "DELETED")

        runtime.api.watch(on_event)
        try:
            runtime.advance(seconds)
        finally:
            runtime.api.unwatch(on_event)


def follow_until_done(inv: Invocation, follower: Follower) -> int:
    """Without a terminal, ``--request-timeout`` (30 s by default) of simulated time; in one, until the timeout
    or Ctrl-C, in step with real time and catching up with what other ``kubesim`` commands change."""
    timeout = _timeout(inv)
    if inv.terminal is None:
        follower.follow(inv.cluster, DEFAULT_WATCH_SECONDS if timeout is None else timeout)
        return 0
    runtime, elapsed = inv.cluster, 0.0
    follower.seen = {o.metadata.uid: o for o in follower.listed(runtime)}
    while timeout is None or elapsed < timeout:
        step = LIVE_STEP_SECONDS if timeout is None else min(LIVE_STEP_SECONDS, timeout - elapsed)
        try:
            runtime = inv.terminal.pause(step)
        except KeyboardInterrupt:  # Ctrl-C ends kubectl quietly
            return INTERRUPTED
        follower.catch_up(runtime)
        follower.follow(runtime, step)
        elapsed += step
    return 0


def watch(
    inv: Invocation,
    requests: list,
    all_namespaces: bool,
    listing: str = "",
    keep: Callable[[Any], bool] | None = None,
    listed: Sequence[Any] = (),
) -> int:
    """``get -w`` after its listing. ``keep``: the field selector's test (the server applies it to a watch as to a
    list). ``listed``: the objects of the listing, which an ``-o yaml|json|name|jsonpath`` watch prints itself."""
    if len({r.kind for r in requests}) > 1:
        raise UsageError(WATCH_ONE_TYPE)
    request = requests[0]
    kind = request.kind
    selector = selector_from_flag(kind, inv.flag("selector"))
    names = set(request.names)

    def matches(obj: Any) -> bool:
        return (
            (not names or obj.name in names)
            and (selector is None or selector.matches(obj.metadata.labels or {}))
            and (keep is None or keep(obj))
        )

    follower = Follower(
        inv,
        kind,
        None if all_namespaces or not kind.NAMESPACED else inv.namespace,
        matches,
        lambda obj, now: _row_cells(inv, kind, obj, all_namespaces, now),
        _widths_of(listing.splitlines()) if not inv.flag("no-headers") else [],
    )
    fmt = inv.flag("output")
    if fmt not in (None, "", "wide"):
        follower.printed = _object_printer(inv, fmt)
        for obj in listed:
            follower.printed(obj)
    return follow_until_done(inv, follower)


def _object_printer(inv: Invocation, fmt: str) -> Callable[[Any], None]:
    """One printer for the whole watch, as get.go's: the YAML printer writes ``---`` before every object but the
    first it prints (``printers.YAMLPrinter.printCount``)."""
    printed = 0

    def print_object(obj: Any) -> None:
        nonlocal printed
        printed += 1
        separator = "---\n" if printed > 1 and fmt == "yaml" else ""
        text = separator + format_objects([obj], fmt, single=True)
        if fmt.startswith("jsonpath"):
            inv.out.raw(text)  # as the listing: no newline after a jsonpath result
        else:
            inv.out.out(text)

    return print_object
