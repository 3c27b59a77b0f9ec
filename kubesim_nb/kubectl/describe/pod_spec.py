"""The parts of a Pod's spec that the describers of Pods, Deployments and ReplicaSets print.

Mirrors ``k8s.io/kubectl/pkg/describe/describe.go``: ``describeContainers`` (ports,
command, state, resources, probes, environment, mounts), ``describeVolumes``,
``DescribeProbe``, the topology spread constraints and ``DescribePodTemplate``.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Mapping, Sequence

from ...api.core import Container, ContainerPort, ContainerState, ContainerStatus, Pod, PodTemplateSpec, Probe
from ...api.labels import format_label_selector
from ...printers.core import join_host_port
from .quantity import Quantity, resource_list
from .sections import PrefixWriter, go_bool, rfc1123z, write_annotations, write_labels, write_tolerations

__all__ = [
    "describe_probe",
    "write_containers",
    "write_pod_template",
    "write_seccomp",
    "write_topology_spread",
    "write_volumes",
]


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


def write_seccomp(w: PrefixWriter, level: int, security_context: Any) -> None:
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
    write_seccomp(w, 2, container.security_context)


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
        quantities = resource_list((resources or {}).get(key))
        if quantities:
            w.write(level, f"{title}:\n")
        for name in sorted(quantities):
            w.write(level + 1, f"{name}:\t{quantities[name]}\n")


# kube-apiserver probe defaults (pkg/apis/core/v1/defaults.go)
_PROBE_DEFAULTS = {
    "initial_delay_seconds": 0,
    "timeout_seconds": 1,
    "period_seconds": 10,
    "success_threshold": 1,
    "failure_threshold": 3,
}


def describe_probe(probe: Probe) -> str:
    """``DescribeProbe``: ``http-get http://:80/ delay=0s timeout=1s period=10s #success=1 #failure=3``."""
    v = {k: default if getattr(probe, k) is None else getattr(probe, k) for k, default in _PROBE_DEFAULTS.items()}
    attrs = (
        f"delay={v['initial_delay_seconds']}s timeout={v['timeout_seconds']}s period={v['period_seconds']}s "
        f"#success={v['success_threshold']} #failure={v['failure_threshold']}"
    )
    if probe.exec is not None:
        return f"exec [{' '.join(probe.exec.command or [])}] {attrs}"
    if probe.http_get is not None:
        return f"http-get {_probe_url(probe.http_get)} {attrs}"
    if probe.tcp_socket is not None:
        port = "" if probe.tcp_socket.port is None else probe.tcp_socket.port
        return f"tcp-socket {probe.tcp_socket.host or ''}:{port} {attrs}"
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
    for title, probe in (
        ("Liveness", container.liveness_probe),
        ("Readiness", container.readiness_probe),
        ("Startup", container.startup_probe),
    ):
        if probe is not None:
            w.write(2, f"{title}:\t{describe_probe(probe)}\n")


def _container_env_from(w: PrefixWriter, container: Container) -> None:
    w.write(2, "Environment Variables from:\n")
    for source in container.env_from or []:
        if source.get("configMapRef"):
            kind, ref = "ConfigMap", source["configMapRef"]
        else:
            kind, ref = "Secret", source.get("secretRef") or {}
        prefix = source.get("prefix")
        origin = f"{kind} with prefix '{prefix}'" if prefix else kind
        w.write(3, f"{ref.get('name', '')}\t{origin}\tOptional: {go_bool(ref.get('optional'))}\n")


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
            return (
                f"{name}:\t<set to the key '{ref.get('key', '')}' {text} '{ref.get('name', '')}'>\t"
                f"Optional: {go_bool(ref.get('optional'))}\n"
            )
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


def write_containers(
    w: PrefixWriter,
    label: str,
    containers: Sequence[Container] | None,
    statuses: Sequence[ContainerStatus] | None,
    pod: Pod | None,
    space: str,
) -> None:
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


def _volume_source(volume: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """(label, value) lines of the volume types pods in lessons use; ``[]`` when unknown."""
    if "emptyDir" in volume:
        source = volume["emptyDir"] or {}
        return [
            ("Type", "EmptyDir (a temporary directory that shares a pod's lifetime)"),
            ("Medium", source.get("medium", "")),
            ("SizeLimit", source.get("sizeLimit") or "<unset>"),
        ]
    if "hostPath" in volume:
        source = volume["hostPath"]
        return [
            ("Type", "HostPath (bare host directory volume)"),
            ("Path", source.get("path", "")),
            ("HostPathType", source.get("type") or "<none>"),
        ]
    if "configMap" in volume:
        source = volume["configMap"]
        return [
            ("Type", "ConfigMap (a volume populated by a ConfigMap)"),
            ("Name", source.get("name", "")),
            ("Optional", go_bool(source.get("optional"))),
        ]
    if "secret" in volume:
        source = volume["secret"]
        return [
            ("Type", "Secret (a volume populated by a Secret)"),
            ("SecretName", source.get("secretName", "")),
            ("Optional", go_bool(source.get("optional"))),
        ]
    if "persistentVolumeClaim" in volume:
        source = volume["persistentVolumeClaim"]
        return [
            ("Type", "PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)"),
            ("ClaimName", source.get("claimName", "")),
            ("ReadOnly", go_bool(source.get("readOnly"))),
        ]
    if "projected" in volume:
        return _projected_source(volume["projected"] or {})
    return []


def _projected_source(projected: Mapping[str, Any]) -> list[tuple[str, Any]]:
    lines: list[tuple[str, Any]] = [("Type", "Projected (a volume that contains injected data from multiple sources)")]
    for source in projected.get("sources") or []:
        if "secret" in source:
            lines += [
                ("SecretName", source["secret"].get("name", "")),
                ("Optional", go_bool(source["secret"].get("optional"))),
            ]
        elif "downwardAPI" in source:
            lines.append(("DownwardAPI", "true"))
        elif "configMap" in source:
            lines += [
                ("ConfigMapName", source["configMap"].get("name", "")),
                ("Optional", go_bool(source["configMap"].get("optional"))),
            ]
        elif "serviceAccountToken" in source:
            lines.append(("TokenExpirationSeconds", source["serviceAccountToken"].get("expirationSeconds", 3600)))
    return lines


def write_volumes(w: PrefixWriter, volumes: Sequence[Mapping[str, Any]] | None, space: str = "") -> None:
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


def write_topology_spread(w: PrefixWriter, constraints: Sequence[Mapping[str, Any]] | None, space: str = "") -> None:
    if not constraints:
        return
    w.write(0, f"{space}Topology Spread Constraints:\t")
    for i, tsc in enumerate(sorted(constraints, key=lambda c: c.get("topologyKey", ""))):
        if i:
            w.write(0, f"{space}\t")
        text = (
            f"{tsc.get('topologyKey', '')}:{tsc.get('whenUnsatisfiable', '')} "
            f"when max skew {tsc.get('maxSkew', 0)} is exceeded"
        )
        selector = tsc.get("labelSelector")
        if selector is not None:
            formatted = format_label_selector(selector.get("matchLabels") or {}, selector.get("matchExpressions") or [])
            text += f" for selector {formatted}"
        w.write(0, text + "\n")


def write_pod_template(w: PrefixWriter, template: PodTemplateSpec | None) -> None:
    """``DescribePodTemplate``."""
    w.write(0, "Pod Template:\n")
    if template is None:
        w.write(1, "<unset>")
        return
    meta, spec = template.metadata, template.spec
    write_labels(w, "  Labels", meta.labels if meta else None)
    if meta and meta.annotations:
        write_annotations(w, "  Annotations", meta.annotations)
    if spec and spec.service_account_name:
        w.write(1, f"Service Account:\t{spec.service_account_name}\n")
    if spec and spec.init_containers:
        write_containers(w, "Init Containers", spec.init_containers, None, None, "  ")
    write_containers(w, "Containers", spec.containers if spec else None, None, None, "  ")
    write_volumes(w, spec.volumes if spec else None, "  ")
    write_topology_spread(w, spec.topology_spread_constraints if spec else None, "  ")
    if spec and spec.priority_class_name:
        w.write(1, f"Priority Class Name:\t{spec.priority_class_name}\n")
    write_labels(w, "  Node-Selectors", spec.node_selector if spec else None)
    write_tolerations(w, "  Tolerations", spec.tolerations if spec else None)
