"""``kubectl describe`` text for the kinds the simulator stores, as ``k8s.io/kubectl/pkg/describe``.

:func:`describe` picks the describer of an object's kind, split by API group as
the printers are: :mod:`.core` (Service, Endpoints, Pod, Node, Namespace, ConfigMap,
Secret), :mod:`.apps` (Deployment, ReplicaSet), :mod:`.batch` (Job, CronJob) and
:mod:`.networking` (Ingress); :mod:`.pod_spec` writes the containers,
volumes and Pod templates they share, :mod:`.discovery` EndpointSlices (a Service's, and one's own),
:mod:`.sections` the common blocks (labels, annotations, events) and
:mod:`.quantity` resource quantities.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable, Sequence

from ...api.apps import Deployment, ReplicaSet
from ...api.batch import CronJob, Job
from ...api.core import ConfigMap, Endpoints, Namespace, Node, Pod, Secret, Service
from ...api.discovery import EndpointSlice
from ...api.events import Event
from ...api.networking import Ingress
from .apps import describe_deployment, describe_replica_set
from .batch import describe_cron_job, describe_job
from .core import (
    NODE_LEASE_NAMESPACE,
    describe_config_map,
    describe_endpoints,
    describe_namespace,
    describe_node,
    describe_pod,
    describe_secret,
    describe_service,
    node_lease,
)
from .discovery import describe_endpoint_slice, format_endpoint_slices
from .networking import describe_ingress
from .quantity import Quantity
from .sections import ObjectLister, event_interval, rfc1123z, search_events

__all__ = [
    "NODE_LEASE_NAMESPACE",
    "Quantity",
    "describe",
    "event_interval",
    "format_endpoint_slices",
    "node_lease",
    "rfc1123z",
]

_DESCRIBERS: dict[type, Callable[[Any, ObjectLister | None, datetime, Sequence[Event]], str]] = {
    Service: describe_service,
    Endpoints: describe_endpoints,
    EndpointSlice: describe_endpoint_slice,
    Pod: describe_pod,
    Deployment: describe_deployment,
    ReplicaSet: describe_replica_set,
    Node: describe_node,
    Namespace: describe_namespace,
    ConfigMap: describe_config_map,
    Secret: describe_secret,
    Job: describe_job,
    CronJob: describe_cron_job,
    Ingress: describe_ingress,
}


def describe(obj: Any, api: ObjectLister | None, now: datetime) -> str:
    """The ``kubectl describe`` text of ``obj``; ``api`` lists the related objects (the EndpointSlices
    of a Service, the ReplicaSets of a Deployment, the Pods of a ReplicaSet or Node, the Events of each)."""
    describer = _DESCRIBERS.get(type(obj))
    if describer is None:
        raise TypeError(f"no description has been implemented for {type(obj).__name__}")
    return describer(obj, api, now, search_events(api, obj) if api is not None else [])
