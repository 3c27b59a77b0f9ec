"""``kubectl port-forward``: a tunnel from the laptop's localhost to one Pod.

:func:`port_forward` resolves the target as kubectl does — a Pod by name, or
for ``svc/NAME`` / ``deployment/NAME`` *one* Pod chosen once among the
selected Pods (running and ready first), with a Service port translated to the
Pod's target port — and registers the forward in ``cluster.sessions``. Later
connections from the laptop to ``localhost:<local port>`` reach that Pod
(:func:`forward_connection`, used by :mod:`.proxy`). A forward never follows a
Service to another Pod: when its Pod goes away the forward is gone ("lost
connection to pod") and the laptop gets "connection refused".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..api.apps import Deployment, ReplicaSet
from ..api.core import Pod, Service
from ..api.labels import label_selector_as_selector, selector_from_map
from ..api.ports import find_port
from ..errors import ApiError, KubeSimError
from .index import localhost_node_port
from .state import section

if TYPE_CHECKING:  # pragma: no cover
    from .runtime import Runtime

__all__ = [
    "ForwardedPort",
    "PortForward",
    "PortForwardError",
    "forwarded_port",
    "port_forward",
    "port_forwards",
    "stop_port_forward",
]

LOST_CONNECTION = "error: lost connection to pod"
POD_RUNNING_TIMEOUT = 60


class PortForwardError(KubeSimError):
    """What ``kubectl port-forward`` prints when it cannot start (message is complete)."""


@dataclass(frozen=True)
class PortForward:
    local_port: int
    namespace: str
    pod: str
    pod_uid: str
    pod_port: int
    target: str

    def banner(self) -> str:
        """The lines kubectl prints when the forward is listening."""
        return (
            f"Forwarding from 127.0.0.1:{self.local_port} -> {self.pod_port}\n"
            f"Forwarding from [::1]:{self.local_port} -> {self.pod_port}\n"
        )

    def to_state(self) -> dict:
        return {
            "namespace": self.namespace,
            "pod": self.pod,
            "uid": self.pod_uid,
            "pod_port": self.pod_port,
            "target": self.target,
        }


def _registry(cluster: "Runtime") -> dict:
    return section(cluster, "port_forwards")


def port_forwards(cluster: "Runtime") -> list[PortForward]:
    return [
        PortForward(int(port), e["namespace"], e["pod"], e["uid"], e["pod_port"], e["target"])
        for port, e in sorted(_registry(cluster).items(), key=lambda item: int(item[0]))
    ]


def stop_port_forward(cluster: "Runtime", local_port: int) -> bool:
    """The learner pressed Ctrl-C in the port-forward terminal."""
    return _registry(cluster).pop(str(local_port), None) is not None


def port_forward(
    cluster: "Runtime", target: str, local_port: int | None, remote_port: int | None = None, namespace: str = "default"
) -> PortForward:
    """Start ``kubectl port-forward TARGET LOCAL:REMOTE``
    (``local_port`` 0 or None picks a free port, as ``:80`` does).
    """
    remote = (local_port or 0) if remote_port is None else remote_port
    kind, _, name = target.partition("/") if "/" in target else ("pod", "", target)
    kind = kind.lower()
    pod, pod_port = _resolve_target(cluster, kind, name, namespace, remote)
    if pod.status.phase != "Running" or pod.metadata.deletion_timestamp:
        raise PortForwardError(
            f"error: unable to forward port because pod is not running. Current status={pod.status.phase}"
        )
    local = local_port or _free_port(cluster)
    _check_free(cluster, local, remote)
    forward = PortForward(local, pod.namespace, pod.name, pod.metadata.uid, pod_port, target)
    _registry(cluster)[str(local)] = forward.to_state()
    return forward


def _resolve_target(cluster: "Runtime", kind: str, name: str, namespace: str, remote: int) -> tuple[Pod, int]:
    if kind in ("pod", "pods", "po"):
        pod = cluster.api.find(Pod, namespace, name)
        if pod is None:
            raise ApiError.not_found("pods", name)
        return pod, remote
    if kind in ("svc", "service", "services"):
        svc = cluster.api.find(Service, namespace, name)
        if svc is None:
            raise ApiError.not_found("services", name)
        pod = _first_pod(cluster, namespace, selector_from_map(svc.spec.selector or {}))
        return pod, _target_port(svc, pod, remote)
    owners = {
        "deployment": Deployment,
        "deployments": Deployment,
        "deploy": Deployment,
        "replicaset": ReplicaSet,
        "replicasets": ReplicaSet,
        "rs": ReplicaSet,
    }
    if kind in owners:
        owner = cluster.api.find(owners[kind], namespace, name)
        if owner is None:
            raise ApiError.not_found(owners[kind].qualified_resource(), name)
        return _first_pod(cluster, namespace, label_selector_as_selector(owner.spec.selector)), remote
    raise PortForwardError(f"error: cannot attach to *v1.{kind.capitalize()}: selector for {kind} not implemented")


def _first_pod(cluster: "Runtime", namespace: str, selector) -> Pod:
    """kubectl's GetFirstPod: running and ready Pods first, then the oldest."""
    pods = [p for p in cluster.api.list(Pod, namespace, selector) if not p.metadata.deletion_timestamp]
    if not pods:
        cluster.advance(POD_RUNNING_TIMEOUT)  # kubectl waits --pod-running-timeout for a Pod to appear
        raise PortForwardError("error: timed out waiting for the condition")
    return min(
        pods, key=lambda p: (p.status.phase != "Running", not p.is_ready(), p.metadata.creation_timestamp or "", p.name)
    )


def _target_port(svc: Service, pod: Pod, port: int) -> int:
    for sp in svc.spec.ports or []:
        if sp.port == port:
            resolved = find_port(pod, sp)
            if resolved is None:
                raise PortForwardError(f"error: Pod '{pod.name}' does not have a named port '{sp.target_port}'")
            return resolved
    raise PortForwardError(f"error: Service {svc.name} does not have a service port {port}")


def _check_free(cluster: "Runtime", local: int, remote: int) -> None:
    taken = str(local) in _registry(cluster)
    taken = taken or localhost_node_port(cluster, local) is not None
    taken = taken or cluster.localhost_service(local) is not None
    if taken:
        errors = " ".join(
            f"unable to create listener: Error listen {fam} {addr}:{local}: bind: address already in use"
            for fam, addr in (("tcp4", "127.0.0.1"), ("tcp6", "[::1]"))
        )
        raise PortForwardError(
            f"Unable to listen on port {local}: Listeners failed to create with the following errors: [{errors}]\n"
            f"error: unable to listen on any of the requested ports: [{{{local} {remote}}}]"
        )


def _free_port(cluster: "Runtime") -> int:
    while True:
        port = cluster.rng_net.randrange(32768, 61000)
        if str(port) not in _registry(cluster):
            return port


@dataclass(frozen=True)
class ForwardedPort:
    """What listens on ``localhost:<port>`` of the laptop because of a ``kubectl port-forward``."""

    namespace: str
    pod_name: str
    pod_port: int
    pod: Pod | None  # None once the forward has ended (its Pod is gone, replaced or not running)


def forwarded_port(cluster: "Runtime", port: int) -> ForwardedPort | None:
    """The port-forward listening on the laptop's ``port``, if any; an ended one is reported once, then forgotten."""
    entry = _registry(cluster).get(str(port))
    if entry is None:
        return None
    pod = cluster.api.find(Pod, entry["namespace"], entry["pod"])
    alive = (
        pod is not None
        and pod.metadata.uid == entry["uid"]
        and pod.status.phase == "Running"
        and not pod.metadata.deletion_timestamp
    )
    if not alive:
        del _registry(cluster)[str(port)]
    return ForwardedPort(entry["namespace"], entry["pod"], entry["pod_port"], pod if alive else None)
