"""``kubectl get`` tables: the client side, laying out the server's Tables.

The server builds a ``meta.k8s.io/v1`` Table (:mod:`kubesim_nb.printers`: column definitions with
priorities, rows of cells and the row's object); :func:`print_table` lays it out as
cli-runtime's ``tableprinter.go`` does: hide ``priority > 0`` columns unless wide, prepend
NAMESPACE for ``-A``, append ``-L`` columns and LABELS (both read from the row's object), rewrite
NAME as ``<kind>[.<group>]/<name>`` for multi-type output, drop the header for ``--no-headers``,
cut a cell at its first line break, and align the lines with :func:`.tabwriter.format_table`.

The rules are kubectl's ``printers.NewTablePrinter`` (``k8s.io/cli-runtime/pkg/printers/tableprinter.go``).
"""

from __future__ import annotations

from typing import Any, Sequence

from ...api.labels import format_labels
from ...printers import Column, Table
from .tabwriter import format_table, go_tabwriter

__all__ = ["format_table", "go_tabwriter", "print_table", "table_header", "table_row"]

_LINE_BREAKS = "\n\r\f"


def _clean(cell: str) -> str:
    """Cut a cell at its first line break and append ``...`` (tableprinter ``printRows``)."""
    cuts = [cell.index(ch) for ch in _LINE_BREAKS if ch in cell]
    return cell[: min(cuts)] + "..." if cuts else cell


def _label_header(key: str) -> str:
    return key.split("/")[-1].upper()


def _shown(columns: Sequence[Column], wide: bool) -> list[int]:
    return [i for i, column in enumerate(columns) if wide or column.priority == 0]


def _name_column(columns: Sequence[Column]) -> int | None:
    """The index of the first string column of format ``name`` (``decorateTable``), if any."""
    return next((i for i, c in enumerate(columns) if c.format == "name" and c.type == "string"), None)


def table_header(
    columns: Sequence[Column], *, wide: bool, namespaced: bool, label_columns: Sequence[str], show_labels: bool
) -> list[str]:
    """The header cells: NAMESPACE, the shown columns upper-cased, the ``-L`` keys, LABELS."""
    header = ["NAMESPACE"] if namespaced else []
    header += [columns[i].name.upper() for i in _shown(columns, wide)]
    header += [_label_header(key) for key in label_columns]
    return header + (["LABELS"] if show_labels else [])


def table_row(
    columns: Sequence[Column],
    cells: Sequence[str],
    obj: Any,
    *,
    wide: bool,
    namespaced: bool,
    name_prefix: str,
    label_columns: Sequence[str],
    show_labels: bool,
) -> list[str]:
    """One row's cells as printed; ``name_prefix`` (``service``, ``deployment.apps``) goes before the name, in
    the first column of format ``name`` if it is shown (``decorateTable``: an Event's is wide-only)."""
    name_column = _name_column(columns) if name_prefix else None
    shown = [
        f"{name_prefix}/{_clean(cells[i])}" if i == name_column else _clean(cells[i]) for i in _shown(columns, wide)
    ]
    labels = obj.labels
    row = ([obj.namespace] if namespaced else []) + shown
    row += [labels.get(key, "") for key in label_columns]
    return row + ([format_labels(labels)] if show_labels else [])


def print_table(
    kind_cls: type,
    table: Table,
    *,
    wide: bool = False,
    show_labels: bool = False,
    label_columns: Sequence[str] = (),
    all_namespaces: bool = False,
    name_prefix: bool = False,
    no_headers: bool = False,
) -> str:
    """The ``kubectl get`` text of a Table of ``kind_cls`` objects; ``""`` when it has no rows."""
    if not table.rows:
        return ""
    options = dict(
        wide=wide,
        namespaced=all_namespaces and kind_cls.NAMESPACED,
        label_columns=label_columns,
        show_labels=show_labels,
    )
    rows = [] if no_headers else [table_header(table.columns, **options)]
    prefix = kind_cls.kind_prefix() if name_prefix else ""
    for row in table.rows:
        rows.append(table_row(table.columns, row.cells, row.object, name_prefix=prefix, **options))
    return format_table(rows)
