"""``discovery.k8s.io/v1`` EndpointSlice."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from .meta import APIObject, ObjectMeta, ObjectReference

__all__ = ["Endpoint", "EndpointConditions", "EndpointSlice", "EndpointSlicePort", "SERVICE_NAME_LABEL"]

# discovery/v1 well_known_labels.go: the label that ties an EndpointSlice to its Service
SERVICE_NAME_LABEL = "kubernetes.io/service-name"

model = dataclass(kw_only=True, slots=True)


@model
class EndpointConditions:
    ready: bool | None = None
    serving: bool | None = None
    terminating: bool | None = None


@model
class Endpoint:
    addresses: list[str] | None = None
    conditions: EndpointConditions | None = None
    hostname: str | None = None
    target_ref: ObjectReference | None = None
    node_name: str | None = None
    zone: str | None = None
    hints: Any = None


@model
class EndpointSlicePort:
    name: str | None = None
    protocol: str | None = None
    port: int | None = None
    app_protocol: str | None = None


@model
class EndpointSlice(APIObject):
    API_VERSION: ClassVar[str] = "discovery.k8s.io/v1"
    KIND: ClassVar[str] = "EndpointSlice"
    RESOURCE: ClassVar[str] = "endpointslices"
    GROUP: ClassVar[str] = "discovery.k8s.io"

    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta = field(default_factory=ObjectMeta)
    address_type: str | None = None
    endpoints: list[Endpoint] | None = None
    ports: list[EndpointSlicePort] | None = None
