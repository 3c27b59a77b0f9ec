"""Server-side defaulting, as the API server applies it before validation.

This module owns ``set_defaults(obj)``: it mutates a decoded object in place,
mirroring the ``SetDefaults_*`` functions of kubernetes/kubernetes
``pkg/apis/core/v1/defaults.go``, ``pkg/apis/apps/v1/defaults.go`` and
``pkg/apis/discovery/v1/defaults.go``, ``pkg/apis/batch/v1/defaults.go``, the declarative ``+default`` tags
(container/service port ``protocol: TCP``) and the few create-time fills done
by admission or the registry strategy that every ``-o yaml`` shows
(a Pod's ``serviceAccountName: default``, a Namespace's finalizer and phase, the
Pod selector and labels a Job gets from ``pkg/registry/batch/job/strategy.go``
``generateSelector``, a Secret's ``stringData`` folded into ``data`` by the v1 conversion).

Not here: ``clusterIP(s)``, ``ipFamilies``, ``ipFamilyPolicy`` and node ports,
which the API server's allocation step sets (pkg/registry/core/service/storage/alloc.go), and a Pod's
``status`` (the pod strategy's job).

Defaulting is idempotent, so it is safe on create and on update.
"""

from __future__ import annotations

import base64
from typing import Any, Callable

from .apps import Deployment, DeploymentSpec, DeploymentStrategy, ReplicaSet, ReplicaSetSpec, RollingUpdateDeployment
from .batch import CronJob, CronJobSpec, CronJobStatus, Job, JobSpec, JobStatus, JobTemplateSpec
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
    Secret,
    Service,
    ServiceSpec,
    ServiceStatus,
    SessionAffinityConfig,
)
from .discovery import EndpointSlice
from .meta import LabelSelector, ObjectMeta
from .networking import Ingress, IngressLoadBalancerStatus, IngressSpec, IngressStatus

__all__ = ["set_defaults"]

DEFAULT_CLIENT_IP_TIMEOUT = 10800  # v1.DefaultClientIPServiceAffinitySeconds (3 hours)
DEFAULT_TERMINATION_GRACE_PERIOD = 30  # v1.DefaultTerminationGracePeriodSeconds
DEFAULT_SCHEDULER_NAME = "default-scheduler"
TERMINATION_MESSAGE_PATH = "/dev/termination-log"
NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name"
# batch/v1 types.go: the labels the job strategy puts on a Job's Pods (legacy names first, as Go adds them)
JOB_NAME_LABELS = ("job-name", "batch.kubernetes.io/job-name")
CONTROLLER_UID_LABELS = ("controller-uid", "batch.kubernetes.io/controller-uid")
DEFAULT_BACKOFF_LIMIT = 6


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


# ----------------------------------------------------------------------- batch
def _generate_job_selector(job: Job) -> None:
    """The job strategy's ``generateSelector``: without ``manualSelector``, the Job's Pods carry its name
    and uid as labels and the Job selects them by uid. Needs the uid, so it runs once the server set it."""
    spec, uid = job.spec, job.metadata.uid
    if not uid or spec.manual_selector or spec.selector is not None:
        return
    template = spec.template
    labels = template.metadata.labels = template.metadata.labels or {}
    for key in JOB_NAME_LABELS:
        labels.setdefault(key, job.name)
    for key in CONTROLLER_UID_LABELS:
        labels.setdefault(key, uid)
    spec.selector = LabelSelector(match_labels={CONTROLLER_UID_LABELS[1]: uid})


def _default_job(job: Job) -> None:
    spec = job.spec = job.spec or JobSpec()
    spec.template = _default_template(spec.template)
    own_labels = dict(spec.template.metadata.labels or {})
    _generate_job_selector(job)
    if spec.completions is None and spec.parallelism is None:
        spec.completions = 1
    if spec.parallelism is None:
        spec.parallelism = 1
    if spec.backoff_limit is None:
        spec.backoff_limit = 2**31 - 1 if spec.backoff_limit_per_index is not None else DEFAULT_BACKOFF_LIMIT
    if not job.metadata.labels:
        # SetDefaults_Job copies the template's labels: the user's at create time; a Job created without
        # any shows the generated ones, because the server defaults again each time it reads the object
        job.metadata.labels = dict(own_labels or spec.template.metadata.labels or {}) or None
    spec.completion_mode = spec.completion_mode or "NonIndexed"
    if spec.suspend is None:
        spec.suspend = False
    if spec.pod_replacement_policy is None:
        spec.pod_replacement_policy = "Failed" if spec.pod_failure_policy is not None else "TerminatingOrFailed"
    job.status = job.status or JobStatus()  # a struct value: always written


def _default_cron_job(cron_job: CronJob) -> None:
    spec = cron_job.spec = cron_job.spec or CronJobSpec()
    spec.concurrency_policy = spec.concurrency_policy or "Allow"
    if spec.suspend is None:
        spec.suspend = False
    if spec.successful_jobs_history_limit is None:
        spec.successful_jobs_history_limit = 3
    if spec.failed_jobs_history_limit is None:
        spec.failed_jobs_history_limit = 1
    # the Job template's Pod template gets the Pod defaults, not the Job's own (SetObjectDefaults_CronJob)
    job_template = spec.job_template = spec.job_template or JobTemplateSpec()
    job_template.metadata = job_template.metadata or ObjectMeta()
    job_spec = job_template.spec = job_template.spec or JobSpec()
    job_spec.template = _default_template(job_spec.template)
    cron_job.status = cron_job.status or CronJobStatus()  # a struct value: always written


# ------------------------------------------------------------------ networking
def _default_ingress(ingress: Ingress) -> None:
    ingress.spec = ingress.spec or IngressSpec()
    status = ingress.status = ingress.status or IngressStatus()  # struct values: always written
    status.load_balancer = status.load_balancer or IngressLoadBalancerStatus()


# ------------------------------------------------------------------ core data
def _default_secret(secret: Secret) -> None:
    secret.type = secret.type or "Opaque"
    if secret.string_data:  # Convert_v1_Secret_To_core_Secret: stringData wins over data
        encoded = {k: base64.b64encode(v.encode()).decode() for k, v in secret.string_data.items()}
        secret.data = {**(secret.data or {}), **encoded}
    secret.string_data = None


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
    Job: _default_job,
    CronJob: _default_cron_job,
    Ingress: _default_ingress,
    Secret: _default_secret,
}
