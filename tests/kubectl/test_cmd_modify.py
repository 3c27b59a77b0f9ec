"""Commands that change or remove live objects: delete, scale, label, patch."""

from __future__ import annotations

import pytest
from kubectl_cmd_support import (
    ENDPOINTS_WARNING,
    POD_NAME,
    WEB_DEPLOYMENT,
    WEB_SERVICE_CLUSTERIP,
    fails_cleanly,
    kubectl,
    ok,
    pods,
    service,
)

from kubesim_nb.api.apps import Deployment, ReplicaSet
from kubesim_nb.api.core import Pod, Service
from kubesim_nb.api.discovery import EndpointSlice


@pytest.fixture
def web(cluster):
    ok(cluster, "apply -f -", stdin=WEB_DEPLOYMENT)
    ok(cluster, "apply -f -", stdin=WEB_SERVICE_CLUSTERIP)
    assert len(pods(cluster, app="web")) == 3
    return cluster


def endpoint_ips(c, name="web-service"):
    out = kubectl(c, f"get ep {name} --no-headers")
    assert out.stderr == ENDPOINTS_WARNING
    cell = out.stdout.split()[1]
    return [] if cell == "<none>" else sorted(entry.rsplit(":", 1)[0] for entry in cell.split(","))


# ------------------------------------------------------------------ delete
def test_delete_by_name_type_name_and_the_v134_line(still):
    ok(still, "apply -f -", stdin=WEB_SERVICE_CLUSTERIP)
    assert ok(still, "delete svc web-service") == 'service "web-service" deleted from default namespace\n'
    ok(still, "apply -f -", stdin=WEB_SERVICE_CLUSTERIP)
    assert ok(still, "delete service/web-service") == 'service "web-service" deleted from default namespace\n'
    assert still.store.get(Service, "default", "web-service") is None
    assert (
        fails_cleanly(still, "delete svc web-service").stderr
        == 'Error from server (NotFound): services "web-service" not found\n'
    )
    assert kubectl(still, "delete svc web-service --ignore-not-found").output == ""


def test_delete_deployment_cascades_to_replicaset_and_pods(web):
    rs = web.store.list(ReplicaSet, "default")[0].name
    assert (
        ok(web, "delete deploy web-deployment") == 'deployment.apps "web-deployment" deleted from default namespace\n'
    )
    result = kubectl(web, f"get rs {rs}")
    assert result.stderr == f'Error from server (NotFound): replicasets.apps "{rs}" not found\n'
    web.advance("40s")  # the Pods' grace period
    assert web.store.list(Pod, "default") == []
    result = kubectl(web, "get all")
    assert [line.split()[0] for line in result.stdout.splitlines()] == [
        "NAME",
        "service/kubernetes",
        "service/web-service",
    ]
    assert endpoint_ips(web) == []


def test_deleted_deployment_pod_is_replaced_with_new_name_and_ip(web):
    before = {p.name: p.status.pod_ip for p in pods(web, app="web")}
    victim = sorted(before)[0]
    assert ok(web, f"delete pod {victim}") == f'pod "{victim}" deleted from default namespace\n'
    web.advance("10s")
    after = {p.name: p.status.pod_ip for p in pods(web, app="web")}
    assert len(after) == 3 and victim not in after
    (new_name,) = set(after) - set(before)
    assert (
        POD_NAME.match(new_name) and new_name.rsplit("-", 1)[0] == victim.rsplit("-", 1)[0]
    )  # same ReplicaSet, new suffix
    assert after[new_name] not in before.values()  # a new IP (host-local does not reuse at once)
    assert endpoint_ips(web) == sorted(after.values())


def test_delete_with_selector_all_and_file(web, files):
    first = sorted(p.name for p in pods(web, app="web"))
    assert ok(web, "delete pods -l app=web") == "".join(f'pod "{n}" deleted from default namespace\n' for n in first)
    result = kubectl(web, "delete pods -l app=nothing")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "No resources found in default namespace.\n")
    names = sorted(p.name for p in pods(web, app="web"))
    assert ok(web, "delete pod --all") == "".join(f'pod "{n}" deleted from default namespace\n' for n in names)
    d = files({"web.yaml": WEB_DEPLOYMENT + "---\n" + WEB_SERVICE_CLUSTERIP})
    assert ok(web, "delete -f web.yaml", cwd=d) == (
        'deployment.apps "web-deployment" deleted from default namespace\n'
        'service "web-service" deleted from default namespace\n'
    )
    result = kubectl(web, "delete -f web.yaml", cwd=d)
    assert result.exit_code == 1 and result.stderr == (
        'Error from server (NotFound): error when deleting "web.yaml": deployments.apps "web-deployment" not found\n'
        'Error from server (NotFound): error when deleting "web.yaml": services "web-service" not found\n'
    )


def test_delete_options(web):
    victim = sorted(p.name for p in pods(web, app="web"))
    assert ok(web, f"delete pod {victim[0]} -o name") == f"pod/{victim[0]}\n"
    result = kubectl(web, f"delete pod {victim[1]} --force")
    assert result.stderr == (
        "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. "
        "The resource may continue to run on the cluster indefinitely.\n"
    )
    assert result.stdout == f'pod "{victim[1]}" force deleted from default namespace\n'
    assert web.store.get(Pod, "default", victim[1]) is None  # gone at once
    # --grace-period=0 without --force is turned into 1 s: an ordinary delete
    assert (
        ok(web, f"delete pod {victim[2]} --grace-period=0 --wait=false")
        == f'pod "{victim[2]}" deleted from default namespace\n'
    )
    assert (
        ok(web, "delete svc web-service --dry-run=client")
        == 'service "web-service" deleted from default namespace (dry run)\n'
    )
    assert (
        ok(web, "delete svc web-service --dry-run=server")
        == 'service "web-service" deleted from default namespace (server dry run)\n'
    )
    assert web.store.get(Service, "default", "web-service") is not None
    assert (
        ok(web, "delete ns default --dry-run=client") == 'namespace "default" deleted (dry run)\n'
    )  # cluster-scoped: no "from"


def test_delete_errors(still):
    assert fails_cleanly(still, "delete").stderr == (
        "error: You must provide one or more resources by argument or filename.\n"
        "Example resource specifications include:\n"
        "   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n"
    )
    assert fails_cleanly(still, "delete pods").stderr == "error: resource(s) were provided, but no name was specified\n"
    assert (
        fails_cleanly(still, "delete pods --all -l app=web").stderr
        == "error: cannot set --all and --selector at the same time\n"
    )
    assert (
        fails_cleanly(still, "delete pod x --now --grace-period=5").stderr
        == "error: --now and --grace-period cannot be specified together\n"
    )
    assert (
        fails_cleanly(still, "delete widgets x").stderr == 'error: the server doesn\'t have a resource type "widgets"\n'
    )


# ------------------------------------------------------------------ scale
def test_scale_deployment(web):
    assert ok(web, "scale deployment web-deployment --replicas=5") == "deployment.apps/web-deployment scaled\n"
    assert ok(web, "get deploy web-deployment --no-headers").split()[1] == "5/5"
    assert ok(web, "scale --replicas=1 deploy/web-deployment") == "deployment.apps/web-deployment scaled\n"
    web.advance("40s")
    assert len(pods(web, app="web")) == 1
    assert len(endpoint_ips(web)) == 1
    assert (
        ok(web, "scale deploy web-deployment --replicas=2 --current-replicas=1")
        == "deployment.apps/web-deployment scaled\n"
    )
    assert (
        ok(web, "scale deploy web-deployment --replicas=9 --dry-run=server")
        == "deployment.apps/web-deployment scaled (server dry run)\n"
    )
    assert web.store.get(Deployment, "default", "web-deployment").spec.replicas == 2


def test_scale_replicaset_directly_is_undone_by_the_deployment(web):
    rs = web.store.list(ReplicaSet, "default")[0].name
    assert ok(web, f"scale rs {rs} --replicas=1") == f"replicaset.apps/{rs} scaled\n"
    web.advance("5s")
    assert web.store.get(ReplicaSet, "default", rs).spec.replicas == 3  # the Deployment owns the count


def test_scale_errors(web):
    c = type(web)(seed=1, think_time=0)
    ok(c, "apply -f -", stdin=WEB_DEPLOYMENT)
    ok(c, "apply -f -", stdin=WEB_SERVICE_CLUSTERIP)
    assert fails_cleanly(c, "scale deploy web-deployment").stderr == 'error: required flag(s) "replicas" not set\n'
    assert fails_cleanly(c, "scale deploy web-deployment --replicas=-1").stderr == (
        "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n"
    )
    assert fails_cleanly(c, "scale deploy web-deployment --replicas=x").stderr == (
        'error: invalid argument "x" for "--replicas" flag: strconv.ParseInt: parsing "x": invalid syntax\n'
        "See 'kubectl scale --help' for usage.\n"
    )
    # kubectl 1.34 wraps the builder's NotFound (kubectl issue 1770)
    assert (
        fails_cleanly(c, "scale deploy nope --replicas=2").stderr
        == 'error: no objects passed to scale deployments.apps "nope" not found\n'
    )
    assert fails_cleanly(c, "scale deploy web-deployment --replicas=5 --current-replicas=2").stderr == (
        "error: Expected replicas to be 2, was 3\n"
    )
    # Services have no scale subresource
    assert fails_cleanly(c, "scale svc web-service --replicas=2").stderr == (
        "Error from server (NotFound): the server could not find the requested resource (patch services web-service)\n"
    )
    result = kubectl(c, "scale deploy web-deployment nope --replicas=3")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "deployment.apps/web-deployment scaled\n",
        'Error from server (NotFound): deployments.apps "nope" not found\n',
    )


# ------------------------------------------------------------------ label
def test_label_add_overwrite_and_remove(web):
    pod = sorted(p.name for p in pods(web, app="web"))[0]
    assert ok(web, f"label pod {pod} tier=frontend") == f"pod/{pod} labeled\n"
    assert ok(web, f"label pod {pod} tier=frontend") == f"pod/{pod} not labeled\n"
    result = kubectl(web, f"label pod {pod} tier=backend")
    assert (result.exit_code, result.stderr) == (
        1,
        "error: 'tier' already has a value (frontend), and --overwrite is false\n",
    )
    assert ok(web, f"label --overwrite pod {pod} tier=backend") == f"pod/{pod} labeled\n"
    assert web.store.get(Pod, "default", pod).labels["tier"] == "backend"
    assert ok(web, f"label pod {pod} tier-") == f"pod/{pod} unlabeled\n"
    assert "tier" not in web.store.get(Pod, "default", pod).labels
    assert ok(web, f"label pods/{pod} tier-") == f'label "tier" not found.\npod/{pod} not labeled\n'
    # label.go updateDataChangeMsg: what was added and removed decides the word, --overwrite or not
    ok(web, f"label pod {pod} x=y")
    assert ok(web, f"label pod {pod} x- --overwrite") == f"pod/{pod} unlabeled\n"
    assert ok(web, f"label pod {pod} x=z y-") == f'label "y" not found.\npod/{pod} labeled\n'
    assert ok(web, f"label pod {pod} x- y=1") == f"pod/{pod} modified\n"


def test_label_several_objects_list_and_dry_run(web):
    names = sorted(p.name for p in pods(web, app="web"))
    assert ok(web, "label pods -l app=web env=dev") == "".join(f"pod/{n} labeled\n" for n in names)
    assert ok(web, "label svc web-service team=a --dry-run=client") == "service/web-service labeled (dry run)\n"
    assert "team" not in service(web, "web-service").labels
    assert ok(web, "label svc kubernetes --list") == "component=apiserver\nprovider=kubernetes\n"
    result = kubectl(web, "label svc --all --list")
    assert result.stdout == (
        "Listing labels for Service./kubernetes:\n component=apiserver\n provider=kubernetes\n"
        "Listing labels for Service./web-service:\n"
    )


def test_label_errors(still):
    ok(still, "apply -f -", stdin=WEB_SERVICE_CLUSTERIP)
    assert fails_cleanly(still, "label svc web-service").stderr == "error: at least one label update is required\n"
    assert fails_cleanly(still, "label").stderr == (
        "error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n"
    )
    assert (
        fails_cleanly(still, "label svc nope a=b").stderr == 'Error from server (NotFound): services "nope" not found\n'
    )
    assert (
        fails_cleanly(still, "label svc web-service a=b a-").stderr
        == "error: can not both modify and remove a label in the same command\n"
    )
    assert fails_cleanly(still, "label svc web-service a=b=c").stderr == "error: invalid label spec: a=b=c\n"
    # the key is the server's to check
    assert fails_cleanly(still, "label svc web-service 'my key=x'").stderr.startswith(
        'The Service "web-service" is invalid: metadata.labels: Invalid value: "my key": name part must consist'
    )
    assert fails_cleanly(still, "label svc web-service app='hello world'").stderr.startswith(
        'error: invalid label value: "app=hello world": '
    )


def test_relabelled_pod_leaves_the_replicaset_and_the_service(web):
    pod = sorted(p.name for p in pods(web, app="web"))[0]
    ip = web.store.get(Pod, "default", pod).status.pod_ip
    assert ip in endpoint_ips(web)
    assert ok(web, f"label pod {pod} app=debug --overwrite") == f"pod/{pod} labeled\n"
    # the Endpoints drop it at once; the ReplicaSet creates a replacement; the old Pod keeps running
    assert ip not in endpoint_ips(web)
    web_pods = pods(web, app="web")
    assert len(web_pods) == 3 and pod not in {p.name for p in web_pods}
    orphan = web.store.get(Pod, "default", pod)
    assert orphan.status.phase == "Running" and not orphan.metadata.owner_references
    assert sorted(endpoint_ips(web)) == sorted(p.status.pod_ip for p in web_pods)
    # putting the label back: the ReplicaSet adopts it and scales back to 3
    ok(web, f"label pod {pod} app=web --overwrite")
    web.advance("40s")
    assert len(pods(web, app="web")) == 3


# ------------------------------------------------------------------ patch
def test_patch_strategic_merge_json_and_no_change(web):
    assert (
        ok(web, 'patch svc web-service -p \'{"spec":{"selector":{"app":"nope"}}}\'') == "service/web-service patched\n"
    )
    assert endpoint_ips(web) == []
    assert (
        ok(web, 'patch svc web-service -p \'{"spec":{"selector":{"app":"nope"}}}\'')
        == "service/web-service patched (no change)\n"
    )
    assert ok(
        web, 'patch svc web-service --type=json -p \'[{"op":"replace","path":"/spec/selector/app","value":"web"}]\''
    ) == ("service/web-service patched\n")
    assert len(endpoint_ips(web)) == 3
    # strategic merge merges Service ports by port number
    ok(web, 'patch svc web-service -p \'{"spec":{"ports":[{"port":80,"targetPort":8080}]}}\'')
    assert kubectl(web, "get ep web-service -o jsonpath={.subsets[0].ports[0].port}").stdout == "8080"
    assert (
        ok(web, 'patch svc web-service --type merge -p \'{"spec":{"type":"NodePort"}}\'')
        == "service/web-service patched\n"
    )
    assert service(web, "web-service").spec.ports[0].node_port is not None
    assert (
        ok(web, "patch deploy web-deployment --type merge -p 'spec: {replicas: 2}'")
        == "deployment.apps/web-deployment patched\n"
    )
    assert (
        ok(web, 'patch deployment/web-deployment -p \'{"spec":{"replicas":2}}\'')
        == "deployment.apps/web-deployment patched (no change)\n"
    )
    assert (
        ok(web, 'patch svc web-service -p \'{"metadata":{"labels":{"a":null}}}\'')
        == "service/web-service patched (no change)\n"
    )


def test_patch_output_dry_run_and_json_operations(web):
    assert ok(web, 'patch svc web-service -o name -p \'{"metadata":{"labels":{"a":"b"}}}\'') == "service/web-service\n"
    assert ok(web, 'patch svc web-service --dry-run=server -p \'{"spec":{"type":"NodePort"}}\'') == (
        "service/web-service patched (server dry run)\n"
    )
    assert service(web, "web-service").spec.type == "ClusterIP"
    ops = (
        '[{"op":"copy","from":"/spec/selector/app","path":"/spec/selector/name"},{"op":"remove","path":"/spec/selector/name"},'
        '{"op":"add","path":"/metadata/labels/b","value":"c"},{"op":"test","path":"/metadata/labels/b","value":"c"}]'
    )
    assert ok(web, f"patch svc web-service --type json -p '{ops}'") == "service/web-service patched\n"
    assert service(web, "web-service").labels == {"a": "b", "b": "c"}


def test_patch_errors(still):
    ok(still, "apply -f -", stdin=WEB_SERVICE_CLUSTERIP)
    ok(still, "apply -f -", stdin=WEB_DEPLOYMENT)
    ip = service(still, "web-service").spec.cluster_ip
    other = "10.96.5.5" if ip != "10.96.5.5" else "10.96.5.6"
    assert fails_cleanly(still, f'patch svc web-service -p \'{{"spec":{{"clusterIP":"{other}"}}}}\'').stderr == (
        'The Service "web-service" is invalid: spec.clusterIPs[0]: '
        f'Invalid value: ["{other}"]: may not change once set\n'
    )
    assert fails_cleanly(
        still, 'patch deploy web-deployment -p \'{"spec":{"selector":{"matchLabels":{"app":"x"}}}}\''
    ).stderr == (
        'The Deployment "web-deployment" is invalid: \n'
        '* spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`\n'
        '* spec.selector: Invalid value: {"matchLabels":{"app":"x"}}: field is immutable\n'
    )
    # a patched object is decoded from a map: the bare strict decoding error (apiserver patch.go)
    assert fails_cleanly(still, 'patch svc web-service -p \'{"spec":{"selectr":{}}}\'').stderr == (
        'Error from server (BadRequest): strict decoding error: unknown field "spec.selectr"\n'
    )
    assert (
        fails_cleanly(still, "patch svc nope -p '{}'").stderr
        == 'Error from server (NotFound): services "nope" not found\n'
    )
    assert fails_cleanly(still, "patch svc web-service").stderr == (
        "error: must specify --patch or --patch-file containing the contents of the patch\n"
    )
    assert fails_cleanly(still, "patch svc web-service --type foo -p '{}'").stderr == (
        'error: --type must be one of [json merge strategic], not "foo"\n'
    )
    assert fails_cleanly(still, "patch svc web-service --type=json -p '{\"a\":1}'").stderr == (
        "error: unable to parse patch: json: cannot unmarshal object into Go value of type jsonpatch.Patch\n"
    )
    assert fails_cleanly(
        still, 'patch svc web-service --type=json -p \'[{"op":"explode","path":"/spec"}]\''
    ).stderr == ("error: Unexpected kind: explode\n")
    assert fails_cleanly(
        still, 'patch svc web-service --type=json -p \'[{"op":"remove","path":"/spec/ports/5"}]\''
    ).stderr == ("error: jsonpatch remove operation does not apply: doc is missing key: /spec/ports/5\n")


def test_patch_from_a_file(web, files):
    d = files({"patch.yaml": "spec:\n  type: NodePort\n"})
    assert ok(web, "patch svc web-service --patch-file patch.yaml", cwd=d) == "service/web-service patched\n"
    assert service(web, "web-service").spec.type == "NodePort"


def test_endpointslices_follow_label_changes(web):
    ok(web, 'patch svc web-service -p \'{"spec":{"selector":{"app":"nope"}}}\'')
    slices = [
        s
        for s in web.store.list(EndpointSlice, "default")
        if s.labels.get("kubernetes.io/service-name") == "web-service"
    ]
    assert len(slices) == 1 and not slices[0].endpoints and not slices[0].ports  # the placeholder slice
    line = [row for row in ok(web, "get endpointslices").splitlines() if row.startswith(slices[0].name)][0]
    assert line.split()[1:4] == ["IPv4", "<unset>", "<unset>"]
