"""Which Services could select a Pod — an index, not a scan.

Every label of a Service selector must be on a Pod for it to match, so a
Service is indexed under one of its selector pairs; a Pod change looks up only
the Services indexed under the Pod's own (old and new) labels. This is what
keeps one Pod change at 150,000 Pods as cheap as at 1,500.
"""

from __future__ import annotations

from collections import defaultdict

from ..api.core import Service
from ..store import Event, Store

__all__ = ["ServiceSelectorIndex"]


class ServiceSelectorIndex:
    def __init__(self, store: Store):
        self._by_pair: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        self._match_all: dict[str, set[str]] = defaultdict(set)
        self._entries: dict[tuple[str, str], tuple[str, str, str] | None] = {}
        for svc in store.list(Service):
            self._add(svc)
        store.watch(self.on_event)

    def on_event(self, event: Event) -> None:
        if event.kind is not Service:
            return
        if event.old is not None:
            self._remove(event.old)
        if event.new is not None:
            self._add(event.new)

    def _add(self, svc: Service) -> None:
        selector = svc.spec.selector
        ns, name = svc.metadata.namespace or "", svc.metadata.name
        if selector is None or svc.spec.type == "ExternalName":
            return
        if not selector:
            self._match_all[ns].add(name)
            self._entries[(ns, name)] = None
            return
        key = min(selector)
        entry = (ns, key, selector[key])
        self._by_pair[entry].add(name)
        self._entries[(ns, name)] = entry

    def _remove(self, svc: Service) -> None:
        ns, name = svc.metadata.namespace or "", svc.metadata.name
        if (ns, name) not in self._entries:
            return
        entry = self._entries.pop((ns, name))
        if entry is None:
            self._match_all[ns].discard(name)
        else:
            self._by_pair[entry].discard(name)
            if not self._by_pair[entry]:
                del self._by_pair[entry]

    def candidates(self, namespace: str, labels: dict[str, str]) -> set[str]:
        """Names of Services in ``namespace`` that might select a Pod with ``labels``."""
        names = set(self._match_all.get(namespace, ()))
        for key, value in labels.items():
            names |= self._by_pair.get((namespace, key, value), set())
        return names
