"""The simulated kube-apiserver: every write goes through here.

For each create/update/delete it does what the real registry does, in the
same order: namespace lookup, name generation, defaulting, (for Services)
IP/port allocation, validation, then the write to the store — and it rolls
everything back when a step fails, so a rejected request changes nothing.
Deletes honour owner references (background cascading, like the garbage
collector) and Pod graceful termination.
"""

from __future__ import annotations

import hashlib
import random
from contextlib import contextmanager
from datetime import timedelta
from typing import Any, Callable, Iterator

from ..allocators import ClusterIPAllocator, NodePortAllocator, copy_of_stream
from ..api.apps import Deployment, ReplicaSet
from ..api.batch import CronJob, Job
from ..api.codec import clone
from ..api.core import LoadBalancerStatus, Namespace, Pod, PodStatus, Service, ServiceStatus
from ..api.defaults import set_defaults
from ..api.events import Event
from ..api.kinds import ALL_KINDS
from ..api.networking import Ingress
from ..api.validation import validate, validate_update
from ..clock import format_time
from ..errors import ApiError
from ..store import Event as WatchEvent
from ..store import Store
from . import service_alloc
from .service_alloc import Transaction

__all__ = ["APIServer", "NAME_ALPHABET", "random_suffix"]

# apimachinery's rand.String alphabet: no vowels, no 0/1/3.
NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"


def random_suffix(rng: random.Random, length: int = 5) -> str:
    return "".join(rng.choice(NAME_ALPHABET) for _ in range(length))


class APIServer:
    def __init__(
        self, store: Store, cluster_ips: ClusterIPAllocator, node_ports: NodePortAllocator, rng: random.Random
    ):
        self.store = store
        self.cluster_ips = cluster_ips
        self.node_ports = node_ports
        self.rng = rng

    # ------------------------------------------------------------------ reads
    def get(self, kind: type, namespace: str, name: str) -> Any:
        obj = self.store.get(kind, namespace, name)
        if obj is None:
            raise ApiError.not_found(kind.qualified_resource(), name)
        return obj

    def find(self, kind: type, namespace: str, name: str) -> Any | None:
        """The object, or None when there is none (a lookup in an informer's cache, where absence is no error)."""
        return self.store.get(kind, namespace, name)

    def list(self, kind: type, namespace: str | None = None, selector: Any = None) -> list[Any]:
        """Objects of ``kind`` (in ``namespace``, matching ``selector``), sorted by namespace and name."""
        return self.store.list(kind, namespace, selector)

    def dependents(self, owner: Any) -> list[tuple[type, str, str]]:
        """(kind, namespace, name) of the objects whose owner references name ``owner``
        (the garbage collector's graph).
        """
        return self.store.dependents(owner.metadata.uid)

    def watch(self, handler: Callable[[WatchEvent], None]) -> None:
        """Tell ``handler`` about every change from now on (ADDED, MODIFIED, DELETED)."""
        self.store.watch(handler)

    def unwatch(self, handler: Callable[[WatchEvent], None]) -> None:
        self.store.unwatch(handler)

    # ------------------------------------------------------------- randomness
    @contextmanager
    def _randomness_kept_on_failure(self, obj: Any, dry_run: bool) -> Iterator[None]:
        """A rejected (or dry-run) request leaves no trace, not even in the random streams.

        Allocation draws random cluster IPs / node ports and name suffixes before
        validation runs; without this, a failed ``kubectl apply`` would shift the
        IP the next Service gets, so the same commands minus a typo would give a
        different cluster (and ``Cluster.dumps()`` would change on an error).
        Only the streams the request can draw from before it is admitted are saved
        (saving one costs more than writing an Event); a new object's uid is drawn
        after every check, except a Job's (the job strategy draws it before validation).
        """
        drawn = []
        if not obj.metadata.name and obj.metadata.generate_name:
            drawn += [self.rng, self.store.rng]
        if type(obj) is Job:
            drawn.append(self.store.rng)
        if type(obj) is Service:
            drawn += [self.cluster_ips.rng, self.node_ports.rng]
        if dry_run:  # a dry-run create draws a uid for its answer
            drawn.append(self.store.rng)
        rngs = {id(r): r for r in drawn}
        saved = {key: rng.getstate() for key, rng in rngs.items()}
        try:
            yield
        except ApiError:
            for key, rng in rngs.items():
                rng.setstate(saved[key])
            raise
        if dry_run:
            for key, rng in rngs.items():
                rng.setstate(saved[key])

    # ----------------------------------------------------------------- create
    def create(self, obj: Any, *, dry_run: bool = False, owned: bool = False) -> Any:
        """``owned``: the caller built ``obj`` for this request alone (an event recorder), so the
        server may keep it instead of a copy."""
        with self._randomness_kept_on_failure(obj, dry_run):
            return self._create(obj if owned else obj.copy(), dry_run)

    def _create(self, obj: Any, dry_run: bool) -> Any:
        kind = type(obj)
        meta = obj.metadata
        if kind.NAMESPACED:
            meta.namespace = meta.namespace or "default"
            if self.store.get(Namespace, "", meta.namespace) is None:
                raise ApiError.not_found("namespaces", meta.namespace)
        else:
            meta.namespace = None
        if not meta.name and meta.generate_name:
            meta.name = self._generate_name(kind, meta.namespace or "", meta.generate_name)
        if meta.name and self.store.get(kind, meta.namespace or "", meta.name) is not None:
            raise ApiError.already_exists(kind.qualified_resource(), meta.name)
        for server_field in ("uid", "resource_version", "creation_timestamp", "deletion_timestamp"):
            setattr(meta, server_field, None)
        if kind is Event:  # recording an event draws nothing from the names stream: no Pod name shifts
            meta.uid = self._derived_uid(meta.namespace or "", meta.name or "")
        obj.api_version = obj.kind = None
        self._reset_status_on_create(obj)
        if kind is Job:  # the job strategy selects the Job's Pods by its uid, so it is set before defaulting
            meta.uid = self.store.new_uid()
        set_defaults(obj)
        tx = service_alloc.allocate_for_create(obj, *self._allocators(dry_run)) if kind is Service else Transaction()
        self._admit(obj, validate(obj), tx)
        if kind is Deployment or kind is ReplicaSet:
            meta.generation = 1
        if self._finish(tx, dry_run):
            # genericregistry.Store.Create fills the system fields before anything else
            # (rest.FillObjectMetaSystemFields): a dry run's answer has them too, without a resourceVersion
            meta.uid = meta.uid or self.store.new_uid()
            meta.creation_timestamp = self.store.clock.timestamp()
            return obj
        return self.store.create(obj)

    @staticmethod
    def _admit(obj: Any, errors: list, tx: Transaction) -> None:
        """Validation decides: errors undo what was allocated for the request and reject it."""
        if errors:
            tx.rollback()
            raise ApiError.invalid(type(obj).qualified_kind(), obj.metadata.name or "", errors)

    @staticmethod
    def _finish(tx: Transaction, dry_run: bool) -> bool:
        """Keep the request's allocations, or undo them for a dry run; True when nothing is to be written."""
        if dry_run:
            tx.rollback()
        else:
            tx.commit()
        return dry_run

    def _allocators(self, dry_run: bool) -> tuple[ClusterIPAllocator, NodePortAllocator]:
        """The allocators a request draws from: dry-run twins for a dry run, so nothing here changes."""
        if dry_run:
            ip_stream = copy_of_stream(self.cluster_ips.rng)
            port_stream = (
                ip_stream if self.node_ports.rng is self.cluster_ips.rng else copy_of_stream(self.node_ports.rng)
            )
            return self.cluster_ips.dry_run(ip_stream), self.node_ports.dry_run(port_stream)
        return self.cluster_ips, self.node_ports

    def _generate_name(self, kind: type, namespace: str, prefix: str) -> str:
        base = prefix[:58]
        while True:
            name = base + random_suffix(self.rng)
            if self.store.get(kind, namespace, name) is None:
                return name

    def _derived_uid(self, namespace: str, name: str) -> str:
        """A version-4 UID from the object's key and the store's revision: unique, and from no random stream."""
        h = hashlib.sha1(f"{namespace}/{name}/{self.store.resource_version}".encode()).hexdigest()
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:32]}"

    @staticmethod
    def _reset_status_on_create(obj: Any) -> None:
        kind = type(obj)
        if kind is Pod:
            obj.status = PodStatus(phase="Pending", qos_class="BestEffort")
        elif kind is Service:
            obj.status = ServiceStatus(load_balancer=LoadBalancerStatus())
        elif kind in (Deployment, ReplicaSet, Job, CronJob, Ingress):
            obj.status = None

    # ----------------------------------------------------------------- update
    def update(self, obj: Any, *, dry_run: bool = False) -> Any:
        """A user update (PUT/PATCH on the main resource): status is kept from the stored object."""
        with self._randomness_kept_on_failure(obj, dry_run):
            return self._update(obj, dry_run)

    def _update(self, obj: Any, dry_run: bool) -> Any:
        obj = obj.copy()
        kind = type(obj)
        if kind.NAMESPACED:
            obj.metadata.namespace = obj.metadata.namespace or "default"
        old = self.get(kind, obj.metadata.namespace or "", obj.metadata.name)
        meta = obj.metadata
        for server_field in ("uid", "creation_timestamp", "generation", "deletion_timestamp"):
            setattr(meta, server_field, getattr(old.metadata, server_field))
        if meta.owner_references is None:  # a manifest without ownerReferences keeps the owner
            meta.owner_references = old.metadata.owner_references
        meta.resource_version = old.metadata.resource_version
        obj.api_version = obj.kind = None
        if hasattr(obj, "status") and kind is not Namespace:
            obj.status = clone(old.status)  # status belongs to the status subresource
        set_defaults(obj)
        tx = Transaction()
        if kind is Service:
            tx = service_alloc.allocate_for_update(obj, old, *self._allocators(dry_run))
            set_defaults(obj)  # a type change may need type-specific defaults
        self._admit(obj, validate_update(obj, old), tx)
        if kind in (Deployment, ReplicaSet) and obj.spec != old.spec:
            meta.generation = (old.metadata.generation or 0) + 1
        if self._finish(tx, dry_run):
            return obj
        if obj == old:
            return old  # a no-op update writes nothing, as etcd's guaranteed update
        return self.store.update(obj)

    def update_status(self, obj: Any) -> Any:
        """A controller's write (status subresource or controller-owned fields): no user rules apply."""
        return self.store.update(obj)

    # ----------------------------------------------------------------- delete
    def delete(
        self,
        kind: type,
        namespace: str,
        name: str,
        *,
        grace_period: int | None = None,
        dry_run: bool = False,
        propagation: str = "Background",
    ) -> Any:
        """``propagation`` is the DeleteOptions propagationPolicy: Background and Foreground
        delete the dependents too (the order does not show here); Orphan leaves them, without
        their owner reference (``kubectl delete --cascade=orphan``)."""
        obj = self.get(kind, namespace, name)
        if dry_run:
            return obj
        if kind is Pod:
            return self._delete_pod(obj, grace_period)
        return self._remove(obj, orphan=propagation == "Orphan")

    def _delete_pod(self, pod: Pod, grace_period: int | None) -> Pod:
        """Graceful deletion: mark Terminating; the kubelet removes it when its containers stop."""
        if grace_period == 0 or not pod.spec.node_name or pod.status.phase in ("Succeeded", "Failed"):
            return self._remove(pod)
        if pod.metadata.deletion_timestamp:
            return pod
        updated = pod.copy()
        grace = grace_period if grace_period is not None else (pod.spec.termination_grace_period_seconds or 30)
        # rest.BeforeDelete: the time after which the Pod may be removed, the grace period ahead of the request
        updated.metadata.deletion_timestamp = format_time(self.store.clock.now() + timedelta(seconds=grace))
        updated.metadata.deletion_grace_period_seconds = grace
        return self.store.update(updated)

    def finalize_pod(self, pod: Pod) -> None:
        """Called by the kubelet once a terminating Pod's containers have stopped."""
        if self.store.get(Pod, pod.metadata.namespace or "", pod.metadata.name) is not None:
            self._remove(pod)

    def _remove(self, obj: Any, orphan: bool = False) -> Any:
        kind = type(obj)
        if kind is Service:
            service_alloc.release_all(obj, self.cluster_ips, self.node_ports)
        removed = self.store.delete(obj)
        if orphan:
            self._orphan_dependents(removed)
        else:
            self._collect_dependents(removed)
        if kind is Namespace:
            self._empty_namespace(removed.metadata.name)
        return removed

    def _collect_dependents(self, owner: Any) -> None:
        """The garbage collector's background propagation: delete what this object owned."""
        for kind, namespace, name in self.store.dependents(owner.metadata.uid):
            dependent = self.store.get(kind, namespace, name)
            if dependent is None:
                continue
            if kind is Pod:
                self._delete_pod(dependent, None)
            else:
                self._remove(dependent)

    def _orphan_dependents(self, owner: Any) -> None:
        """The garbage collector's orphan finalizer: dependents lose the owner reference and stay."""
        for kind, namespace, name in self.store.dependents(owner.metadata.uid):
            dependent = self.store.get(kind, namespace, name)
            if dependent is None:
                continue
            updated = dependent.copy()
            refs = [r for r in updated.metadata.owner_references or [] if r.uid != owner.metadata.uid]
            updated.metadata.owner_references = refs or None
            self.store.update(updated)

    def _empty_namespace(self, namespace: str) -> None:
        for kind in ALL_KINDS:
            if kind.NAMESPACED:
                for obj in self.store.list(kind, namespace):
                    if self.store.get(kind, namespace, obj.name) is not None:
                        self._remove(obj)
