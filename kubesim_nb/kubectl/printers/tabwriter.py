"""Text layout shared by every kubectl printer.

This module owns:

- :class:`GoTabWriter` / :func:`go_tabwriter`: a port of Go's ``text/tabwriter``
  (cells terminated by ``\\t``, column widths computed per *block* of
  consecutive lines that have that cell, ``Flush``). ``kubectl describe`` uses
  it with ``(minwidth=0, tabwidth=8, padding=2)``, ``kubectl get`` tables with
  ``(6, 4, 3)`` (text/tabwriter as kubectl configures it);
- :func:`format_table`: a ``kubectl get`` table from rows of cells.

The cells themselves come from the server's printers (:mod:`kubesim_nb.printers`).
"""

from __future__ import annotations

from typing import Sequence

__all__ = ["GoTabWriter", "format_table", "go_tabwriter"]


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
