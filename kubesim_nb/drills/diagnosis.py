"""The drill's behavioural check: does the client reach the backend now, and if not, where does its request die?

:func:`diagnose` first does what the client does — ``wget "$BACKEND_URL"`` from a client Pod, a few times, on a
private copy of the cluster (so the learner's cluster, its random streams and its record of commands stay as they
were) — and counts the answers that came from the backend. Then it walks the request's path through the cluster's
state, in the order of the *Debug Services* page (``content/en/docs/tasks/debug/debug-application/debug-service.md``
in kubernetes/website): the name (is there such a Service in the namespace the name points to?), the port (does
the Service declare the port the client calls?), the endpoints (does the selector match Pods, only the app's, and
are they Ready?), and the Pods (does anything listen on the ``targetPort``?). Each problem becomes a
:class:`Finding` that names its cause (an id of :data:`~kubesim_nb.drills.faults.CAUSES`) and says what the
cluster shows, so the explanation is derived from the cluster, whatever broke it — the planted fault or the
learner's own fix gone wrong.
"""

from __future__ import annotations

import pickle
import shlex
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..api.apps import Deployment
from ..api.core import Pod, Service
from ..api.ports import find_port
from ..network.listeners import pod_listener
from ..network.shell import PodShell
from ..network.tools.http import Url, parse_url
from ..viz.explain import explain_selector
from ..viz.workloads import workload_of

if TYPE_CHECKING:  # pragma: no cover
    from ..network.runtime import Runtime

__all__ = ["Diagnosis", "Finding", "diagnose", "request_command"]

REQUESTS = 6  # enough that a selector picking up another app's Pod shows (a third of the endpoints here)
BACKEND_MARK = '"served_by"'  # in every answer of the Flask backend's /data


@dataclass(frozen=True)
class Finding:
    cause: str | None  # an id of CAUSES; None for a problem outside the drill's list
    text: str


@dataclass(frozen=True)
class Diagnosis:
    url: str
    requests: int
    answered: int  # requests the backend answered
    failure: str  # what a failing request printed ("" when none failed)
    findings: tuple[Finding, ...]
    route: str = ""  # the Service's port and endpoints, when there is such a Service

    @property
    def fixed(self) -> bool:
        return self.answered == self.requests and not self.findings

    @property
    def cause(self) -> str | None:
        """The cause of the first problem along the request's path."""
        return self.findings[0].cause if self.findings else None

    def behaviour(self) -> str:
        text = f"{self.answered} of {self.requests} requests to {self.url} from the frontend reached the backend"
        return text + (f"; a failing one said: {self.failure}" if self.failure else "")

    def summary(self) -> str:
        if self.fixed:
            return f"Fixed: {self.behaviour()}. {self.route}"
        found = " ".join(f.text for f in self.findings) or "The cluster's state shows no reason the check knows."
        return f"Not yet: {self.behaviour()}. {found}"


def request_command(url: str = "$BACKEND_URL") -> str:
    """What the client runs: busybox wget, quiet, with a 3-second limit."""
    return f"wget -qO- -T 3 {url if url.startswith('$') else shlex.quote(url)}"


def _live(pod: Pod) -> bool:
    return not pod.metadata.deletion_timestamp and (pod.status is None or pod.status.phase == "Running")


def _client_url(cluster: "Runtime", client: str, namespace: str) -> str | None:
    deployment = cluster.api.find(Deployment, namespace, client)
    if deployment is None:
        return None
    containers = deployment.spec.template.spec.containers or []
    return next((e.value for c in containers for e in c.env or [] if e.name == "BACKEND_URL"), None)


def _probe(cluster: "Runtime", client: str, namespace: str) -> tuple[int, str]:
    """(answers from the backend, a failing request's message) of REQUESTS wgets from a client Pod, on a copy."""
    copy = pickle.loads(pickle.dumps(cluster, protocol=pickle.HIGHEST_PROTOCOL))
    pods = [p for p in copy.api.list(Pod, namespace) if _live(p) and workload_of(copy, p) == f"Deployment/{client}"]
    if not pods:
        return 0, f"no {client} Pod is running"
    shell = PodShell(copy, namespace, min(p.name for p in pods))
    answered, failures = 0, []
    for _ in range(REQUESTS):
        result = shell.run_line(request_command())
        if result.exit_code == 0 and BACKEND_MARK in result.stdout:
            answered += 1
        else:
            said = (result.stderr or result.stdout).strip().splitlines()
            failures.append(said[-1] if said else f"exit code {result.exit_code}")
    return answered, failures[0] if failures else ""


def _target(url: Url, client_namespace: str) -> tuple[str, str]:
    """(Service name, namespace) a URL's host names, as the client's search list would take it."""
    labels = url.host.rstrip(".").split(".")
    namespace = labels[1] if len(labels) > 1 and labels[1] != "svc" else client_namespace
    return labels[0], namespace


def _service_findings(cluster: "Runtime", url: Url, name: str, namespace: str) -> tuple[Service | None, list[Finding]]:
    svc = cluster.api.find(Service, namespace, name)
    if svc is None:
        elsewhere = sorted(s.namespace for s in cluster.api.list(Service) if s.name == name)
        if elsewhere:
            return None, [
                Finding(
                    "other-namespace",
                    f"There is no Service {name} in namespace {namespace}, where the frontend looks it up, so the "
                    f"name does not resolve. A Service {name} exists in namespace {', '.join(elsewhere)}: a Service "
                    "selects Pods of its own namespace only, and a short name resolves in the client's namespace.",
                )
            ]
        return None, [Finding(None, f"There is no Service {name} in namespace {namespace}.")]
    ports = svc.spec.ports or []
    if url.port not in [p.port for p in ports]:
        declared = ", ".join(f"{p.port} (→ targetPort {p.target_port or p.port})" for p in ports)
        if url.port in [p.target_port for p in ports]:
            return svc, [
                Finding(
                    "client-target-port",
                    f"The frontend calls {name} on port {url.port}, but {name} declares port {declared}. "
                    f"{url.port} is the Pods' port: the ClusterIP has no rule for it, so the connection times out. "
                    "Clients call the Service's port.",
                )
            ]
        return svc, [Finding(None, f"The frontend calls port {url.port}; {name} declares port {declared}.")]
    return svc, []


def _not_ready_reason(pod: Pod) -> str:
    for status in (pod.status.container_statuses or []) if pod.status else []:
        if status.state and status.state.waiting:
            image = next((c.image for c in pod.spec.containers or [] if c.name == status.name), "")
            return f"{status.state.waiting.reason} (image {image})"
    probe = next((c.readiness_probe for c in pod.spec.containers or [] if c.readiness_probe), None)
    if probe is not None and probe.http_get is not None:
        return f"running, but its readiness probe GET {probe.http_get.path} on port {probe.http_get.port} fails"
    return "not Ready yet"


def _selection_findings(cluster: "Runtime", svc: Service, app: str, url: Url) -> list[Finding]:
    selector = dict(svc.spec.selector or {})
    text = ",".join(f"{k}={v}" for k, v in sorted(selector.items()))
    pods = [p for p in cluster.api.list(Pod, svc.namespace) if not p.metadata.deletion_timestamp]
    selected = [p for p in pods if selector and all((p.metadata.labels or {}).get(k) == v for k, v in selector.items())]
    if not selected:
        why = explain_selector(selector, [(p.name, p.metadata.labels or {}) for p in pods])
        by_case = any(
            (f.value_suggestion or "").lower() == f.value.lower() or (f.key_suggestion or "").lower() == f.key.lower()
            for f in why.missing
        )
        return [
            Finding(
                "label-case" if by_case else "selector-typo",
                f"{svc.name}'s selector {text} matches no Pod, so it has no endpoints and kube-proxy rejects "
                f"connections to it. {' '.join(why.reasons())}",
            )
        ]
    findings = []
    others = {}
    for pod in selected:
        workload = workload_of(cluster, pod)
        if workload != f"Deployment/{app}":
            others.setdefault(workload, []).append(pod.name)
    if others:
        names = "; ".join(f"{w} ({', '.join(sorted(n))})" for w, n in sorted(others.items()))
        findings.append(
            Finding(
                "over-selection",
                f"{svc.name}'s selector {text} also matches Pods of {names}: {len(selected)} endpoints, of which "
                f"{len(selected) - sum(map(len, others.values()))} are {app}'s, so some requests for {url.path} go "
                "to another app. Select on a label only the app's Pods carry.",
            )
        )
    app_pods = [p for p in selected if workload_of(cluster, p) == f"Deployment/{app}"]
    not_ready = [p for p in app_pods if not _ready(p)]
    if not_ready:
        reasons = "; ".join(f"{p.name}: {_not_ready_reason(p)}" for p in sorted(not_ready, key=lambda p: p.name))
        findings.append(
            Finding(
                "not-ready",
                f"{len(not_ready)} of the {len(app_pods)} Pods {svc.name} selects are not Ready ({reasons}). They "
                "stay in the EndpointSlice with ready: false and kube-proxy sends them nothing.",
            )
        )
    findings += _port_findings(cluster, svc, [p for p in app_pods if _ready(p)], url)
    return findings


def _ready(pod: Pod) -> bool:
    conditions = pod.status.conditions or [] if pod.status else []
    return _live(pod) and any(c.type == "Ready" and c.status == "True" for c in conditions)


def _port_findings(cluster: "Runtime", svc: Service, pods: list[Pod], url: Url) -> list[Finding]:
    port = next((p for p in svc.spec.ports or [] if p.port == url.port), None)
    if port is None or not pods:
        return []
    pod = pods[0]
    target = find_port(pod, port)
    if target is not None and pod_listener(cluster, pod, target) is not None:
        return []
    declared = ", ".join(str(p.container_port) for c in pod.spec.containers or [] for p in c.ports or []) or "none"
    return [
        Finding(
            "wrong-target-port",
            f"{svc.name} forwards port {port.port} to targetPort {port.target_port}, but nothing in {pod.name} listens "
            f"on {target} (its container declares port {declared}): the Pod refuses the connection.",
        )
    ]


def diagnose(cluster: "Runtime", client: str, app: str, namespace: str = "default") -> Diagnosis:
    """Judge whether ``client``'s Pods reach ``app``'s Pods through the URL in their ``BACKEND_URL``."""
    raw = _client_url(cluster, client, namespace)
    if raw is None:
        return Diagnosis("$BACKEND_URL", REQUESTS, 0, "", (Finding(None, f"{client} has no BACKEND_URL."),))
    answered, failure = _probe(cluster, client, namespace)
    url = parse_url(raw)
    if not isinstance(url, Url):
        return Diagnosis(raw, REQUESTS, answered, failure, (Finding(None, f"BACKEND_URL {raw} is not a URL."),))
    name, service_namespace = _target(url, namespace)
    svc, findings = _service_findings(cluster, url, name, service_namespace)
    route = ""
    if svc is not None:
        findings += _selection_findings(cluster, svc, app, url)
        route = _route(cluster, svc, url)
    if answered < REQUESTS and not findings:
        findings.append(Finding(None, "The requests fail, and the check cannot tell why from the cluster's state."))
    return Diagnosis(raw, REQUESTS, answered, failure, tuple(findings), route)


def _route(cluster: "Runtime", svc: Service, url: Url) -> str:
    """``backend-service port 80 → targetPort 5000: 2 ready endpoints, Pods of Deployment/backend-deployment``."""
    port = next((p for p in svc.spec.ports or [] if p.port == url.port), None)
    if port is None:
        return ""
    backends = cluster.network.backends((svc.namespace, svc.name)).addresses
    ready = [cluster.api.find(Pod, *b.pod) for b in backends if b.ready and b.pod is not None]
    owners = ", ".join(sorted({workload_of(cluster, p) for p in ready if p is not None})) or "none"
    return (
        f"{svc.name} port {port.port} → targetPort {port.target_port}: {len(ready)} ready endpoint"
        f"{'s' * (len(ready) != 1)}, Pods of {owners}."
    )
