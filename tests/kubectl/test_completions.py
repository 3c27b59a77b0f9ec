"""Shell completion candidates (``kubesim __complete kubectl ...``): commands, flags, resource types and names."""

from __future__ import annotations

import pytest

from kubesim_nb import Cluster
from kubesim_nb.kubectl.completions import complete


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    cluster = Cluster(seed=1, think_time=0)
    for line in (
        "create deployment web-deployment --image=nginx:alpine --replicas=2",
        "expose deployment web-deployment --name=web-service --port=80",
        "create namespace dev",
        "create deployment api --image=nginx:alpine -n dev",
    ):
        assert cluster.kubectl(line).ok
    cluster.advance("30s")
    return cluster


def candidates(cluster: Cluster, line: str) -> list[str]:
    words = line.split(" ")
    return complete(cluster, words).candidates


def test_commands_and_subcommands(cluster: Cluster) -> None:
    assert candidates(cluster, "ge") == ["get"]
    assert candidates(cluster, "con") == ["config"]
    assert candidates(cluster, "create ") == [
        "configmap",
        "cronjob",
        "deployment",
        "ingress",
        "job",
        "namespace",
        "secret",
        "service",
    ]
    assert candidates(cluster, "create service n") == ["nodeport"]
    assert candidates(cluster, "config use") == ["use-context"]
    assert candidates(cluster, "completion ") == ["bash", "zsh", "fish", "powershell"]


def test_resource_types_then_names_in_the_namespace(cluster: Cluster) -> None:
    assert candidates(cluster, "get s") == ["secrets", "services"]
    assert candidates(cluster, "describe svc ") == ["kubernetes", "web-service"]
    pods = candidates(cluster, "get pods web")
    assert len(pods) == 2 and all(p.startswith("web-deployment-") for p in pods)
    assert candidates(cluster, "get deploy -n dev ") == ["api"]
    assert candidates(cluster, "get deployment/") == ["deployment/web-deployment"]
    assert candidates(cluster, "logs ") == pods
    assert candidates(cluster, "config set-context --current --namespace=dev") == []


def test_flag_names_and_values(cluster: Cluster) -> None:
    assert candidates(cluster, "get pods --sh") == ["--show-kind", "--show-labels", "--show-managed-fields"]
    assert candidates(cluster, "get pods -n d") == ["default", "dev"]
    assert candidates(cluster, "get pods -o ya") == ["yaml"]
    assert candidates(cluster, "get pods --context ") == ["docker-desktop"]
    found = complete(cluster, ["apply", "-f", ""])
    assert (found.candidates, found.directive) == ([], 0)  # the shell completes file names
    assert complete(cluster, ["get", ""]).render().endswith(":4\n")


def test_completion_changes_nothing(cluster: Cluster) -> None:
    before = cluster.clock.now()
    candidates(cluster, "get pods ")
    assert cluster.clock.now() == before
