"""An API server on its own: a store, the allocators on the default ranges, the namespaces default and shop,
and no controllers, so every change a test sees is the API server's."""

from __future__ import annotations

import random

import pytest

from kubesim_nb.allocators import ClusterIPAllocator, NodePortAllocator
from kubesim_nb.api.core import Namespace, Pod, Service
from kubesim_nb.apiserver import APIServer
from kubesim_nb.clock import SimClock
from kubesim_nb.store import Store


def new_api(seed: int = 1) -> APIServer:
    allocation = random.Random(f"{seed}/alloc")
    names = random.Random(f"{seed}/names")
    api = APIServer(
        Store(SimClock(), names),
        ClusterIPAllocator("10.96.0.0/12", allocation),
        NodePortAllocator(30000, 32767, allocation),
        names,
    )
    for namespace in ("default", "shop"):
        api.create(Namespace.from_dict({"metadata": {"name": namespace}}))
    return api


@pytest.fixture
def api() -> APIServer:
    return new_api()


def service(name: str, namespace: str = "default", **spec) -> Service:
    return Service.from_dict(
        {
            "metadata": {"name": name, "namespace": namespace},
            "spec": {"selector": {"app": name}, "ports": [{"port": 80}], **spec},
        }
    )


def pod(name: str, namespace: str = "default", node: str | None = None, owners: list[dict] | None = None) -> Pod:
    spec = {"containers": [{"name": "main", "image": "nginx:alpine"}], **({"nodeName": node} if node else {})}
    return Pod.from_dict(
        {
            "metadata": {"name": name, "namespace": namespace, "labels": {"app": "web"}, "ownerReferences": owners},
            "spec": spec,
        }
    )


def owned_by(owner) -> list[dict]:
    """The ownerReferences a controller puts on what it creates."""
    return [
        {
            "apiVersion": owner.API_VERSION,
            "kind": owner.KIND,
            "name": owner.name,
            "uid": owner.metadata.uid,
            "controller": True,
            "blockOwnerDeletion": True,
        }
    ]
