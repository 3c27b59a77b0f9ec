"""Graded example submissions: correct answers and the mistakes learners typically make.

Each row is one answer to one exercise with the score it must get and a piece
of the feedback it must show (what was found, or the hint). ``test_examples.py``
grades every row and checks both; ``EXAMPLES.md`` (next to this file) is the
same table rendered for reading, kept in sync by a test. The benchmark
(``benchmarks/grading.py``) grades variations of the YAML rows.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["EXAMPLES", "Example", "render_markdown"]


@dataclass(frozen=True)
class Example:
    name: str
    exercise: str
    answer: str
    points: float
    feedback: str  # must appear in the rendered feedback
    note: str  # what the row shows


def _svc(
    *,
    name="agent-service",
    selector="app: agent",
    ports="  - port: 80\n    targetPort: 8000",
    type_="ClusterIP",
    extra_meta="",
    extra_spec="",
) -> str:
    text = f"apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\n{extra_meta}spec:\n"
    if selector is not None:
        text += (
            "  selector:\n" + "".join(f"    {line.strip()}\n" for line in selector.split(","))
            if selector
            else "  selector: {}\n"
        )
    text += f"  ports:\n{ports}\n"
    if type_:
        text += f"  type: {type_}\n"
    return text + extra_spec


EXTERNAL_PORTS = "  - port: 80\n    targetPort: 8000\n    nodePort: 30080"
BACKEND_PORTS = "  - port: 80\n    targetPort: 5000"

EXAMPLES: tuple[Example, ...] = (
    # ------------------------------------------------------------ Part 1: internal-service (10)
    Example(
        "lesson-clusterip",
        "internal-service",
        _svc(),
        10,
        "your selector 'app: agent' matches the 3 Pods of agent-deployment",
        "the lesson's pattern, 80 -> 8000",
    ),
    Example(
        "type-omitted",
        "internal-service",
        _svc(type_=None),
        10,
        "type: ClusterIP (the default)",
        "ClusterIP is the default type",
    ),
    Example(
        "selector-typo",
        "internal-service",
        _svc(selector="app: agnet"),
        5,
        "your selector 'app: agnet' matches no Pod; your selector says 'app: agnet' but the Pods carry 'app: agent'",
        "a typo in the label value: no endpoints, nothing reachable",
    ),
    Example(
        "selector-deployment-name",
        "internal-service",
        _svc(selector="app: agent-deployment"),
        5,
        "is the Deployment's name; a Service selects Pods by their labels",
        "selecting by the Deployment's name",
    ),
    Example(
        "selector-wrong-key",
        "internal-service",
        _svc(selector="name: agent"),
        5,
        "the Pods of agent-deployment have no label 'name'",
        "a label key the Pods do not carry",
    ),
    Example(
        "no-target-port",
        "internal-service",
        _svc(ports="  - port: 80"),
        6,
        "(no targetPort: it defaults to the port)",
        "targetPort defaults to 80, the agent listens on 8000",
    ),
    Example(
        "ports-swapped",
        "internal-service",
        _svc(ports="  - port: 8000\n    targetPort: 80"),
        5,
        "port 8000 -> targetPort 80",
        "port and targetPort swapped: nothing answers",
    ),
    Example(
        "target-port-9999",
        "internal-service",
        _svc(ports="  - port: 80\n    targetPort: 9999"),
        6,
        "curl through your Service does not reach the agent even before a rollout",
        "routing that never worked does not survive a rollout",
    ),
    Example(
        "port-8000-only",
        "internal-service",
        _svc(ports="  - port: 8000\n    targetPort: 8000"),
        7,
        "so the Service port should be 80",
        "reachable on :8000 only, clients call port 80",
    ),
    Example(
        "nodeport-for-internal",
        "internal-service",
        _svc(type_="NodePort"),
        9,
        "internal access needs nothing more than ClusterIP",
        "works, but opens the agent to the outside",
    ),
    Example(
        "pinned-template-hash",
        "internal-service",
        _svc(selector="app: agent, pod-template-hash: 77db759c7b"),
        9,
        "pod-template-hash changes with every rollout",
        "works until the next rollout",
    ),
    Example(
        "wrong-name",
        "internal-service",
        _svc(name="agent-svc"),
        9,
        "the Service is called 'agent-svc'",
        "works, under another name",
    ),
    Example(
        "quoted-target-port",
        "internal-service",
        _svc(ports='  - port: 80\n    targetPort: "8000"'),
        0,
        "write a port number without quotes",
        "a quoted number is a port name: the API server refuses it",
    ),
    Example(
        "session-affinity-bogus",
        "internal-service",
        _svc(extra_spec="  sessionAffinity: Bogus\n"),
        0,
        'spec.sessionAffinity: Unsupported value: "Bogus"',
        "a refused manifest earns nothing, however right its other fields",
    ),
    Example(
        "name-path-traversal",
        "internal-service",
        _svc(name="../../etc/passwd"),
        0,
        'metadata.name: Invalid value: "../../etc/passwd"',
        "a name the API server refuses: nothing was created",
    ),
    Example(
        "huge-target-port",
        "internal-service",
        _svc(ports="  - port: 80\n    targetPort: 8" + "0" * 5000),
        0,
        "a number with 5,001 digits (line 10)",
        "a number longer than Python converts: refused, not a crash",
    ),
    Example(
        "hex-target-port",
        "internal-service",
        _svc(ports="  - port: 80\n    targetPort: 0x" + "f" * 20000),
        0,
        "a number with 20,000 digits (line 10)",
        "a 20,000-digit hex number",
    ),
    Example(
        "misspelled-field",
        "internal-service",
        _svc().replace("  selector:", "  selectr:"),
        0,
        'unknown field "spec.selectr"',
        "strict decoding rejects the manifest",
    ),
    Example(
        "other-namespace",
        "internal-service",
        _svc(extra_meta="  namespace: tools\n"),
        5,
        "your Service is in namespace 'tools', the Pods of agent-deployment are in 'default'",
        "a Service selects Pods in its own namespace",
    ),
    Example(
        "deployment-not-service",
        "internal-service",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: agent-deployment\n",
        0,
        "this exercise asks for a Service, not a Deployment",
        "the wrong kind",
    ),
    Example(
        "apps-v1-service",
        "internal-service",
        _svc().replace("apiVersion: v1", "apiVersion: apps/v1"),
        0,
        "a Service is in the core API group: its apiVersion is 'v1'",
        "the wrong apiVersion",
    ),
    Example(
        "tab-indented",
        "internal-service",
        _svc().replace("  selector:\n    app", "  selector:\n\tapp"),
        0,
        "text that is not valid YAML at line 7",
        "a tab in the indentation",
    ),
    Example("empty", "internal-service", "# YOUR ANSWER HERE\n", 0, "an empty answer", "only the released stub"),
    Example(
        "two-documents",
        "internal-service",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n---\n" + _svc(),
        0,
        "2 YAML documents (Deployment, Service)",
        "the Deployment pasted above the Service",
    ),
    # ------------------------------------------------------------ Part 4: external-service (10)
    Example(
        "nodeport-pinned",
        "external-service",
        _svc(type_="NodePort", ports=EXTERNAL_PORTS),
        10,
        "curl http://localhost:30080/docs (from your computer): HTTP 200, a page titled 'Task Agent API - Swagger UI'",
        "the lesson's NodePort with a chosen port",
    ),
    Example(
        "nodeport-random-port",
        "external-service",
        _svc(type_="NodePort"),
        9,
        "which picks another one each time the Service is created",
        "works; the URL changes on every re-create",
    ),
    Example(
        "loadbalancer",
        "external-service",
        _svc(type_="LoadBalancer", ports=EXTERNAL_PORTS),
        10,
        "type: LoadBalancer: reachable from outside the cluster",
        "Docker Desktop publishes the node port on localhost too",
    ),
    Example(
        "still-clusterip",
        "external-service",
        _svc(ports=EXTERNAL_PORTS.replace("\n    nodePort: 30080", "")),
        5,
        "has no node port, so nothing listens on localhost",
        "the type was never changed",
    ),
    Example(
        "nodeport-out-of-range",
        "external-service",
        _svc(type_="NodePort", ports=EXTERNAL_PORTS.replace("30080", "80")),
        0,
        "a nodePort must be between 30000 and 32767",
        "the API server refuses port 80",
    ),
    Example(
        "fixed-cluster-ip",
        "external-service",
        _svc(type_="NodePort", ports=EXTERNAL_PORTS, extra_spec="  clusterIP: 10.96.100.100\n"),
        0,
        "leave clusterIP out",
        "clusterIP cannot change once set",
    ),
    Example(
        "external-target-80",
        "external-service",
        _svc(type_="NodePort", ports=EXTERNAL_PORTS.replace("targetPort: 8000", "targetPort: 80")),
        5,
        "curl: (7) Failed to connect to localhost port 30080",
        "the node port reaches the Pods on a closed port",
    ),
    # ------------------------------------------------------------ debugging: fix-selector (6)
    Example(
        "fixed-selector",
        "fix-selector",
        _svc(name="backend-service", selector="app: backend", ports=BACKEND_PORTS),
        6,
        "your selector 'app: backend' matches the 2 Pods of backend-deployment",
        "the lesson's fix",
    ),
    Example(
        "unchanged-selector",
        "fix-selector",
        _svc(name="backend-service", selector="app: api", ports=BACKEND_PORTS),
        1,
        "your selector 'app: api' matches no Pod; your selector says 'app: api' but the Pods carry 'app: backend'",
        "re-applying the broken Service",
    ),
    Example(
        "fixed-under-new-name",
        "fix-selector",
        _svc(name="backend-svc", selector="app: backend", ports=BACKEND_PORTS),
        4,
        "so backend-service itself was not fixed",
        "a new Service beside the broken one",
    ),
    # ------------------------------------------------------------ Part 2: evaluate-design (6)
    Example(
        "design-correct",
        "evaluate-design",
        "selector_matches = True\nport_mapping_correct = False\ntarget_port_should_be = 8000\n"
        "type_right_for_internal = False\n",
        6,
        "target_port_should_be = 8000 agrees with what the cluster shows",
        "every verdict matches the cluster",
    ),
    Example(
        "design-all-wrong",
        "evaluate-design",
        "selector_matches = False\nport_mapping_correct = True\ntarget_port_should_be = 80\n"
        "type_right_for_internal = True\n",
        0,
        "does not agree with what the cluster shows",
        "every verdict wrong",
    ),
    Example(
        "design-port-as-text",
        "evaluate-design",
        "selector_matches = True\nport_mapping_correct = False\ntarget_port_should_be = '8000'\n"
        "type_right_for_internal = False\n",
        4,
        "target_port_should_be is '8000'; expected a whole number",
        "a number in quotes is text",
    ),
    Example(
        "design-left-blank",
        "evaluate-design",
        "selector_matches = ...\nport_mapping_correct = ...\ntarget_port_should_be = ...\n"
        "type_right_for_internal = ...\n# YOUR ANSWER HERE\n",
        0,
        "selector_matches is still ...",
        "the released template",
    ),
    Example(
        "design-code-in-cell",
        "evaluate-design",
        "import kubesim_nb.grader\nselector_matches = True\nport_mapping_correct = False\n"
        "target_port_should_be = 8000\ntype_right_for_internal = False\n",
        6,
        "ignored: code other than answers (line 1: import kubesim_nb.grader)",
        "code beside the answers is read past, never run, and named: the answers are graded",
    ),
    Example(
        "design-always-equal",
        "evaluate-design",
        "class Yes:\n    def __eq__(self, other):\n        return True\n\nselector_matches = Yes()\n"
        "port_mapping_correct = Yes()\ntarget_port_should_be = Yes()\ntype_right_for_internal = Yes()\n",
        0,
        "code other than answers",
        "an object whose == is always true is not a plain value",
    ),
    Example(
        "design-hex-port",
        "evaluate-design",
        "selector_matches = True\nport_mapping_correct = False\ntarget_port_should_be = 0x" + "f" * 20000 + "\n"
        "type_right_for_internal = False\n",
        0,
        "a number with 20,000 digits (line 3)",
        "a 20,000-digit hex literal is refused, not converted",
    ),
    Example(
        "design-huge-port",
        "evaluate-design",
        "target_port_should_be = 8" + "0" * 5000 + "\n",
        0,
        "a number with 5,001 digits (line 1)",
        "a number over Python's digit limit, without Python's message",
    ),
    # ------------------------------------------------------------ Part 3: external-choice (4)
    Example(
        "nodeport-reason-b",
        "external-choice",
        'external_type = "NodePort"\nreason = "b"\n',
        4,
        "the node port is all a tester on the same machine needs",
        "the decision framework's choice",
    ),
    Example(
        "loadbalancer-reason-b",
        "external-choice",
        'external_type = "LoadBalancer"\nreason = "b"\n',
        3,
        "it works on Docker Desktop (EXTERNAL-IP localhost)",
        "works locally, but it is the production choice",
    ),
    Example(
        "case-insensitive",
        "external-choice",
        'external_type = "nodeport"\nreason = "B"\n',
        4,
        "external_type = 'NodePort'",
        "answers are compared without case",
    ),
    Example(
        "wrong-reason",
        "external-choice",
        'external_type = "NodePort"\nreason = "a"\n',
        2,
        "NodePort Services are reachable from outside too",
        "right type, wrong reason",
    ),
    # ------------------------------------------------------------ DNS (5)
    Example(
        "dns-fqdn",
        "dns",
        'agent_dns_name = "agent-service.default.svc.cluster.local"\n',
        5,
        "the ClusterIP of agent-service",
        "the full name from the lesson",
    ),
    Example(
        "dns-trailing-dot",
        "dns",
        'agent_dns_name = "agent-service.default.svc.cluster.local."\n',
        5,
        "resolves to",
        "an absolute name with the root dot",
    ),
    Example(
        "dns-service-namespace",
        "dns",
        'agent_dns_name = "agent-service.default"\n',
        4,
        "with no search list: 'agent-service.default' does not resolve",
        "works only through the search list",
    ),
    Example(
        "dns-short-name",
        "dns",
        'agent_dns_name = "agent-service"\n',
        0,
        "'agent-service' does not resolve: no such name (NXDOMAIN) (tried agent-service.tools.svc.cluster.local",
        "a short name is looked up in the client's namespace",
    ),
    Example(
        "dns-client-namespace",
        "dns",
        'agent_dns_name = "agent-service.tools.svc.cluster.local"\n',
        0,
        "does not resolve",
        "the client's namespace instead of the Service's",
    ),
    Example(
        "dns-unquoted",
        "dns",
        "agent_dns_name = agent-service.default.svc.cluster.local\n",
        0,
        'expected: only lines like agent_dns_name = "..."',
        "a name without quotes is code, not a value",
    ),
    Example(
        "dns-lone-surrogate",
        "dns",
        'agent_dns_name = "agent-service.default.svc.cluster.local\ud800"\n',
        0,
        "a character that is not valid text (line 1)",
        "a lone surrogate (no UTF-8 for it) is refused, not a crash",
    ),
    Example(
        "dns-url",
        "dns",
        'agent_dns_name = "http://agent-service.default.svc.cluster.local/docs"\n',
        0,
        "includes a scheme (http://)",
        "a URL, not a name",
    ),
    Example(
        "dns-cluster-ip",
        "dns",
        'agent_dns_name = "10.106.180.237"\n',
        0,
        "is an IP address",
        "an address changes when the Service is re-created",
    ),
)


def render_markdown() -> str:
    lines = [
        "# Graded example submissions",
        "",
        "Generated from `tests/grader/grader_examples.py` (a test keeps this file in sync). Each answer is graded on a",
        "fresh seeded cluster with all checks, public and hidden.",
        "",
        "| # | exercise | example | points | what it shows | feedback includes |",
        "|---|---|---|---|---|---|",
    ]
    for number, example in enumerate(EXAMPLES, 1):
        feedback = example.feedback.replace("|", "\\|")
        lines.append(
            f"| {number} | {example.exercise} | {example.name} | {example.points:g} | {example.note} | {feedback} |"
        )
    return "\n".join(lines) + "\n"
