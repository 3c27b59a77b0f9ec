"""Checks: small functions that look at one :class:`Trial` and return a :class:`Verdict`.

A trial is one answer on its own fresh cluster (see ``grading.py``). Checks
come in two flavours:

- **behaviour** — what the cluster does with the answer: which Pods become
  endpoints, what ``curl`` from a Pod or from the laptop gets back, what a
  name resolves to, whether routing survives a rollout or a re-created
  Service;
- **rubric** — what the lesson asks for that behaviour cannot show (the
  ``type`` for internal access, a pinned ``nodePort``, a multiple-choice
  reason).

Every verdict names what was found, what was expected and a hint. Hidden
checks phrase "expected" as a behaviour, never as the value to type in: their
messages end up in learners' feedback. A failed verdict may also name the
misconception it shows (an id of :data:`MISCONCEPTIONS`, "port and targetPort
swapped"...), which learners never see: the instructor's class report
(``report.py``) counts them across the class.

Check factories (``accepted()``, ``selects(target)``...) return plain
functions, so exercises are lists of data (``exercises.py``). Two of them
are for checks an instructor adds in a course's ``kubesim-grading.yaml``
(``grading_file.py``): :func:`kubectl_shows` (what a kubectl command prints
once the answer is applied) and :func:`answer_is` (a ``name = value`` answer
equals a value).
"""

from __future__ import annotations

import ipaddress
import pickle
import re
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Mapping

from kubesim_nb.api.apps import Deployment
from kubesim_nb.api.core import Pod, Service
from kubesim_nb.api.labels import selector_from_map
from kubesim_nb.api.ports import container_port_by_name
from kubesim_nb.cluster import Cluster

from .probes import HttpProbe, curl_from_host, curl_from_pod, lookup_from_pod
from .submission import MAX_NUMBER_DIGITS, Manifest

__all__ = [
    "CLIENT",
    "MISCONCEPTIONS",
    "Check",
    "Field",
    "Target",
    "Trial",
    "Verdict",
    "accepted",
    "agrees_with_cluster",
    "answer_is",
    "dns_name_problem",
    "external_type",
    "kubectl_shows",
    "maps_port",
    "name_reaches",
    "name_resolves",
    "name_resolves_without_search",
    "name_survives_recreate",
    "named",
    "no",
    "ok",
    "pinned_node_port",
    "reachable_from_host",
    "reachable_in_cluster",
    "ready_endpoints",
    "rubric_choice",
    "selects",
    "service_type",
    "shown",
    "survives_rollout",
    "target_pods",
    "template_labels",
    "well_formed",
    "well_formed_name",
]

CLIENT = ("default", "client")
OTHER_NAMESPACE_CLIENT = ("tools", "client")
NO_SEARCH_CLIENT = ("tools", "strict-resolver")


# What failed checks can tell about a learner's understanding: id -> how the class report names it.
MISCONCEPTIONS = {
    "ports-swapped": "port and targetPort swapped",
    "target-port-not-listening": "targetPort is not the port the app listens on",
    "selector-deployment-name": "selector uses the Deployment's name",
    "selector-typo": "selector label misspelled",
    "selector-pod-template-hash": "selector pins pod-template-hash (breaks at the next rollout)",
    "service-other-namespace": "Service in another namespace than its Pods",
    "wrong-service-name": "Service not named as the clients call it",
    "quoted-port-number": "port number in quotes (a port name)",
    "node-port-out-of-range": "nodePort outside 30000-32767",
    "cluster-ip-set": "clusterIP set in the manifest",
    "external-type-for-internal": "NodePort or LoadBalancer for internal-only access",
    "clusterip-for-external": "ClusterIP chosen for external access",
    "node-port-not-pinned": "node port left to chance for a test URL",
    "loadbalancer-for-testing": "LoadBalancer chosen for testing on a laptop",
    "only-loadbalancer-external": "believes only LoadBalancer Services are reachable from outside",
    "nodeport-without-selector": "believes NodePort Services need no selector",
    "design-port-mapping": "believes port 80 -> targetPort 80 reaches an app on 8000",
    "new-service-instead-of-fix": "a new Service instead of fixing the broken one",
    "dns-short-name": "short DNS name used across namespaces",
    "dns-client-namespace": "the client's namespace in the DNS name",
    "dns-needs-search-list": "DNS name that works only through the search list",
    "dns-ip-address": "an IP address instead of a DNS name",
    "dns-url": "a URL instead of a DNS name",
}


# ------------------------------------------------------------------ values
@dataclass(frozen=True)
class Verdict:
    score: float  # the fraction of the check's points earned, 0..1
    found: str
    expected: str = ""
    hint: str = ""
    misconception: str | None = None  # a key of MISCONCEPTIONS, for the instructor's report

    def __post_init__(self) -> None:
        if self.misconception is not None and self.misconception not in MISCONCEPTIONS:
            raise ValueError(f"unknown misconception {self.misconception!r}")


def ok(found: str) -> Verdict:
    return Verdict(1.0, found)


def no(found: str, expected: str, hint: str = "", score: float = 0.0, misconception: str | None = None) -> Verdict:
    return Verdict(score, found, expected, hint, misconception)


@dataclass(frozen=True)
class Target:
    """What a Service in an exercise should route to."""

    deployment: str
    namespace: str
    port: int  # the container port the app listens on
    path: str  # a page that proves the right app answered
    marker: str  # text on that page
    service: str  # the Service name the exercise asks for
    app: str  # how feedback names the app ("the agent")
    service_port: int = 80


@dataclass(frozen=True)
class Field:
    """One ``name = value`` answer of a multiple-choice part."""

    name: str
    kind: type  # bool, int or str
    prompt: str
    choices: tuple[str, ...] = ()  # allowed values of a str field (compared case-insensitively)

    def describe(self) -> str:
        if self.kind is bool:
            return "True or False"
        if self.kind is int:
            return "a whole number"
        if self.choices:
            return " or ".join(repr(c) for c in self.choices)
        return "a text in quotes"

    def example(self) -> str:
        """An answer line to quote in messages, in the field's form, giving no answer away."""
        return f"{self.name} = " + {bool: "True", int: "8080"}.get(self.kind, '"..."')

    def normalise(self, value: Any) -> tuple[Any, str | None]:
        """(the value as the field wants it, or None; a problem to report)."""
        if value is ...:
            return None, "is still ... (replace it with your answer)"
        if value is None:
            return None, "is None (replace it with your answer)"
        if self.kind is bool:
            return (value, None) if type(value) is bool else (None, f"is {shown(value)}; expected True or False")
        if self.kind is int:
            if type(value) is not int:
                return None, f"is {shown(value)}; expected a whole number like 8080"
            if abs(value) >= 10**MAX_NUMBER_DIGITS:
                return None, f"is a number with more than {MAX_NUMBER_DIGITS} digits"
            return value, None
        if type(value) is not str:
            return None, f"is {shown(value)}; expected {self.describe()}"
        text = value.strip()
        if not text:
            return None, "is an empty text"
        if self.choices:
            for choice in self.choices:
                if text.lower() == choice.lower():
                    return choice, None
            return None, f"is {shown(value)}; expected {self.describe()}"
        return text, None


def shown(value: Any, width: int = 60) -> str:
    """A learner's value as feedback quotes it: its repr, clipped (an answer may be 32 KiB long)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**MAX_NUMBER_DIGITS:
        return f"a number with more than {MAX_NUMBER_DIGITS} digits"  # its repr alone could fail
    text = repr(value)
    return text if len(text) <= width else text[: width - 3] + "..."


@dataclass
class Trial:
    """One answer being judged: the parsed answer and the cluster it was applied to."""

    cluster: Cluster
    manifest: Manifest | None = None
    apply_exit: int | None = None
    apply_stdout: str = ""
    apply_stderr: str = ""
    choices: Mapping[str, Any] = field(default_factory=dict)
    make_rolled: Callable[[], "Trial"] | None = None
    _rolled: "Trial | None" = None

    @property
    def refused(self) -> bool:
        """The API server refused the learner's manifest: nothing was created, so nothing else earns points."""
        return self.manifest is not None and self.apply_exit != 0

    def service(self) -> Service | None:
        """The learner's Service as the API server stored it (None if it was not created)."""
        if self.manifest is None or self.apply_exit != 0 or not self.manifest.name:
            return None
        return self.cluster.api.find(Service, self.manifest.namespace, self.manifest.name)

    def rolled(self) -> "Trial":
        """The same answer on the same scenario after every Deployment rolled out new Pods."""
        if self._rolled is None:
            if self.make_rolled is None:
                raise RuntimeError("this exercise has no rolled scenario")
            self._rolled = self.make_rolled()
        return self._rolled

    def fork(self) -> Cluster:
        """A private copy of the trial's cluster, for checks that change it."""
        return pickle.loads(pickle.dumps(self.cluster, protocol=pickle.HIGHEST_PROTOCOL))


Check = Callable[[Trial], Verdict]
NOT_CREATED = "not checked: your Service was not created (see the first check)"


# ------------------------------------------------------------------ helpers
def _labels_text(labels: Mapping[str, Any]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in labels.items()) or "{}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _live(pod: Pod) -> bool:
    return not pod.metadata.deletion_timestamp and (
        pod.status is None or pod.status.phase not in ("Succeeded", "Failed")
    )


def target_pods(cluster: Cluster, target: Target) -> list[Pod]:
    deployment = cluster.api.find(Deployment, target.namespace, target.deployment)
    if deployment is None or deployment.spec is None or deployment.spec.selector is None:
        raise RuntimeError(f"scenario is missing Deployment {target.namespace}/{target.deployment}")
    selector = selector_from_map(deployment.spec.selector.match_labels or {})
    return [p for p in cluster.api.list(Pod, target.namespace, selector) if _live(p)]


def template_labels(cluster: Cluster, target: Target) -> dict[str, str]:
    deployment = cluster.api.find(Deployment, target.namespace, target.deployment)
    if deployment is None or deployment.spec.template.metadata is None:
        return {}
    return dict(deployment.spec.template.metadata.labels or {})


def ready_endpoints(cluster: Cluster, service: Service) -> list[tuple[str, str]]:
    """(namespace, Pod name) of the ready endpoints kube-proxy routes to, sorted."""
    cluster.settle()
    backends = cluster.network.backends((service.namespace, service.name)).addresses
    return sorted({b.pod for b in backends if b.ready and b.pod is not None})


def _selector_diagnosis(selector: Mapping[str, str], pod_labels: Mapping[str, str], target: Target) -> str:
    """Why ``selector`` misses Pods labelled ``pod_labels``: the first differing label."""
    for key, value in selector.items():
        if key not in pod_labels:
            close = [k for k in pod_labels if k.lower() == key.lower() or _near(k, key)]
            if close:
                return (
                    f"the Pods of {target.deployment} have no label '{key}' "
                    f"(they carry '{close[0]}: {pod_labels[close[0]]}')"
                )
            return f"the Pods of {target.deployment} have no label '{key}'"
        if pod_labels[key] != value:
            if value == target.deployment:
                return (
                    f"'{key}: {value}' is the Deployment's name; a Service selects Pods by their labels, and the "
                    f"Pods carry '{key}: {pod_labels[key]}'"
                )
            return f"your selector says '{key}: {value}' but the Pods carry '{key}: {pod_labels[key]}'"
    return "the selector and the Pod labels differ"


def _selector_misconception(selector: Mapping[str, str], pod_labels: Mapping[str, str], target: Target) -> str | None:
    if target.deployment in selector.values():
        return "selector-deployment-name"
    for key, value in selector.items():
        close_keys = [k for k in pod_labels if k != key and (k.lower() == key.lower() or _near(k, key))]
        if close_keys or (key in pod_labels and pod_labels[key] != value and _near(pod_labels[key], value)):
            return "selector-typo"
    return None


def _near(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diffs) == 1 or (len(diffs) == 2 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]])
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _service_port_entries(manifest: Manifest) -> list[dict]:
    ports = manifest.spec.get("ports")
    return [p for p in ports if isinstance(p, dict)] if isinstance(ports, list) else []


# ------------------------------------------------------------ YAML: rubric
def accepted() -> Check:
    """The API server accepted the manifest (``kubectl apply`` succeeded)."""

    def check(trial: Trial) -> Verdict:
        if trial.apply_exit == 0:
            return ok(trial.apply_stdout.strip() or "kubectl apply succeeded")
        error = trial.apply_stderr.strip() or f"kubectl apply exited with {trial.apply_exit}"
        hint, misconception = "read the error: it names the field to fix", None
        if "unknown field" in error:
            hint = "a field name is misspelled or misplaced (selector, ports and type go under spec)"
        elif "valid range" in error:
            hint = "a nodePort must be between 30000 and 32767 (or leave it out and one is picked for you)"
            misconception = "node-port-out-of-range"
        elif "may not change once set" in error or "field is immutable" in error:
            hint = "leave clusterIP out: the API server assigns it and it cannot change"
            misconception = "cluster-ip-set"
        elif "must contain at least one letter" in error:
            hint = "write a port number without quotes (targetPort: 8000); a quoted value is a port *name*"
            misconception = "quoted-port-number"
        elif "cannot unmarshal" in error:
            hint = 'a value has the wrong type; label values in a selector are text (quote numbers: "1")'
        expected = "kubectl apply accepts the manifest (service/... created or configured)"
        return no(error, expected, hint, misconception=misconception)

    return check


def named(name: str, why: str) -> Check:
    def check(trial: Trial) -> Verdict:
        found = trial.manifest.name if trial.manifest else None
        if found == name:
            return ok(f"the Service is called '{name}'")
        return no(
            f"the Service is called '{found}'" if found else "the Service has no metadata.name",
            f"metadata.name: {name}",
            why,
            misconception="wrong-service-name",
        )

    return check


def selects(target: Target) -> Check:
    """The selector picks exactly the target Deployment's Pods (judged against the Pods in the cluster)."""

    def check(trial: Trial) -> Verdict:
        manifest = trial.manifest
        pods = target_pods(trial.cluster, target)
        labels = {k: v for k, v in template_labels(trial.cluster, target).items()}
        want = f"the {len(pods)} Pods of {target.deployment}, which carry '{_labels_text(labels)}'"
        hint = f"copy the labels from the Pod template (kubectl get pods --show-labels): '{_labels_text(labels)}'"
        if manifest.namespace != target.namespace:
            return no(
                f"your Service is in namespace '{manifest.namespace}', the Pods of {target.deployment} are in "
                f"'{target.namespace}'",
                want,
                "a Service selects Pods in its own namespace only: leave "
                "metadata.namespace out or set it to " + target.namespace,
                misconception="service-other-namespace",
            )
        selector = manifest.spec.get("selector")
        if selector is None:
            return no("your Service has no selector, so no Pod becomes its endpoint", want, hint)
        if not isinstance(selector, dict) or not all(isinstance(k, str) for k in selector):
            return no(f"spec.selector is {selector!r}, not a map of label: value", want, hint)
        if not selector:
            return no(
                "your selector is empty ({}); the API server drops an empty selector, so the Service selects no Pod",
                want,
                hint,
            )
        if not all(isinstance(v, str) for v in selector.values()):
            bad = next(k for k, v in selector.items() if not isinstance(v, str))
            return no(
                f"the selector value for '{bad}' is {selector[bad]!r}, not text",
                want,
                "label values are text: quote numbers and booleans",
            )
        everyone = [p for p in trial.cluster.api.list(Pod, manifest.namespace) if _live(p)]
        chosen = {p.name for p in everyone if all((p.metadata.labels or {}).get(k) == v for k, v in selector.items())}
        wanted = {p.name for p in pods}
        text = _labels_text(selector)
        if chosen == wanted:
            return ok(f"your selector '{text}' matches the {len(wanted)} Pods of {target.deployment}")
        if not chosen:
            pod_labels = pods[0].metadata.labels or {} if pods else labels
            diagnosis = _selector_diagnosis(selector, pod_labels, target)
            return no(
                f"your selector '{text}' matches no Pod; {diagnosis}",
                want,
                hint,
                misconception=_selector_misconception(selector, pod_labels, target),
            )
        others = sorted(chosen - wanted)
        if wanted <= chosen:
            return no(
                f"your selector '{text}' also matches {_plural(len(others), 'other Pod')} ({', '.join(others[:3])})",
                want,
                f"select on a label that only {target.app}'s Pods carry",
                score=0.5,
            )
        if chosen & wanted:
            return no(
                f"your selector '{text}' matches only {len(chosen & wanted)} of the {len(wanted)} "
                f"Pods of {target.deployment}",
                want,
                "select on labels every Pod of the Deployment carries, not on one Pod's name or hash",
                score=0.5,
            )
        return no(
            f"your selector '{text}' matches {_plural(len(chosen), 'Pod')} that do not belong to "
            f"{target.deployment} ({', '.join(sorted(chosen)[:3])})",
            want,
            hint,
        )

    return check


def maps_port(target: Target) -> Check:
    """Service port 80 forwards to the container port the app listens on."""

    def check(trial: Trial) -> Verdict:
        entries = _service_port_entries(trial.manifest)
        want = f"port: {target.service_port} forwarding to targetPort: {target.port} (the port {target.app} listens on)"
        if not entries:
            return no("your Service declares no ports", want, "add spec.ports with port and targetPort")
        pods = target_pods(trial.cluster, target)
        entry = next((p for p in entries if p.get("port") == target.service_port), None)
        port_ok = entry is not None
        if entry is None:
            entry = entries[0]
        raw_target = entry.get("targetPort", entry.get("port"))
        resolved = _reached_port(entry, pods[0] if pods else None)
        target_ok = resolved == target.port
        shown = f"port {entry.get('port')!r} -> targetPort {raw_target!r}" + (
            "" if "targetPort" in entry else " (no targetPort: it defaults to the port)"
        )
        if port_ok and target_ok:
            return ok(f"{shown}: requests to port {target.service_port} reach {target.app} on {target.port}")
        problems = []
        if not port_ok:
            problems.append(
                f"clients call http://{target.service}{target.path} on port {target.service_port}, "
                "so the Service port should be " + str(target.service_port)
            )
        if not target_ok:
            if isinstance(raw_target, str) and resolved is None:
                problems.append(
                    f"targetPort '{raw_target}' is a port name that no container of {target.deployment} declares"
                )
            else:
                problems.append(f"{target.app} listens on {target.port}, not on {resolved}")
        swapped = entry.get("port") == target.port and raw_target == target.service_port
        misconception = "ports-swapped" if swapped else None if target_ok else "target-port-not-listening"
        return no(shown, want, "; ".join(problems), score=0.5 * (port_ok + target_ok), misconception=misconception)

    return check


def _reached_port(entry: Mapping[str, Any], pod: Pod | None) -> int | None:
    """The container port a manifest's port entry reaches on ``pod``, or None when it names no declared port.

    The entry is the learner's unchecked YAML: a number is used as is, a name is looked up as the EndpointSlice
    controller's FindPort does (``container_port_by_name``), anything else reaches nothing.
    """
    raw = entry.get("targetPort", entry.get("port"))
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and pod is not None:
        return container_port_by_name(pod.spec.containers or [], raw, entry.get("protocol") or "TCP")
    return None


def service_type(allowed: tuple[str, ...], why: str, hint: str, misconception: str | None = None) -> Check:
    def check(trial: Trial) -> Verdict:
        found = trial.manifest.spec.get("type", "ClusterIP")
        shown = f"type: {found}" + ("" if "type" in trial.manifest.spec else " (the default)")
        if found in allowed:
            return ok(f"{shown}: {why}")
        return no(shown, "type: " + " or ".join(allowed), hint, misconception=misconception)

    return check


EXTERNAL_TYPES = ("NodePort", "LoadBalancer")


def external_type() -> Check:
    return service_type(
        EXTERNAL_TYPES,
        "reachable from outside the cluster",
        "type ClusterIP is reachable only inside the cluster; for testing from your computer on "
        "Docker Desktop use NodePort",
        "clusterip-for-external",
    )


def pinned_node_port() -> Check:
    """The manifest sets a nodePort itself, so the test URL stays the same every time it is applied."""

    def check(trial: Trial) -> Verdict:
        ports = [p.get("nodePort") for p in _service_port_entries(trial.manifest)]
        pinned = [p for p in ports if isinstance(p, int) and not isinstance(p, bool) and 30000 <= p <= 32767]
        if pinned:
            return ok(f"node port {pinned[0]} is chosen in the manifest: testers always use the same URL")
        return no(
            "the manifest leaves the node port to the cluster, which picks another one each time the Service is "
            "created",
            "a test URL that stays the same each time the Service is created",
            "a URL that changes on every re-create breaks testers' bookmarks and scripts: make the port part of "
            "your manifest",
            misconception="node-port-not-pinned" if trial.manifest.spec.get("type") in EXTERNAL_TYPES else None,
        )

    return check


# ------------------------------------------------------------ YAML: behaviour
def _url_name(trial: Trial, target: Target, use_required_name: bool) -> str | None:
    if use_required_name:
        return target.service
    service = trial.service()
    return service.name if service is not None else None


def _http_verdict(probe: HttpProbe, target: Target, want: str, hint_fail: str) -> Verdict:
    if probe.shows(target.marker):
        return ok(f"{probe.command}: {probe.summary()}")
    if probe.ok:
        return no(f"{probe.command}: {probe.summary()}, which is not {target.app}", want, hint_fail)
    return no(f"{probe.command}: {probe.summary()}", want, hint_fail)


def reachable_in_cluster(target: Target, use_required_name: bool = False, client: tuple[str, str] = CLIENT) -> Check:
    """``curl http://<service>/<path>`` from a client Pod shows the app's page."""

    def check(trial: Trial) -> Verdict:
        if trial.service() is None and not use_required_name:
            return no(NOT_CREATED, f"curl from a Pod reaches {target.app}")
        name = _url_name(trial, target, use_required_name)
        probe = curl_from_pod(trial.cluster, client[0], client[1], f"http://{name}{target.path}")
        hint = (
            f"other Pods call http://{name}{target.path} (port {target.service_port}): the Service must select "
            f"{target.app}'s Pods and forward to the port {target.app} listens on"
        )
        misconception = None
        if use_required_name and trial.manifest and trial.manifest.name != target.service:
            hint = f"your manifest is called '{trial.manifest.name}', so {target.service} itself was not fixed"
            misconception = "new-service-instead-of-fix"
        verdict = _http_verdict(probe, target, f"curl from a Pod in {client[0]} reaches {target.app}", hint)
        return replace(verdict, misconception=misconception) if verdict.score < 1 else verdict

    return check


def reachable_from_host(target: Target) -> Check:
    """``curl http://localhost:<nodePort>/<path>`` from the laptop (Docker Desktop publishes node ports)."""

    def check(trial: Trial) -> Verdict:
        service = trial.service()
        want = f"curl http://localhost:<nodePort>{target.path} from your computer shows {target.app}'s page"
        if service is None:
            return no(NOT_CREATED, want)
        ports = service.spec.ports or []
        chosen = next((p for p in ports if p.port == target.service_port and p.node_port), None) or next(
            (p for p in ports if p.node_port), None
        )
        if chosen is None:
            return no(
                f"your Service (type {service.spec.type}) has no node port, so nothing listens on localhost",
                want,
                "type NodePort opens a port (30000-32767) that Docker Desktop publishes on localhost",
            )
        probe = curl_from_host(trial.cluster, f"http://localhost:{chosen.node_port}{target.path}")
        return _http_verdict(
            probe,
            target,
            want,
            f"the node port forwards to the Service port {chosen.port} and on to "
            f"targetPort; {target.app} listens on {target.port}",
        )

    return check


def _routed_port(cluster: Cluster, service: Service, target: Target, ports: list[int] | None = None) -> int | None:
    """The first of the Service's ports (or of ``ports``) on which curl from a client Pod to its ClusterIP reaches
    the app, or None."""
    for port in ports if ports is not None else [p.port for p in service.spec.ports or []]:
        probe = curl_from_pod(cluster, *CLIENT, f"http://{service.spec.cluster_ip}:{port}{target.path}")
        if probe.shows(target.marker):
            return port
    return None


def survives_rollout(target: Target) -> Check:
    """Routing that works (curl through the Service reaches the app) still works after a rollout replaced every Pod
    (new ReplicaSet, new pod-template-hash), and reaches only the new Pods."""

    def check(trial: Trial) -> Verdict:
        want = f"the Service keeps routing to {target.deployment}'s Pods after they are replaced by a rollout"
        service = trial.service()
        if service is None:
            return no(NOT_CREATED, want)
        port = _routed_port(trial.cluster, service, target)
        if port is None:
            return no(
                f"not checked: curl through your Service does not reach {target.app} even before a rollout",
                want,
                "make the Service route to the app first (see the other checks)",
            )
        rolled = trial.rolled()
        service = rolled.service()
        if service is None:
            return no(NOT_CREATED, want)
        new_pods = {(p.namespace, p.name) for p in target_pods(rolled.cluster, target)}
        endpoints = set(ready_endpoints(rolled.cluster, service))
        if new_pods and new_pods <= endpoints and _routed_port(rolled.cluster, service, target, [port]) is not None:
            return ok(f"after the rollout your Service routes to all {len(new_pods)} new Pods")
        selector = (trial.manifest.spec.get("selector") or {}) if trial.manifest else {}
        hint, misconception = "select on labels the Pod template sets, which every version of the Pods carries", None
        if isinstance(selector, dict) and "pod-template-hash" in selector:
            hint, misconception = "pod-template-hash changes with every rollout: " + hint, "selector-pod-template-hash"
        return no(
            f"after the rollout your Service routes to {len(endpoints & new_pods)} of the {len(new_pods)} new Pods",
            want,
            hint,
            misconception=misconception,
        )

    return check


def kubectl_shows(command: str, expected: str, hidden: bool) -> Check:
    """``kubectl COMMAND`` prints ``expected`` (stripped) once the answer is applied (a check added in a course's
    grading file); a hidden check's feedback does not quote the expected output."""

    def check(trial: Trial) -> Verdict:
        if trial.refused:
            return no(NOT_CREATED, "")
        result = trial.cluster.kubectl(command)
        printed = (result.stdout if result.exit_code == 0 else result.stderr).strip()
        found = f"kubectl {command} prints {shown(printed)}"
        if printed == expected:
            return ok(found)
        return no(found, "other output" if hidden else shown(expected))

    return check


# ------------------------------------------------------------ choices
def well_formed(fields: tuple[Field, ...]) -> Check:
    """Every answer is present and of the right kind (says nothing about correctness)."""

    def check(trial: Trial) -> Verdict:
        problems = []
        for f in fields:
            if f.name not in trial.choices:
                problems.append(f"{f.name} is missing")
                continue
            _, problem = f.normalise(trial.choices[f.name])
            if problem:
                problems.append(f"{f.name} {problem}")
        if not problems:
            return ok("every answer is given, in the expected form")
        return no(
            "; ".join(problems),
            "; ".join(f"{f.name} = {f.describe()}" for f in fields),
            "write every answer in this part's answer cell: grading reads that cell as saved in your notebook",
        )

    return check


def _answer(trial: Trial, field_: Field) -> tuple[Any, Verdict | None]:
    if field_.name not in trial.choices:
        return None, no(f"no answer for {field_.name}", f"{field_.name} = {field_.describe()}")
    value, problem = field_.normalise(trial.choices[field_.name])
    if problem:
        return None, no(f"{field_.name} {problem}", f"{field_.name} = {field_.describe()}")
    return value, None


def agrees_with_cluster(
    field_: Field, truth: Callable[[Cluster], Any], evidence: str, misconception: str | None = None
) -> Check:
    """The learner's answer equals what the cluster shows (``truth`` is worked out by probing, not stored)."""

    def check(trial: Trial) -> Verdict:
        value, problem = _answer(trial, field_)
        if problem:
            return problem
        if value == truth(trial.cluster):
            return ok(f"{field_.name} = {shown(value)} agrees with what the cluster shows")
        return no(
            f"{field_.name} = {shown(value)} does not agree with what the cluster shows",
            "the answer the cluster's behaviour supports",
            evidence,
            misconception=misconception,
        )

    return check


def answer_is(field_: Field, expected: Any, hidden: bool) -> Check:
    """The answer ``field_`` equals ``expected`` (a check added in a course's grading file); a hidden check's
    feedback does not quote the expected value."""

    def check(trial: Trial) -> Verdict:
        value, problem = _answer(trial, field_)
        if problem:
            return problem
        if value == expected:
            return ok(f"{field_.name} = {shown(value)}")
        return no(f"{field_.name} = {shown(value)}", "another answer" if hidden else f"{field_.name} = {expected!r}")

    return check


def rubric_choice(
    field_: Field,
    credit: Mapping[Any, float],
    feedback: Mapping[Any, str],
    otherwise: str,
    misconceptions: Mapping[Any, str] | None = None,
) -> Check:
    """A multiple-choice answer scored from an answer key (``credit``); feedback per answer, no key revealed."""

    def check(trial: Trial) -> Verdict:
        value, problem = _answer(trial, field_)
        if problem:
            return problem
        score = credit.get(value, 0.0)
        note = feedback.get(value, otherwise)
        if score >= 1.0:
            return ok(f"{field_.name} = {shown(value)}: {note}")
        return no(
            f"{field_.name} = {shown(value)}: {note}",
            "the choice the lesson's decision framework supports",
            "revisit the lesson's table 'Decision Framework: Choosing Service Type'",
            score=score,
            misconception=(misconceptions or {}).get(value),
        )

    return check


# ------------------------------------------------------------ DNS names
_LABEL = r"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?"
_DNS_NAME = re.compile(rf"^{_LABEL}(\.{_LABEL})*\.?$", re.IGNORECASE)


def dns_name_problem(name: str) -> str | None:
    if "://" in name:
        return "includes a scheme (http://); give only the name"
    if "/" in name:
        return "includes a path; give only the name"
    if ":" in name:
        return "includes a port; give only the name"
    try:
        ipaddress.ip_address(name)
        return "is an IP address; the question asks for a name, which keeps working when the address changes"
    except ValueError:
        pass
    if not _DNS_NAME.match(name):
        return "is not a DNS name (lower-case letters, digits, '-' and dots)"
    return None


def _dns_misconception(name: str, client_namespace: str) -> str:
    """What a DNS name that does not lead to the Service from another namespace (or needs a search list) shows."""
    labels = name.rstrip(".").split(".")
    if len(labels) == 1:
        return "dns-short-name"
    return "dns-client-namespace" if labels[1] == client_namespace else "dns-needs-search-list"


def well_formed_name(field_: Field) -> Check:
    def check(trial: Trial) -> Verdict:
        value, problem = _answer(trial, field_)
        if problem:
            return problem
        issue = dns_name_problem(value)
        if issue:
            return no(
                f"{field_.name} = {shown(value)} {issue}",
                f"{field_.name} = a DNS name in quotes",
                "write the name as you would after http:// in a URL, without http:// or a path",
            )
        return ok(f"{field_.name} = {shown(value)} is a DNS name")

    return check


def _cluster_ip(cluster: Cluster, namespace: str, name: str) -> str:
    service = cluster.api.find(Service, namespace, name)
    if service is None or not service.spec.cluster_ip:
        raise RuntimeError(f"scenario is missing Service {namespace}/{name}")
    return service.spec.cluster_ip


def _name_value(trial: Trial, field_: Field) -> tuple[str | None, Verdict | None]:
    value, problem = _answer(trial, field_)
    if problem:
        return None, problem
    issue = dns_name_problem(value)
    if issue:
        return None, no(
            f"{field_.name} = {shown(value)} {issue}",
            "a DNS name",
            "only a name can be looked up and followed",
            misconception="dns-url" if "/" in value else "dns-ip-address" if "IP address" in issue else None,
        )
    return value, None


def name_resolves(field_: Field, target: Target, client: tuple[str, str] = OTHER_NAMESPACE_CLIENT) -> Check:
    """From a Pod in another namespace, the name resolves to the target Service's ClusterIP."""

    def check(trial: Trial) -> Verdict:
        name, problem = _name_value(trial, field_)
        if problem:
            return problem
        lookup = lookup_from_pod(trial.cluster, client[0], client[1], name)
        want = (
            f"from a Pod in namespace {client[0]}, the name resolves to the ClusterIP of {target.service} "
            f"(namespace {target.namespace})"
        )
        if _cluster_ip(trial.cluster, target.namespace, target.service) in lookup.addresses:
            return ok(f"from {client[0]}/{client[1]}: {lookup.summary()}, the ClusterIP of {target.service}")
        if lookup.ok:
            return no(
                f"from {client[0]}/{client[1]}: {lookup.summary()}, which is not {target.service}",
                want,
                "that name belongs to something else",
            )
        return no(
            f"from {client[0]}/{client[1]}: {lookup.summary()}",
            want,
            "a short name is looked up in the client's own namespace first: from another namespace the name "
            "must also say which namespace the Service lives in",
            misconception=_dns_misconception(name, client[0]),
        )

    return check


def name_reaches(field_: Field, target: Target, client: tuple[str, str] = OTHER_NAMESPACE_CLIENT) -> Check:
    def check(trial: Trial) -> Verdict:
        name, problem = _name_value(trial, field_)
        if problem:
            return problem
        probe = curl_from_pod(trial.cluster, client[0], client[1], f"http://{name}{target.path}")
        return _http_verdict(
            probe,
            target,
            f"curl http://<name>{target.path} from a Pod in {client[0]} reaches {target.app}",
            "the name must lead to the Service; port 80 is implied by http://",
        )

    return check


def name_survives_recreate(
    field_: Field, target: Target, manifest: str, client: tuple[str, str] = OTHER_NAMESPACE_CLIENT
) -> Check:
    """After the Service is deleted and created again (a new ClusterIP), the name still leads to it."""

    def check(trial: Trial) -> Verdict:
        name, problem = _name_value(trial, field_)
        if problem:
            return problem
        cluster = trial.fork()
        old_ip = _cluster_ip(cluster, target.namespace, target.service)
        deleted = cluster.kubectl(f"delete service {target.service} -n {target.namespace}")
        created = cluster.kubectl("apply -f -", stdin=manifest)
        if deleted.exit_code or created.exit_code:
            raise RuntimeError(f"could not re-create {target.service}: {deleted.stderr}{created.stderr}")
        cluster.advance("5s")
        new_ip = _cluster_ip(cluster, target.namespace, target.service)
        lookup = lookup_from_pod(cluster, client[0], client[1], name)
        want = f"the name still leads to {target.service} after it is re-created with a new ClusterIP"
        if new_ip in lookup.addresses and new_ip != old_ip:
            return ok(f"after re-creating {target.service} (new ClusterIP), {lookup.summary()}")
        return no(
            f"after re-creating {target.service} (new ClusterIP), {lookup.summary()}",
            want,
            "ClusterIPs change when a Service is re-created; DNS names do not",
        )

    return check


def name_resolves_without_search(field_: Field, target: Target, client: tuple[str, str] = NO_SEARCH_CLIENT) -> Check:
    """The name works even for a resolver with no search list: it is fully qualified."""

    def check(trial: Trial) -> Verdict:
        name, problem = _name_value(trial, field_)
        if problem:
            return problem
        lookup = lookup_from_pod(trial.cluster, client[0], client[1], name)
        want = "the name resolves for a client whose resolver has no search list (a fully qualified name)"
        if _cluster_ip(trial.cluster, target.namespace, target.service) in lookup.addresses:
            return ok(f"with no search list: {lookup.summary()}")
        return no(
            f"with no search list: {lookup.summary()}",
            want,
            "a resolver with no search list adds nothing to a name: only a complete name resolves there",
            misconception=_dns_misconception(name, client[0]),
        )

    return check
