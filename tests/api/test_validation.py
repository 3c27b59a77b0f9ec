"""API-server validation, byte for byte (v1.34 forms): pkg/apis/core/validation/validation.go and
pkg/apis/apps/validation/validation.go, with apimachinery's name and label rules.

Each row: a manifest in, decoded with ``Cls.from_dict``, defaulted with
``set_defaults``, validated; the rendered error lines must match exactly and
in order.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from kubesim_nb.api.apps import Deployment, ReplicaSet
from kubesim_nb.api.core import Endpoints, Namespace, Node, Pod, Service
from kubesim_nb.api.defaults import set_defaults
from kubesim_nb.api.discovery import EndpointSlice
from kubesim_nb.api.validation import validate, validate_update

DNS1035_MSG = (
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
    "character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for "
    "validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
)
LABEL_MSG = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and "
    "end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
)
SUBDOMAIN_MSG = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
    "start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)
NAME_PART_MSG = (
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
    "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
)
LABEL_VALUE_MSG = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
    "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used "
    "for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
)
IP_MSG = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"
PORT_RANGE = "must be between 1 and 65535, inclusive"
PORT_CHARSET = "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"
POD_UPDATE_MSG = (
    "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,"
    "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to "
    "existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was "
    "previously negative)"
)


# --------------------------------------------------------------------- helpers
def _decode(cls: type, manifest: dict) -> Any:
    obj = cls.from_dict(copy.deepcopy(manifest))
    set_defaults(obj)
    return obj


def errors(cls: type, manifest: dict) -> list[str]:
    return [e.render() for e in validate(_decode(cls, manifest))]


def update_errors(cls: type, old: dict, new: dict, allocate: dict | None = None) -> list[str]:
    """Validate replacing ``old`` (as stored, plus server-``allocate``d spec fields) by ``new``."""
    stored = copy.deepcopy(old)
    stored.setdefault("spec", {}).update(allocate or {})
    return [e.render() for e in validate_update(_decode(cls, new), _decode(cls, stored))]


def merged(base: dict, **spec: Any) -> dict:
    """``base`` with top-level ``spec`` keys replaced (``None`` deletes one)."""
    out = copy.deepcopy(base)
    for key, value in spec.items():
        if value is None:
            out["spec"].pop(key, None)
        else:
            out["spec"][key] = value
    return out


def named(base: dict, name: Any) -> dict:
    out = copy.deepcopy(base)
    if name is None:
        out["metadata"].pop("name")
    else:
        out["metadata"]["name"] = name
    return out


# ==================================================================== Service
SVC = {
    "apiVersion": "v1",
    "kind": "Service",
    "metadata": {"name": "web-service", "namespace": "default"},
    "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]},
}
TWO_PORTS = [{"name": "http", "port": 80}, {"name": "https", "port": 443}]

SERVICE_CASES = [
    ("valid ClusterIP", SVC, []),
    ("valid NodePort", merged(SVC, type="NodePort", ports=[{"port": 80, "nodePort": 30080}]), []),
    ("valid LoadBalancer", merged(SVC, type="LoadBalancer"), []),
    ("valid headless", merged(SVC, clusterIP="None"), []),
    ("headless needs no ports", merged(SVC, clusterIP="None", ports=None), []),
    ("valid requested clusterIP", merged(SVC, clusterIP="10.96.0.50"), []),
    ("valid named targetPort", merged(SVC, ports=[{"port": 80, "targetPort": "http-web"}]), []),
    ("publishNotReadyAddresses is free", merged(SVC, publishNotReadyAddresses=True), []),
    (
        "valid ExternalName with trailing dot",
        merged(SVC, type="ExternalName", externalName="db.example.com.", ports=None, selector=None),
        [],
    ),
    ("valid ClientIP affinity", merged(SVC, sessionAffinity="ClientIP"), []),
    ("valid externalIPs", merged(SVC, externalIPs=["192.168.1.10"]), []),
    (
        "name with underscore",
        named(SVC, "Web_Service"),
        [f'metadata.name: Invalid value: "Web_Service": {DNS1035_MSG}'],
    ),
    ("name starting with a digit", named(SVC, "1web"), [f'metadata.name: Invalid value: "1web": {DNS1035_MSG}']),
    ("name with a dot", named(SVC, "web.svc"), [f'metadata.name: Invalid value: "web.svc": {DNS1035_MSG}']),
    (
        "name longer than 63",
        named(SVC, "a" * 64),
        [f'metadata.name: Invalid value: "{"a" * 64}": must be no more than 63 characters'],
    ),
    (
        "name too long and malformed",
        named(SVC, "1" + "a" * 63),
        [
            f'metadata.name: Invalid value: "{"1" + "a" * 63}": must be no more than 63 characters',
            f'metadata.name: Invalid value: "{"1" + "a" * 63}": {DNS1035_MSG}',
        ],
    ),
    ("no name", named(SVC, None), ["metadata.name: Required value: name or generateName is required"]),
    (
        "bad metadata label value",
        {**SVC, "metadata": {**SVC["metadata"], "labels": {"app": "hello world"}}},
        [f'metadata.labels: Invalid value: "hello world": {LABEL_VALUE_MSG}'],
    ),
    ("no ports", merged(SVC, ports=None), ["spec.ports: Required value"]),
    ("empty ports", merged(SVC, ports=[]), ["spec.ports: Required value"]),
    (
        "port 0: port and defaulted targetPort",
        merged(SVC, ports=[{"port": 0}]),
        [
            f"spec.ports[0].port: Invalid value: 0: {PORT_RANGE}",
            f"spec.ports[0].targetPort: Invalid value: 0: {PORT_RANGE}",
        ],
    ),
    (
        "missing port",
        merged(SVC, ports=[{"protocol": "TCP"}]),
        [
            f"spec.ports[0].port: Invalid value: 0: {PORT_RANGE}",
            f"spec.ports[0].targetPort: Invalid value: 0: {PORT_RANGE}",
        ],
    ),
    (
        "port 70000",
        merged(SVC, ports=[{"port": 70000}]),
        [
            f"spec.ports[0].port: Invalid value: 70000: {PORT_RANGE}",
            f"spec.ports[0].targetPort: Invalid value: 70000: {PORT_RANGE}",
        ],
    ),
    (
        "targetPort out of range",
        merged(SVC, ports=[{"port": 80, "targetPort": 70000}]),
        [f"spec.ports[0].targetPort: Invalid value: 70000: {PORT_RANGE}"],
    ),
    (
        "targetPort negative",
        merged(SVC, ports=[{"port": 80, "targetPort": -1}]),
        [f"spec.ports[0].targetPort: Invalid value: -1: {PORT_RANGE}"],
    ),
    (
        "targetPort name upper case",
        merged(SVC, ports=[{"port": 80, "targetPort": "HTTP"}]),
        [
            f'spec.ports[0].targetPort: Invalid value: "HTTP": {PORT_CHARSET}',
            'spec.ports[0].targetPort: Invalid value: "HTTP": must contain at least one letter (a-z)',
        ],
    ),
    (
        "targetPort name underscore",
        merged(SVC, ports=[{"port": 80, "targetPort": "my_port"}]),
        [f'spec.ports[0].targetPort: Invalid value: "my_port": {PORT_CHARSET}'],
    ),
    (
        "targetPort name too long",
        merged(SVC, ports=[{"port": 80, "targetPort": "a-very-long-port-name"}]),
        ['spec.ports[0].targetPort: Invalid value: "a-very-long-port-name": must be no more than 15 characters'],
    ),
    (
        "targetPort digits only",
        merged(SVC, ports=[{"port": 80, "targetPort": "8080a"[:-1]}]),
        ['spec.ports[0].targetPort: Invalid value: "8080": must contain at least one letter (a-z)'],
    ),
    (
        "targetPort double hyphen",
        merged(SVC, ports=[{"port": 80, "targetPort": "a--b"}]),
        ['spec.ports[0].targetPort: Invalid value: "a--b": must not contain consecutive hyphens'],
    ),
    (
        "targetPort leading hyphen",
        merged(SVC, ports=[{"port": 80, "targetPort": "-web"}]),
        ['spec.ports[0].targetPort: Invalid value: "-web": must not begin or end with a hyphen'],
    ),
    (
        "two unnamed ports",
        merged(SVC, ports=[{"port": 80}, {"port": 443}]),
        ["spec.ports[0].name: Required value", "spec.ports[1].name: Required value"],
    ),
    (
        "one of two ports unnamed",
        merged(SVC, ports=[{"name": "http", "port": 80}, {"port": 443}]),
        ["spec.ports[1].name: Required value"],
    ),
    ("single port needs no name", merged(SVC, ports=[{"port": 443}]), []),
    (
        "port name not a DNS label",
        merged(SVC, ports=[{"name": "HTTP", "port": 80}, {"name": "b", "port": 81}]),
        [f'spec.ports[0].name: Invalid value: "HTTP": {LABEL_MSG}'],
    ),
    (
        "duplicate port name",
        merged(SVC, ports=[{"name": "http", "port": 80}, {"name": "http", "port": 81}]),
        ['spec.ports[1].name: Duplicate value: "http"'],
    ),
    (
        "duplicate protocol and port",
        merged(SVC, ports=[{"name": "a", "port": 443}, {"name": "b", "port": 443}]),
        ['spec.ports[1]: Duplicate value: {"protocol":"TCP","port":443}'],
    ),
    (
        "same port, other protocol",
        merged(SVC, ports=[{"name": "dns", "port": 53, "protocol": "UDP"}, {"name": "dns-tcp", "port": 53}]),
        [],
    ),
    (
        "lower-case protocol",
        merged(SVC, ports=[{"port": 80, "protocol": "tcp"}]),
        ['spec.ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"'],
    ),
    (
        "bad appProtocol",
        merged(SVC, ports=[{"port": 80, "appProtocol": "a b"}]),
        [f'spec.ports[0].appProtocol: Invalid value: "a b": {NAME_PART_MSG}'],
    ),
    (
        "nodePort on ClusterIP",
        merged(SVC, ports=[{"port": 80, "nodePort": 30007}]),
        ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
    ),
    (
        "same nodePort twice",
        merged(
            SVC,
            type="NodePort",
            ports=[{"name": "a", "port": 80, "nodePort": 30007}, {"name": "b", "port": 81, "nodePort": 30007}],
        ),
        ["spec.ports[1].nodePort: Duplicate value: 30007"],
    ),
    (
        "same nodePort, other protocol",
        merged(
            SVC,
            type="NodePort",
            ports=[
                {"name": "a", "port": 53, "nodePort": 30053},
                {"name": "b", "port": 53, "protocol": "UDP", "nodePort": 30053},
            ],
        ),
        [],
    ),
    (
        "unknown type",
        merged(SVC, type="Nodeport"),
        [
            'spec.type: Unsupported value: "Nodeport": supported values: "ClusterIP", "ExternalName", "LoadBalancer", '
            '"NodePort"'
        ],
    ),
    (
        "bad sessionAffinity",
        merged(SVC, sessionAffinity="Sticky"),
        ['spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"'],
    ),
    (
        "affinity timeout 0",
        merged(SVC, sessionAffinity="ClientIP", sessionAffinityConfig={"clientIP": {"timeoutSeconds": 0}}),
        [
            "spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less "
            "than 86400"
        ],
    ),
    (
        "affinity timeout too big",
        merged(SVC, sessionAffinity="ClientIP", sessionAffinityConfig={"clientIP": {"timeoutSeconds": 86401}}),
        [
            "spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and "
            "less than 86400"
        ],
    ),
    (
        "affinity timeout at the maximum",
        merged(SVC, sessionAffinity="ClientIP", sessionAffinityConfig={"clientIP": {"timeoutSeconds": 86400}}),
        [],
    ),
    (
        "externalTrafficPolicy on ClusterIP",
        merged(SVC, externalTrafficPolicy="Local"),
        ['spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services'],
    ),
    (
        "bad externalTrafficPolicy",
        merged(SVC, type="NodePort", externalTrafficPolicy="Foo"),
        ['spec.externalTrafficPolicy: Unsupported value: "Foo": supported values: "Cluster", "Local"'],
    ),
    (
        "bad internalTrafficPolicy",
        merged(SVC, internalTrafficPolicy="Foo"),
        ['spec.internalTrafficPolicy: Unsupported value: "Foo": supported values: "Cluster", "Local"'],
    ),
    (
        "headless NodePort",
        merged(SVC, type="NodePort", clusterIP="None"),
        ["spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services"],
    ),
    (
        "headless LoadBalancer",
        merged(SVC, type="LoadBalancer", clusterIP="None"),
        ["spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for LoadBalancer services"],
    ),
    ("ExternalName without externalName", merged(SVC, type="ExternalName"), ["spec.externalName: Required value"]),
    (
        "ExternalName not a subdomain",
        merged(SVC, type="ExternalName", externalName="Bad_Name"),
        [f'spec.externalName: Invalid value: "Bad_Name": {SUBDOMAIN_MSG}'],
    ),
    (
        "ExternalName with a clusterIP",
        merged(SVC, type="ExternalName", externalName="db.example.com", clusterIP="10.96.0.50"),
        ["spec.clusterIPs: Forbidden: may not be set for ExternalName services"],
    ),
    (
        "selector key with a space",
        merged(SVC, selector={"my key": "web"}),
        [f'spec.selector: Invalid value: "my key": {NAME_PART_MSG}'],
    ),
    (
        "selector bad value",
        merged(SVC, selector={"app": "-web"}),
        [f'spec.selector: Invalid value: "-web": {LABEL_VALUE_MSG}'],
    ),
    ("clusterIP not an IP", merged(SVC, clusterIP="abc"), [f'spec.clusterIPs[0]: Invalid value: "abc": {IP_MSG}']),
    (
        "clusterIPs not matching clusterIP",
        merged(SVC, clusterIP="10.96.0.50", clusterIPs=["10.96.0.51"]),
        ['spec.clusterIPs: Invalid value: ["10.96.0.51"]: first value must match `clusterIP`'],
    ),
    (
        "externalIP not an IP",
        merged(SVC, externalIPs=["not-an-ip"]),
        [f'spec.externalIPs[0]: Invalid value: "not-an-ip": {IP_MSG}'],
    ),
    (
        "externalIP loopback",
        merged(SVC, externalIPs=["127.0.0.1"]),
        ['spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)'],
    ),
    (
        "sourceRanges on ClusterIP",
        merged(SVC, loadBalancerSourceRanges=["10.0.0.0/8"]),
        ["spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'"],
    ),
    (
        "several errors in Go order",
        merged(SVC, type="Nodeport", sessionAffinity="Sticky", ports=[{"port": 0, "protocol": "tcp"}]),
        [
            f"spec.ports[0].port: Invalid value: 0: {PORT_RANGE}",
            'spec.ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"',
            f"spec.ports[0].targetPort: Invalid value: 0: {PORT_RANGE}",
            'spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"',
            'spec.type: Unsupported value: "Nodeport": supported values: "ClusterIP", "ExternalName", "LoadBalancer", '
            '"NodePort"',
        ],
    ),
]


@pytest.mark.parametrize("manifest, expected", [c[1:] for c in SERVICE_CASES], ids=[c[0] for c in SERVICE_CASES])
def test_service(manifest: dict, expected: list[str]) -> None:
    assert errors(Service, manifest) == expected


ALLOCATED = {
    "clusterIP": "10.96.0.50",
    "clusterIPs": ["10.96.0.50"],
    "ipFamilies": ["IPv4"],
    "ipFamilyPolicy": "SingleStack",
}
NODEPORT_SVC = merged(SVC, type="NodePort")

SERVICE_UPDATE_CASES = [
    ("unchanged, clusterIP omitted", SVC, SVC, []),
    ("same clusterIP repeated", SVC, merged(SVC, clusterIP="10.96.0.50"), []),
    # kubectl apply/edit/patch: the live object keeps clusterIPs, only clusterIP changes.
    (
        "clusterIP changed (apply)",
        SVC,
        merged(SVC, clusterIP="10.104.220.99", clusterIPs=["10.96.0.50"]),
        ['spec.clusterIPs[0]: Invalid value: ["10.104.220.99"]: may not change once set'],
    ),
    # A full replace without clusterIPs: the registry copies the allocated clusterIPs back.
    (
        "clusterIP changed (replace)",
        SVC,
        merged(SVC, clusterIP="10.104.220.99"),
        ['spec.clusterIPs: Invalid value: ["10.96.0.50"]: first value must match `clusterIP`'],
    ),
    (
        "clusterIP and clusterIPs changed",
        SVC,
        merged(SVC, clusterIP="10.104.220.99", clusterIPs=["10.104.220.99"]),
        ['spec.clusterIPs[0]: Invalid value: ["10.104.220.99"]: may not change once set'],
    ),
    (
        "ports, selector and type may change",
        SVC,
        merged(SVC, type="NodePort", selector={"app": "api"}, ports=[{"port": 8080}]),
        [],
    ),
    (
        "to ExternalName releases the IP",
        SVC,
        merged(SVC, type="ExternalName", externalName="db.example.com", selector=None),
        [],
    ),
    ("name is immutable", SVC, named(SVC, "other"), ['metadata.name: Invalid value: "other": field is immutable']),
    (
        "update still validates the new object",
        SVC,
        merged(SVC, sessionAffinity="Sticky"),
        ['spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"'],
    ),
]


@pytest.mark.parametrize(
    "old, new, expected", [c[1:] for c in SERVICE_UPDATE_CASES], ids=[c[0] for c in SERVICE_UPDATE_CASES]
)
def test_service_update(old: dict, new: dict, expected: list[str]) -> None:
    assert update_errors(Service, old, new, ALLOCATED) == expected


def test_service_update_from_external_name_may_request_an_ip() -> None:
    old = merged(SVC, type="ExternalName", externalName="db.example.com")
    assert update_errors(Service, old, merged(SVC, clusterIP="10.96.0.77")) == []


def test_service_health_check_node_port_is_immutable() -> None:
    lb = merged(SVC, type="LoadBalancer", externalTrafficPolicy="Local")
    allocated = {**ALLOCATED, "healthCheckNodePort": 31000}
    assert update_errors(Service, lb, merged(lb, healthCheckNodePort=31001), allocated) == [
        "spec.healthCheckNodePort: Forbidden: field is immutable"
    ]


# ====================================================== Deployment / ReplicaSet
DEPLOY = {
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": {"name": "web-deployment", "namespace": "default"},
    "spec": {
        "replicas": 3,
        "selector": {"matchLabels": {"app": "web"}},
        "template": {
            "metadata": {"labels": {"app": "web"}},
            "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25", "ports": [{"containerPort": 80}]}]},
        },
    },
}


def with_template(base: dict, labels: Any = "keep", **pod_spec: Any) -> dict:
    out = copy.deepcopy(base)
    template = out["spec"]["template"]
    if labels != "keep":
        template["metadata"]["labels"] = labels
    for key, value in pod_spec.items():
        template["spec"][key] = value
    return out


def with_container(base: dict, **fields: Any) -> dict:
    out = copy.deepcopy(base)
    container = out["spec"]["template"]["spec"]["containers"][0]
    for key, value in fields.items():
        if value is None:
            container.pop(key, None)
        else:
            container[key] = value
    return out


MISMATCH = 'spec.template.metadata.labels: Invalid value: {"app":"apache"}: `selector` does not match template `labels`'

DEPLOYMENT_CASES = [
    ("valid", DEPLOY, []),
    ("template labels don't match", with_template(DEPLOY, labels={"app": "apache"}), [MISMATCH]),
    (
        "template labels missing",
        with_template(DEPLOY, labels=None),
        ["spec.template.metadata.labels: Invalid value: null: `selector` does not match template `labels`"],
    ),
    (
        "selector missing",
        merged(with_template(DEPLOY, labels={"app": "apache"}), selector=None),
        ["spec.selector: Required value", MISMATCH],
    ),
    (
        "selector empty",
        merged(DEPLOY, selector={}),
        ["spec.selector: Invalid value: {}: empty selector is invalid for deployment"],
    ),
    (
        "selector matchExpressions satisfied",
        merged(DEPLOY, selector={"matchExpressions": [{"key": "app", "operator": "In", "values": ["web", "api"]}]}),
        [],
    ),
    (
        "selector bad operator",
        merged(DEPLOY, selector={"matchExpressions": [{"key": "app", "operator": "Equals", "values": ["web"]}]}),
        [
            'spec.selector.matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator',
            'spec.selector: Invalid value: {"matchExpressions":[{"key":"app","operator":"Equals","values":["web"]}]}: '
            "invalid label selector",
        ],
    ),
    (
        "selector In without values",
        merged(DEPLOY, selector={"matchExpressions": [{"key": "app", "operator": "In"}]}),
        [
            "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or "
            "'NotIn'",
            'spec.selector: Invalid value: {"matchExpressions":[{"key":"app","operator":"In"}]}: '
            "invalid label selector",
        ],
    ),
    (
        "selector bad label value",
        merged(with_template(DEPLOY, labels={"app": "-web"}), selector={"matchLabels": {"app": "-web"}}),
        [
            f'spec.selector.matchLabels: Invalid value: "-web": {LABEL_VALUE_MSG}',
            'spec.selector: Invalid value: {"matchLabels":{"app":"-web"}}: invalid label selector',
        ],
    ),
    (
        "bad template label",
        with_template(DEPLOY, labels={"app": "web", "tier": "-web"}),
        [f'spec.template.labels: Invalid value: "-web": {LABEL_VALUE_MSG}'],
    ),
    (
        "replicas -1",
        merged(DEPLOY, replicas=-1),
        ["spec.replicas: Invalid value: -1: must be greater than or equal to 0"],
    ),
    ("replicas 0 is fine", merged(DEPLOY, replicas=0), []),
    ("name not a subdomain", named(DEPLOY, "Web"), [f'metadata.name: Invalid value: "Web": {SUBDOMAIN_MSG}']),
    ("dotted name is fine", named(DEPLOY, "web.v1"), []),
    (
        "container without image",
        with_container(DEPLOY, image=None),
        ["spec.template.spec.containers[0].image: Required value"],
    ),
    (
        "container without name",
        with_container(DEPLOY, name=None),
        ["spec.template.spec.containers[0].name: Required value"],
    ),
    ("no containers", with_template(DEPLOY, containers=[]), ["spec.template.spec.containers: Required value"]),
    (
        "restartPolicy Never",
        with_template(DEPLOY, restartPolicy="Never"),
        ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    ),
    (
        "restartPolicy unknown",
        with_template(DEPLOY, restartPolicy="Sometimes"),
        [
            'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", '
            '"OnFailure", "Never"',
            'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always"',
        ],
    ),
    (
        "unknown strategy",
        merged(DEPLOY, strategy={"type": "BlueGreen"}),
        ['spec.strategy: Unsupported value: {"type":"BlueGreen"}: supported values: "Recreate", "RollingUpdate"'],
    ),
    (
        "Recreate with rollingUpdate",
        merged(DEPLOY, strategy={"type": "Recreate", "rollingUpdate": {"maxSurge": 1}}),
        ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"],
    ),
    (
        "maxSurge and maxUnavailable both 0",
        merged(DEPLOY, strategy={"rollingUpdate": {"maxSurge": 0, "maxUnavailable": 0}}),
        ["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0"],
    ),
    (
        "maxUnavailable 0% and maxSurge 0",
        merged(DEPLOY, strategy={"rollingUpdate": {"maxSurge": 0, "maxUnavailable": "0%"}}),
        ["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0%: may not be 0 when `maxSurge` is 0"],
    ),
    (
        "maxUnavailable over 100%",
        merged(DEPLOY, strategy={"rollingUpdate": {"maxUnavailable": "150%"}}),
        ["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 150%: must not be greater than 100%"],
    ),
    (
        "negative maxSurge",
        merged(DEPLOY, strategy={"rollingUpdate": {"maxSurge": -1}}),
        ["spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0"],
    ),
    (
        "progressDeadline not above minReady",
        merged(DEPLOY, minReadySeconds=600),
        ["spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds"],
    ),
]


@pytest.mark.parametrize("manifest, expected", [c[1:] for c in DEPLOYMENT_CASES], ids=[c[0] for c in DEPLOYMENT_CASES])
def test_deployment(manifest: dict, expected: list[str]) -> None:
    assert errors(Deployment, manifest) == expected


WEB2 = merged(DEPLOY, selector={"matchLabels": {"app": "web2"}})

DEPLOYMENT_UPDATE_CASES = [
    ("new image", DEPLOY, with_container(DEPLOY, image="nginx:1.26"), []),
    ("scale", DEPLOY, merged(DEPLOY, replicas=5), []),
    (
        "selector changed with matching template labels",
        DEPLOY,
        with_template(WEB2, labels={"app": "web2"}),
        ['spec.selector: Invalid value: {"matchLabels":{"app":"web2"}}: field is immutable'],
    ),
    (
        "only the selector changed",
        DEPLOY,
        WEB2,
        [
            'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
            'spec.selector: Invalid value: {"matchLabels":{"app":"web2"}}: field is immutable',
        ],
    ),
    (
        "selector gains a label",
        DEPLOY,
        with_template(
            merged(DEPLOY, selector={"matchLabels": {"app": "web", "tier": "fe"}}), labels={"app": "web", "tier": "fe"}
        ),
        ['spec.selector: Invalid value: {"matchLabels":{"app":"web","tier":"fe"}}: field is immutable'],
    ),
    (
        "only template labels changed",
        DEPLOY,
        with_template(DEPLOY, labels={"app": "apache"}),
        ['spec.template.metadata.labels: Invalid value: {"app":"apache"}: `selector` does not match template `labels`'],
    ),
]


@pytest.mark.parametrize(
    "old, new, expected", [c[1:] for c in DEPLOYMENT_UPDATE_CASES], ids=[c[0] for c in DEPLOYMENT_UPDATE_CASES]
)
def test_deployment_update(old: dict, new: dict, expected: list[str]) -> None:
    assert update_errors(Deployment, old, new) == expected


RS = {**copy.deepcopy(DEPLOY), "kind": "ReplicaSet", "metadata": {"name": "web-7d4b9c6f5", "namespace": "default"}}

REPLICASET_CASES = [
    ("valid", RS, []),
    (
        "empty selector",
        merged(RS, selector={}),
        ["spec.selector: Invalid value: {}: empty selector is invalid for deployment"],
    ),
    ("mismatch", with_template(RS, labels={"app": "apache"}), [MISMATCH]),
    (
        "selector missing",
        merged(with_template(RS, labels={"app": "apache"}), selector=None),
        ["spec.selector: Required value", MISMATCH],
    ),
    (
        "negative replicas",
        merged(RS, replicas=-2),
        ["spec.replicas: Invalid value: -2: must be greater than or equal to 0"],
    ),
]


@pytest.mark.parametrize("manifest, expected", [c[1:] for c in REPLICASET_CASES], ids=[c[0] for c in REPLICASET_CASES])
def test_replica_set(manifest: dict, expected: list[str]) -> None:
    assert errors(ReplicaSet, manifest) == expected


def test_replica_set_selector_is_immutable() -> None:
    new = merged(RS, selector={"matchLabels": {"app": "web2"}})
    assert update_errors(ReplicaSet, RS, new) == [
        'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
        'spec.selector: Invalid value: {"matchLabels":{"app":"web2"}}: field is immutable',
    ]
    assert update_errors(ReplicaSet, RS, merged(RS, replicas=0)) == []


# ========================================================================== Pod
POD = {
    "apiVersion": "v1",
    "kind": "Pod",
    "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web"}},
    "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25", "ports": [{"containerPort": 80}]}]},
}


def pod_container(**fields: Any) -> dict:
    out = copy.deepcopy(POD)
    container = out["spec"]["containers"][0]
    for key, value in fields.items():
        if value is None:
            container.pop(key, None)
        else:
            container[key] = value
    return out


POD_CASES = [
    ("valid", POD, []),
    ("no containers", merged(POD, containers=[]), ["spec.containers: Required value"]),
    ("containers missing", merged(POD, containers=None), ["spec.containers: Required value"]),
    ("container without name", pod_container(name=None), ["spec.containers[0].name: Required value"]),
    (
        "container name upper case",
        pod_container(name="Web"),
        [f'spec.containers[0].name: Invalid value: "Web": {LABEL_MSG}'],
    ),
    (
        "container name with a dot",
        pod_container(name="web.1"),
        ['spec.containers[0].name: Invalid value: "web.1": must not contain dots'],
    ),
    (
        "duplicate container names",
        merged(POD, containers=[{"name": "web", "image": "nginx"}, {"name": "web", "image": "busybox"}]),
        ['spec.containers[1].name: Duplicate value: "web"'],
    ),
    ("container without image", pod_container(image=None), ["spec.containers[0].image: Required value"]),
    (
        "image with leading space",
        pod_container(image=" nginx"),
        ['spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace'],
    ),
    (
        "containerPort missing",
        pod_container(ports=[{"name": "http"}]),
        ["spec.containers[0].ports[0].containerPort: Required value"],
    ),
    (
        "containerPort 0",
        pod_container(ports=[{"containerPort": 0}]),
        ["spec.containers[0].ports[0].containerPort: Required value"],
    ),
    (
        "containerPort 70000",
        pod_container(ports=[{"containerPort": 70000}]),
        [f"spec.containers[0].ports[0].containerPort: Invalid value: 70000: {PORT_RANGE}"],
    ),
    (
        "hostPort 70000",
        pod_container(ports=[{"containerPort": 80, "hostPort": 70000}]),
        [f"spec.containers[0].ports[0].hostPort: Invalid value: 70000: {PORT_RANGE}"],
    ),
    (
        "port name with underscore",
        pod_container(ports=[{"name": "http_port", "containerPort": 80}]),
        [f'spec.containers[0].ports[0].name: Invalid value: "http_port": {PORT_CHARSET}'],
    ),
    (
        "port name too long",
        pod_container(ports=[{"name": "http-alternative", "containerPort": 80}]),
        ['spec.containers[0].ports[0].name: Invalid value: "http-alternative": must be no more than 15 characters'],
    ),
    (
        "duplicate port names",
        pod_container(ports=[{"name": "http", "containerPort": 80}, {"name": "http", "containerPort": 8080}]),
        ['spec.containers[0].ports[1].name: Duplicate value: "http"'],
    ),
    (
        "same port name in two containers",
        merged(
            POD,
            containers=[
                {"name": "a", "image": "nginx", "ports": [{"name": "http", "containerPort": 80}]},
                {"name": "b", "image": "nginx", "ports": [{"name": "http", "containerPort": 8080}]},
            ],
        ),
        [],
    ),
    (
        "bad port protocol",
        pod_container(ports=[{"containerPort": 80, "protocol": "HTTP"}]),
        ['spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"'],
    ),
    (
        "same hostPort twice",
        merged(
            POD,
            containers=[
                {"name": "a", "image": "nginx", "ports": [{"containerPort": 80, "hostPort": 8080}]},
                {"name": "b", "image": "nginx", "ports": [{"containerPort": 81, "hostPort": 8080}]},
            ],
        ),
        ['spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"'],
    ),
    (
        "bad imagePullPolicy",
        pod_container(imagePullPolicy="Sometimes"),
        [
            'spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", '
            '"IfNotPresent", "Never"'
        ],
    ),
    (
        "restartPolicy unknown",
        merged(POD, restartPolicy="Sometimes"),
        ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'],
    ),
    ("restartPolicy Never is fine for a pod", merged(POD, restartPolicy="Never"), []),
    (
        "dnsPolicy unknown",
        merged(POD, dnsPolicy="Google"),
        [
            'spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", '
            '"Default", "None"'
        ],
    ),
    (
        "hostname not a label",
        merged(POD, hostname="My_Host"),
        [f'spec.hostname: Invalid value: "My_Host": {LABEL_MSG}'],
    ),
    (
        "subdomain with dots",
        merged(POD, subdomain="a.b"),
        ['spec.subdomain: Invalid value: "a.b": must not contain dots'],
    ),
    (
        "liveness probe with bad port",
        pod_container(livenessProbe={"httpGet": {"port": 0}}),
        [f"spec.containers[0].livenessProbe.httpGet.port: Invalid value: 0: {PORT_RANGE}"],
    ),
    (
        "liveness probe successThreshold",
        pod_container(livenessProbe={"tcpSocket": {"port": 80}, "successThreshold": 2}),
        ["spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"],
    ),
    ("pod name not a subdomain", named(POD, "Web_1"), [f'metadata.name: Invalid value: "Web_1": {SUBDOMAIN_MSG}']),
    (
        "bad label key",
        {**POD, "metadata": {**POD["metadata"], "labels": {"my key": "x"}}},
        [f'metadata.labels: Invalid value: "my key": {NAME_PART_MSG}'],
    ),
    (
        "bad annotation key",
        {**POD, "metadata": {**POD["metadata"], "annotations": {"bad key": "x"}}},
        [f'metadata.annotations: Invalid value: "bad key": {NAME_PART_MSG}'],
    ),
    ("upper-case annotation key is fine", {**POD, "metadata": {**POD["metadata"], "annotations": {"Team": "x"}}}, []),
    (
        "namespace not a label",
        {**POD, "metadata": {**POD["metadata"], "namespace": "Dev"}},
        [f'metadata.namespace: Invalid value: "Dev": {LABEL_MSG}'],
    ),
]


@pytest.mark.parametrize("manifest, expected", [c[1:] for c in POD_CASES], ids=[c[0] for c in POD_CASES])
def test_pod(manifest: dict, expected: list[str]) -> None:
    assert errors(Pod, manifest) == expected


POD_UPDATE_CASES = [
    ("new image", POD, pod_container(image="nginx:1.26"), []),
    ("new labels", POD, {**POD, "metadata": {**POD["metadata"], "labels": {"app": "api"}}}, []),
    ("port changed", POD, pod_container(ports=[{"containerPort": 8080}]), [POD_UPDATE_MSG]),
    ("env added", POD, pod_container(env=[{"name": "A", "value": "1"}]), [POD_UPDATE_MSG]),
    (
        "container added",
        POD,
        merged(POD, containers=POD["spec"]["containers"] + [{"name": "b", "image": "busybox"}]),
        ["spec.containers: Forbidden: pod updates may not add or remove containers"],
    ),
    ("activeDeadlineSeconds set", POD, merged(POD, activeDeadlineSeconds=60), []),
    ("tolerations added", POD, merged(POD, tolerations=[{"key": "k", "operator": "Exists"}]), []),
    ("image removed", POD, pod_container(image=None), ["spec.containers[0].image: Required value"]),
]


@pytest.mark.parametrize("old, new, expected", [c[1:] for c in POD_UPDATE_CASES], ids=[c[0] for c in POD_UPDATE_CASES])
def test_pod_update(old: dict, new: dict, expected: list[str]) -> None:
    assert update_errors(Pod, old, new) == expected


def test_pod_active_deadline_may_only_shrink() -> None:
    old = merged(POD, activeDeadlineSeconds=60)
    assert update_errors(Pod, old, merged(POD, activeDeadlineSeconds=30)) == []
    assert update_errors(Pod, old, merged(POD, activeDeadlineSeconds=90)) == [
        "spec.activeDeadlineSeconds: Invalid value: 90: must be less than or equal to previous value"
    ]


def test_pod_tolerations_may_not_be_removed() -> None:
    old = merged(POD, tolerations=[{"key": "k", "operator": "Exists"}])
    assert update_errors(Pod, old, POD) == [
        "spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds"
    ]


# ======================================================= other kinds
def _meta(kind: str, api_version: str, name: str, **extra: Any) -> dict:
    return {"apiVersion": api_version, "kind": kind, "metadata": {"name": name}, **extra}


OTHER_CASES = [
    ("namespace valid", Namespace, _meta("Namespace", "v1", "dev"), []),
    (
        "namespace upper case",
        Namespace,
        _meta("Namespace", "v1", "Dev"),
        [f'metadata.name: Invalid value: "Dev": {LABEL_MSG}'],
    ),
    (
        "namespace with a dot",
        Namespace,
        _meta("Namespace", "v1", "dev.team"),
        ['metadata.name: Invalid value: "dev.team": must not contain dots'],
    ),
    (
        "namespace bad finalizer",
        Namespace,
        _meta("Namespace", "v1", "dev", spec={"finalizers": ["foo"]}),
        ['spec.finalizers: Invalid value: "foo": name is neither a standard finalizer name nor is it fully qualified'],
    ),
    ("node valid with dots", Node, _meta("Node", "v1", "node-1.example.com"), []),
    (
        "node underscore",
        Node,
        _meta("Node", "v1", "node_1"),
        [f'metadata.name: Invalid value: "node_1": {SUBDOMAIN_MSG}'],
    ),
    (
        "node bad label",
        Node,
        {**_meta("Node", "v1", "n1"), "metadata": {"name": "n1", "labels": {"a/b/c": "x"}}},
        [
            'metadata.labels: Invalid value: "a/b/c": a valid label key must consist of alphanumeric characters, '
            "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  "
            "or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional "
            "DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
        ],
    ),
    ("endpoints valid", Endpoints, _meta("Endpoints", "v1", "web-service"), []),
    (
        "endpoints bad name",
        Endpoints,
        _meta("Endpoints", "v1", "Web"),
        [f'metadata.name: Invalid value: "Web": {SUBDOMAIN_MSG}'],
    ),
    (
        "endpointslice valid",
        EndpointSlice,
        _meta("EndpointSlice", "discovery.k8s.io/v1", "web-service-7vzhx", addressType="IPv4"),
        [],
    ),
    (
        "endpointslice bad addressType",
        EndpointSlice,
        _meta("EndpointSlice", "discovery.k8s.io/v1", "web-service-7vzhx", addressType="IP"),
        ['addressType: Unsupported value: "IP": supported values: "FQDN", "IPv4", "IPv6"'],
    ),
    (
        "endpointslice no addressType",
        EndpointSlice,
        _meta("EndpointSlice", "discovery.k8s.io/v1", "s"),
        ["addressType: Required value"],
    ),
    (
        "endpointslice bad name",
        EndpointSlice,
        _meta("EndpointSlice", "discovery.k8s.io/v1", "Web_1", addressType="IPv4"),
        [f'metadata.name: Invalid value: "Web_1": {SUBDOMAIN_MSG}'],
    ),
]


@pytest.mark.parametrize("cls, manifest, expected", [c[1:] for c in OTHER_CASES], ids=[c[0] for c in OTHER_CASES])
def test_other_kinds(cls: type, manifest: dict, expected: list[str]) -> None:
    assert errors(cls, manifest) == expected


def test_endpoint_slice_address_type_is_immutable() -> None:
    old = _meta("EndpointSlice", "discovery.k8s.io/v1", "s", addressType="IPv4")
    new = _meta("EndpointSlice", "discovery.k8s.io/v1", "s", addressType="IPv6")
    assert [e.render() for e in validate_update(_decode(EndpointSlice, new), _decode(EndpointSlice, old))] == [
        'addressType: Invalid value: "IPv6": field is immutable'
    ]


def test_generate_name_may_end_with_a_dash() -> None:
    pod = copy.deepcopy(POD)
    pod["metadata"]["generateName"] = "web-"
    assert errors(Pod, pod) == []


def test_unknown_type_is_a_programming_error() -> None:
    with pytest.raises(TypeError):
        validate(object())
