"""Interactive widgets (ipywidgets 8) over a live simulated cluster.

- :class:`SelectorPlayground` (:mod:`.selector`): edit a Service's selector, watch its endpoints;
- :class:`PodsComeAndGo` (:mod:`.pods`): delete, kill and scale Pods while a curl keeps answering;
- :class:`ServiceTypes` (:mod:`.service_types`): ClusterIP / NodePort / LoadBalancer, who reaches what;
- :class:`DnsExplorer` (:mod:`.dns`): a Pod's search list, tried step by step;
- :class:`RequestPath` (:mod:`.request_path`): a learner's own curl/wget requests, hop by hop, and the rules.
- :class:`FaultDrill` and :class:`DebugLadder` (:mod:`.drill`): a Service broken by a planted fault, and the
  *Debug Services* checklist that ticks itself.

Each is an ``ipywidgets.VBox``: put it last in a cell to show it. Widgets act
through ``cluster.kubectl`` (their transcript shows the commands) and redraw
from the cluster's state. ``ipywidgets`` and ``matplotlib`` load only when a
widget is first used, so ``import kubesim_nb`` stays light.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = [
    "DebugLadder",
    "DnsExplorer",
    "FaultDrill",
    "PodsComeAndGo",
    "RequestPath",
    "SelectorPlayground",
    "ServiceTypes",
]

_HOMES = {
    "SelectorPlayground": "selector",
    "PodsComeAndGo": "pods",
    "ServiceTypes": "service_types",
    "DnsExplorer": "dns",
    "RequestPath": "request_path",
    "FaultDrill": "drill",
    "DebugLadder": "drill",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
