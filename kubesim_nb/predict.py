"""Predict, then observe: the learner commits to a prediction before a cell's result shows.

``predict.gate("01-replaced-pod-ip", "kubectl delete pod -l app=backend", "kubectl get pods -o wide")`` runs its
commands when its cell runs, on the notebook's cluster (``kubesim_nb.magics.current_cluster``), and keeps their
output hidden under the question. Running them at once means Run All changes the cluster in the same way whether
or not the learner answers, so no later cell depends on the answer. Once the learner picks an option and clicks
*Show what happened*, the gate shows "you predicted X; the cluster did Y", why, and the commands with their output.
Y is read from the cluster (what :attr:`Prediction.measure` finds before and after the commands) and from the
commands' output, never written in advance. Every committed prediction is recorded with the quiz answers
(:func:`kubesim_nb.quiz.record`, ``kind="prediction"``), never graded.

A command is ``kubectl ARGS`` (as ``%kubectl``) or ``host ARGS`` (as ``%host``, on the learner's computer); the
lines after a command's first line are what is typed into it (as in a ``%%kubectl run -it ... -- sh`` cell).

The course's predictions are :data:`PREDICTIONS`, by id: the question, the options, what to measure, and which
option the measurements show.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

from .api.core import Pod, Service
from .api.discovery import SERVICE_NAME_LABEL, EndpointSlice
from .api.labels import selector_from_map
from .cluster import Cluster
from .kubectl import run_kubectl
from .magics import current_cluster
from .quiz import Answer, as_html, letter, record

__all__ = ["PREDICTIONS", "Observation", "Prediction", "PredictionGate", "gate", "run_command"]

Transcript = list[tuple[str, str]]  # (command, what it printed)


@dataclass(frozen=True)
class Prediction:
    """A question about what the next commands will do, and how to read the answer from the cluster.

    ``measure`` reads what matters from the cluster, before and after the commands; ``outcome`` gets both readings
    and everything the commands printed, and returns which option happened and, in a sentence, what the cluster
    did (with its real names and addresses). ``why`` explains each outcome that can happen."""

    question: str
    options: Mapping[str, str]  # outcome key -> the option as the learner reads it
    measure: Callable[[Cluster], Any]
    # (before, after, printed) -> (the option that happened, None if none did; what happened)
    outcome: Callable[[Any, Any, str], tuple[str | None, str]]
    why: Mapping[str, str]  # outcome key -> the reason


@dataclass(frozen=True)
class Observation:
    """What the cluster did: the option it matched (None when it could not be told) and in words."""

    key: str | None
    happened: str
    transcript: Transcript


# ----------------------------------------------------------------- readings
def _pods(cluster: Cluster, app: str) -> dict[str, tuple[str | None, int]]:
    """The Pods labelled ``app=APP`` in ``default`` that are not being deleted: name -> (IP, restarts)."""
    found = {}
    for pod in cluster.api.list(Pod, "default", selector_from_map({"app": app})):
        if pod.metadata.deletion_timestamp:
            continue
        statuses = (pod.status.container_statuses or []) if pod.status else []
        found[pod.metadata.name] = (pod.ip, sum(s.restart_count or 0 for s in statuses))
    return found


def _cluster_ip(cluster: Cluster, name: str) -> str | None:
    service = cluster.api.find(Service, "default", name)
    return service.spec.cluster_ip if service is not None else None


def _endpoint_pods(cluster: Cluster, service: str) -> set[str]:
    """The Pods behind a Service's endpoints, by name (each endpoint's ``targetRef``)."""
    slices = cluster.api.list(EndpointSlice, "default", selector_from_map({SERVICE_NAME_LABEL: service}))
    return {e.target_ref.name for s in slices for e in s.endpoints or [] if e.target_ref is not None}


def _listed(names: Sequence[str] | set[str]) -> str:
    return ", ".join(sorted(names)) or "none"


# ----------------------------------------------------------------- the course's predictions
def _replaced_pod(before: dict, after: dict, _printed: str) -> tuple[str, str]:
    new = {name: ip for name, (ip, _) in after.items() if name not in before}
    old = ", ".join(f"{name} had {ip}" for name, (ip, _) in before.items())
    if not new:
        return "none", f"no new backend Pod appeared ({old})"
    name, ip = next(iter(new.items()))
    key = "same" if ip in {ip for ip, _ in before.values()} else "new"
    return key, f"the replacement {name} has IP {ip}; the deleted Pod {old}"


def _restarted(before: dict, after: dict, _printed: str) -> tuple[str, str]:
    if set(after) != set(before):
        return "new-pod", f"the backend Pods changed from {_listed(before)} to {_listed(after)}"
    name = next(iter(after))
    (old_ip, _), (ip, restarts) = before[name], after[name]
    key = "same" if ip == old_ip else "new-ip"
    return key, f"{name} has IP {ip} (it had {old_ip}) and RESTARTS {restarts}"


def _cluster_ip_kept(service: str) -> Callable[[Any, Any, str], tuple[str, str]]:
    def outcome(before: tuple, after: tuple, _printed: str) -> tuple[str, str]:
        (ip_before, pods_before), (ip_after, pods_after) = before, after
        moved = f", while its Pods went from {_listed(pods_before)} to {_listed(pods_after)}"
        pods = moved if pods_after != pods_before else ""
        if ip_after is None:
            return "gone", f"{service} has no ClusterIP now{pods}"
        if ip_after == ip_before:
            return "same", f"{service} still has ClusterIP {ip_after}{pods}"
        return "new", f"{service}'s ClusterIP moved from {ip_before} to {ip_after}{pods}"

    return outcome


def _relabelled(before: set, after: set, _printed: str) -> tuple[str, str]:
    happened = f"web-service's endpoints went from {_listed(before)} to {_listed(after)}"
    if after == before:
        return "nothing", happened
    return ("joins" if after > before else "replaces"), happened


CURL_TIMEOUT, CURL_REFUSED = 28, 7  # curl's exit codes: "Operation timed out", "Couldn't connect to server"
CURL_EXIT = re.compile(r"^curl: \((\d+)\)", re.MULTILINE)


def _from_laptop(_before: None, _after: None, printed: str) -> tuple[str | None, str]:
    failed = CURL_EXIT.search(printed)
    if failed is None:
        return "answers", "curl got an answer from the ClusterIP"
    message = printed[failed.start() :].splitlines()[0]
    code = int(failed[1])
    key = {CURL_TIMEOUT: "timeout", CURL_REFUSED: "refused"}.get(code)  # another failure is no option's
    return key, f"curl gave up with exit code {code}: {message}"


UNRESOLVED = re.compile(r"Could not resolve host: (\S+)")
CROSS_NAMESPACE_NAMES = ("web-service", "web-service.default", "web-service.default.svc.cluster.local")


def _resolved_names(_before: None, _after: None, printed: str) -> tuple[str, str]:
    unresolved = set(UNRESOLVED.findall(printed))
    resolved = [name for name in CROSS_NAMESPACE_NAMES if name not in unresolved]
    if len(resolved) == len(CROSS_NAMESPACE_NAMES):
        key = "all"
    elif "web-service.default" in resolved:
        key = "two"
    else:
        key = "full" if resolved else "none"
    return key, f"from namespace shop, {_listed(resolved)} resolved; {_listed(unresolved)} did not"


PREDICTIONS: dict[str, Prediction] = {
    "01-replaced-pod-ip": Prediction(
        "The backend Pod is about to be deleted, and its Deployment will replace it. Which IP will the "
        "replacement Pod have?",
        {
            "same": "The deleted Pod's IP: the Deployment hands it on to the replacement",
            "new": "A new IP of its own",
            "none": "None: a deleted Pod is not replaced until someone applies the Deployment again",
        },
        lambda cluster: _pods(cluster, "backend"),
        _replaced_pod,
        {
            "new": "A replacement is a brand-new Pod: the ReplicaSet keeps the number of Pods right, not their "
            "identity, and the new Pod gets whatever address is free on its node.",
            "same": "Addresses are handed out from the node's range; the old one came back by chance here, "
            "and nothing guarantees it.",
            "none": "The ReplicaSet should have created a replacement: check `kubectl get rs`.",
        },
    ),
    "01-container-restart": Prediction(
        "`kill -INT 1` is about to stop the backend container's main process; the kubelet will restart it. What "
        "happens to the Pod's IP?",
        {
            "new-ip": "The Pod gets a new IP, as a restarted container starts over",
            "same": "Same Pod, same IP; only its RESTARTS count goes up",
            "new-pod": "The Pod is replaced by a new Pod, with a new name and a new IP",
        },
        lambda cluster: _pods(cluster, "backend"),
        _restarted,
        {
            "same": "The kubelet restarts the container inside the same Pod: the Pod and the network namespace "
            "that holds its IP stay. A new IP comes with a new Pod.",
            "new-ip": "A container restart keeps the Pod's network namespace, so this is unexpected: look at "
            "`kubectl get pods -o wide`.",
            "new-pod": "The Pod itself went away (was it deleted?): only a new Pod gets a new IP.",
        },
    ),
    "02-cluster-ip-after": Prediction(
        "Both backend Pods are about to be deleted, and the Deployment will replace them. What happens to "
        "`backend-service`'s ClusterIP?",
        {
            "new": "It changes: the Service takes a new ClusterIP for the new Pods",
            "gone": "It is released while no Pod runs, and the Service gets one back when Pods return",
            "same": "It stays the same: only the endpoints behind it change",
        },
        lambda cluster: (_cluster_ip(cluster, "backend-service"), set(_pods(cluster, "backend"))),
        _cluster_ip_kept("backend-service"),
        {
            "same": "The ClusterIP belongs to the Service, from its creation until it is deleted; Pods coming and "
            "going only change its endpoints.",
            "new": "A Service keeps its ClusterIP until it is deleted: was it deleted and created again?",
            "gone": "A ClusterIP is only released when its Service is deleted.",
        },
    ),
    "04-relabel": Prediction(
        "`web-pod-2` already has `app=web` and is about to get `version=v1` too, the rest of `web-service`'s "
        "selector. What happens to the Service's endpoints?",
        {
            "nothing": "Nothing, until `web-service` is applied again: a Service picks its Pods when it is created",
            "replaces": "`web-pod-2` takes the place of `web-pod-1`: the newest matching Pod wins",
            "joins": "`web-pod-2` joins `web-pod-1` as a second endpoint",
        },
        lambda cluster: _endpoint_pods(cluster, "web-service"),
        _relabelled,
        {
            "joins": "A selector is a query the EndpointSlice controller keeps answering: any Pod that carries all "
            "of its labels becomes an endpoint as soon as it has them, next to the others.",
            "nothing": "The EndpointSlice controller reacts to label changes at once: is `web-pod-2` Ready?",
            "replaces": "Every matching Pod is an endpoint; one leaving means its labels no longer match.",
        },
    ),
    "05-cluster-ip-from-laptop": Prediction(
        "From your computer, outside the cluster, you `curl` `web-service`'s ClusterIP. What happens?",
        {
            "refused": "curl is refused at once: the ClusterIP rejects clients outside the cluster",
            "timeout": "Nothing answers, and curl gives up after 3 seconds",
            "answers": "nginx's page: a ClusterIP answers wherever the client is",
        },
        lambda cluster: None,
        _from_laptop,
        {
            "timeout": "A ClusterIP exists only as kube-proxy's rules on the cluster's nodes. Your computer has no "
            "route to it, so the connection is never answered, not even with a refusal.",
            "refused": "Outside the cluster nothing knows the ClusterIP, so nothing should answer at all.",
            "answers": "Only a Service of type NodePort or LoadBalancer is reachable from outside the cluster.",
        },
    ),
    "05-type-change": Prediction(
        "`web-preview` is about to change from `type: ClusterIP` to `type: NodePort`. What happens to its ClusterIP?",
        {
            "gone": "It is replaced: a NodePort Service has a node port instead of a ClusterIP",
            "same": "It stays; the Service gains a node port on top",
            "new": "It changes, because the Service is created again with its new type",
        },
        lambda cluster: (_cluster_ip(cluster, "web-preview"), set(_pods(cluster, "web"))),
        _cluster_ip_kept("web-preview"),
        {
            "same": "A NodePort Service is a ClusterIP Service plus a port on every node: the update keeps the "
            "ClusterIP and adds the node port (`80:3xxxx/TCP`).",
            "new": "An update keeps the ClusterIP; only deleting the Service releases it.",
            "gone": "Every NodePort Service keeps a ClusterIP: the node port forwards to it.",
        },
    ),
    "06-cross-namespace": Prediction(
        "A Pod in namespace `shop` calls `web-service`, `web-service.default` and "
        "`web-service.default.svc.cluster.local` (the Service lives in `default`). Which names resolve?",
        {
            "all": "All three: Service names are the same everywhere in the cluster",
            "two": "`web-service.default` and the full name",
            "full": "Only the full name `web-service.default.svc.cluster.local`",
            "none": "None: Pods can only reach Services of their own namespace",
        },
        lambda cluster: None,
        _resolved_names,
        {
            "two": "The search list starts with the client's own namespace (`shop.svc.cluster.local`), so the "
            "short name is looked for in `shop`. Adding the namespace (`web-service.default`) lets the search "
            "list complete it; the full name needs no completion.",
            "all": "The short name is completed with the client's namespace first: it should fail from `shop` "
            "unless `shop` has a `web-service` of its own.",
            "full": "`web-service.default` is completed by the search list's `svc.cluster.local` entry.",
            "none": "Namespaces do not wall Services off: the namespace is part of the name.",
        },
    ),
}


# ----------------------------------------------------------------- running the commands
def run_command(cluster: Cluster, command: str) -> str:
    """Run ``kubectl ARGS`` or ``host ARGS`` (lines after the first are typed into it); what it printed."""
    line, _, typed = command.partition("\n")
    program, _, args = line.strip().partition(" ")
    if program == "host":
        result = cluster.host_shell().run_line(args)
        return result.stdout + result.stderr
    if program != "kubectl":
        raise ValueError(f"a gate runs kubectl or host commands, not {program!r}")
    return run_kubectl(cluster, args, stdin=typed or None, cwd=os.getcwd()).output


def observe(prediction: Prediction, commands: Sequence[str], cluster: Cluster) -> Observation:
    """Run the commands, reading the cluster before and after; what happened."""
    before = prediction.measure(cluster)
    transcript = [(command.partition("\n")[0], run_command(cluster, command)) for command in commands]
    after = prediction.measure(cluster)
    printed = "\n".join(output for _, output in transcript)
    try:
        key, happened = prediction.outcome(before, after, printed)
    except (StopIteration, KeyError, ValueError) as err:  # a cluster the learner changed in unforeseen ways
        return Observation(None, f"the cluster's answer could not be read ({type(err).__name__}: {err})", transcript)
    return Observation(key, happened, transcript)


# ----------------------------------------------------------------- the view
class PredictionGate:
    """The question with its options; the result stays hidden until a prediction is committed."""

    def __init__(self, prediction_id: str, prediction: Prediction, observation: Observation):
        import ipywidgets as widgets

        from .widgets.html import command_log

        self.prediction_id, self.prediction, self.observation = prediction_id, prediction, observation
        self.keys = list(prediction.options)
        options = "".join(f"<li>{as_html(prediction.options[key])}</li>" for key in self.keys)
        self.title = widgets.HTML(
            f'<b>Predict first</b> · {as_html(prediction.question)}<ol type="a" style="margin:4px 0">{options}</ol>'
        )
        self.picker = widgets.ToggleButtons(
            options=[(letter(i), i) for i in range(len(self.keys))],
            value=None,
            description="I predict:",
            style={"button_width": "3em"},
        )
        self.button = widgets.Button(
            description="Show what happened",
            button_style="primary",
            disabled=True,
            layout=widgets.Layout(width="max-content"),
        )
        self.verdict = widgets.HTML()
        self.verdict.add_class("kubesim-prediction-verdict")
        transcript = widgets.HTML(command_log(observation.transcript))
        self.reveal = widgets.VBox([self.verdict, transcript], layout=widgets.Layout(display="none"))
        self.reveal.add_class("kubesim-reveal")
        self.picker.observe(lambda _: setattr(self.button, "disabled", self.picker.value is None), names="value")
        self.button.on_click(lambda _: self.commit())
        self.box = widgets.VBox([self.title, self.picker, self.button, self.reveal])
        self.box.add_class("kubesim-prediction")

    @property
    def revealed(self) -> bool:
        return self.reveal.layout.display != "none"

    def commit(self) -> None:
        """Fix the learner's prediction, show what the cluster did, and record both."""
        if self.picker.value is None or self.revealed:
            return
        picked = self.keys[self.picker.value]
        self.picker.disabled = self.button.disabled = True
        self.verdict.value = "<br>".join(map(as_html, self.verdict_lines(picked)))
        self.reveal.layout.display = None
        record(
            Answer("prediction", self.prediction_id, self.prediction.options[picked], picked == self.observation.key)
        )

    def verdict_lines(self, picked: str) -> list[str]:
        """What the learner predicted, what the cluster did (and which option that is), and why."""
        lines = [f"You predicted {letter(self.keys.index(picked))}) {self.prediction.options[picked]}."]
        key = self.observation.key
        if key is None:
            return [*lines, f"The cluster did this: {self.observation.happened}."]
        lines.append(f"The cluster did {letter(self.keys.index(key))}): {self.observation.happened}.")
        lines.append("✓ As you predicted." if picked == key else "✗ Not what you predicted.")
        return [*lines, f"Why: {self.prediction.why[key]}"]

    def _repr_mimebundle_(self, include=None, exclude=None):
        options = "\n".join(f"  {letter(i)}) {self.prediction.options[key]}" for i, key in enumerate(self.keys))
        data = self.box._repr_mimebundle_(include=include, exclude=exclude) or {}
        hint = "(pick a prediction to see what the cluster did)"
        return {**data, "text/plain": f"Predict first: {self.prediction.question}\n{options}\n{hint}"}


def gate(prediction_id: str, *commands: str) -> PredictionGate:
    """Run ``commands`` on the notebook's cluster now; show their result once the learner has predicted it."""
    if prediction_id not in PREDICTIONS:
        raise ValueError(f"no prediction {prediction_id!r}; the course has {', '.join(PREDICTIONS)}")
    prediction = PREDICTIONS[prediction_id]
    return PredictionGate(prediction_id, prediction, observe(prediction, commands, current_cluster()))
