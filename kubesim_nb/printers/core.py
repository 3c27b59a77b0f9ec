"""Table columns and rows for the core (``v1``) kinds.

This module owns the server-side cells of ``kubectl get`` for Pod, Service,
Endpoints, Node, Namespace, ConfigMap, Secret and Event, as ``pkg/printers/internalversion/printers.go``
computes them: ``printPod`` (READY,
STATUS, RESTARTS), ``printService`` with ``getServiceExternalIP``,
``makePortString`` and ``loadBalancerStatusStringer``, ``formatEndpoints``,
``printNode`` with ``findNodeRoles``, ``printNamespace``, ``printConfigMap``,
``printSecret``, ``printEvent`` with ``formatEventSource``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from ..api.core import ConfigMap, Container, ContainerStatus, Endpoints, Namespace, Node, Pod, Secret, Service
from ..api.events import Event
from ..api.labels import format_labels
from .cells import since, summarize
from .table import AGE_COLUMN, NAME_COLUMN, Column, TableHandler

__all__ = [
    "TABLES",
    "config_map_row",
    "endpoints_row",
    "event_row",
    "format_endpoints",
    "join_host_port",
    "load_balancer_status_string",
    "namespace_row",
    "node_roles",
    "node_row",
    "pod_row",
    "secret_row",
    "service_external_ip",
    "service_ports",
    "service_row",
]

NODE_ROLE_PREFIX = "node-role.kubernetes.io/"
NODE_ROLE_LABEL = "kubernetes.io/role"
LOAD_BALANCER_WIDTH = 16
# The API server's TableConvertor always generates rows with Wide: true
# (pkg/printers/storage/storage.go), so the LoadBalancer ingress column is
# never clipped in real `kubectl get svc` output, with or without -o wide.
SERVER_GENERATES_WIDE = True


# --------------------------------------------------------------------- Pod
def _restartable(container: Container | None) -> bool:
    """A sidecar: an init container with ``restartPolicy: Always``."""
    return container is not None and container.restart_policy == "Always"


def _has_condition(pod: Pod, condition_type: str) -> bool:
    for condition in (pod.status.conditions if pod.status else None) or []:
        if condition.type == condition_type:
            return condition.status == "True"
    return False


def _terminated_reason(terminated, prefix: str = "") -> str:
    if terminated.reason:
        return prefix + terminated.reason
    if terminated.signal:
        return f"{prefix}Signal:{terminated.signal}"
    return f"{prefix}ExitCode:{terminated.exit_code or 0}"


class _PodSummary:
    """The READY / STATUS / RESTARTS cells of ``printPod``, computed in Go's order."""

    def __init__(self, pod: Pod):
        self.pod = pod
        self.spec = pod.spec
        self.status = pod.status
        self.ready = 0
        self.total = len((self.spec.containers if self.spec else None) or [])
        self.restarts = 0
        self.last_restart: str | None = None
        self.sidecar_restarts = 0
        self.sidecar_last_restart: str | None = None
        phase = (self.status.phase if self.status else None) or ""
        self.phase = phase
        self.reason = (self.status.reason if self.status else None) or phase
        for condition in (self.status.conditions if self.status else None) or []:
            if condition.type == "PodScheduled" and condition.reason == "SchedulingGated":
                self.reason = "SchedulingGated"

    @staticmethod
    def _later(current: str | None, status: ContainerStatus) -> str | None:
        last = status.last_state.terminated if status.last_state else None
        finished = last.finished_at if last else None
        if finished and (current is None or finished > current):
            return finished
        return current

    def scan_init_containers(self) -> bool:
        """Returns whether the pod is still initializing."""
        init_list = (self.spec.init_containers if self.spec else None) or []
        init_specs = {c.name: c for c in init_list}
        self.total += sum(1 for c in init_list if _restartable(c))
        statuses = (self.status.init_container_statuses if self.status else None) or []
        for i, status in enumerate(statuses):
            self.restarts += status.restart_count or 0
            self.last_restart = self._later(self.last_restart, status)
            sidecar = _restartable(init_specs.get(status.name))
            if sidecar:
                self.sidecar_restarts += status.restart_count or 0
                self.sidecar_last_restart = self._later(self.sidecar_last_restart, status)
            state = status.state
            terminated = state.terminated if state else None
            waiting = state.waiting if state else None
            if terminated is not None and (terminated.exit_code or 0) == 0:
                continue
            if sidecar and status.started:
                self.ready += 1 if status.ready else 0
                continue
            if terminated is not None:
                self.reason = _terminated_reason(terminated, "Init:")
            elif waiting is not None and waiting.reason and waiting.reason != "PodInitializing":
                self.reason = "Init:" + waiting.reason
            else:
                self.reason = f"Init:{i}/{len(init_list)}"
            return True
        return False

    def scan_containers(self) -> None:
        self.restarts = self.sidecar_restarts
        self.last_restart = self.sidecar_last_restart
        has_running = False
        error_reason = ""
        for status in reversed((self.status.container_statuses if self.status else None) or []):
            self.restarts += status.restart_count or 0
            self.last_restart = self._later(self.last_restart, status)
            state = status.state
            waiting = state.waiting if state else None
            terminated = state.terminated if state else None
            if waiting is not None and waiting.reason:
                self.reason = waiting.reason
            elif terminated is not None:
                self.reason = _terminated_reason(terminated)
                if terminated.exit_code:
                    error_reason = self.reason
            elif status.ready and state is not None and state.running is not None:
                has_running = True
                self.ready += 1
        if self.reason == "Completed":
            if has_running and _has_condition(self.pod, "Ready"):
                self.reason = "Running"
            elif error_reason:
                self.reason = error_reason
            elif has_running:
                self.reason = "NotReady"

    def apply_deletion(self) -> None:
        if not self.pod.metadata.deletion_timestamp:
            return
        if (self.status.reason if self.status else None) == "NodeLost":
            self.reason = "Unknown"
        elif self.phase not in ("Succeeded", "Failed"):
            self.reason = "Terminating"

    def restarts_cell(self, now: datetime) -> str:
        if self.restarts and self.last_restart:
            return f"{self.restarts} ({since(self.last_restart, now)} ago)"
        return str(self.restarts)


def _readiness_gates(pod: Pod) -> str:
    gates = (pod.spec.readiness_gates if pod.spec else None) or []
    if not gates:
        return "<none>"
    conditions = {c.type: c.status for c in (pod.status.conditions if pod.status else None) or []}
    true = sum(1 for gate in gates if conditions.get(gate.get("conditionType")) == "True")
    return f"{true}/{len(gates)}"


def _pod_wide_cells(pod: Pod) -> list[str]:
    status = pod.status
    ips = (status.pod_ips if status else None) or []
    return [
        (ips[0].ip if ips else None) or "<none>",
        (pod.spec.node_name if pod.spec else None) or "<none>",
        (status.nominated_node_name if status else None) or "<none>",
        _readiness_gates(pod),
    ]


def pod_row(pod: Pod, now: datetime) -> list[str]:
    summary = _PodSummary(pod)
    initializing = summary.scan_init_containers()
    if not initializing or _has_condition(pod, "Initialized"):
        summary.scan_containers()
    summary.apply_deletion()
    return [
        pod.name,
        f"{summary.ready}/{summary.total}",
        summary.reason,
        summary.restarts_cell(now),
        since(pod.metadata.creation_timestamp, now),
        *_pod_wide_cells(pod),
    ]


POD_COLUMNS = (
    NAME_COLUMN,
    Column("Ready"),
    Column("Status"),
    Column("Restarts"),
    AGE_COLUMN,
    Column("IP", 1),
    Column("Node", 1),
    Column("Nominated Node", 1),
    Column("Readiness Gates", 1),
)


# ----------------------------------------------------------------- Service
def load_balancer_status_string(service: Service, wide: bool) -> str:
    """``loadBalancerStatusStringer``: ingress IPs (else hostnames), de-duplicated and sorted."""
    lb = service.status.load_balancer if service.status else None
    entries = {i.ip or i.hostname for i in (lb.ingress if lb else None) or [] if i.ip or i.hostname}
    text = ",".join(sorted(entries))
    if not wide and len(text) > LOAD_BALANCER_WIDTH:
        text = text[: LOAD_BALANCER_WIDTH - 3] + "..."
    return text


def service_external_ip(service: Service, wide: bool = SERVER_GENERATES_WIDE) -> str:
    """``getServiceExternalIP``: the EXTERNAL-IP cell."""
    spec = service.spec
    service_type = spec.type if spec else None
    external_ips = (spec.external_ips if spec else None) or []
    if service_type in ("ClusterIP", "NodePort"):
        return ",".join(external_ips) or "<none>"
    if service_type == "LoadBalancer":
        ingress = load_balancer_status_string(service, wide)
        results = (ingress.split(",") if ingress else []) + external_ips
        return ",".join(results) or "<pending>"
    if service_type == "ExternalName":
        return spec.external_name or ""
    return "<unknown>"


def service_ports(service: Service) -> str:
    """``makePortString``: ``80/TCP`` or ``80:30007/TCP``, joined by ``,``."""
    pieces = []
    for port in (service.spec.ports if service.spec else None) or []:
        protocol = port.protocol or "TCP"
        node_port = f":{port.node_port}" if port.node_port and port.node_port > 0 else ""
        pieces.append(f"{port.port}{node_port}/{protocol}")
    return ",".join(pieces)


def service_row(service: Service, now: datetime) -> list[str]:
    spec = service.spec
    cluster_ips = (spec.cluster_ips if spec else None) or []
    return [
        service.name,
        (spec.type if spec else None) or "",
        cluster_ips[0] if cluster_ips else "<none>",
        service_external_ip(service),
        service_ports(service) or "<none>",
        since(service.metadata.creation_timestamp, now),
        format_labels((spec.selector if spec else None) or {}),
    ]


SERVICE_COLUMNS = (
    NAME_COLUMN,
    Column("Type"),
    Column("Cluster-IP"),
    Column("External-IP"),
    Column("Port(s)"),
    AGE_COLUMN,
    Column("Selector", 1),
)


# --------------------------------------------------------------- Endpoints
def join_host_port(host: str, port: int | str) -> str:
    """Go's ``net.JoinHostPort``: IPv6 hosts are bracketed."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _endpoint_entries(endpoints: Endpoints):
    for subset in endpoints.subsets or []:
        addresses = [a.ip or "" for a in subset.addresses or []]
        if not subset.ports:
            yield from addresses
            continue
        for port in subset.ports:
            yield from (join_host_port(ip, port.port) for ip in addresses)


def format_endpoints(endpoints: Endpoints) -> str:
    """``formatEndpoints(ep, nil)``: ready ``ip:port`` entries, first 3 + ``N more...``."""
    if not endpoints.subsets:
        return "<none>"
    return summarize(_endpoint_entries(endpoints))


def endpoints_row(endpoints: Endpoints, now: datetime) -> list[str]:
    return [endpoints.name, format_endpoints(endpoints), since(endpoints.metadata.creation_timestamp, now)]


ENDPOINTS_COLUMNS = (NAME_COLUMN, Column("Endpoints"), AGE_COLUMN)


# -------------------------------------------------------------------- Node
def node_roles(node: Node) -> list[str]:
    """``findNodeRoles``: ``node-role.kubernetes.io/<role>`` keys and ``kubernetes.io/role`` values, sorted."""
    roles = set()
    for key, value in node.labels.items():
        if key.startswith(NODE_ROLE_PREFIX) and key[len(NODE_ROLE_PREFIX) :]:
            roles.add(key[len(NODE_ROLE_PREFIX) :])
        elif key == NODE_ROLE_LABEL and value:
            roles.add(value)
    return sorted(roles)


def _node_status(node: Node) -> str:
    status = []
    for condition in (node.status.conditions if node.status else None) or []:
        if condition.type == "Ready":
            status = ["Ready" if condition.status == "True" else "NotReady"]
    status = status or ["Unknown"]
    if node.spec and node.spec.unschedulable:
        status.append("SchedulingDisabled")
    return ",".join(status)


def _node_address(node: Node, address_type: str) -> str:
    for address in (node.status.addresses if node.status else None) or []:
        if address.type == address_type:
            return address.address or ""
    return "<none>"


def node_row(node: Node, now: datetime) -> list[str]:
    info = node.status.node_info if node.status else None
    return [
        node.name,
        _node_status(node),
        ",".join(node_roles(node)) or "<none>",
        since(node.metadata.creation_timestamp, now),
        (info.kubelet_version if info else None) or "",
        _node_address(node, "InternalIP"),
        _node_address(node, "ExternalIP"),
        (info.os_image if info else None) or "<unknown>",
        (info.kernel_version if info else None) or "<unknown>",
        (info.container_runtime_version if info else None) or "<unknown>",
    ]


NODE_COLUMNS = (
    NAME_COLUMN,
    Column("Status"),
    Column("Roles"),
    AGE_COLUMN,
    Column("Version"),
    Column("Internal-IP", 1),
    Column("External-IP", 1),
    Column("OS-Image", 1),
    Column("Kernel-Version", 1),
    Column("Container-Runtime", 1),
)


# --------------------------------------------------------------- Namespace
def namespace_row(namespace: Namespace, now: datetime) -> list[str]:
    phase = (namespace.status.phase if namespace.status else None) or ""
    return [namespace.name, phase, since(namespace.metadata.creation_timestamp, now)]


NAMESPACE_COLUMNS = (NAME_COLUMN, Column("Status"), AGE_COLUMN)


# -------------------------------------------------------- ConfigMap, Secret
def config_map_row(config_map: ConfigMap, now: datetime) -> list[str]:
    keys = len(config_map.data or {}) + len(config_map.binary_data or {})
    return [config_map.name, str(keys), since(config_map.metadata.creation_timestamp, now)]


CONFIG_MAP_COLUMNS = (NAME_COLUMN, Column("Data"), AGE_COLUMN)


def secret_row(secret: Secret, now: datetime) -> list[str]:
    data = len(secret.data or {})
    return [secret.name, secret.type or "", str(data), since(secret.metadata.creation_timestamp, now)]


SECRET_COLUMNS = (NAME_COLUMN, Column("Type"), Column("Data"), AGE_COLUMN)


# ------------------------------------------------------------------- Event
def _event_source(event: Event) -> str:
    """``formatEventSource``: component, then ``, <host>`` when there is one (reporting fields as fallback)."""
    source = event.source
    component = (source.component if source else None) or event.reporting_component or ""
    instance = (source.host if source else None) or event.reporting_instance or ""
    return f"{component}, {instance}" if instance else component


def event_row(event: Event, now: datetime) -> list[str]:
    """``printEvent``: an ``events.k8s.io`` event has ``eventTime`` and maybe a ``series`` instead of the timestamps."""
    first_seen = since(event.first_timestamp or event.event_time, now)
    last_seen = since(event.last_timestamp, now) if event.last_timestamp else first_seen
    count = event.count or 1
    if event.series is not None:
        last_seen, count = since(event.series.last_observed_time, now), event.series.count or 0
    ref = event.regarding
    target = (ref.kind or "").lower() + (f"/{ref.name}" if ref.name else "")
    return [
        last_seen,
        event.type or "",
        event.reason or "",
        target,
        ref.field_path or "",
        _event_source(event),
        (event.message or "").strip(),
        first_seen,
        str(count),
        event.name,
    ]


EVENT_COLUMNS = (
    Column("Last Seen"),
    Column("Type"),
    Column("Reason"),
    Column("Object"),
    Column("Subobject", 1),
    Column("Source", 1),
    Column("Message"),
    Column("First Seen", 1),
    Column("Count", 1),
    replace(NAME_COLUMN, priority=1),  # an Event's name is no use to a reader; its Object is
)


TABLES = {
    Pod: TableHandler(POD_COLUMNS, pod_row),
    Service: TableHandler(SERVICE_COLUMNS, service_row),
    Endpoints: TableHandler(ENDPOINTS_COLUMNS, endpoints_row),
    Node: TableHandler(NODE_COLUMNS, node_row),
    Namespace: TableHandler(NAMESPACE_COLUMNS, namespace_row),
    Event: TableHandler(EVENT_COLUMNS, event_row),
    ConfigMap: TableHandler(CONFIG_MAP_COLUMNS, config_map_row),
    Secret: TableHandler(SECRET_COLUMNS, secret_row),
}
