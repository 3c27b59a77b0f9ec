"""Server-side Tables: ``meta.k8s.io/v1`` ``Table`` answers for ``kubectl get``.

This module owns the JSON of a :class:`~kubesim_nb.printers.Table` (``staging/src/k8s.io/apiserver/pkg/
endpoints/handlers/response.go`` ``transformResponseObject`` / ``asTable``): the column definitions, one row
per object with its cells, and the row's object as ``includeObject`` asks: ``None`` (no object),
``Metadata`` (the default: a ``PartialObjectMetadata``, which ``-L``, ``--show-labels`` and ``-A`` read) or
``Object`` (the whole object, for ``--sort-by``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable

from ..printers import table_for
from .routes import accepts

__all__ = ["TABLE_CONTENT_TYPE", "table_json", "wants_table"]

TABLE_CONTENT_TYPE = "application/json;as=Table;v=v1;g=meta.k8s.io"
INCLUDE_OBJECT = ("None", "Metadata", "Object")


def wants_table(accept: str) -> bool:
    """The client asked for a ``meta.k8s.io`` Table (kubectl get's Accept starts with it)."""
    return accepts(accept, "as=Table", "g=meta.k8s.io")


def _row_object(obj: Any, include: str) -> dict[str, Any] | None:
    if include == "None":
        return None
    data = obj.to_dict()
    if include == "Object":
        return data
    return {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": data["metadata"]}


def table_json(
    kind: type,
    objects: Iterable[Any],
    now: datetime,
    *,
    include: str = "Metadata",
    resource_version: str = "",
    with_columns: bool = True,
) -> dict[str, Any]:
    """The Table of ``objects``; a watch sends the column definitions with its first event only."""
    include = include if include in INCLUDE_OBJECT else "Metadata"
    table = table_for(kind, objects, now)
    columns = [
        {"name": c.name, "type": c.type, "format": c.format, "description": c.description, "priority": c.priority}
        for c in table.columns
    ]
    rows = []
    for row in table.rows:
        entry: dict[str, Any] = {"cells": list(row.cells)}
        data = _row_object(row.object, include)
        if data is not None:
            entry["object"] = data
        rows.append(entry)
    return {
        "kind": "Table",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": {"resourceVersion": resource_version},
        "columnDefinitions": columns if with_columns else [],
        "rows": rows,
    }
