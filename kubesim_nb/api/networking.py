"""``networking.k8s.io/v1`` Ingress.

Stored, defaulted, validated, listed and described; no ingress controller serves it, so
its status keeps an empty load balancer (``ADDRESS`` stays blank in ``kubectl get ingress``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from .codec import struct_field
from .meta import APIObject, ObjectMeta

__all__ = [
    "HTTPIngressPath",
    "HTTPIngressRuleValue",
    "Ingress",
    "IngressBackend",
    "IngressRule",
    "IngressServiceBackend",
    "IngressSpec",
    "IngressStatus",
    "IngressTLS",
    "ServiceBackendPort",
]

model = dataclass(kw_only=True, slots=True)


@model
class ServiceBackendPort:
    name: str | None = None
    number: int | None = None


@model
class IngressServiceBackend:
    name: str | None = None
    port: ServiceBackendPort | None = struct_field()


@model
class IngressBackend:
    service: IngressServiceBackend | None = None
    resource: Any = None


@model
class HTTPIngressPath:
    path: str | None = None
    path_type: str | None = None
    backend: IngressBackend | None = struct_field()


@model
class HTTPIngressRuleValue:
    paths: list[HTTPIngressPath] | None = None


@model
class IngressRule:
    host: str | None = None
    http: HTTPIngressRuleValue | None = None  # IngressRuleValue, inlined in Go


@model
class IngressTLS:
    hosts: list[str] | None = None
    secret_name: str | None = None


@model
class IngressSpec:
    ingress_class_name: str | None = None
    default_backend: IngressBackend | None = None
    tls: list[IngressTLS] | None = None
    rules: list[IngressRule] | None = None


@model
class IngressLoadBalancerIngress:
    ip: str | None = None
    hostname: str | None = None
    ports: list[Any] | None = None


@model
class IngressLoadBalancerStatus:
    ingress: list[IngressLoadBalancerIngress] | None = None


@model
class IngressStatus:
    load_balancer: IngressLoadBalancerStatus | None = struct_field()


@model
class Ingress(APIObject):
    API_VERSION: ClassVar[str] = "networking.k8s.io/v1"
    KIND: ClassVar[str] = "Ingress"
    RESOURCE: ClassVar[str] = "ingresses"
    GROUP: ClassVar[str] = "networking.k8s.io"
    SHORT_NAMES: ClassVar[tuple[str, ...]] = ("ing",)

    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta = field(default_factory=ObjectMeta)
    spec: IngressSpec | None = struct_field()
    status: IngressStatus | None = struct_field()
