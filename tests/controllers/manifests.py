"""Manifests the controller tests apply: a Deployment, a Service, a bare Pod, each with one container "main"."""

from __future__ import annotations

import yaml


def deployment(name: str, image: str = "nginx:alpine", replicas: int = 2, **container) -> str:
    spec = {"name": "main", "image": image, "ports": [{"containerPort": 80}], **container}
    return yaml.safe_dump(
        {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"name": name},
            "spec": {
                "replicas": replicas,
                "selector": {"matchLabels": {"app": name}},
                "template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": [spec]}},
            },
        }
    )


def service(name: str, app: str, kind: str = "ClusterIP") -> str:
    return yaml.safe_dump(
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {"name": name},
            "spec": {"type": kind, "selector": {"app": app}, "ports": [{"port": 80}]},
        }
    )


def pod(name: str, image: str = "nginx:alpine", **container) -> str:
    spec = {"name": "main", "image": image, **container}
    return yaml.safe_dump(
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name}, "spec": {"containers": [spec]}}
    )
