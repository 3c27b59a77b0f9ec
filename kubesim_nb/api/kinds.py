"""The kind registry: which kinds exist, their resources, short names, categories and subresources.

The kubectl front end resolves ``svc``, ``services``, ``service`` or
``deployments.apps`` here; decoding finds a class from apiVersion and kind;
the HTTP front door's discovery documents are generated from it.
"""

from __future__ import annotations

from .apps import Deployment, ReplicaSet
from .batch import CronJob, Job
from .core import ConfigMap, Endpoints, Namespace, Node, Pod, Secret, Service
from .discovery import EndpointSlice
from .events import Event
from .networking import Ingress

__all__ = ["ALL_CATEGORY", "ALL_KINDS", "DEPRECATIONS", "SUBRESOURCES", "kind_for", "resolve_resource"]

ALL_KINDS = (
    Pod,
    Service,
    Endpoints,
    EndpointSlice,
    Deployment,
    ReplicaSet,
    Node,
    Namespace,
    ConfigMap,
    Secret,
    Job,
    CronJob,
    Ingress,
    Event,
)

# the "all" category, in discovery order (pods, services, deployments, replicasets, cronjobs, jobs)
ALL_CATEGORY = (Pod, Service, Deployment, ReplicaSet, CronJob, Job)

# the subresources served for each kind (besides the object itself), as discovery lists them
SUBRESOURCES: dict[type, tuple[str, ...]] = {
    Pod: ("log", "status"),
    Service: ("status",),
    Deployment: ("scale", "status"),
    ReplicaSet: ("scale", "status"),
    Node: ("status",),
    Namespace: ("status",),
    Job: ("status",),
    CronJob: ("status",),
    Ingress: ("status",),
}

# the API server's Warning for a deprecated API (kubectl prints it as "Warning: <text>" on stderr)
DEPRECATIONS: dict[type, str] = {
    Endpoints: "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice",
}

_BY_GVK = {(cls.API_VERSION, cls.KIND): cls for cls in ALL_KINDS}
_BY_NAME: dict[str, type] = {}
for _cls in ALL_KINDS:
    for _alias in (_cls.RESOURCE, _cls.KIND.lower(), *_cls.SHORT_NAMES):
        _BY_NAME[_alias] = _cls
        if _cls.GROUP:
            _BY_NAME[f"{_alias}.{_cls.GROUP}"] = _cls


def kind_for(api_version: str, kind: str) -> type | None:
    """The class for an (apiVersion, kind) pair, or ``None``."""
    return _BY_GVK.get((api_version, kind))


def kinds_named(kind: str) -> list[type]:
    return [cls for cls in ALL_KINDS if cls.KIND == kind]


def resolve_resource(name: str) -> type | None:
    """``svc`` / ``services`` / ``service`` / ``deploy`` / ``deployments.apps`` -> class."""
    return _BY_NAME.get(name.lower())
