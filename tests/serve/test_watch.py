"""Watch semantics over HTTP: watch-list with the initial-events-end bookmark, resuming from a resourceVersion,
410 Expired beyond the history, objects entering and leaving a selector, the timeout, Table events."""

from __future__ import annotations

import json
import time
import urllib.request

import pytest
from served import bearer

from kubesim_nb.api.core import ConfigMap, Pod
from kubesim_nb.apiserver.paths import parse_path
from kubesim_nb.cluster import Cluster
from kubesim_nb.serve.rest import RUN_WAITS_KEPT, Request
from kubesim_nb.serve.routes import Query
from kubesim_nb.serve.server import KubeServer


@pytest.fixture
def server():
    served = KubeServer(Cluster(seed=1, think_time=0), clock="manual").start()
    yield served
    served.stop()


def _config_map(server: KubeServer, name: str, labels: dict | None = None) -> ConfigMap:
    with server.lock:
        data = {"metadata": {"name": name, "namespace": "default", "labels": labels or {}}, "data": {"k": "v"}}
        return server.cluster.api.create(ConfigMap.from_dict(data))


def _relabel(server: KubeServer, name: str, labels: dict) -> None:
    with server.lock:
        updated = server.cluster.api.get(ConfigMap, "default", name).copy()
        updated.metadata.labels = labels
        server.cluster.api.update(updated)


def _events(server: KubeServer, query: str, count: int, accept: str = "application/json") -> list[dict]:
    url = f"{server.url}/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=10&{query}"
    with urllib.request.urlopen(
        urllib.request.Request(url, headers={"Accept": accept, **bearer(server)}),
        timeout=20,
        context=server.certificates.client_context(),
    ) as stream:
        return [json.loads(stream.readline()) for _ in range(count)]


def _names(events: list[dict]) -> list[tuple[str, str]]:
    return [(e["type"], e["object"]["metadata"].get("name", "")) for e in events]


def test_a_watch_list_sends_the_objects_then_the_initial_events_end_bookmark(server):
    _config_map(server, "a")
    _config_map(server, "b")
    events = _events(server, "sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true", 3)
    assert _names(events) == [("ADDED", "a"), ("ADDED", "b"), ("BOOKMARK", "")]
    bookmark = events[2]["object"]
    assert bookmark["kind"] == "ConfigMap" and bookmark["metadata"]["annotations"] == {
        "k8s.io/initial-events-end": "true"
    }
    assert bookmark["metadata"]["resourceVersion"] == str(server.cluster.store.resource_version)


def test_a_watch_list_of_nothing_still_ends_its_initial_events(server):
    events = _events(server, "sendInitialEvents=true&fieldSelector=metadata.name%3Dnone", 1)
    assert events[0]["type"] == "BOOKMARK"


def test_a_watch_resumes_after_its_resource_version(server):
    first = _config_map(server, "a")
    _config_map(server, "b")
    events = _events(server, f"resourceVersion={first.metadata.resource_version}", 1)
    assert _names(events) == [("ADDED", "b")]


def test_a_watch_without_a_resource_version_starts_with_the_current_objects(server):
    _config_map(server, "a")
    assert _names(_events(server, "", 1)) == [("ADDED", "a")]


def test_objects_entering_and_leaving_a_selector_are_added_and_deleted_for_the_watch(server):
    _config_map(server, "a", {"app": "web"})
    start = server.cluster.store.resource_version
    _relabel(server, "a", {"app": "db"})
    _relabel(server, "a", {"app": "web"})
    events = _events(server, f"resourceVersion={start}&labelSelector=app%3Dweb", 2)
    assert _names(events) == [("DELETED", "a"), ("ADDED", "a")]
    assert int(events[0]["object"]["metadata"]["resourceVersion"]) == start + 1


def test_a_resource_version_older_than_the_history_is_expired():
    server = KubeServer(Cluster(seed=1, think_time=0), clock="manual", history=3).start()
    try:
        start = server.cluster.store.resource_version
        for n in range(5):
            _config_map(server, f"c{n}")
        (event,) = _events(server, f"resourceVersion={start}", 1)
        oldest = server.hub.floor
    finally:
        server.stop()
    assert oldest > start
    assert event["type"] == "ERROR"
    status = event["object"]
    assert (status["kind"], status["reason"], status["code"]) == ("Status", "Expired", 410)
    assert status["message"] == f"too old resource version: {start} ({oldest})"


def test_a_watch_ends_after_its_timeout(server):
    version = server.cluster.store.resource_version
    url = f"{server.url}/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1&resourceVersion={version}"
    started = time.monotonic()
    request = urllib.request.Request(url, headers=bearer(server))
    with urllib.request.urlopen(request, timeout=20, context=server.certificates.client_context()) as stream:
        assert stream.read() == b""
    assert 0.9 <= time.monotonic() - started < 10


def test_table_watch_events_carry_the_columns_first_only(server):
    _config_map(server, "a")
    _config_map(server, "b")
    accept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"
    first, second = _events(server, "", 2, accept)
    assert [c["name"] for c in first["object"]["columnDefinitions"]] == ["Name", "Data", "Age"]
    assert second["object"]["columnDefinitions"] == []
    assert second["object"]["rows"][0]["cells"] == ["b", "1", "0s"]
    assert second["object"]["rows"][0]["object"]["kind"] == "PartialObjectMetadata"


def test_the_server_remembers_only_the_latest_kubectl_runs_waits(server):
    """A long-running server does not keep every ``kubectl run`` it has seen (see serve/waits.py)."""
    rest = server.rest
    path = parse_path("/api/v1/namespaces/default/pods")
    for session in range(RUN_WAITS_KEPT + 10):
        headers = {"Kubectl-Command": "kubectl run", "Kubectl-Session": f"session-{session}"}
        request = Request("GET", path, Query.parse("?fieldSelector=metadata.name%3Dclient&watch=1"), headers)
        rest._driver(request, Pod)
    assert len(rest.run_waits) == RUN_WAITS_KEPT
    assert ("session-10", "default", "client") in rest.run_waits
    assert ("session-9", "default", "client") not in rest.run_waits
