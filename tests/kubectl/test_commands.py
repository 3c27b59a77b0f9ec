"""kubectl apply / create -f: the declarative commands.

Error cases of apply live in test_cmd_apply_errors.py; get, describe, the
generators, delete/label/scale/patch and the lesson walk-through have their own
test_cmd_*.py files.
"""

from __future__ import annotations

import json

import yaml
from kubectl_cmd_support import (
    BACKEND_DEPLOYMENT,
    MISSING_LAST_APPLIED,
    NODE_PORT_RANGE,
    WEB_DEPLOYMENT,
    WEB_SERVICE_CLUSTERIP,
    WEB_SERVICE_NODEPORT,
    fails_cleanly,
    kubectl,
    ok,
    pods,
    service,
)

from kubesim_nb.api.core import Service

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"

SVC_A = """\
apiVersion: v1
kind: Service
metadata:
  name: svc-a
  labels:
    app: a
    tier: backend
spec:
  selector:
    app: a
    tier: backend
  ports:
  - port: 80
"""


# --------------------------------------------------------------- created/configured/unchanged
def test_apply_created_configured_unchanged(cluster, files):
    d = files({"web-service-clusterip.yaml": WEB_SERVICE_CLUSTERIP, "np.yaml": WEB_SERVICE_NODEPORT})
    assert ok(cluster, "apply -f web-service-clusterip.yaml", cwd=d) == "service/web-service created\n"
    assert ok(cluster, "apply -f web-service-clusterip.yaml", cwd=d) == "service/web-service unchanged\n"
    assert ok(cluster, "apply -f np.yaml", cwd=d) == "service/web-service configured\n"
    assert ok(cluster, "apply -f np.yaml", cwd=d) == "service/web-service unchanged\n"


def test_apply_deployment_uses_group_in_kind_prefix(cluster, files):
    d = files({"web-deployment.yaml": WEB_DEPLOYMENT})
    assert ok(cluster, "apply -f web-deployment.yaml", cwd=d) == "deployment.apps/web-deployment created\n"
    assert ok(cluster, "apply -f web-deployment.yaml", cwd=d) == "deployment.apps/web-deployment unchanged\n"
    assert len(pods(cluster, app="web")) == 3


def test_apply_multi_document_file_in_order(cluster, files):
    both = WEB_DEPLOYMENT + "---\n" + WEB_SERVICE_CLUSTERIP
    d = files({"all.yaml": both})
    assert (
        ok(cluster, "apply -f all.yaml", cwd=d)
        == "deployment.apps/web-deployment created\nservice/web-service created\n"
    )
    # an empty document and a leading separator are skipped
    again = "---\n" + WEB_DEPLOYMENT + "---\n# nothing here\n---\n" + WEB_SERVICE_CLUSTERIP
    assert (
        ok(cluster, "apply -f -", stdin=again)
        == "deployment.apps/web-deployment unchanged\nservice/web-service unchanged\n"
    )


def test_apply_directory_sorted_and_recursive(cluster, files):
    d = files(
        {
            "manifests/b-service.yaml": WEB_SERVICE_CLUSTERIP,
            "manifests/a-deployment.yml": WEB_DEPLOYMENT,
            "manifests/notes.txt": "not a manifest",
            "manifests/sub/backend.yaml": BACKEND_DEPLOYMENT,
        }
    )
    assert (
        ok(cluster, "apply -f manifests/", cwd=d)
        == "deployment.apps/web-deployment created\nservice/web-service created\n"
    )
    assert cluster.kubectl("get deploy backend-deployment").exit_code == 1
    out = ok(cluster, "apply -R -f manifests", cwd=d)
    assert out == (
        "deployment.apps/web-deployment unchanged\nservice/web-service unchanged\n"
        "deployment.apps/backend-deployment created\n"
    )


def test_apply_from_stdin_and_several_f_flags(cluster, files):
    d = files({"web-deployment.yaml": WEB_DEPLOYMENT})
    out = ok(cluster, "apply -f web-deployment.yaml -f -", stdin=WEB_SERVICE_CLUSTERIP, cwd=d)
    assert out == "deployment.apps/web-deployment created\nservice/web-service created\n"
    # JSON is accepted too
    as_json = json.dumps(yaml.safe_load(WEB_SERVICE_CLUSTERIP))
    assert ok(cluster, "apply --filename=-", stdin=as_json) == "service/web-service unchanged\n"


def test_apply_records_last_applied_configuration(cluster):
    ok(cluster, "apply -f -", stdin=WEB_SERVICE_CLUSTERIP)
    annotation = service(cluster, "web-service").metadata.annotations[LAST_APPLIED]
    assert annotation == (
        '{"apiVersion":"v1","kind":"Service","metadata":{"annotations":{},"name":"web-service","namespace":"default"},'
        '"spec":{"ports":[{"port":80,"targetPort":80}],"selector":{"app":"web"},"type":"ClusterIP"}}\n'
    )
    # describe never shows it
    assert "Annotations:              <none>\n" in ok(cluster, "describe svc web-service")


# ------------------------------------------------------------------ three-way merge
def test_apply_removes_a_label_and_a_selector_key_deleted_from_the_file(cluster):
    ok(cluster, "apply -f -", stdin=SVC_A)
    trimmed = SVC_A.replace("    tier: backend\nspec", "spec").replace("    tier: backend\n  ports", "  ports")
    assert "tier" not in trimmed
    assert ok(cluster, "apply -f -", stdin=trimmed) == "service/svc-a configured\n"
    svc = service(cluster, "svc-a")
    assert svc.labels == {"app": "a"}
    assert svc.spec.selector == {"app": "a"}
    assert ok(cluster, "get svc svc-a -o jsonpath={.spec.selector}") == '{"app":"a"}'


def test_apply_keeps_fields_set_by_others(cluster):
    ok(cluster, "apply -f -", stdin=SVC_A)
    assert ok(cluster, "label svc svc-a owner=me") == "service/svc-a labeled\n"
    # the label added by `kubectl label` is not in the last-applied config: apply leaves it alone
    assert ok(cluster, "apply -f -", stdin=SVC_A) == "service/svc-a unchanged\n"
    assert service(cluster, "svc-a").labels == {"app": "a", "owner": "me", "tier": "backend"}


def test_reapply_keeps_allocated_cluster_ip_and_node_port(cluster):
    ok(cluster, "apply -f -", stdin=WEB_SERVICE_CLUSTERIP.replace("ClusterIP", "NodePort"))
    svc = service(cluster, "web-service")
    ip, node_port = svc.spec.cluster_ip, svc.spec.ports[0].node_port
    assert 30086 <= node_port <= 32767  # the dynamic band
    changed = WEB_SERVICE_CLUSTERIP.replace("ClusterIP", "NodePort").replace("targetPort: 80", "targetPort: 8080")
    assert ok(cluster, "apply -f -", stdin=changed) == "service/web-service configured\n"
    svc = service(cluster, "web-service")
    assert (svc.spec.cluster_ip, svc.spec.ports[0].node_port, svc.spec.ports[0].target_port) == (ip, node_port, 8080)


def test_clusterip_to_nodeport_30007_and_back_releases_the_port(still):
    c = still
    assert ok(c, "apply -f -", stdin=WEB_SERVICE_CLUSTERIP) == "service/web-service created\n"
    ip = service(c, "web-service").spec.cluster_ip
    assert ok(c, "apply -f -", stdin=WEB_SERVICE_NODEPORT) == "service/web-service configured\n"
    line = ok(c, "get svc web-service --no-headers")
    assert line.split()[:5] == ["web-service", "NodePort", ip, "<none>", "80:30007/TCP"]
    assert c.node_ports.has(30007)
    # back to ClusterIP: the allocated node port is dropped and released (dropTypeDependentFields)
    assert ok(c, "apply -f -", stdin=WEB_SERVICE_CLUSTERIP) == "service/web-service configured\n"
    svc = service(c, "web-service")
    assert svc.spec.type == "ClusterIP" and svc.spec.ports[0].node_port is None and svc.spec.cluster_ip == ip
    assert svc.spec.external_traffic_policy is None
    assert not c.node_ports.has(30007)
    # so another Service (in another namespace) can take it now
    ok(c, "create namespace other")
    other = WEB_SERVICE_NODEPORT.replace("name: web-service", "name: other-web")
    assert ok(c, "apply -n other -f -", stdin=other) == "service/other-web created\n"


def test_nodeport_service_yaml_has_server_filled_fields(cluster):
    ok(cluster, "apply -f -", stdin=WEB_SERVICE_NODEPORT)
    ip = service(cluster, "web-service").spec.cluster_ip
    text = ok(cluster, "get svc web-service -o yaml")
    spec = text[text.index("spec:\n") :]
    assert spec == (
        f"spec:\n  clusterIP: {ip}\n  clusterIPs:\n  - {ip}\n  externalTrafficPolicy: Cluster\n"
        "  internalTrafficPolicy: Cluster\n  ipFamilies:\n  - IPv4\n  ipFamilyPolicy: SingleStack\n"
        "  ports:\n  - nodePort: 30007\n    port: 80\n    protocol: TCP\n    targetPort: 80\n"
        "  selector:\n    app: web\n  sessionAffinity: None\n  type: NodePort\nstatus:\n  loadBalancer: {}\n"
    )
    assert text.startswith("apiVersion: v1\nkind: Service\nmetadata:\n  annotations:\n    " + LAST_APPLIED + ": |\n")


# ------------------------------------------------------------------ create, then apply
def test_apply_after_create_warns_about_the_missing_annotation(cluster):
    assert ok(cluster, "create -f -", stdin=WEB_SERVICE_CLUSTERIP) == "service/web-service created\n"
    result = kubectl(cluster, "apply -f -", stdin=WEB_SERVICE_NODEPORT)
    assert result.exit_code == 0
    assert result.stderr == MISSING_LAST_APPLIED.format("services/web-service")
    assert result.stdout == "service/web-service configured\n"
    assert result.output == result.stderr + result.stdout  # the warning comes first
    # the annotation has been patched in: no warning the second time
    assert ok(cluster, "apply -f -", stdin=WEB_SERVICE_NODEPORT) == "service/web-service unchanged\n"


def test_create_save_config_then_apply_has_no_warning(cluster):
    assert ok(cluster, "create --save-config -f -", stdin=WEB_DEPLOYMENT) == "deployment.apps/web-deployment created\n"
    assert ok(cluster, "apply -f -", stdin=WEB_DEPLOYMENT) == "deployment.apps/web-deployment unchanged\n"


def test_create_f_already_exists(still):
    ok(still, "create -f -", stdin=WEB_SERVICE_CLUSTERIP)
    result = fails_cleanly(still, "create -f -", stdin=WEB_SERVICE_CLUSTERIP)
    assert (
        result.stderr
        == 'Error from server (AlreadyExists): error when creating "STDIN": services "web-service" already exists\n'
    )


def test_create_f_file_keeps_going_and_reports_in_order(still, files):
    d = files({"two.yaml": WEB_SERVICE_CLUSTERIP + "---\n" + WEB_DEPLOYMENT})
    assert (
        ok(still, "create -f two.yaml", cwd=d)
        == "service/web-service created\ndeployment.apps/web-deployment created\n"
    )
    result = kubectl(still, "create -f two.yaml", cwd=d)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (
        'Error from server (AlreadyExists): error when creating "two.yaml": services "web-service" already exists\n'
        'Error from server (AlreadyExists): error when creating "two.yaml": '
        'deployments.apps "web-deployment" already exists\n'
    )


# ------------------------------------------------------------------ dry runs and -o
def test_apply_dry_run_client_and_server_change_nothing(still):
    c = still
    before = c.dumps()
    assert (
        ok(c, "apply --dry-run=client -f -", stdin=WEB_SERVICE_CLUSTERIP) == "service/web-service created (dry run)\n"
    )
    assert (
        ok(c, "apply --dry-run=server -f -", stdin=WEB_SERVICE_CLUSTERIP)
        == "service/web-service created (server dry run)\n"
    )
    bare = kubectl(c, "apply --dry-run -f -", stdin=WEB_SERVICE_CLUSTERIP)  # kubectl warns, then means client
    assert bare.stdout == "service/web-service created (dry run)\n"
    assert bare.stderr.endswith(" helpers.go:714] --dry-run is deprecated and can be replaced with --dry-run=client.\n")
    assert c.dumps() == before
    ok(c, "apply -f -", stdin=WEB_SERVICE_CLUSTERIP)
    before = c.dumps()
    assert (
        ok(c, "apply --dry-run=server -f -", stdin=WEB_SERVICE_CLUSTERIP)
        == "service/web-service unchanged (server dry run)\n"
    )
    assert (
        ok(c, "apply --dry-run=server -f -", stdin=WEB_SERVICE_NODEPORT)
        == "service/web-service configured (server dry run)\n"
    )
    # client dry-run computes no patch: an existing object is always "configured"
    assert (
        ok(c, "apply --dry-run=client -f -", stdin=WEB_SERVICE_CLUSTERIP)
        == "service/web-service configured (dry run)\n"
    )
    assert c.dumps() == before


def test_apply_dry_run_server_reports_validation_errors(still):
    bad = WEB_SERVICE_NODEPORT.replace("30007", "80")
    result = fails_cleanly(still, "apply --dry-run=server -f -", stdin=bad)
    assert (
        result.stderr
        == f'The Service "web-service" is invalid: spec.ports[0].nodePort: Invalid value: 80: {NODE_PORT_RANGE}\n'
    )


def test_apply_bad_dry_run_value(still):
    result = fails_cleanly(still, "apply --dry-run=maybe -f -", stdin=WEB_SERVICE_CLUSTERIP)
    assert result.stderr == 'error: Invalid dry-run value (maybe). Must be "none", "server", or "client".\n'


def test_apply_output_name_and_yaml(cluster):
    assert ok(cluster, "apply -f - -o name", stdin=WEB_SERVICE_CLUSTERIP + "---\n" + WEB_DEPLOYMENT) == (
        "service/web-service\ndeployment.apps/web-deployment\n"
    )
    text = ok(cluster, "apply -f - -o yaml", stdin=WEB_SERVICE_NODEPORT)
    data = yaml.safe_load(text)
    assert (
        data["kind"] == "Service"
        and data["spec"]["type"] == "NodePort"
        and data["spec"]["ports"][0]["nodePort"] == 30007
    )
    # several objects print as a List
    listing = yaml.safe_load(ok(cluster, "apply -f - -o json", stdin=WEB_SERVICE_CLUSTERIP + "---\n" + WEB_DEPLOYMENT))
    assert listing["kind"] == "List" and [i["kind"] for i in listing["items"]] == ["Service", "Deployment"]


def test_apply_into_a_namespace(cluster):
    assert ok(cluster, "create namespace shop") == "namespace/shop created\n"
    assert ok(cluster, "apply -n shop -f -", stdin=WEB_SERVICE_CLUSTERIP) == "service/web-service created\n"
    assert cluster.store.get(Service, "shop", "web-service") is not None
    assert cluster.store.get(Service, "default", "web-service") is None
    in_file = WEB_SERVICE_CLUSTERIP.replace("  name: web-service\n", "  name: web-service\n  namespace: shop\n")
    # a namespace in the manifest wins when -n is not given
    assert ok(cluster, "apply -f -", stdin=in_file) == "service/web-service unchanged\n"


def test_apply_needs_a_filename(still):
    result = fails_cleanly(still, "apply")
    assert result.stderr == "error: must specify one of -f and -k\n"
    result = fails_cleanly(still, "apply -f -", stdin="# only a comment\n")
    assert result.stderr == "error: no objects passed to apply\n"
    result = fails_cleanly(still, "apply -f missing.yaml")
    assert result.stderr == 'error: the path "missing.yaml" does not exist\n'


def test_create_without_filename_or_with_arguments(still):
    # kubectl v1.37: create.go Complete refuses arguments, Validate asks for -f
    assert fails_cleanly(still, "create").stderr == "error: must specify one of -f and -k\n"
    assert fails_cleanly(still, "create widget").stderr == (
        "error: Unexpected args: [widget]\nSee 'kubectl create -h' for help and examples\n"
    )


def test_validate_flag(cluster):
    typo = WEB_SERVICE_CLUSTERIP.replace("targetPort", "targetport")
    result = kubectl(cluster, "apply -f -", stdin=typo)
    assert result.exit_code == 1
    # warn: created without the unknown field, one warning per field
    result = kubectl(cluster, "apply --validate=warn -f -", stdin=typo)
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "service/web-service created\n",
        'Warning: unknown field "spec.ports[0].targetport"\n',
    )
    assert service(cluster, "web-service").spec.ports[0].target_port == 80  # defaulted from port
    # ignore / false: silently dropped
    other = typo.replace("name: web-service", "name: quiet")
    assert ok(cluster, "apply --validate=false -f -", stdin=other) == "service/quiet created\n"
    result = kubectl(cluster, "apply --validate=sometimes -f -", stdin=other)
    assert result.stderr == (
        'error: invalid - validate option "sometimes"; must be one of: strict (or true), warn, ignore (or false)\n'
    )
