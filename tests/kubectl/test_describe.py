"""`kubectl describe`: real clusters' output (captured samples reproduced byte for byte).

Pod, Deployment, ReplicaSet, Node and Namespace have no captured text in the
reference; their goldens follow kubectl's describe.go field order and were
checked against it by hand.
"""

from __future__ import annotations

import copy
import random
from datetime import datetime, timedelta, timezone

import pytest

from kubesim_nb.api.apps import Deployment, ReplicaSet
from kubesim_nb.api.core import Endpoints, Namespace, Node, Pod, Service
from kubesim_nb.api.discovery import EndpointSlice
from kubesim_nb.api.events import Event
from kubesim_nb.clock import SimClock, format_time
from kubesim_nb.kubectl.describe import Quantity, describe, format_endpoint_slices, rfc1123z
from kubesim_nb.store import Store

START = datetime(2025, 1, 6, 9, 0, 0, tzinfo=timezone.utc)
NOW = START + timedelta(seconds=130)
T0 = format_time(START)


def text(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


def new_store() -> Store:
    return Store(SimClock(START), random.Random(7))


# ------------------------------------------------------------------ services
def make_service(name, spec, *, labels=None, annotations=None, status=None):
    metadata = {"name": name, "namespace": "default", "labels": labels, "annotations": annotations}
    return Service.from_dict(
        {
            "metadata": {k: v for k, v in metadata.items() if v is not None},
            "spec": spec,
            "status": status or {"loadBalancer": {}},
        }
    )


def make_slice(store, service, endpoints, ports, name=None):
    return store.create(
        EndpointSlice.from_dict(
            {
                "metadata": {
                    "name": name or f"{service}-abcde",
                    "namespace": "default",
                    "labels": {"kubernetes.io/service-name": service},
                },
                "addressType": "IPv4",
                "ports": ports,
                "endpoints": endpoints,
            }
        )
    )


def ready(ip, is_ready=True):
    return {"addresses": [ip], "conditions": {"ready": is_ready, "serving": is_ready, "terminating": False}}


def web_service():
    return make_service(
        "web-service",
        {
            "type": "NodePort",
            "selector": {"app": "web-deployment"},
            "clusterIP": "10.104.12.7",
            "clusterIPs": ["10.104.12.7"],
            "ipFamilies": ["IPv4"],
            "ipFamilyPolicy": "SingleStack",
            "ports": [{"port": 80, "protocol": "TCP", "targetPort": 80, "nodePort": 30007}],
            "sessionAffinity": "None",
            "externalTrafficPolicy": "Cluster",
            "internalTrafficPolicy": "Cluster",
        },
        labels={"app": "web"},
        annotations={"kubectl.kubernetes.io/last-applied-configuration": '{"kind":"Service"}\n'},
    )


def test_describe_service_captured_nodeport():
    store = new_store()
    make_slice(
        store,
        "web-service",
        [ready(f"10.1.0.{i}") for i in (5, 6, 7, 8)],
        [{"name": "", "port": 80, "protocol": "TCP"}],
    )
    assert describe(web_service(), store, NOW) == text(
        "Name:                     web-service",
        "Namespace:                default",
        "Labels:                   app=web",
        "Annotations:              <none>",
        "Selector:                 app=web-deployment",
        "Type:                     NodePort",
        "IP Family Policy:         SingleStack",
        "IP Families:              IPv4",
        "IP:                       10.104.12.7",
        "IPs:                      10.104.12.7",
        "Port:                     <unset>  80/TCP",
        "TargetPort:               80/TCP",
        "NodePort:                 <unset>  30007/TCP",
        "Endpoints:                10.1.0.5:80,10.1.0.6:80,10.1.0.7:80 + 1 more...",
        "Session Affinity:         None",
        "External Traffic Policy:  Cluster",
        "Internal Traffic Policy:  Cluster",
        "Events:                   <none>",
    )


def test_describe_service_port_app_protocol():
    """v1.36+ describe.go: a port's appProtocol, when set, under its TargetPort."""
    service = web_service()
    service.spec.ports[0].app_protocol = "http"
    lines = describe(service, new_store(), NOW).splitlines()
    at = lines.index("TargetPort:               80/TCP")
    assert lines[at + 1 : at + 3] == ["AppProtocol:              http", "NodePort:                 <unset>  30007/TCP"]


def make_event(store, obj, reason, message, first, last=None, count=1, **fields):
    """A legacy (core/v1) Event about ``obj`` in the store, as a controller would have recorded it."""
    about = {"kind": type(obj).KIND, "namespace": obj.namespace, "name": obj.name, "uid": obj.metadata.uid}
    return store.create(
        Event.from_dict(
            {
                "metadata": {"name": f"{obj.name}.{len(store.list(Event)):x}", "namespace": obj.namespace},
                "involvedObject": {**about, **fields.pop("involvedObject", {})},
                "reason": reason,
                "message": message,
                "firstTimestamp": first,
                "lastTimestamp": last or first,
                "count": count,
                **fields,
            }
        )
    )


def test_describe_service_captured_placeholder_slice_and_events_layout():
    store = new_store()
    make_slice(store, "empty", None, None)
    svc = make_service(
        "empty",
        {
            "type": "ClusterIP",
            "selector": {"app": "empty"},
            "clusterIP": "10.96.200.1",
            "clusterIPs": ["10.96.200.1"],
            "ipFamilies": ["IPv4"],
            "ipFamilyPolicy": "SingleStack",
            "ports": [
                {"name": "http", "port": 80, "protocol": "TCP", "targetPort": "http"},
                {"name": "metrics", "port": 9090, "protocol": "TCP", "targetPort": 9090},
            ],
            "sessionAffinity": "ClientIP",
            "sessionAffinityConfig": {"clientIP": {"timeoutSeconds": 10800}},
            "internalTrafficPolicy": "Cluster",
        },
    )
    store.create(svc)
    first = format_time(NOW - timedelta(days=730 + 326))
    make_event(
        store, svc, "Type", "ClusterIP -> NodePort", first, type="Normal", source={"component": "service-controller"}
    )
    assert describe(svc, store, NOW) == text(
        "Name:                     empty",
        "Namespace:                default",
        "Labels:                   <none>",
        "Annotations:              <none>",
        "Selector:                 app=empty",
        # -- the captured sample starts here --
        "Type:                     ClusterIP",
        "IP Family Policy:         SingleStack",
        "IP Families:              IPv4",
        "IP:                       10.96.200.1",
        "IPs:                      10.96.200.1",
        "Port:                     http  80/TCP",
        "TargetPort:               http/TCP",
        "Endpoints:" + " " * 16,
        "Port:                     metrics  9090/TCP",
        "TargetPort:               9090/TCP",
        "Endpoints:" + " " * 16,
        "Session Affinity:         ClientIP",
        "Internal Traffic Policy:  Cluster",
        "Events:",
        "  Type    Reason  Age     From                Message",
        "  ----    ------  ----    ----                -------",
        "  Normal  Type    2y326d  service-controller  ClusterIP -> NodePort",
    )


def test_format_endpoint_slices_plus_zero_more_quirk():
    store = new_store()
    slice_ = make_slice(
        store,
        "s",
        [ready("10.1.0.5"), ready("10.1.0.6"), ready("10.1.0.7"), ready("10.1.0.8", False)],
        [{"name": "", "port": 80, "protocol": "TCP"}],
    )
    assert format_endpoint_slices([slice_], "") == "10.1.0.5:80,10.1.0.6:80,10.1.0.7:80 + 0 more..."


def test_format_endpoint_slices_rules():
    store = new_store()
    assert format_endpoint_slices([], "") == "<none>"
    named = make_slice(
        store,
        "a",
        [ready("10.1.0.5"), ready("10.1.0.6", False), {"addresses": ["10.1.0.7"]}],
        [{"name": "http", "port": 8080, "protocol": "TCP"}, {"name": "metrics", "port": 9090, "protocol": "TCP"}],
        name="a-1",
    )
    assert format_endpoint_slices([named], "http") == "10.1.0.5:8080,10.1.0.7:8080"
    assert format_endpoint_slices([named], "metrics") == "10.1.0.5:9090,10.1.0.7:9090"
    assert format_endpoint_slices([named], "") == ""
    assert format_endpoint_slices([named], None) == "10.1.0.5:8080,10.1.0.7:8080,10.1.0.5:9090 + 1 more..."
    headless = make_slice(store, "h", [ready("10.1.0.5"), ready("10.1.0.6", False)], None, name="h-1")
    assert format_endpoint_slices([headless], "") == "10.1.0.5"
    six = make_slice(store, "v6", [ready("fd00::5")], [{"name": "", "port": 80}], name="v6-1")
    assert format_endpoint_slices([six, headless], "") == "[fd00::5]:80,10.1.0.5"


def test_describe_selectorless_external_name_service():
    svc = make_service(
        "external-database-service",
        {"type": "ExternalName", "externalName": "api.github.com", "sessionAffinity": "None"},
    )
    assert describe(svc, new_store(), NOW) == text(
        "Name:              external-database-service",
        "Namespace:         default",
        "Labels:            <none>",
        "Annotations:       <none>",
        "Selector:          <none>",
        "Type:              ExternalName",
        "IP Families:       <none>",
        "IP:                ",
        "IPs:               <none>",
        "External Name:     api.github.com",
        "Session Affinity:  None",
        "Events:            <none>",
    )


def test_describe_load_balancer_service():
    svc = make_service(
        "lb",
        {
            "type": "LoadBalancer",
            "selector": {"app": "web"},
            "clusterIP": "10.101.3.4",
            "clusterIPs": ["10.101.3.4"],
            "ipFamilies": ["IPv4"],
            "ipFamilyPolicy": "SingleStack",
            "externalIPs": ["1.2.3.4", "5.6.7.8"],
            "loadBalancerIP": "9.9.9.9",
            "loadBalancerSourceRanges": ["10.0.0.0/8", "192.168.0.0/16"],
            "ports": [
                {
                    "name": "web",
                    "port": 80,
                    "protocol": "TCP",
                    "targetPort": 8080,
                    "nodePort": 31234,
                    "appProtocol": "http",
                }
            ],
            "sessionAffinity": "None",
            "externalTrafficPolicy": "Local",
            "healthCheckNodePort": 32000,
            "internalTrafficPolicy": "Cluster",
            "trafficDistribution": "PreferClose",
        },
        status={"loadBalancer": {"ingress": [{"hostname": "localhost"}, {"ip": "172.18.0.5", "ipMode": "VIP"}]}},
    )
    assert describe(svc, new_store(), NOW) == text(
        "Name:                        lb",
        "Namespace:                   default",
        "Labels:                      <none>",
        "Annotations:                 <none>",
        "Selector:                    app=web",
        "Type:                        LoadBalancer",
        "IP Family Policy:            SingleStack",
        "IP Families:                 IPv4",
        "IP:                          10.101.3.4",
        "IPs:                         10.101.3.4",
        "External IPs:                1.2.3.4,5.6.7.8",
        "Desired LoadBalancer IP:     9.9.9.9",
        "LoadBalancer Ingress:        localhost, 172.18.0.5 (VIP)",
        "Port:                        web  80/TCP",
        "TargetPort:                  8080/TCP",
        "AppProtocol:                 http",
        "NodePort:                    web  31234/TCP",
        "Endpoints:                   <none>",
        "Session Affinity:            None",
        "External Traffic Policy:     Local",
        "Internal Traffic Policy:     Cluster",
        "HealthCheck NodePort:        32000",
        "LoadBalancer Source Ranges:  10.0.0.0/8,192.168.0.0/16",
        "Traffic Distribution:        PreferClose",
        "Events:                      <none>",
    )


def test_docker_desktop_load_balancer_ingress_line():
    svc = make_service(
        "lb",
        {"type": "LoadBalancer", "ports": [], "sessionAffinity": "None"},
        status={"loadBalancer": {"ingress": [{"hostname": "localhost", "ipMode": "VIP"}]}},
    )
    assert "LoadBalancer Ingress:  localhost\n" in describe(svc, new_store(), NOW)


def test_labels_and_annotations_blocks():
    svc = make_service(
        "web",
        {"type": "ClusterIP", "sessionAffinity": "None"},
        labels={"tier": "frontend", "app": "web"},
        annotations={"b/long": "x" * 150, "a/multi": "line one\nline two\n", "c/short": "yes"},
    )
    head = describe(svc, new_store(), NOW).split("Selector:")[0]
    # every line up to "Events:" has a tab, so the widest label in the block ("Session Affinity:") sets the column
    assert head == text(
        "Name:              web",
        "Namespace:         default",
        "Labels:            app=web",
        "                   tier=frontend",
        "Annotations:       a/multi:",
        "                     line one",
        "                     line two",
        "                   b/long:",
        "                     " + "x" * 138 + "...",
        "                   c/short: yes",
    )


def test_events_with_repeats_are_sorted_and_summarised():
    store = new_store()
    svc = store.create(web_service())
    first, last = format_time(NOW - timedelta(minutes=5)), format_time(NOW - timedelta(seconds=20))
    kubelet = {"component": "kubelet", "host": "docker-desktop"}
    make_event(
        store,
        svc,
        "Unhealthy",
        "Readiness probe failed ",
        first,
        last,
        count=3,
        type="Warning",
        source=kubelet,
        involvedObject={"fieldPath": "spec.containers{nginx}"},
    )
    # an events.k8s.io event has no lastTimestamp: it sorts first, and its age is its eventTime's
    scheduled = format_time(NOW - timedelta(minutes=6)).replace("Z", ".000000Z")
    make_event(
        store,
        svc,
        "Scheduled",
        "Successfully assigned default/p to docker-desktop",
        None,
        type="Normal",
        count=None,
        lastTimestamp=None,
        eventTime=scheduled,
        reportingComponent="default-scheduler",
    )
    make_event(store, svc, "Other", "about another Service with this name", first, involvedObject={"uid": "x"})
    ns = store.create(Namespace.from_dict({"metadata": {"name": "x"}}))
    make_event(store, ns, "Other", "namespaces have no events block", first)
    assert "Events" not in describe(ns, store, NOW)
    tail = describe(svc, store, NOW).split("Internal Traffic Policy:  Cluster\n")[1]
    assert tail == text(
        "Events:",
        "  Type     Reason     Age               From               Message",
        "  ----     ------     ----              ----               -------",
        "  Normal   Scheduled  6m                default-scheduler  Successfully assigned default/p to docker-desktop",
        "  Warning  Unhealthy  20s (x3 over 5m)  kubelet            spec.containers{nginx}: Readiness probe failed",
    )


# ----------------------------------------------------------------- endpoints
def test_describe_endpoints():
    ep = Endpoints.from_dict(
        {
            "metadata": {
                "name": "web-service",
                "namespace": "default",
                "labels": {"app": "web"},
                "annotations": {"endpoints.kubernetes.io/last-change-trigger-time": T0},
            },
            "subsets": [
                {
                    "addresses": [{"ip": "10.1.0.5"}, {"ip": "10.1.0.6"}],
                    "notReadyAddresses": [{"ip": "10.1.0.7"}],
                    "ports": [{"port": 80, "protocol": "TCP"}, {"name": "metrics", "port": 9090, "protocol": "TCP"}],
                },
                {"notReadyAddresses": [{"ip": "10.1.0.9"}]},
            ],
        }
    )
    assert describe(ep, None, NOW) == text(
        "Name:         web-service",
        "Namespace:    default",
        "Labels:       app=web",
        "Annotations:  endpoints.kubernetes.io/last-change-trigger-time: 2025-01-06T09:00:00Z",
        "Subsets:",
        "  Addresses:          10.1.0.5,10.1.0.6",
        "  NotReadyAddresses:  10.1.0.7",
        "  Ports:",
        "    Name     Port  Protocol",
        "    ----     ----  --------",
        "    <unset>  80    TCP",
        "    metrics  9090  TCP",
        "",
        "  Addresses:          <none>",
        "  NotReadyAddresses:  10.1.0.9",
        "",
        "Events:  <none>",
    )


def test_describe_endpoints_without_subsets():
    ep = Endpoints.from_dict({"metadata": {"name": "empty", "namespace": "default"}})
    assert describe(ep, None, NOW) == text(
        "Name:         empty",
        "Namespace:    default",
        "Labels:       <none>",
        "Annotations:  <none>",
        "Subsets:",
        "Events:  <none>",
    )


# ------------------------------------------------------------------ workloads
TEMPLATE = {
    "metadata": {"labels": {"app": "web-deployment"}},
    "spec": {
        "containers": [
            {
                "name": "nginx",
                "image": "nginx:alpine",
                "ports": [{"containerPort": 80, "protocol": "TCP"}],
                "readinessProbe": {
                    "httpGet": {"path": "/", "port": 80, "scheme": "HTTP"},
                    "timeoutSeconds": 1,
                    "periodSeconds": 10,
                    "successThreshold": 1,
                    "failureThreshold": 3,
                },
                "resources": {},
            }
        ],
        "restartPolicy": "Always",
        "dnsPolicy": "ClusterFirst",
        "schedulerName": "default-scheduler",
    },
}
HASHED = copy.deepcopy(TEMPLATE)
HASHED["metadata"]["labels"]["pod-template-hash"] = "7d4b9c6f5"
SERVICE_ACCOUNT_VOLUME = {
    "name": "kube-api-access-x9vbn",
    "projected": {
        "sources": [
            {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
            {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
            {
                "downwardAPI": {
                    "items": [
                        {"path": "namespace", "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}
                    ]
                }
            },
        ]
    },
}
DEFAULT_TOLERATIONS = [
    {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
    {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
]


def owner(kind, obj):
    return [
        {
            "apiVersion": "apps/v1",
            "kind": kind,
            "name": obj.name,
            "uid": obj.metadata.uid,
            "controller": True,
            "blockOwnerDeletion": True,
        }
    ]


def make_deployment(store):
    return store.create(
        Deployment.from_dict(
            {
                "metadata": {
                    "name": "web-deployment",
                    "namespace": "default",
                    "labels": {"app": "web-deployment"},
                    "annotations": {"deployment.kubernetes.io/revision": "1"},
                },
                "spec": {
                    "replicas": 3,
                    "selector": {"matchLabels": {"app": "web-deployment"}},
                    "template": TEMPLATE,
                    "strategy": {
                        "type": "RollingUpdate",
                        "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"},
                    },
                    "revisionHistoryLimit": 10,
                    "progressDeadlineSeconds": 600,
                },
                "status": {
                    "replicas": 3,
                    "updatedReplicas": 3,
                    "readyReplicas": 3,
                    "availableReplicas": 3,
                    "conditions": [
                        {"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable"},
                        {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable"},
                    ],
                },
            }
        )
    )


def make_replica_set(store, deployment, name="web-deployment-7d4b9c6f5", template=HASHED, replicas=3):
    labels = template["metadata"]["labels"]
    return store.create(
        ReplicaSet.from_dict(
            {
                "metadata": {
                    "name": name,
                    "namespace": "default",
                    "labels": labels,
                    "annotations": {
                        "deployment.kubernetes.io/desired-replicas": "3",
                        "deployment.kubernetes.io/max-replicas": "4",
                        "deployment.kubernetes.io/revision": "1",
                    },
                    "ownerReferences": owner("Deployment", deployment),
                },
                "spec": {"replicas": replicas, "selector": {"matchLabels": labels}, "template": template},
                "status": {
                    "replicas": replicas,
                    "fullyLabeledReplicas": replicas,
                    "readyReplicas": replicas,
                    "availableReplicas": replicas,
                },
            }
        )
    )


def make_pod(store, replica_set):
    spec = copy.deepcopy(HASHED["spec"])
    spec.update(
        nodeName="docker-desktop",
        serviceAccountName="default",
        priority=0,
        tolerations=DEFAULT_TOLERATIONS,
        volumes=[SERVICE_ACCOUNT_VOLUME],
    )
    spec["containers"][0]["volumeMounts"] = [
        {
            "name": "kube-api-access-x9vbn",
            "readOnly": True,
            "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
        }
    ]
    return store.create(
        Pod.from_dict(
            {
                "metadata": {
                    "name": "web-deployment-7d4b9c6f5-x2kqz",
                    "namespace": "default",
                    "labels": HASHED["metadata"]["labels"],
                    "ownerReferences": owner("ReplicaSet", replica_set),
                },
                "spec": spec,
                "status": {
                    "phase": "Running",
                    "hostIP": "192.168.65.3",
                    "hostIPs": [{"ip": "192.168.65.3"}],
                    "podIP": "10.1.0.5",
                    "podIPs": [{"ip": "10.1.0.5"}],
                    "startTime": T0,
                    "qosClass": "BestEffort",
                    "conditions": [
                        {"type": t, "status": "True"}
                        for t in (
                            "PodReadyToStartContainers",
                            "Initialized",
                            "Ready",
                            "ContainersReady",
                            "PodScheduled",
                        )
                    ],
                    "containerStatuses": [
                        {
                            "name": "nginx",
                            "ready": True,
                            "started": True,
                            "restartCount": 0,
                            "image": "nginx:alpine",
                            "imageID": "docker-pullable://nginx@sha256:4ff1",
                            "containerID": "docker://0123456789abcdef",
                            "state": {"running": {"startedAt": T0}},
                        }
                    ],
                },
            }
        )
    )


def make_node(store):
    return store.create(
        Node.from_dict(
            {
                "metadata": {
                    "name": "docker-desktop",
                    "labels": {
                        "beta.kubernetes.io/arch": "arm64",
                        "kubernetes.io/hostname": "docker-desktop",
                        "node-role.kubernetes.io/control-plane": "",
                    },
                    "annotations": {
                        "node.alpha.kubernetes.io/ttl": "0",
                        "volumes.kubernetes.io/controller-managed-attach-detach": "true",
                    },
                },
                "spec": {"podCIDR": "10.1.0.0/24", "podCIDRs": ["10.1.0.0/24"]},
                "status": {
                    "capacity": {
                        "cpu": "8",
                        "memory": "8024684Ki",
                        "pods": "110",
                        "ephemeral-storage": "61202244Ki",
                        "hugepages-2Mi": "0",
                    },
                    "allocatable": {
                        "cpu": "8",
                        "memory": "7922284Ki",
                        "pods": "110",
                        "ephemeral-storage": "56403987978",
                        "hugepages-2Mi": "0",
                    },
                    "conditions": [
                        {
                            "type": "Ready",
                            "status": "True",
                            "lastHeartbeatTime": T0,
                            "lastTransitionTime": T0,
                            "reason": "KubeletReady",
                            "message": "kubelet is posting ready status",
                        }
                    ],
                    "addresses": [
                        {"type": "InternalIP", "address": "192.168.65.3"},
                        {"type": "Hostname", "address": "docker-desktop"},
                    ],
                    "nodeInfo": {
                        "machineID": "abc",
                        "systemUUID": "def",
                        "bootID": "ghi",
                        "kernelVersion": "6.10.14-linuxkit",
                        "osImage": "Docker Desktop",
                        "containerRuntimeVersion": "docker://27.4.0",
                        "kubeletVersion": "v1.37.1",
                        "operatingSystem": "linux",
                        "architecture": "arm64",
                    },
                },
            }
        )
    )


def deployment_world():
    """A Deployment, its ReplicaSet, one of its pods and the Docker Desktop node."""
    store = new_store()
    deployment = make_deployment(store)
    replica_set = make_replica_set(store, deployment)
    pod = make_pod(store, replica_set)
    node = make_node(store)
    return store, deployment, replica_set, pod, node


def test_describe_pod_of_a_deployment():
    store, _, _, pod, _ = deployment_world()
    assert describe(pod, store, NOW) == text(
        "Name:             web-deployment-7d4b9c6f5-x2kqz",
        "Namespace:        default",
        "Priority:         0",
        "Service Account:  default",
        "Node:             docker-desktop/192.168.65.3",
        "Start Time:       Mon, 06 Jan 2025 09:00:00 +0000",
        "Labels:           app=web-deployment",
        "                  pod-template-hash=7d4b9c6f5",
        "Annotations:      <none>",
        "Status:           Running",
        "IP:               10.1.0.5",
        "IPs:",
        "  IP:           10.1.0.5",
        "Controlled By:  ReplicaSet/web-deployment-7d4b9c6f5",
        "Containers:",
        "  nginx:",
        "    Container ID:   docker://0123456789abcdef",
        "    Image:          nginx:alpine",
        "    Image ID:       docker-pullable://nginx@sha256:4ff1",
        "    Port:           80/TCP",
        "    Host Port:      0/TCP",
        "    State:          Running",
        "      Started:      Mon, 06 Jan 2025 09:00:00 +0000",
        "    Ready:          True",
        "    Restart Count:  0",
        "    Readiness:      http-get http://:80/ delay=0s timeout=1s period=10s #success=1 #failure=3",
        "    Environment:    <none>",
        "    Mounts:",
        "      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-x9vbn (ro)",
        "Conditions:",
        "  Type                        Status",
        "  PodReadyToStartContainers   True ",
        "  Initialized                 True ",
        "  Ready                       True ",
        "  ContainersReady             True ",
        "  PodScheduled                True ",
        "Volumes:",
        "  kube-api-access-x9vbn:",
        "    Type:                    Projected (a volume that contains injected data from multiple sources)",
        "    TokenExpirationSeconds:  3607",
        "    ConfigMapName:           kube-root-ca.crt",
        "    Optional:                false",
        "    DownwardAPI:             true",
        "QoS Class:                   BestEffort",
        "Node-Selectors:              <none>",
        "Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s",
        "                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s",
        "Events:                      <none>",
    )


def test_describe_deployment():
    store, deployment, *_ = deployment_world()
    assert describe(deployment, store, NOW) == text(
        "Name:                   web-deployment",
        "Namespace:              default",
        "CreationTimestamp:      Mon, 06 Jan 2025 09:00:00 +0000",
        "Labels:                 app=web-deployment",
        "Annotations:            deployment.kubernetes.io/revision: 1",
        "Selector:               app=web-deployment",
        "Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable",
        "StrategyType:           RollingUpdate",
        "MinReadySeconds:        0",
        "RollingUpdateStrategy:  25% max unavailable, 25% max surge",
        "Pod Template:",
        "  Labels:  app=web-deployment",
        "  Containers:",
        "   nginx:",
        "    Image:         nginx:alpine",
        "    Port:          80/TCP",
        "    Host Port:     0/TCP",
        "    Readiness:     http-get http://:80/ delay=0s timeout=1s period=10s #success=1 #failure=3",
        "    Environment:   <none>",
        "    Mounts:        <none>",
        "  Volumes:         <none>",
        "  Node-Selectors:  <none>",
        "  Tolerations:     <none>",
        "Conditions:",
        "  Type           Status  Reason",
        "  ----           ------  ------",
        "  Available      True    MinimumReplicasAvailable",
        "  Progressing    True    NewReplicaSetAvailable",
        "OldReplicaSets:  <none>",
        "NewReplicaSet:   web-deployment-7d4b9c6f5 (3/3 replicas created)",
        "Events:          <none>",
    )


def test_describe_deployment_lists_old_replica_sets():
    store, deployment, *_ = deployment_world()
    old_template = copy.deepcopy(HASHED)
    old_template["metadata"]["labels"]["pod-template-hash"] = "66b6c48dd5"
    old_template["spec"]["containers"][0]["image"] = "nginx:1.27"
    make_replica_set(store, deployment, "web-deployment-66b6c48dd5", old_template, replicas=0)
    out = describe(deployment, store, NOW)
    assert "OldReplicaSets:  web-deployment-66b6c48dd5 (0/0 replicas created)\n" in out
    assert "NewReplicaSet:   web-deployment-7d4b9c6f5 (3/3 replicas created)\n" in out


def test_describe_replica_set():
    store, _, replica_set, *_ = deployment_world()
    assert describe(replica_set, store, NOW) == text(
        "Name:           web-deployment-7d4b9c6f5",
        "Namespace:      default",
        "Selector:       app=web-deployment,pod-template-hash=7d4b9c6f5",
        "Labels:         app=web-deployment",
        "                pod-template-hash=7d4b9c6f5",
        "Annotations:    deployment.kubernetes.io/desired-replicas: 3",
        "                deployment.kubernetes.io/max-replicas: 4",
        "                deployment.kubernetes.io/revision: 1",
        "Controlled By:  Deployment/web-deployment",
        "Replicas:       3 current / 3 desired",
        "Pods Status:    1 Running / 0 Waiting / 0 Succeeded / 0 Failed",
        "Pod Template:",
        "  Labels:  app=web-deployment",
        "           pod-template-hash=7d4b9c6f5",
        "  Containers:",
        "   nginx:",
        "    Image:         nginx:alpine",
        "    Port:          80/TCP",
        "    Host Port:     0/TCP",
        "    Readiness:     http-get http://:80/ delay=0s timeout=1s period=10s #success=1 #failure=3",
        "    Environment:   <none>",
        "    Mounts:        <none>",
        "  Volumes:         <none>",
        "  Node-Selectors:  <none>",
        "  Tolerations:     <none>",
        "Events:            <none>",
    )


def test_describe_node():
    store, *_, node = deployment_world()
    assert describe(node, store, NOW) == text(
        "Name:               docker-desktop",
        "Roles:              control-plane",
        "Labels:             beta.kubernetes.io/arch=arm64",
        "                    kubernetes.io/hostname=docker-desktop",
        "                    node-role.kubernetes.io/control-plane=",
        "Annotations:        node.alpha.kubernetes.io/ttl: 0",
        "                    volumes.kubernetes.io/controller-managed-attach-detach: true",
        "CreationTimestamp:  Mon, 06 Jan 2025 09:00:00 +0000",
        "Taints:             <none>",
        "Unschedulable:      false",
        "Lease:",
        "  HolderIdentity:  docker-desktop",
        "  AcquireTime:     <unset>",
        "  RenewTime:       Mon, 06 Jan 2025 09:02:10 +0000",
        "Conditions:",
        (
            "  Type    Status  LastHeartbeatTime                 "
            "LastTransitionTime                Reason         Message"
        ),
        (
            "  ----    ------  -----------------                 "
            "------------------                ------         -------"
        ),
        (
            "  Ready   True    Mon, 06 Jan 2025 09:00:00 +0000   "
            "Mon, 06 Jan 2025 09:00:00 +0000   KubeletReady   kubelet is posting ready status"
        ),
        "Addresses:",
        "  InternalIP:  192.168.65.3",
        "  Hostname:    docker-desktop",
        "Capacity:",
        "  cpu:                8",
        "  ephemeral-storage:  61202244Ki",
        "  hugepages-2Mi:      0",
        "  memory:             8024684Ki",
        "  pods:               110",
        "Allocatable:",
        "  cpu:                8",
        "  ephemeral-storage:  56403987978",
        "  hugepages-2Mi:      0",
        "  memory:             7922284Ki",
        "  pods:               110",
        "System Info:",
        "  Machine ID:                 abc",
        "  System UUID:                def",
        "  Boot ID:                    ghi",
        "  Kernel Version:             6.10.14-linuxkit",
        "  OS Image:                   Docker Desktop",
        "  Operating System:           linux",
        "  Architecture:               arm64",
        "  Container Runtime Version:  docker://27.4.0",
        "  Kubelet Version:            v1.37.1",
        "PodCIDR:                      10.1.0.0/24",
        "PodCIDRs:                     10.1.0.0/24",
        "Non-terminated Pods:          (1 in total)",
        (
            "  Namespace                   Name                              "
            "CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age"
        ),
        (
            "  ---------                   ----                              "
            "------------  ----------  ---------------  -------------  ---"
        ),
        (
            "  default                     web-deployment-7d4b9c6f5-x2kqz    "
            "0 (0%)        0 (0%)      0 (0%)           0 (0%)         2m10s"
        ),
        "Allocated resources:",
        "  (Total limits may be over 100 percent, i.e., overcommitted.)",
        "  Resource           Requests  Limits",
        "  --------           --------  ------",
        "  cpu                0 (0%)    0 (0%)",
        "  memory             0 (0%)    0 (0%)",
        "  ephemeral-storage  0 (0%)    0 (0%)",
        "  hugepages-2Mi      0 (0%)    0 (0%)",
        "Events:              <none>",
    )


def test_describe_node_requests_taints_and_roles():
    store = new_store()
    node = make_node(store)
    node.spec.taints = [
        {"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"},
        {"key": "dedicated", "value": "db", "effect": "NoExecute"},
    ]
    node.spec.unschedulable = True
    store.create(
        Pod.from_dict(
            {
                "metadata": {"name": "coredns-7db6d8ff4d-abcde", "namespace": "kube-system"},
                "spec": {
                    "nodeName": "docker-desktop",
                    "containers": [
                        {
                            "name": "coredns",
                            "image": "coredns",
                            "resources": {"requests": {"cpu": "100m", "memory": "70Mi"}, "limits": {"memory": "170Mi"}},
                        }
                    ],
                },
                "status": {"phase": "Running"},
            }
        )
    )
    store.create(
        Pod.from_dict(
            {
                "metadata": {"name": "done", "namespace": "default"},
                "spec": {"nodeName": "docker-desktop", "containers": []},
                "status": {"phase": "Succeeded"},
            }
        )
    )
    out = describe(node, store, NOW)
    assert (
        "Taints:             dedicated=db:NoExecute\n"
        "                    node-role.kubernetes.io/control-plane:NoSchedule\n" in out
    )
    assert "Unschedulable:      true\n" in out
    assert "Non-terminated Pods:          (1 in total)\n" in out
    assert (
        "  kube-system                 coredns-7db6d8ff4d-abcde    "
        "100m (1%)     0 (0%)      70Mi (0%)        170Mi (2%)     2m10s\n" in out
    )
    assert out.endswith(
        text(
            "  Resource           Requests   Limits",
            "  --------           --------   ------",
            "  cpu                100m (1%)  0 (0%)",
            "  memory             70Mi (0%)  170Mi (2%)",
            "  ephemeral-storage  0 (0%)     0 (0%)",
            "  hugepages-2Mi      0 (0%)     0 (0%)",
            "Events:              <none>",
        )
    )


def test_describe_namespace():
    namespace = Namespace.from_dict(
        {
            "metadata": {"name": "default", "labels": {"kubernetes.io/metadata.name": "default"}},
            "status": {"phase": "Active"},
        }
    )
    assert describe(namespace, new_store(), NOW) == text(
        "Name:         default",
        "Labels:       kubernetes.io/metadata.name=default",
        "Annotations:  <none>",
        "Status:       Active",
        "",
        "No resource quota.",
        "",
        "No LimitRange resource.",
    )


# ----------------------------------------------------------------- pod cases
def test_describe_unscheduled_pod():
    pod = Pod.from_dict(
        {
            "metadata": {"name": "pending", "namespace": "default"},
            "spec": {"containers": [{"name": "c", "image": "nginx"}]},
            "status": {"phase": "Pending"},
        }
    )
    assert describe(pod, None, NOW) == text(
        "Name:         pending",
        "Namespace:    default",
        "Node:         <none>",
        "Labels:       <none>",
        "Annotations:  <none>",
        "Status:       Pending",
        "IP:           ",
        "IPs:          <none>",
        "Containers:",
        "  c:",
        "    Image:        nginx",
        "    Port:         <none>",
        "    Host Port:    <none>",
        "    Environment:  <none>",
        "    Mounts:       <none>",
        "Volumes:          <none>",
        "QoS Class:        BestEffort",
        "Node-Selectors:   <none>",
        "Tolerations:      <none>",
        "Events:           <none>",
    )


def test_describe_crash_looping_terminating_pod():
    pod = Pod.from_dict(
        {
            "metadata": {
                "name": "test-pod",
                "namespace": "default",
                "labels": {"run": "test-pod"},
                "deletionTimestamp": format_time(NOW + timedelta(seconds=30)),
                "deletionGracePeriodSeconds": 30,
            },
            "spec": {
                "nodeName": "docker-desktop",
                "nodeSelector": {"kubernetes.io/os": "linux"},
                "containers": [
                    {
                        "name": "test-pod",
                        "image": "alpine",
                        "command": ["sh", "-c"],
                        "args": ["sleep 3600\necho done"],
                        "ports": [
                            {"name": "http", "containerPort": 8080, "protocol": "TCP"},
                            {"containerPort": 53, "protocol": "UDP"},
                        ],
                        "env": [
                            {"name": "MODE", "value": "debug"},
                            {
                                "name": "POD_IP",
                                "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "status.podIP"}},
                            },
                            {"name": "PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}},
                        ],
                        "resources": {
                            "limits": {"cpu": "500m", "memory": "128Mi"},
                            "requests": {"cpu": "0.25", "memory": "64Mi"},
                        },
                        "livenessProbe": {"tcpSocket": {"port": 8080}},
                        "startupProbe": {"exec": {"command": ["cat", "/tmp/ready"]}, "periodSeconds": 5},
                    }
                ],
            },
            "status": {
                "phase": "Running",
                "hostIP": "192.168.65.3",
                "podIP": "10.1.0.9",
                "podIPs": [{"ip": "10.1.0.9"}],
                "containerStatuses": [
                    {
                        "name": "test-pod",
                        "ready": False,
                        "restartCount": 2,
                        "image": "alpine",
                        "imageID": "",
                        "containerID": "docker://1",
                        "state": {"waiting": {"reason": "CrashLoopBackOff"}},
                        "lastState": {
                            "terminated": {
                                "exitCode": 1,
                                "reason": "Error",
                                "startedAt": T0,
                                "finishedAt": format_time(START + timedelta(seconds=5)),
                            }
                        },
                    }
                ],
            },
        }
    )
    assert describe(pod, None, NOW) == text(
        "Name:                      test-pod",
        "Namespace:                 default",
        "Node:                      docker-desktop/192.168.65.3",
        "Labels:                    run=test-pod",
        "Annotations:               <none>",
        "Status:                    Terminating (lasts <invalid>)",
        "Termination Grace Period:  30s",
        "IP:                        10.1.0.9",
        "IPs:",
        "  IP:  10.1.0.9",
        "Containers:",
        "  test-pod:",
        "    Container ID:  docker://1",
        "    Image:         alpine",
        "    Image ID:      ",
        "    Ports:         8080/TCP (http), 53/UDP",
        "    Host Ports:    0/TCP (http), 0/UDP",
        "    Command:",
        "      sh",
        "      -c",
        "    Args:",
        "      sleep 3600",
        "      echo done",
        "    State:          Waiting",
        "      Reason:       CrashLoopBackOff",
        "    Last State:     Terminated",
        "      Reason:       Error",
        "      Exit Code:    1",
        "      Started:      Mon, 06 Jan 2025 09:00:00 +0000",
        "      Finished:     Mon, 06 Jan 2025 09:00:05 +0000",
        "    Ready:          False",
        "    Restart Count:  2",
        "    Limits:",
        "      cpu:     500m",
        "      memory:  128Mi",
        "    Requests:",
        "      cpu:     250m",
        "      memory:  64Mi",
        "    Liveness:  tcp-socket :8080 delay=0s timeout=1s period=10s #success=1 #failure=3",
        "    Startup:   exec [cat /tmp/ready] delay=0s timeout=1s period=5s #success=1 #failure=3",
        "    Environment:",
        "      MODE:      debug",
        "      POD_IP:    10.1.0.9 (v1:status.podIP)",
        "      PASSWORD:  <set to the key 'password' in secret 'db'>  Optional: false",
        "    Mounts:      <none>",
        "Volumes:         <none>",
        "QoS Class:       Burstable",
        "Node-Selectors:  kubernetes.io/os=linux",
        "Tolerations:     <none>",
        "Events:          <none>",
    )


@pytest.mark.parametrize(
    ("resources", "qos"),
    [
        ({}, "BestEffort"),
        ({"limits": {"cpu": "1", "memory": "1Gi"}}, "Guaranteed"),
        ({"limits": {"cpu": "1", "memory": "1Gi"}, "requests": {"cpu": "1000m", "memory": "1024Mi"}}, "Guaranteed"),
        ({"requests": {"cpu": "100m"}}, "Burstable"),
    ],
)
def test_qos_class_computed_when_status_has_none(resources, qos):
    pod = Pod.from_dict(
        {
            "metadata": {"name": "p", "namespace": "default"},
            "spec": {"containers": [{"name": "c", "image": "i", "resources": resources}]},
        }
    )
    assert f"QoS Class:        {qos}\n" in describe(pod, None, NOW)


# ------------------------------------------------------------------- helpers
def test_rfc1123z():
    assert rfc1123z("2025-01-06T09:00:00Z") == "Mon, 06 Jan 2025 09:00:00 +0000"
    assert rfc1123z("2024-02-29T23:59:59Z") == "Thu, 29 Feb 2024 23:59:59 +0000"
    assert rfc1123z(None) == "Mon, 01 Jan 0001 00:00:00 +0000"


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("100m", "100m"),
        ("0.5", "500m"),
        ("1000m", "1"),
        ("1000", "1k"),
        ("1500", "1500"),
        ("128Mi", "128Mi"),
        ("1024Ki", "1Mi"),
        ("1536Mi", "1536Mi"),
        ("0", "0"),
        ("1e3", "1k"),
        ("8024684Ki", "8024684Ki"),
        ("512", "512"),
    ],
)
def test_quantity_canonical_form(raw, canonical):
    assert str(Quantity.parse(raw)) == canonical


def test_quantity_sum_keeps_binary_format():
    assert str(Quantity.parse("70Mi") + Quantity.parse("100Mi")) == "170Mi"


def test_describe_unsupported_kind():
    with pytest.raises(TypeError):
        describe(Event.from_dict({"metadata": {"name": "e"}}), None, NOW)  # the one kind without a describer
