"""``kubectl create service clusterip|nodeport|loadbalancer|externalname NAME``: a Service from flags
(``pkg/cmd/create/create_service.go``).

``create service`` itself only prints its help; each Service type is a
subcommand with its own flags (only clusterip has ``--clusterip``, only
nodeport ``--node-port``, only externalname ``--external-name``).
"""

from __future__ import annotations

from typing import Any

from ...api.core import Service
from ...errors import UsageError
from ..base import DRY_RUN_FLAG, Command, Invocation
from ..flags import Flag, invalid_syntax
from ..generators import one_name, send_and_print

__all__ = ["COMMAND"]

SERVICE_TYPES = {
    "clusterip": "ClusterIP",
    "nodeport": "NodePort",
    "loadbalancer": "LoadBalancer",
    "externalname": "ExternalName",
}

_COMMON_FLAGS = [
    Flag("tcp", None, "list"),
    DRY_RUN_FLAG,
    Flag("output", "o"),
    Flag("save-config", None, "bool", False),
    Flag("validate", None, "str", "strict", no_value="strict"),
]
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


def _run(inv: Invocation, type_word: str) -> int:
    name = one_name(inv, f"create service {type_word}")
    service_type = SERVICE_TYPES[type_word]
    spec: dict[str, Any] = {"type": service_type}
    if type_word != "externalname":
        spec["selector"] = {"app": name}
    ports = []
    for tcp in inv.flag("tcp") or []:
        port_text, _, target = tcp.partition(":")
        try:
            port = int(port_text)
        except ValueError:
            raise UsageError(invalid_syntax("strconv.ParseUint", port_text)) from None
        target_value: Any = target or port_text
        try:
            target_value = int(target_value)
        except ValueError:
            pass
        entry = {
            "name": f"{port_text}-{target}" if target else port_text,
            "port": port,
            "protocol": "TCP",
            "targetPort": target_value,
        }
        if inv.flag("node-port"):
            entry["nodePort"] = inv.flag("node-port")
        ports.append(entry)
    if type_word == "clusterip" and inv.flag("clusterip"):
        spec["clusterIP"] = inv.flag("clusterip")
    if type_word == "externalname":
        if not inv.flag("external-name"):
            raise UsageError('required flag(s) "external-name" not set')
        spec["externalName"] = inv.flag("external-name")
    elif not ports and spec.get("clusterIP") != "None":
        raise UsageError("at least one tcp port specifier must be provided")
    if ports:
        spec["ports"] = ports
    metadata = {"name": name, "namespace": inv.namespace, "labels": {"app": name}}
    service = Service.from_dict({"metadata": metadata, "spec": spec})
    return send_and_print(inv, service, wrap=f"failed to create {service_type} service")


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
