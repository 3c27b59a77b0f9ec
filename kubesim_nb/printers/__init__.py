"""The API server's printers: ``meta.k8s.io/v1`` Tables for ``kubectl get`` (``pkg/printers/internalversion``).

As in Kubernetes, the printers belong to the server: for each kind, the per-group modules
(:mod:`.core`, :mod:`.apps`, :mod:`.batch`, :mod:`.discovery`, :mod:`.networking`) hold the column
definitions and the row function of ``pkg/printers/internalversion/printers.go``, and
:func:`table_for` builds the :class:`~.table.Table` of a list of objects. The in-process kubectl
and the HTTP front door (``kubesim serve``) both print from these Tables, so the real kubectl and
ours show the same columns; laying a Table out as text is the client's job
(:mod:`kubesim_nb.kubectl.printers`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable

from . import apps, batch, core, discovery, networking
from .cells import human_duration, join_with_more, parse_timestamp, since, summarize
from .table import AGE_COLUMN, NAME_COLUMN, Column, Table, TableHandler, TableRow, generate_table

__all__ = [
    "AGE_COLUMN",
    "NAME_COLUMN",
    "TABLES",
    "Column",
    "Table",
    "TableHandler",
    "TableRow",
    "generate_table",
    "human_duration",
    "join_with_more",
    "parse_timestamp",
    "since",
    "summarize",
    "table_for",
]

TABLES: dict[type, TableHandler] = {
    **core.TABLES,
    **apps.TABLES,
    **batch.TABLES,
    **discovery.TABLES,
    **networking.TABLES,
}


def table_for(kind: type, objects: Iterable[Any], now: datetime) -> Table:
    """The Table of ``objects`` of one kind, every column included."""
    return generate_table(TABLES[kind], objects, now)
