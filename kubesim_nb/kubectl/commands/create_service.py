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
from ..base import Command, Invocation
from ..flags import Flag
from ..generators import GENERATOR_FLAGS, Generator, one_name

__all__ = ["COMMAND"]

SERVICE_TYPES = {
    "clusterip": "ClusterIP",
    "nodeport": "NodePort",
    "loadbalancer": "LoadBalancer",
    "externalname": "ExternalName",
}

_COMMON_FLAGS = [*GENERATOR_FLAGS, Flag("tcp", None, "list")]
FLAGS_BY_TYPE = {
    "clusterip": _COMMON_FLAGS + [Flag("clusterip")],
    "nodeport": _COMMON_FLAGS + [Flag("node-port", None, "int", 0)],
    "loadbalancer": list(_COMMON_FLAGS),
    "externalname": _COMMON_FLAGS + [Flag("external-name")],
}

HELP = """Create a service using a specified subcommand.

Aliases:
service, svc

Available Commands:
  clusterip      Create a ClusterIP service
  externalname   Create an ExternalName service
  loadbalancer   Create a LoadBalancer service
  nodeport       Create a NodePort service

Usage:
  kubectl create service [flags] [options]

Use "kubectl create service <command> --help" for more information about a given command.
"""

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
    if type_word == "externalname" and inv.flag("external-name") is None:
        raise UsageError('required flag(s) "external-name" not set')
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


def _print_help(inv: Invocation) -> int:
    """``kubectl create service`` without a type: cobra prints the help to stderr and exits 1."""
    inv.out.err(HELP.rstrip("\n"))
    return 1


def _subcommand(type_word: str) -> Command:
    summary = f"Create a {SERVICE_TYPES[type_word]} service"
    usage = f"kubectl create service {type_word} NAME [--tcp=<port>:<targetPort>] [options]"
    help_text = f"{summary}.\n\nUsage:\n  {usage}\n"
    return Command(
        f"create service {type_word}",
        summary,
        help_text,
        FLAGS_BY_TYPE[type_word],
        lambda inv: _run(inv, type_word),
        kubeconfig_use="rest",
    )


COMMAND = Command(
    "create service",
    "Create a service using a specified subcommand",
    HELP,
    [],
    _print_help,
    subcommands=tuple(_subcommand(word) for word in SERVICE_TYPES),
)
