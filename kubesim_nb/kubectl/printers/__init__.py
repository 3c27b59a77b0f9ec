"""``kubectl get`` tables.

This package owns the human-readable table output of ``kubectl get``:

- the per-group modules (:mod:`.core`, :mod:`.apps`, :mod:`.batch`,
  :mod:`.discovery`, :mod:`.networking`) hold each kind's column definitions
  and row function, as the API server's ``pkg/printers/internalversion`` does;
- :func:`print_table` (this module) is the client side, cli-runtime's
  ``tableprinter.go``: hide ``priority > 0`` columns unless wide, prepend
  NAMESPACE for ``-A``, append ``-L`` columns and LABELS, rewrite NAME as
  ``<kind>[.<group>]/<name>`` for multi-type output, drop the header for
  ``--no-headers``, and lay the lines out with :func:`.tabwriter.format_table`.

The rules are kubectl's ``printers.NewTablePrinter`` (k8s.io/cli-runtime/pkg/printers/tableprinter.go).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable, Sequence

from ...api.labels import format_labels
from . import apps, batch, core, discovery, networking
from .tabwriter import Column, TableHandler, format_table, go_tabwriter, human_duration

__all__ = ["Column", "TABLES", "TableHandler", "format_table", "go_tabwriter", "human_duration", "print_table"]

TABLES: dict[type, TableHandler] = {
    **core.TABLES,
    **apps.TABLES,
    **batch.TABLES,
    **discovery.TABLES,
    **networking.TABLES,
}

_LINE_BREAKS = "\n\r\f"


def _clean(cell: str) -> str:
    """Cut a cell at its first line break and append ``...`` (tableprinter ``printRows``)."""
    cuts = [cell.index(ch) for ch in _LINE_BREAKS if ch in cell]
    return cell[: min(cuts)] + "..." if cuts else cell


def _label_header(key: str) -> str:
    return key.split("/")[-1].upper()


def _header(columns: Sequence[Column], namespaced: bool, label_columns: Sequence[str], show_labels: bool) -> list[str]:
    header = ["NAMESPACE"] if namespaced else []
    header += [column.name.upper() for column in columns]
    header += [_label_header(key) for key in label_columns]
    return header + (["LABELS"] if show_labels else [])


def _row(
    obj: Any, cells: list[str], *, namespaced: bool, name_prefix: bool, label_columns: Sequence[str], show_labels: bool
) -> list[str]:
    cells = [_clean(cell) for cell in cells]
    if name_prefix:
        cells[0] = f"{type(obj).kind_prefix()}/{cells[0]}"
    labels = obj.labels
    row = ([obj.namespace] if namespaced else []) + cells
    row += [labels.get(key, "") for key in label_columns]
    return row + ([format_labels(labels)] if show_labels else [])


def print_table(
    kind_cls: type,
    objects: Iterable[Any],
    *,
    now: datetime,
    wide: bool = False,
    show_labels: bool = False,
    label_columns: Sequence[str] = (),
    all_namespaces: bool = False,
    name_prefix: bool = False,
    no_headers: bool = False,
) -> str:
    """The ``kubectl get`` table for ``objects`` of one kind; ``""`` when there are none.

    ``now`` is timezone-aware; AGE and the other durations are measured from it.
    """
    objects = list(objects)
    if not objects:
        return ""
    handler = TABLES[kind_cls]
    keep = [i for i, column in enumerate(handler.columns) if wide or column.priority == 0]
    namespaced = all_namespaces and kind_cls.NAMESPACED
    # only a table with a name column gets the kind prefix (Events have none)
    name_prefix = name_prefix and handler.columns[0].name == "Name"
    options = dict(namespaced=namespaced, name_prefix=name_prefix, label_columns=label_columns, show_labels=show_labels)
    rows = [] if no_headers else [_header([handler.columns[i] for i in keep], namespaced, label_columns, show_labels)]
    for obj in objects:
        cells = handler.row(obj, now)
        rows.append(_row(obj, [cells[i] for i in keep], **options))
    return format_table(rows)
