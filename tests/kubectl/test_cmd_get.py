"""kubectl get: every resource type and alias, output formats, selectors, errors."""

from __future__ import annotations

import json

import pytest
import yaml
from kubectl_cmd_support import (
    ENDPOINTS_WARNING,
    WEB_DEPLOYMENT,
    WEB_SERVICE_CLUSTERIP,
    WEB_SERVICE_NODEPORT,
    FakeTerminal,
    fails_cleanly,
    kubectl,
    ok,
    pod_hash,
    pods,
    service,
    table,
)

from kubesim_nb.api.discovery import EndpointSlice


@pytest.fixture
def web(still):
    """The lesson's web Deployment and ClusterIP Service, 2m10s after they were applied."""
    ok(still, "apply -f -", stdin=WEB_DEPLOYMENT)
    ok(still, "apply -f -", stdin=WEB_SERVICE_CLUSTERIP)
    still.advance("2m10s")
    return still


def web_pods(c):
    return sorted(pods(c, app="web"), key=lambda p: p.name)


def pod_rows(c, prefix=""):
    return [[prefix + p.name, "1/1", "Running", "0", "2m10s"] for p in web_pods(c)]


def svc_rows(c, prefix=""):
    ip = service(c, "web-service").spec.cluster_ip
    return [
        [prefix + "kubernetes", "ClusterIP", "10.96.0.1", "<none>", "443/TCP", "5d"],
        [prefix + "web-service", "ClusterIP", ip, "<none>", "80/TCP", "2m10s"],
    ]


POD_HEADER = ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
SVC_HEADER = ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"]


# ------------------------------------------------------------------ resource types and aliases
@pytest.mark.parametrize("alias", ["pods", "pod", "po", "POD"])
def test_pods_and_aliases(web, alias):
    assert ok(web, f"get {alias}") == table(POD_HEADER, *pod_rows(web))


@pytest.mark.parametrize("alias", ["services", "service", "svc"])
def test_services_and_aliases(web, alias):
    assert ok(web, f"get {alias}") == table(SVC_HEADER, *svc_rows(web))


@pytest.mark.parametrize("alias", ["deployments", "deployment", "deploy", "deployments.apps"])
def test_deployments_and_aliases(web, alias):
    assert ok(web, f"get {alias}") == table(
        ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], ["web-deployment", "3/3", "3", "3", "2m10s"]
    )


@pytest.mark.parametrize("alias", ["replicasets", "replicaset", "rs"])
def test_replicasets_and_aliases(web, alias):
    assert ok(web, f"get {alias}") == table(
        ["NAME", "DESIRED", "CURRENT", "READY", "AGE"],
        [f"web-deployment-{pod_hash(web, app='web')}", "3", "3", "3", "2m10s"],
    )


@pytest.mark.parametrize("alias", ["endpoints", "ep"])
def test_endpoints_warning_comes_first_on_stderr(web, alias):
    result = kubectl(web, f"get {alias}")
    ips = sorted(p.status.pod_ip for p in web_pods(web))
    assert result.exit_code == 0
    assert result.stderr == ENDPOINTS_WARNING
    assert result.stdout == table(
        ["NAME", "ENDPOINTS", "AGE"],
        ["kubernetes", "192.168.65.3:6443", "5d"],
        ["web-service", ",".join(f"{ip}:80" for ip in ips), "2m10s"],
    )
    assert result.output == ENDPOINTS_WARNING + result.stdout


@pytest.mark.parametrize("alias", ["endpointslices", "endpointslice", "endpointslices.discovery.k8s.io"])
def test_endpointslices(web, alias):
    slice_name = [s.name for s in web.store.list(EndpointSlice, "default") if s.name.startswith("web-service-")][0]
    ips = ",".join(sorted(p.status.pod_ip for p in web_pods(web)))
    result = kubectl(web, f"get {alias}")
    assert result.stderr == ""  # no deprecation warning for EndpointSlices
    assert result.stdout == table(
        ["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"],
        ["kubernetes", "IPv4", "6443", "192.168.65.3", "5d"],
        [slice_name, "IPv4", "80", ips, "2m10s"],
    )


@pytest.mark.parametrize("alias", ["nodes", "node", "no"])
def test_nodes(web, alias):
    assert ok(web, f"get {alias}") == table(
        ["NAME", "STATUS", "ROLES", "AGE", "VERSION"], ["docker-desktop", "Ready", "control-plane", "5d", "v1.37.1"]
    )
    wide = ok(web, f"get {alias} -o wide")
    assert wide.splitlines()[0].split() == [
        "NAME",
        "STATUS",
        "ROLES",
        "AGE",
        "VERSION",
        "INTERNAL-IP",
        "EXTERNAL-IP",
        "OS-IMAGE",
        "KERNEL-VERSION",
        "CONTAINER-RUNTIME",
    ]
    assert "192.168.65.3" in wide


@pytest.mark.parametrize("alias", ["namespaces", "namespace", "ns"])
def test_namespaces(web, alias):
    assert ok(web, f"get {alias}") == table(
        ["NAME", "STATUS", "AGE"],
        ["default", "Active", "5d"],
        ["kube-node-lease", "Active", "5d"],
        ["kube-public", "Active", "5d"],
        ["kube-system", "Active", "5d"],
    )
    # a namespace flag does not matter for cluster-scoped kinds
    assert ok(web, f"get {alias} default -n kube-system") == table(
        ["NAME", "STATUS", "AGE"], ["default", "Active", "5d"]
    )


def test_get_all_groups_with_kind_prefixes_and_blank_lines(web):
    rs = f"web-deployment-{pod_hash(web, app='web')}"
    assert ok(web, "get all") == (
        table(POD_HEADER, *pod_rows(web, "pod/"))
        + "\n"
        + table(SVC_HEADER, *svc_rows(web, "service/"))
        + "\n"
        + table(
            ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
            ["deployment.apps/web-deployment", "3/3", "3", "3", "2m10s"],
        )
        + "\n"
        + table(["NAME", "DESIRED", "CURRENT", "READY", "AGE"], [f"replicaset.apps/{rs}", "3", "3", "3", "2m10s"])
    )


def test_comma_list_keeps_the_requested_order(web):
    assert ok(web, "get svc,pods") == table(SVC_HEADER, *svc_rows(web, "service/")) + "\n" + table(
        POD_HEADER, *pod_rows(web, "pod/")
    )
    # nothing at all: the Endpoints warning, then the message
    result = kubectl(web, "get svc,ep -l app=nope")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "",
        ENDPOINTS_WARNING + "No resources found in default namespace.\n",
    )
    # an empty group prints nothing (and no blank line), the names keep their kind prefix
    assert ok(web, "get deploy,svc -l provider=kubernetes") == table(SVC_HEADER, svc_rows(web, "service/")[0])


# ------------------------------------------------------------------ TYPE/NAME forms
def test_type_name_forms(web):
    ip = service(web, "web-service").spec.cluster_ip
    one = table(SVC_HEADER, ["web-service", "ClusterIP", ip, "<none>", "80/TCP", "2m10s"])
    assert ok(web, "get svc web-service") == one
    assert ok(web, "get svc/web-service") == one
    assert ok(web, "get service/web-service") == one
    # two kinds by TYPE/NAME: prefixed names, one group each
    mixed = ok(web, "get deploy/web-deployment svc/web-service")
    assert mixed == (
        table(
            ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
            ["deployment.apps/web-deployment", "3/3", "3", "3", "2m10s"],
        )
        + "\n"
        + table(SVC_HEADER, ["service/web-service", "ClusterIP", ip, "<none>", "80/TCP", "2m10s"])
    )
    # several names of one type
    assert ok(web, "get svc kubernetes web-service") == table(SVC_HEADER, *svc_rows(web))


def test_type_and_type_name_cannot_be_mixed(web):
    result = fails_cleanly(web, "get svc svc/web-service")
    assert result.stderr.startswith(
        "error: there is no need to specify a resource type as a separate argument when passing "
        "arguments in resource/name form"
    )


# ------------------------------------------------------------------ -o
def test_output_wide(web):
    rows = [
        [p.name, "1/1", "Running", "0", "2m10s", p.status.pod_ip, "docker-desktop", "<none>", "<none>"]
        for p in web_pods(web)
    ]
    assert ok(web, "get pods -o wide") == table(POD_HEADER + ["IP", "NODE", "NOMINATED NODE", "READINESS GATES"], *rows)
    ip = service(web, "web-service").spec.cluster_ip
    assert ok(web, "get svc -o wide") == table(
        SVC_HEADER + ["SELECTOR"],
        ["kubernetes", "ClusterIP", "10.96.0.1", "<none>", "443/TCP", "5d", "<none>"],
        ["web-service", "ClusterIP", ip, "<none>", "80/TCP", "2m10s", "app=web"],
    )
    assert ok(web, "get deploy -o wide") == table(
        ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"],
        ["web-deployment", "3/3", "3", "3", "2m10s", "nginx", "nginx:alpine", "app=web"],
    )
    h = pod_hash(web, app="web")
    assert ok(web, "get rs -o wide") == table(
        ["NAME", "DESIRED", "CURRENT", "READY", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"],
        [f"web-deployment-{h}", "3", "3", "3", "2m10s", "nginx", "nginx:alpine", f"app=web,pod-template-hash={h}"],
    )


def test_output_yaml_and_json(web):
    one = yaml.safe_load(ok(web, "get svc web-service -o yaml"))
    assert (one["apiVersion"], one["kind"], one["metadata"]["name"]) == ("v1", "Service", "web-service")
    text = ok(web, "get svc web-service -o json")
    assert text.startswith('{\n    "apiVersion": "v1",\n    "kind": "Service",\n    "metadata": {\n')
    assert json.loads(text) == one
    listing = yaml.safe_load(ok(web, "get pods -o yaml"))
    assert listing["kind"] == "List" and listing["metadata"] == {"resourceVersion": ""}
    assert [i["metadata"]["name"] for i in listing["items"]] == [p.name for p in web_pods(web)]
    # a list is printed even when it is empty (and then nothing goes to stderr)
    assert (
        ok(web, "get pods -l app=nope -o yaml")
        == 'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n'
    )


def test_output_name(web):
    assert ok(web, "get svc -o name") == "service/kubernetes\nservice/web-service\n"
    assert (
        ok(web, "get deploy,svc -o name") == "deployment.apps/web-deployment\nservice/kubernetes\nservice/web-service\n"
    )
    assert ok(web, "get pods -o name") == "".join(f"pod/{p.name}\n" for p in web_pods(web))


def test_output_jsonpath(web):
    ip = service(web, "web-service").spec.cluster_ip
    assert ok(web, "get svc web-service -o jsonpath={.spec.clusterIP}") == ip  # no final newline, as kubectl
    assert ok(web, "get svc web-service -o=jsonpath='{.spec.ports[0].port}'") == "80"
    assert ok(web, "get pods -o jsonpath='{.items[*].status.podIP}'") == " ".join(
        p.status.pod_ip for p in web_pods(web)
    )
    ranged = ok(web, 'get pods -o jsonpath=\'{range .items[*]}{.metadata.name}{"\\t"}{.status.podIP}{"\\n"}{end}\'')
    assert ranged == "".join(f"{p.name}\t{p.status.pod_ip}\n" for p in web_pods(web))
    assert ok(web, "get svc -o jsonpath='{.items[?(@.metadata.name==\"web-service\")].spec.clusterIP}'") == ip
    assert (
        kubectl(web, "get svc web-service -o jsonpath='{.metadata.labels}'").output == ""
    )  # missing keys print nothing
    assert ok(web, "get svc web-service -o jsonpath='{.spec.selector}'") == '{"app":"web"}'
    assert ok(web, "get svc web-service -o jsonpath='name: {.metadata.name}'") == "name: web-service"


def test_output_jsonpath_errors(web):
    result = fails_cleanly(web, "get svc web-service -o jsonpath='{.spec.ports[0].port'")
    assert result.stderr == "error: error parsing jsonpath {.spec.ports[0].port, unclosed action\n"
    result = fails_cleanly(web, "get svc web-service -o jsonpath='{end}'")
    assert result.stderr == "error: error parsing jsonpath {end}, not in range, nothing to end\n"
    result = fails_cleanly(web, "get svc web-service -o jsonpath='{.spec.ports[3]}'")
    assert result.stderr.startswith(
        'error: error executing jsonpath "{.spec.ports[3]}": Error executing template: array index out of '
        "bounds: index 3, length 1. Printing more information for debugging the template:\n"
        "\ttemplate was:\n\t\t{.spec.ports[3]}\n\tobject given to jsonpath engine was:\n"
        '\t\tmap[string]interface {}{"apiVersion":"v1", "kind":"Service", '
    )


def test_unknown_output_format(web):
    assert fails_cleanly(web, "get pods -o table").stderr == (
        'error: unable to match a printer suitable for the output format "table", allowed formats are: '
        "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,"
        "kyaml,name,template,templatefile,wide,yaml\n"
    )


# ------------------------------------------------------------------ labels
def test_show_labels(web):
    h = pod_hash(web, app="web")
    rows = [row + [f"app=web,pod-template-hash={h}"] for row in pod_rows(web)]
    assert ok(web, "get pods --show-labels") == table(POD_HEADER + ["LABELS"], *rows)
    svc_labels = [svc_rows(web)[0] + ["component=apiserver,provider=kubernetes"], svc_rows(web)[1] + ["<none>"]]
    assert ok(web, "get svc --show-labels") == table(SVC_HEADER + ["LABELS"], *svc_labels)


def test_label_columns(web):
    h = pod_hash(web, app="web")
    rows = [row + ["web", h] for row in pod_rows(web)]
    expected = table(POD_HEADER + ["APP", "POD-TEMPLATE-HASH"], *rows)
    assert ok(web, "get pods -L app -L pod-template-hash") == expected
    assert ok(web, "get pods -L app,pod-template-hash") == expected
    assert ok(web, "get pods --label-columns=app,pod-template-hash") == expected
    # an empty last cell leaves the previous column padded (the line ends in spaces)
    out = ok(web, "get svc -L app")
    assert out == table(SVC_HEADER + ["APP"], *[row + [""] for row in svc_rows(web)])
    assert out.splitlines()[1] == "kubernetes    ClusterIP   10.96.0.1       <none>        443/TCP   5d      "
    # -L uses the last path segment of a prefixed key as header
    assert ok(web, "get svc -L app.kubernetes.io/name").splitlines()[0].endswith("AGE     NAME")


@pytest.mark.parametrize(
    "selector, selected",
    [
        ("app=web", True),
        ("app==web", True),
        ("app!=web", False),
        ("app", True),
        ("!app", False),
        ("'app in (web,api)'", True),
        ("'app notin (web)'", False),
        ("'app in (api)'", False),
        ("app=web,pod-template-hash", True),
        ("'environment notin (prod)'", True),
        ("app=", False),
    ],
)
def test_label_selectors(web, selector, selected):
    result = kubectl(web, f"get pods -l {selector}")
    assert result.exit_code == 0
    if selected:
        assert result.stdout == table(POD_HEADER, *pod_rows(web)) and result.stderr == ""
    else:
        assert result.stdout == "" and result.stderr == "No resources found in default namespace.\n"


def test_selector_on_services_and_long_flag(web):
    assert ok(web, "get svc --selector=provider=kubernetes") == table(SVC_HEADER, svc_rows(web)[0])
    assert ok(web, "get svc -l 'component in (apiserver)',provider") == table(SVC_HEADER, svc_rows(web)[0])


@pytest.mark.parametrize(
    "selector, error",
    [
        ("app in web", "unable to parse requirement: found 'web' expected: '('"),
        ("app in (web", "unable to parse requirement: found '', expected: ',' or ')'"),
        ("app in (", "unable to parse requirement: found '', expected: ',', ')' or identifier"),
        ("type=app,versionv1.0.1)", "unable to parse requirement: found ')', expected: in, notin, =, ==, !=, gt, lt"),
        ("kdl/description=First nginx Pod", "found 'nginx', expected: ',' or 'end of string'"),
        ("app=web,", "found '', expected: identifier after ','"),
        ("=web", "found '=', expected: !, identifier, or 'end of string'"),
        (
            "replicas>abc",
            "unable to parse requirement: values[0]: Invalid value: \"abc\": for 'Gt', 'Lt' operators, "
            "the value must be an integer",
        ),
    ],
)
def test_selector_parse_errors_are_bad_requests(web, selector, error):
    result = fails_cleanly(web, f"get pods -l '{selector}'")
    assert result.stderr == (
        f'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector '
        f'"{selector}", field selector "": {error}\n'
    )


def test_selector_bad_value_and_apps_resource_text(web):
    result = fails_cleanly(web, "get pods -l app=a/b")
    assert result.stderr.startswith(
        'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector '
        '"app=a/b", field selector "": unable to parse requirement: values[0][app]: Invalid value: "a/b": '
        "a valid label must be an empty string or consist of alphanumeric characters"
    )
    result = fails_cleanly(web, "get deploy -l 'app in web'")
    assert result.stderr == (
        'Error from server (BadRequest): Unable to find "apps/v1, Resource=deployments" that match label selector '
        "\"app in web\", field selector \"\": unable to parse requirement: found 'web' expected: '('\n"
    )


def test_field_selector(web):
    assert ok(web, "get pods --field-selector status.phase=Running") == table(POD_HEADER, *pod_rows(web))
    result = kubectl(web, "get pods --field-selector=status.phase!=Running,metadata.namespace=default")
    assert (result.stdout, result.stderr) == ("", "No resources found in default namespace.\n")
    assert ok(web, "get svc --field-selector metadata.name=web-service") == table(SVC_HEADER, svc_rows(web)[1])
    assert ok(web, "get svc --field-selector spec.type=ClusterIP") == table(SVC_HEADER, *svc_rows(web))
    result = fails_cleanly(web, "get pods --field-selector foo=bar")
    assert result.stderr == (
        'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", '
        'field selector "foo=bar": field label not supported: foo\n'
    )


# ------------------------------------------------------------------ namespaces
def test_namespace_flag_and_all_namespaces(web):
    ok(web, "create namespace shop")
    ok(web, "apply -n shop -f -", stdin=WEB_SERVICE_NODEPORT)
    web.advance("5s")
    shop_ip = service(web, "web-service", "shop").spec.cluster_ip
    shop = ["web-service", "NodePort", shop_ip, "<none>", "80:30007/TCP", "5s"]
    assert ok(web, "get svc -n shop") == table(SVC_HEADER, shop)
    assert ok(web, "get svc --namespace=shop") == table(SVC_HEADER, shop)
    all_ns = ok(web, "get svc -A")
    default_rows = svc_rows(web)
    default_rows[1][-1] = "2m15s"
    default_rows[0][-1] = "5d"
    assert all_ns == table(
        ["NAMESPACE"] + SVC_HEADER,
        ["default"] + default_rows[0],
        ["default"] + default_rows[1],
        ["kube-system", "kube-dns", "ClusterIP", "10.96.0.10", "<none>", "53/UDP,53/TCP,9153/TCP", "5d"],
        ["shop"] + shop,
    )
    assert ok(web, "get svc --all-namespaces") == all_ns
    assert ok(web, "get pods -n kube-system -l k8s-app=kube-dns -o name").count("pod/coredns-") == 2


def test_no_resources_found_messages(web):
    result = kubectl(web, "get deploy -n kube-public")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "No resources found in kube-public namespace.\n")
    result = kubectl(web, "get pods -n nowhere")
    assert result.stderr == "No resources found in nowhere namespace.\n"
    result = kubectl(web, "get pods -A -l app=nope")
    assert result.stderr == "No resources found\n"
    # only table output says so: -o name|yaml|json|jsonpath go through printGeneric
    result = kubectl(web, "get pods -l app=nope -o name")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    result = kubectl(web, "get pods -l app=nope -o json --ignore-not-found")
    assert (result.exit_code, result.output) == (0, "")
    result = kubectl(web, "get pods -l app=nope --ignore-not-found")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_no_headers(web):
    assert ok(web, "get pods --no-headers") == table(*pod_rows(web))
    assert ok(web, "get svc,pods --no-headers") == table(*svc_rows(web, "service/")) + "\n" + table(
        *pod_rows(web, "pod/")
    )


def test_sort_by(web):
    ok(web, "apply -f -", stdin=WEB_SERVICE_CLUSTERIP.replace("web-service", "a-service"))
    names = lambda text: [line.split()[0] for line in text.splitlines()[1:]]  # noqa: E731
    assert names(ok(web, "get svc --sort-by=.metadata.name")) == ["a-service", "kubernetes", "web-service"]
    assert names(ok(web, "get svc --sort-by={.metadata.creationTimestamp}")) == [
        "kubernetes",
        "web-service",
        "a-service",
    ]
    # strings sort byte by byte, as the real kubectl's do (10.100.x.x before 10.96.0.1; tests/serve/test_kinds.py)
    by_ip = names(ok(web, "get svc --sort-by=.spec.clusterIP"))
    ips = {n: service(web, n).spec.cluster_ip for n in ("a-service", "web-service")}
    ips["kubernetes"] = "10.96.0.1"
    assert by_ip == sorted(ips, key=lambda n: ips[n])
    assert names(ok(web, "get pods --sort-by=.status.podIP")) == [
        p.name for p in sorted(web_pods(web), key=lambda p: p.status.pod_ip)
    ]
    assert fails_cleanly(web, "get svc --sort-by=.spec.nothing").stderr == (
        'error: couldn\'t find any field with path "{.spec.nothing}" in the list of objects\n'
    )


# ------------------------------------------------------------------ errors
def test_not_found(web):
    assert fails_cleanly(web, "get svc nope").stderr == 'Error from server (NotFound): services "nope" not found\n'
    assert (
        fails_cleanly(web, "get deploy nope").stderr
        == 'Error from server (NotFound): deployments.apps "nope" not found\n'
    )
    assert (
        fails_cleanly(web, "get ep nope").stderr
        == ENDPOINTS_WARNING + 'Error from server (NotFound): endpoints "nope" not found\n'
    )
    result = kubectl(web, "get svc nope web-service")
    assert result.exit_code == 1
    assert result.stdout == table(SVC_HEADER, svc_rows(web)[1])
    assert result.stderr == 'Error from server (NotFound): services "nope" not found\n'
    assert kubectl(web, "get svc nope --ignore-not-found").output == ""


def test_unknown_resource_type_and_missing_type(web):
    assert fails_cleanly(web, "get foo").stderr == 'error: the server doesn\'t have a resource type "foo"\n'
    assert fails_cleanly(web, "get svc,foo").stderr == 'error: the server doesn\'t have a resource type "foo"\n'
    assert fails_cleanly(web, "get").stderr == (
        "You must specify the type of resource to get. "
        'Use "kubectl api-resources" for a complete list of supported resources.\n\n'
        "error: Required resource not specified.\n"
        'Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n'
        "See 'kubectl get -h' for help and examples\n"
    )


def test_all_namespaces_with_a_name_is_refused(web):
    assert (
        fails_cleanly(web, "get svc web-service -A").stderr
        == "error: a resource cannot be retrieved by name across all namespaces\n"
    )


# ------------------------------------------------------------------ watch
def test_watch_prints_the_listing_then_each_change(still):
    ok(still, "create deployment web --image=nginx:alpine --replicas=1")
    pod = pods(still, app="web")[0].name
    start = still.clock.seconds()
    result = kubectl(still, "get pods -w --request-timeout=10s")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "NAME" + " " * (len(pod) - 1) + "READY   STATUS              RESTARTS   AGE"
    assert lines[1].split() == [pod, "0/1", "ContainerCreating", "0", "0s"]
    # later rows keep the listing's column widths; the Pod ends up Running
    assert lines[-1].startswith(f"{pod}   1/1     Running             0          ")
    assert all(len(line.split()) == 5 for line in lines[1:])
    assert still.clock.seconds() == start + 10  # the watch lasted --request-timeout of simulated time


def test_watch_only_one_type(still):
    # the real kubectl 1.37.1's text (checked against kubesim serve, tests/serve)
    assert fails_cleanly(still, "get svc,pods -w").stderr == "error: you may only specify a single resource type\n"


def test_watch_in_a_terminal_runs_until_ctrl_c_and_shows_other_commands(still):
    from kubesim_nb.kubectl import run_kubectl

    ok(still, "create deployment web --image=nginx:alpine --replicas=1")
    still.advance("30s")
    terminal = FakeTerminal(still, ["", "label deployment web tier=frontend", "scale deployment web --replicas=2", ""])
    result = run_kubectl(still, "get pods -w", terminal=terminal)
    assert (result.exit_code, result.stderr) == (130, "")  # Ctrl-C: quietly
    assert terminal.pauses == [1.0] * 5  # real time passes in one-second steps, until interrupted
    rows = result.stdout.splitlines()
    assert len(rows) >= 3 and rows[0].split() == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    new = [row.split()[0] for row in rows[2:]]
    assert all(name.startswith("web-") for name in new) and len(set(new)) == 1  # the second Pod, as it starts
    assert rows[-1].split()[1:3] == ["1/1", "Running"]


def test_watch_in_a_terminal_ends_at_the_request_timeout(still):
    from kubesim_nb.kubectl import run_kubectl

    terminal = FakeTerminal(still, [""] * 10)
    start = still.clock.seconds()
    result = run_kubectl(still, "get svc -w --request-timeout=2500ms", terminal=terminal)
    assert result.exit_code == 0 and terminal.pauses == [1.0, 1.0, 0.5]
    assert still.clock.seconds() == start + 2.5
