"""The object store: the simulator's etcd.

It keeps every object by kind, namespace and name; stamps uid,
resourceVersion and creationTimestamp; keeps a label index so selector
queries touch only candidate objects; and tells watchers about every change
(ADDED / MODIFIED / DELETED with the old and new object). It does no
validation: that is the API server's job (``apiserver.py``).

Objects handed out are the stored instances: callers treat them as read-only
and write through the API server with a modified copy, as controllers do with
informer caches in Kubernetes.
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from .clock import SimClock

__all__ = ["Event", "Store"]


@dataclass(frozen=True)
class Event:
    type: str  # ADDED | MODIFIED | DELETED
    kind: type
    old: Any
    new: Any

    @property
    def object(self) -> Any:
        return self.new if self.new is not None else self.old


Key = tuple[str, str]  # (namespace, name); namespace is "" for cluster-scoped kinds


class Store:
    def __init__(self, clock: SimClock, rng: random.Random):
        self.clock = clock
        self.rng = rng
        self.resource_version = 0
        self._objects: dict[type, dict[Key, Any]] = defaultdict(dict)
        # (kind, namespace, label key, label value) -> names
        self._label_index: dict[tuple[type, str, str, str], set[str]] = defaultdict(set)
        # owner uid -> dependents, for cascading deletion without a scan
        self._owner_index: dict[str, set[tuple[type, str, str]]] = defaultdict(set)
        self._watchers: list[Callable[[Event], None]] = []

    # -- reads ---------------------------------------------------------------
    def get(self, kind: type, namespace: str, name: str) -> Any | None:
        return self._objects[kind].get((namespace if kind.NAMESPACED else "", name))

    def list(self, kind: type, namespace: str | None = None, selector: Any = None) -> list[Any]:
        """Objects of ``kind`` (in ``namespace`` if given) sorted by namespace then name.

        ``selector`` is anything with ``matches(labels)``; if it also offers
        ``equality_pairs()`` the label index narrows the candidates first.
        """
        objects = self._objects[kind]
        candidates: Iterable[Any]
        pairs = selector.equality_pairs() if selector is not None and hasattr(selector, "equality_pairs") else ()
        if pairs and namespace is not None:
            key, value = pairs[0]
            names = self._label_index.get((kind, namespace, key, value), ())
            candidates = (objects[(namespace, n)] for n in names)
        elif namespace is None:
            candidates = objects.values()
        else:
            candidates = (o for (ns, _), o in objects.items() if ns == namespace)
        result = [o for o in candidates if selector is None or selector.matches(o.metadata.labels or {})]
        result.sort(key=lambda o: (o.metadata.namespace or "", o.metadata.name))
        return result

    def count(self, kind: type) -> int:
        return len(self._objects[kind])

    def kinds(self) -> list[type]:
        return [k for k, objs in self._objects.items() if objs]

    # -- writes --------------------------------------------------------------
    def new_uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def _next_version(self) -> str:
        self.resource_version += 1
        return str(self.resource_version)

    def _key(self, obj: Any) -> Key:
        return (obj.metadata.namespace or "" if type(obj).NAMESPACED else "", obj.metadata.name)

    def dependents(self, owner_uid: str) -> list[tuple[type, str, str]]:
        """(kind, namespace, name) of objects whose ownerReferences name ``owner_uid``."""
        return sorted(self._owner_index.get(owner_uid, ()), key=lambda d: (d[0].KIND, d[1], d[2]))

    def _index(self, obj: Any, add: bool) -> None:
        kind, ns, name = type(obj), obj.metadata.namespace or "", obj.metadata.name
        for ref in obj.metadata.owner_references or []:
            if add:
                self._owner_index[ref.uid].add((kind, ns, name))
            else:
                self._owner_index[ref.uid].discard((kind, ns, name))
                if not self._owner_index[ref.uid]:
                    del self._owner_index[ref.uid]
        for key, value in (obj.metadata.labels or {}).items():
            bucket = self._label_index[(kind, ns, key, value)]
            if add:
                bucket.add(name)
            else:
                bucket.discard(name)
                if not bucket:
                    del self._label_index[(kind, ns, key, value)]

    def create(self, obj: Any) -> Any:
        meta = obj.metadata
        meta.uid = meta.uid or self.new_uid()
        meta.creation_timestamp = meta.creation_timestamp or self.clock.timestamp()
        meta.resource_version = self._next_version()
        self._objects[type(obj)][self._key(obj)] = obj
        self._index(obj, True)
        self._notify(Event("ADDED", type(obj), None, obj))
        return obj

    def update(self, obj: Any) -> Any:
        key = self._key(obj)
        old = self._objects[type(obj)][key]
        obj.metadata.resource_version = self._next_version()
        self._index(old, False)
        self._objects[type(obj)][key] = obj
        self._index(obj, True)
        self._notify(Event("MODIFIED", type(obj), old, obj))
        return obj

    def delete(self, obj: Any) -> Any:
        key = self._key(obj)
        old = self._objects[type(obj)].pop(key)
        self._index(old, False)
        self.resource_version += 1
        self._notify(Event("DELETED", type(obj), old, None))
        return old

    def restore(self, obj: Any) -> None:
        """Put an object back as it was (loading a saved state): no events, no stamping."""
        self._objects[type(obj)][self._key(obj)] = obj
        self._index(obj, True)

    # -- watches -------------------------------------------------------------
    def watch(self, handler: Callable[[Event], None]) -> None:
        self._watchers.append(handler)

    def unwatch(self, handler: Callable[[Event], None]) -> None:
        """Stop telling ``handler`` about changes (a ``kubectl get -w`` that ended)."""
        self._watchers = [h for h in self._watchers if h is not handler]

    def _notify(self, event: Event) -> None:
        for handler in self._watchers:
            handler(event)
