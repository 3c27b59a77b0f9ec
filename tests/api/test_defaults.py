"""Server defaults: pkg/apis/core/v1/defaults.go and pkg/apis/apps/v1/defaults.go.

Each row: a manifest in, decoded, defaulted, then the interesting part of
``to_dict()`` compared with what ``kubectl get -o yaml`` shows.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from kubesim_nb.api.apps import Deployment, ReplicaSet
from kubesim_nb.api.core import Endpoints, Namespace, Node, Pod, Service
from kubesim_nb.api.defaults import set_defaults
from kubesim_nb.api.discovery import EndpointSlice


def defaulted(cls: type, manifest: dict) -> dict:
    obj = cls.from_dict(copy.deepcopy(manifest))
    set_defaults(obj)
    return obj.to_dict()


def svc(**spec: Any) -> dict:
    base = {"selector": {"app": "web"}, "ports": [{"port": 80}]}
    base.update(spec)
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web-service"}, "spec": base}


# ==================================================================== Service
SERVICE_SPEC_CASES = [
    (
        "ClusterIP",
        svc(),
        {
            "selector": {"app": "web"},
            "ports": [{"protocol": "TCP", "port": 80, "targetPort": 80}],
            "type": "ClusterIP",
            "sessionAffinity": "None",
            "internalTrafficPolicy": "Cluster",
        },
    ),
    (
        "NodePort",
        svc(type="NodePort", ports=[{"port": 80, "targetPort": 8080, "nodePort": 30080}]),
        {
            "selector": {"app": "web"},
            "ports": [{"protocol": "TCP", "port": 80, "targetPort": 8080, "nodePort": 30080}],
            "type": "NodePort",
            "sessionAffinity": "None",
            "externalTrafficPolicy": "Cluster",
            "internalTrafficPolicy": "Cluster",
        },
    ),
    (
        "LoadBalancer",
        svc(type="LoadBalancer"),
        {
            "selector": {"app": "web"},
            "ports": [{"protocol": "TCP", "port": 80, "targetPort": 80}],
            "type": "LoadBalancer",
            "sessionAffinity": "None",
            "externalTrafficPolicy": "Cluster",
            "allocateLoadBalancerNodePorts": True,
            "internalTrafficPolicy": "Cluster",
        },
    ),
    (
        "ExternalName",
        svc(type="ExternalName", externalName="db.example.com", selector=None, ports=None),
        {
            "type": "ExternalName",
            "sessionAffinity": "None",
            "externalName": "db.example.com",
        },
    ),
    (
        "ClientIP affinity",
        svc(sessionAffinity="ClientIP"),
        {
            "selector": {"app": "web"},
            "ports": [{"protocol": "TCP", "port": 80, "targetPort": 80}],
            "type": "ClusterIP",
            "sessionAffinity": "ClientIP",
            "sessionAffinityConfig": {"clientIP": {"timeoutSeconds": 10800}},
            "internalTrafficPolicy": "Cluster",
        },
    ),
    (
        "ClusterIP with externalIPs is externally accessible",
        svc(externalIPs=["192.168.1.10"]),
        {
            "selector": {"app": "web"},
            "ports": [{"protocol": "TCP", "port": 80, "targetPort": 80}],
            "type": "ClusterIP",
            "externalIPs": ["192.168.1.10"],
            "sessionAffinity": "None",
            "externalTrafficPolicy": "Cluster",
            "internalTrafficPolicy": "Cluster",
        },
    ),
]


@pytest.mark.parametrize("manifest, spec", [c[1:] for c in SERVICE_SPEC_CASES], ids=[c[0] for c in SERVICE_SPEC_CASES])
def test_service_spec(manifest: dict, spec: dict) -> None:
    manifest["spec"] = {k: v for k, v in manifest["spec"].items() if v is not None}
    out = defaulted(Service, manifest)
    assert out["spec"] == spec
    assert out["status"] == {"loadBalancer": {}}


@pytest.mark.parametrize(
    "given, expected",
    [
        (None, 80),
        (0, 80),
        ("", 80),
        (8080, 8080),
        ("http", "http"),
    ],
    ids=["unset", "zero", "empty string", "number", "name"],
)
def test_service_target_port(given: Any, expected: Any) -> None:
    port = {"port": 80} if given is None else {"port": 80, "targetPort": given}
    assert defaulted(Service, svc(ports=[port]))["spec"]["ports"][0]["targetPort"] == expected


@pytest.mark.parametrize("field", ["clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy"])
def test_service_allocated_fields_are_not_defaults(field: str) -> None:
    assert field not in defaulted(Service, svc(type="NodePort"))["spec"]


def test_service_keeps_explicit_values() -> None:
    spec = defaulted(
        Service,
        svc(
            type="NodePort",
            externalTrafficPolicy="Local",
            internalTrafficPolicy="Local",
            sessionAffinity="ClientIP",
            sessionAffinityConfig={"clientIP": {"timeoutSeconds": 60}},
            ports=[{"port": 53, "protocol": "UDP"}],
        ),
    )["spec"]
    assert (spec["externalTrafficPolicy"], spec["internalTrafficPolicy"]) == ("Local", "Local")
    assert spec["sessionAffinityConfig"] == {"clientIP": {"timeoutSeconds": 60}}
    assert spec["ports"][0]["protocol"] == "UDP"


def test_service_affinity_none_drops_its_config() -> None:
    spec = defaulted(Service, svc(sessionAffinityConfig={"clientIP": {"timeoutSeconds": 60}}))["spec"]
    assert "sessionAffinityConfig" not in spec


def test_load_balancer_ingress_gets_ip_mode() -> None:
    manifest = svc(type="LoadBalancer")
    manifest["status"] = {"loadBalancer": {"ingress": [{"ip": "172.18.0.5"}, {"hostname": "localhost"}]}}
    assert defaulted(Service, manifest)["status"] == {
        "loadBalancer": {"ingress": [{"ip": "172.18.0.5", "ipMode": "VIP"}, {"hostname": "localhost"}]}
    }


# ======================================================================== Pod
POD = {
    "apiVersion": "v1",
    "kind": "Pod",
    "metadata": {"name": "web"},
    "spec": {"containers": [{"name": "nginx", "image": "nginx", "ports": [{"containerPort": 80}]}]},
}


def test_pod_spec_defaults() -> None:
    assert defaulted(Pod, POD)["spec"] == {
        "containers": [
            {
                "name": "nginx",
                "image": "nginx",
                "ports": [{"containerPort": 80, "protocol": "TCP"}],
                "resources": {},
                "terminationMessagePath": "/dev/termination-log",
                "terminationMessagePolicy": "File",
                "imagePullPolicy": "Always",
            }
        ],
        "restartPolicy": "Always",
        "terminationGracePeriodSeconds": 30,
        "dnsPolicy": "ClusterFirst",
        "serviceAccountName": "default",
        "serviceAccount": "default",
        "securityContext": {},
        "schedulerName": "default-scheduler",
        "enableServiceLinks": True,
    }


@pytest.mark.parametrize(
    "image, policy",
    [
        ("nginx", "Always"),
        ("nginx:latest", "Always"),
        ("nginx:1.25", "IfNotPresent"),
        ("library/nginx:1.25-alpine", "IfNotPresent"),
        ("nginx@sha256:" + "a" * 64, "IfNotPresent"),
        ("nginx:latest@sha256:" + "a" * 64, "Always"),
        ("localhost:5000/web", "Always"),
        ("localhost:5000/web:v2", "IfNotPresent"),
    ],
)
def test_image_pull_policy(image: str, policy: str) -> None:
    pod = copy.deepcopy(POD)
    pod["spec"]["containers"][0]["image"] = image
    assert defaulted(Pod, pod)["spec"]["containers"][0]["imagePullPolicy"] == policy


def test_explicit_pull_policy_is_kept() -> None:
    pod = copy.deepcopy(POD)
    pod["spec"]["containers"][0]["imagePullPolicy"] = "Never"
    assert defaulted(Pod, pod)["spec"]["containers"][0]["imagePullPolicy"] == "Never"


def test_probe_defaults() -> None:
    pod = copy.deepcopy(POD)
    pod["spec"]["containers"][0]["readinessProbe"] = {"httpGet": {"port": 80}}
    pod["spec"]["containers"][0]["livenessProbe"] = {"tcpSocket": {"port": 80}, "periodSeconds": 5}
    container = defaulted(Pod, pod)["spec"]["containers"][0]
    assert container["readinessProbe"] == {
        "httpGet": {"path": "/", "port": 80, "scheme": "HTTP"},
        "timeoutSeconds": 1,
        "periodSeconds": 10,
        "successThreshold": 1,
        "failureThreshold": 3,
    }
    assert container["livenessProbe"]["periodSeconds"] == 5


def test_requests_default_to_limits() -> None:
    pod = copy.deepcopy(POD)
    pod["spec"]["containers"][0]["resources"] = {"limits": {"cpu": "500m"}}
    assert defaulted(Pod, pod)["spec"]["containers"][0]["resources"] == {
        "limits": {"cpu": "500m"},
        "requests": {"cpu": "500m"},
    }


def test_host_network_copies_container_ports() -> None:
    pod = copy.deepcopy(POD)
    pod["spec"]["hostNetwork"] = True
    assert defaulted(Pod, pod)["spec"]["containers"][0]["ports"][0]["hostPort"] == 80


# ============================================================ Deployment / RS
DEPLOY = {
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": {"name": "web"},
    "spec": {
        "selector": {"matchLabels": {"app": "web"}},
        "template": {
            "metadata": {"labels": {"app": "web"}},
            "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25"}]},
        },
    },
}
TEMPLATE_SPEC = {
    "containers": [
        {
            "name": "nginx",
            "image": "nginx:1.25",
            "resources": {},
            "terminationMessagePath": "/dev/termination-log",
            "terminationMessagePolicy": "File",
            "imagePullPolicy": "IfNotPresent",
        }
    ],
    "restartPolicy": "Always",
    "terminationGracePeriodSeconds": 30,
    "dnsPolicy": "ClusterFirst",
    "securityContext": {},
    "schedulerName": "default-scheduler",
}


def test_deployment_defaults() -> None:
    spec = defaulted(Deployment, DEPLOY)["spec"]
    assert spec == {
        "replicas": 1,
        "selector": {"matchLabels": {"app": "web"}},
        "template": {"metadata": {"labels": {"app": "web"}}, "spec": TEMPLATE_SPEC},
        "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}},
        "revisionHistoryLimit": 10,
        "progressDeadlineSeconds": 600,
    }


@pytest.mark.parametrize(
    "strategy, expected",
    [
        ({"type": "Recreate"}, {"type": "Recreate"}),
        (
            {"rollingUpdate": {"maxSurge": 1}},
            {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": 1}},
        ),
        (
            {"rollingUpdate": {"maxUnavailable": 0}},
            {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": "25%"}},
        ),
    ],
    ids=["recreate", "explicit surge", "explicit unavailable 0"],
)
def test_deployment_strategy(strategy: dict, expected: dict) -> None:
    manifest = copy.deepcopy(DEPLOY)
    manifest["spec"]["strategy"] = strategy
    assert defaulted(Deployment, manifest)["spec"]["strategy"] == expected


def test_deployment_keeps_explicit_replicas_zero() -> None:
    manifest = copy.deepcopy(DEPLOY)
    manifest["spec"]["replicas"] = 0
    assert defaulted(Deployment, manifest)["spec"]["replicas"] == 0


def test_template_gets_no_pod_only_defaults() -> None:
    template_spec = defaulted(Deployment, DEPLOY)["spec"]["template"]["spec"]
    assert "enableServiceLinks" not in template_spec
    assert "serviceAccountName" not in template_spec


def test_deployment_without_template_still_defaults_it() -> None:
    manifest = copy.deepcopy(DEPLOY)
    del manifest["spec"]["template"]
    template = defaulted(Deployment, manifest)["spec"]["template"]
    assert template["spec"]["restartPolicy"] == "Always"


def test_replica_set_defaults() -> None:
    manifest = {**copy.deepcopy(DEPLOY), "kind": "ReplicaSet"}
    spec = defaulted(ReplicaSet, manifest)["spec"]
    assert spec == {
        "replicas": 1,
        "selector": {"matchLabels": {"app": "web"}},
        "template": {"metadata": {"labels": {"app": "web"}}, "spec": TEMPLATE_SPEC},
    }


# ================================================================ other kinds
def test_namespace_defaults() -> None:
    out = defaulted(Namespace, {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "dev"}})
    assert out["metadata"]["labels"] == {"kubernetes.io/metadata.name": "dev"}
    assert out["spec"] == {"finalizers": ["kubernetes"]}
    assert out["status"] == {"phase": "Active"}


def test_node_allocatable_defaults_to_capacity() -> None:
    out = defaulted(
        Node,
        {
            "apiVersion": "v1",
            "kind": "Node",
            "metadata": {"name": "n1"},
            "status": {"capacity": {"cpu": "4", "pods": "110"}},
        },
    )
    assert out["status"]["allocatable"] == {"cpu": "4", "pods": "110"}


def test_endpoints_port_protocol() -> None:
    out = defaulted(
        Endpoints,
        {
            "apiVersion": "v1",
            "kind": "Endpoints",
            "metadata": {"name": "web"},
            "subsets": [{"addresses": [{"ip": "10.1.0.5"}], "ports": [{"port": 80}]}],
        },
    )
    assert out["subsets"][0]["ports"] == [{"port": 80, "protocol": "TCP"}]


def test_endpoint_slice_port_defaults() -> None:
    out = defaulted(
        EndpointSlice,
        {
            "apiVersion": "discovery.k8s.io/v1",
            "kind": "EndpointSlice",
            "metadata": {"name": "web-abcde"},
            "addressType": "IPv4",
            "ports": [{"port": 80}],
        },
    )
    assert out["ports"] == [{"name": "", "protocol": "TCP", "port": 80}]


@pytest.mark.parametrize(
    "cls, manifest",
    [
        (Service, svc(type="LoadBalancer", sessionAffinity="ClientIP")),
        (Pod, POD),
        (Deployment, DEPLOY),
        (Namespace, {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "dev"}}),
    ],
    ids=["service", "pod", "deployment", "namespace"],
)
def test_defaulting_is_idempotent(cls: type, manifest: dict) -> None:
    obj = cls.from_dict(copy.deepcopy(manifest))
    set_defaults(obj)
    once = obj.to_dict()
    set_defaults(obj)
    assert obj.to_dict() == once


def test_unknown_objects_are_left_alone() -> None:
    thing = {"a": 1}
    set_defaults(thing)
    assert thing == {"a": 1}
