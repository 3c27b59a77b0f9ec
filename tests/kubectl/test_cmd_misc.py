"""describe, version, cluster-info, api-resources, rollout, help, flag parsing, unknown commands, determinism."""

from __future__ import annotations

import json

import pytest
import yaml
from kubectl_cmd_support import (
    ENDPOINTS_WARNING,
    WEB_DEPLOYMENT,
    WEB_SERVICE_CLUSTERIP,
    WEB_SERVICE_NODEPORT,
    fails_cleanly,
    kubectl,
    ok,
    pod_hash,
    pods,
    service,
    table,
)

from kubesim_nb import Cluster
from kubesim_nb.api.apps import ReplicaSet


@pytest.fixture
def web(cluster):
    ok(cluster, "apply -f -", stdin=WEB_DEPLOYMENT)
    ok(cluster, "apply -f -", stdin=WEB_SERVICE_NODEPORT)
    return cluster


# ------------------------------------------------------------------ describe
def test_describe_service_layout(web):
    ips = sorted((p.status.pod_ip for p in pods(web, app="web")), key=lambda ip: tuple(map(int, ip.split("."))))
    ip = service(web, "web-service").spec.cluster_ip
    assert ok(web, "describe service web-service") == (
        "Name:                     web-service\n"
        "Namespace:                default\n"
        "Labels:                   <none>\n"
        "Annotations:              <none>\n"
        "Selector:                 app=web\n"
        "Type:                     NodePort\n"
        "IP Family Policy:         SingleStack\n"
        "IP Families:              IPv4\n"
        f"IP:                       {ip}\n"
        f"IPs:                      {ip}\n"
        "Port:                     <unset>  80/TCP\n"
        "TargetPort:               80/TCP\n"
        "NodePort:                 <unset>  30007/TCP\n"
        f"Endpoints:                {','.join(f'{a}:80' for a in ips)}\n"
        "Session Affinity:         None\n"
        "External Traffic Policy:  Cluster\n"
        "Internal Traffic Policy:  Cluster\n"
        "Events:                   <none>\n"
    )


def test_describe_name_prefix_type_name_and_several(web):
    full = ok(web, "describe svc web-service")
    without_events = full[: full.index("Events:")]  # describe.go: events only for one object found as named
    assert ok(web, "describe svc web") == without_events + "\n"  # a name prefix: each followed by a blank line
    assert ok(web, "describe service/web-service") == full
    both = ok(web, "describe svc")
    assert both.startswith("Name:                     kubernetes\n") and both.endswith("\n\n\n" + without_events)
    assert "Selector:                 <none>\n" in both and "Port:                     https  443/TCP\n" in both


def test_describe_pod_deployment_replicaset_endpoints_node_namespace(web):
    pod = sorted(pods(web, app="web"), key=lambda p: p.name)[0]
    text = ok(web, f"describe pod {pod.name}")
    for line in (
        f"Name:             {pod.name}\n",
        "Namespace:        default\n",
        "Node:             docker-desktop/192.168.65.3\n",
        "Status:           Running\n",
        f"IP:               {pod.status.pod_ip}\n",
        f"Controlled By:  ReplicaSet/web-deployment-{pod_hash(web, app='web')}\n",
        "    Image:          nginx:alpine\n",
        "    Port:           80/TCP\n",
        "QoS Class:                    BestEffort\n",
    ):
        assert line in text
    text = ok(web, "describe deployment web-deployment")
    for line in (
        "Name:                   web-deployment\n",
        "Selector:               app=web\n",
        "Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable\n",
        "StrategyType:           RollingUpdate\n",
        "RollingUpdateStrategy:  25% max unavailable, 25% max surge\n",
        f"NewReplicaSet:   web-deployment-{pod_hash(web, app='web')} (3/3 replicas created)\n",
    ):
        assert line in text
    rs = web.store.list(ReplicaSet, "default")[0].name
    assert ok(web, f"describe rs {rs}").startswith(f"Name:           {rs}\nNamespace:      default\n")
    result = kubectl(web, "describe endpoints web-service")
    assert result.stderr == ENDPOINTS_WARNING
    assert "Subsets:\n  Addresses:          " in result.stdout and "    <unset>  80    TCP\n" in result.stdout
    text = ok(web, "describe node docker-desktop")
    assert text.startswith("Name:               docker-desktop\nRoles:              control-plane\n")
    assert "  InternalIP:  192.168.65.3\n" in text
    assert ok(web, "describe ns default").startswith("Name:         default\n")


def test_describe_by_selector_and_not_found(web):
    names = sorted(p.name for p in pods(web, app="web"))
    text = ok(web, "describe pods -l app=web")
    assert [line.split()[1] for line in text.splitlines() if line.startswith("Name:")] == names
    assert (
        fails_cleanly(type(web)(seed=1, think_time=0), "describe svc nope").stderr
        == 'Error from server (NotFound): services "nope" not found\n'
    )
    result = kubectl(web, "describe pods -l app=nope")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "No resources found in default namespace.\n")
    assert kubectl(web, "describe").stderr == (
        'error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list '
        "of supported resources.\n"
    )
    assert kubectl(web, "describe gadgets").stderr == 'error: the server doesn\'t have a resource type "gadgets"\n'


# ------------------------------------------------------------------ informational commands
def test_version(still):
    assert ok(still, "version") == "Client Version: v1.37.1\nKustomize Version: v5.8.1\nServer Version: v1.37.1\n"
    assert ok(still, "version --client") == "Client Version: v1.37.1\nKustomize Version: v5.8.1\n"
    data = json.loads(ok(still, "version -o json"))
    assert data["clientVersion"]["gitVersion"] == data["serverVersion"]["gitVersion"] == "v1.37.1"
    assert set(yaml.safe_load(ok(still, "version --client -o yaml"))) == {"clientVersion", "kustomizeVersion"}
    assert fails_cleanly(still, "version -o table").stderr == "error: --output must be 'yaml' or 'json'\n"


def test_cluster_info(still):
    assert ok(still, "cluster-info") == (
        "Kubernetes control plane is running at https://kubernetes.docker.internal:6443\n"
        "CoreDNS is running at https://kubernetes.docker.internal:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n\n"
        "To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n"
    )


def test_api_resources(still):
    rows = [
        ["configmaps", "cm", "v1", "true", "ConfigMap"],
        ["endpoints", "ep", "v1", "true", "Endpoints"],
        ["events", "ev", "v1", "true", "Event"],
        ["namespaces", "ns", "v1", "false", "Namespace"],
        ["nodes", "no", "v1", "false", "Node"],
        ["pods", "po", "v1", "true", "Pod"],
        ["secrets", "", "v1", "true", "Secret"],
        ["services", "svc", "v1", "true", "Service"],
        ["deployments", "deploy", "apps/v1", "true", "Deployment"],
        ["replicasets", "rs", "apps/v1", "true", "ReplicaSet"],
        ["cronjobs", "cj", "batch/v1", "true", "CronJob"],
        ["jobs", "", "batch/v1", "true", "Job"],
        ["endpointslices", "", "discovery.k8s.io/v1", "true", "EndpointSlice"],
        ["ingresses", "ing", "networking.k8s.io/v1", "true", "Ingress"],
    ]
    assert ok(still, "api-resources") == table(["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"], *rows)
    assert ok(still, "api-resources --no-headers") == table(*rows)
    assert ok(still, "api-resources --namespaced=false") == table(
        ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"], rows[3], rows[4]
    )
    assert ok(still, "api-resources -o name") == (
        "configmaps\nendpoints\nevents\nnamespaces\nnodes\npods\nsecrets\nservices\ndeployments.apps\nreplicasets.apps\n"
        "cronjobs.batch\njobs.batch\nendpointslices.discovery.k8s.io\ningresses.networking.k8s.io\n"
    )


# ------------------------------------------------------------------ rollout
def test_rollout_status_waits_and_reports(still):
    ok(still, "create deployment web --image=nginx:alpine --replicas=3")
    start = still.clock.seconds()
    out = ok(still, "rollout status deployment/web")
    lines = out.splitlines()
    assert lines[-1] == 'deployment "web" successfully rolled out'
    assert all(line.startswith('Waiting for deployment "web" rollout to finish: ') for line in lines[:-1])
    assert still.clock.seconds() > start  # simulated time passed while waiting
    assert ok(still, "rollout status deploy web") == 'deployment "web" successfully rolled out\n'


def test_rollout_restart_creates_a_new_replicaset(still):
    ok(still, "create deployment web --image=nginx:alpine --replicas=3")
    still.advance("30s")
    old = {p.name for p in pods(still, app="web")}
    assert ok(still, "rollout restart deployment/web") == "deployment.apps/web restarted\n"
    out = ok(still, "rollout status deployment/web")
    assert "new replicas have been updated..." in out and out.endswith('deployment "web" successfully rolled out\n')
    still.advance("40s")
    assert len(still.store.list(ReplicaSet, "default")) == 2
    new = {p.name for p in pods(still, app="web")}
    assert len(new) == 3 and not (new & old)


def test_rollout_errors(still):
    assert (
        fails_cleanly(still, "rollout status deployment/nope").stderr
        == 'Error from server (NotFound): deployments.apps "nope" not found\n'
    )
    assert (
        fails_cleanly(still, "rollout status svc/kubernetes").stderr
        == "error: no status viewer has been implemented for Service\n"
    )
    assert (
        fails_cleanly(still, "rollout restart svc/kubernetes").stderr
        == 'error: services "kubernetes" restarting is not supported\n'
    )
    assert fails_cleanly(still, "rollout status").stderr == "error: required resource not specified\n"


# ------------------------------------------------------------------ help, unknown commands and flags
@pytest.mark.parametrize(
    "command",
    [
        "get",
        "describe",
        "apply",
        "create",
        "create deployment",
        "create service nodeport",
        "create namespace",
        "delete",
        "label",
        "scale",
        "patch",
        "expose",
        "run",
        "rollout",
        "version",
        "cluster-info",
        "api-resources",
    ],
)
def test_every_command_has_help(still, command):
    start = still.clock.seconds()
    for flag in ("--help", "-h"):
        result = kubectl(still, f"{command} {flag}")
        assert result.exit_code == 0 and result.stderr == ""
        assert "Usage:\n  kubectl " in result.stdout
    assert still.clock.seconds() == start  # help is printed before the think time passes


def test_top_level_help(still):
    out = ok(still, "--help")
    assert out == ok(still, "help") == ok(still, "") == ok(still, "-n dev")
    assert "  get             Display one or many resources\n" in out
    assert "\nOther Commands:\n  api-resources   Print the supported API resources on the server\n" in out


def test_unknown_command_with_and_without_suggestion(still):
    # cobra's suggestions, in the order kubectl adds its commands (set before get)
    assert fails_cleanly(still, "gett pods").stderr == (
        'error: unknown command "gett" for "kubectl"\n\nDid you mean this?\n\tset\n\tget\n'
    )
    assert fails_cleanly(still, "frobnicate").stderr == 'error: unknown command "frobnicate" for "kubectl"\n'
    # a command kubectl has and kubesim does not simulate is refused, not unknown
    assert fails_cleanly(still, "top pods").stderr == 'error: kubesim does not implement "kubectl top"\n'


def test_unknown_and_malformed_flags(still):
    assert (
        fails_cleanly(still, "get pods --foo").stderr
        == "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n"
    )
    assert (
        fails_cleanly(still, "get pods -x").stderr
        == "error: unknown shorthand flag: 'x' in -x\nSee 'kubectl get --help' for usage.\n"
    )
    assert (
        fails_cleanly(still, "apply --foo=bar -f x.yaml").stderr
        == "error: unknown flag: --foo\nSee 'kubectl apply --help' for usage.\n"
    )
    assert (
        fails_cleanly(still, "get pods -n").stderr
        == "error: flag needs an argument: 'n' in -n\nSee 'kubectl get --help' for usage.\n"
    )
    assert (
        fails_cleanly(still, "get pods --namespace").stderr
        == "error: flag needs an argument: --namespace\nSee 'kubectl get --help' for usage.\n"
    )
    assert fails_cleanly(still, "get pods --no-headers=maybe").stderr == (
        'error: invalid argument "maybe" for "--no-headers" flag: strconv.ParseBool: parsing "maybe": invalid syntax\n'
        "See 'kubectl get --help' for usage.\n"
    )


def test_flag_spellings(still):
    ok(still, "create namespace shop")
    ok(still, "apply -n shop -f -", stdin=WEB_SERVICE_CLUSTERIP)
    expected = ok(still, "get svc -n shop -o name")
    assert expected == "service/web-service\n"
    for spelling in (
        "get svc -nshop -o name",
        "get svc -n=shop -oname",
        "get svc --namespace shop --output=name",
        "get -n shop svc -o name",
        "kubectl get svc --namespace=shop -o name",
    ):
        assert ok(still, spelling) == expected, spelling
    # a quoted argument keeps its spaces; a # starts a shell comment
    assert ok(still, "get svc -n shop -l 'app notin (x, y)' -o name # a comment") == expected


def test_state_unchanged_by_reads_and_help(still):
    ok(still, "apply -f -", stdin=WEB_DEPLOYMENT)
    still.advance("20s")
    before = still.dumps()
    for command in (
        "get all",
        "get pods -o yaml",
        "describe deploy web-deployment",
        "version",
        "api-resources",
        "cluster-info",
        "get --help",
        "get ep",
        "get svc --sort-by=.metadata.name",
    ):
        kubectl(still, command)
    assert still.dumps() == before


# ------------------------------------------------------------------ determinism
def lesson_transcript(seed: int) -> list[str]:
    c = Cluster(seed=seed, think_time=10)
    outputs = []
    for command, stdin in [
        ("apply -f -", WEB_DEPLOYMENT),
        ("apply -f -", WEB_SERVICE_CLUSTERIP),
        ("get pods -o wide", None),
        ("get svc", None),
        ("get ep web-service", None),
        ("delete pod --all", None),
        ("get pods -o wide", None),
        ("create service nodeport np --tcp=80", None),
        ("get svc np -o yaml", None),
        ("get endpointslices", None),
    ]:
        result = c.kubectl(command, stdin=stdin)
        outputs.append(result.output)
    outputs.append(c.dumps())
    return outputs


def test_same_seed_same_commands_same_outputs():
    assert lesson_transcript(7) == lesson_transcript(7)


def test_different_seed_different_pod_names():
    one, two = lesson_transcript(7), lesson_transcript(8)
    names = lambda out: sorted(line.split()[0] for line in out.splitlines()[1:])  # noqa: E731
    assert names(one[2]) != names(two[2])
    assert one[3].splitlines()[0] == two[3].splitlines()[0]  # same header
