"""``kubectl cluster-info``: where the control plane and the cluster's services are
(``pkg/cmd/clusterinfo/clusterinfo.go``).

The control plane is the server of the kubeconfig's current context (``--server`` overrides it): on the simulated
laptop the profile's API server, against ``kubesim serve`` the URL its kubeconfig names. The services are those of
``kube-system`` labelled ``kubernetes.io/cluster-service=true``, reached through the API server's proxy.
"""

from __future__ import annotations

from ...api.core import Service
from ...api.labels import selector_from_map
from ..base import Command, Invocation
from ..flags import Flag
from ..kubeconfig import kubeconfig_files

__all__ = ["COMMAND"]

FLAGS: list[Flag] = []

HELP = "Display addresses of the control plane and services with label kubernetes.io/cluster-service=true."
EXAMPLES = """  # Print the address of the control plane and cluster services
  kubectl cluster-info"""
CLUSTER_SERVICE = {"kubernetes.io/cluster-service": "true"}


def _control_plane(inv: Invocation) -> str:
    """The REST client's host: ``--server``, else the server of the context's cluster."""
    if inv.args.get("server"):
        return inv.args.get("server")
    config = kubeconfig_files(inv.args.get("kubeconfig"), inv.env, inv.cwd, inv.cluster).load()
    context = config.contexts.get(inv.args.get("context") or config.current_context)
    cluster = config.clusters.get(context.fields.get("cluster", "")) if context else None
    server = cluster.fields.get("server") if cluster else None
    return server or inv.cluster.profile.api_server_url


def _link(host: str, service: Service) -> str:
    """A load balancer's address per port, else the API server's proxy path (``<scheme>:<name>:<port name>``)."""
    ingress = service.status.load_balancer.ingress if service.status and service.status.load_balancer else None
    ports = service.spec.ports or []
    if ingress:
        address = ingress[0].ip or ingress[0].hostname
        return "".join(f"http://{address}:{port.port} " for port in ports)
    name = service.name
    if ports:
        scheme = "https" if ports[0].name == "https" or ports[0].port == 443 else ""
        port_name = ports[0].name or ""
        name = f"{scheme}:{name}:{port_name}" if scheme else f"{name}:{port_name}" if port_name else name
    return f"{host}/api/v1/namespaces/{service.namespace}/services/{name}/proxy"


def run(inv: Invocation) -> int:
    host = _control_plane(inv)
    # real kubectl colours the names on a terminal; plain text reads better in notebooks and logs
    lines = [f"Kubernetes control plane is running at {host}"]
    for service in inv.cluster.api.list(Service, "kube-system", selector_from_map(CLUSTER_SERVICE)):
        name = (service.labels or {}).get("kubernetes.io/name") or service.name
        lines.append(f"{name} is running at {_link(host, service)}")
    inv.out.out(
        "\n".join(lines) + "\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'."
    )
    return 0


COMMAND = Command(
    "cluster-info",
    "Display cluster information",
    HELP,
    FLAGS,
    run,
    examples=EXAMPLES,
    usage="kubectl cluster-info [flags] [options]",
    kubeconfig_use="rest",
)
