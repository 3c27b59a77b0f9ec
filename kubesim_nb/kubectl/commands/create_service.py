"""``kubectl create service clusterip|nodeport|loadbalancer|externalname NAME``: a Service from flags
(``pkg/cmd/create/create_service.go``).

``create service`` itself only prints its help; each Service type is a
subcommand with its own flags (only clusterip has ``--clusterip``, only
nodeport ``--node-port``, only externalname ``--external-name``).
"""

from __future__ import annotations

import re
from typing import Any

from ...api.core import Service
from ...api.naming import is_dns1123_subdomain, is_valid_port_name
from ...api.validation import PORT_RANGE
from ...errors import UsageError
from ..base import Command, Invocation, print_help_and_fail
from ..flags import Flag
from ..flagsets import generator_flags
from ..generators import Generator, one_name

__all__ = ["COMMAND"]

SERVICE_TYPES = {
    "clusterip": "ClusterIP",
    "nodeport": "NodePort",
    "loadbalancer": "LoadBalancer",
    "externalname": "ExternalName",
}

TCP_FLAG = Flag("tcp", kind="list", usage="Port pairs can be specified as '<port>:<targetPort>'.")
FLAGS_BY_TYPE = {
    "clusterip": [
        *generator_flags(),
        TCP_FLAG,
        Flag(
            "clusterip",
            usage="Assign your own ClusterIP or set to 'None' for a 'headless' service (no loadbalancing).",
        ),
    ],
    "nodeport": [
        *generator_flags(),
        TCP_FLAG,
        Flag("node-port", kind="int", usage="Port used to expose the service on each node in a cluster."),
    ],
    "loadbalancer": [*generator_flags(), TCP_FLAG],
    "externalname": [
        *generator_flags(),
        TCP_FLAG,
        Flag("external-name", usage="External name of service", required=True),
    ],
}

HELP = "Create a service using a specified subcommand."
SUBCOMMAND_HELP = {
    "clusterip": "Create a ClusterIP service with the specified name.",
    "nodeport": "Create a NodePort service with the specified name.",
    "loadbalancer": "Create a LoadBalancer service with the specified name.",
    "externalname": """Create an ExternalName service with the specified name.

 ExternalName service references to an external DNS address instead of only pods, which will allow application
authors to reference services that exist off platform, on other clusters, or locally.""",
}
EXAMPLES = {
    "clusterip": """  # Create a new ClusterIP service named web-service, port 80 to the Pods' port 8080
  kubectl create service clusterip web-service --tcp=80:8080

  # Create a new ClusterIP service named my-cs (in headless mode)
  kubectl create service clusterip my-cs --clusterip=None""",
    "nodeport": """  # Create a new NodePort service named web-service, reachable on every node at port 30007
  kubectl create service nodeport web-service --tcp=80:8080 --node-port=30007""",
    "loadbalancer": """  # Create a new LoadBalancer service named web-service
  kubectl create service loadbalancer web-service --tcp=80:8080""",
    "externalname": """  # Create a new ExternalName service named my-ns
  kubectl create service externalname my-ns --external-name bar.com""",
}
_DRY_RUN_USAGE = "[--dry-run=server|client|none] [options]"
USAGE = {
    "clusterip": f"kubectl create service clusterip NAME [--tcp=<port>:<targetPort>] {_DRY_RUN_USAGE}",
    "nodeport": f"kubectl create service nodeport NAME [--tcp=port:targetPort] {_DRY_RUN_USAGE}",
    "loadbalancer": f"kubectl create service loadbalancer NAME [--tcp=port:targetPort] {_DRY_RUN_USAGE}",
    "externalname": f"kubectl create service externalname NAME --external-name external.name {_DRY_RUN_USAGE}",
}

_DECIMAL = re.compile(r"[0-9]+")
_ATOI = re.compile(r"[+-]?[0-9]+")


def _parse_port(text: str) -> int:
    """k8s.io/utils/net ``ParsePort(text, allowZero=true)``: ``strconv.ParseUint(text, 10, 16)``."""
    if not _DECIMAL.fullmatch(text):
        raise UsageError(f'strconv.ParseUint: parsing "{text}": invalid syntax')
    if int(text) > 65535:
        raise UsageError(f'strconv.ParseUint: parsing "{text}": value out of range')
    return int(text)


def _parse_target(text: str) -> int | str:
    """The ``<targetPort>`` of ``--tcp``: a number (1-65535) or a port name (``IsValidPortName``)."""
    if _ATOI.fullmatch(text) and abs(int(text)) < 1 << 63:
        if not 1 <= int(text) <= 65535:
            raise UsageError(PORT_RANGE)
        return int(text)
    errors = is_valid_port_name(text)
    if errors:
        raise UsageError(",".join(errors))
    return text


def _ports(tcp_flags: list[str], node_port: int) -> list[dict[str, Any]]:
    """parsePorts for each ``--tcp=<port>[:<targetPort>]``, named after the flag with ``:`` as ``-``."""
    ports = []
    for tcp in tcp_flags:
        parts = tcp.split(":")
        port = _parse_port(parts[0])
        target = _parse_target(parts[1]) if len(parts) > 1 else port
        entry: dict[str, Any] = {"name": tcp.replace(":", "-"), "protocol": "TCP", "port": port, "targetPort": target}
        if node_port:
            entry["nodePort"] = node_port
        ports.append(entry)
    return ports


def _run(inv: Invocation, type_word: str) -> int:
    name = one_name(inv, f"create service {type_word}")
    generator = Generator(inv)
    service_type = SERVICE_TYPES[type_word]
    cluster_ip = inv.flag("clusterip") or ""
    tcp = inv.flag("tcp") or []
    # ServiceOptions.Validate
    if cluster_ip != "None" and not tcp and type_word != "externalname":
        raise UsageError("at least one tcp port specifier must be provided")
    if type_word == "externalname" and is_dns1123_subdomain(inv.flag("external-name")):
        raise UsageError(f"invalid service external name {inv.flag('external-name')}")
    spec: dict[str, Any] = {"selector": {"app": name}, "type": service_type}
    ports = _ports(tcp, inv.flag("node-port") or 0)
    if ports:  # an empty list is omitted (omitempty)
        spec["ports"] = ports
    if cluster_ip:
        spec["clusterIP"] = cluster_ip
    if type_word == "externalname":
        spec["externalName"] = inv.flag("external-name")
    metadata = {"name": name, "namespace": inv.namespace, "labels": {"app": name}}
    service = Service.from_dict({"metadata": metadata, "spec": spec})
    # create_service.go never reads --save-config: a Service from flags gets no last-applied annotation
    return generator.send_and_print(service, wrap=f"failed to create {service_type} service")


def _subcommand(type_word: str) -> Command:
    return Command(
        f"create service {type_word}",
        f"Create {'an' if type_word == 'externalname' else 'a'} {SERVICE_TYPES[type_word]} service",
        SUBCOMMAND_HELP[type_word],
        FLAGS_BY_TYPE[type_word],
        lambda inv: _run(inv, type_word),
        examples=EXAMPLES[type_word],
        usage=USAGE[type_word],
        kubeconfig_use="rest",
    )


COMMAND = Command(
    "create service",
    "Create a service using a specified subcommand",
    HELP,
    [],
    print_help_and_fail(),
    subcommands=tuple(_subcommand(word) for word in SERVICE_TYPES),
    usage="kubectl create service [flags] [options]",
    aliases=("svc",),
    kubeconfig_use="none",
)
