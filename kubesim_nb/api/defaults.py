"""Server-side defaulting, as the API server applies it before validation.

This module owns ``set_defaults(obj)``: it mutates a decoded object in place,
mirroring the ``SetDefaults_*`` functions of kubernetes/kubernetes
``pkg/apis/core/v1/defaults.go``, ``pkg/apis/apps/v1/defaults.go`` and
``pkg/apis/discovery/v1/defaults.go``, the declarative ``+default`` tags
(container/service port ``protocol: TCP``) and the few create-time fills done
by admission or the registry strategy that every ``-o yaml`` shows
(a Pod's ``serviceAccountName: default``, a Namespace's finalizer and phase).

Not here: ``clusterIP(s)``, ``ipFamilies``, ``ipFamilyPolicy`` and node ports,
which the API server's allocation step sets (pkg/registry/core/service/storage/alloc.go), and a Pod's
``status`` (the pod strategy's job).

Defaulting is idempotent, so it is safe on create and on update.
"""

from __future__ import annotations

from typing import Any, Callable

from .apps import Deployment, DeploymentSpec, DeploymentStrategy, ReplicaSet, ReplicaSetSpec, RollingUpdateDeployment
from .core import (
    ClientIPConfig,
    Container,
    Endpoints,
    LoadBalancerStatus,
    Namespace,
    NamespaceSpec,
    NamespaceStatus,
    Node,
    Pod,
    PodSpec,
    PodTemplateSpec,
    Probe,
    Service,
    ServiceSpec,
    ServiceStatus,
    SessionAffinityConfig,
)
from .discovery import EndpointSlice
from .meta import ObjectMeta

__all__ = ["set_defaults"]

DEFAULT_CLIENT_IP_TIMEOUT = 10800  # v1.DefaultClientIPServiceAffinitySeconds (3 hours)
DEFAULT_TERMINATION_GRACE_PERIOD = 30  # v1.DefaultTerminationGracePeriodSeconds
DEFAULT_SCHEDULER_NAME = "default-scheduler"
TERMINATION_MESSAGE_PATH = "/dev/termination-log"
NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name"


def set_defaults(obj: Any) -> None:
    """Fill in every server default of ``obj`` (any kind of :mod:`kinds`), in place."""
    defaulter = _DEFAULTERS.get(type(obj))
    if defaulter is not None:
        defaulter(obj)


# --------------------------------------------------------------------- Service
def _externally_accessible(spec: ServiceSpec) -> bool:
    """``service.ExternallyAccessible`` (pkg/api/v1/service/util.go)."""
    return spec.type in ("LoadBalancer", "NodePort") or (spec.type == "ClusterIP" and bool(spec.external_ips))


def _default_service(svc: Service) -> None:
    spec = svc.spec = svc.spec or ServiceSpec()
    if spec.selector == {}:
        # `selector: {}` is an empty map, which the API server stores as no selector at all
        # (omitempty): such a Service selects nothing, it does not select every Pod.
        spec.selector = None
    if not spec.session_affinity:
        spec.session_affinity = "None"
    if spec.session_affinity == "None":
        spec.session_affinity_config = None
    if spec.session_affinity == "ClientIP":
        config = spec.session_affinity_config
        if config is None or config.client_ip is None or config.client_ip.timeout_seconds is None:
            spec.session_affinity_config = SessionAffinityConfig(
                client_ip=ClientIPConfig(timeout_seconds=DEFAULT_CLIENT_IP_TIMEOUT)
            )
    if not spec.type:
        spec.type = "ClusterIP"
    for port in spec.ports or []:
        if not port.protocol:
            port.protocol = "TCP"
        # intstr zero values (0 or "") mean "same as port"; a missing port is Go's 0.
        if port.target_port in (None, 0, ""):
            port.target_port = port.port if port.port is not None else 0
    if _externally_accessible(spec) and not spec.external_traffic_policy:
        spec.external_traffic_policy = "Cluster"
    if spec.internal_traffic_policy is None and spec.type in ("NodePort", "LoadBalancer", "ClusterIP"):
        spec.internal_traffic_policy = "Cluster"
    if spec.type == "LoadBalancer" and spec.allocate_load_balancer_node_ports is None:
        spec.allocate_load_balancer_node_ports = True
    _default_service_status(svc)


def _default_service_status(svc: Service) -> None:
    # ServiceStatus and LoadBalancerStatus are Go structs, not pointers: they
    # always serialise, which is why every Service shows `status: {loadBalancer: {}}`.
    status = svc.status = svc.status or ServiceStatus()
    status.load_balancer = status.load_balancer or LoadBalancerStatus()
    if svc.spec.type == "LoadBalancer":
        for ingress in status.load_balancer.ingress or []:
            if ingress.ip and ingress.ip_mode is None:
                ingress.ip_mode = "VIP"


# ---------------------------------------------------------- Pods and templates
def _image_tag(image: str | None) -> str | None:
    """The tag ``parsers.ParseImageName`` finds: ``latest`` when neither tag nor digest.

    ``None`` when the reference does not parse (empty, upper case), which
    Go's defaulter treats like any non-latest tag.
    """
    name, _, digest = (image or "").partition("@")
    head, slash, last = name.rpartition("/")
    repository, _, tag = last.partition(":")  # a ':' before the last '/' is a registry port
    repository = head + slash + repository
    if not repository or repository != repository.strip() or repository != repository.lower():
        return None  # "repository name must be lowercase" and friends
    if not tag and not digest:
        return "latest"
    return tag


def _default_probe(probe: Probe | None) -> None:
    if probe is None:
        return
    probe.timeout_seconds = probe.timeout_seconds or 1
    probe.period_seconds = probe.period_seconds or 10
    probe.success_threshold = probe.success_threshold or 1
    probe.failure_threshold = probe.failure_threshold or 3
    if probe.http_get is not None:  # SetDefaults_HTTPGetAction
        probe.http_get.path = probe.http_get.path or "/"
        probe.http_get.scheme = probe.http_get.scheme or "HTTP"


def _default_container(ctr: Container) -> None:
    if not ctr.image_pull_policy:
        ctr.image_pull_policy = "Always" if _image_tag(ctr.image) == "latest" else "IfNotPresent"
    ctr.termination_message_path = ctr.termination_message_path or TERMINATION_MESSAGE_PATH
    ctr.termination_message_policy = ctr.termination_message_policy or "File"
    # ResourceRequirements is a Go struct (not a pointer): always present.
    if ctr.resources is None:
        ctr.resources = {}
    for port in ctr.ports or []:
        port.protocol = port.protocol or "TCP"  # +default="TCP"
    for probe in (ctr.liveness_probe, ctr.readiness_probe, ctr.startup_probe):
        _default_probe(probe)


def _default_pod_spec(spec: PodSpec) -> None:
    """``SetDefaults_PodSpec`` plus the per-container defaulters; shared by pods and templates."""
    spec.dns_policy = spec.dns_policy or "ClusterFirst"
    spec.restart_policy = spec.restart_policy or "Always"
    if spec.security_context is None:
        spec.security_context = {}
    if spec.termination_grace_period_seconds is None:
        spec.termination_grace_period_seconds = DEFAULT_TERMINATION_GRACE_PERIOD
    spec.scheduler_name = spec.scheduler_name or DEFAULT_SCHEDULER_NAME
    for ctr in (spec.init_containers or []) + (spec.containers or []):
        _default_container(ctr)


def _requests_from_limits(ctr: Container) -> None:
    # SetDefaults_Pod: a limit without a request makes the request equal to it.
    limits = (ctr.resources or {}).get("limits")
    if limits:
        requests = ctr.resources.setdefault("requests", {})
        for key, value in limits.items():
            requests.setdefault(key, value)


def _default_pod(pod: Pod) -> None:
    spec = pod.spec = pod.spec or PodSpec()
    _default_pod_spec(spec)
    # SetDefaults_Pod only (not templates): that is why a Deployment's
    # template never shows enableServiceLinks.
    for ctr in (spec.init_containers or []) + (spec.containers or []):
        _requests_from_limits(ctr)
        if spec.host_network:
            for port in ctr.ports or []:
                if not port.host_port:
                    port.host_port = port.container_port
    if spec.enable_service_links is None:
        spec.enable_service_links = True
    # The ServiceAccount admission plugin, not a defaulter: pods only.
    if not spec.service_account_name:
        spec.service_account_name = "default"
    if not spec.service_account:
        spec.service_account = spec.service_account_name


def _default_template(template: PodTemplateSpec | None) -> PodTemplateSpec:
    # The template is a Go struct, so its defaults apply even when the user
    # wrote none; validation then reports what is really missing (containers).
    template = template or PodTemplateSpec()
    template.metadata = template.metadata or ObjectMeta()
    template.spec = template.spec or PodSpec()
    _default_pod_spec(template.spec)
    return template


# ------------------------------------------------------------------------ apps
def _default_deployment(deploy: Deployment) -> None:
    spec = deploy.spec = deploy.spec or DeploymentSpec()
    if spec.replicas is None:
        spec.replicas = 1
    strategy = spec.strategy = spec.strategy or DeploymentStrategy()
    strategy.type = strategy.type or "RollingUpdate"
    if strategy.type == "RollingUpdate":
        rolling = strategy.rolling_update = strategy.rolling_update or RollingUpdateDeployment()
        if rolling.max_unavailable is None:
            rolling.max_unavailable = "25%"
        if rolling.max_surge is None:
            rolling.max_surge = "25%"
    if spec.revision_history_limit is None:
        spec.revision_history_limit = 10
    if spec.progress_deadline_seconds is None:
        spec.progress_deadline_seconds = 600
    spec.template = _default_template(spec.template)


def _default_replica_set(rs: ReplicaSet) -> None:
    spec = rs.spec = rs.spec or ReplicaSetSpec()
    if spec.replicas is None:
        spec.replicas = 1
    spec.template = _default_template(spec.template)


# ------------------------------------------------------- cluster-scoped kinds
def _default_namespace(ns: Namespace) -> None:
    if ns.metadata.name:  # SetDefaults_Namespace
        ns.metadata.labels = ns.metadata.labels or {}
        ns.metadata.labels[NAMESPACE_NAME_LABEL] = ns.metadata.name
    # The namespace strategy (PrepareForCreate) adds the `kubernetes`
    # finalizer and starts the namespace Active.
    spec = ns.spec = ns.spec or NamespaceSpec()
    if "kubernetes" not in (spec.finalizers or []):
        spec.finalizers = (spec.finalizers or []) + ["kubernetes"]
    status = ns.status = ns.status or NamespaceStatus()
    status.phase = status.phase or "Active"


def _default_node(node: Node) -> None:
    status = node.status
    if status is not None and status.allocatable is None and status.capacity is not None:
        status.allocatable = dict(status.capacity)


# ------------------------------------------------------------------- endpoints
def _default_endpoints(ep: Endpoints) -> None:
    for subset in ep.subsets or []:
        for port in subset.ports or []:
            port.protocol = port.protocol or "TCP"


def _default_endpoint_slice(eps: EndpointSlice) -> None:
    # discovery/v1 SetDefaults_EndpointPort: name "" and protocol TCP.
    for port in eps.ports or []:
        if port.name is None:
            port.name = ""
        port.protocol = port.protocol or "TCP"


_DEFAULTERS: dict[type, Callable[[Any], None]] = {
    Service: _default_service,
    Pod: _default_pod,
    Deployment: _default_deployment,
    ReplicaSet: _default_replica_set,
    Namespace: _default_namespace,
    Node: _default_node,
    Endpoints: _default_endpoints,
    EndpointSlice: _default_endpoint_slice,
}
