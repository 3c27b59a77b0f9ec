"""Fixtures for the data-plane tests: clusters built through the API, as the lesson builds them."""

from __future__ import annotations

import pytest

from kubesim_nb.api.apps import Deployment
from kubesim_nb.api.core import Pod, Service
from kubesim_nb.cluster import Cluster


def deployment(
    name: str, labels: dict, image: str, replicas: int = 3, port: int = 80, port_name: str | None = None
) -> Deployment:
    port_spec = {"containerPort": port, **({"name": port_name} if port_name else {})}
    return Deployment.from_dict(
        {
            "metadata": {"name": name},
            "spec": {
                "replicas": replicas,
                "selector": {"matchLabels": labels},
                "template": {
                    "metadata": {"labels": labels},
                    "spec": {"containers": [{"name": name.split("-")[0], "image": image, "ports": [port_spec]}]},
                },
            },
        }
    )


def service(name: str, selector: dict | None, port: int = 80, target=80, **spec) -> Service:
    ports = spec.pop("ports", [{"port": port, "targetPort": target}])
    body = {"ports": ports, **spec}
    if selector is not None:
        body["selector"] = selector
    return Service.from_dict({"metadata": {"name": name}, "spec": body})


def client_pod(name: str = "test-pod", image: str = "alpine", namespace: str = "default", **spec) -> Pod:
    return Pod.from_dict(
        {
            "metadata": {"name": name, "namespace": namespace, "labels": {"run": name}},
            "spec": {
                "containers": [{"name": name, "image": image, "args": ["sh"], "stdin": True, "tty": True}],
                **spec,
            },
        }
    )


@pytest.fixture
def web() -> Cluster:
    """The lesson's Steps 1-2: three nginx:alpine Pods behind the ClusterIP Service web-service,
    plus an alpine test-pod.
    """
    cluster = Cluster(seed=11)
    cluster.api.create(deployment("web-deployment", {"app": "web"}, "nginx:alpine"))
    cluster.api.create(service("web-service", {"app": "web"}))
    cluster.advance(10)
    cluster.api.create(client_pod())
    cluster.advance(10)
    return cluster


@pytest.fixture
def who() -> Cluster:
    """Three kubesim/whoami Pods behind Service who (port name http), and a busybox client."""
    cluster = Cluster(seed=5)
    cluster.api.create(deployment("whoami", {"app": "who"}, "kubesim/whoami", port_name="http"))
    cluster.api.create(service("who", {"app": "who"}, ports=[{"name": "http", "port": 80, "targetPort": 80}]))
    cluster.api.create(
        Pod.from_dict(
            {
                "metadata": {"name": "bb"},
                "spec": {"containers": [{"name": "bb", "image": "busybox", "command": ["sleep", "infinity"]}]},
            }
        )
    )
    cluster.advance(15)
    return cluster


def pods_of(cluster: Cluster, app: str) -> list[Pod]:
    return [p for p in cluster.store.list(Pod, "default") if p.labels.get("app") == app]
