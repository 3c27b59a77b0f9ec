"""``/openapi/v3`` and ``/openapi/v2`` over HTTP, as kube-openapi's handlers answer them: the index's URLs carry
each document's hash, a stale hash is redirected to the current URL, v2 comes in protobuf when asked for."""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass
from typing import Iterator

import pytest
from served import bearer

from kubesim_nb.api import gnostic, openapi
from kubesim_nb.cluster import Cluster
from kubesim_nb.serve.server import KubeServer


@pytest.fixture(scope="module")
def server() -> Iterator[KubeServer]:
    served = KubeServer(Cluster(seed=1, think_time=0), clock="manual").start()
    yield served
    served.stop()


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def get(server: KubeServer, path: str, accept: str = "application/json") -> Answer:
    context = server.certificates.client_context()
    connection = http.client.HTTPSConnection(server.address, server.port, timeout=30, context=context)
    try:
        connection.request("GET", path, headers={"Accept": accept, **bearer(server)})
        response = connection.getresponse()
        return Answer(response.status, dict(response.getheaders()), response.read())
    finally:
        connection.close()


def test_the_index_names_each_document_by_its_current_hash(server: KubeServer) -> None:
    index = json.loads(get(server, "/openapi/v3").body)
    assert index == openapi.index()
    for group_version, entry in index["paths"].items():
        answer = get(server, entry["serverRelativeURL"])
        assert answer.status == 200
        assert answer.body == openapi.document_bytes(group_version)
        assert answer.headers["Etag"] == f'"{openapi.etag(group_version)}"'
        assert answer.headers["Cache-Control"] == "public, immutable"


def test_a_stale_hash_is_sent_on_to_the_current_url(server: KubeServer) -> None:
    answer = get(server, "/openapi/v3/apis/apps/v1?hash=0123")
    assert answer.status == 301
    assert answer.headers["Location"] == f"/openapi/v3/apis/apps/v1?hash={openapi.etag('apis/apps/v1')}"


def test_without_a_hash_the_document_may_change(server: KubeServer) -> None:
    answer = get(server, "/openapi/v3/api/v1")
    assert (answer.status, answer.headers["Cache-Control"]) == (200, "no-cache, private")


def test_a_group_version_not_served_is_not_found(server: KubeServer) -> None:
    answer = get(server, "/openapi/v3/apis/apps/v2")
    assert answer.status == 404
    assert json.loads(answer.body)["reason"] == "NotFound"


def test_v2_is_protobuf_when_the_client_accepts_it_else_json(server: KubeServer) -> None:
    accept = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf"
    protobuf = get(server, "/openapi/v2", accept=f"{accept}, application/json")
    assert (protobuf.headers["Content-Type"], protobuf.body) == (
        gnostic.MEDIA_TYPE,
        gnostic.swagger_protobuf(),
    )
    plain = get(server, "/openapi/v2")
    assert json.loads(plain.body) == openapi.swagger()
