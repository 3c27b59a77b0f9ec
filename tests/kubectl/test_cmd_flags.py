"""The less common flags of every command: each one is accepted and does what kubectl does with it."""

from __future__ import annotations

import pytest
import yaml
from kubectl_cmd_support import (
    WEB_DEPLOYMENT,
    WEB_SERVICE_CLUSTERIP,
    WEB_SERVICE_NODEPORT,
    fails_cleanly,
    kubectl,
    ok,
    pods,
    service,
)

from kubesim_nb.api.apps import Deployment, ReplicaSet
from kubesim_nb.api.core import Pod, Service

LABELLED = WEB_SERVICE_CLUSTERIP.replace("metadata:\n", "metadata:\n  labels:\n    app: web\n")
OTHER = LABELLED.replace("name: web-service", "name: other")
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"


@pytest.fixture
def web(cluster):
    ok(cluster, "apply -f -", stdin=WEB_DEPLOYMENT)
    ok(cluster, "apply -f -", stdin=WEB_SERVICE_CLUSTERIP)
    return cluster


# ------------------------------------------------------------------ common flags
@pytest.mark.parametrize(
    "flags",
    ["--context=docker-desktop", "--kubeconfig=/Users/learner/.kube/config", "-v 6", "-v=9", "--request-timeout=5s"],
)
def test_common_flags_are_accepted(web, flags):
    assert ok(web, f"get svc {flags} -o name") == "service/kubernetes\nservice/web-service\n"


# ------------------------------------------------------------------ apply
def test_apply_server_side(still):
    assert (
        ok(still, "apply --server-side -f -", stdin=WEB_SERVICE_CLUSTERIP) == "service/web-service serverside-applied\n"
    )
    assert LAST_APPLIED not in (service(still, "web-service").metadata.annotations or {})
    assert ok(still, "apply --server-side --field-manager=me --force-conflicts -f -", stdin=WEB_SERVICE_NODEPORT) == (
        "service/web-service serverside-applied\n"
    )
    assert service(still, "web-service").spec.ports[0].node_port == 30007
    assert ok(still, "apply --server-side --dry-run=server -f -", stdin=WEB_SERVICE_CLUSTERIP) == (
        "service/web-service serverside-applied (server dry run)\n"
    )
    assert fails_cleanly(still, "apply --server-side --dry-run=client -f -", stdin=WEB_SERVICE_CLUSTERIP).stderr == (
        "error: --dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)\n"
    )


def test_apply_selector_filters_the_manifests(still):
    assert (
        ok(still, "apply -l app=web -f -", stdin=LABELLED + "---\n" + WEB_DEPLOYMENT) == "service/web-service created\n"
    )
    assert still.store.get(Deployment, "default", "web-deployment") is None
    assert (
        fails_cleanly(still, "apply -l app=none -f -", stdin=WEB_DEPLOYMENT).stderr
        == "error: no objects passed to apply\n"
    )
    assert fails_cleanly(still, "apply -l 'app in x' -f -", stdin=WEB_DEPLOYMENT).stderr == (
        "error: the provided selector \"app in x\" is not valid: unable to parse requirement: found 'x' expected: '('\n"
    )


def test_apply_prune(still):
    ok(still, "apply -f -", stdin=LABELLED + "---\n" + OTHER)
    ok(still, "create service clusterip made-by-create --tcp=80")  # no last-applied annotation: never pruned
    assert fails_cleanly(still, "apply --prune -f -", stdin=LABELLED).stderr == (
        "error: all resources selected for prune without explicitly passing --all. "
        "To prune all resources, pass the --all flag. "
        "If you did not mean to prune all resources, specify a label selector\n"
    )
    assert ok(still, "apply --prune -l app=web --dry-run=server -f -", stdin=LABELLED) == (
        "service/web-service unchanged (server dry run)\nservice/other pruned (server dry run)\n"
    )
    assert still.store.get(Service, "default", "other") is not None
    assert (
        ok(still, "apply --prune -l app=web -f -", stdin=LABELLED)
        == "service/web-service unchanged\nservice/other pruned\n"
    )
    assert still.store.get(Service, "default", "other") is None
    assert ok(still, "apply --prune --all -f -", stdin=WEB_DEPLOYMENT) == (
        "deployment.apps/web-deployment created\nservice/web-service pruned\n"
    )
    assert still.store.get(Service, "default", "made-by-create") is not None
    assert still.store.get(Service, "default", "kubernetes") is not None


# ------------------------------------------------------------------ get
def test_get_show_kind_and_chunk_size(web):
    web.think_time = 0
    out = ok(web, "get svc --show-kind")
    assert [line.split()[0] for line in out.splitlines()] == ["NAME", "service/kubernetes", "service/web-service"]
    assert ok(web, "get svc --chunk-size=1") == ok(web, "get svc")


# ------------------------------------------------------------------ describe
def test_describe_all_namespaces_and_show_events(web):
    text = ok(web, "describe svc -A")
    assert [line.split()[1] for line in text.splitlines() if line.startswith("Name:")] == [
        "kubernetes",
        "web-service",
        "kube-dns",
    ]
    assert "Namespace:                kube-system\n" in text
    without = ok(web, "describe svc web-service --show-events=false")
    assert without == ok(web, "describe svc web-service").replace("Events:                   <none>\n", "")


# ------------------------------------------------------------------ delete
def test_delete_cascade(web):
    rs = web.store.list(ReplicaSet, "default")[0].name
    assert (
        ok(web, "delete deploy web-deployment --cascade=orphan")
        == 'deployment.apps "web-deployment" deleted from default namespace\n'
    )
    orphan = web.store.get(ReplicaSet, "default", rs)
    assert orphan is not None and not orphan.metadata.owner_references
    result = kubectl(web, "delete rs --all --cascade=false")
    assert (
        result.stderr
        == "warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.\n"
    )
    assert result.stdout == f'replicaset.apps "{rs}" deleted from default namespace\n'
    assert len(pods(web, app="web")) == 3  # orphaned Pods keep running
    assert (
        ok(web, "delete pods -l app=web --cascade=foreground --timeout=60s").count("deleted from default namespace")
        == 3
    )
    result = kubectl(web, "delete svc web-service --cascade=later")
    assert (result.exit_code, result.stderr) == (
        1,
        'error: invalid cascade value (later). Must be "background", "foreground", or "orphan"\n',
    )


def test_delete_all_namespaces_and_recursive(web, files):
    out = ok(web, "delete pods --all -A --dry-run=client")
    assert 'pod "etcd-docker-desktop" deleted from kube-system namespace (dry run)\n' in out
    assert out.count("from default namespace (dry run)") == 3
    d = files({"deep/one/svc.yaml": WEB_SERVICE_CLUSTERIP})
    assert ok(web, "delete -R -f deep", cwd=d) == 'service "web-service" deleted from default namespace\n'


# ------------------------------------------------------------------ label / scale
def test_label_all_namespaces_output_and_resource_version(web):
    out = ok(web, "label pods --all -A checked=yes --dry-run=client")
    assert "pod/etcd-docker-desktop labeled (dry run)\n" in out and out.count("labeled (dry run)") == len(
        web.store.list(Pod)
    )
    assert ok(web, "label svc web-service a=b -o name") == "service/web-service\n"
    data = yaml.safe_load(ok(web, "label svc web-service c=d -o yaml"))
    assert data["metadata"]["labels"] == {"a": "b", "c": "d"}
    rv = service(web, "web-service").metadata.resource_version
    assert ok(web, f"label svc web-service a=z --overwrite --resource-version={rv}") == "service/web-service labeled\n"
    # the object changed since rv: the server refuses the update; several objects cannot be locked at all
    conflict = kubectl(web, f"annotate svc web-service note=x --resource-version={rv}")
    assert conflict.exit_code == 1 and "note" not in (service(web, "web-service").metadata.annotations or {})
    assert conflict.stderr.startswith(
        'Error from server (Conflict): Operation cannot be fulfilled on services "web-service"'
    )
    assert kubectl(web, "label svc --all a=y --overwrite --resource-version=1").stderr == (
        "error: --resource-version may only be used with a single resource\n"
    )


def test_scale_selector_all_output_and_timeout(web):
    ok(web, "label deploy web-deployment tier=front")
    assert ok(web, "scale deploy -l tier=front --replicas=2") == "deployment.apps/web-deployment scaled\n"
    assert ok(web, "scale deploy --all --replicas=1 -o name") == "deployment.apps/web-deployment\n"
    assert ok(web, "scale deploy web-deployment --replicas=2 --timeout=1m") == "deployment.apps/web-deployment scaled\n"
    assert web.store.get(Deployment, "default", "web-deployment").spec.replicas == 2
    assert fails_cleanly(type(web)(seed=1, think_time=0), "scale deploy -l tier=none --replicas=2").stderr == (
        "error: no objects passed to scale\n"
    )


# ------------------------------------------------------------------ generators
def test_create_save_config(still):
    ok(still, "create deployment web --image=nginx --save-config")
    assert LAST_APPLIED in still.store.get(Deployment, "default", "web").metadata.annotations
    ok(still, "create service clusterip svc --tcp=80 --save-config")  # create_service.go ignores the flag
    assert LAST_APPLIED not in (service(still, "svc").metadata.annotations or {})


def test_run_pull_policy_annotations_overrides_quiet(still):
    data = yaml.safe_load(
        ok(still, "run r --image=nginx --image-pull-policy=Never --annotations=team=a --dry-run=client -o yaml")
    )
    assert data["metadata"]["annotations"] == {"team": "a"}
    assert data["spec"]["containers"][0]["imagePullPolicy"] == "Never"
    data = yaml.safe_load(
        ok(still, 'run r --image=nginx --overrides=\'{"spec":{"hostname":"box"}}\' --dry-run=client -o yaml')
    )
    assert data["spec"]["hostname"] == "box" and "namespace" not in data["metadata"]
    assert ok(still, "run q --image=nginx -q") == "pod/q created\n"


def test_expose_every_flag(web, files):
    text = ok(
        web,
        "expose deploy web-deployment --name=e1 --port=80 --protocol=UDP --selector=app=web,tier=x --labels=a=b "
        "--external-ip=1.2.3.4 --session-affinity=ClientIP --dry-run=client -o yaml",
    )
    assert yaml.safe_load(text) == {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"labels": {"a": "b"}, "name": "e1"},
        "spec": {
            "externalIPs": ["1.2.3.4"],
            "ports": [{"port": 80, "protocol": "UDP", "targetPort": 80}],
            "selector": {"app": "web", "tier": "x"},
            "sessionAffinity": "ClientIP",
        },
        "status": {"loadBalancer": {}},
    }
    assert (
        ok(web, "expose deploy web-deployment --name=headless --port=80 --cluster-ip=None")
        == "service/headless exposed\n"
    )
    assert service(web, "headless").spec.cluster_ip == "None"
    d = files({"web.yaml": WEB_DEPLOYMENT})
    assert ok(web, "expose -f web.yaml --port=80 --name=from-file", cwd=d) == "service/from-file exposed\n"
    assert service(web, "from-file").spec.selector == {"app": "web"}


# ------------------------------------------------------------------ rollout
def test_rollout_timeout_watch_and_revision(still):
    ok(still, "create deployment web --image=nginx:alpine --replicas=3")
    result = kubectl(still, "rollout status deployment/web --timeout=1s")
    assert result.exit_code == 1 and result.stderr == "error: timed out waiting for the condition\n"
    assert result.stdout.startswith('Waiting for deployment "web" rollout to finish: ')
    out = ok(still, "rollout status deployment/web --watch=false")
    assert out.count("\n") == 1  # one look, no waiting
    assert ok(still, "rollout status deployment/web --revision=0").endswith(
        'deployment "web" successfully rolled out\n'
    )


# ------------------------------------------------------------------ logs
def test_logs_of_pods_by_selector_prefixed_and_limited(web):
    names = sorted(p.name for p in pods(web, app="web"))
    container = pods(web, app="web")[0].spec.containers[0].name
    lines = ok(web, "logs -l app=web --prefix --tail=1").splitlines()
    assert [line.split("] ")[0] for line in lines] == [f"[pod/{name}/{container}" for name in names]
    assert ok(web, "logs deployment/web-deployment --all-pods --tail=1").splitlines() == lines
    # a selector shows the last 10 lines of each Pod; --limit-bytes cuts the output short
    assert len(ok(web, "logs -l app=web").splitlines()) <= 10 * len(names)
    assert ok(web, f"logs {names[0]} --limit-bytes=5") == ok(web, f"logs {names[0]}")[:5]
    assert kubectl(web, "logs -l app=nope").stderr == "No resources found in default namespace.\n"
    assert kubectl(web, f"logs {names[0]} {container} -c {container}").stderr == (
        "error: only one of -c or an inline [CONTAINER] arg is allowed\n"
    )
    assert kubectl(web, "logs -f -l app=web --max-log-requests=1").stderr == (
        f"error: you are attempting to follow {len(names)} log streams, but maximum allowed concurrency is 1, "
        "use --max-log-requests to increase the limit\n"
    )


# ------------------------------------------------------------------ -f names the objects
def test_commands_find_their_objects_in_files(web, files):
    folder = files({"web.yaml": WEB_DEPLOYMENT, "svc.yaml": WEB_SERVICE_CLUSTERIP})
    assert ok(web, "describe -f svc.yaml", cwd=folder) == ok(web, "describe service web-service")
    assert ok(web, "label -f svc.yaml tier=frontend", cwd=folder) == "service/web-service labeled\n"
    assert service(web, "web-service").labels["tier"] == "frontend"
    assert ok(web, "scale -f web.yaml --replicas=3", cwd=folder) == "deployment.apps/web-deployment scaled\n"
    patched = ok(web, 'patch -f svc.yaml -p \'{"metadata":{"labels":{"tier":"web"}}}\'', cwd=folder)
    assert patched == "service/web-service patched\n"
    assert ok(web, "rollout restart -f web.yaml", cwd=folder) == "deployment.apps/web-deployment restarted\n"
    assert kubectl(web, "label -f svc.yaml service web-service a=b", cwd=folder).stderr == (
        "error: when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well\n"
    )
    assert kubectl(web, "set image -f web.yaml deploy/web-deployment nginx=nginx:1.27", cwd=folder).stderr == (
        "error: resource/name arguments cannot be provided when a path is specified\n"
    )
    ok(web, "delete -f svc.yaml", cwd=folder)
    assert kubectl(web, "describe -f svc.yaml", cwd=folder).stderr == (
        'Error from server (NotFound): services "web-service" not found\n'
    )


def test_delete_interactive_asks_first(web):
    names = sorted(p.name for p in pods(web, app="web"))
    listing = "".join(f"pod/{name}\n" for name in names)
    asked = (
        f"You are about to delete the following {len(names)} resource(s):\n{listing}Do you want to continue? (y/N): "
    )
    assert ok(web, "delete pods -l app=web -i", stdin="n\n") == asked + "\ndeletion is cancelled\n"
    assert sorted(p.name for p in pods(web, app="web")) == names
    assert ok(web, "delete pods -l app=nope --interactive") == "No resources found\n"
    assert ok(web, "delete svc web-service -i", stdin="Y\n").endswith(
        'service "web-service" deleted from default namespace\n'
    )
