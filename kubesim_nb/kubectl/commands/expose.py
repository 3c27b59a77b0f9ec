"""``kubectl expose``: a Service for a Deployment, ReplicaSet, Pod or Service, with its selector and
ports found by introspection (``pkg/cmd/expose/expose.go``)."""

from __future__ import annotations

from typing import Any

from ...api.apps import Deployment, ReplicaSet
from ...api.core import ContainerPort, Pod, Service
from ...errors import UsageError
from ..base import DRY_RUN_FLAG, Command, Invocation
from ..builder import NOTHING_NAMED, check_no_args_with_files, named_object
from ..flags import Flag
from ..flagsets import SAVE_CONFIG_FLAG, field_manager_flag, filename_flags, override_flags, printer_flags
from ..generators import Generator, parse_pairs, port_flag
from ..manifests import load_sources
from ..objects import decode_document, mapping_for

__all__ = ["COMMAND"]

FLAGS = [
    Flag(
        "cluster-ip",
        usage="ClusterIP to be assigned to the service. Leave empty to auto-allocate, or set to 'None' to create a "
        "headless service.",
    ),
    DRY_RUN_FLAG,
    Flag(
        "external-ip",
        usage="Additional external IP address (not managed by Kubernetes) to accept for the service. If this IP is "
        "routed to a node, the service can be accessed by this IP in addition to its generated service IP.",
    ),
    field_manager_flag("kubectl-expose"),
    *filename_flags("Filename, directory, or URL to files identifying the resource to expose a service"),
    Flag("labels", short="l", usage="Labels to apply to the service created by this call."),
    Flag(
        "load-balancer-ip",
        usage="IP to assign to the LoadBalancer. If empty, an ephemeral IP will be created and used (cloud-provider "
        "specific).",
    ),
    Flag("name", usage="The name for the newly created object."),
    *override_flags(),
    *printer_flags(),
    Flag(
        "port",
        usage="The port that the service should serve on. Copied from the resource being exposed, if unspecified",
    ),
    Flag("protocol", usage="The network protocol for the service to be created. Default is 'TCP'."),
    SAVE_CONFIG_FLAG,
    Flag(
        "selector",
        usage="A label selector to use for this service. Only equality-based selector requirements are supported. "
        "If empty (the default) infer the selector from the resource being exposed.",
    ),
    Flag(
        "session-affinity",
        usage="If non-empty, set the session affinity for the service to this; legal values: 'None', 'ClientIP'",
    ),
    Flag(
        "target-port",
        usage="Name or number for the port on the container that the service should direct traffic to. Optional.",
    ),
    Flag(
        "type",
        usage="Type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName. Default is 'ClusterIP'.",
    ),
]

HELP = "Expose a resource as a new Kubernetes service."
EXAMPLES = """  # Create a service for a deployment, serving on port 80 and connecting to the containers on port 8000
  kubectl expose deployment agent-deployment --port=80 --target-port=8000"""
USAGE = (
    "kubectl expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] "
    "[--name=name] [--external-ip=external-ip-of-service] [--type=type] [options]"
)
EXPOSE_HINT = "See 'kubectl expose -h' for help and examples"


def _exposed_selector_and_ports(obj: Any) -> tuple[dict[str, str] | None, list[ContainerPort], dict[str, str]]:
    """What introspection finds (polymorphichelpers' MapBasedSelectorForObject and PortsForObject):
    the selector, the container ports and the labels of the exposed object."""
    if isinstance(obj, (Deployment, ReplicaSet)):
        selector = obj.spec.selector
        if selector is not None and selector.match_expressions:
            raise UsageError(
                "couldn't retrieve selectors via --selector flag or introspection: the provided selector "
                "can't be converted: match expressions are not supported"
            )
        containers = obj.spec.template.spec.containers or []
        match_labels = dict(selector.match_labels or {}) if selector else None
        return match_labels, [p for c in containers for p in c.ports or []], obj.labels
    if isinstance(obj, Pod):
        return dict(obj.labels), [p for c in obj.spec.containers or [] for p in c.ports or []], obj.labels
    if isinstance(obj, Service):
        return dict(obj.spec.selector or {}), [], obj.labels
    raise UsageError(f"cannot expose a {obj.KIND}")


def _source(inv: Invocation) -> Any:
    """The object to expose: from the server, or with ``-f`` as the file describes it (the builder reads
    the file, not the server)."""
    if inv.flag("filename"):
        check_no_args_with_files(inv.args.positional)
        documents = load_sources(inv.flag("filename"), inv.stdin, inv.cwd, bool(inv.flag("recursive")))
        if not documents:
            raise UsageError("no objects passed to expose")
        return decode_document(mapping_for(documents[0]), documents[0].data)
    if not inv.args.positional:
        raise UsageError(NOTHING_NAMED)
    kind, name = named_object(inv.args.positional)
    return inv.cluster.api.get(kind, inv.namespace, name)


def _ports(inv: Invocation, source: Any, container_ports: list[ContainerPort]) -> list[dict]:
    """``--port``, else the container ports (named ``port-N`` when several), else an exposed Service's ports."""
    protocol = inv.flag("protocol") or "TCP"
    port = port_flag(inv)
    if port is not None:
        return [{"port": port, "protocol": protocol, "targetPort": port}]
    if container_ports:
        several = len(container_ports) > 1
        return [
            {
                "port": p.container_port,
                "protocol": p.protocol or protocol,
                "targetPort": p.container_port,
                **({"name": f"port-{i + 1}"} if several else {}),
            }
            for i, p in enumerate(container_ports)
        ]
    if isinstance(source, Service):
        fields = [
            {"name": p.name, "port": p.port, "protocol": p.protocol, "targetPort": p.target_port}
            for p in source.spec.ports or []
        ]
        return [{k: v for k, v in entry.items() if v is not None} for entry in fields]
    raise UsageError("couldn't find port via --port flag or introspection", hint=EXPOSE_HINT)


def run(inv: Invocation) -> int:
    generator = Generator(inv)
    source = _source(inv)
    selector, container_ports, labels = _exposed_selector_and_ports(source)
    if inv.flag("selector"):
        selector = parse_pairs(inv.flag("selector"), "selector")
    if not selector:
        raise UsageError("couldn't retrieve selectors via --selector flag or introspection", hint=EXPOSE_HINT)
    ports = _ports(inv, source, container_ports)
    if inv.flag("target-port"):
        target = inv.flag("target-port")
        for entry in ports:
            entry["targetPort"] = int(target) if target.isdigit() else target
    spec: dict[str, Any] = {"selector": selector, "ports": ports}
    for flag, field in (
        ("type", "type"),
        ("cluster-ip", "clusterIP"),
        ("session-affinity", "sessionAffinity"),
        ("load-balancer-ip", "loadBalancerIP"),
    ):
        if inv.flag(flag):
            spec[field] = inv.flag(flag)
    if inv.flag("external-ip"):
        spec["externalIPs"] = [inv.flag("external-ip")]
    metadata: dict[str, Any] = {"name": inv.flag("name") or source.name, "namespace": inv.namespace}
    service_labels = parse_pairs(inv.flag("labels"), "label spec") or dict(labels)
    if service_labels:
        metadata["labels"] = service_labels
    service = generator.annotated(Service.from_dict({"metadata": metadata, "spec": spec}))
    return generator.send_and_print(service, verb="exposed")


COMMAND = Command(
    "expose",
    "Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service",
    HELP,
    FLAGS,
    run,
    examples=EXAMPLES,
    usage=USAGE,
    kubeconfig_use="rest",
)
