"""``kubectl describe`` text for the kinds the simulator stores.

This module owns the describers of kubectl's ``pkg/describe/describe.go``
(v1.34 field order) for Service, Endpoints, Pod, Deployment, ReplicaSet, Node
and Namespace, and the helpers they share there: ``printLabelsMultiline``,
``printAnnotationsMultiline``, ``describeContainers``, ``DescribePodTemplate``,
``describeVolumes``, ``DescribeEvents``, ``formatEndpointSlices`` and a minimal
``resource.Quantity``. As in ``tabbedString``, every describer writes lines
with tabs into a Go tabwriter (minwidth 0, tabwidth 8, padding 2) through a
prefix writer that indents 2 spaces per level (kubernetes-facts.md §2).

The store has no Event objects yet: :func:`describe` takes an ``events``
sequence of :class:`EventLine` (empty by default, printed as ``<none>``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from fractions import Fraction
from typing import Any, Callable, Iterable, Mapping, Sequence

from ..api.apps import Deployment, ReplicaSet
from ..api.codec import encode
from ..api.core import (
    Container,
    ContainerPort,
    ContainerState,
    ContainerStatus,
    Endpoints,
    Namespace,
    Node,
    Pod,
    PodTemplateSpec,
    Probe,
    Service,
    ServiceSpec,
)
from ..api.discovery import SERVICE_NAME_LABEL, EndpointSlice
from ..api.labels import format_label_selector, format_labels, selector_from_label_selector, selector_from_map
from ..api.meta import APIObject
from .printers.apps import desired_replicas, format_selector, selector_parts, selector_string
from .printers.core import join_host_port, node_roles
from .printers.tabwriter import GoTabWriter, join_with_more, parse_timestamp, since

__all__ = ["EventLine", "Quantity", "describe", "format_endpoint_slices", "rfc1123z"]

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
MAX_ANNOTATION_LEN = 140
POD_TEMPLATE_HASH = "pod-template-hash"


# ------------------------------------------------------------------- writers
class PrefixWriter:
    """describe.go's ``prefixWriter`` over a :class:`GoTabWriter` (0, 8, 2)."""

    def __init__(self) -> None:
        self._tabs = GoTabWriter(minwidth=0, tabwidth=8, padding=2)

    def write(self, level: int, text: str) -> None:
        self._tabs.write("  " * level + text)

    def flush(self) -> None:
        self._tabs.flush()

    def text(self) -> str:
        self._tabs.flush()
        return self._tabs.getvalue()


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def rfc1123z(timestamp: str | None) -> str:
    """Go's ``time.RFC1123Z`` in UTC (``Mon, 06 Jan 2025 09:00:00 +0000``); Go's zero time when unset."""
    if not timestamp:
        return "Mon, 01 Jan 0001 00:00:00 +0000"
    t = parse_timestamp(timestamp).astimezone(timezone.utc)
    return f"{_DAYS[t.weekday()]}, {t.day:02d} {_MONTHS[t.month - 1]} {t.year:04d} {t:%H:%M:%S} +0000"


def _bool(value: bool | None) -> str:
    """Go's ``%v`` of a bool."""
    return "true" if value else "false"


# ---------------------------------------------------------- labels & friends
def _labels(w: PrefixWriter, title: str, labels: Mapping[str, str] | None, initial_indent: str = "") -> None:
    """``printLabelsMultilineWithIndent`` with ``innerIndent`` = tab."""
    w.write(0, f"{initial_indent}{title}:\t")
    if not labels:
        w.write(0, "<none>\n")
        return
    for i, key in enumerate(sorted(labels)):
        if i:
            w.write(0, initial_indent + "\t")
        w.write(0, f"{key}={labels[key]}\n")


def _shorten(text: str, limit: int) -> str:
    return text[:limit] + "..." if len(text) > limit else text


def _annotations(w: PrefixWriter, title: str, annotations: Mapping[str, str] | None) -> None:
    """``printAnnotationsMultiline``: last-applied hidden, long or multi-line values below the key."""
    w.write(0, f"{title}:\t")
    keys = sorted(k for k in annotations or {} if k != LAST_APPLIED)
    if not keys:
        w.write(0, "<none>\n")
        return
    for i, key in enumerate(keys):
        if i:
            w.write(0, "\t")
        value = annotations[key].removesuffix("\n")
        if len(value) + len(key) + 2 > MAX_ANNOTATION_LEN or "\n" in value:
            w.write(0, f"{key}:\n")
            for line in value.split("\n"):
                w.write(0, f"\t  {_shorten(line, MAX_ANNOTATION_LEN - 2)}\n")
        else:
            w.write(0, f"{key}: {value}\n")


def _meta_block(w: PrefixWriter, obj: APIObject, *, namespace: bool = True) -> None:
    """``Name:``, ``Namespace:``, ``Labels:``, ``Annotations:`` (the common opening)."""
    w.write(0, f"Name:\t{obj.name}\n")
    if namespace:
        w.write(0, f"Namespace:\t{obj.namespace}\n")
    _labels(w, "Labels", obj.metadata.labels)
    _annotations(w, "Annotations", obj.metadata.annotations)


def _controlled_by(w: PrefixWriter, obj: APIObject) -> None:
    for ref in obj.metadata.owner_references or []:
        if ref.controller:
            w.write(0, f"Controlled By:\t{ref.kind}/{ref.name}\n")
            return


def _tolerations(w: PrefixWriter, title: str, tolerations: Sequence[Mapping[str, Any]] | None) -> None:
    """``printTolerationsMultilineWithIndent`` (sorted by key)."""
    w.write(0, f"{title}:\t")
    if not tolerations:
        w.write(0, "<none>\n")
        return
    for i, toleration in enumerate(sorted(tolerations, key=lambda t: t.get("key") or "")):
        if i:
            w.write(0, "\t")
        w.write(0, _toleration_text(toleration) + "\n")


def _toleration_text(toleration: Mapping[str, Any]) -> str:
    key, value, effect = (toleration.get(k) or "" for k in ("key", "value", "effect"))
    text = key + (f"={value}" if value else "") + (f":{effect}" if effect else "")
    if toleration.get("operator") == "Exists" and not value:
        text += " op=Exists" if key or effect else "op=Exists"
    if toleration.get("tolerationSeconds") is not None:
        text += f" for {toleration['tolerationSeconds']}s"
    return text


# -------------------------------------------------------------------- events
@dataclass(frozen=True)
class EventLine:
    """What ``DescribeEvents`` prints of one ``core/v1`` Event."""

    type: str
    reason: str
    source: str  # source.component, else reportingController
    message: str
    first_timestamp: str | None
    last_timestamp: str | None = None
    count: int = 1
    field_path: str = ""


def _event_row(event: EventLine, now: datetime) -> str:
    interval = since(event.first_timestamp, now)
    if event.count > 1:
        interval = f"{since(event.last_timestamp, now)} (x{event.count} over {interval})"
    message = event.message.strip()
    if event.field_path:
        message = f"{event.field_path}: {message}"
    return f"{event.type}\t{event.reason}\t{interval}\t{event.source}\t{message}\n"


def _events(w: PrefixWriter, events: Sequence[EventLine], now: datetime) -> None:
    """``DescribeEvents``: ``Events:  <none>`` or a table sorted by last timestamp."""
    if not events:
        w.write(0, "Events:\t<none>\n")
        return
    w.flush()
    w.write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n")
    w.write(1, "----\t------\t----\t----\t-------\n")
    for event in sorted(events, key=lambda e: e.last_timestamp or e.first_timestamp or ""):
        w.write(1, _event_row(event, now))


# ------------------------------------------------------------------- Service
def _endpoint_ready(endpoint) -> bool:
    conditions = endpoint.conditions
    return conditions is None or conditions.ready is None or conditions.ready


def _slice_entries(slices: Sequence[EndpointSlice], port_name: str | None) -> Iterable[tuple[str, bool]]:
    for slice_ in slices:
        endpoints = slice_.endpoints or []
        if not slice_.ports:
            yield from (((e.addresses or [""])[0], _endpoint_ready(e)) for e in endpoints)
            continue
        for port in slice_.ports:
            if port_name is None or (port.name or "") == port_name:
                for e in endpoints:
                    yield join_host_port((e.addresses or [""])[0], port.port), _endpoint_ready(e)


def format_endpoint_slices(slices: Sequence[EndpointSlice], port_name: str | None) -> str:
    """``formatEndpointSlices``: ready ``ip:port`` entries of one service port.

    Reproduces the quirk that "more" is decided when a 4th endpoint is
    *reached*, before its readiness is checked (``a,b,c + 0 more...``).
    """
    if not slices:
        return "<none>"
    shown: list[str] = []
    more, count = False, 0
    for entry, ready in _slice_entries(slices, port_name):
        more = more or len(shown) == 3
        if not ready:
            continue
        if not more:
            shown.append(entry)
        count += 1
    return join_with_more(shown, more, count)


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


def _describe_service(service: Service, store: Any, now: datetime, events: Sequence[EventLine]) -> str:
    selector = selector_from_map({SERVICE_NAME_LABEL: service.name})
    slices = store.list(EndpointSlice, service.namespace, selector) if store is not None else []
    spec = service.spec or ServiceSpec()
    w = PrefixWriter()
    _meta_block(w, service)
    w.write(0, f"Selector:\t{format_labels(spec.selector or {})}\n")
    w.write(0, f"Type:\t{spec.type or ''}\n")
    _service_ips(w, spec)
    lb = service.status.load_balancer if service.status else None
    if lb and lb.ingress:
        w.write(0, f"LoadBalancer Ingress:\t{_ingress_text(lb.ingress)}\n")
    for port in spec.ports or []:
        _service_port_lines(w, port, slices)
    _service_policies(w, spec)
    _events(w, events, now)
    return w.text()


# ----------------------------------------------------------------- Endpoints
def _ip_list(addresses) -> str:
    return ",".join(a.ip or "" for a in addresses or []) or "<none>"


def _describe_endpoints(endpoints: Endpoints, store: Any, now: datetime, events: Sequence[EventLine]) -> str:
    w = PrefixWriter()
    _meta_block(w, endpoints)
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
    _events(w, events, now)
    return w.text()


# ------------------------------------------------------------------ quantity
_BINARY = (("Ei", 60), ("Pi", 50), ("Ti", 40), ("Gi", 30), ("Mi", 20), ("Ki", 10))
_DECIMAL = (("E", 18), ("P", 15), ("T", 12), ("G", 9), ("M", 6), ("k", 3), ("", 0), ("m", -3), ("u", -6), ("n", -9))
_QUANTITY_RE = re.compile(r"([+-]?(?:\d+\.?\d*|\.\d+))([eE][+-]?\d+|[a-zA-Z]*)")


@dataclass(frozen=True)
class Quantity:
    """Enough of ``resource.Quantity`` for describe: parse, add, canonical ``String()``."""

    value: Fraction = Fraction(0)
    binary: bool = False

    @classmethod
    def parse(cls, raw: Any) -> "Quantity":
        match = _QUANTITY_RE.fullmatch(str(raw).strip())
        if match is None:
            return cls()
        number, suffix = Fraction(match[1]), match[2]
        if suffix[:1] in ("e", "E") and suffix[1:].lstrip("+-").isdigit():
            return cls(number * Fraction(10) ** int(suffix[1:]))
        binary = dict(_BINARY)
        if suffix in binary:
            return cls(number * 2 ** binary[suffix], True)
        return cls(number * Fraction(10) ** dict(_DECIMAL).get(suffix, 0))

    def __add__(self, other: "Quantity") -> "Quantity":
        return Quantity(self.value + other.value, self.binary if self.value else other.binary)

    def milli(self) -> int:
        return math.ceil(self.value * 1000)

    def units(self) -> int:
        return math.ceil(self.value)

    def __str__(self) -> str:
        value = self.value
        if value == 0:
            return "0"
        if self.binary and value.denominator == 1 and abs(value) >= 1024:
            for suffix, power in _BINARY:
                if value % 2**power == 0:
                    return f"{value // 2**power}{suffix}"
        for suffix, exponent in _DECIMAL:
            scaled = value / Fraction(10) ** exponent
            if scaled.denominator == 1:
                return f"{scaled.numerator}{suffix}"
        return f"{math.ceil(value * 10**9)}n"


def _resource_list(resources: Mapping[str, Any] | None) -> dict[str, Quantity]:
    return {name: Quantity.parse(value) for name, value in (resources or {}).items()}


# ----------------------------------------------------------------- containers
def _port_list(ports: Sequence[ContainerPort] | None, host: bool) -> str:
    pieces = []
    for port in ports or []:
        number = (port.host_port if host else port.container_port) or 0
        text = f"{number}/{port.protocol or 'TCP'}"
        pieces.append(f"{text} ({port.name})" if port.name else text)
    return ", ".join(pieces)


def _port_line(w: PrefixWriter, singular: str, text: str) -> None:
    if "," in text:
        w.write(2, f"{singular}s:\t{text}\n")
    else:
        w.write(2, f"{singular}:\t{text or '<none>'}\n")


def _seccomp(w: PrefixWriter, level: int, security_context: Any) -> None:
    profile = (security_context or {}).get("seccompProfile")
    if not profile:
        return
    w.write(level, f"SeccompProfile:\t{profile.get('type', '')}\n")
    if profile.get("type") == "Localhost":
        w.write(level + 1, f"LocalhostProfile:\t{profile.get('localhostProfile', '')}\n")


def _container_basic_info(w: PrefixWriter, container: Container, status: ContainerStatus | None, space: str) -> None:
    w.write(1, f"{' ' if space else ''}{container.name}:\n")
    if status is not None:
        w.write(2, f"Container ID:\t{status.container_id or ''}\n")
    w.write(2, f"Image:\t{container.image or ''}\n")
    if status is not None:
        w.write(2, f"Image ID:\t{status.image_id or ''}\n")
    _port_line(w, "Port", _port_list(container.ports, host=False))
    _port_line(w, "Host Port", _port_list(container.ports, host=True))
    _seccomp(w, 2, container.security_context)


def _container_command(w: PrefixWriter, container: Container) -> None:
    for title, words in (("Command", container.command), ("Args", container.args)):
        if words:
            w.write(2, f"{title}:\n")
            for word in words:
                for line in word.split("\n"):
                    w.write(3, f"{line}\n")


def _state(w: PrefixWriter, title: str, state: ContainerState | None) -> None:
    """``describeStatus``."""
    if state is not None and state.running is not None:
        w.write(2, f"{title}:\tRunning\n")
        w.write(3, f"Started:\t{rfc1123z(state.running.started_at)}\n")
    elif state is not None and state.waiting is not None:
        w.write(2, f"{title}:\tWaiting\n")
        if state.waiting.reason:
            w.write(3, f"Reason:\t{state.waiting.reason}\n")
    elif state is not None and state.terminated is not None:
        _terminated_state(w, title, state.terminated)
    else:
        w.write(2, f"{title}:\tWaiting\n")


def _terminated_state(w: PrefixWriter, title: str, terminated) -> None:
    w.write(2, f"{title}:\tTerminated\n")
    if terminated.reason:
        w.write(3, f"Reason:\t{terminated.reason}\n")
    if terminated.message:
        w.write(3, f"Message:\t{terminated.message}\n")
    w.write(3, f"Exit Code:\t{terminated.exit_code or 0}\n")
    if terminated.signal and terminated.signal > 0:
        w.write(3, f"Signal:\t{terminated.signal}\n")
    w.write(3, f"Started:\t{rfc1123z(terminated.started_at)}\n")
    w.write(3, f"Finished:\t{rfc1123z(terminated.finished_at)}\n")


def _container_state(w: PrefixWriter, status: ContainerStatus) -> None:
    _state(w, "State", status.state)
    if status.last_state is not None and status.last_state.terminated is not None:
        _state(w, "Last State", status.last_state)
    w.write(2, f"Ready:\t{'True' if status.ready else 'False'}\n")
    w.write(2, f"Restart Count:\t{status.restart_count or 0}\n")


def _resources(w: PrefixWriter, resources: Mapping[str, Any] | None, level: int) -> None:
    """``describeResources``: Limits then Requests, names sorted."""
    for title, key in (("Limits", "limits"), ("Requests", "requests")):
        quantities = _resource_list((resources or {}).get(key))
        if quantities:
            w.write(level, f"{title}:\n")
        for name in sorted(quantities):
            w.write(level + 1, f"{name}:\t{quantities[name]}\n")


# kube-apiserver probe defaults (pkg/apis/core/v1/defaults.go)
_PROBE_DEFAULTS = {"initial_delay_seconds": 0, "timeout_seconds": 1, "period_seconds": 10,
                   "success_threshold": 1, "failure_threshold": 3}


def describe_probe(probe: Probe) -> str:
    """``DescribeProbe``: ``http-get http://:80/ delay=0s timeout=1s period=10s #success=1 #failure=3``."""
    v = {k: default if getattr(probe, k) is None else getattr(probe, k) for k, default in _PROBE_DEFAULTS.items()}
    attrs = (f"delay={v['initial_delay_seconds']}s timeout={v['timeout_seconds']}s period={v['period_seconds']}s "
             f"#success={v['success_threshold']} #failure={v['failure_threshold']}")
    if probe.exec is not None:
        return f"exec [{' '.join(probe.exec.command or [])}] {attrs}"
    if probe.http_get is not None:
        return f"http-get {_probe_url(probe.http_get)} {attrs}"
    if probe.tcp_socket is not None:
        return f"tcp-socket {probe.tcp_socket.host or ''}:{'' if probe.tcp_socket.port is None else probe.tcp_socket.port} {attrs}"
    if probe.grpc is not None:
        return f"grpc <pod>:{probe.grpc.get('port', 0)} {probe.grpc.get('service') or ''} {attrs}"
    return f"unknown {attrs}"


def _probe_url(action) -> str:
    port = "" if action.port is None else str(action.port)
    host = action.host or ""
    if port:
        host = join_host_port(host, port)
    return f"{(action.scheme or 'HTTP').lower()}://{host}{action.path or ''}"


def _container_probes(w: PrefixWriter, container: Container) -> None:
    for title, probe in (("Liveness", container.liveness_probe), ("Readiness", container.readiness_probe),
                         ("Startup", container.startup_probe)):
        if probe is not None:
            w.write(2, f"{title}:\t{describe_probe(probe)}\n")


def _container_env_from(w: PrefixWriter, container: Container) -> None:
    w.write(2, "Environment Variables from:\n")
    for source in container.env_from or []:
        kind, ref = ("ConfigMap", source.get("configMapRef")) if source.get("configMapRef") else ("Secret", source.get("secretRef") or {})
        prefix = source.get("prefix")
        origin = f"{kind} with prefix '{prefix}'" if prefix else kind
        w.write(3, f"{ref.get('name', '')}\t{origin}\tOptional: {_bool(ref.get('optional'))}\n")


_FIELD_PATHS: dict[str, Callable[[Pod], Any]] = {
    "metadata.name": lambda p: p.name,
    "metadata.namespace": lambda p: p.namespace,
    "metadata.uid": lambda p: p.metadata.uid,
    "spec.nodeName": lambda p: p.spec.node_name if p.spec else None,
    "spec.serviceAccountName": lambda p: p.spec.service_account_name if p.spec else None,
    "status.podIP": lambda p: p.status.pod_ip if p.status else None,
    "status.hostIP": lambda p: p.status.host_ip if p.status else None,
}


def _field_ref_value(pod: Pod | None, path: str) -> str:
    if pod is None:
        return ""
    match = re.fullmatch(r"metadata\.(labels|annotations)\['(.*)'\]", path)
    if match:
        return (getattr(pod.metadata, match[1]) or {}).get(match[2], "")
    getter = _FIELD_PATHS.get(path)
    return (getter(pod) or "") if getter else ""


def _env_value_from(name: str, source: Mapping[str, Any], container: Container, pod: Pod | None) -> str | None:
    if "fieldRef" in source:
        ref = source["fieldRef"]
        value = _field_ref_value(pod, ref.get("fieldPath", ""))
        return f"{name}:\t{value} ({ref.get('apiVersion', 'v1')}:{ref.get('fieldPath', '')})\n"
    if "resourceFieldRef" in source:
        resource = source["resourceFieldRef"].get("resource", "")
        return f"{name}:\t{_resource_field_value(container, resource)} ({resource})\n"
    for key, text in (("secretKeyRef", "in secret"), ("configMapKeyRef", "of config map")):
        if key in source:
            ref = source[key]
            return (f"{name}:\t<set to the key '{ref.get('key', '')}' {text} '{ref.get('name', '')}'>\t"
                    f"Optional: {_bool(ref.get('optional'))}\n")
    return None


def _resource_field_value(container: Container, resource: str) -> str:
    kind, _, name = resource.partition(".")
    raw = ((container.resources or {}).get(kind) or {}).get(name)
    if raw is None and resource in ("limits.cpu", "limits.memory"):
        return "node allocatable"
    return str(Quantity.parse(raw if raw is not None else 0))


def _container_env(w: PrefixWriter, container: Container, pod: Pod | None) -> None:
    w.write(2, "Environment:\n" if container.env else "Environment:\t<none>\n")
    for env in container.env or []:
        if env.value_from is None:
            for i, line in enumerate((env.value or "").split("\n")):
                w.write(3, f"{env.name}:\t{line}\n" if i == 0 else f"\t{line}\n")
            continue
        line = _env_value_from(env.name or "", env.value_from, container, pod)
        if line is not None:
            w.write(3, line)


def _container_mounts(w: PrefixWriter, container: Container) -> None:
    mounts = container.volume_mounts or []
    w.write(2, "Mounts:\n" if mounts else "Mounts:\t<none>\n")
    for mount in sorted(mounts, key=lambda m: m.get("mountPath", "")):
        flags = ["ro" if mount.get("readOnly") else "rw"]
        if mount.get("subPath"):
            flags.append(f'path="{mount["subPath"]}"')
        w.write(3, f"{mount.get('mountPath', '')} from {mount.get('name', '')} ({','.join(flags)})\n")
    devices = container.volume_devices or []
    if devices:
        w.write(2, "Devices:\n")
        for device in sorted(devices, key=lambda d: d.get("devicePath", "")):
            w.write(3, f"{device.get('devicePath', '')} from {device.get('name', '')}\n")


def _containers(w: PrefixWriter, label: str, containers: Sequence[Container] | None,
                statuses: Sequence[ContainerStatus] | None, pod: Pod | None, space: str) -> None:
    """``describeContainers``."""
    by_name = {s.name: s for s in statuses or []}
    w.write(0, f"{space}{label}:{'' if containers else ' <none>'}\n")
    for container in containers or []:
        status = by_name.get(container.name)
        _container_basic_info(w, container, status, space)
        _container_command(w, container)
        if status is not None:
            _container_state(w, status)
        _resources(w, container.resources, 2)
        _container_probes(w, container)
        if container.env_from:
            _container_env_from(w, container)
        _container_env(w, container, pod)
        _container_mounts(w, container)


# -------------------------------------------------------------------- volumes
def _volume_source(volume: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """(label, value) lines of the volume types pods in lessons use; ``[]`` when unknown."""
    if "emptyDir" in volume:
        source = volume["emptyDir"] or {}
        return [("Type", "EmptyDir (a temporary directory that shares a pod's lifetime)"),
                ("Medium", source.get("medium", "")), ("SizeLimit", source.get("sizeLimit") or "<unset>")]
    if "hostPath" in volume:
        source = volume["hostPath"]
        return [("Type", "HostPath (bare host directory volume)"), ("Path", source.get("path", "")),
                ("HostPathType", source.get("type") or "<none>")]
    if "configMap" in volume:
        source = volume["configMap"]
        return [("Type", "ConfigMap (a volume populated by a ConfigMap)"), ("Name", source.get("name", "")),
                ("Optional", _bool(source.get("optional")))]
    if "secret" in volume:
        source = volume["secret"]
        return [("Type", "Secret (a volume populated by a Secret)"), ("SecretName", source.get("secretName", "")),
                ("Optional", _bool(source.get("optional")))]
    if "persistentVolumeClaim" in volume:
        source = volume["persistentVolumeClaim"]
        return [("Type", "PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)"),
                ("ClaimName", source.get("claimName", "")), ("ReadOnly", _bool(source.get("readOnly")))]
    if "projected" in volume:
        return _projected_source(volume["projected"] or {})
    return []


def _projected_source(projected: Mapping[str, Any]) -> list[tuple[str, Any]]:
    lines: list[tuple[str, Any]] = [("Type", "Projected (a volume that contains injected data from multiple sources)")]
    for source in projected.get("sources") or []:
        if "secret" in source:
            lines += [("SecretName", source["secret"].get("name", "")), ("Optional", _bool(source["secret"].get("optional")))]
        elif "downwardAPI" in source:
            lines.append(("DownwardAPI", "true"))
        elif "configMap" in source:
            lines += [("ConfigMapName", source["configMap"].get("name", "")),
                      ("Optional", _bool(source["configMap"].get("optional")))]
        elif "serviceAccountToken" in source:
            lines.append(("TokenExpirationSeconds", source["serviceAccountToken"].get("expirationSeconds", 3600)))
    return lines


def _volumes(w: PrefixWriter, volumes: Sequence[Mapping[str, Any]] | None, space: str = "") -> None:
    """``describeVolumes``."""
    if not volumes:
        w.write(0, f"{space}Volumes:\t<none>\n")
        return
    w.write(0, f"{space}Volumes:\n")
    for volume in volumes:
        w.write(1, f"{' ' if space else ''}{volume.get('name', '')}:\n")
        lines = _volume_source(volume)
        if not lines:
            w.write(1, "<unknown>\n")
        for label, value in lines:
            w.write(2, f"{label}:\t{value}\n")


def _topology_spread(w: PrefixWriter, constraints: Sequence[Mapping[str, Any]] | None, space: str = "") -> None:
    if not constraints:
        return
    w.write(0, f"{space}Topology Spread Constraints:\t")
    for i, tsc in enumerate(sorted(constraints, key=lambda c: c.get("topologyKey", ""))):
        if i:
            w.write(0, f"{space}\t")
        text = f"{tsc.get('topologyKey', '')}:{tsc.get('whenUnsatisfiable', '')} when max skew {tsc.get('maxSkew', 0)} is exceeded"
        selector = tsc.get("labelSelector")
        if selector is not None:
            text += f" for selector {format_label_selector(selector.get('matchLabels') or {}, selector.get('matchExpressions') or [])}"
        w.write(0, text + "\n")


# ------------------------------------------------------------------------ Pod
def _pod_qos(pod: Pod) -> str:
    """``qos.GetPodQOS``: the status value, else computed from requests and limits."""
    if pod.status and pod.status.qos_class:
        return pod.status.qos_class
    spec = pod.spec
    containers = [*((spec.init_containers if spec else None) or []), *((spec.containers if spec else None) or [])]
    compute = ("cpu", "memory")
    requests = [{k: v for k, v in ((c.resources or {}).get("requests") or {}).items() if k in compute} for c in containers]
    limits = [{k: v for k, v in ((c.resources or {}).get("limits") or {}).items() if k in compute} for c in containers]
    if not any(requests) and not any(limits):
        return "BestEffort"
    guaranteed = all(
        set(lim) == set(compute) and all(Quantity.parse(req.get(k, lim[k])).value == Quantity.parse(lim[k]).value for k in compute)
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
    _labels(w, "Labels", pod.metadata.labels)
    _annotations(w, "Annotations", pod.metadata.annotations)
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
    _seccomp(w, 0, pod.spec.security_context if pod.spec else None)
    w.write(0, f"IP:\t{(status.pod_ip if status else None) or ''}\n")
    ips = (status.pod_ips if status else None) or []
    w.write(0, "IPs:\n" if ips else "IPs:\t<none>\n")
    for ip in ips:
        w.write(1, f"IP:\t{ip.ip or ''}\n")
    _controlled_by(w, pod)
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


def _describe_pod(pod: Pod, store: Any, now: datetime, events: Sequence[EventLine]) -> str:
    spec, status = pod.spec, pod.status
    w = PrefixWriter()
    _pod_header(w, pod, now)
    if spec and spec.init_containers:
        _containers(w, "Init Containers", spec.init_containers, status.init_container_statuses if status else None, pod, "")
    _containers(w, "Containers", spec.containers if spec else None, status.container_statuses if status else None, pod, "")
    _pod_conditions(w, pod)
    _volumes(w, spec.volumes if spec else None)
    w.write(0, f"QoS Class:\t{_pod_qos(pod)}\n")
    _labels(w, "Node-Selectors", spec.node_selector if spec else None)
    _tolerations(w, "Tolerations", spec.tolerations if spec else None)
    _topology_spread(w, spec.topology_spread_constraints if spec else None)
    _events(w, events, now)
    return w.text()


# ------------------------------------------------------- Deployment, ReplicaSet
def _pod_template(w: PrefixWriter, template: PodTemplateSpec | None) -> None:
    """``DescribePodTemplate``."""
    w.write(0, "Pod Template:\n")
    if template is None:
        w.write(1, "<unset>")
        return
    meta, spec = template.metadata, template.spec
    _labels(w, "  Labels", meta.labels if meta else None)
    if meta and meta.annotations:
        _annotations(w, "  Annotations", meta.annotations)
    if spec and spec.service_account_name:
        w.write(1, f"Service Account:\t{spec.service_account_name}\n")
    if spec and spec.init_containers:
        _containers(w, "Init Containers", spec.init_containers, None, None, "  ")
    _containers(w, "Containers", spec.containers if spec else None, None, None, "  ")
    _volumes(w, spec.volumes if spec else None, "  ")
    _topology_spread(w, spec.topology_spread_constraints if spec else None, "  ")
    if spec and spec.priority_class_name:
        w.write(1, f"Priority Class Name:\t{spec.priority_class_name}\n")
    _labels(w, "  Node-Selectors", spec.node_selector if spec else None)
    _tolerations(w, "  Tolerations", spec.tolerations if spec else None)


def _conditions_type_status_reason(w: PrefixWriter, conditions: Sequence[Any] | None) -> None:
    if not conditions:
        return
    w.write(0, "Conditions:\n  Type\tStatus\tReason\n")
    w.write(1, "----\t------\t------\n")
    for c in conditions:
        if isinstance(c, Mapping):
            w.write(1, f"{c.get('type', '')} \t{c.get('status', '')}\t{c.get('reason', '')}\n")
        else:
            w.write(1, f"{c.type or ''} \t{c.status or ''}\t{c.reason or ''}\n")


def _is_controlled_by(obj: APIObject, owner: APIObject) -> bool:
    return any(r.controller and r.uid == owner.metadata.uid for r in obj.metadata.owner_references or [])


def _template_without_hash(template: PodTemplateSpec | None) -> dict:
    """A template as data, ``pod-template-hash`` label dropped (``equalIgnoreHash``)."""
    data = encode(template) if template is not None else {}
    metadata = dict(data.get("metadata") or {})
    labels = {k: v for k, v in (metadata.get("labels") or {}).items() if k != POD_TEMPLATE_HASH}
    metadata["labels"] = labels
    return {**data, "metadata": metadata}


def _replica_sets_of(deployment: Deployment, store: Any) -> tuple[list[ReplicaSet], list[ReplicaSet]]:
    """``GetAllReplicaSetsInChunks``: (all old ReplicaSets, [new ReplicaSet])."""
    selector = deployment.spec.selector if deployment.spec else None
    match = selector_from_label_selector(*selector_parts(selector))
    owned = [rs for rs in store.list(ReplicaSet, deployment.namespace, match) if _is_controlled_by(rs, deployment)]
    owned.sort(key=lambda rs: (rs.metadata.creation_timestamp or "", rs.name))
    wanted = _template_without_hash(deployment.spec.template if deployment.spec else None)
    new = next((rs for rs in owned if _template_without_hash(rs.spec.template if rs.spec else None) == wanted), None)
    return [rs for rs in owned if rs is not new], [new] if new is not None else []


def _replica_sets_text(replica_sets: Sequence[ReplicaSet]) -> str:
    """``printReplicaSetsByLabels``."""
    parts = [f"{rs.name} ({(rs.status.replicas if rs.status else None) or 0}/{desired_replicas(rs)} replicas created)"
             for rs in replica_sets]
    return ", ".join(parts) or "<none>"


def _int_or_string(value: Any) -> str:
    return "<nil>" if value is None else str(value)


def _deployment_strategy(w: PrefixWriter, deployment: Deployment) -> None:
    spec, status = deployment.spec, deployment.status
    counts = [(getattr(status, f) if status else None) or 0
              for f in ("updated_replicas", "replicas", "available_replicas", "unavailable_replicas")]
    w.write(0, f"Replicas:\t{desired_replicas(deployment)} desired | {counts[0]} updated | {counts[1]} total | "
               f"{counts[2]} available | {counts[3]} unavailable\n")
    strategy = spec.strategy if spec else None
    w.write(0, f"StrategyType:\t{(strategy.type if strategy else None) or ''}\n")
    w.write(0, f"MinReadySeconds:\t{(spec.min_ready_seconds if spec else None) or 0}\n")
    rolling = strategy.rolling_update if strategy else None
    if rolling is not None:
        w.write(0, f"RollingUpdateStrategy:\t{_int_or_string(rolling.max_unavailable)} max unavailable, "
                   f"{_int_or_string(rolling.max_surge)} max surge\n")


def _describe_deployment(deployment: Deployment, store: Any, now: datetime, events: Sequence[EventLine]) -> str:
    spec = deployment.spec
    w = PrefixWriter()
    w.write(0, f"Name:\t{deployment.name}\n")
    w.write(0, f"Namespace:\t{deployment.namespace}\n")
    w.write(0, f"CreationTimestamp:\t{rfc1123z(deployment.metadata.creation_timestamp)}\n")
    _labels(w, "Labels", deployment.metadata.labels)
    _annotations(w, "Annotations", deployment.metadata.annotations)
    w.write(0, f"Selector:\t{selector_string(spec.selector if spec else None)}\n")
    _deployment_strategy(w, deployment)
    _pod_template(w, spec.template if spec else None)
    _conditions_type_status_reason(w, deployment.status.conditions if deployment.status else None)
    old, new = _replica_sets_of(deployment, store) if store is not None else ([], [])
    if old or new:
        w.write(0, f"OldReplicaSets:\t{_replica_sets_text(old)}\n")
        w.write(0, f"NewReplicaSet:\t{_replica_sets_text(new)}\n")
    _events(w, events, now)
    return w.text()


def _pod_phase_counts(replica_set: ReplicaSet, store: Any) -> tuple[int, int, int, int]:
    """``getPodStatusForController``: Running / Waiting (Pending) / Succeeded / Failed."""
    selector = replica_set.spec.selector if replica_set.spec else None
    match = selector_from_label_selector(*selector_parts(selector))
    pods = [p for p in store.list(Pod, replica_set.namespace, match) if _is_controlled_by(p, replica_set)]
    phases = [(p.status.phase if p.status else None) for p in pods]
    return tuple(phases.count(phase) for phase in ("Running", "Pending", "Succeeded", "Failed"))


def _describe_replica_set(replica_set: ReplicaSet, store: Any, now: datetime, events: Sequence[EventLine]) -> str:
    spec, status = replica_set.spec, replica_set.status
    w = PrefixWriter()
    w.write(0, f"Name:\t{replica_set.name}\n")
    w.write(0, f"Namespace:\t{replica_set.namespace}\n")
    w.write(0, f"Selector:\t{format_selector(spec.selector if spec else None)}\n")
    _labels(w, "Labels", replica_set.metadata.labels)
    _annotations(w, "Annotations", replica_set.metadata.annotations)
    _controlled_by(w, replica_set)
    w.write(0, f"Replicas:\t{(status.replicas if status else None) or 0} current / {desired_replicas(replica_set)} desired\n")
    running, waiting, succeeded, failed = _pod_phase_counts(replica_set, store) if store is not None else (0, 0, 0, 0)
    w.write(0, "Pods Status:\t")
    w.write(0, f"{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed\n")
    _pod_template(w, spec.template if spec else None)
    _conditions_type_status_reason(w, status.conditions if status else None)
    _events(w, events, now)
    return w.text()


# ----------------------------------------------------------------------- Node
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


def _node_lease(w: PrefixWriter, node: Node, now: datetime) -> None:
    """The kubelet's Lease in ``kube-node-lease``: the simulator keeps no Lease objects, so the
    kubelet is shown as holder with a renewal at ``now`` (it renews every 10 s)."""
    w.write(0, "Lease:\n")
    w.write(1, f"HolderIdentity:\t{node.name}\n")
    w.write(1, "AcquireTime:\t<unset>\n")
    w.write(1, f"RenewTime:\t{rfc1123z(now.strftime('%Y-%m-%dT%H:%M:%SZ'))}\n")


def _node_conditions(w: PrefixWriter, node: Node) -> None:
    conditions = (node.status.conditions if node.status else None) or []
    if not conditions:
        return
    w.write(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n")
    w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n")
    for c in conditions:
        w.write(1, f"{c.type or ''} \t{c.status or ''} \t{rfc1123z(c.last_heartbeat_time)} \t"
                   f"{rfc1123z(c.last_transition_time)} \t{c.reason or ''} \t{c.message or ''}\n")


def _node_resources(w: PrefixWriter, node: Node) -> None:
    status = node.status
    for title, resources in (("Capacity", status.capacity if status else None),
                             ("Allocatable", status.allocatable if status else None)):
        if resources:
            w.write(0, f"{title}:\n")
            for name, quantity in sorted(_resource_list(resources).items()):
                w.write(0, f"  {name}:\t{quantity}\n")


def _node_system_info(w: PrefixWriter, node: Node) -> None:
    info = node.status.node_info if node.status else None
    w.write(0, "System Info:\n")
    for label, field in (("Machine ID", "machine_id"), ("System UUID", "system_uuid"), ("Boot ID", "boot_id"),
                         ("Kernel Version", "kernel_version"), ("OS Image", "os_image"),
                         ("Operating System", "operating_system"), ("Architecture", "architecture"),
                         ("Container Runtime Version", "container_runtime_version"),
                         ("Kubelet Version", "kubelet_version")):
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
        for name, q in _resource_list((container.resources or {}).get(kind)).items():
            total[name] = total.get(name, Quantity()) + q
    for container in (spec.init_containers if spec else None) or []:
        for name, q in _resource_list((container.resources or {}).get(kind)).items():
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
    allocatable = _resource_list((node.status.allocatable or node.status.capacity) if node.status else None)
    cpu, memory = allocatable.get("cpu", Quantity()), allocatable.get("memory", Quantity())
    w.write(0, f"Non-terminated Pods:\t({len(pods)} in total)\n")
    w.write(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n")
    w.write(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n")
    for pod in pods:
        req, lim = _pod_resources(pod, "requests"), _pod_resources(pod, "limits")
        cells = [_usage(req.get("cpu", Quantity()), cpu, True), _usage(lim.get("cpu", Quantity()), cpu, True),
                 _usage(req.get("memory", Quantity()), memory, False), _usage(lim.get("memory", Quantity()), memory, False)]
        w.write(1, f"{pod.namespace}\t{pod.name}\t\t{chr(9).join(cells)}\t{since(pod.metadata.creation_timestamp, now)}\n")
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
        w.write(1, f"{name}\t{_usage(requests.get(name, Quantity()), whole, milli)}\t"
                   f"{_usage(limits.get(name, Quantity()), whole, milli)}\n")
    for name in sorted(n for n in allocatable if n not in standard and n != "pods" and not n.startswith("hugepages-")):
        w.write(1, f"{name}\t{requests.get(name, Quantity())}\t{limits.get(name, Quantity())}\n")


def _describe_node(node: Node, store: Any, now: datetime, events: Sequence[EventLine]) -> str:
    spec = node.spec
    w = PrefixWriter()
    w.write(0, f"Name:\t{node.name}\n")
    w.write(0, f"Roles:\t{','.join(node_roles(node)) or '<none>'}\n")
    _labels(w, "Labels", node.metadata.labels)
    _annotations(w, "Annotations", node.metadata.annotations)
    w.write(0, f"CreationTimestamp:\t{rfc1123z(node.metadata.creation_timestamp)}\n")
    _node_taints(w, spec.taints if spec else None)
    w.write(0, f"Unschedulable:\t{_bool(spec.unschedulable if spec else None)}\n")
    _node_lease(w, node, now)
    _node_conditions(w, node)
    w.write(0, "Addresses:\n")
    for address in (node.status.addresses if node.status else None) or []:
        w.write(1, f"{address.type or ''}:\t{address.address or ''}\n")
    _node_resources(w, node)
    _node_system_info(w, node)
    pods = [p for p in (store.list(Pod) if store is not None else [])
            if p.spec and p.spec.node_name == node.name and (p.status.phase if p.status else None) not in ("Succeeded", "Failed")]
    _node_pods(w, node, pods, now)
    _events(w, events, now)
    return w.text()


# ------------------------------------------------------------------ Namespace
def _describe_namespace(namespace: Namespace, store: Any, now: datetime, events: Sequence[EventLine]) -> str:
    """``describeNamespace``: no events; the simulator has no ResourceQuota or LimitRange objects."""
    w = PrefixWriter()
    w.write(0, f"Name:\t{namespace.name}\n")
    _labels(w, "Labels", namespace.metadata.labels)
    _annotations(w, "Annotations", namespace.metadata.annotations)
    w.write(0, f"Status:\t{(namespace.status.phase if namespace.status else None) or ''}\n")
    w.write(0, "\n")
    w.write(0, "No resource quota.\n")
    w.write(0, "\n")
    w.write(0, "No LimitRange resource.\n")
    return w.text()


# ------------------------------------------------------------------ dispatch
_DESCRIBERS: dict[type, Callable[[Any, Any, datetime, Sequence[EventLine]], str]] = {
    Service: _describe_service,
    Endpoints: _describe_endpoints,
    Pod: _describe_pod,
    Deployment: _describe_deployment,
    ReplicaSet: _describe_replica_set,
    Node: _describe_node,
    Namespace: _describe_namespace,
}


def describe(obj: Any, store: Any, now: datetime, events: Sequence[EventLine] = ()) -> str:
    """The ``kubectl describe`` text of ``obj``; ``store`` supplies the related objects
    (EndpointSlices of a Service, ReplicaSets of a Deployment, pods of a ReplicaSet or Node)."""
    describer = _DESCRIBERS.get(type(obj))
    if describer is None:
        raise TypeError(f"no description has been implemented for {type(obj).__name__}")
    return describer(obj, store, now, list(events))
