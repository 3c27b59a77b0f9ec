"""kubectl apply / create -f failures: exact messages and no side effects.

Every failing command runs on a cluster whose clock does not move between
commands, so ``Cluster.dumps()`` before and after must be identical.
"""

from __future__ import annotations

import pytest
from kubectl_cmd_support import (
    DNS1035,
    NODE_PORT_RANGE,
    WEB_DEPLOYMENT,
    WEB_SERVICE_CLUSTERIP,
    WEB_SERVICE_NODEPORT,
    fails_cleanly,
    kubectl,
    ok,
)

from kubesim_nb.api.core import Service


def svc(name="web-service", spec="  selector:\n    app: web\n  ports:\n  - port: 80\n", metadata=""):
    return f"apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\n{metadata}spec:\n{spec}"


def deployment(name="web", selector="app: web", template_labels="app: web", extra_container=""):
    return (
        f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  selector:\n    matchLabels:\n"
        f"      {selector}\n  template:\n    metadata:\n      labels:\n        {template_labels}\n    spec:\n"
        f"      containers:\n      - name: nginx\n        image: nginx:alpine\n{extra_container}"
    )


# ------------------------------------------------------------------ client-side: reading the file
def test_bad_yaml_indentation_go_yaml_message(still, files):
    text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n spec:\n  ports: []\n"
    d = files({"bad.yaml": text})
    result = fails_cleanly(still, "apply -f bad.yaml", cwd=d)
    # go-yaml reports a parser error's 0-based mark: the offending " spec:" is on line 5
    assert (
        result.stderr
        == "error: error parsing bad.yaml: error converting YAML to JSON: yaml: line 4: did not find expected key\n"
    )


def test_bad_yaml_tab_and_colon_messages(still):
    tab = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n\tports: []\n"
    assert fails_cleanly(still, "apply -f -", stdin=tab).stderr == (
        "error: error parsing STDIN: error converting YAML to JSON: "
        "yaml: line 6: found character that cannot start any token\n"
    )
    colon = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web: api\n"
    assert fails_cleanly(still, "apply -f -", stdin=colon).stderr == (
        "error: error parsing STDIN: error converting YAML to JSON: "
        "yaml: line 4: mapping values are not allowed in this context\n"
    )
    sequence = "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  ports:\n    - port: 80\n    x: 1\n"
    assert fails_cleanly(still, "apply -f -", stdin=sequence).stderr.endswith(
        "yaml: line 7: did not find expected '-' indicator\n"
    )


def test_bad_yaml_in_second_document_counts_lines_from_the_separator_and_keeps_the_first(still):
    text = WEB_SERVICE_CLUSTERIP + "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: other\n spec: {}\n"
    result = kubectl(still, "apply -f -", stdin=text)
    assert result.exit_code == 1
    assert result.stdout == "service/web-service created\n"
    assert (
        result.stderr
        == "error: error parsing STDIN: error converting YAML to JSON: yaml: line 4: did not find expected key\n"
    )


def test_unknown_kind_and_wrong_api_version(still, files):
    d = files(
        {"typo.yaml": svc().replace("kind: Service", "kind: Servce"), "dep.yaml": deployment().replace("apps/v1", "v1")}
    )
    assert fails_cleanly(still, "apply -f typo.yaml", cwd=d).stderr == (
        'error: resource mapping not found for name: "web-service" namespace: "" from "typo.yaml": '
        'no matches for kind "Servce" in version "v1"\nensure CRDs are installed first\n'
    )
    assert fails_cleanly(still, "apply -f dep.yaml", cwd=d).stderr == (
        'error: resource mapping not found for name: "web" namespace: "" from "dep.yaml": '
        'no matches for kind "Deployment" in version "v1"\nensure CRDs are installed first\n'
    )


def test_missing_kind_and_api_version(still):
    no_kind = svc().replace("kind: Service\n", "")
    assert fails_cleanly(still, "apply -f -", stdin=no_kind).stderr == (
        'error: error validating "STDIN": error validating data: kind not set; if you choose to ignore these errors, '
        "turn validation off with --validate=false\n"
    )
    neither = no_kind.replace("apiVersion: v1\n", "")
    assert fails_cleanly(still, "apply -f -", stdin=neither).stderr == (
        'error: error validating "STDIN": error validating data: [apiVersion not set, kind not set]; '
        "if you choose to ignore these errors, turn validation off with --validate=false\n"
    )
    assert fails_cleanly(still, "apply --validate=false -f -", stdin=no_kind).stderr.startswith(
        'error: unable to decode "STDIN": Object \'Kind\' is missing in \'{"apiVersion":"v1","metadata":'
    )


def test_missing_name(still):
    result = fails_cleanly(still, "apply -f -", stdin="apiVersion: v1\nkind: Service\nspec:\n  ports:\n  - port: 80\n")
    assert result.stderr == (
        'error: error when retrieving current configuration of:\nResource: "/v1, Resource=services", '
        'GroupVersionKind: "/v1, Kind=Service"\nName: "", Namespace: "default"\n'
        'from server for: "STDIN": resource name may not be empty\n'
    )


# ------------------------------------------------------------------ the server's strict decoding
def test_unknown_fields_strict_decoding_error(still, files):
    d = files({"svc.yaml": svc(spec="  selector:\n    app: web\n  ports:\n  - port: 80\n    targetport: 80\n")})
    assert fails_cleanly(still, "apply -f svc.yaml", cwd=d).stderr == (
        'Error from server (BadRequest): error when creating "svc.yaml": Service in version "v1" '
        'cannot be handled as a Service: strict decoding error: unknown field "spec.ports[0].targetport"\n'
    )
    both = svc(spec="  selectr:\n    app: web\n  ports:\n  - port: 80\n    targetport: 80\n")
    # several unknown fields are listed comma-separated, in the (sorted) order of the JSON kubectl sends
    assert fails_cleanly(still, "create -f -", stdin=both).stderr == (
        'Error from server (BadRequest): error when creating "STDIN": Service in version "v1" cannot be handled as a '
        'Service: strict decoding error: unknown field "spec.ports[0].targetport", unknown field "spec.selectr"\n'
    )


def test_type_mismatch(still):
    text = svc(spec='  selector:\n    app: web\n  ports:\n  - port: "80"\n')
    assert fails_cleanly(still, "apply -f -", stdin=text).stderr == (
        'Error from server (BadRequest): error when creating "STDIN": Service in version "v1" '
        "cannot be handled as a Service: "
        "json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32\n"
    )


# ------------------------------------------------------------------ validation (422 Invalid)
@pytest.mark.parametrize("name", ["Web_Service", "1web", "web.svc"])
def test_invalid_service_name(still, name):
    assert fails_cleanly(still, "apply -f -", stdin=svc(name=name)).stderr == (
        f'The Service "{name}" is invalid: metadata.name: Invalid value: "{name}": {DNS1035}\n'
    )


def test_invalid_deployment_name(still):
    assert fails_cleanly(still, "apply -f -", stdin=deployment(name="Web")).stderr == (
        'The Deployment "Web" is invalid: metadata.name: Invalid value: "Web": '
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
        "and must start and end with an alphanumeric character (e.g. 'example.com', "
        "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n"
    )


def test_invalid_label_key_and_value(still):
    text = svc(metadata='  labels:\n    "my key": "hello world"\n')
    assert fails_cleanly(still, "apply -f -", stdin=text).stderr == (
        'The Service "web-service" is invalid: \n'
        '* metadata.labels: Invalid value: "my key": '
        "name part must consist of alphanumeric characters, '-', '_' or '.', "
        "and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', "
        "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')\n"
        '* metadata.labels: Invalid value: "hello world": '
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
        "and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', "
        "regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')\n"
    )


def test_node_port_outside_the_range(still):
    assert fails_cleanly(still, "apply -f -", stdin=WEB_SERVICE_NODEPORT.replace("30007", "80")).stderr == (
        f'The Service "web-service" is invalid: spec.ports[0].nodePort: Invalid value: 80: {NODE_PORT_RANGE}\n'
    )


def test_node_port_already_allocated_in_any_namespace(still):
    ok(still, "apply -f -", stdin=WEB_SERVICE_NODEPORT)
    ok(still, "create namespace other")
    second = WEB_SERVICE_NODEPORT.replace("name: web-service", "name: web-dup")
    expected = (
        'The Service "web-dup" is invalid: spec.ports[0].nodePort: Invalid value: 30007: '
        "provided port is already allocated\n"
    )
    assert fails_cleanly(still, "apply -f -", stdin=second).stderr == expected
    assert fails_cleanly(still, "apply -n other -f -", stdin=second).stderr == expected


def test_allocation_error_hides_other_validation_errors(still):
    # allocation runs first (storage/alloc.go); when it fails, that single error is all the user sees
    text = WEB_SERVICE_NODEPORT.replace("30007", "80").replace("name: web-service", "name: Web_Service")
    assert fails_cleanly(still, "apply -f -", stdin=text).stderr == (
        f'The Service "Web_Service" is invalid: spec.ports[0].nodePort: Invalid value: 80: {NODE_PORT_RANGE}\n'
    )


def test_port_zero_is_a_two_bullet_list(still):
    assert fails_cleanly(
        still, "apply -f -", stdin=svc(name="bad", spec="  selector:\n    app: web\n  ports:\n  - port: 0\n")
    ).stderr == (
        'The Service "bad" is invalid: \n'
        "* spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive\n"
        "* spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive\n"
    )


def test_duplicate_ports(still):
    unnamed = svc(name="bad", spec="  selector:\n    app: web\n  ports:\n  - port: 443\n  - port: 443\n")
    lines = fails_cleanly(still, "apply -f -", stdin=unnamed).stderr.splitlines()
    assert lines[:3] == [
        'The Service "bad" is invalid: ',
        "* spec.ports[0].name: Required value",
        "* spec.ports[1].name: Required value",
    ]
    assert len(lines) == 4 and lines[3].startswith("* spec.ports[1]: Duplicate value: ")
    named = svc(
        name="bad", spec="  selector:\n    app: web\n  ports:\n  - name: a\n    port: 443\n  - name: a\n    port: 443\n"
    )
    lines = fails_cleanly(still, "apply -f -", stdin=named).stderr.splitlines()
    assert lines[0] == 'The Service "bad" is invalid: ' and '* spec.ports[1].name: Duplicate value: "a"' in lines


def test_node_port_on_a_clusterip_service(still):
    text = WEB_SERVICE_CLUSTERIP.replace("targetPort: 80\n", "targetPort: 80\n    nodePort: 30001\n")
    assert fails_cleanly(still, "apply -f -", stdin=text).stderr == (
        'The Service "web-service" is invalid: spec.ports[0].nodePort: '
        "Forbidden: may not be used when `type` is 'ClusterIP'\n"
    )


def test_deployment_selector_must_match_template(still):
    assert fails_cleanly(still, "apply -f -", stdin=deployment(template_labels="app: apache")).stderr == (
        'The Deployment "web" is invalid: spec.template.metadata.labels: Invalid value: {"app":"apache"}: '
        "`selector` does not match template `labels`\n"
    )


def test_deployment_selector_is_immutable(still):
    ok(still, "apply -f -", stdin=deployment())
    both = deployment(selector="app: web2", template_labels="app: web2")
    assert fails_cleanly(still, "apply -f -", stdin=both).stderr == (
        'The Deployment "web" is invalid: spec.selector: '
        'Invalid value: {"matchLabels":{"app":"web2"}}: field is immutable\n'
    )
    only_selector = deployment(selector="app: web2")
    assert fails_cleanly(still, "apply -f -", stdin=only_selector).stderr == (
        'The Deployment "web" is invalid: \n'
        '* spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`\n'
        '* spec.selector: Invalid value: {"matchLabels":{"app":"web2"}}: field is immutable\n'
    )


def test_cluster_ip_is_immutable(still):
    ok(still, "apply -f -", stdin=WEB_SERVICE_CLUSTERIP)
    ip = still.store.get(Service, "default", "web-service").spec.cluster_ip
    new_ip = "10.96.5.5" if ip != "10.96.5.5" else "10.96.5.6"
    text = WEB_SERVICE_CLUSTERIP.replace("  type: ClusterIP", f"  type: ClusterIP\n  clusterIP: {new_ip}")
    assert fails_cleanly(still, "apply -f -", stdin=text).stderr == (
        'The Service "web-service" is invalid: spec.clusterIPs[0]: '
        f'Invalid value: ["{new_ip}"]: may not change once set\n'
    )
    # naming the IP it already has is fine
    same = WEB_SERVICE_CLUSTERIP.replace("  type: ClusterIP", f"  type: ClusterIP\n  clusterIP: {ip}")
    assert ok(still, "apply -f -", stdin=same) == "service/web-service configured\n"


# ------------------------------------------------------------------ several errors in one run
def test_several_errors_in_one_file_each_on_its_own_line_good_objects_created(still, files):
    text = (
        svc(name="good1")
        + "---\n"
        + svc(name="Bad_Name")
        + "---\n"
        + deployment(extra_container="        ports:\n        - containerPort: 0\n")
        + "---\n"
        + svc(name="good2", spec="  selector:\n    app: web\n  ports:\n  - port: 81\n")
    )
    d = files({"mixed.yaml": text})
    result = kubectl(still, "apply -f mixed.yaml", cwd=d)
    assert result.exit_code == 1
    assert result.stdout == "service/good1 created\nservice/good2 created\n"
    assert result.stderr == (
        f'Error from server (Invalid): error when creating "mixed.yaml": Service "Bad_Name" is invalid: metadata.name: '
        f'Invalid value: "Bad_Name": {DNS1035}\n'
        'Error from server (Invalid): error when creating "mixed.yaml": Deployment.apps "web" is invalid: '
        "spec.template.spec.containers[0].ports[0].containerPort: Required value\n"
    )
    # an Invalid with several causes is bracketed inside an aggregate (NewInvalid's message)
    two = svc(name="bad", spec="  selector:\n    app: web\n  ports:\n  - port: 0\n") + "---\n" + svc(name="Bad_Name")
    result = kubectl(still, "apply -f -", stdin=two)
    assert result.stderr.splitlines()[0] == (
        'Error from server (Invalid): error when creating "STDIN": Service "bad" is invalid: '
        "[spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, "
        "spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive]"
    )


def test_client_errors_come_first_and_have_no_error_prefix_in_an_aggregate(still, files):
    d = files(
        {
            "a-typo.yaml": svc(name="x").replace("kind: Service", "kind: Servce"),
            "b-bad.yaml": svc(name="Bad_Name"),
            "c-good.yaml": svc(name="fine"),
        }
    )
    result = kubectl(still, "apply -f .", cwd=d)
    assert result.exit_code == 1
    assert result.stdout == "service/fine created\n"
    assert result.stderr == (
        'resource mapping not found for name: "x" namespace: "" from "a-typo.yaml": '
        'no matches for kind "Servce" in version "v1"\n'
        "ensure CRDs are installed first\n"
        f'Error from server (Invalid): error when creating "b-bad.yaml": Service "Bad_Name" is invalid: metadata.name: '
        f'Invalid value: "Bad_Name": {DNS1035}\n'
    )


# ------------------------------------------------------------------ namespaces
def test_namespace_mismatch_between_flag_and_manifest(still):
    ok(still, "create namespace other")
    text = svc(metadata="  namespace: other\n")
    assert fails_cleanly(still, "apply -n default -f -", stdin=text).stderr == (
        'error: the namespace from the provided object "other" does not match the namespace "default". '
        "You must pass '--namespace=other' to perform this operation.\n"
    )
    assert ok(still, "apply --namespace=other -f -", stdin=text) == "service/web-service created\n"


def test_nonexistent_namespace(still):
    expected = 'Error from server (NotFound): error when creating "STDIN": namespaces "nowhere" not found\n'
    assert fails_cleanly(still, "apply -n nowhere -f -", stdin=svc()).stderr == expected
    assert fails_cleanly(still, "apply -f -", stdin=svc(metadata="  namespace: nowhere\n")).stderr == expected
    assert fails_cleanly(still, "create -n nowhere -f -", stdin=WEB_DEPLOYMENT).stderr == expected


def test_failed_creates_leave_no_trace_in_later_allocations(still):
    """A rejected Service must not even move the random streams: the next Service gets the same IP."""
    twin = type(still)(seed=still.seed, think_time=0)
    fails_cleanly(still, "apply -f -", stdin=svc(name="bad", spec="  selector:\n    app: web\n  ports:\n  - port: 0\n"))
    fails_cleanly(still, "apply -f -", stdin=WEB_SERVICE_NODEPORT.replace("30007", "80"))
    ok(still, "apply -f -", stdin=WEB_SERVICE_CLUSTERIP)
    ok(twin, "apply -f -", stdin=WEB_SERVICE_CLUSTERIP)
    assert (
        still.store.get(Service, "default", "web-service").spec.cluster_ip
        == twin.store.get(Service, "default", "web-service").spec.cluster_ip
    )


def test_rejected_update_shows_the_patch_the_object_and_the_file(still, files):
    ok(still, "apply -f -", stdin=WEB_SERVICE_CLUSTERIP)
    d = files({"svc.yaml": WEB_SERVICE_CLUSTERIP.replace("selector:", "selectr:")})
    result = fails_cleanly(still, "apply -f svc.yaml", cwd=d)
    last_applied = (
        '{\\"apiVersion\\":\\"v1\\",\\"kind\\":\\"Service\\",\\"metadata\\":{\\"annotations\\":{},'
        '\\"name\\":\\"web-service\\",'
        '\\"namespace\\":\\"default\\"},\\"spec\\":{\\"ports\\":[{\\"port\\":80,\\"targetPort\\":80}],'
        '\\"selectr\\":{\\"app\\":\\"web\\"},\\"type\\":\\"ClusterIP\\"}}\\n'
    )
    assert result.stderr == (
        "Error from server (BadRequest): error when applying patch:\n"
        '{"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"' + last_applied + '"}},'
        '"spec":{"selector":null,"selectr":{"app":"web"}}}\n'
        "to:\n"
        'Resource: "/v1, Resource=services", GroupVersionKind: "/v1, Kind=Service"\n'
        'Name: "web-service", Namespace: "default"\n'
        'for: "svc.yaml": error when patching "svc.yaml": strict decoding error: unknown field "spec.selectr"\n'
    )
    # an Invalid update alone is still rendered from its causes
    bad_type = WEB_SERVICE_CLUSTERIP.replace("type: ClusterIP", "type: Nodeport")
    assert fails_cleanly(still, "apply -f -", stdin=bad_type).stderr == (
        'The Service "web-service" is invalid: spec.type: Unsupported value: "Nodeport": '
        'supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"\n'
    )
