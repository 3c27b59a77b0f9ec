"""The describer of the networking group: Ingress (``describeIngressV1`` with ``describeBackendV1``
and ``serviceBackendStringer`` in ``k8s.io/kubectl/pkg/describe/describe.go``): each backend
Service with its ready endpoints, read from the Service's EndpointSlices."""

from __future__ import annotations

from datetime import datetime
from typing import Sequence

from ...api.core import Service
from ...api.discovery import SERVICE_NAME_LABEL, EndpointSlice
from ...api.events import Event
from ...api.labels import selector_from_map
from ...api.networking import Ingress, IngressBackend, IngressSpec
from ...printers.networking import ingress_address
from .discovery import format_endpoint_slices
from .sections import ObjectLister, PrefixWriter, write_annotations, write_events, write_labels

__all__ = ["describe_ingress"]


def _backend_text(backend: IngressBackend, namespace: str, api: ObjectLister | None) -> str:
    """``describeBackendV1``: ``service:port (endpoints)``, or the resource a backend names."""
    service = backend.service
    if service is not None:
        port = service.port
        number, port_name = (port.number or 0, port.name or "") if port else (0, "")
        text = f"{service.name or ''}:{number if number else port_name}"
        if api is None:
            return text
        slices = api.list(EndpointSlice, namespace, selector_from_map({SERVICE_NAME_LABEL: service.name or ""}))
        found = [s for s in api.list(Service, namespace) if s.name == service.name]
        if not found:
            return f'{text} (<error: services "{service.name or ""}" not found>)'
        port_names = [
            p.name or ""
            for p in found[0].spec.ports or []
            if (number and p.port == number) or (port_name and p.name == port_name)
        ]
        return f"{text} ({format_endpoint_slices(slices, port_names[-1] if port_names else '')})"
    resource = backend.resource
    if isinstance(resource, dict):
        group = resource.get("apiGroup") or "<none>"
        return f"APIGroup: {group}, Kind: {resource.get('kind', '')}, Name: {resource.get('name', '')}"
    return ""


def describe_ingress(ingress: Ingress, api: ObjectLister | None, now: datetime, events: Sequence[Event]) -> str:
    spec = ingress.spec or IngressSpec()
    namespace = ingress.namespace
    w = PrefixWriter()
    w.write(0, f"Name:\t{ingress.name}\n")
    write_labels(w, "Labels", ingress.metadata.labels)
    w.write(0, f"Namespace:\t{namespace}\n")
    w.write(0, f"Address:\t{ingress_address(ingress)}\n")
    w.write(0, f"Ingress Class:\t{spec.ingress_class_name or '<none>'}\n")
    default = "<default>" if spec.default_backend is None else _backend_text(spec.default_backend, namespace, api)
    w.write(0, f"Default backend:\t{default}\n")
    if spec.tls:
        w.write(0, "TLS:\n")
        for tls in spec.tls:
            hosts = ",".join(tls.hosts or [])
            w.write(1, f"{tls.secret_name} terminates {hosts}\n" if tls.secret_name else f"SNI routes {hosts}\n")
    w.write(0, "Rules:\n  Host\tPath\tBackends\n")
    w.write(1, "----\t----\t--------\n")
    rules = [rule for rule in spec.rules or [] if rule.http is not None]
    for rule in rules:
        w.write(1, f"{rule.host or '*'}\t\n")
        for path in rule.http.paths or []:
            w.write(2, f"\t{path.path or ''} \t{_backend_text(path.backend or IngressBackend(), namespace, api)}\n")
    if not rules:
        w.write(1, f"*\t*\t{default}\n")
    write_annotations(w, "Annotations", ingress.metadata.annotations)
    write_events(w, events, now)
    return w.text()
