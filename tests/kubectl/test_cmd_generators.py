"""Objects built from flags: create deployment|service|namespace, run, expose."""

from __future__ import annotations

import pytest
import yaml
from kubectl_cmd_support import NODE_PORT_RANGE, WEB_DEPLOYMENT, fails_cleanly, ok, pods, service

from kubesim_nb.api.apps import Deployment
from kubesim_nb.api.core import Namespace, Pod

DEPLOYMENT_DRY_RUN = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app: web-deployment
  name: web-deployment
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web-deployment
  strategy: {}
  template:
    metadata:
      labels:
        app: web-deployment
    spec:
      containers:
      - image: nginx:alpine
        name: nginx
        resources: {}
status: {}
"""

NODEPORT_DRY_RUN = """\
apiVersion: v1
kind: Service
metadata:
  labels:
    app: web-service
  name: web-service
spec:
  ports:
  - name: 80-80
    nodePort: 30007
    port: 80
    protocol: TCP
    targetPort: 80
  selector:
    app: web-service
  type: NodePort
status:
  loadBalancer: {}
"""

RUN_DRY_RUN = """\
apiVersion: v1
kind: Pod
metadata:
  labels:
    run: test-pod
  name: test-pod
spec:
  containers:
  - args:
    - sleep
    - "3600"
    image: alpine
    name: test-pod
    resources: {}
  dnsPolicy: ClusterFirst
  restartPolicy: Always
status: {}
"""


# ------------------------------------------------------------------ create deployment
def test_create_deployment_dry_run_client_yaml_matches_kubectl(still):
    before = still.dumps()
    assert (
        ok(still, "create deployment web-deployment --image=nginx:alpine --replicas=3 --dry-run=client -o yaml")
        == DEPLOYMENT_DRY_RUN
    )
    assert still.dumps() == before


def test_create_deployment_port_namespace_and_name_output(still):
    text = ok(still, "create deployment web --image=nginx --port=80 -n default --dry-run=client -o yaml")
    data = yaml.safe_load(text)
    assert data["metadata"]["namespace"] == "default"  # only because -n was given
    assert data["spec"]["template"]["spec"]["containers"] == [
        {"image": "nginx", "name": "nginx", "ports": [{"containerPort": 80}], "resources": {}}
    ]
    assert ok(still, "create deployment web --image=nginx --dry-run=client -o name") == "deployment.apps/web\n"
    assert (
        ok(still, "create deployment web --image=nginx --dry-run=client") == "deployment.apps/web created (dry run)\n"
    )
    assert (
        ok(still, "create deployment web --image=nginx --dry-run=server")
        == "deployment.apps/web created (server dry run)\n"
    )


def test_create_deployment_runs_replicas(cluster):
    assert (
        ok(cluster, "create deployment web-deployment --image=nginx:alpine --replicas=3")
        == "deployment.apps/web-deployment created\n"
    )
    assert ok(cluster, "get deploy web-deployment --no-headers").split()[:4] == ["web-deployment", "3/3", "3", "3"]
    assert {p.labels["app"] for p in pods(cluster)} == {"web-deployment"}
    assert (
        ok(cluster, "create deploy short --image=registry.k8s.io/e2e-test-images/agnhost:2.39 -r 2")
        == "deployment.apps/short created\n"
    )
    container = cluster.store.get(Deployment, "default", "short").spec.template.spec.containers[0]
    assert (container.name, container.image) == ("agnhost", "registry.k8s.io/e2e-test-images/agnhost:2.39")


def test_create_deployment_with_a_command(cluster):
    ok(cluster, "create deployment sleeper --image=busybox -- sleep 3600")
    assert (
        ok(cluster, "get deploy sleeper -o jsonpath={.spec.template.spec.containers[0].command}") == '["sleep","3600"]'
    )
    result = fails_cleanly(
        type(cluster)(seed=1, think_time=0), "create deployment two --image=nginx --image=busybox -- sleep 1"
    )
    assert result.stderr == "error: cannot specify multiple --image options and command\n"


def test_create_deployment_errors(still):
    assert fails_cleanly(still, "create deployment web").stderr == 'error: required flag(s) "image" not set\n'
    assert fails_cleanly(still, "create deployment --image=nginx").stderr == (
        "error: exactly one NAME is required, got 0\nSee 'kubectl create deployment -h' for help and examples\n"
    )
    assert fails_cleanly(still, "create deployment Web --image=nginx").stderr.startswith(
        'error: failed to create deployment: Deployment.apps "Web" is invalid: '
        'metadata.name: Invalid value: "Web": a lowercase RFC 1123 subdomain'
    )
    assert fails_cleanly(still, "create deployment w --image=nginx --replicas=-1").stderr == (
        'error: failed to create deployment: Deployment.apps "w" is invalid: spec.replicas: Invalid value: -1: '
        "must be greater than or equal to 0\n"
    )
    ok(still, "create deployment w --image=nginx")
    assert fails_cleanly(still, "create deployment w --image=nginx").stderr == (
        'error: failed to create deployment: deployments.apps "w" already exists\n'
    )


# ------------------------------------------------------------------ create service
def test_create_service_nodeport_dry_run_matches_kubectl(still):
    assert (
        ok(still, "create service nodeport web-service --tcp=80:80 --node-port=30007 --dry-run=client -o yaml")
        == NODEPORT_DRY_RUN
    )


@pytest.mark.parametrize(
    "kind, type_name", [("clusterip", "ClusterIP"), ("nodeport", "NodePort"), ("loadbalancer", "LoadBalancer")]
)
def test_create_service_kinds(cluster, kind, type_name):
    assert ok(cluster, f"create service {kind} web --tcp=80:8080") == "service/web created\n"
    svc = service(cluster, "web")
    assert svc.spec.type == type_name
    assert svc.spec.selector == {"app": "web"} and svc.labels == {"app": "web"}
    port = svc.spec.ports[0]
    assert (port.name, port.port, port.target_port, port.protocol) == ("80-8080", 80, 8080, "TCP")
    assert (port.node_port is not None) == (kind != "clusterip")


def test_create_service_port_names_and_named_target(still):
    data = yaml.safe_load(ok(still, "create service clusterip x --tcp=80 --tcp=443:8443 --dry-run=client -o yaml"))
    assert data["spec"]["ports"] == [
        {"name": "80", "port": 80, "protocol": "TCP", "targetPort": 80},
        {"name": "443-8443", "port": 443, "protocol": "TCP", "targetPort": 8443},
    ]
    data = yaml.safe_load(ok(still, "create service clusterip x --tcp=80:abc --dry-run=client -o yaml"))
    assert data["spec"]["ports"] == [{"name": "80-abc", "port": 80, "protocol": "TCP", "targetPort": "abc"}]


def test_create_service_headless_and_externalname(cluster):
    assert ok(cluster, "create service clusterip headless --clusterip=None") == "service/headless created\n"
    assert ok(cluster, "create svc externalname ext --external-name=api.github.com") == "service/ext created\n"
    out = ok(cluster, "get svc ext headless")
    assert out.splitlines()[1].split() == ["ext", "ExternalName", "<none>", "api.github.com", "<none>", "10s"]
    assert out.splitlines()[2].split() == ["headless", "ClusterIP", "None", "<none>", "<none>", "20s"]
    assert service(cluster, "ext").spec.selector == {"app": "ext"}  # create_service.go selects app=NAME for every type


def test_create_service_errors(still):
    assert (
        fails_cleanly(still, "create service clusterip x").stderr
        == "error: at least one tcp port specifier must be provided\n"
    )
    assert fails_cleanly(still, "create service clusterip x --tcp=http:8080").stderr == (
        'error: strconv.ParseUint: parsing "http": invalid syntax\n'
    )
    assert fails_cleanly(still, "create service nodeport bad --tcp=80 --node-port=29999").stderr == (
        'error: failed to create NodePort service: Service "bad" is invalid: '
        f"spec.ports[0].nodePort: Invalid value: 29999: {NODE_PORT_RANGE}\n"
    )
    assert (
        fails_cleanly(still, "create service externalname ext").stderr
        == 'error: required flag(s) "external-name" not set\n'
    )
    ok(still, "create service clusterip dup --tcp=80")
    assert fails_cleanly(still, "create service clusterip dup --tcp=80").stderr == (
        'error: failed to create ClusterIP service: services "dup" already exists\n'
    )
    assert fails_cleanly(still, "create service clusterip Bad --tcp=80").stderr.startswith(
        'error: failed to create ClusterIP service: Service "Bad" is invalid: '
        'metadata.name: Invalid value: "Bad": a DNS-1035 label'
    )


def test_create_service_flags_belong_to_their_subcommand(still):
    assert fails_cleanly(still, "create service nodeport web --tcp=80 --clusterip=None").stderr == (
        "error: unknown flag: --clusterip\nSee 'kubectl create service nodeport --help' for usage.\n"
    )
    assert fails_cleanly(still, "create service clusterip web --tcp=80 --node-port=30001").stderr == (
        "error: unknown flag: --node-port\nSee 'kubectl create service clusterip --help' for usage.\n"
    )
    assert fails_cleanly(still, "create service loadbalancer web --tcp=80 --external-name=x.com").stderr == (
        "error: unknown flag: --external-name\nSee 'kubectl create service loadbalancer --help' for usage.\n"
    )


def test_create_service_without_a_type(still):
    result = fails_cleanly(still, "create service")
    assert result.stderr.startswith("Create a service using a specified subcommand.\n")
    assert "  nodeport       Create a NodePort service\n" in result.stderr
    assert fails_cleanly(still, "create service web").stderr == (
        "error: unknown command \"web\"\nSee 'kubectl create service -h' for help and examples\n"
    )


# ------------------------------------------------------------------ create namespace
def test_create_namespace(still):
    assert ok(still, "create namespace dev") == "namespace/dev created\n"
    assert ok(still, "create ns qa") == "namespace/qa created\n"
    assert still.store.get(Namespace, "", "qa") is not None
    assert ok(still, "create namespace x --dry-run=client -o yaml") == (
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\nspec: {}\nstatus: {}\n"
    )
    assert (
        fails_cleanly(still, "create namespace dev").stderr
        == 'Error from server (AlreadyExists): namespaces "dev" already exists\n'
    )
    assert fails_cleanly(still, "create namespace Dev").stderr == (
        'The Namespace "Dev" is invalid: metadata.name: Invalid value: "Dev": '
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
        "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
        "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')\n"
    )


# ------------------------------------------------------------------ run
def test_run_dry_run_client_yaml_matches_kubectl(still):
    assert ok(still, "run test-pod --image=alpine --dry-run=client -o yaml -- sleep 3600") == RUN_DRY_RUN
    never = yaml.safe_load(ok(still, "run test-pod --image=alpine --restart=Never --dry-run=client -o yaml"))
    assert never["spec"]["restartPolicy"] == "Never"
    command = yaml.safe_load(ok(still, "run t --image=busybox --command --dry-run=client -o yaml -- sleep 5"))
    assert command["spec"]["containers"][0]["command"] == ["sleep", "5"]


def test_run_creates_a_pod_labelled_run_name(cluster):
    assert ok(cluster, "run web --image=nginx:alpine") == "pod/web created\n"
    pod = cluster.store.get(Pod, "default", "web")
    assert pod.labels == {"run": "web"} and pod.spec.restart_policy == "Always"
    out = ok(cluster, "get pods --show-labels")
    assert out.splitlines()[1].split() == ["web", "1/1", "Running", "0", "10s", "run=web"]
    assert ok(cluster, "run once --image=alpine --restart=Never -- echo hi") == "pod/once created\n"
    assert cluster.store.get(Pod, "default", "once").spec.containers[0].args == ["echo", "hi"]


def test_run_options(still):
    data = yaml.safe_load(
        ok(still, "run p --image=nginx --labels=a=b,c=d --env=X=1 --port=8080 --dry-run=client -o yaml")
    )
    assert data["metadata"]["labels"] == {"a": "b", "c": "d"}
    assert data["spec"]["containers"][0]["env"] == [{"name": "X", "value": "1"}]
    assert data["spec"]["containers"][0]["ports"] == [{"containerPort": 8080}]


def test_run_expose_prints_the_pod_then_the_service(cluster):
    assert ok(cluster, "run nginx --image=nginx --port=80 --expose") == "pod/nginx created\nservice/nginx created\n"
    assert service(cluster, "nginx").spec.selector == {"run": "nginx"}
    text = ok(cluster, "run other --image=nginx --port=80 --expose --dry-run=client -o yaml")
    first, second = text.split("---\n")
    assert yaml.safe_load(first)["kind"] == "Pod" and yaml.safe_load(second)["kind"] == "Service"


def test_run_errors(still):
    assert fails_cleanly(still, "run x").stderr == 'error: required flag(s) "image" not set\n'
    assert fails_cleanly(still, "run --image=nginx").stderr == "error: NAME is required for run\n"
    assert (
        fails_cleanly(still, "run x --image=nginx --rm").stderr
        == "error: --rm should only be used for attached containers\n"
    )
    assert fails_cleanly(still, "run x --image=nginx --expose").stderr == (
        "error: --port must be set when exposing a service\n"
    )
    assert fails_cleanly(still, "run x --image=nginx --restart=Sometimes").stderr == (
        "error: invalid restart policy: Sometimes, valid values are: Always, OnFailure, Never\n"
    )
    ok(still, "run x --image=nginx")
    assert (
        fails_cleanly(still, "run x --image=nginx").stderr
        == 'Error from server (AlreadyExists): pods "x" already exists\n'
    )


# ------------------------------------------------------------------ expose
def test_expose_deployment_copies_selector_and_labels(cluster):
    ok(cluster, "create deployment web --image=nginx:alpine --replicas=2 --port=80")
    assert ok(cluster, "expose deployment web --port=80 --target-port=8080 --dry-run=client -o yaml") == (
        "apiVersion: v1\nkind: Service\nmetadata:\n  labels:\n    app: web\n  name: web\nspec:\n  ports:\n"
        "  - port: 80\n    protocol: TCP\n    targetPort: 8080\n  selector:\n    app: web\n"
        "status:\n  loadBalancer: {}\n"
    )
    assert ok(cluster, "expose deployment web --port=80 --target-port=8080") == "service/web exposed\n"
    svc = service(cluster, "web")
    assert svc.spec.selector == {"app": "web"} and svc.labels == {"app": "web"}
    assert (svc.spec.ports[0].port, svc.spec.ports[0].target_port, svc.spec.ports[0].name) == (80, 8080, None)


def test_expose_lesson_deployment_defaults_port_from_container(cluster):
    ok(cluster, "apply -f -", stdin=WEB_DEPLOYMENT)
    assert ok(cluster, "expose deployment web-deployment") == "service/web-deployment exposed\n"
    svc = service(cluster, "web-deployment")
    assert svc.spec.selector == {"app": "web"} and svc.labels == {}  # the Deployment has no labels
    assert (svc.spec.ports[0].port, svc.spec.ports[0].target_port) == (80, 80)


def test_expose_types_and_names(cluster):
    ok(cluster, "create deployment web --image=nginx:alpine --port=80")
    assert ok(cluster, "expose deployment web --type NodePort --name np --port 80") == "service/np exposed\n"
    assert ok(cluster, "get svc np --no-headers").split()[1] == "NodePort"
    assert ok(cluster, "expose deploy/web --port=81 --name=lb --type=LoadBalancer") == "service/lb exposed\n"
    assert ok(cluster, "get svc lb --no-headers").split()[3] == "localhost"
    ok(cluster, "run solo --image=nginx --port=8080")
    assert ok(cluster, "expose pod solo --port=80 --target-port=8080") == "service/solo exposed\n"
    assert service(cluster, "solo").spec.selector == {"run": "solo"}


def test_expose_errors(still):
    assert (
        fails_cleanly(still, "expose deploy nope --port=80").stderr
        == 'Error from server (NotFound): deployments.apps "nope" not found\n'
    )
    assert fails_cleanly(still, "expose").stderr.startswith(
        "error: You must provide one or more resources by argument or filename.\n"
    )
    ok(still, "create deployment noport --image=nginx")
    assert fails_cleanly(still, "expose deployment noport").stderr == (
        "error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples\n"
    )
    ok(still, "expose deployment noport --port=80")
    assert (
        fails_cleanly(still, "expose deployment noport --port=80").stderr
        == 'Error from server (AlreadyExists): services "noport" already exists\n'
    )
