"""Text layout shared by every kubectl printer.

This module owns:

- :class:`GoTabWriter` / :func:`go_tabwriter`: a port of Go's ``text/tabwriter``
  (cells terminated by ``\\t``, column widths computed per *block* of
  consecutive lines that have that cell, ``Flush``). ``kubectl describe`` uses
  it with ``(minwidth=0, tabwidth=8, padding=2)``, ``kubectl get`` tables with
  ``(6, 4, 3)`` (text/tabwriter as kubectl configures it);
- :func:`format_table`: a ``kubectl get`` table from rows of cells;
- :func:`human_duration` (apimachinery ``duration.HumanDuration``) and
  :func:`since` (``translateTimestampSince``);
- the table definition types (:class:`Column`, :class:`TableHandler`) and the
  ``first 3 + N more...`` cell helpers the per-group printers share.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Iterable, Sequence

from ...clock import parse_time

__all__ = [
    "Column",
    "GoTabWriter",
    "TableHandler",
    "format_table",
    "go_tabwriter",
    "human_duration",
    "join_with_more",
    "parse_timestamp",
    "since",
    "summarize",
]


# --------------------------------------------------------------- Go tabwriter
class GoTabWriter:
    """Go's ``tabwriter.Writer`` with a space pad character and no flags.

    Text is buffered as lines of cells; a cell is the text before a ``\\t``
    (tab-terminated) and the text before a newline is the line's last cell,
    which belongs to no column and is never padded. A line with no tab at all
    flushes the buffer, exactly as Go does.
    """

    def __init__(self, minwidth: int = 0, tabwidth: int = 8, padding: int = 1, padchar: str = " "):
        if padchar != " ":
            raise ValueError("only space padding is implemented")
        self.minwidth = minwidth
        self.tabwidth = tabwidth
        self.padding = padding
        self._lines: list[list[str]] = [[]]
        self._cell: list[str] = []
        self._out: list[str] = []

    def write(self, text: str) -> None:
        for ch in text:
            if ch == "\t":
                self._terminate_cell()
            elif ch == "\n":
                self._terminate_cell()
                cells = len(self._lines[-1])
                self._lines.append([])
                if cells == 1:
                    self.flush()
            else:
                self._cell.append(ch)

    def flush(self) -> None:
        if self._cell:
            self._terminate_cell()
        self._format(0, len(self._lines), [])
        self._lines = [[]]

    def getvalue(self) -> str:
        """Everything flushed so far (call :meth:`flush` first)."""
        return "".join(self._out)

    def _terminate_cell(self) -> None:
        self._lines[-1].append("".join(self._cell))
        self._cell = []

    def _format(self, line0: int, line1: int, widths: list[int]) -> None:
        """Go's recursive ``format``: one column block at a time."""
        column = len(widths)
        this = line0
        while this < line1:
            if column >= len(self._lines[this]) - 1:
                this += 1
                continue
            self._write_lines(line0, this, widths)
            line0 = this
            width = self.minwidth
            while this < line1 and column < len(self._lines[this]) - 1:
                width = max(width, len(self._lines[this][column]) + self.padding)
                this += 1
            self._format(line0, this, widths + [width])
            line0 = this
        self._write_lines(line0, line1, widths)

    def _write_lines(self, line0: int, line1: int, widths: list[int]) -> None:
        for i in range(line0, line1):
            for j, cell in enumerate(self._lines[i]):
                self._out.append(cell)
                if j < len(widths):
                    self._out.append(" " * (widths[j] - len(cell)))
            if i + 1 < len(self._lines):
                self._out.append("\n")


def go_tabwriter(text: str, minwidth: int = 0, tabwidth: int = 8, padding: int = 1) -> str:
    """Run ``text`` through a fresh :class:`GoTabWriter` and flush it."""
    writer = GoTabWriter(minwidth, tabwidth, padding)
    writer.write(text)
    writer.flush()
    return writer.getvalue()


# ----------------------------------------------------------------- get tables
# cli-runtime printers.GetNewTabWriter: minwidth 6, tabwidth 4, padding 3.
TABLE_MINWIDTH, TABLE_TABWIDTH, TABLE_PADDING = 6, 4, 3


def format_table(rows: Sequence[Sequence[str]]) -> str:
    """Lay out ``rows`` (header included) as ``kubectl get`` does.

    Every column but the last is as wide as its longest cell plus 3 (at least
    6); the last column is not padded, unless its cell is empty, in which case
    the line ends with the previous column's padding.
    """
    text = "".join("\t".join(row) + "\n" for row in rows)
    return go_tabwriter(text, TABLE_MINWIDTH, TABLE_TABWIDTH, TABLE_PADDING)


@dataclass(frozen=True)
class Column:
    """A server table column (``metav1.TableColumnDefinition``): name as the server spells it."""

    name: str
    priority: int = 0


@dataclass(frozen=True)
class TableHandler:
    """Column definitions plus the row function for one kind (``h.TableHandler``).

    ``row(obj, now)`` returns one cell per column, wide columns included: the
    API server always generates tables with ``Wide: true`` and kubectl drops
    the ``priority > 0`` columns itself.
    """

    columns: tuple[Column, ...]
    row: Callable[[Any, datetime], list[str]]


# ------------------------------------------------------------------ durations
def human_duration(seconds: float) -> str:
    """apimachinery ``duration.HumanDuration`` (all divisions truncate)."""
    secs = math.trunc(seconds)
    if secs < -1:
        return "<invalid>"
    if secs < 0:
        return "0s"
    if secs < 120:
        return f"{secs}s"
    minutes = secs // 60
    if minutes < 10:
        return _two_units(minutes, "m", secs % 60, "s")
    if minutes < 180:
        return f"{minutes}m"
    hours = secs // 3600
    if hours < 8:
        return _two_units(hours, "h", minutes % 60, "m")
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        return _two_units(hours // 24, "d", hours % 24, "h")
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        return _two_units(hours // 24 // 365, "y", (hours // 24) % 365, "d")
    return f"{hours // 24 // 365}y"


def _two_units(big: int, big_unit: str, small: int, small_unit: str) -> str:
    return f"{big}{big_unit}" if small == 0 else f"{big}{big_unit}{small}{small_unit}"


def parse_timestamp(text: str) -> datetime:
    """An RFC 3339 timestamp (second precision preferred, fractions accepted)."""
    try:
        return parse_time(text)
    except ValueError:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))


def since(timestamp: str | None, now: datetime) -> str:
    """``translateTimestampSince``: ``<unknown>`` for an unset timestamp."""
    if not timestamp:
        return "<unknown>"
    return human_duration((now - parse_timestamp(timestamp)).total_seconds())


# --------------------------------------------------------------- cell helpers
def join_with_more(shown: Sequence[str], more: bool, count: int, limit: int = 3) -> str:
    """``a,b,c + N more...`` (N = count - limit) when ``more``, else ``a,b,c``."""
    text = ",".join(shown)
    return f"{text} + {count - limit} more..." if more else text


def summarize(items: Iterable[str], limit: int = 3) -> str:
    """The first ``limit`` items joined by ``,`` and `` + N more...`` for the rest."""
    items = list(items)
    return join_with_more(items[:limit], len(items) > limit, len(items), limit)
