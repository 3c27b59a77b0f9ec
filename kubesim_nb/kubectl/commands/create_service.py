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
from ..base import Command, Invocation, print_help_and_fail
from ..flags import Flag, invalid_syntax
from ..flagsets import generator_flags
from ..generators import one_name, send_and_print

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
        spec["externalName"] = inv.flag("external-name")
    elif not ports and spec.get("clusterIP") != "None":
        raise UsageError("at least one tcp port specifier must be provided")
    if ports:
        spec["ports"] = ports
    metadata = {"name": name, "namespace": inv.namespace, "labels": {"app": name}}
    service = Service.from_dict({"metadata": metadata, "spec": spec})
    return send_and_print(inv, service, wrap=f"failed to create {service_type} service")


def _subcommand(type_word: str) -> Command:
    return Command(
        f"create service {type_word}",
        f"Create {'an' if type_word == 'externalname' else 'a'} {SERVICE_TYPES[type_word]} service",
        SUBCOMMAND_HELP[type_word],
        FLAGS_BY_TYPE[type_word],
        lambda inv: _run(inv, type_word),
        examples=EXAMPLES[type_word],
        usage=USAGE[type_word],
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
)
