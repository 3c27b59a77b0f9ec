"""The object store (store.py), the simulator's etcd: stamping, the label and owner indexes, watches, restore."""

from __future__ import annotations

import random
import uuid

from hypothesis import given
from hypothesis import strategies as st

from kubesim_nb.api.apps import ReplicaSet
from kubesim_nb.api.core import Namespace, Pod
from kubesim_nb.api.labels import parse_selector
from kubesim_nb.clock import SimClock
from kubesim_nb.store import Event, Store


def new_store(seed: int = 1) -> Store:
    return Store(SimClock(), random.Random(seed))


def pod(name: str, namespace: str = "default", labels: dict | None = None, owners: tuple[str, ...] = ()) -> Pod:
    references = [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "rs", "uid": uid} for uid in owners]
    return Pod.from_dict(
        {"metadata": {"name": name, "namespace": namespace, "labels": labels, "ownerReferences": references or None}}
    )


def relabelled(stored: Pod, labels: dict | None) -> Pod:
    """A modified copy, as the API server writes: stored objects are never changed in place."""
    changed = stored.copy()
    changed.metadata.labels = labels
    return changed


# ------------------------------------------------------------------ stamping
def test_create_stamps_uid_resource_version_and_creation_timestamp() -> None:
    store = new_store()
    store.clock.set_seconds(store.clock.seconds() + 90)
    created = store.create(pod("a"))
    assert uuid.UUID(created.metadata.uid).version == 4
    assert created.metadata.resource_version == "1" and store.resource_version == 1
    assert created.metadata.creation_timestamp == store.clock.timestamp()
    assert store.get(Pod, "default", "a") is created


def test_uids_come_from_the_seeded_stream() -> None:
    uids = [new_store(seed).create(pod("a")).metadata.uid for seed in (3, 3, 4)]
    assert uids[0] == uids[1] != uids[2]


def test_an_object_that_has_a_uid_and_creation_timestamp_keeps_them() -> None:
    store = new_store()
    given_pod = pod("a")
    given_pod.metadata.uid, given_pod.metadata.creation_timestamp = "u-1", "2024-12-31T00:00:00Z"
    created = store.create(given_pod)
    assert (created.metadata.uid, created.metadata.creation_timestamp) == ("u-1", "2024-12-31T00:00:00Z")


def test_every_write_moves_the_resource_version_on() -> None:
    store = new_store()
    first = store.create(pod("a"))
    second = store.create(pod("b"))
    updated = store.update(relabelled(first, {"app": "web"}))
    assert [first.metadata.resource_version, second.metadata.resource_version] == ["1", "2"]
    assert updated.metadata.resource_version == "3"
    store.delete(updated)
    assert store.resource_version == 4 and store.get(Pod, "default", "a") is None
    assert store.create(pod("c")).metadata.resource_version == "5"


def test_cluster_scoped_objects_are_kept_without_a_namespace() -> None:
    store = new_store()
    namespace = store.create(Namespace.from_dict({"metadata": {"name": "shop"}}))
    assert store.get(Namespace, "anything", "shop") is namespace and store.list(Namespace) == [namespace]
    assert store.count(Namespace) == 1 and store.kinds() == [Namespace]


# ------------------------------------------------------------- label index
NAMESPACES = ["default", "shop"]
NAMES = ["a", "b", "c", "d"]
LABELS = st.dictionaries(st.sampled_from(["app", "tier"]), st.sampled_from(["web", "db", "cache"]), max_size=2)
WRITES = st.lists(
    st.one_of(
        st.tuples(st.just("put"), st.sampled_from(NAMESPACES), st.sampled_from(NAMES), LABELS),
        st.tuples(st.just("delete"), st.sampled_from(NAMESPACES), st.sampled_from(NAMES), st.none()),
    ),
    max_size=30,
)
REQUIREMENTS = [
    "app=web",
    "app==db",
    "app!=web",
    "tier in (db)",
    "tier in (web,cache)",
    "app notin (cache)",
    "tier",
    "!tier",
    "app=cache",
]
SELECTORS = ["", *REQUIREMENTS, "app=web,tier=db", "app in (db),!tier", "tier=cache,app!=web"]


def apply_writes(store: Store, writes: list[tuple]) -> None:
    for verb, namespace, name, labels in writes:
        stored = store.get(Pod, namespace, name)
        if verb == "put" and stored is None:
            store.create(pod(name, namespace, labels or None))
        elif verb == "put":
            store.update(relabelled(stored, labels or None))
        elif stored is not None:
            store.delete(stored)


@given(writes=WRITES)
def test_a_selector_query_finds_what_a_full_scan_finds(writes) -> None:
    store = new_store()
    apply_writes(store, writes)
    everything = [p for p in (store.get(Pod, ns, name) for ns in NAMESPACES for name in NAMES) if p is not None]
    for namespace in [None, *NAMESPACES]:
        for text in SELECTORS:
            selector = parse_selector(text)
            expected = [p for p in everything if namespace in (None, p.namespace) and selector.matches(p.labels)]
            assert store.list(Pod, namespace, selector) == expected, (namespace, text)  # by namespace, then name


def test_list_without_a_selector_is_sorted_by_namespace_then_name() -> None:
    store = new_store()
    for namespace, name in [("shop", "a"), ("default", "c"), ("default", "b")]:
        store.create(pod(name, namespace))
    assert [(p.namespace, p.name) for p in store.list(Pod)] == [("default", "b"), ("default", "c"), ("shop", "a")]
    assert [p.name for p in store.list(Pod, "default")] == ["b", "c"]


# ------------------------------------------------------------- owner index
def test_dependents_follow_owner_references_as_they_change() -> None:
    store = new_store()
    owner = store.create(ReplicaSet.from_dict({"metadata": {"name": "rs", "namespace": "default"}}))
    uid = owner.metadata.uid
    store.create(pod("b", owners=(uid,)))
    adopted = store.create(pod("a", owners=(uid, "other-owner")))
    store.create(pod("c"))
    assert store.dependents(uid) == [(Pod, "default", "a"), (Pod, "default", "b")]
    assert store.dependents("other-owner") == [(Pod, "default", "a")]
    released = adopted.copy()
    released.metadata.owner_references = None
    store.update(released)
    assert store.dependents(uid) == [(Pod, "default", "b")] and store.dependents("other-owner") == []
    store.delete(store.get(Pod, "default", "b"))
    assert store.dependents(uid) == []


# ------------------------------------------------------------------ watches
def test_watchers_see_every_change_with_the_old_and_new_object() -> None:
    store = new_store()
    events: list[Event] = []
    store.watch(events.append)
    created = store.create(pod("a"))
    updated = store.update(relabelled(created, {"app": "web"}))
    store.delete(updated)
    assert [(e.type, e.kind, e.old, e.new) for e in events] == [
        ("ADDED", Pod, None, created),
        ("MODIFIED", Pod, created, updated),
        ("DELETED", Pod, updated, None),
    ]
    assert [e.object for e in events] == [created, updated, updated]


def test_an_unwatched_handler_hears_nothing_more_and_the_others_still_do() -> None:
    store = new_store()
    stopped: list[Event] = []
    staying: list[Event] = []
    stop, stay = stopped.append, staying.append
    store.watch(stop)
    store.watch(stay)
    store.create(pod("a"))
    store.unwatch(stop)
    store.create(pod("b"))
    assert [e.object.name for e in stopped] == ["a"] and [e.object.name for e in staying] == ["a", "b"]


# ------------------------------------------------------------------ restore
def test_restore_puts_an_object_back_as_it_was_without_events() -> None:
    saved = new_store().create(pod("a", labels={"app": "web"}, owners=("owner-uid",)))
    store = new_store(seed=2)
    events: list[Event] = []
    store.watch(events.append)
    store.restore(saved.copy())
    restored = store.get(Pod, "default", "a")
    assert events == [] and store.resource_version == 0
    assert restored == saved and restored.metadata.resource_version == "1"
    assert store.list(Pod, "default", parse_selector("app=web")) == [restored]
    assert store.dependents("owner-uid") == [(Pod, "default", "a")]
