"""CSV files an instructor opens in a spreadsheet: no cell may run as a formula.

A student chooses their folder name and much of what a reason or a problem
quotes, so a cell such as ``=HYPERLINK(...)`` or ``@SUM(...)`` would be run by
Excel, LibreOffice or Google Sheets when the grades are opened ("CSV
injection", OWASP). Every text cell that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return is written with a leading apostrophe, which
spreadsheets show as text. Numbers are written as they are.
"""

from __future__ import annotations

import csv
from typing import Any, Iterable, TextIO

__all__ = ["FORMULA_STARTS", "SpreadsheetWriter", "neutralised"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: Any) -> Any:
    """``value`` as a spreadsheet shows it: text that would start a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SpreadsheetWriter:
    """``csv.writer`` whose rows are safe to open in a spreadsheet."""

    def __init__(self, handle: TextIO):
        self._writer = csv.writer(handle)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([neutralised(value) for value in row])
