"""Cluster profiles: the shape of the cluster a learner is pretending to use.

- ``docker-desktop`` (default): one node ``docker-desktop``; NodePorts and
  LoadBalancer Services answer on ``localhost`` (LoadBalancer gets the
  ingress hostname ``localhost`` within a second or two).
- ``kind``: one node ``kind-control-plane`` in a Docker network; no load
  balancer implementation, so ``EXTERNAL-IP`` stays ``<pending>``; NodePorts
  are reachable on the node's IP, not on the host's localhost.
- ``cloud``: three worker nodes in three zones; a LoadBalancer Service gets a
  public IP after a simulated provisioning delay.

Each profile names kube-proxy's mode (``--proxy-mode``, ``pkg/proxy/apis/config/types.go``): all three run the
default, ``iptables`` (Docker Desktop and kind ship it; managed clouds such as GKE, EKS and AKS run kube-proxy in
iptables mode unless an eBPF data plane replaces it). The modes differ where no rule matches: a connection to a port
a Service does not declare times out in ``iptables`` mode and is rejected at once in ``nftables`` mode
(``pkg/proxy/nftables/proxier.go``, "Reject traffic to invalid ports of ClusterIPs").
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

__all__ = ["KUBERNETES_VERSION", "PROFILES", "NodeProfile", "Profile", "get_profile", "server_version"]

# the one place the emulated Kubernetes version is written: the API server's /version, the
# control-plane images, the kubelet's nodeInfo and kubectl's version all read it from here
KUBERNETES_VERSION = "v1.37.1"
# the release build of that version (kubectl, kube-apiserver and the kubelet of a release share it)
GIT_COMMIT = "f78e722310e50bcaca9276be22276d9e91d91308"
BUILD_DATE = "2026-09-23T17:10:04Z"
GO_VERSION = "go1.26.8"


def server_version() -> dict[str, str]:
    """The API server's ``/version`` (``version.Info``), in its field order."""
    major, minor = KUBERNETES_VERSION.lstrip("v").split(".")[:2]
    return {
        "major": major,
        "minor": minor,
        "emulationMajor": major,
        "emulationMinor": minor,
        "minCompatibilityMajor": major,
        "minCompatibilityMinor": str(int(minor) - 1),
        "gitVersion": KUBERNETES_VERSION,
        "gitCommit": GIT_COMMIT,
        "gitTreeState": "clean",
        "buildDate": BUILD_DATE,
        "goVersion": GO_VERSION,
        "compiler": "gc",
        "platform": "linux/amd64",
    }


@dataclass(frozen=True)
class NodeProfile:
    name: str
    internal_ip: str
    pod_cidr: str
    control_plane: bool = False
    zone: str | None = None
    external_ip: str | None = None


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    nodes: tuple[NodeProfile, ...]
    service_cidr: str = "10.96.0.0/12"
    node_port_range: tuple[int, int] = (30000, 32767)
    load_balancer: str = "none"  # "localhost" | "cloud" | "none"
    load_balancer_delay: int = 0
    node_ports_on_localhost: bool = False
    proxy_mode: str = "iptables"  # kube-proxy's --proxy-mode: "iptables" (kubeadm, kind, Docker Desktop) | "nftables"
    os_image: str = "Debian GNU/Linux 12 (bookworm)"
    kernel_version: str = "6.10.14-linuxkit"
    container_runtime: str = "containerd://2.1.3"
    api_server_url: str = "https://127.0.0.1:6443"
    context_name: str = "kubernetes"  # what ~/.kube/config calls the cluster, its user and its context
    cluster_age_days: int = 5
    system_pods: tuple[str, ...] = ()
    extra_namespaces: tuple[str, ...] = ()
    labels: dict = field(default_factory=dict)

    @property
    def kubernetes_ip(self) -> str:
        """The ``kubernetes`` Service's cluster IP: the first address of the Service range."""
        return str(ipaddress.ip_network(self.service_cidr).network_address + 1)

    @property
    def dns_ip(self) -> str:
        """``kube-dns``'s cluster IP: the tenth address of the Service range (kubeadm's choice)."""
        return str(ipaddress.ip_network(self.service_cidr).network_address + 10)

    @property
    def api_server_ip(self) -> str:
        return (
            next(n.internal_ip for n in self.nodes if n.control_plane)
            if any(n.control_plane for n in self.nodes)
            else "172.20.0.2"
        )


PROFILES = {
    "docker-desktop": Profile(
        name="docker-desktop",
        description="Docker Desktop's single-node cluster: NodePort and LoadBalancer reachable on localhost",
        nodes=(NodeProfile("docker-desktop", "192.168.65.3", "10.1.0.0/16", control_plane=True),),
        load_balancer="localhost",
        load_balancer_delay=1,
        node_ports_on_localhost=True,
        os_image="Docker Desktop",
        container_runtime="docker://28.3.2",
        api_server_url="https://kubernetes.docker.internal:6443",
        context_name="docker-desktop",
        system_pods=(
            "etcd",
            "kube-apiserver",
            "kube-controller-manager",
            "kube-scheduler",
            "kube-proxy",
            "storage-provisioner",
            "vpnkit-controller",
        ),
    ),
    "kind": Profile(
        name="kind",
        description="a kind cluster: one node in a Docker network, no load balancer (EXTERNAL-IP stays <pending>)",
        nodes=(NodeProfile("kind-control-plane", "172.18.0.2", "10.244.0.0/24", control_plane=True),),
        service_cidr="10.96.0.0/16",
        kernel_version="6.8.0-64-generic",
        api_server_url="https://127.0.0.1:40419",
        context_name="kind-kind",
        system_pods=("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kube-proxy", "kindnet"),
        extra_namespaces=("local-path-storage",),
    ),
    "cloud": Profile(
        name="cloud",
        description=(
            "a managed cloud cluster: three worker nodes in three zones; LoadBalancer gets a public IP after ~40 s"
        ),
        nodes=(
            NodeProfile("node-1", "10.0.1.11", "10.244.0.0/24", zone="zone-a", external_ip="198.51.100.11"),
            NodeProfile("node-2", "10.0.2.12", "10.244.1.0/24", zone="zone-b", external_ip="198.51.100.12"),
            NodeProfile("node-3", "10.0.3.13", "10.244.2.0/24", zone="zone-c", external_ip="198.51.100.13"),
        ),
        load_balancer="cloud",
        load_balancer_delay=40,
        kernel_version="6.6.93+",
        os_image="Container-Optimized OS from Google",
        api_server_url="https://203.0.113.250",
        context_name="cloud",
        system_pods=("kube-proxy",),
    ),
}


def cloud_with_nodes(count: int) -> Profile:
    """The ``cloud`` profile with ``count`` worker nodes (for scale experiments; up to 16,384).

    Node ``i`` is ``node-<i>`` in one of three zones, with InternalIP ``10.0.x.y`` and pod CIDR
    ``10.<64+i//256>.<i%256>.0/24`` (a /24 per node out of 10.64.0.0/10, as node IPAM would give).
    """
    if not 1 <= count <= 16384:
        raise ValueError("a cloud profile has between 1 and 16,384 nodes")
    base = PROFILES["cloud"]
    nodes = tuple(
        NodeProfile(
            f"node-{i + 1}",
            f"10.0.{i >> 8}.{(i & 255) + 1 if (i & 255) < 255 else 254}",
            f"10.{64 + (i >> 8)}.{i & 255}.0/24",
            zone=f"zone-{'abc'[i % 3]}",
        )
        for i in range(count)
    )
    return Profile(**{**base.__dict__, "nodes": nodes, "description": f"a cloud cluster with {count} nodes"})


def get_profile(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        raise ValueError(f"unknown cluster profile {name!r}; choose one of: {', '.join(PROFILES)}") from None
