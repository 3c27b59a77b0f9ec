"""The data plane keeps what each curl/wget request went through (network/traces.py), and kube-proxy's
rules for a Service as iptables-save shows them (network/iptables.py)."""

from __future__ import annotations

import json

import pytest

from kubesim_nb.cluster import Cluster
from kubesim_nb.kubectl import run_kubectl
from kubesim_nb.network import exec_command
from kubesim_nb.network.iptables import chain_hash, service_rules
from kubesim_nb.network.traces import KEPT, RequestTrace, last_trace, request_traces

from .conftest import pods_of


def curl(cluster: Cluster, *args: str) -> None:
    exec_command(cluster, "default", "bb", ["wget", "-q", "-O", "-", "-T", "3", *args])


def test_a_request_leaves_a_trace_of_every_hop(who: Cluster) -> None:
    curl(who, "http://who/")
    trace = last_trace(who)
    assert (trace.number, trace.client, trace.url, trace.source.pod) == (1, "wget", "http://who/", ("default", "bb"))
    assert trace.resolution.tried == ("who.default.svc.cluster.local",)
    assert trace.resolution.server == who.dns_ip
    (attempt,) = trace.connects
    dnat = next(h for h in attempt.hops if h.action == "DNAT")
    assert dnat.rule.label == "default/who:http" and dnat.rule.entry == "cluster IP"
    assert len(dnat.rule.endpoints) == 3 and dnat.rule.chosen in dnat.rule.endpoints
    assert attempt.pod == f"default/{next(p.name for p in pods_of(who, 'who') if p.ip == dnat.rule.chosen[:-3])}"
    assert (trace.status, trace.error, trace.ok) == (200, None, True)


def test_traces_are_plain_json_and_read_back_equal(who: Cluster) -> None:
    curl(who, "http://who/")
    curl(who, "http://nosuch/")
    saved = json.loads(json.dumps(who.sessions))
    assert [RequestTrace.from_json(t) for t in saved["network"]["requests"]] == request_traces(who)
    reloaded = Cluster.from_state(json.loads(json.dumps(who.to_state())))
    assert request_traces(reloaded) == request_traces(who)


def test_only_the_last_traces_are_kept(who: Cluster) -> None:
    for _ in range(KEPT + 3):
        curl(who, "http://who/")
    numbers = [t.number for t in request_traces(who)]
    assert numbers == list(range(4, KEPT + 4))


def test_failures_keep_where_they_died(who: Cluster) -> None:
    curl(who, "http://who:8080/")
    (attempt,) = last_trace(who).connects
    assert attempt.outcome == "timeout"
    assert attempt.hops[-1].action == "DROP" and attempt.hops[-1].rule.port_name is None
    run_kubectl(who, "scale deployment whoami --replicas=0")
    who.advance(40)
    curl(who, "http://who/")
    (attempt,) = last_trace(who).connects
    assert attempt.outcome == "refused" and attempt.hops[-1].action == "REJECT"


def test_the_laptop_s_requests_are_traced_too(who: Cluster) -> None:
    who.host_shell().run_line("curl -s --max-time 2 http://10.96.0.1/")
    trace = last_trace(who)
    assert trace.client == "curl" and trace.source.kind == "host"
    assert trace.resolution.server is None and trace.connects[0].outcome == "timeout"


# ------------------------------------------------------------------ iptables
def test_chain_names_are_kube_proxy_s() -> None:
    """Chain names every cluster shares (sha256 + base32 of the ServicePortName and protocol)."""
    assert chain_hash("default/kubernetes:https" + "tcp") == "NPX46M4PTMTKRN6Y"
    assert chain_hash("kube-system/kube-dns:dns" + "udp") == "TCOU7JCQXEZGVUNU"


def texts(cluster: Cluster, name: str) -> list[str]:
    return [r.text for r in service_rules(cluster, ("default", name))]


def test_three_endpoints_share_the_traffic_by_probability(who: Cluster) -> None:
    rules = texts(who, "who")
    svc_ip = who.network.service(("default", "who")).spec.cluster_ip
    assert rules[0] == (
        f'-A KUBE-SERVICES -d {svc_ip}/32 -p tcp -m comment --comment "default/who:http cluster IP" -m tcp '
        "--dport 80 -j KUBE-SVC-" + chain_hash("default/who:httptcp")
    )
    jumps = [r for r in rules if r.startswith("-A KUBE-SVC-") and "-j KUBE-SEP-" in r]
    assert ["--probability 0.33333333349" in jumps[0], "--probability 0.50000000000" in jumps[1]] == [True, True]
    assert "statistic" not in jumps[2]
    assert sum("-j DNAT --to-destination" in r for r in rules) == 3


def test_a_deleted_pod_s_chain_leaves_the_rules(who: Cluster) -> None:
    victim = pods_of(who, "who")[0]
    before = texts(who, "who")
    assert any(f"--to-destination {victim.ip}:80" in r for r in before)
    run_kubectl(who, f"delete pod {victim.name} --wait=false")
    who.advance(40)
    after = texts(who, "who")
    assert not any(f"--to-destination {victim.ip}:80" in r for r in after)
    assert sum("-j DNAT" in r for r in after) == 3  # the replacement took its place


def test_no_endpoints_is_a_reject_in_the_filter_table(who: Cluster) -> None:
    run_kubectl(who, "scale deployment whoami --replicas=0")
    who.advance(40)
    (rule,) = service_rules(who, ("default", "who"))
    assert rule.table == "filter"
    assert '"default/who:http has no endpoints"' in rule.text
    assert rule.text.endswith("-j REJECT --reject-with icmp-port-unreachable")


def test_a_node_port_enters_through_kube_nodeports(who: Cluster) -> None:
    run_kubectl(who, ["patch", "service", "who", "-p", '{"spec":{"type":"NodePort"}}'])
    node_port = who.network.service(("default", "who")).spec.ports[0].node_port
    rules = texts(who, "who")
    ext = "KUBE-EXT-" + chain_hash("default/who:httptcp")
    assert (
        f'-A KUBE-NODEPORTS -p tcp -m comment --comment "default/who:http" -m tcp --dport {node_port} -j {ext}' in rules
    )
    assert f"-A {ext} -j KUBE-SVC-" + chain_hash("default/who:httptcp") in rules
    assert rules[-1].endswith("-m addrtype --dst-type LOCAL -j KUBE-NODEPORTS")


@pytest.mark.parametrize("name", ["nosuch", "kubernetes"])
def test_rules_of_other_services(who: Cluster, name: str) -> None:
    rules = texts(who, name)
    assert (rules == []) == (name == "nosuch")
