"""API-server validation: the field errors a create or update is rejected with.

This module owns ``validate(obj)`` (create) and ``validate_update(new, old)``
(update), for every kind of :mod:`kinds`. Inputs are already defaulted
(:func:`kubesim_nb.api.defaults.set_defaults`). Each function mirrors one Go
function of kubernetes/kubernetes and appends errors **in the same order**,
because kubectl prints them in that order:

- ``pkg/apis/core/validation/validation.go``: ``ValidateObjectMeta``,
  ``ValidateService`` / ``ValidateServiceUpdate``, ``ValidatePodSpec``,
  ``ValidatePodUpdate``, ``ValidateNamespace``, ``ValidateNode``, ``ValidateEndpoints``;
- ``pkg/apis/apps/validation/validation.go`` plus the apps strategies (selector
  immutability): Deployment and ReplicaSet;
- ``pkg/apis/discovery/validation/validation.go``: EndpointSlice;
- ``pkg/apis/core/validation/events.go``: Event (``legacyValidateEvent``, all a ``v1`` request gets);
- ``pkg/apis/core/validation/validation.go`` ``ValidateConfigMap`` / ``ValidateSecret`` (and their updates);
- ``pkg/apis/batch/validation/validation.go``: Job and CronJob (``ValidateJob``, ``ValidateCronJobCreate``);
- ``pkg/apis/networking/validation/validation.go``: Ingress (``ValidateIngressCreate``).

Not here: the allocation errors (node port / cluster IP in use or out of
range), which the API server's allocation step raises before validation, and
the registry's mutations before an update (``dropTypeDependentFields``).
Syntax checks (names, labels, IPs) live in :mod:`naming`, selectors in :mod:`labels`.

Go walks maps in random order; maps are walked in sorted key order here so
the output is deterministic.
"""

from __future__ import annotations

import copy
import functools
import ipaddress
import json
from typing import Any, Callable, Iterable, Mapping

from .apps import Deployment, DeploymentSpec, ReplicaSet, ReplicaSetSpec
from .batch import CronJob, CronJobSpec, Job, JobSpec, JobTemplateSpec
from .codec import encode
from .core import (
    ConfigMap,
    Container,
    ContainerPort,
    Endpoints,
    Namespace,
    Node,
    Pod,
    PodSpec,
    PodTemplateSpec,
    Probe,
    Secret,
    Service,
    ServicePort,
)
from .cron import schedule_error
from .discovery import EndpointSlice
from .events import Event
from .field import FieldError, Path, RawValue
from .labels import SelectorParseError, selector_from_label_selector, validate_label_selector
from .meta import LabelSelector, ObjectMeta
from .naming import (
    is_config_map_key,
    is_dns1035_label,
    is_dns1123_label,
    is_dns1123_subdomain,
    is_qualified_name,
    is_valid_ip,
    is_valid_port_name,
    is_wildcard_dns1123_subdomain,
    parse_ip_sloppy,
    regex_error,
    validate_labels,
)
from .networking import HTTPIngressPath, Ingress, IngressBackend, IngressRule, IngressSpec

__all__ = ["validate", "validate_update"]

NameRule = Callable[[str], "list[str]"]
Errors = list[FieldError]

METADATA = Path("metadata")
SPEC = Path("spec")

FIELD_IMMUTABLE = "field is immutable"
IS_NEGATIVE = "must be greater than or equal to 0"  # apimachineryvalidation.IsNegativeErrorMsg
PORT_RANGE = "must be between 1 and 65535, inclusive"  # validation.InclusiveRangeError(1, 65535)
MAX_INT32 = 2**31 - 1
MAX_CLIENT_IP_TIMEOUT = 86400  # core.MaxClientIPServiceAffinitySeconds
TOTAL_ANNOTATION_SIZE_LIMIT = 256 * (1 << 10)

PROTOCOLS = ("SCTP", "TCP", "UDP")  # sets.List: sorted
SERVICE_TYPES = ("ClusterIP", "ExternalName", "LoadBalancer", "NodePort")
SESSION_AFFINITIES = ("ClientIP", "None")
TRAFFIC_POLICIES = ("Cluster", "Local")
# v1.34: PreferSameZone/PreferSameNode are beta and on by default. Order not byte-verified.
TRAFFIC_DISTRIBUTIONS = ("PreferClose", "PreferSameZone", "PreferSameNode")
IP_FAMILIES = ("IPv4", "IPv6")
IP_FAMILY_POLICIES = ("PreferDualStack", "RequireDualStack", "SingleStack")
RESTART_POLICIES = ("Always", "OnFailure", "Never")  # a literal list in Go: not sorted
DNS_POLICIES = ("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None")
PULL_POLICIES = ("Always", "IfNotPresent", "Never")
TERMINATION_MESSAGE_POLICIES = ("File", "FallbackToLogsOnError")
HTTP_SCHEMES = ("HTTP", "HTTPS")
ADDRESS_TYPES = ("FQDN", "IPv4", "IPv6")
STRATEGY_TYPES = ("Recreate", "RollingUpdate")
STANDARD_FINALIZERS = ("kubernetes", "orphan", "foregroundDeletion")
JOB_RESTART_POLICIES = ("OnFailure", "Never")
CONCURRENCY_POLICIES = ("Allow", "Forbid", "Replace")
COMPLETION_MODES = ("NonIndexed", "Indexed")
CRON_JOB_NAME_MAX = 52  # a Job it creates adds an 11-character suffix and must stay a 63-character label
PATH_TYPES = ("Exact", "ImplementationSpecific", "Prefix")  # sets.List: sorted
INVALID_PATH_SEQUENCES = ("//", "/./", "/../", "%2f", "%2F")
INVALID_PATH_SUFFIXES = ("/..", "/.")
MAX_SECRET_SIZE = 1024 * 1024  # core.MaxSecretSize, also the limit of a ConfigMap
IMMUTABLE_WHEN_SET = "field is immutable when `immutable` is set"
# the keys a typed Secret must hold (core types.go)
REQUIRED_SECRET_KEYS = {
    "kubernetes.io/tls": ("tls.crt", "tls.key"),
    "kubernetes.io/dockerconfigjson": (".dockerconfigjson",),
    "kubernetes.io/dockercfg": (".dockercfg",),
    "kubernetes.io/ssh-auth": ("ssh-privatekey",),
}
TOPOLOGY_MODE = "service.kubernetes.io/topology-mode"
TOPOLOGY_HINTS = "service.kubernetes.io/topology-aware-hints"

UPDATABLE_POD_SPEC_FIELDS = ",".join(
    (
        "`spec.containers[*].image`",
        "`spec.initContainers[*].image`",
        "`spec.activeDeadlineSeconds`",
        "`spec.tolerations` (only additions to existing tolerations)",
        "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
    )
)


# =================================================================== entry points
def validate(obj: Any) -> Errors:
    """The errors creating ``obj`` is rejected with (empty: valid)."""
    return _checker(_CREATE, obj)(obj)


def validate_update(new: Any, old: Any) -> Errors:
    """The errors replacing ``old`` by ``new`` is rejected with (create rules plus immutability).

    Identical messages are reported once, as ``ErrorList.ToAggregate`` and
    kubectl do (some Go update paths validate the same fields twice).
    """
    return _dedupe(_checker(_UPDATE, new)(new, old))


# ================================================================= shared helpers
def _checker(table: dict[type, Callable[..., Errors]], obj: Any) -> Callable[..., Errors]:
    try:
        return table[type(obj)]
    except KeyError:
        raise TypeError(f"no validation for {type(obj).__name__}") from None


def _dedupe(errs: Iterable[FieldError]) -> Errors:
    seen: set[str] = set()
    out: Errors = []
    for err in errs:
        if err.render() not in seen:
            seen.add(err.render())
            out.append(err)
    return out


def _go_json(value: Any) -> RawValue:
    """``json.Marshal`` text of a plain value: compact, map keys sorted, HTML-escaped like Go."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, sort_keys=isinstance(value, dict))
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(char, escape)
    return RawValue(text)


def _selector_json(selector: LabelSelector | None) -> RawValue:
    """A ``metav1.LabelSelector`` as v1.34 prints it: ``{"matchLabels":{"app":"web"}}``.

    Struct field order (matchLabels before matchExpressions), ``omitempty``
    on both lists and on ``values``; ``null`` for a nil selector.
    """
    if selector is None:
        return RawValue("null")
    parts = []
    if selector.match_labels:
        parts.append('"matchLabels":' + _go_json(dict(selector.match_labels)))
    if selector.match_expressions:
        exprs = []
        for expr in selector.match_expressions:
            item = '{"key":' + _go_json(expr.key or "") + ',"operator":' + _go_json(expr.operator or "")
            if expr.values:
                item += ',"values":' + _go_json(list(expr.values))
            exprs.append(item + "}")
        parts.append('"matchExpressions":[' + ",".join(exprs) + "]")
    return RawValue("{" + ",".join(parts) + "}")


def _port_key_json(protocol: str, port: int) -> RawValue:
    # The Duplicate value of ValidateService is an internal core.ServicePort
    # holding only Protocol and Port. v1.34 prints non-scalar values as JSON;
    # this renders it with the v1 field names and empty fields omitted. Not
    # byte-verified (a plain json.Marshal of the untagged internal struct would
    # print Go field names and zero values instead).
    return RawValue(f'{{"protocol":{_go_json(protocol)},"port":{port}}}')


def _int_or_string(value: Any) -> RawValue:
    # intstr.IntOrString implements fmt.Stringer, so field errors print
    # String(): the number or the raw string, unquoted.
    return RawValue(str(value))


def _port_num(value: int, path: Path) -> Errors:
    """``IsValidPortNum`` wrapped into Invalid errors."""
    return [] if 1 <= value <= 65535 else [FieldError.invalid(path, value, PORT_RANGE)]


def _port_num_or_name(value: Any, path: Path) -> Errors:
    """``ValidatePortNumOrName``: a number in range, or an IANA service name."""
    if isinstance(value, int):
        return _port_num(value, path)
    return [FieldError.invalid(path, value, msg) for msg in is_valid_port_name(value or "")]


def _nonnegative(value: int | None, path: Path) -> Errors:
    return [FieldError.invalid(path, value, IS_NEGATIVE)] if (value or 0) < 0 else []


def _dns_label(value: str, path: Path) -> Errors:
    return [FieldError.invalid(path, value, msg) for msg in is_dns1123_label(value)]


def _dns_subdomain(value: str, path: Path) -> Errors:
    return [FieldError.invalid(path, value, msg) for msg in is_dns1123_subdomain(value)]


def _immutable(new: Any, old: Any, path: Path, shown: Any = None) -> Errors:
    """``ValidateImmutableField``: Invalid with the *new* value."""
    if _semantic(new) == _semantic(old):
        return []
    return [FieldError.invalid(path, new if shown is None else shown, FIELD_IMMUTABLE)]


def _semantic(value: Any) -> Any:
    """A comparable form for ``apiequality.Semantic.DeepEqual``: nil and empty are equal."""
    value = encode(value)
    if isinstance(value, dict):
        out = {k: _semantic(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v not in (None, {}, [])}
    if isinstance(value, list):
        return [_semantic(v) for v in value]
    return value


# ====================================================================== metadata
def _mask_trailing_dash(name: str) -> str:
    # apimachinery maskTrailingDash: a generateName may end in '-'.
    return name[:-2] + "a" if len(name) > 1 and name.endswith("-") else name


def _validate_annotations(annotations: Mapping[str, str] | None, path: Path) -> Errors:
    """``ValidateAnnotations``: keys are qualified names (case-insensitive), total size ≤ 256 KiB."""
    errs: Errors = []
    for key in sorted(annotations or {}):
        errs += [FieldError.invalid(path, key, msg) for msg in is_qualified_name(key.lower())]
    size = sum(len(k.encode()) + len(v.encode()) for k, v in (annotations or {}).items())
    if size > TOTAL_ANNOTATION_SIZE_LIMIT:
        errs.append(FieldError("TooLong", str(path), None, f"must have at most {TOTAL_ANNOTATION_SIZE_LIMIT} bytes"))
    return errs


def _validate_finalizers(finalizers: list[str] | None, path: Path) -> Errors:
    errs: Errors = []
    for name in finalizers or []:
        errs += [FieldError.invalid(path, name, msg) for msg in is_qualified_name(name)]
    return errs


def _validate_meta_common(meta: ObjectMeta, path: Path) -> Errors:
    """The part of ObjectMeta validation shared by create and update."""
    errs = _nonnegative(meta.generation, path.child("generation"))
    errs += validate_labels(meta.labels, path.child("labels"))
    errs += _validate_annotations(meta.annotations, path.child("annotations"))
    errs += _validate_finalizers(meta.finalizers, path.child("finalizers"))
    return errs


def _validate_meta(meta: ObjectMeta, rule: NameRule, namespaced: bool, path: Path = METADATA) -> Errors:
    """``ValidateObjectMeta`` for a create."""
    errs: Errors = []
    if meta.generate_name:
        errs += [
            FieldError.invalid(path.child("generateName"), meta.generate_name, msg)
            for msg in rule(_mask_trailing_dash(meta.generate_name))
        ]
    if not meta.name:
        errs.append(FieldError.required(path.child("name"), "name or generateName is required"))
    else:
        errs += [FieldError.invalid(path.child("name"), meta.name, msg) for msg in rule(meta.name)]
    # The API server fills an empty namespace from the request URL and clears
    # it on cluster-scoped kinds before validating, so only a set one is checked.
    if namespaced and meta.namespace:
        errs += _dns_label(meta.namespace, path.child("namespace"))
    return errs + _validate_meta_common(meta, path)


def _validate_meta_update(new: ObjectMeta, old: ObjectMeta, path: Path = METADATA) -> Errors:
    """``ValidateObjectMetaUpdate``: identity fields are immutable."""
    errs: Errors = []
    if (new.generation or 0) < (old.generation or 0):
        errs.append(FieldError.invalid(path.child("generation"), new.generation or 0, "must not be decremented"))
    errs += _immutable(new.name or "", old.name or "", path.child("name"))
    errs += _immutable(new.namespace or "", old.namespace or "", path.child("namespace"))
    if new.uid and old.uid:
        errs += _immutable(new.uid, old.uid, path.child("uid"))
    errs += validate_labels(new.labels, path.child("labels"))
    errs += _validate_annotations(new.annotations, path.child("annotations"))
    errs += _validate_finalizers(new.finalizers, path.child("finalizers"))
    return errs


# ======================================================================= Service
def _effective_cluster_ips(spec: Any, old_spec: Any = None) -> tuple[str, list[str]]:
    """``clusterIP`` and ``clusterIPs`` as the registry hands them to validation.

    Mirrors ``normalizeClusterIPs`` and the clusterIP part of
    ``patchAllocatedValues`` (pkg/registry/core/service/strategy.go,
    storage/storage.go) without mutating: a manifest that names only
    ``clusterIP`` gets ``clusterIPs: [clusterIP]``; on update, omitted values
    keep the allocated ones. Idempotent if the API server already did it.
    """
    ip, ips = spec.cluster_ip or "", list(spec.cluster_ips or [])
    if old_spec is None:
        if ip and not ips:
            ips = [ip]
        return ip, ips
    old_ip, old_ips = old_spec.cluster_ip or "", list(old_spec.cluster_ips or [])
    if old_ips and not ips and old_ip == ip:
        ips = list(old_ips)
    if old_ip != ip:
        same = ips == old_ips
        if old_ip and not ip:
            ips = [] if same else ips
        elif same:
            ips = [ip]
    if spec.type != "ExternalName" and old_spec.type != "ExternalName":
        ip = ip or old_ip
        ips = ips or old_ips
    return ip, ips


def _is_headless(cluster_ips: list[str]) -> bool:
    return len(cluster_ips) == 1 and cluster_ips[0] == "None"


def _externally_accessible(spec: Any) -> bool:
    return spec.type in ("LoadBalancer", "NodePort") or (spec.type == "ClusterIP" and bool(spec.external_ips))


def _validate_service_port(port: ServicePort, require_name: bool, names: set[str], path: Path) -> Errors:
    """``validateServicePort``: name, port, protocol, targetPort, appProtocol."""
    errs: Errors = []
    if require_name and not port.name:
        errs.append(FieldError.required(path.child("name")))
    elif port.name:
        errs += _dns_label(port.name, path.child("name"))
        if port.name in names:
            errs.append(FieldError.duplicate(path.child("name"), port.name))
        else:
            names.add(port.name)
    errs += _port_num(port.port or 0, path.child("port"))
    if not port.protocol:
        errs.append(FieldError.required(path.child("protocol")))
    elif port.protocol not in PROTOCOLS:
        errs.append(FieldError.not_supported(path.child("protocol"), port.protocol, PROTOCOLS))
    errs += _port_num_or_name(port.target_port if port.target_port is not None else 0, path.child("targetPort"))
    if port.app_protocol is not None:
        errs += [
            FieldError.invalid(path.child("appProtocol"), port.app_protocol, msg)
            for msg in is_qualified_name(port.app_protocol)
        ]
    return errs


def _validate_service_type_rules(spec: Any, cluster_ips: list[str]) -> Errors:
    """The ``switch service.Spec.Type`` block near the top of ``ValidateService``."""
    errs: Errors = []
    if spec.type in ("LoadBalancer", "NodePort") and _is_headless(cluster_ips):
        errs.append(
            FieldError.invalid(
                SPEC.child("clusterIPs").index(0), cluster_ips[0], f"may not be set to 'None' for {spec.type} services"
            )
        )
    if spec.type == "ExternalName":
        for name, present in (
            ("clusterIPs", bool(cluster_ips)),
            ("ipFamilies", bool(spec.ip_families)),
            ("ipFamilyPolicy", spec.ip_family_policy is not None),
        ):
            if present:
                errs.append(FieldError.forbidden(SPEC.child(name), "may not be set for ExternalName services"))
        # A CNAME may end in '.' to mark it fully qualified.
        cname = (spec.external_name or "").removesuffix(".")
        if cname:
            errs += _dns_subdomain(cname, SPEC.child("externalName"))
        else:
            errs.append(FieldError.required(SPEC.child("externalName")))
    return errs


def _validate_session_affinity(spec: Any) -> Errors:
    path = SPEC.child("sessionAffinity")
    if not spec.session_affinity:
        return [FieldError.required(path)]
    if spec.session_affinity not in SESSION_AFFINITIES:
        return [FieldError.not_supported(path, spec.session_affinity, SESSION_AFFINITIES)]
    config_path = SPEC.child("sessionAffinityConfig")
    if spec.session_affinity == "None":
        if spec.session_affinity_config is not None:
            return [FieldError.forbidden(config_path, "must not be set when session affinity is None")]
        return []
    # validateClientIPAffinityConfig
    detail = "when session affinity type is ClientIP"
    config = spec.session_affinity_config
    if config is None:
        return [FieldError.required(config_path, detail)]
    if config.client_ip is None:
        return [FieldError.required(config_path.child("clientIP"), detail)]
    timeout_path = config_path.child("clientIP").child("timeoutSeconds")
    timeout = config.client_ip.timeout_seconds
    if timeout is None:
        return [FieldError.required(timeout_path, detail)]
    if timeout <= 0 or timeout > MAX_CLIENT_IP_TIMEOUT:
        return [
            FieldError.invalid(timeout_path, timeout, f"must be greater than 0 and less than {MAX_CLIENT_IP_TIMEOUT}")
        ]
    return []


def _validate_cluster_ips(spec: Any, cluster_ip: str, cluster_ips: list[str]) -> Errors:
    """``ValidateServiceClusterIPsRelatedFields`` (single-stack subset)."""
    if spec.type == "ExternalName":
        return []
    path = SPEC.child("clusterIPs")
    errs: Errors = []
    if cluster_ip and not cluster_ips:
        errs.append(FieldError.required(path))
    elif cluster_ip and cluster_ips[0] != cluster_ip:
        errs.append(FieldError.invalid(path, cluster_ips, "first value must match `clusterIP`"))
    elif not cluster_ip and cluster_ips:
        errs.append(FieldError.invalid(path, cluster_ips, "must be empty when `clusterIP` is not specified"))
    seen: set[str] = set()
    for i, family in enumerate(spec.ip_families or []):
        if family not in IP_FAMILIES:
            errs.append(FieldError.not_supported(SPEC.child("ipFamilies").index(i), family, IP_FAMILIES))
        if family in seen:
            errs.append(FieldError.duplicate(SPEC.child("ipFamilies").index(i), family))
        seen.add(family)
    if spec.ip_family_policy is not None and spec.ip_family_policy not in IP_FAMILY_POLICIES:
        errs.append(FieldError.not_supported(SPEC.child("ipFamilyPolicy"), spec.ip_family_policy, IP_FAMILY_POLICIES))
    for i, ip in enumerate(cluster_ips):
        if i == 0 and ip == "None":
            if len(cluster_ips) > 1:
                errs.append(FieldError.invalid(path, cluster_ips, "'None' must be the first and only value"))
            continue
        errs += [FieldError.invalid(path.index(i), ip, msg) for msg in is_valid_ip(ip)]
    if len(cluster_ips) > 2:
        errs.append(FieldError.invalid(path, cluster_ips, "may only hold up to 2 values"))
    return errs


def _non_special_ip(value: str, path: Path) -> Errors:
    """``ValidateNonSpecialIP``: externalIPs may not be unspecified, loopback or link-local."""
    ip = parse_ip_sloppy(value)
    if ip is None:
        return []
    errs: Errors = []
    if ip.is_unspecified:
        errs.append(FieldError.invalid(path, value, f"may not be unspecified ({value})"))
    if ip.is_loopback:
        errs.append(FieldError.invalid(path, value, "may not be in the loopback range (127.0.0.0/8, ::1/128)"))
    if ip.is_link_local and not ip.is_multicast:
        errs.append(FieldError.invalid(path, value, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"))
    if ip in ipaddress.ip_network("224.0.0.0/24") or ip in ipaddress.ip_network("ff02::/16"):
        errs.append(
            FieldError.invalid(path, value, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)")
        )
    return errs


def _validate_external_ips(spec: Any) -> Errors:
    errs: Errors = []
    for i, ip in enumerate(spec.external_ips or []):
        path = SPEC.child("externalIPs").index(i)
        bad = [FieldError.invalid(path, ip, msg) for msg in is_valid_ip(ip)]
        errs += bad or _non_special_ip(ip, path)
    return errs


def _validate_service_ports_across(spec: Any) -> Errors:
    """nodePort on ClusterIP, duplicate nodePorts, duplicate (protocol, port) pairs."""
    errs: Errors = []
    ports_path = SPEC.child("ports")
    if spec.type == "ClusterIP":
        errs += [
            FieldError.forbidden(ports_path.index(i).child("nodePort"), "may not be used when `type` is 'ClusterIP'")
            for i, port in enumerate(spec.ports or [])
            if port.node_port
        ]
    node_ports: set[tuple[str, int]] = set()
    for i, port in enumerate(spec.ports or []):
        if not port.node_port:
            continue
        key = (port.protocol or "", port.node_port)
        if key in node_ports:
            errs.append(FieldError.duplicate(ports_path.index(i).child("nodePort"), port.node_port))
        node_ports.add(key)
    pairs: set[tuple[str, int]] = set()
    for i, port in enumerate(spec.ports or []):
        key = (port.protocol or "", port.port or 0)
        if key in pairs:
            errs.append(FieldError.duplicate(ports_path.index(i), _port_key_json(*key)))
        pairs.add(key)
    return errs


def _valid_cidr(value: str) -> bool:
    try:
        ipaddress.ip_network(value, strict=False)
    except ValueError:
        return False
    return "/" in value


def _validate_load_balancer_fields(spec: Any) -> Errors:
    errs: Errors = []
    not_lb = spec.type != "LoadBalancer"
    if spec.load_balancer_source_ranges:
        path = SPEC.child("LoadBalancerSourceRanges")  # sic: capital L in Go
        if not_lb:
            errs.append(FieldError.forbidden(path, "may only be used when `type` is 'LoadBalancer'"))
        for i, value in enumerate(spec.load_balancer_source_ranges):
            if not _valid_cidr(value.strip()):
                errs.append(
                    FieldError.invalid(
                        path.index(i), value.strip(), "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"
                    )
                )
    if spec.allocate_load_balancer_node_ports is not None and not_lb:
        errs.append(
            FieldError.forbidden(
                SPEC.child("allocateLoadBalancerNodePorts"), "may only be used when `type` is 'LoadBalancer'"
            )
        )
    if not not_lb and spec.allocate_load_balancer_node_ports is None:
        errs.append(FieldError.required(Path("allocateLoadBalancerNodePorts")))  # sic: no spec. in Go
    if spec.load_balancer_class is not None:
        if not_lb:
            errs.append(
                FieldError.forbidden(SPEC.child("loadBalancerClass"), "may only be used when `type` is 'LoadBalancer'")
            )
        errs += [
            FieldError.invalid(SPEC.child("loadBalancerClass"), spec.load_balancer_class, msg)
            for msg in is_qualified_name(spec.load_balancer_class)
        ]
    return errs


def _validate_traffic_policies(spec: Any) -> Errors:
    """``validateServiceExternalTrafficPolicy``, internal policy and traffic distribution."""
    errs: Errors = []
    etp_path = SPEC.child("externalTrafficPolicy")
    if not _externally_accessible(spec):
        if spec.external_traffic_policy:
            errs.append(
                FieldError.invalid(
                    etp_path, spec.external_traffic_policy, "may only be set for externally-accessible services"
                )
            )
    elif not spec.external_traffic_policy:
        errs.append(FieldError.required(etp_path))
    elif spec.external_traffic_policy not in TRAFFIC_POLICIES:
        errs.append(FieldError.not_supported(etp_path, spec.external_traffic_policy, TRAFFIC_POLICIES))
    hc_path = SPEC.child("healthCheckNodePort")
    if not (spec.type == "LoadBalancer" and spec.external_traffic_policy == "Local"):
        if spec.health_check_node_port:
            errs.append(
                FieldError.invalid(
                    hc_path,
                    spec.health_check_node_port,
                    "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
                )
            )
    elif spec.health_check_node_port:
        errs += _port_num(spec.health_check_node_port, hc_path)
    # A missing healthCheckNodePort on LoadBalancer+Local is allocated by the
    # API server before validation, so it is not reported here.
    itp_path = SPEC.child("internalTrafficPolicy")
    if spec.internal_traffic_policy is None and spec.type in ("NodePort", "LoadBalancer", "ClusterIP"):
        errs.append(FieldError.required(itp_path))
    if spec.internal_traffic_policy is not None and spec.internal_traffic_policy not in TRAFFIC_POLICIES:
        errs.append(FieldError.not_supported(itp_path, spec.internal_traffic_policy, TRAFFIC_POLICIES))
    if spec.traffic_distribution is not None and spec.traffic_distribution not in TRAFFIC_DISTRIBUTIONS:
        errs.append(
            FieldError.not_supported(
                SPEC.child("trafficDistribution"), spec.traffic_distribution, TRAFFIC_DISTRIBUTIONS
            )
        )
    return errs


def _validate_topology_annotations(meta: ObjectMeta) -> Errors:
    annotations = meta.annotations or {}
    if (
        TOPOLOGY_MODE in annotations
        and TOPOLOGY_HINTS in annotations
        and annotations[TOPOLOGY_MODE] != annotations[TOPOLOGY_HINTS]
    ):
        return [
            FieldError.invalid(
                METADATA.child("annotations").key(TOPOLOGY_MODE),
                annotations[TOPOLOGY_MODE],
                f"must match annotations[{TOPOLOGY_HINTS}] when both are specified",
            )
        ]
    return []


def _validate_service_spec(spec: Any, cluster_ip: str, cluster_ips: list[str]) -> Errors:
    """The spec part of ``ValidateService``, check by check in Go's order."""
    errs: Errors = []
    if not spec.ports and not _is_headless(cluster_ips) and spec.type != "ExternalName":
        errs.append(FieldError.required(SPEC.child("ports")))
    errs += _validate_service_type_rules(spec, cluster_ips)
    names: set[str] = set()
    for i, port in enumerate(spec.ports or []):
        errs += _validate_service_port(port, len(spec.ports) > 1, names, SPEC.child("ports").index(i))
    if spec.selector is not None:
        errs += validate_labels(spec.selector, SPEC.child("selector"))
    errs += _validate_session_affinity(spec)
    errs += _validate_cluster_ips(spec, cluster_ip, cluster_ips)
    errs += _validate_external_ips(spec)
    if not spec.type:
        errs.append(FieldError.required(SPEC.child("type")))
    elif spec.type not in SERVICE_TYPES:
        errs.append(FieldError.not_supported(SPEC.child("type"), spec.type, SERVICE_TYPES))
    errs += _validate_service_ports_across(spec)
    errs += _validate_load_balancer_fields(spec)
    return errs + _validate_traffic_policies(spec)


def _validate_service(svc: Service, old: Service | None = None) -> Errors:
    """``ValidateService``. ``old`` only steers the clusterIP normalisation of an update."""
    spec = svc.spec
    errs = _validate_meta(svc.metadata, is_dns1035_label, namespaced=True)
    errs += _validate_topology_annotations(svc.metadata)
    if spec is None:
        return errs + [FieldError.required(SPEC.child("ports"))]
    cluster_ip, cluster_ips = _effective_cluster_ips(spec, old.spec if old is not None and old.spec else None)
    return errs + _validate_service_spec(spec, cluster_ip, cluster_ips)


def _validate_cluster_ips_update(new: Service, old: Service) -> Errors:
    """``validateUpgradeDowngradeClusterIPs``: a set cluster IP may not change.

    Bails out when either side is ExternalName: switching to or from it
    releases or allocates the IP.
    """
    if "ExternalName" in (new.spec.type, old.spec.type):
        return []
    _, new_ips = _effective_cluster_ips(new.spec, old.spec)
    _, old_ips = _effective_cluster_ips(old.spec)
    if _is_headless(new_ips) and _is_headless(old_ips):
        return []
    path = SPEC.child("clusterIPs")
    if len(old_ips) == len(new_ips):
        return [
            FieldError.invalid(path.index(i), new_ips, "may not change once set")
            for i, ip in enumerate(old_ips)
            if ip != new_ips[i]
        ]
    if len(old_ips) > len(new_ips):
        if not new_ips:
            return [FieldError.invalid(path.index(0), new_ips, "primary clusterIP can not be unset")]
        errs = []
        if new_ips[0] != old_ips[0]:
            errs.append(FieldError.invalid(path.index(0), new_ips, "may not change once set"))
        if len(new_ips) == 1 and new.spec.ip_family_policy != "SingleStack":
            errs.append(
                FieldError.invalid(
                    SPEC.child("ipFamilyPolicy"),
                    new.spec.ip_family_policy,
                    "must be set to 'SingleStack' when releasing the secondary clusterIP",
                )
            )
        return errs
    if old_ips and new_ips[0] != old_ips[0]:
        return [FieldError.invalid(path.index(0), new_ips, "may not change once set")]
    return []


def _validate_ip_families_update(new: Service, old: Service) -> Errors:
    """``validateUpgradeDowngradeIPFamilies`` (primary family only). Value shape not byte-verified."""
    if "ExternalName" in (new.spec.type, old.spec.type):
        return []
    new_families, old_families = new.spec.ip_families or [], old.spec.ip_families or []
    if not new_families or not old_families or new_families[0] == old_families[0]:
        return []  # an omitted family keeps the allocated one
    return [FieldError.invalid(SPEC.child("ipFamilies").index(0), new_families, "may not change once set")]


def _validate_service_update(new: Service, old: Service) -> Errors:
    """``ValidateServiceUpdate``: update-only rules first, then ``ValidateService``."""
    errs = _validate_meta_update(new.metadata, old.metadata)
    if new.spec is not None and old.spec is not None:
        errs += _validate_cluster_ips_update(new, old)
        errs += _validate_ip_families_update(new, old)
        # validateServiceExternalTrafficFieldsUpdate (NeedsHealthCheck on both sides)
        needs = [s.type == "LoadBalancer" and s.external_traffic_policy == "Local" for s in (new.spec, old.spec)]
        if (
            all(needs)
            and new.spec.health_check_node_port != old.spec.health_check_node_port
            and new.spec.health_check_node_port
        ):
            errs.append(FieldError.forbidden(SPEC.child("healthCheckNodePort"), FIELD_IMMUTABLE))
    return errs + _validate_service(new, old)


# =========================================================================== Pod
def _validate_container_ports(ports: list[ContainerPort] | None, path: Path) -> Errors:
    """``validateContainerPorts``: port names are unique within one container."""
    errs: Errors = []
    names: set[str] = set()
    for i, port in enumerate(ports or []):
        port_path = path.index(i)
        if port.name:
            bad = [FieldError.invalid(port_path.child("name"), port.name, msg) for msg in is_valid_port_name(port.name)]
            if bad:
                errs += bad
            elif port.name in names:
                errs.append(FieldError.duplicate(port_path.child("name"), port.name))
            else:
                names.add(port.name)
        if not port.container_port:
            errs.append(FieldError.required(port_path.child("containerPort")))
        else:
            errs += _port_num(port.container_port, port_path.child("containerPort"))
        if port.host_port:
            errs += _port_num(port.host_port, port_path.child("hostPort"))
        if not port.protocol:
            errs.append(FieldError.required(port_path.child("protocol")))
        elif port.protocol not in PROTOCOLS:
            errs.append(FieldError.not_supported(port_path.child("protocol"), port.protocol, PROTOCOLS))
    return errs


def _validate_enum(value: str | None, allowed: tuple[str, ...], path: Path) -> Errors:
    """The ``switch { case valid...: case "": Required; default: NotSupported }`` idiom."""
    if not value:
        return [FieldError.required(path)]
    return [] if value in allowed else [FieldError.not_supported(path, value, allowed)]


def _validate_container_common(ctr: Container, path: Path) -> Errors:
    """``validateContainerCommon``: name, image, termination policy, ports, pull policy."""
    errs: Errors = []
    if not ctr.name:
        errs.append(FieldError.required(path.child("name")))
    else:
        errs += _dns_label(ctr.name, path.child("name"))
    if not ctr.image:
        errs.append(FieldError.required(path.child("image")))
    errs += _validate_enum(
        ctr.termination_message_policy, TERMINATION_MESSAGE_POLICIES, path.child("terminationMessagePolicy")
    )
    errs += _validate_container_ports(ctr.ports, path.child("ports"))
    return errs + _validate_enum(ctr.image_pull_policy, PULL_POLICIES, path.child("imagePullPolicy"))


def _validate_probe(probe: Probe | None, path: Path, success_must_be_one: bool) -> Errors:
    """``validateProbe`` for the handler types kubesim models (exec, httpGet, tcpSocket)."""
    if probe is None:
        return []
    errs: Errors = []
    handlers = [
        (name, h)
        for name, h in (
            ("exec", probe.exec),
            ("httpGet", probe.http_get),
            ("tcpSocket", probe.tcp_socket),
            ("grpc", probe.grpc),
        )
        if h is not None
    ]
    for i, (name, handler) in enumerate(handlers):
        if i > 0:
            errs.append(FieldError.forbidden(path.child(name), "may not specify more than 1 handler type"))
        elif name == "exec" and not handler.command:
            errs.append(FieldError.required(path.child("exec").child("command")))
        elif name == "httpGet":
            errs += _validate_http_get(handler, path.child("httpGet"))
        elif name == "tcpSocket":
            port = handler.port if handler.port is not None else 0
            errs += _port_num_or_name(port, path.child("tcpSocket").child("port"))
    if not handlers:
        errs.append(FieldError.required(path, "must specify a handler type"))
    for name, value in (
        ("initialDelaySeconds", probe.initial_delay_seconds),
        ("timeoutSeconds", probe.timeout_seconds),
        ("periodSeconds", probe.period_seconds),
        ("successThreshold", probe.success_threshold),
        ("failureThreshold", probe.failure_threshold),
    ):
        errs += _nonnegative(value, path.child(name))
    if success_must_be_one and probe.success_threshold != 1:
        errs.append(FieldError.invalid(path.child("successThreshold"), probe.success_threshold or 0, "must be 1"))
    return errs


def _validate_http_get(action: Any, path: Path) -> Errors:
    errs: Errors = [] if action.path else [FieldError.required(path.child("path"))]
    errs += _port_num_or_name(action.port if action.port is not None else 0, path.child("port"))
    if action.scheme not in HTTP_SCHEMES:
        errs.append(FieldError.not_supported(path.child("scheme"), action.scheme or "", HTTP_SCHEMES))
    return errs


def _host_port_conflicts(containers: list[Container], path: Path) -> Errors:
    """``checkHostPortConflicts``: one protocol/hostIP/hostPort per pod."""
    seen: set[str] = set()
    errs: Errors = []
    for ci, ctr in enumerate(containers):
        for pi, port in enumerate(ctr.ports or []):
            if not port.host_port:
                continue
            key = f"{port.protocol or ''}/{port.host_ip or ''}/{port.host_port}"
            if key in seen:
                errs.append(FieldError.duplicate(path.index(ci).child("ports").index(pi).child("hostPort"), key))
            seen.add(key)
    return errs


def _validate_containers(containers: list[Container] | None, path: Path) -> Errors:
    """``validateContainers`` (regular containers)."""
    if not containers:
        return [FieldError.required(path)]
    errs: Errors = []
    names: set[str | None] = set()
    for i, ctr in enumerate(containers):
        ctr_path = path.index(i)
        errs += _validate_container_common(ctr, ctr_path)
        if ctr.name in names:
            errs.append(FieldError.duplicate(ctr_path.child("name"), ctr.name or ""))
        names.add(ctr.name)
        errs += _validate_probe(ctr.liveness_probe, ctr_path.child("livenessProbe"), success_must_be_one=True)
        errs += _validate_probe(ctr.readiness_probe, ctr_path.child("readinessProbe"), success_must_be_one=False)
        errs += _validate_probe(ctr.startup_probe, ctr_path.child("startupProbe"), success_must_be_one=True)
        if ctr.restart_policy is not None:
            errs.append(FieldError.forbidden(ctr_path.child("restartPolicy"), "may not be set for non-init containers"))
    return errs + _host_port_conflicts(containers, path)


def _validate_init_containers(init: list[Container] | None, regular: list[Container] | None, path: Path) -> Errors:
    """``validateInitContainers``: names unique across init and regular containers."""
    errs: Errors = []
    names = {c.name for c in regular or []}
    for i, ctr in enumerate(init or []):
        ctr_path = path.index(i)
        errs += _validate_container_common(ctr, ctr_path)
        if ctr.restart_policy is not None and ctr.restart_policy != "Always":
            errs.append(FieldError.not_supported(ctr_path.child("restartPolicy"), ctr.restart_policy, ("Always",)))
        if ctr.name in names:
            errs.append(FieldError.duplicate(ctr_path.child("name"), ctr.name or ""))
        elif ctr.name:
            names.add(ctr.name)
        errs += _host_port_conflicts([ctr], path)
        if ctr.restart_policy != "Always":  # only sidecars may carry probes
            probes = (
                ("livenessProbe", ctr.liveness_probe),
                ("readinessProbe", ctr.readiness_probe),
                ("startupProbe", ctr.startup_probe),
            )
            errs += [
                FieldError.forbidden(
                    ctr_path.child(name), "may not be set for init containers without restartPolicy=Always"
                )
                for name, probe in probes
                if probe is not None
            ]
    return errs


def _validate_pod_spec(spec: PodSpec, path: Path) -> Errors:
    """``ValidatePodSpec``, for the fields kubesim models, in Go's order."""
    errs: Errors = []
    if spec.termination_grace_period_seconds is None:
        errs.append(FieldError.required(path.child("terminationGracePeriodSeconds")))
    errs += _validate_containers(spec.containers, path.child("containers"))
    errs += _validate_init_containers(spec.init_containers, spec.containers, path.child("initContainers"))
    errs += _validate_enum(spec.restart_policy, RESTART_POLICIES, path.child("restartPolicy"))
    errs += _validate_enum(spec.dns_policy, DNS_POLICIES, path.child("dnsPolicy"))
    errs += validate_labels(spec.node_selector, path.child("nodeSelector"))
    if spec.service_account_name:
        errs += _dns_subdomain(spec.service_account_name, path.child("serviceAccountName"))
    if spec.node_name:
        errs += _dns_subdomain(spec.node_name, path.child("nodeName"))
    if spec.active_deadline_seconds is not None and not 1 <= spec.active_deadline_seconds <= MAX_INT32:
        errs.append(
            FieldError.invalid(
                path.child("activeDeadlineSeconds"),
                spec.active_deadline_seconds,
                f"must be between 1 and {MAX_INT32}, inclusive",
            )
        )
    if spec.hostname:
        errs += _dns_label(spec.hostname, path.child("hostname"))
    if spec.subdomain:
        errs += _dns_label(spec.subdomain, path.child("subdomain"))
    if spec.priority_class_name:
        errs += _dns_subdomain(spec.priority_class_name, path.child("priorityClassName"))
    return errs


def _validate_images_only_for_pod(containers: list[Container] | None, path: Path) -> Errors:
    """``validateContainersOnlyForPod``: templates tolerate padded images, pods do not."""
    return [
        FieldError.invalid(path.index(i).child("image"), c.image, "must not have leading or trailing whitespace")
        for i, c in enumerate(containers or [])
        if c.image and c.image != c.image.strip()
    ]


def _validate_pod(pod: Pod) -> Errors:
    """``validatePodMetadataAndSpec`` (what ``ValidatePodCreate`` checks)."""
    errs = _validate_meta(pod.metadata, is_dns1123_subdomain, namespaced=True)
    spec = pod.spec or PodSpec()
    errs += _validate_pod_spec(spec, SPEC)
    errs += _validate_images_only_for_pod(spec.containers, SPEC.child("containers"))
    return errs + _validate_images_only_for_pod(spec.init_containers, SPEC.child("initContainers"))


def _validate_container_updates(new: list[Container], old: list[Container], path: Path) -> tuple[Errors, bool]:
    """``ValidateContainerUpdates``: same number of containers, images still set."""
    if len(new) != len(old):
        return [FieldError.forbidden(path, "pod updates may not add or remove containers")], True
    errs: Errors = []
    for i, ctr in enumerate(new):
        if not ctr.image:
            errs.append(FieldError.required(path.index(i).child("image")))
        elif ctr.image != ctr.image.strip():
            errs.append(
                FieldError.invalid(
                    path.index(i).child("image"), ctr.image, "must not have leading or trailing whitespace"
                )
            )
    return errs, False


def _validate_active_deadline_update(new: PodSpec, old: PodSpec) -> Errors:
    path = SPEC.child("activeDeadlineSeconds")
    value, previous = new.active_deadline_seconds, old.active_deadline_seconds
    if value is not None:
        if value < 0 or value > MAX_INT32:
            return [FieldError.invalid(path, value, f"must be between 0 and {MAX_INT32}, inclusive")]
        if previous is not None and previous < value:
            return [FieldError.invalid(path, value, "must be less than or equal to previous value")]
    elif previous is not None:
        return [FieldError.invalid(path, None, "must not update from a positive integer to nil value")]
    return []


def _validate_tolerations_update(new: PodSpec, old: PodSpec) -> Errors:
    """``validateOnlyAddedTolerations``: existing tolerations may only change tolerationSeconds."""

    def without_seconds(tol: Any) -> Any:
        return {k: v for k, v in (tol or {}).items() if k != "tolerationSeconds"} if isinstance(tol, dict) else tol

    current = [without_seconds(t) for t in new.tolerations or []]
    for tol in old.tolerations or []:
        if without_seconds(tol) not in current:
            return [
                FieldError.forbidden(
                    SPEC.child("tolerations"), "existing toleration can not be modified except its tolerationSeconds"
                )
            ]
    return []


def _munged_spec_differs(new: PodSpec, old: PodSpec) -> bool:
    """Whether ``new`` changes anything beyond the fields a pod update may touch."""
    munged = copy.deepcopy(new)
    for new_list, old_list in ((munged.containers, old.containers), (munged.init_containers, old.init_containers)):
        for ctr, old_ctr in zip(new_list or [], old_list or []):
            ctr.image = old_ctr.image
    munged.active_deadline_seconds = old.active_deadline_seconds
    munged.scheduling_gates = old.scheduling_gates
    munged.tolerations = old.tolerations
    if (old.termination_grace_period_seconds or 0) < 0 and munged.termination_grace_period_seconds == 1:
        munged.termination_grace_period_seconds = old.termination_grace_period_seconds
    return _semantic(munged) != _semantic(old)


def _validate_pod_update(new: Pod, old: Pod) -> Errors:
    """``ValidatePodUpdate``.

    The Forbidden message is followed in Go by a newline and a ``cmp.Diff``
    of the two specs; only the first line is reproduced (the diff prints Go
    internal structs that cannot be rendered faithfully).
    """
    errs = _validate_meta_update(new.metadata, old.metadata) + _validate_pod(new)
    new_spec, old_spec = new.spec or PodSpec(), old.spec or PodSpec()
    for name, new_list, old_list in (
        ("containers", new_spec.containers, old_spec.containers),
        ("initContainers", new_spec.init_containers, old_spec.init_containers),
    ):
        container_errs, stop = _validate_container_updates(new_list or [], old_list or [], SPEC.child(name))
        errs += container_errs
        if stop:
            return errs
    deadline_errs = _validate_active_deadline_update(new_spec, old_spec)
    errs += deadline_errs
    if deadline_errs and new_spec.active_deadline_seconds is not None:
        return errs  # Go returns early after a bad new deadline
    errs += _validate_tolerations_update(new_spec, old_spec)
    if _munged_spec_differs(new_spec, old_spec):
        errs.append(
            FieldError.forbidden(SPEC, f"pod updates may not change fields other than {UPDATABLE_POD_SPEC_FIELDS}")
        )
    return errs


# ========================================================== Deployment / ReplicaSet
def _validate_pod_template(template: PodTemplateSpec, path: Path) -> Errors:
    """``ValidatePodTemplateSpec``.

    Go validates the template's labels at ``<path>.labels`` (not
    ``<path>.metadata.labels``): ``spec.template.labels``.
    """
    meta = template.metadata or ObjectMeta()
    errs = validate_labels(meta.labels, path.child("labels"))
    errs += _validate_annotations(meta.annotations, path.child("annotations"))
    return errs + _validate_pod_spec(template.spec or PodSpec(), path.child("spec"))


def _template_for_controller(template: PodTemplateSpec | None, selector: LabelSelector | None, path: Path) -> Errors:
    """``LabelSelectorAsSelector`` + ``ValidatePodTemplateSpecForReplicaSet``."""
    try:
        if selector is None:
            parsed = selector_from_label_selector(None, None)  # nil: matches nothing
        else:
            parsed = selector_from_label_selector(
                selector.match_labels or {},
                [
                    {"key": e.key or "", "operator": e.operator or "", "values": list(e.values or [])}
                    for e in selector.match_expressions or []
                ],
            )
    except SelectorParseError:
        return [FieldError.invalid(SPEC.child("selector"), _selector_json(selector), "invalid label selector")]
    if template is None:
        return [FieldError.required(path)]
    labels = template.metadata.labels if template.metadata else None
    errs: Errors = []
    if not parsed.empty() and not parsed.matches(labels or {}):
        errs.append(
            FieldError.invalid(
                path.child("metadata").child("labels"), _go_json(labels), "`selector` does not match template `labels`"
            )
        )
    errs += _validate_pod_template(template, path)
    restart = (template.spec.restart_policy if template.spec else None) or ""
    if restart != "Always":
        errs.append(FieldError.not_supported(path.child("spec").child("restartPolicy"), restart, ("Always",)))
    if template.spec is not None and template.spec.active_deadline_seconds is not None:
        errs.append(
            FieldError.forbidden(
                path.child("spec").child("activeDeadlineSeconds"),
                "activeDeadlineSeconds in ReplicaSet is not Supported",
            )
        )
    return errs


def _validate_selector(selector: LabelSelector | None) -> Errors:
    """Required, ``ValidateLabelSelector``, and not empty (apps/v1)."""
    path = SPEC.child("selector")
    if selector is None:
        return [FieldError.required(path)]
    exprs = [
        {"key": e.key or "", "operator": e.operator or "", "values": list(e.values or [])}
        for e in selector.match_expressions or []
    ]
    errs = validate_label_selector(selector.match_labels, exprs, path)
    if not selector.match_labels and not selector.match_expressions:
        # The message says "deployment" for ReplicaSets too (shared Go code).
        errs.append(FieldError.invalid(path, _selector_json(selector), "empty selector is invalid for deployment"))
    return errs


def _percent(value: Any) -> int | None:
    if isinstance(value, str) and value.endswith("%") and value[:-1].isdigit() and value[:-1].isascii():
        return int(value[:-1])
    return None


def _int_or_percent_value(value: Any) -> int:
    """``getIntOrPercentValue``: a bad string counts as 0, like ``strconv.Atoi`` failing."""
    if isinstance(value, int):
        return value
    percent = _percent(value)
    if percent is not None:
        return percent
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _positive_int_or_percent(value: Any, path: Path) -> Errors:
    """``ValidatePositiveIntOrPercent``. The percent wording is not byte-verified."""
    if isinstance(value, str):
        if _percent(value) is None:
            msg = regex_error(
                "a valid percent string must be a numeric string followed by an ending '%'", "[0-9]+%", "1%", "93%"
            )
            return [FieldError.invalid(path, _int_or_string(value), msg)]
        return []
    return _nonnegative(value, path)


def _validate_strategy(strategy: Any) -> Errors:
    """``ValidateDeploymentStrategy`` / ``ValidateRollingUpdateDeployment``."""
    path = SPEC.child("strategy")
    kind = strategy.type if strategy is not None else ""
    if kind == "Recreate":
        if strategy.rolling_update is not None:
            return [
                FieldError.forbidden(
                    path.child("rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'"
                )
            ]
        return []
    if kind == "RollingUpdate":
        rolling = strategy.rolling_update
        if rolling is None:
            return [FieldError.required(path.child("rollingUpdate"), "this should be defaulted and never be nil")]
        ru_path = path.child("rollingUpdate")
        unavailable, surge = rolling.max_unavailable or 0, rolling.max_surge or 0
        errs = _positive_int_or_percent(unavailable, ru_path.child("maxUnavailable"))
        errs += _positive_int_or_percent(surge, ru_path.child("maxSurge"))
        if _int_or_percent_value(unavailable) == 0 and _int_or_percent_value(surge) == 0:
            errs.append(
                FieldError.invalid(
                    ru_path.child("maxUnavailable"), _int_or_string(unavailable), "may not be 0 when `maxSurge` is 0"
                )
            )
        if (_percent(unavailable) or 0) > 100:
            errs.append(
                FieldError.invalid(
                    ru_path.child("maxUnavailable"), _int_or_string(unavailable), "must not be greater than 100%"
                )
            )
        return errs
    # The bad value is the whole internal strategy struct; rendered like the
    # v1 JSON (not byte-verified).
    shown = RawValue('{"type":' + _go_json(kind or "") + "}")
    return [FieldError.not_supported(path, shown, STRATEGY_TYPES)]


def _validate_deployment_spec(spec: DeploymentSpec) -> Errors:
    """``ValidateDeploymentSpec``."""
    errs = _nonnegative(spec.replicas, SPEC.child("replicas"))
    errs += _validate_selector(spec.selector)
    errs += _template_for_controller(spec.template, spec.selector, SPEC.child("template"))
    errs += _validate_strategy(spec.strategy)
    errs += _nonnegative(spec.min_ready_seconds, SPEC.child("minReadySeconds"))
    if spec.revision_history_limit is not None:
        errs += _nonnegative(spec.revision_history_limit, SPEC.child("revisionHistoryLimit"))
    if spec.progress_deadline_seconds is not None:
        errs += _nonnegative(spec.progress_deadline_seconds, SPEC.child("progressDeadlineSeconds"))
        if spec.progress_deadline_seconds <= (spec.min_ready_seconds or 0):
            errs.append(
                FieldError.invalid(
                    SPEC.child("progressDeadlineSeconds"),
                    spec.progress_deadline_seconds,
                    "must be greater than minReadySeconds",
                )
            )
    return errs


def _validate_replica_set_spec(spec: ReplicaSetSpec) -> Errors:
    """``ValidateReplicaSetSpec``."""
    errs = _nonnegative(spec.replicas, SPEC.child("replicas"))
    errs += _nonnegative(spec.min_ready_seconds, SPEC.child("minReadySeconds"))
    errs += _validate_selector(spec.selector)
    return errs + _template_for_controller(spec.template, spec.selector, SPEC.child("template"))


def _validate_deployment(deploy: Deployment) -> Errors:
    errs = _validate_meta(deploy.metadata, is_dns1123_subdomain, namespaced=True)
    return errs + _validate_deployment_spec(deploy.spec or DeploymentSpec())


def _validate_replica_set(rs: ReplicaSet) -> Errors:
    errs = _validate_meta(rs.metadata, is_dns1123_subdomain, namespaced=True)
    return errs + _validate_replica_set_spec(rs.spec or ReplicaSetSpec())


def _selector_immutable(new: LabelSelector | None, old: LabelSelector | None) -> Errors:
    # apps/v1 strategies (not the validation package) freeze the selector.
    return _immutable(new, old, SPEC.child("selector"), shown=_selector_json(new))


def _validate_deployment_update(new: Deployment, old: Deployment) -> Errors:
    """Deployment strategy ``ValidateUpdate``: meta update, spec, then selector immutability."""
    errs = _validate_meta_update(new.metadata, old.metadata)
    errs += _validate_deployment_spec(new.spec or DeploymentSpec())
    old_selector = old.spec.selector if old.spec else None
    return errs + _selector_immutable(new.spec.selector if new.spec else None, old_selector)


def _validate_replica_set_update(new: ReplicaSet, old: ReplicaSet) -> Errors:
    """ReplicaSet strategy ``ValidateUpdate``: create rules, update rules, selector immutability."""
    errs = _validate_replica_set(new) + _validate_meta_update(new.metadata, old.metadata)
    errs += _validate_replica_set_spec(new.spec or ReplicaSetSpec())
    old_selector = old.spec.selector if old.spec else None
    return errs + _selector_immutable(new.spec.selector if new.spec else None, old_selector)


# ================================================= Namespace, Node, endpoints
def _validate_namespace(ns: Namespace) -> Errors:
    """``ValidateNamespace``: DNS-1123 label name, finalizer names."""
    errs = _validate_meta(ns.metadata, is_dns1123_label, namespaced=False)
    path = SPEC.child("finalizers")
    for name in (ns.spec.finalizers if ns.spec else None) or []:
        details = is_qualified_name(name)
        errs += [FieldError.invalid(path, name, msg) for msg in details]
        if not details and "/" not in name and name not in STANDARD_FINALIZERS:
            errs.append(
                FieldError.invalid(path, name, "name is neither a standard finalizer name nor is it fully qualified")
            )
    return errs


def _validate_node(node: Node) -> Errors:
    return _validate_meta(node.metadata, is_dns1123_subdomain, namespaced=False)


def _validate_endpoints(ep: Endpoints) -> Errors:
    return _validate_meta(ep.metadata, is_dns1123_subdomain, namespaced=True)


def _validate_endpoint_slice(eps: EndpointSlice) -> Errors:
    """``ValidateEndpointSlice``: name and addressType."""
    errs = _validate_meta(eps.metadata, is_dns1123_subdomain, namespaced=True)
    return errs + _validate_enum(eps.address_type, ADDRESS_TYPES, Path("addressType"))


def _validate_endpoint_slice_update(new: EndpointSlice, old: EndpointSlice) -> Errors:
    errs = _validate_meta_update(new.metadata, old.metadata) + _validate_endpoint_slice(new)
    return errs + _immutable(new.address_type or "", old.address_type or "", Path("addressType"))


# ========================================================================= Event
REPORTING_INSTANCE_LIMIT = ACTION_LIMIT = REASON_LIMIT = 128
NOTE_LIMIT = 1024


def _at_most(value: str | None, limit: int, path: str) -> Errors:
    if len(value or "") > limit:
        return [FieldError.invalid(path, "", f"can have at most {limit} characters")]
    return []


def _validate_event(event: Event) -> Errors:
    """``legacyValidateEvent``: the namespaces agree; an ``events.k8s.io`` event names its reporter."""
    errs: Errors = []
    regarding = event.regarding.namespace or ""
    namespace = event.metadata.namespace or ""
    if not event.event_time:  # a legacy event: a cluster-scoped object's events live in "default"
        agrees = namespace == regarding if regarding else namespace in ("", "default")
    else:
        agrees = bool(regarding) or namespace in ("default", "kube-system")
    if not agrees:
        errs.append(FieldError.invalid("involvedObject.namespace", regarding, "does not match event.namespace"))
    if event.event_time:
        controller = event.reporting_component or ""
        if not controller:
            errs.append(FieldError.required("reportingController"))
        errs += [FieldError.invalid("reportingController", controller, msg) for msg in is_qualified_name(controller)]
        for value, limit, path in (
            (event.reporting_instance, REPORTING_INSTANCE_LIMIT, "reportingInstance"),
            (event.action, ACTION_LIMIT, "action"),
            (event.reason, REASON_LIMIT, "reason"),
        ):
            if not value:
                errs.append(FieldError.required(path))
            errs += _at_most(value, limit, path)
        errs += _at_most(event.message, NOTE_LIMIT, "message")
    return errs + [FieldError.invalid("namespace", namespace, msg) for msg in _subdomain_errors(namespace)]


@functools.lru_cache(maxsize=256)
def _subdomain_errors(namespace: str) -> tuple[str, ...]:
    """``IsDNS1123Subdomain`` of a namespace, which every Event write checks: a handful of names, cached."""
    return tuple(is_dns1123_subdomain(namespace))


# ============================================================ ConfigMap, Secret
def _data_keys(data: Mapping[str, str] | None, path: Path) -> Errors:
    """``IsConfigMapKey`` on every key of a data map, as Invalid errors at ``<path>[<key>]``."""
    return [FieldError.invalid(path.key(key), key, msg) for key in sorted(data or {}) for msg in is_config_map_key(key)]


def _validate_config_map(cm: ConfigMap) -> Errors:
    """``ValidateConfigMap``: name, keys, no key in both ``data`` and ``binaryData``, total size."""
    errs = _validate_meta(cm.metadata, is_dns1123_subdomain, namespaced=True)
    data, binary = cm.data or {}, cm.binary_data or {}
    for key in sorted(data):
        errs += [FieldError.invalid(Path("data").key(key), key, msg) for msg in is_config_map_key(key)]
        if key in binary:
            errs.append(FieldError.invalid(Path("data").key(key), key, "duplicate of key present in binaryData"))
    errs += _data_keys(binary, Path("binaryData"))
    size = sum(len(v.encode()) for v in data.values()) + sum(len(v) * 3 // 4 for v in binary.values())
    if size > MAX_SECRET_SIZE:
        errs.append(FieldError("TooLong", "", None, f"must have at most {MAX_SECRET_SIZE} bytes"))
    return errs


def _immutable_data(new: Any, old: Any) -> Errors:
    """A ConfigMap or Secret once marked ``immutable: true`` keeps that mark and its data."""
    if not old.immutable:
        return []
    errs = [] if new.immutable else [FieldError.forbidden(Path("immutable"), IMMUTABLE_WHEN_SET)]
    fields = {"data": (new.data, old.data)}
    if isinstance(new, ConfigMap):
        fields["binaryData"] = (new.binary_data, old.binary_data)
    changed = [name for name, (a, b) in fields.items() if (a or {}) != (b or {})]
    return errs + [FieldError.forbidden(Path(name), IMMUTABLE_WHEN_SET) for name in changed]


def _validate_config_map_update(new: ConfigMap, old: ConfigMap) -> Errors:
    errs = _validate_meta_update(new.metadata, old.metadata) + _immutable_data(new, old)
    return errs + _validate_config_map(new)


def _validate_secret(secret: Secret) -> Errors:
    """``ValidateSecret``: name, keys, total size, and the keys a typed Secret needs."""
    errs = _validate_meta(secret.metadata, is_dns1123_subdomain, namespaced=True)
    data, path = secret.data or {}, Path("data")
    errs += _data_keys(data, path)
    if sum(len(v) * 3 // 4 for v in data.values()) > MAX_SECRET_SIZE:
        errs.append(FieldError("TooLong", str(path), None, f"may not be more than {MAX_SECRET_SIZE} bytes"))
    for key in REQUIRED_SECRET_KEYS.get(secret.type or "", ()):
        if key not in data:
            errs.append(FieldError.required(path.key(key)))
    return errs


def _validate_secret_update(new: Secret, old: Secret) -> Errors:
    errs = _validate_meta_update(new.metadata, old.metadata)
    errs += _immutable(new.type or "", old.type or "", Path("type"))
    return errs + _immutable_data(new, old) + _validate_secret(new)


# ================================================================== Job, CronJob
def _validate_job_spec_fields(spec: JobSpec, path: Path) -> Errors:
    """``validateJobSpec``: counts, completion mode, the Pod template and its restart policy."""
    errs: Errors = []
    errs += _nonnegative(spec.parallelism, path.child("parallelism"))
    errs += _nonnegative(spec.completions, path.child("completions"))
    errs += _nonnegative(spec.active_deadline_seconds, path.child("activeDeadlineSeconds"))
    errs += _nonnegative(spec.backoff_limit, path.child("backoffLimit"))
    if spec.completion_mode is not None and spec.completion_mode not in COMPLETION_MODES:
        errs.append(FieldError.not_supported(path.child("completionMode"), spec.completion_mode, COMPLETION_MODES))
    template = spec.template or PodTemplateSpec()
    errs += _validate_pod_template(template, path.child("template"))
    restart = (template.spec.restart_policy if template.spec else None) or ""
    restart_path = path.child("template").child("spec").child("restartPolicy")
    if restart in ("", "Always"):
        errs.append(FieldError.required(restart_path, 'valid values: "OnFailure", "Never"'))
    elif restart not in JOB_RESTART_POLICIES:
        errs.append(FieldError.not_supported(restart_path, restart, JOB_RESTART_POLICIES))
    return errs


def _validate_job_spec(spec: JobSpec) -> Errors:
    """``ValidateJobSpec``: the spec, a selector, and a template its selector matches."""
    errs = _validate_job_spec_fields(spec, SPEC)
    if spec.selector is None:
        errs.append(FieldError.required(SPEC.child("selector")))
        return errs
    template = spec.template or PodTemplateSpec()
    labels = template.metadata.labels if template.metadata else None
    try:
        selector = selector_from_label_selector(*_selector_dicts(spec.selector))
    except SelectorParseError:
        return errs
    if not selector.matches(labels or {}):
        path = SPEC.child("template").child("metadata").child("labels")
        errs.append(FieldError.invalid(path, _go_json(labels), "`selector` does not match template `labels`"))
    return errs


def _selector_dicts(selector: LabelSelector) -> tuple[dict, list[dict]]:
    expressions = [
        {"key": e.key or "", "operator": e.operator or "", "values": list(e.values or [])}
        for e in selector.match_expressions or []
    ]
    return selector.match_labels or {}, expressions


def _validate_job(job: Job) -> Errors:
    errs = _validate_meta(job.metadata, is_dns1123_subdomain, namespaced=True)
    return errs + _validate_job_spec(job.spec or JobSpec())


def _validate_job_update(new: Job, old: Job) -> Errors:
    """The job strategy's ``ValidateUpdate``: the selector and a running Job's template are immutable."""
    errs = _validate_meta_update(new.metadata, old.metadata) + _validate_job(new)
    new_spec, old_spec = new.spec or JobSpec(), old.spec or JobSpec()
    shown = _selector_json(new_spec.selector)
    errs += _immutable(new_spec.selector, old_spec.selector, SPEC.child("selector"), shown=shown)
    if not old_spec.suspend and _semantic(new_spec.template) != _semantic(old_spec.template):
        errs.append(FieldError.invalid(SPEC.child("template"), RawValue("{...}"), FIELD_IMMUTABLE))
    return errs


def _validate_job_template(template: JobTemplateSpec, path: Path) -> Errors:
    """``ValidateJobTemplateSpec``: the Job spec, whose selector the CronJob controller generates."""
    spec = template.spec or JobSpec()
    errs = _validate_job_spec_fields(spec, path.child("spec"))
    if spec.selector is not None:
        errs.append(
            FieldError.invalid(
                path.child("spec").child("selector"), _selector_json(spec.selector), "`selector` will be auto-generated"
            )
        )
    if spec.manual_selector:
        errs.append(FieldError.not_supported(path.child("spec").child("manualSelector"), True, ("nil", "false")))
    return errs


def _validate_cron_job_spec(spec: CronJobSpec) -> Errors:
    """``validateCronJobSpec``: schedule, time zone, concurrency policy, Job template, history limits."""
    errs: Errors = []
    schedule = spec.schedule or ""
    if not schedule:
        errs.append(FieldError.required(SPEC.child("schedule")))
    else:
        problem = schedule_error(schedule)
        if problem:
            errs.append(FieldError.invalid(SPEC.child("schedule"), schedule, problem))
        if "TZ" in schedule:
            errs.append(
                FieldError.invalid(
                    SPEC.child("schedule"), schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"
                )
            )
    errs += _nonnegative(spec.starting_deadline_seconds, SPEC.child("startingDeadlineSeconds"))
    if spec.time_zone is not None and not spec.time_zone:
        errs.append(FieldError.invalid(SPEC.child("timeZone"), "", "timeZone must be nil or non-empty string"))
    policy = spec.concurrency_policy or ""
    if not policy:
        errs.append(FieldError.required(SPEC.child("concurrencyPolicy")))
    elif policy not in CONCURRENCY_POLICIES:
        errs.append(FieldError.not_supported(SPEC.child("concurrencyPolicy"), policy, CONCURRENCY_POLICIES))
    errs += _validate_job_template(spec.job_template or JobTemplateSpec(), SPEC.child("jobTemplate"))
    errs += _nonnegative(spec.successful_jobs_history_limit, SPEC.child("successfulJobsHistoryLimit"))
    return errs + _nonnegative(spec.failed_jobs_history_limit, SPEC.child("failedJobsHistoryLimit"))


def _validate_cron_job(cron_job: CronJob) -> Errors:
    """``ValidateCronJobCreate``: a name short enough for the Jobs it creates."""
    errs = _validate_meta(cron_job.metadata, is_dns1123_subdomain, namespaced=True)
    errs += _validate_cron_job_spec(cron_job.spec or CronJobSpec())
    if len(cron_job.name) > CRON_JOB_NAME_MAX:
        too_long = f"must be no more than {CRON_JOB_NAME_MAX} characters"
        errs.append(FieldError.invalid(METADATA.child("name"), cron_job.name, too_long))
    return errs


# ======================================================================= Ingress
def _validate_ingress_backend(backend: IngressBackend, path: Path) -> Errors:
    """``validateIngressBackend``: a Service (a DNS-1035 name and a port name or number), or a resource."""
    service = backend.service
    if backend.resource is not None and service is not None:
        return [FieldError.invalid(path, "", "cannot set both resource and service backends")]
    if backend.resource is not None:
        return []
    if service is None:
        return [FieldError.invalid(path, "", "resource or service backend is required")]
    errs: Errors = []
    name_path = path.child("service").child("name")
    if not service.name:
        errs.append(FieldError.required(name_path))
    else:
        errs += [FieldError.invalid(name_path, service.name, msg) for msg in is_dns1035_label(service.name)]
    port_name = service.port.name if service.port else None
    port_number = service.port.number if service.port else None
    port_path = path.child("service").child("port")
    if port_name and port_number:
        errs.append(FieldError.invalid(path, "", "cannot set both port name & port number"))
    elif port_name:
        errs += [FieldError.invalid(port_path.child("name"), port_name, msg) for msg in is_valid_port_name(port_name)]
    elif port_number:
        errs += _port_num(port_number, port_path.child("number"))
    else:
        errs.append(FieldError.required(path, "port name or number is required"))
    return errs


def _validate_ingress_path(http_path: HTTPIngressPath, path: Path) -> Errors:
    """``validateHTTPIngressPath``: a path type, an absolute clean path, a backend."""
    path_type, text = http_path.path_type, http_path.path or ""
    if path_type is None:
        return [FieldError.required(path.child("pathType"), "pathType must be specified")]
    errs: Errors = []
    if path_type in ("Exact", "Prefix"):
        if not text.startswith("/"):
            errs.append(FieldError.invalid(path.child("path"), text, "must be an absolute path"))
        errs += [
            FieldError.invalid(path.child("path"), text, f"must not contain '{seq}'")
            for seq in INVALID_PATH_SEQUENCES
            if seq in text
        ]
        errs += [
            FieldError.invalid(path.child("path"), text, f"cannot end with '{suffix}'")
            for suffix in INVALID_PATH_SUFFIXES
            if text.endswith(suffix)
        ]
    elif path_type == "ImplementationSpecific":
        if text and not text.startswith("/"):
            errs.append(FieldError.invalid(path.child("path"), text, "must be an absolute path"))
    else:
        errs.append(FieldError.not_supported(path.child("pathType"), path_type, PATH_TYPES))
    return errs + _validate_ingress_backend(http_path.backend or IngressBackend(), path.child("backend"))


def _validate_ingress_rule(rule: IngressRule, path: Path) -> Errors:
    """``validateIngressRules`` for one rule: a DNS host (``*.`` allowed), then its HTTP paths."""
    errs: Errors = []
    host = rule.host or ""
    if host:
        if parse_ip_sloppy(host) is not None:
            errs.append(FieldError.invalid(path.child("host"), host, "must be a DNS name, not an IP address"))
        check = is_wildcard_dns1123_subdomain if "*" in host else is_dns1123_subdomain
        errs += [FieldError.invalid(path.child("host"), host, msg) for msg in check(host)]
    if rule.http is not None:
        paths = rule.http.paths or []
        if not paths:
            errs.append(FieldError.required(path.child("http").child("paths")))
        for i, http_path in enumerate(paths):
            errs += _validate_ingress_path(http_path, path.child("http").child("paths").index(i))
    return errs


def _validate_ingress_spec(spec: IngressSpec) -> Errors:
    """``ValidateIngressSpec``: a default backend or rules, TLS hosts, a class name."""
    errs: Errors = []
    if not spec.rules and spec.default_backend is None:
        errs.append(FieldError.invalid(SPEC, spec.rules, "either `defaultBackend` or `rules` must be specified"))
    if spec.default_backend is not None:
        errs += _validate_ingress_backend(spec.default_backend, SPEC.child("defaultBackend"))
    for i, rule in enumerate(spec.rules or []):
        errs += _validate_ingress_rule(rule, SPEC.child("rules").index(i))
    for i, tls in enumerate(spec.tls or []):
        for j, host in enumerate(tls.hosts or []):
            check = is_wildcard_dns1123_subdomain if "*" in host else is_dns1123_subdomain
            hosts = SPEC.child("tls").index(i).child("hosts").index(j)
            errs += [FieldError.invalid(hosts, host, msg) for msg in check(host)]
        if tls.secret_name:
            name = SPEC.child("tls").index(i).child("secretName")
            errs += [FieldError.invalid(name, tls.secret_name, msg) for msg in is_dns1123_subdomain(tls.secret_name)]
    if spec.ingress_class_name is not None:
        errs += _dns_subdomain(spec.ingress_class_name, SPEC.child("ingressClassName"))
    return errs


def _validate_ingress(ingress: Ingress) -> Errors:
    errs = _validate_meta(ingress.metadata, is_dns1123_subdomain, namespaced=True)
    return errs + _validate_ingress_spec(ingress.spec or IngressSpec())


def _simple_update(create: Callable[[Any], Errors]) -> Callable[[Any, Any], Errors]:
    """Kinds whose update rules are the metadata ones plus the create rules."""

    def check(new: Any, old: Any) -> Errors:
        return _validate_meta_update(new.metadata, old.metadata) + create(new)

    return check


_CREATE: dict[type, Callable[[Any], Errors]] = {
    Service: _validate_service,
    Pod: _validate_pod,
    Deployment: _validate_deployment,
    ReplicaSet: _validate_replica_set,
    Namespace: _validate_namespace,
    Node: _validate_node,
    Endpoints: _validate_endpoints,
    EndpointSlice: _validate_endpoint_slice,
    Event: _validate_event,
    ConfigMap: _validate_config_map,
    Secret: _validate_secret,
    Job: _validate_job,
    CronJob: _validate_cron_job,
    Ingress: _validate_ingress,
}

_UPDATE: dict[type, Callable[[Any, Any], Errors]] = {
    Service: _validate_service_update,
    Pod: _validate_pod_update,
    Deployment: _validate_deployment_update,
    ReplicaSet: _validate_replica_set_update,
    Namespace: _simple_update(_validate_namespace),
    Node: _simple_update(_validate_node),
    Endpoints: _simple_update(_validate_endpoints),
    EndpointSlice: _validate_endpoint_slice_update,
    Event: lambda new, old: _validate_event(new),  # a v1 update gets the create rules only
    ConfigMap: _validate_config_map_update,
    Secret: _validate_secret_update,
    Job: _validate_job_update,
    CronJob: _simple_update(_validate_cron_job),
    Ingress: _simple_update(_validate_ingress),
}
