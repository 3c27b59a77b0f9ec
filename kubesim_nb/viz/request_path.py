"""The path of one request, hop by hop, and the node's rules for its Service: the learner's own packet view.

The data plane records what each ``curl`` or ``wget`` went through
(:class:`~kubesim_nb.network.traces.RequestTrace`); this module explains it.
:func:`request_steps` reads a trace top to bottom as :class:`Step` s: who
asked; the search-list names the resolver tried and CoreDNS's answer to each
(NXDOMAIN for the names that do not exist); the Service rule that matched
``ClusterIP:port`` (or the node port, the load balancer); the endpoint kube-proxy
chose ("2 of 3") and ``Pod IP:targetPort``; the reply. Where a request died,
the failing step says where and why: NXDOMAIN, the no-endpoints REJECT, a
reset from a Pod where nothing listens on the targetPort, a port the Service
does not declare (a timeout in iptables mode). :func:`verdict` sums it up.

:func:`node_rules` shows, beside the path, the rules kube-proxy on the
client's node holds *now* for that Service (:func:`~kubesim_nb.network.iptables.service_rules`),
marking the ones this request went through; delete a Pod and its ``KUBE-SEP``
chain is gone from the next view. :func:`request_path_html` and
:func:`request_path_text` render both; the same trace and cluster give the same view.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from html import escape
from typing import TYPE_CHECKING

from ..network.iptables import Rule, endpoint_chain, service_chain, service_rules
from ..network.proxy import Hop, RuleMatch
from ..network.topology import cluster_nodes
from ..network.traces import ConnectTrace, RequestTrace
from .style import INK, MUTED, PALETTE

if TYPE_CHECKING:  # pragma: no cover
    from ..network.runtime import Runtime

__all__ = [
    "NodeRules",
    "Step",
    "Verdict",
    "node_rules",
    "request_path_html",
    "request_path_text",
    "request_steps",
    "request_summary",
    "verdict",
]

STAGES = {
    "client": "the client",
    "dns": "DNS",
    "service": "the Service's rules (kube-proxy)",
    "endpoint": "the endpoint choice",
    "network": "the network",
    "pod": "the Pod",
    "reply": "the reply",
}
# the chains a packet goes through for each way in, before the endpoint's KUBE-SEP chain
ENTRY_CHAINS = {"cluster IP": ("KUBE-SERVICES",), "node port": ("KUBE-SERVICES", "KUBE-NODEPORTS")}
ENTRY_CHAINS["loadbalancer IP"] = ENTRY_CHAINS["cluster IP"]
CHAIN_PREFIXES = {"cluster IP": ("KUBE-SVC-",), "node port": ("KUBE-EXT-", "KUBE-SVC-")}
CHAIN_PREFIXES["loadbalancer IP"] = CHAIN_PREFIXES["node port"]
HOP_TITLES = {
    "FORWARD": "forwarded",
    "SNAT": "source address rewritten (SNAT)",
    "AFFINITY": "session affinity",
    "PORT-FORWARD": "kubectl port-forward",
}
SYMBOL = {"ok": "✓", "fail": "✕", "info": "·"}
COLOR = {"ok": PALETTE["green"], "fail": PALETTE["vermillion"], "info": PALETTE["grey"]}


@dataclass(frozen=True)
class Step:
    """One hop of a request, as a learner reads it."""

    stage: str  # a key of STAGES
    title: str
    detail: str
    state: str  # "ok" | "fail" | "info"


@dataclass(frozen=True)
class Verdict:
    ok: bool
    where: str  # the stage where the request died ("" when it got a reply)
    why: str

    @property
    def headline(self) -> str:
        if self.ok:
            return f"✓ {self.why}"
        return f"✕ died at {STAGES[self.where]}: {self.why}"


# ---------------------------------------------------------------------- steps
def request_steps(trace: RequestTrace, dns_ip: str = "", proxy_mode: str = "iptables") -> list[Step]:
    """The trace as steps, client to reply (``dns_ip`` names CoreDNS among nameservers)."""
    steps = [_client_step(trace)]
    steps += _dns_steps(trace, dns_ip)
    for n, attempt in enumerate(trace.connects, start=1):
        hops = [_hop_step(attempt, hop, proxy_mode) for hop in attempt.hops]
        if n < len(trace.connects):  # the client moved on to the name's next address: not where the request died
            hops = [replace(s, state="info", title=f"{attempt.ip}: {s.title}") for s in hops]
        steps += hops
    reply = _reply_step(trace)
    return steps + ([reply] if reply is not None else [])


def verdict(steps: list[Step]) -> Verdict:
    """Where the request died (its first failing step), or what answered."""
    failed = next((s for s in steps if s.state == "fail"), None)
    if failed is not None:
        return Verdict(False, failed.stage, f"{failed.title}. {failed.detail}")
    return Verdict(True, "", f"{steps[-1].title} {steps[-1].detail.split(',')[0]}")


def _client_step(trace: RequestTrace) -> Step:
    src = trace.source
    if src.kind == "host":
        where = f"your computer ({src.ip})"
    elif src.pod is not None:
        where = f"Pod {src.pod[0]}/{src.pod[1]} ({src.ip}, on node {src.node})"
    else:
        where = f"node {src.node} ({src.ip})"
    return Step("client", f"{trace.client} {trace.method} {trace.url}", f"from {where}, at {trace.at}", "info")


def _dns_steps(trace: RequestTrace, dns_ip: str) -> list[Step]:
    found = trace.resolution
    if found is None:
        return []
    if found.server is None:
        if found.canonical is not None:
            return [Step("dns", f"{found.name} in /etc/hosts", f"{', '.join(found.addresses)}, no DNS query", "ok")]
        return [Step("dns", "no name to look up", f"{trace.host} is an IP address", "info")]
    who = f"CoreDNS (kube-dns {found.server})" if found.server == dns_ip else f"the DNS server {found.server}"
    steps = []
    if found.tried and found.tried[0] != found.name.rstrip("."):
        steps.append(
            Step(
                "dns",
                f"{found.name}: fewer dots than ndots",
                "the resolver tries the Pod's search list first, one name at a time, until one exists",
                "info",
            )
        )
    for i, name in enumerate(found.tried):
        if i < len(found.tried) - 1 or found.error == "nxdomain":
            steps.append(Step("dns", f"A? {name}", f"{who}: NXDOMAIN (no such name)", "info"))
        elif found.ok:
            steps.append(Step("dns", f"A? {name}", f"{who}: {', '.join(found.addresses)}", "ok"))
        else:
            steps.append(Step("dns", f"A? {name}", _dns_failure(found.error, who, found.server), "fail"))
    if found.error == "nxdomain":
        steps.append(
            Step(
                "dns",
                f"{found.name} does not resolve",
                f"NXDOMAIN for all {len(found.tried)} names tried: no Service (or Pod, or host) has this name. Check "
                "the spelling, and the namespace: another namespace's Service is <name>.<namespace>",
                "fail",
            )
        )
    return steps


def _dns_failure(error: str | None, who: str, server: str) -> str:
    if error == "timeout":
        return f"no answer from {server}: no DNS server answers there (is CoreDNS running?)"
    if error == "nodata":
        return f"{who}: the name exists but has no IPv4 address (NOERROR, no A record)"
    return f"{who}: SERVFAIL"


def _entry(hop: Hop, attempt: ConnectTrace) -> str:
    """Where the packet met the rule: ``ClusterIP:port``, or the node port / load balancer it came in by."""
    return hop.detail.split(" -> ")[0] if " -> " in hop.detail else f"{attempt.ip}:{attempt.port}"


def _hop_step(attempt: ConnectTrace, hop: Hop, proxy_mode: str) -> Step:
    rule = hop.rule
    if hop.action == "DNAT" and rule is not None:
        return _dnat_step(attempt, hop, rule)
    if hop.action == "REJECT" and rule is not None:
        return Step(
            "service",
            f"{rule.label} has no endpoints",
            f"kube-proxy's rule for {rule.entry} {attempt.ip}:{attempt.port} REJECTs the packet: connection refused "
            "at once. No Ready Pod matches the Service's selector (kubectl get endpointslices shows none)",
            "fail",
        )
    if hop.action == "DROP" and rule is not None and rule.port_name is None:
        return Step(
            "service",
            f"no rule for port {attempt.port} of {rule.label}",
            f"{rule.label} does not declare port {attempt.port}, so kube-proxy has no rule for {attempt.ip}:"
            f"{attempt.port}. {_undeclared_port(proxy_mode)}",
            "fail",
        )
    if hop.action == "DROP" and rule is not None:
        return Step(
            "service",
            f"{rule.label} has no endpoint on this node",
            "with a Local traffic policy kube-proxy only uses endpoints on the node the packet reached, and drops "
            "it when there is none: the client times out",
            "fail",
        )
    if hop.action == "RESET":
        return _reset_step(attempt, hop)
    if hop.action == "DELIVER":
        where = f"Pod {attempt.pod}" if attempt.pod else "the server"
        return Step("pod", f"{where} accepted the connection", hop.detail, "ok")
    if hop.action == "DROP":
        return Step("network", "the packet was dropped", f"{hop.detail}: the client times out", "fail")
    return Step("network", HOP_TITLES.get(hop.action, hop.action), hop.detail, "info")


def _undeclared_port(proxy_mode: str) -> str:
    if proxy_mode == "nftables":
        return "In nftables mode (this cluster's kube-proxy) it rejects the packet at once: connection refused."
    return (
        f"In {proxy_mode} mode (this cluster's kube-proxy) nothing answers: the packet is dropped and the client "
        "waits until it times out (in nftables mode kube-proxy would reject it at once: connection refused)."
    )


def _dnat_step(attempt: ConnectTrace, hop: Hop, rule: RuleMatch) -> Step:
    count = len(rule.endpoints)
    which = rule.endpoints.index(rule.chosen) + 1 if rule.chosen in rule.endpoints else 1
    chain = " → ".join(
        [
            *ENTRY_CHAINS[rule.entry],
            *(service_chain(rule.label, "tcp", prefix) for prefix in CHAIN_PREFIXES[rule.entry]),
        ]
        + [endpoint_chain(rule.label, "tcp", rule.chosen or "")]
    )
    choice = (
        f"endpoint {which} of {count}, chosen at random (iptables -m statistic)" if count > 1 else "the only endpoint"
    )
    pod = f" (Pod {attempt.pod})" if attempt.pod else ""
    return Step(
        "service",
        f"{rule.entry} rule of {rule.label}: {_entry(hop, attempt)}",
        f"{chain} → DNAT to {rule.chosen}{pod}: {choice}",
        "ok",
    )


def _reset_step(attempt: ConnectTrace, hop: Hop) -> Step:
    address = hop.detail.split()[1] if hop.detail.startswith("from ") else f"{attempt.ip}:{attempt.port}"
    port = address.rsplit(":", 1)[-1]
    if attempt.pod is None:
        return Step("network", f"{address} reset the connection", f"{hop.detail}: connection refused", "fail")
    listening = ", ".join(str(p) for p in attempt.pod_ports) or "no port"
    return Step(
        "pod",
        f"Pod {attempt.pod} reset the connection",
        f"Nothing listens on port {port} in the Pod (its containers listen on {listening}): its kernel answers the "
        "SYN with a reset, connection refused. A Service's targetPort must be a port the container listens on",
        "fail",
    )


def _reply_step(trace: RequestTrace) -> Step | None:
    if trace.status is not None:
        served = next((c.pod for c in trace.connects if c.outcome == "connected"), None)
        by = f"from Pod {served}" if served else "from the server"
        return Step("reply", f"HTTP {trace.status} {trace.reason}", f"{by}, back the way the request came", "ok")
    failures = {
        "empty": "the server closed the connection without replying (it does not speak HTTP on this port)",
        "tls-version": "the URL asks for https but the server speaks plain HTTP",
        "tls-verify": "the server's certificate is not signed by a CA the client trusts",
    }
    if trace.error in failures:
        return Step("reply", "no HTTP reply", failures[trace.error], "fail")
    if trace.error == "limit":
        return Step("reply", "the client gave up", "its time limit (-m, --connect-timeout, -T) ran out", "info")
    return None


def request_summary(trace: RequestTrace, dns_ip: str = "", proxy_mode: str = "iptables") -> str:
    """One line for a list of requests: number, command, where from, and how it ended."""
    src = trace.source
    where = "your computer" if src.kind == "host" else (f"Pod {src.pod[1]}" if src.pod else f"node {src.node}")
    ending = verdict(request_steps(trace, dns_ip, proxy_mode))
    how = "✓ " + ending.why if ending.ok else f"✕ died at {STAGES[ending.where]}"
    return f"#{trace.number} {trace.client} {trace.url} from {where}: {how}"


# ---------------------------------------------------------------------- rules
@dataclass(frozen=True)
class NodeRules:
    """The rules a node holds now for the Service a request went through, with the ones it used."""

    service: tuple[str, str] | None
    node: str
    rules: tuple[tuple[Rule, bool], ...]  # (rule, used by this request)
    note: str = ""


def _service_hop(trace: RequestTrace) -> RuleMatch | None:
    matches = [hop.rule for attempt in trace.connects for hop in attempt.hops if hop.rule is not None]
    return matches[-1] if matches else None


def _used(rule: Rule, match: RuleMatch) -> bool:
    if match.port_name is None or rule.port_name != match.port_name:
        return False
    if rule.masquerades_non_pods:
        return match.entry == "cluster IP" and not match.from_pods
    if rule.masquerades_hairpin:
        return rule.endpoint == match.chosen and match.hairpin
    if rule.entry is not None:
        return rule.entry == match.entry and (rule.table == "filter") == (match.chosen is None)
    if match.chosen is not None and rule.endpoint == match.chosen:
        return True
    return match.entry != "cluster IP" and rule.chain.startswith("KUBE-EXT-")


def node_rules(cluster: "Runtime", trace: RequestTrace) -> NodeRules:
    """kube-proxy's rules now, on the node whose rules acted (the client's node, or the one a node port or load
    balancer reached)."""
    match = _service_hop(trace)
    node = (match.node if match else None) or trace.source.node or cluster_nodes(cluster)[0].name
    if match is None:
        return NodeRules(None, node, (), "This request met no Service rule: kube-proxy's rules did not act on it.")
    rules = service_rules(cluster, match.service, node)
    name = f"{match.service[0]}/{match.service[1]}"
    if not rules:
        return NodeRules(match.service, node, (), f"Service {name} has no rules now (it no longer exists).")
    marked = tuple((rule, _used(rule, match)) for rule in rules)
    note = ""
    if match.chosen is not None and not any(rule.endpoint == match.chosen for rule in rules):
        note = (
            f"The endpoint this request went to, {match.chosen}, is no longer in the rules: its Pod is gone or not "
            "Ready, and kube-proxy removed its KUBE-SEP chain."
        )
    return NodeRules(match.service, node, marked, note)


# ---------------------------------------------------------------------- render
def request_path_text(cluster: "Runtime", trace: RequestTrace) -> str:
    """The path and the rules as plain text (for a terminal)."""
    steps = request_steps(trace, cluster.dns_ip, cluster.profile.proxy_mode)
    lines = [f"request #{trace.number}: {verdict(steps).headline}", ""]
    for step in steps:
        lines.append(f"{SYMBOL[step.state]} [{step.stage}] {step.title}")
        lines.append(f"    {step.detail}")
    rules = node_rules(cluster, trace)
    lines += ["", _rules_title(cluster, rules, ">")]
    lines += [f"{'>' if used else ' '} {rule.text}" for rule, used in rules.rules]
    if rules.note:
        lines.append(rules.note)
    return "\n".join(lines) + "\n"


def _rules_title(cluster: "Runtime", rules: NodeRules, marker: str) -> str:
    what = f"for {rules.service[0]}/{rules.service[1]} " if rules.service else ""
    marks = f"; {marker} marks the ones this request went through" if rules.rules else ""
    return (
        f"kube-proxy's rules {what}on node {rules.node} now ({cluster.profile.proxy_mode} mode, as iptables-save "
        f"shows them, in the order a packet meets them{marks}):"
    )


def _step_html(step: Step) -> str:
    return (
        f'<li class="kubesim-path-step" data-stage="{step.stage}" data-state="{step.state}" '
        f'style="border-left:4px solid {COLOR[step.state]};padding:2px 8px;margin:0 0 6px 0;list-style:none">'
        f'<b style="color:{INK}">{SYMBOL[step.state]} {escape(step.title)}</b>'
        f'<div style="color:{MUTED};font-size:12px">{escape(STAGES[step.stage])}</div>'
        f'<div style="font-size:13px">{escape(step.detail)}</div></li>'
    )


def _rule_html(rule: Rule, used: bool) -> str:
    style = f"background:#FFF1C2;border-left:3px solid {PALETTE['orange']}" if used else "border-left:3px solid #fff"
    mark = "▶ " if used else "  "
    return (
        f'<div class="kubesim-rule" data-used="{str(used).lower()}" data-table="{rule.table}" '
        f'style="{style};white-space:pre-wrap;overflow-wrap:anywhere;padding:0 4px 0 2.5em;text-indent:-2em">'
        f"{mark}{escape(rule.text)}</div>"
    )


def request_path_html(cluster: "Runtime", trace: RequestTrace) -> str:
    """The path (left) and the node's rules (right) as one HTML block."""
    steps = request_steps(trace, cluster.dns_ip, cluster.profile.proxy_mode)
    summary = verdict(steps)
    rules = node_rules(cluster, trace)
    color = PALETTE["green"] if summary.ok else PALETTE["vermillion"]
    rules_html = "".join(_rule_html(rule, used) for rule, used in rules.rules)
    if rules_html:
        rules_html = (
            f'<div style="font-family:monospace;font-size:11px;border:1px solid #e0e0e0;padding:4px">{rules_html}</div>'
        )
    note = f'<div class="kubesim-rules-note" style="color:{MUTED}">{escape(rules.note)}</div>' if rules.note else ""
    return (
        f'<div class="kubesim-request-path" data-ok="{str(summary.ok).lower()}" data-where="{summary.where}" '
        'style="width:100%;box-sizing:border-box">'
        f'<div class="kubesim-path-verdict" style="font-weight:bold;color:{color};margin:4px 0 8px 0">'
        f"request #{trace.number}: {escape(summary.headline)}</div>"
        '<div style="display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start">'
        f'<ol class="kubesim-path-steps" style="padding:0;margin:0;flex:1 1 380px;max-width:560px">'
        f"{''.join(_step_html(s) for s in steps)}</ol>"
        '<div class="kubesim-node-rules" style="flex:1 1 480px;min-width:0;max-width:100%">'
        f'<div style="font-size:12px;color:{MUTED};margin-bottom:4px">{escape(_rules_title(cluster, rules, "▶"))}</div>'
        f"{rules_html}{note}</div></div></div>"
    )
