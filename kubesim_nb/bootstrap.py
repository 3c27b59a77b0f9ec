"""What a new cluster already has before the learner types anything.

Namespaces, the nodes of the profile, the ``kubernetes`` Service (10.96.0.1,
with its apiserver endpoints), CoreDNS behind ``kube-dns`` (10.96.0.10), and
the profile's control-plane Pods — all created through the API server, so
they look exactly as they would on the real thing.
"""

from __future__ import annotations

import random

from .api.apps import Deployment
from .api.core import Endpoints, Namespace, Node, Pod, Service
from .api.discovery import SERVICE_NAME_LABEL, EndpointSlice
from .apiserver import APIServer, random_suffix
from .clock import SimClock
from .profiles import KUBERNETES_VERSION, NodeProfile, Profile

__all__ = ["bootstrap"]

CONTROL_PLANE_IMAGES = {
    "etcd": "registry.k8s.io/etcd:3.6.4-0",
    "kube-apiserver": f"registry.k8s.io/kube-apiserver:{KUBERNETES_VERSION}",
    "kube-controller-manager": f"registry.k8s.io/kube-controller-manager:{KUBERNETES_VERSION}",
    "kube-scheduler": f"registry.k8s.io/kube-scheduler:{KUBERNETES_VERSION}",
}


def _node(profile: Profile, spec: NodeProfile, now: str) -> Node:
    labels = {
        "beta.kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": spec.name,
        "kubernetes.io/os": "linux",
    }
    if spec.control_plane:
        labels["node-role.kubernetes.io/control-plane"] = ""
        labels["node.kubernetes.io/exclude-from-external-load-balancers"] = ""
    if spec.zone:
        labels["topology.kubernetes.io/zone"] = spec.zone
    addresses = [{"type": "InternalIP", "address": spec.internal_ip}, {"type": "Hostname", "address": spec.name}]
    if spec.external_ip:
        addresses.insert(1, {"type": "ExternalIP", "address": spec.external_ip})
    conditions = [
        {"type": t, "status": "False", "reason": r, "message": m, "lastHeartbeatTime": now, "lastTransitionTime": now}
        for t, r, m in (
            ("MemoryPressure", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
            ("DiskPressure", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
            ("PIDPressure", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        )
    ] + [
        {
            "type": "Ready",
            "status": "True",
            "reason": "KubeletReady",
            "message": "kubelet is posting ready status",
            "lastHeartbeatTime": now,
            "lastTransitionTime": now,
        }
    ]
    return Node.from_dict(
        {
            "metadata": {
                "name": spec.name,
                "labels": labels,
                "annotations": {
                    "node.alpha.kubernetes.io/ttl": "0",
                    "volumes.kubernetes.io/controller-managed-attach-detach": "true",
                },
            },
            "spec": {"podCIDR": spec.pod_cidr, "podCIDRs": [spec.pod_cidr]},
            "status": {
                "addresses": addresses,
                "capacity": {"cpu": "8", "ephemeral-storage": "61202244Ki", "memory": "8024436Ki", "pods": "110"},
                "allocatable": {"cpu": "8", "ephemeral-storage": "56403987978", "memory": "7922036Ki", "pods": "110"},
                "conditions": conditions,
                "nodeInfo": {
                    "architecture": "amd64",
                    "operatingSystem": "linux",
                    "osImage": profile.os_image,
                    "kernelVersion": profile.kernel_version,
                    "containerRuntimeVersion": profile.container_runtime,
                    "kubeletVersion": KUBERNETES_VERSION,
                    "kubeProxyVersion": "",
                },
            },
        }
    )


def _static_pod(name: str, node: str, image: str, component: str) -> Pod:
    return Pod.from_dict(
        {
            "metadata": {
                "name": f"{name}-{node}",
                "namespace": "kube-system",
                "labels": {"component": component, "tier": "control-plane"},
                "annotations": {"kubernetes.io/config.source": "file"},
            },
            "spec": {
                "nodeName": node,
                "hostNetwork": True,
                "priorityClassName": "system-node-critical",
                "priority": 2000001000,
                "containers": [{"name": name, "image": image, "command": [name]}],
            },
        }
    )


def _node_agent(rng: random.Random, name: str, node: str, image: str, labels: dict, host_network: bool = True) -> Pod:
    return Pod.from_dict(
        {
            "metadata": {"name": f"{name}-{random_suffix(rng)}", "namespace": "kube-system", "labels": labels},
            "spec": {
                "nodeName": node,
                "hostNetwork": host_network,
                "priorityClassName": "system-node-critical",
                "priority": 2000001000,
                "containers": [{"name": name, "image": image, "command": [f"/usr/local/bin/{name}"]}],
            },
        }
    )


def _coredns() -> Deployment:
    container = {
        "name": "coredns",
        "image": "registry.k8s.io/coredns/coredns:v1.12.1",
        "args": ["-conf", "/etc/coredns/Corefile"],
        "ports": [
            {"containerPort": 53, "name": "dns", "protocol": "UDP"},
            {"containerPort": 53, "name": "dns-tcp", "protocol": "TCP"},
            {"containerPort": 9153, "name": "metrics", "protocol": "TCP"},
        ],
        "readinessProbe": {"httpGet": {"path": "/ready", "port": 8181}, "periodSeconds": 10},
        "livenessProbe": {"httpGet": {"path": "/health", "port": 8080}, "initialDelaySeconds": 60, "periodSeconds": 10},
        "resources": {"limits": {"memory": "170Mi"}, "requests": {"cpu": "100m", "memory": "70Mi"}},
    }
    return Deployment.from_dict(
        {
            "metadata": {"name": "coredns", "namespace": "kube-system", "labels": {"k8s-app": "kube-dns"}},
            "spec": {
                "replicas": 2,
                "selector": {"matchLabels": {"k8s-app": "kube-dns"}},
                "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1}},
                "template": {
                    "metadata": {"labels": {"k8s-app": "kube-dns"}},
                    "spec": {
                        "priorityClassName": "system-cluster-critical",
                        "dnsPolicy": "Default",
                        "serviceAccountName": "coredns",
                        "containers": [container],
                    },
                },
            },
        }
    )


def _kube_dns(profile: Profile) -> Service:
    return Service.from_dict(
        {
            "metadata": {
                "name": "kube-dns",
                "namespace": "kube-system",
                "labels": {
                    "k8s-app": "kube-dns",
                    "kubernetes.io/cluster-service": "true",
                    "kubernetes.io/name": "CoreDNS",
                },
                "annotations": {"prometheus.io/port": "9153", "prometheus.io/scrape": "true"},
            },
            "spec": {
                "clusterIP": profile.dns_ip,
                "selector": {"k8s-app": "kube-dns"},
                "ports": [
                    {"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53},
                    {"name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53},
                    {"name": "metrics", "port": 9153, "protocol": "TCP", "targetPort": 9153},
                ],
            },
        }
    )


def _kubernetes_service(profile: Profile) -> list:
    """The ``kubernetes`` Service and the endpoints the API server keeps for it itself."""
    ip, port = profile.api_server_ip, 6443
    service = Service.from_dict(
        {
            "metadata": {
                "name": "kubernetes",
                "namespace": "default",
                "labels": {"component": "apiserver", "provider": "kubernetes"},
            },
            "spec": {
                "clusterIP": profile.kubernetes_ip,
                "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": port}],
            },
        }
    )
    endpoints = Endpoints.from_dict(
        {
            "metadata": {
                "name": "kubernetes",
                "namespace": "default",
                "labels": {"endpointslice.kubernetes.io/skip-mirror": "true"},
            },
            "subsets": [{"addresses": [{"ip": ip}], "ports": [{"name": "https", "port": port, "protocol": "TCP"}]}],
        }
    )
    slice_ = EndpointSlice.from_dict(
        {
            "metadata": {"name": "kubernetes", "namespace": "default", "labels": {SERVICE_NAME_LABEL: "kubernetes"}},
            "addressType": "IPv4",
            "endpoints": [{"addresses": [ip], "conditions": {"ready": True}}],
            "ports": [{"name": "https", "port": port, "protocol": "TCP"}],
        }
    )
    return [service, endpoints, slice_]


def bootstrap(api: APIServer, profile: Profile, clock: SimClock, rng: random.Random) -> None:
    """Create what ``kubeadm init`` (or Docker Desktop, or kind) leaves in a new cluster;
    ``rng`` names the node agents.
    """
    for name in ("default", "kube-node-lease", "kube-public", "kube-system", *profile.extra_namespaces):
        api.create(Namespace.from_dict({"metadata": {"name": name, "labels": {"kubernetes.io/metadata.name": name}}}))
    for spec in profile.nodes:
        api.create(_node(profile, spec, clock.timestamp()))
    for obj in _kubernetes_service(profile):
        api.create(obj)
    api.create(_kube_dns(profile))
    api.create(_coredns())
    control_plane = [n.name for n in profile.nodes if n.control_plane]
    for node in control_plane:
        for component, image in CONTROL_PLANE_IMAGES.items():
            if component in profile.system_pods:
                api.create(_static_pod(component, node, image, component))
    for node in profile.nodes:
        if "kube-proxy" in profile.system_pods:
            api.create(
                _node_agent(
                    rng,
                    "kube-proxy",
                    node.name,
                    f"registry.k8s.io/kube-proxy:{KUBERNETES_VERSION}",
                    {"k8s-app": "kube-proxy"},
                )
            )
        if "kindnet" in profile.system_pods:
            api.create(
                _node_agent(
                    rng,
                    "kindnet",
                    node.name,
                    "docker.io/kindest/kindnetd:v20250512-df8de77b",
                    {"app": "kindnet", "k8s-app": "kindnet"},
                )
            )
    for name, image in (
        ("storage-provisioner", "docker/desktop-storage-provisioner:v2.0"),
        ("vpnkit-controller", "docker/desktop-vpnkit-controller:dc331cb22850be0cdd97c84a9cfecaf44a1afb6e"),
    ):
        if name in profile.system_pods:
            api.create(
                Pod.from_dict(
                    {
                        "metadata": {"name": name, "namespace": "kube-system"},
                        "spec": {"containers": [{"name": name, "image": image}]},
                    }
                )
            )
