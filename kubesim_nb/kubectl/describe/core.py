"""The describers of the core group: Service, Endpoints, Pod, Node, Namespace, ConfigMap and Secret
(``ServiceDescriber``, ``EndpointsDescriber``, ``PodDescriber``, ``NodeDescriber``,
``NamespaceDescriber``, ``ConfigMapDescriber`` and ``SecretDescriber`` in
``k8s.io/kubectl/pkg/describe/describe.go``, v1.34 field order)."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any, Mapping, Sequence

from ...api.core import ConfigMap, Container, Endpoints, Namespace, Node, Pod, Secret, Service, ServiceSpec
from ...api.discovery import SERVICE_NAME_LABEL, EndpointSlice
from ...api.events import Event
from ...api.labels import format_labels, selector_from_map
from ...clock import format_micro_time
from ...printers.cells import since
from ...printers.core import node_roles
from .discovery import format_endpoint_slices
from .pod_spec import write_containers, write_seccomp, write_topology_spread, write_volumes
from .quantity import Quantity, resource_list
from .sections import (
    ObjectLister,
    PrefixWriter,
    go_bool,
    rfc1123z,
    write_annotations,
    write_controlled_by,
    write_events,
    write_labels,
    write_meta,
    write_tolerations,
)

__all__ = [
    "NODE_LEASE_NAMESPACE",
    "describe_config_map",
    "describe_endpoints",
    "describe_namespace",
    "describe_node",
    "describe_pod",
    "describe_secret",
    "describe_service",
    "node_lease",
]


# --------------------------------------------------------------------- Service
def _service_ips(w: PrefixWriter, spec) -> None:
    if spec.ip_family_policy is not None:
        w.write(0, f"IP Family Policy:\t{spec.ip_family_policy}\n")
    w.write(0, f"IP Families:\t{','.join(spec.ip_families or []) or '<none>'}\n")
    w.write(0, f"IP:\t{spec.cluster_ip or ''}\n")
    w.write(0, f"IPs:\t{','.join(spec.cluster_ips or []) or '<none>'}\n")
    if spec.external_ips:
        w.write(0, f"External IPs:\t{','.join(spec.external_ips)}\n")
    if spec.load_balancer_ip:
        w.write(0, f"Desired LoadBalancer IP:\t{spec.load_balancer_ip}\n")
    if spec.external_name:
        w.write(0, f"External Name:\t{spec.external_name}\n")


def _ingress_text(ingress) -> str:
    """``buildIngressString``."""
    parts = []
    for entry in ingress:
        if entry.ip:
            parts.append(entry.ip + (f" ({entry.ip_mode})" if entry.ip_mode else ""))
        else:
            parts.append(entry.hostname or "")
    return ", ".join(parts)


def _service_port_lines(w: PrefixWriter, port, slices: Sequence[EndpointSlice]) -> None:
    name = port.name or "<unset>"
    protocol = port.protocol or "TCP"
    target = port.port if port.target_port is None else port.target_port
    w.write(0, f"Port:\t{name}\t{port.port}/{protocol}\n")
    w.write(0, f"TargetPort:\t{target}/{protocol}\n")
    if port.app_protocol is not None:  # v1.36+
        w.write(0, f"AppProtocol:\t{port.app_protocol}\n")
    if port.node_port:
        w.write(0, f"NodePort:\t{name}\t{port.node_port}/{protocol}\n")
    w.write(0, f"Endpoints:\t{format_endpoint_slices(slices, port.name or '')}\n")


def _service_policies(w: PrefixWriter, spec) -> None:
    w.write(0, f"Session Affinity:\t{spec.session_affinity or ''}\n")
    if spec.external_traffic_policy:
        w.write(0, f"External Traffic Policy:\t{spec.external_traffic_policy}\n")
    if spec.internal_traffic_policy is not None:
        w.write(0, f"Internal Traffic Policy:\t{spec.internal_traffic_policy}\n")
    if spec.health_check_node_port:
        w.write(0, f"HealthCheck NodePort:\t{spec.health_check_node_port}\n")
    if spec.load_balancer_source_ranges:
        w.write(0, f"LoadBalancer Source Ranges:\t{','.join(spec.load_balancer_source_ranges)}\n")
    if spec.traffic_distribution is not None:
        w.write(0, f"Traffic Distribution:\t{spec.traffic_distribution}\n")


def describe_service(service: Service, api: ObjectLister | None, now: datetime, events: Sequence[Event]) -> str:
    selector = selector_from_map({SERVICE_NAME_LABEL: service.name})
    slices = api.list(EndpointSlice, service.namespace, selector) if api is not None else []
    spec = service.spec or ServiceSpec()
    w = PrefixWriter()
    write_meta(w, service)
    w.write(0, f"Selector:\t{format_labels(spec.selector or {})}\n")
    w.write(0, f"Type:\t{spec.type or ''}\n")
    _service_ips(w, spec)
    lb = service.status.load_balancer if service.status else None
    if lb and lb.ingress:
        w.write(0, f"LoadBalancer Ingress:\t{_ingress_text(lb.ingress)}\n")
    for port in spec.ports or []:
        _service_port_lines(w, port, slices)
    _service_policies(w, spec)
    write_events(w, events, now)
    return w.text()


# ------------------------------------------------------------------- Endpoints
def _ip_list(addresses) -> str:
    return ",".join(a.ip or "" for a in addresses or []) or "<none>"


def describe_endpoints(endpoints: Endpoints, api: ObjectLister | None, now: datetime, events: Sequence[Event]) -> str:
    w = PrefixWriter()
    write_meta(w, endpoints)
    w.write(0, "Subsets:\n")
    for subset in endpoints.subsets or []:
        w.write(1, f"Addresses:\t{_ip_list(subset.addresses)}\n")
        w.write(1, f"NotReadyAddresses:\t{_ip_list(subset.not_ready_addresses)}\n")
        if subset.ports:
            w.write(1, "Ports:\n")
            w.write(2, "Name\tPort\tProtocol\n")
            w.write(2, "----\t----\t--------\n")
            for port in subset.ports:
                w.write(2, f"{port.name or '<unset>'}\t{port.port}\t{port.protocol or ''}\n")
        w.write(0, "\n")
    write_events(w, events, now)
    return w.text()


# ------------------------------------------------------------------------- Pod
def _pod_qos(pod: Pod) -> str:
    """``qos.GetPodQOS``: the status value, else computed from requests and limits."""
    if pod.status and pod.status.qos_class:
        return pod.status.qos_class
    spec = pod.spec
    containers = [*((spec.init_containers if spec else None) or []), *((spec.containers if spec else None) or [])]
    compute = ("cpu", "memory")

    def compute_resources(container: Container, kind: str) -> dict[str, Any]:
        return {k: v for k, v in ((container.resources or {}).get(kind) or {}).items() if k in compute}

    requests = [compute_resources(c, "requests") for c in containers]
    limits = [compute_resources(c, "limits") for c in containers]
    if not any(requests) and not any(limits):
        return "BestEffort"
    guaranteed = all(
        set(lim) == set(compute)
        and all(Quantity.parse(req.get(k, lim[k])).value == Quantity.parse(lim[k]).value for k in compute)
        for req, lim in zip(requests, limits)
    )
    return "Guaranteed" if guaranteed else "Burstable"


def _pod_header(w: PrefixWriter, pod: Pod, now: datetime) -> None:
    spec, status = pod.spec, pod.status
    w.write(0, f"Name:\t{pod.name}\n")
    w.write(0, f"Namespace:\t{pod.namespace}\n")
    if spec and spec.priority is not None:
        w.write(0, f"Priority:\t{spec.priority}\n")
    if spec and spec.priority_class_name:
        w.write(0, f"Priority Class Name:\t{spec.priority_class_name}\n")
    if spec and spec.runtime_class_name:
        w.write(0, f"Runtime Class Name:\t{spec.runtime_class_name}\n")
    if spec and spec.service_account_name:
        w.write(0, f"Service Account:\t{spec.service_account_name}\n")
    node = spec.node_name if spec else None
    w.write(0, f"Node:\t{node}/{(status.host_ip if status else None) or ''}\n" if node else "Node:\t<none>\n")
    if status and status.start_time:
        w.write(0, f"Start Time:\t{rfc1123z(status.start_time)}\n")
    write_labels(w, "Labels", pod.metadata.labels)
    write_annotations(w, "Annotations", pod.metadata.annotations)
    _pod_status_lines(w, pod, now)


def _pod_status_lines(w: PrefixWriter, pod: Pod, now: datetime) -> None:
    status, meta = pod.status, pod.metadata
    phase = (status.phase if status else None) or ""
    if meta.deletion_timestamp and phase not in ("Failed", "Succeeded"):
        grace = meta.deletion_grace_period_seconds
        w.write(0, f"Status:\tTerminating (lasts {since(meta.deletion_timestamp, now)})\n")
        w.write(0, f"Termination Grace Period:\t{30 if grace is None else grace}s\n")
    else:
        w.write(0, f"Status:\t{phase}\n")
    if status and status.reason:
        w.write(0, f"Reason:\t{status.reason}\n")
    if status and status.message:
        w.write(0, f"Message:\t{status.message}\n")
    write_seccomp(w, 0, pod.spec.security_context if pod.spec else None)
    w.write(0, f"IP:\t{(status.pod_ip if status else None) or ''}\n")
    ips = (status.pod_ips if status else None) or []
    w.write(0, "IPs:\n" if ips else "IPs:\t<none>\n")
    for ip in ips:
        w.write(1, f"IP:\t{ip.ip or ''}\n")
    write_controlled_by(w, pod)
    if status and status.nominated_node_name:
        w.write(0, f"NominatedNodeName:\t{status.nominated_node_name}\n")


def _pod_conditions(w: PrefixWriter, pod: Pod) -> None:
    conditions = (pod.status.conditions if pod.status else None) or []
    gates = (pod.spec.readiness_gates if pod.spec else None) or []
    if gates:
        by_type = {c.type: c.status for c in conditions}
        w.write(0, "Readiness Gates:\n  Type\tStatus\n")
        for gate in gates:
            w.write(1, f"{gate.get('conditionType', '')} \t{by_type.get(gate.get('conditionType'), '<none>')} \n")
    if conditions:
        w.write(0, "Conditions:\n  Type\tStatus\n")
        for condition in conditions:
            w.write(1, f"{condition.type} \t{condition.status} \n")


def describe_pod(pod: Pod, api: ObjectLister | None, now: datetime, events: Sequence[Event]) -> str:
    spec, status = pod.spec, pod.status
    w = PrefixWriter()
    _pod_header(w, pod, now)
    if spec and spec.init_containers:
        write_containers(
            w, "Init Containers", spec.init_containers, status.init_container_statuses if status else None, pod, ""
        )
    write_containers(
        w, "Containers", spec.containers if spec else None, status.container_statuses if status else None, pod, ""
    )
    _pod_conditions(w, pod)
    write_volumes(w, spec.volumes if spec else None)
    w.write(0, f"QoS Class:\t{_pod_qos(pod)}\n")
    write_labels(w, "Node-Selectors", spec.node_selector if spec else None)
    write_tolerations(w, "Tolerations", spec.tolerations if spec else None)
    write_topology_spread(w, spec.topology_spread_constraints if spec else None)
    write_events(w, events, now)
    return w.text()


# ------------------------------------------------------------------------ Node
def _taint_text(taint: Mapping[str, Any]) -> str:
    value = taint.get("value")
    key_value = f"{taint.get('key', '')}={value}" if value else taint.get("key", "")
    return f"{key_value}:{taint.get('effect', '')}"


def _node_taints(w: PrefixWriter, taints: Sequence[Mapping[str, Any]] | None) -> None:
    w.write(0, "Taints:\t")
    if not taints:
        w.write(0, "<none>\n")
        return
    ordered = sorted(taints, key=lambda t: f"{t.get('effect', '')},{t.get('key', '')}")
    for i, taint in enumerate(ordered):
        if i:
            w.write(0, "\t")
        w.write(0, _taint_text(taint) + "\n")


NODE_LEASE_NAMESPACE = "kube-node-lease"


def node_lease(node_name: str, now: datetime) -> dict:
    """The kubelet's Lease in ``kube-node-lease``: the simulator keeps no Lease objects, so the kubelet holds it
    with a renewal at ``now`` (it renews every 10 s); ``kubesim serve`` answers it for the real kubectl."""
    return {
        "kind": "Lease",
        "apiVersion": "coordination.k8s.io/v1",
        "metadata": {"name": node_name, "namespace": NODE_LEASE_NAMESPACE},
        "spec": {"holderIdentity": node_name, "leaseDurationSeconds": 40, "renewTime": format_micro_time(now)},
    }


def _node_lease(w: PrefixWriter, node: Node, now: datetime) -> None:
    spec = node_lease(node.name, now)["spec"]
    w.write(0, "Lease:\n")
    w.write(1, f"HolderIdentity:\t{spec['holderIdentity']}\n")
    w.write(1, "AcquireTime:\t<unset>\n")
    w.write(1, f"RenewTime:\t{rfc1123z(spec['renewTime'])}\n")


def _node_conditions(w: PrefixWriter, node: Node) -> None:
    conditions = (node.status.conditions if node.status else None) or []
    if not conditions:
        return
    w.write(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n")
    w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n")
    for c in conditions:
        w.write(
            1,
            f"{c.type or ''} \t{c.status or ''} \t{rfc1123z(c.last_heartbeat_time)} \t"
            f"{rfc1123z(c.last_transition_time)} \t{c.reason or ''} \t{c.message or ''}\n",
        )


def _node_resources(w: PrefixWriter, node: Node) -> None:
    status = node.status
    for title, resources in (
        ("Capacity", status.capacity if status else None),
        ("Allocatable", status.allocatable if status else None),
    ):
        if resources:
            w.write(0, f"{title}:\n")
            for name, quantity in sorted(resource_list(resources).items()):
                w.write(0, f"  {name}:\t{quantity}\n")


def _node_system_info(w: PrefixWriter, node: Node) -> None:
    info = node.status.node_info if node.status else None
    w.write(0, "System Info:\n")
    for label, field in (
        ("Machine ID", "machine_id"),
        ("System UUID", "system_uuid"),
        ("Boot ID", "boot_id"),
        ("Kernel Version", "kernel_version"),
        ("OS Image", "os_image"),
        ("Operating System", "operating_system"),
        ("Architecture", "architecture"),
        ("Container Runtime Version", "container_runtime_version"),
        ("Kubelet Version", "kubelet_version"),
    ):
        w.write(0, f"  {label}:\t{(getattr(info, field) if info else None) or ''}\n")
    spec = node.spec
    if spec and spec.pod_cidr:
        w.write(0, f"PodCIDR:\t{spec.pod_cidr}\n")
    if spec and spec.pod_cidrs:
        w.write(0, f"PodCIDRs:\t{','.join(spec.pod_cidrs)}\n")
    if spec and spec.provider_id:
        w.write(0, f"ProviderID:\t{spec.provider_id}\n")


def _pod_resources(pod: Pod, kind: str) -> dict[str, Quantity]:
    """``PodRequests`` / ``PodLimits`` (simplified): sum of containers, at least each init container."""
    spec = pod.spec
    total: dict[str, Quantity] = {}
    for container in (spec.containers if spec else None) or []:
        for name, q in resource_list((container.resources or {}).get(kind)).items():
            total[name] = total.get(name, Quantity()) + q
    for container in (spec.init_containers if spec else None) or []:
        for name, q in resource_list((container.resources or {}).get(kind)).items():
            if q.value > total.get(name, Quantity()).value:
                total[name] = q
    return total


def _percent(part: Quantity, whole: Quantity, milli: bool) -> int:
    denominator = whole.milli() if milli else whole.units()
    if denominator == 0:
        return 0
    return int((part.milli() if milli else part.units()) / denominator * 100)


def _usage(quantity: Quantity, allocatable: Quantity, milli: bool) -> str:
    return f"{quantity} ({_percent(quantity, allocatable, milli)}%)"


def _node_pods(w: PrefixWriter, node: Node, pods: Sequence[Pod], now: datetime) -> None:
    allocatable = resource_list((node.status.allocatable or node.status.capacity) if node.status else None)
    cpu, memory = allocatable.get("cpu", Quantity()), allocatable.get("memory", Quantity())
    w.write(0, f"Non-terminated Pods:\t({len(pods)} in total)\n")
    w.write(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n")
    w.write(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n")
    for pod in pods:
        req, lim = _pod_resources(pod, "requests"), _pod_resources(pod, "limits")
        cells = [
            _usage(req.get("cpu", Quantity()), cpu, True),
            _usage(lim.get("cpu", Quantity()), cpu, True),
            _usage(req.get("memory", Quantity()), memory, False),
            _usage(lim.get("memory", Quantity()), memory, False),
        ]
        age = since(pod.metadata.creation_timestamp, now)
        w.write(1, f"{pod.namespace}\t{pod.name}\t\t{chr(9).join(cells)}\t{age}\n")
    _allocated(w, pods, allocatable)


def _allocated(w: PrefixWriter, pods: Sequence[Pod], allocatable: dict[str, Quantity]) -> None:
    requests: dict[str, Quantity] = {}
    limits: dict[str, Quantity] = {}
    for pod in pods:
        for totals, kind in ((requests, "requests"), (limits, "limits")):
            for name, q in _pod_resources(pod, kind).items():
                totals[name] = totals.get(name, Quantity()) + q
    w.write(0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n")
    w.write(1, "Resource\tRequests\tLimits\n")
    w.write(1, "--------\t--------\t------\n")
    standard = ("cpu", "memory", "ephemeral-storage")
    hugepages = sorted(n for n in allocatable if n.startswith("hugepages-"))
    for name in (*standard, *hugepages):
        milli = name == "cpu"
        whole = allocatable.get(name, Quantity())
        w.write(
            1,
            f"{name}\t{_usage(requests.get(name, Quantity()), whole, milli)}\t"
            f"{_usage(limits.get(name, Quantity()), whole, milli)}\n",
        )
    for name in sorted(n for n in allocatable if n not in standard and n != "pods" and not n.startswith("hugepages-")):
        w.write(1, f"{name}\t{requests.get(name, Quantity())}\t{limits.get(name, Quantity())}\n")


def describe_node(node: Node, api: ObjectLister | None, now: datetime, events: Sequence[Event]) -> str:
    spec = node.spec
    w = PrefixWriter()
    w.write(0, f"Name:\t{node.name}\n")
    w.write(0, f"Roles:\t{','.join(node_roles(node)) or '<none>'}\n")
    write_labels(w, "Labels", node.metadata.labels)
    write_annotations(w, "Annotations", node.metadata.annotations)
    w.write(0, f"CreationTimestamp:\t{rfc1123z(node.metadata.creation_timestamp)}\n")
    _node_taints(w, spec.taints if spec else None)
    w.write(0, f"Unschedulable:\t{go_bool(spec.unschedulable if spec else None)}\n")
    _node_lease(w, node, now)
    _node_conditions(w, node)
    w.write(0, "Addresses:\n")
    for address in (node.status.addresses if node.status else None) or []:
        w.write(1, f"{address.type or ''}:\t{address.address or ''}\n")
    _node_resources(w, node)
    _node_system_info(w, node)
    pods = [
        p
        for p in (api.list(Pod) if api is not None else [])
        if p.spec
        and p.spec.node_name == node.name
        and (p.status.phase if p.status else None) not in ("Succeeded", "Failed")
    ]
    _node_pods(w, node, pods, now)
    write_events(w, events, now)
    return w.text()


# ------------------------------------------------------------------- Namespace
def describe_namespace(namespace: Namespace, api: ObjectLister | None, now: datetime, events: Sequence[Event]) -> str:
    """``describeNamespace``: no events; the simulator has no ResourceQuota or LimitRange objects."""
    w = PrefixWriter()
    w.write(0, f"Name:\t{namespace.name}\n")
    write_labels(w, "Labels", namespace.metadata.labels)
    write_annotations(w, "Annotations", namespace.metadata.annotations)
    w.write(0, f"Status:\t{(namespace.status.phase if namespace.status else None) or ''}\n")
    w.write(0, "\n")
    w.write(0, "No resource quota.\n")
    w.write(0, "\n")
    w.write(0, "No LimitRange resource.\n")
    return w.text()


# ------------------------------------------------------------ ConfigMap, Secret
def describe_config_map(config_map: ConfigMap, api: ObjectLister | None, now: datetime, events: Sequence[Event]) -> str:
    """Every ``data`` value in full under its key; ``binaryData`` by size."""
    w = PrefixWriter()
    write_meta(w, config_map)
    w.write(0, "\nData\n====\n")
    for key, value in sorted((config_map.data or {}).items()):
        w.write(0, f"{key}:\n----\n")
        w.write(0, f"{value}\n")
        w.write(0, "\n")
    w.write(0, "\nBinaryData\n====\n")
    for key, value in sorted((config_map.binary_data or {}).items()):
        w.write(0, f"{key}: {len(base64.b64decode(value))} bytes\n")
    w.write(0, "\n")
    write_events(w, events, now)
    return w.text()


def describe_secret(secret: Secret, api: ObjectLister | None, now: datetime, events: Sequence[Event]) -> str:
    """Values are never shown, only their sizes (a service account token excepted); no events."""
    w = PrefixWriter()
    write_meta(w, secret)
    w.write(0, f"\nType:\t{secret.type or ''}\n")
    w.write(0, "\nData\n====\n")
    for key, value in sorted((secret.data or {}).items()):
        decoded = base64.b64decode(value)
        if key == "token" and secret.type == "kubernetes.io/service-account-token":
            w.write(0, f"{key}:\t{decoded.decode(errors='replace')}\n")
        else:
            w.write(0, f"{key}:\t{len(decoded)} bytes\n")
    return w.text()
