"""``kubectl cluster-info``: where the control plane and CoreDNS are (``pkg/cmd/clusterinfo/clusterinfo.go``)."""

from __future__ import annotations

from ..base import Command, Invocation
from ..flags import Flag

__all__ = ["COMMAND"]

FLAGS: list[Flag] = []

HELP = "Display addresses of the control plane and services with label kubernetes.io/cluster-service=true."
EXAMPLES = """  # Print the address of the control plane and cluster services
  kubectl cluster-info"""


def run(inv: Invocation) -> int:
    url = inv.cluster.profile.api_server_url
    # real kubectl colours the names; plain text reads better in notebooks and logs
    inv.out.out(
        f"Kubernetes control plane is running at {url}\n"
        f"CoreDNS is running at {url}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n\n"
        "To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'."
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
