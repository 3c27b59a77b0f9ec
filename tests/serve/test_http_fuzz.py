"""Whatever arrives on the socket, ``kubesim serve`` answers a ``metav1.Status`` (never a traceback, never
an HTML page) and keeps serving."""

from __future__ import annotations

import json
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from served import bearer, connect

from kubesim_nb.cluster import Cluster
from kubesim_nb.serve.server import KubeServer

_server: dict = {}
_lock = threading.Lock()


def server() -> KubeServer:
    with _lock:
        if "it" not in _server:
            _server["it"] = KubeServer(Cluster(seed=1, think_time=0), clock="manual").start()
        return _server["it"]


@pytest.fixture(scope="module", autouse=True)
def _stop_the_server():
    yield
    if "it" in _server:
        _server.pop("it").stop()


def bearer_line() -> str:
    return "".join(f"{name}: {value}\r\n" for name, value in bearer(server()).items())


SEGMENTS = st.sampled_from(
    [
        "api",
        "apis",
        "v1",
        "apps",
        "namespaces",
        "default",
        "kube-system",
        "pods",
        "services",
        "deployments",
        "scale",
        "status",
        "log",
        "x",
        "",
        "..",
        "%00",
        "%ff",
        "nodes",
        "docker-desktop",
        "version",
        "openapi",
        "v3",
    ]
)
QUERIES = st.lists(
    st.sampled_from(
        [
            "labelSelector=app%3D",
            "labelSelector=%21%21",
            "fieldSelector=metadata.name%3Dx,",
            "fieldSelector=a",
            "dryRun=All",
            "dryRun=x",
            "fieldValidation=Nope",
            "limit=-1",
            "resourceVersion=abc",
            "includeObject=x",
            "tailLines=-3",
            "gracePeriodSeconds=x",
            "%zz",
            "=",
            "&&",
            "watch=false",
        ]
    ),
    max_size=4,
)
METHODS = st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "FOO", "get"])
CONTENT_TYPES = st.sampled_from(
    [
        "application/json",
        "application/yaml",
        "application/merge-patch+json",
        "application/json-patch+json",
        "application/strategic-merge-patch+json",
        "application/apply-patch+yaml",
        "text/plain",
        "",
        "application/x;;",
    ]
)
BODIES = st.one_of(
    st.binary(max_size=200),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=10),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
        max_leaves=10,
    ).map(lambda value: json.dumps(value).encode()),
)


def _exchange(raw: bytes) -> tuple[int, dict]:
    with connect(server(), timeout=10) as conn:
        conn.sendall(raw)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            assert chunk, f"the server closed the connection without answering {raw[:80]!r}"
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        code = int(lines[0].split()[1])
        headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
        length = 0 if raw.startswith(b"HEAD ") else int(headers.get("content-length", "0"))  # HEAD: no body
        while len(body) < length:
            chunk = conn.recv(65536)
            if not chunk:
                break
            body += chunk
    status = json.loads(body[:length]) if code >= 400 and length else {}
    return code, status


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(METHODS, st.lists(SEGMENTS, max_size=7), QUERIES, CONTENT_TYPES, BODIES)
def test_any_request_gets_a_status_and_the_server_survives(method, segments, queries, content_type, body):
    target = "/" + "/".join(segments) + ("?" + "&".join(queries) if queries else "")
    headers = f"Host: x\r\n{bearer_line()}Content-Length: {len(body)}\r\n" + (
        f"Content-Type: {content_type}\r\n" if content_type else ""
    )
    code, status = _exchange(f"{method} {target} HTTP/1.1\r\n{headers}\r\n".encode() + body)
    assert code < 500 or code == 501, (code, status)
    if code >= 400 and method != "HEAD":
        assert status["kind"] == "Status" and status["code"] == code and status["status"] == "Failure"


@pytest.mark.parametrize(
    "raw",
    [
        b"\x00\x01\x02\r\n\r\n",
        b"GET\r\n\r\n",
        b"GET / HTTP/9.9\r\n\r\n",
        b"POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\n{bearer}Content-Length: -5\r\n\r\n",
        b"POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\n{bearer}Content-Length: 4000000\r\n\r\n",
        b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n",
    ],
)
def test_malformed_requests_get_a_4xx_status(raw):
    code, status = _exchange(raw.replace(b"{bearer}", bearer_line().encode()))
    assert 400 <= code < 500 or code == 505, code
    assert status["kind"] == "Status"
    assert _exchange(b"GET /version HTTP/1.1\r\nHost: x\r\n\r\n")[0] == 200


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(
        ["/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", "/apis/authentication.k8s.io/v1/selfsubjectreviews"]
    ),
    BODIES,
)
def test_any_review_body_gets_an_answer_or_a_status(target, body):
    """The review APIs (``kubectl auth``) take whatever JSON arrives: a review is answered, anything else refused."""
    headers = f"Host: x\r\n{bearer_line()}Content-Length: {len(body)}\r\nContent-Type: application/json\r\n"
    code, status = _exchange(f"POST {target} HTTP/1.1\r\n{headers}\r\n".encode() + body)
    assert code in (201, 400, 422), (code, status)
    if code >= 400:
        assert status["kind"] == "Status" and status["code"] == code
    try:
        review = json.loads(body)
    except ValueError:
        review = None
    if not isinstance(review, dict):
        assert code == 400, (code, body)
