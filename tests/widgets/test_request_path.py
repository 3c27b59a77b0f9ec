"""The packet view: a learner's own request, hop by hop, names the hop where it died (viz/request_path.py,
widgets/request_path.py, ``%kubesim path``)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from kubesim_nb import magics
from kubesim_nb.api.core import Pod, Service
from kubesim_nb.kubectl import run_kubectl
from kubesim_nb.network.proxy import Hop
from kubesim_nb.network.traces import ConnectTrace, last_trace, request_traces
from kubesim_nb.viz.request_path import node_rules, request_path_html, request_path_text, request_steps, verdict
from kubesim_nb.widgets import RequestPath
from kubesim_nb.widgets.demo import web_cluster


def wget(cluster, url: str) -> None:
    run_kubectl(cluster, ["exec", "client", "--", "wget", "-qO-", "-T", "3", url])


def path_of(cluster):
    steps = request_steps(last_trace(cluster), cluster.dns_ip, cluster.profile.proxy_mode)
    return steps, verdict(steps)


def test_a_good_request_through_the_cluster_ip(web) -> None:
    wget(web, "http://web-service/")
    steps, ending = path_of(web)
    assert ending.ok and ending.where == ""
    assert ending.why.startswith("HTTP 200 OK from Pod default/web-deployment-")
    assert [s.stage for s in steps] == ["client", "dns", "dns", "service", "pod", "reply"]
    dns = steps[2]
    assert dns.title == "A? web-service.default.svc.cluster.local" and dns.detail.startswith("CoreDNS (kube-dns ")
    service = steps[3]
    assert service.title.startswith("cluster IP rule of default/web-service: 10.")
    assert "of 3, chosen at random" in service.detail and "KUBE-SERVICES → KUBE-SVC-" in service.detail
    html = request_path_html(web, last_trace(web))
    assert 'data-ok="true"' in html
    # KUBE-SERVICES, the jump to the chosen KUBE-SEP, its DNAT: from a Pod, and not to itself, nothing masquerades
    assert html.count('data-used="true"') == 3
    used = [rule.text for rule, on in node_rules(web, last_trace(web)).rules if on]
    assert not any("KUBE-MARK-MASQ" in rule for rule in used)


def test_nxdomain_names_dns(web) -> None:
    wget(web, "http://web-servic/")
    steps, ending = path_of(web)
    assert (ending.ok, ending.where) == (False, "dns")
    assert "web-servic does not resolve" in ending.why and "NXDOMAIN for all 4 names tried" in ending.why
    queries = [s.title for s in steps if s.title.startswith("A? ")]
    assert queries == [
        "A? web-servic.default.svc.cluster.local",
        "A? web-servic.svc.cluster.local",
        "A? web-servic.cluster.local",
        "A? web-servic",
    ]
    assert node_rules(web, last_trace(web)).rules == ()


def test_no_endpoints_names_the_reject(web) -> None:
    run_kubectl(web, "scale deployment web-deployment --replicas=0")
    web.advance(40)
    wget(web, "http://web-service/")
    _, ending = path_of(web)
    assert (ending.ok, ending.where) == (False, "service")
    assert "default/web-service has no endpoints" in ending.why and "REJECT" in ending.why
    used = [rule for rule, on in node_rules(web, last_trace(web)).rules if on]
    assert [r.table for r in used] == ["filter"] and used[0].text.endswith(
        "-j REJECT --reject-with icmp-port-unreachable"
    )


def test_a_wrong_target_port_names_the_pod_s_reset(web) -> None:
    run_kubectl(web, ["patch", "service", "web-service", "-p", '{"spec":{"ports":[{"port":80,"targetPort":8080}]}}'])
    wget(web, "http://web-service/")
    steps, ending = path_of(web)
    assert (ending.ok, ending.where) == (False, "pod")
    assert "reset the connection" in ending.why
    assert "Nothing listens on port 8080 in the Pod (its containers listen on 80)" in ending.why
    assert steps[-2].stage == "service" and ":8080 (Pod default/web-deployment-" in steps[-2].detail


def test_an_undeclared_port_names_the_missing_rule_and_the_proxy_mode(web) -> None:
    wget(web, "http://web-service:8080/")
    _, ending = path_of(web)
    assert (ending.ok, ending.where) == (False, "service")
    assert "default/web-service does not declare port 8080" in ending.why
    assert "In iptables mode (this cluster's kube-proxy)" in ending.why and "times out" in ending.why
    assert "nftables mode kube-proxy would reject it at once" in ending.why


def test_a_node_port_from_the_laptop_goes_through_vpnkit_to_the_cluster_ip(web) -> None:
    run_kubectl(web, ["patch", "service", "web-service", "-p", '{"spec":{"type":"NodePort"}}'])
    node_port = web.api.find(Service, "default", "web-service").spec.ports[0].node_port
    web.host_shell().run_line(f"curl -s http://localhost:{node_port}/")
    steps, ending = path_of(web)
    assert ending.ok
    assert steps[0].detail.startswith("from your computer")
    # Docker Desktop's vpnkit forwards the laptop's port to the ClusterIP and Service port, from inside the VM
    service_ip = web.api.find(Service, "default", "web-service").spec.cluster_ip
    forwarded = next(s for s in steps if s.title == "forwarded")
    assert forwarded.detail.startswith(f"localhost:{node_port} -> {service_ip}:80 (vpnkit: node port {node_port} ")
    service = next(s for s in steps if s.stage == "service")
    assert service.title == f"cluster IP rule of default/web-service: {service_ip}:80"
    assert service.detail.startswith("KUBE-SERVICES → KUBE-SVC-")
    used = [rule.text for rule, on in node_rules(web, last_trace(web)).rules if on]
    assert used[0].startswith(f"-A KUBE-SERVICES -d {service_ip}/32 ") and "--dport 80 " in used[0]
    assert not any("KUBE-NODEPORTS" in rule or "KUBE-EXT-" in rule for rule in used)
    assert used[1].startswith("-A KUBE-SVC-") and "! -s 10.1.0.0/16 " in used[1]  # masqueraded: not from a Pod


def test_the_rules_change_when_the_pod_is_deleted(web) -> None:
    wget(web, "http://web-service/")
    trace = last_trace(web)
    chosen = next(h.rule.chosen for h in trace.connects[0].hops if h.action == "DNAT")
    pod = trace.connects[0].pod.split("/")[1]
    assert node_rules(web, trace).note == ""
    run_kubectl(web, f"delete pod {pod} --wait=false")
    web.advance(40)
    after = node_rules(web, trace)
    assert f"{chosen}, is no longer in the rules" in after.note
    assert not any(rule.endpoint == chosen for rule, _ in after.rules)


def test_same_seed_same_commands_same_view() -> None:
    views = []
    for _ in range(2):
        cluster = web_cluster()
        wget(cluster, "http://web-service/")
        wget(cluster, "http://web-service:81/")
        views.append([(request_path_html(cluster, t), request_path_text(cluster, t)) for t in request_traces(cluster)])
    assert views[0] == views[1]


def test_explanations_stay_out_of_the_programs_output(web) -> None:
    result = run_kubectl(web, ["exec", "client", "--", "wget", "-qO-", "http://web-servic/"])
    assert result.output == "wget: bad address 'web-servic'\ncommand terminated with exit code 1\n"


# -------------------------------------------------------------------- widget
def test_the_widget_follows_requests(web) -> None:
    view = RequestPath(web)
    assert "No request yet" in view.view.value
    wget(web, "http://web-service/")
    view.refresh()
    assert view.choice.value == 1 and "request #1: ✓" in view.view.value
    wget(web, "http://web-servic/")
    view.refresh()
    assert view.choice.value == 2 and 'data-where="dns"' in view.view.value
    assert [label.split(":")[0] for label, _ in view.choice.options] == [
        "#2 wget http",
        "#1 wget http",
    ]
    view.choice.value = 1  # the learner picks the older one: the view stays on it
    assert view.follow.value is False
    wget(web, "http://web-service/")
    view.refresh()
    assert view.choice.value == 1 and "request #1: ✓" in view.view.value


# --------------------------------------------------------------------- magic
@pytest.fixture
def shell():
    ip = InteractiveShell.instance()
    ip.run_cell("%load_ext kubesim_nb")
    magics.use_cluster(web_cluster())
    return ip


def run(ip, cell: str) -> tuple[str, list[dict]]:
    with capture_output() as captured:
        ip.run_cell(cell)
    return captured.stdout, [o.data for o in captured.outputs]


def test_kubesim_path_shows_the_last_request(shell) -> None:
    assert run(shell, "%kubesim path")[0].startswith("no request yet")
    run(shell, "%kubectl exec client -- wget -qO- http://web-service/")
    _, outputs = run(shell, "%kubesim path")
    assert outputs[0]["text/plain"].startswith("request #1: ✓ HTTP 200 OK from Pod default/web-deployment-")
    assert 'class="kubesim-request-path"' in outputs[0]["text/html"]
    assert run(shell, "%kubesim path list")[0].startswith("#1 wget http://web-service/ from Pod client: ✓ HTTP 200")
    assert "no request '7' is kept" in run(shell, "%kubesim path 7")[0]
    json.dumps(outputs[0])  # a notebook can save it


def test_the_widget_s_rules_change_live_when_a_pod_goes(web) -> None:
    view = RequestPath(web)
    wget(web, "http://web-service/")
    view.refresh()
    assert "is no longer in the rules" not in view.view.value
    run_kubectl(web, f"delete pod {last_trace(web).connects[0].pod.split('/')[1]} --wait=false")
    web.advance(40)  # no refresh: the EndpointSlice changes redraw the rules
    assert "is no longer in the rules" in view.view.value
    view.close()


def test_a_refused_address_the_client_moved_on_from_is_not_where_it_died(web) -> None:
    wget(web, "http://web-service/")
    good = last_trace(web)
    reset = ConnectTrace("10.1.0.99", 80, "refused", (Hop("RESET", "from 10.1.0.99:80 (nothing listens)"),))
    trace = replace(good, connects=(reset, *good.connects))
    steps = request_steps(trace, web.dns_ip)
    assert verdict(steps).ok
    assert [s.title for s in steps if s.title.startswith("10.1.0.99: ")] == [
        "10.1.0.99: 10.1.0.99:80 reset the connection"
    ]


def test_a_pod_reaching_itself_through_its_service_is_masqueraded(web) -> None:
    """Hairpin: the endpoint chosen is the client itself, so KUBE-SEP's own-source mark applies (and only then)."""
    run_kubectl(web, "create deployment solo --image=nginx:alpine --port=80")
    run_kubectl(web, "expose deployment solo --port=80")
    web.advance(30)
    pod = next(p for p in web.api.list(Pod, "default") if p.labels.get("app") == "solo")
    done = run_kubectl(web, ["exec", pod.name, "--", "wget", "-qO-", "-T", "3", "http://solo/"])
    assert done.exit_code == 0, done.stderr
    used = [rule.text for rule, on in node_rules(web, last_trace(web)).rules if on]
    assert any(f"-s {pod.status.pod_ip}/32 " in rule and "KUBE-MARK-MASQ" in rule for rule in used)
