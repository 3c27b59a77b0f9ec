"""Core group (``v1``) kinds: Namespace, Node, Pod, Service, Endpoints, ConfigMap, Secret.

Fields the simulator acts on are typed; fields it only stores (volumes,
resources, affinity...) are ``Any`` so real manifests still decode.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from .codec import IntOrString, json_field, struct_field
from .meta import APIObject, ObjectMeta, ObjectReference

__all__ = [
    "ConfigMap",
    "Container",
    "ContainerPort",
    "ContainerState",
    "ContainerStatus",
    "EndpointAddress",
    "EndpointPort",
    "EndpointSubset",
    "Endpoints",
    "EnvVar",
    "HTTPGetAction",
    "LoadBalancerIngress",
    "Namespace",
    "Node",
    "NodeAddress",
    "Pod",
    "PodCondition",
    "PodSpec",
    "PodStatus",
    "PodTemplateSpec",
    "Probe",
    "Service",
    "ServicePort",
    "ServiceSpec",
    "Secret",
    "ServiceStatus",
]

model = dataclass(kw_only=True, slots=True)


# --------------------------------------------------------------------- Namespace
@model
class NamespaceSpec:
    finalizers: list[str] | None = None


@model
class NamespaceStatus:
    phase: str | None = None


@model
class Namespace(APIObject):
    API_VERSION: ClassVar[str] = "v1"
    KIND: ClassVar[str] = "Namespace"
    RESOURCE: ClassVar[str] = "namespaces"
    NAMESPACED: ClassVar[bool] = False
    SHORT_NAMES: ClassVar[tuple[str, ...]] = ("ns",)

    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta = field(default_factory=ObjectMeta)
    spec: NamespaceSpec | None = struct_field()
    status: NamespaceStatus | None = struct_field()


# -------------------------------------------------------------------------- Node
@model
class NodeAddress:
    type: str | None = None
    address: str | None = None


@model
class NodeCondition:
    type: str | None = None
    status: str | None = None
    last_heartbeat_time: str | None = None
    last_transition_time: str | None = None
    reason: str | None = None
    message: str | None = None


@model
class NodeSystemInfo:
    machine_id: str | None = json_field("machineID")
    system_uuid: str | None = json_field("systemUUID")
    boot_id: str | None = json_field("bootID")
    kernel_version: str | None = None
    os_image: str | None = None
    container_runtime_version: str | None = None
    kubelet_version: str | None = None
    kube_proxy_version: str | None = None
    operating_system: str | None = None
    architecture: str | None = None


@model
class NodeSpec:
    pod_cidr: str | None = json_field("podCIDR")
    pod_cidrs: list[str] | None = json_field("podCIDRs")
    provider_id: str | None = json_field("providerID")
    unschedulable: bool | None = None
    taints: list[Any] | None = None


@model
class NodeStatus:
    capacity: dict[str, Any] | None = None
    allocatable: dict[str, Any] | None = None
    conditions: list[NodeCondition] | None = None
    addresses: list[NodeAddress] | None = None
    node_info: NodeSystemInfo | None = None
    images: list[Any] | None = None


@model
class Node(APIObject):
    API_VERSION: ClassVar[str] = "v1"
    KIND: ClassVar[str] = "Node"
    RESOURCE: ClassVar[str] = "nodes"
    NAMESPACED: ClassVar[bool] = False
    SHORT_NAMES: ClassVar[tuple[str, ...]] = ("no",)

    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta = field(default_factory=ObjectMeta)
    spec: NodeSpec | None = None
    status: NodeStatus | None = None

    def internal_ip(self) -> str | None:
        for address in (self.status.addresses if self.status else None) or []:
            if address.type == "InternalIP":
                return address.address
        return None


# --------------------------------------------------------------------------- Pod
@model
class ContainerPort:
    name: str | None = None
    host_port: int | None = None
    container_port: int | None = None
    protocol: str | None = None
    host_ip: str | None = json_field("hostIP")


@model
class EnvVar:
    name: str | None = None
    value: str | None = None
    value_from: Any = None


@model
class HTTPGetAction:
    path: str | None = None
    port: IntOrString | None = None
    host: str | None = None
    scheme: str | None = None
    http_headers: list[Any] | None = None


@model
class TCPSocketAction:
    port: IntOrString | None = None
    host: str | None = None


@model
class ExecAction:
    command: list[str] | None = None


@model
class Probe:
    http_get: HTTPGetAction | None = None
    tcp_socket: TCPSocketAction | None = None
    exec: ExecAction | None = None
    grpc: Any = None
    initial_delay_seconds: int | None = None
    timeout_seconds: int | None = None
    period_seconds: int | None = None
    success_threshold: int | None = None
    failure_threshold: int | None = None
    termination_grace_period_seconds: int | None = None


@model
class Container:
    name: str | None = None
    image: str | None = None
    command: list[str] | None = None
    args: list[str] | None = None
    working_dir: str | None = None
    ports: list[ContainerPort] | None = None
    env_from: list[Any] | None = None
    env: list[EnvVar] | None = None
    resources: dict[str, Any] | None = struct_field()
    resize_policy: list[Any] | None = None
    restart_policy: str | None = None
    volume_mounts: list[Any] | None = None
    volume_devices: list[Any] | None = None
    liveness_probe: Probe | None = None
    readiness_probe: Probe | None = None
    startup_probe: Probe | None = None
    lifecycle: Any = None
    termination_message_path: str | None = None
    termination_message_policy: str | None = None
    image_pull_policy: str | None = None
    security_context: Any = None
    stdin: bool | None = None
    stdin_once: bool | None = None
    tty: bool | None = None


@model
class PodSpec:
    volumes: list[Any] | None = None
    init_containers: list[Container] | None = None
    containers: list[Container] | None = None
    ephemeral_containers: list[Any] | None = None
    restart_policy: str | None = None
    termination_grace_period_seconds: int | None = None
    active_deadline_seconds: int | None = None
    dns_policy: str | None = None
    node_selector: dict[str, str] | None = None
    service_account_name: str | None = None
    service_account: str | None = None
    automount_service_account_token: bool | None = None
    node_name: str | None = None
    host_network: bool | None = None
    host_pid: bool | None = json_field("hostPID")
    host_ipc: bool | None = json_field("hostIPC")
    share_process_namespace: bool | None = None
    security_context: Any = None
    image_pull_secrets: list[Any] | None = None
    hostname: str | None = None
    subdomain: str | None = None
    affinity: Any = None
    scheduler_name: str | None = None
    tolerations: list[Any] | None = None
    host_aliases: list[Any] | None = None
    priority_class_name: str | None = None
    priority: int | None = None
    dns_config: Any = None
    readiness_gates: list[Any] | None = None
    runtime_class_name: str | None = None
    enable_service_links: bool | None = None
    preemption_policy: str | None = None
    overhead: dict[str, Any] | None = None
    topology_spread_constraints: list[Any] | None = None
    set_hostname_as_fqdn: bool | None = json_field("setHostnameAsFQDN")
    os: Any = None
    host_users: bool | None = None
    scheduling_gates: list[Any] | None = None
    resource_claims: list[Any] | None = None


@model
class PodCondition:
    type: str | None = None
    status: str | None = None
    last_probe_time: str | None = None
    last_transition_time: str | None = None
    reason: str | None = None
    message: str | None = None


@model
class ContainerStateWaiting:
    reason: str | None = None
    message: str | None = None


@model
class ContainerStateRunning:
    started_at: str | None = None


@model
class ContainerStateTerminated:
    exit_code: int | None = None
    signal: int | None = None
    reason: str | None = None
    message: str | None = None
    started_at: str | None = None
    finished_at: str | None = None
    container_id: str | None = json_field("containerID")


@model
class ContainerState:
    waiting: ContainerStateWaiting | None = None
    running: ContainerStateRunning | None = None
    terminated: ContainerStateTerminated | None = None


@model
class ContainerStatus:
    name: str | None = None
    state: ContainerState | None = None
    last_state: ContainerState | None = None
    ready: bool | None = None
    restart_count: int | None = None
    image: str | None = None
    image_id: str | None = json_field("imageID")
    container_id: str | None = json_field("containerID")
    started: bool | None = None


@model
class PodIP:
    ip: str | None = None


@model
class PodStatus:
    phase: str | None = None
    conditions: list[PodCondition] | None = None
    message: str | None = None
    reason: str | None = None
    nominated_node_name: str | None = None
    host_ip: str | None = json_field("hostIP")
    host_ips: list[PodIP] | None = json_field("hostIPs")
    pod_ip: str | None = json_field("podIP")
    pod_ips: list[PodIP] | None = json_field("podIPs")
    start_time: str | None = None
    init_container_statuses: list[ContainerStatus] | None = None
    container_statuses: list[ContainerStatus] | None = None
    qos_class: str | None = json_field("qosClass")


@model
class Pod(APIObject):
    API_VERSION: ClassVar[str] = "v1"
    KIND: ClassVar[str] = "Pod"
    RESOURCE: ClassVar[str] = "pods"
    SHORT_NAMES: ClassVar[tuple[str, ...]] = ("po",)

    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta = field(default_factory=ObjectMeta)
    spec: PodSpec | None = struct_field()
    status: PodStatus | None = struct_field()

    def is_ready(self) -> bool:
        for condition in (self.status.conditions if self.status else None) or []:
            if condition.type == "Ready":
                return condition.status == "True"
        return False

    @property
    def ip(self) -> str | None:
        return self.status.pod_ip if self.status else None


@model
class PodTemplateSpec:
    metadata: ObjectMeta | None = struct_field()
    spec: PodSpec | None = struct_field()


# ----------------------------------------------------------------------- Service
@model
class ServicePort:
    name: str | None = None
    protocol: str | None = None
    app_protocol: str | None = None
    port: int | None = None
    target_port: IntOrString | None = None
    node_port: int | None = None


@model
class ClientIPConfig:
    timeout_seconds: int | None = None


@model
class SessionAffinityConfig:
    client_ip: ClientIPConfig | None = json_field("clientIP")


@model
class ServiceSpec:
    ports: list[ServicePort] | None = None
    selector: dict[str, str] | None = None
    cluster_ip: str | None = json_field("clusterIP")
    cluster_ips: list[str] | None = json_field("clusterIPs")
    type: str | None = None
    external_ips: list[str] | None = json_field("externalIPs")
    session_affinity: str | None = None
    load_balancer_ip: str | None = json_field("loadBalancerIP")
    load_balancer_source_ranges: list[str] | None = None
    external_name: str | None = None
    external_traffic_policy: str | None = None
    health_check_node_port: int | None = None
    publish_not_ready_addresses: bool | None = None
    session_affinity_config: SessionAffinityConfig | None = None
    ip_families: list[str] | None = json_field("ipFamilies")
    ip_family_policy: str | None = json_field("ipFamilyPolicy")
    allocate_load_balancer_node_ports: bool | None = None
    load_balancer_class: str | None = None
    internal_traffic_policy: str | None = None
    traffic_distribution: str | None = None


@model
class PortStatus:
    port: int | None = None
    protocol: str | None = None
    error: str | None = None


@model
class LoadBalancerIngress:
    ip: str | None = None
    hostname: str | None = None
    ip_mode: str | None = None
    ports: list[PortStatus] | None = None


@model
class LoadBalancerStatus:
    ingress: list[LoadBalancerIngress] | None = None


@model
class ServiceStatus:
    load_balancer: LoadBalancerStatus | None = struct_field()
    conditions: list[Any] | None = None


@model
class Service(APIObject):
    API_VERSION: ClassVar[str] = "v1"
    KIND: ClassVar[str] = "Service"
    RESOURCE: ClassVar[str] = "services"
    SHORT_NAMES: ClassVar[tuple[str, ...]] = ("svc",)

    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta = field(default_factory=ObjectMeta)
    spec: ServiceSpec | None = struct_field()
    status: ServiceStatus | None = struct_field()


# --------------------------------------------------------------------- Endpoints
@model
class EndpointAddress:
    ip: str | None = None
    hostname: str | None = None
    node_name: str | None = None
    target_ref: ObjectReference | None = None


@model
class EndpointPort:
    name: str | None = None
    port: int | None = None
    protocol: str | None = None
    app_protocol: str | None = None


@model
class EndpointSubset:
    addresses: list[EndpointAddress] | None = None
    not_ready_addresses: list[EndpointAddress] | None = None
    ports: list[EndpointPort] | None = None


@model
class Endpoints(APIObject):
    API_VERSION: ClassVar[str] = "v1"
    KIND: ClassVar[str] = "Endpoints"
    RESOURCE: ClassVar[str] = "endpoints"
    SHORT_NAMES: ClassVar[tuple[str, ...]] = ("ep",)

    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta = field(default_factory=ObjectMeta)
    subsets: list[EndpointSubset] | None = None


# ------------------------------------------------------------ ConfigMap, Secret
@model
class ConfigMap(APIObject):
    API_VERSION: ClassVar[str] = "v1"
    KIND: ClassVar[str] = "ConfigMap"
    RESOURCE: ClassVar[str] = "configmaps"
    SHORT_NAMES: ClassVar[tuple[str, ...]] = ("cm",)

    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta = field(default_factory=ObjectMeta)
    immutable: bool | None = None
    data: dict[str, str] | None = None
    binary_data: dict[str, str] | None = None  # base64, as JSON carries Go's []byte


@model
class Secret(APIObject):
    """``data`` values are base64 (Go's ``[]byte`` in JSON); ``stringData`` is write-only: the API
    server folds it into ``data`` (pkg/apis/core/v1/conversion.go)."""

    API_VERSION: ClassVar[str] = "v1"
    KIND: ClassVar[str] = "Secret"
    RESOURCE: ClassVar[str] = "secrets"

    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta = field(default_factory=ObjectMeta)
    immutable: bool | None = None
    data: dict[str, str] | None = None
    string_data: dict[str, str] | None = None
    type: str | None = None
