"""Diagrams of live cluster state (networkx + matplotlib).

- :mod:`.snapshot` reads a namespace from the cluster (plain data);
- :mod:`.explain` says why a selector matches what it does (stdlib only);
- :mod:`.layout` keeps every Pod in its place;
- :mod:`.service_map` draws Services → endpoint Pods on Nodes (:class:`ServiceMap`);
- :mod:`.graph` turns a snapshot into a networkx graph;
- :mod:`.traffic` draws the path of a request for each Service type.

``import kubesim_nb.viz`` stays light: matplotlib and networkx load when a
drawing name is first used, so :mod:`.explain` and :mod:`.snapshot` can be
used without them.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = [
    "ServiceMap",
    "cluster_graph",
    "explain_selector",
    "render_service_map",
    "take_snapshot",
    "traffic_figure",
    "traffic_path",
]

_HOMES = {
    "ServiceMap": "service_map",
    "render_service_map": "service_map",
    "cluster_graph": "graph",
    "explain_selector": "explain",
    "take_snapshot": "snapshot",
    "traffic_figure": "traffic",
    "traffic_path": "traffic",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
