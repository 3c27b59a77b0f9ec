"""What a server-side printer is and what it produces: column definitions, row functions, Tables.

This module owns the shapes of ``pkg/printers/tablegenerator.go`` (a ``TableHandler`` is a kind's
column definitions plus its row function) and of ``metav1.Table``
(``staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go``: ``TableColumnDefinition``,
``TableRow``), and :func:`generate_table`, ``TableGenerator.GenerateTable``. The API server always
generates every column (``Wide: true``, ``pkg/printers/storage/storage.go``); clients hide the
``priority > 0`` ones unless asked for a wide listing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Iterable

__all__ = ["AGE_COLUMN", "NAME_COLUMN", "Column", "Table", "TableHandler", "TableRow", "generate_table"]


@dataclass(frozen=True)
class Column:
    """A ``metav1.TableColumnDefinition``: ``name`` as the server spells it (kubectl upper-cases it)."""

    name: str
    priority: int = 0
    type: str = "string"
    format: str = ""
    description: str = ""


# the first and the age column of every kind, with ObjectMeta's field documentation as upstream's descriptions
NAME_COLUMN = Column(
    "Name",
    format="name",
    description="Name must be unique within a namespace. Is required when creating resources, although some "
    "resources may allow a client to request the generation of an appropriate name automatically. Name is "
    "primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: "
    "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names",
)
AGE_COLUMN = Column(
    "Age",
    description="CreationTimestamp is a timestamp representing the server time when this object was created. It "
    "is not guaranteed to be set in happens-before order across separate operations. Clients may not set this "
    "value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for "
    "lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
)


@dataclass(frozen=True)
class TableHandler:
    """Column definitions plus the row function for one kind (``h.TableHandler``).

    ``row(obj, now)`` returns one cell per column, wide columns included.
    """

    columns: tuple[Column, ...]
    row: Callable[[Any, datetime], list[str]]


@dataclass(frozen=True)
class TableRow:
    """A ``metav1.TableRow``: the cells, and the object the row is about."""

    cells: list[str]
    object: Any


@dataclass(frozen=True)
class Table:
    """A ``metav1.Table``: column definitions and rows."""

    columns: tuple[Column, ...]
    rows: list[TableRow]


def generate_table(handler: TableHandler, objects: Iterable[Any], now: datetime) -> Table:
    """``GenerateTable``: one row per object, every column, ages measured from ``now`` (timezone-aware)."""
    return Table(handler.columns, [TableRow(handler.row(obj, now), obj) for obj in objects])
