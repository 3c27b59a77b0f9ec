"""Which container port a Service port or a probe means: the one rule for named ports.

Mirrors ``FindPort`` (``pkg/api/v1/pod/util.go``), used by the EndpointSlice
controller, ``kubectl port-forward`` and the grader, and the kubelet prober's
``findPortByName`` (``pkg/kubelet/prober/prober.go``). A number is used as
is; a name is looked up in the containers' declared ports, and for a Service
port only a port of the same protocol counts.
"""

from __future__ import annotations

from typing import Any, Iterable

from .core import Container, Pod

__all__ = ["container_port_by_name", "find_port"]


def container_port_by_name(containers: Iterable[Container], name: str, protocol: str | None = None) -> int | None:
    """The number of the first container port called ``name`` (of ``protocol``, when given)."""
    for container in containers:
        for port in container.ports or []:
            if port.name == name and (protocol is None or (port.protocol or "TCP") == protocol):
                return port.container_port
    return None


def find_port(pod: Pod, service_port: Any) -> int | None:
    """``FindPort``: the Pod port a Service port's ``targetPort`` reaches, or None when a name matches nothing.

    An unset ``targetPort`` means the Service port itself (the API server defaults it so).
    """
    target = service_port.target_port
    if target is None:
        return service_port.port
    if isinstance(target, bool):
        return None
    if isinstance(target, int):
        return target
    return container_port_by_name(pod.spec.containers or [], target, service_port.protocol or "TCP")
