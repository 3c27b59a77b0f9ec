"""The drill's app and the faults a drill can plant in it.

The app is the lesson's debugging scenario grown a little: ``backend-deployment`` (two Flask Pods on port 5000,
labelled ``app: backend, tier: backend``), ``backend-service`` (port 80 → targetPort 5000, selecting
``app: backend``), a ``cache`` Deployment (nginx, also ``tier: backend``: a neighbour a careless selector picks up)
and a ``frontend`` Deployment whose Pods call ``$BACKEND_URL`` (``http://backend-service/data``).

Each :class:`Fault` rewrites those manifests before they are applied, as a person writing them might have got them
wrong: a selector typo, a label in the wrong case, a wrong ``targetPort``, Pods that never become Ready (a failing
readiness probe, or an image that cannot be pulled), the Service in another namespace, a client calling the
``targetPort`` instead of the Service's port, a selector that matches too much. Each names its :class:`Cause`
(what the learner picks from), and several faults may share one cause (both "not Ready" faults).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Callable

import yaml

__all__ = [
    "APP",
    "BACKEND_URL",
    "CAUSES",
    "CAUSES_BY_ID",
    "CLIENT",
    "FAULTS",
    "Cause",
    "Fault",
    "SERVICE",
    "healthy_manifests",
]

SERVICE = "backend-service"
APP = "backend-deployment"  # the Deployment the Service is meant to front
CLIENT = "frontend"  # the Deployment whose Pods call the backend
NAMESPACE = "default"
OTHER_NAMESPACE = "shop"
BACKEND_URL = f"http://{SERVICE}/data"

HEALTHY = f"""\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {APP}
spec:
  replicas: 2
  selector:
    matchLabels: {{app: backend}}
  template:
    metadata:
      labels: {{app: backend, tier: backend}}
    spec:
      containers:
      - name: flask
        image: flask:latest
        ports:
        - containerPort: 5000
---
apiVersion: v1
kind: Service
metadata:
  name: {SERVICE}
spec:
  selector: {{app: backend}}
  ports:
  - port: 80
    targetPort: 5000
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cache
spec:
  replicas: 1
  selector:
    matchLabels: {{app: cache}}
  template:
    metadata:
      labels: {{app: cache, tier: backend}}
    spec:
      containers:
      - name: nginx
        image: nginx:alpine
        ports:
        - containerPort: 80
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {CLIENT}
spec:
  replicas: 1
  selector:
    matchLabels: {{app: frontend}}
  template:
    metadata:
      labels: {{app: frontend}}
    spec:
      containers:
      - name: app
        image: alpine:3.22
        command: [sleep, infinity]
        env:
        - name: BACKEND_URL
          value: {BACKEND_URL}
"""

Manifests = dict[str, dict[str, Any]]  # metadata.name -> object, in the order they are applied


def healthy_manifests() -> Manifests:
    """The app with nothing wrong, as parsed YAML keyed by name."""
    return {doc["metadata"]["name"]: doc for doc in yaml.safe_load_all(HEALTHY)}


@dataclass(frozen=True)
class Cause:
    """A cause the learner can name; ``if_so`` says what the cluster would show if it were the cause."""

    id: str
    text: str
    if_so: str

    @property
    def phrase(self) -> str:
        """The text to use inside a sentence ("the Pods are not Ready")."""
        return self.text[0].lower() + self.text[1:]


CAUSES = (
    Cause(
        "selector-typo",
        "The Service's selector has a typo",
        "the Service would have no endpoints, and its selector's value would be spelled differently from the "
        "Pods' label, not just in upper/lower case",
    ),
    Cause(
        "label-case",
        "The selector's label differs from the Pods' only in upper/lower case",
        "the Service would have no endpoints, and its selector's value would be the Pods' label value written "
        "in other upper/lower case",
    ),
    Cause(
        "wrong-target-port",
        "targetPort is not the port the app listens on",
        "the Service would list endpoints, and connecting to one on its endpoint port would be refused by the Pod",
    ),
    Cause(
        "not-ready",
        "The Pods are not Ready",
        "kubectl get pods would show READY 0/1, and the EndpointSlice would list them with ready: false",
    ),
    Cause(
        "other-namespace",
        "The Service is in another namespace than the Pods and the client",
        "the frontend could not resolve the name, and kubectl get services -A would show it elsewhere",
    ),
    Cause(
        "client-target-port",
        "The client calls the targetPort instead of the Service's port",
        "the name would resolve and the Service would have endpoints, but $BACKEND_URL would name a port "
        "the Service does not declare",
    ),
    Cause(
        "over-selection",
        "The selector matches Pods of another app too",
        "the endpoints would include Pods of another Deployment, and only some requests would fail",
    ),
)
CAUSES_BY_ID = {cause.id: cause for cause in CAUSES}


@dataclass(frozen=True)
class Fault:
    """One way to break the app: which cause it is and how the manifests get it."""

    id: str
    cause: str  # an id of CAUSES
    plant: Callable[[Manifests], None]

    def __post_init__(self) -> None:
        if self.cause not in CAUSES_BY_ID:
            raise ValueError(f"unknown cause {self.cause!r}")

    def manifests(self) -> list[dict[str, Any]]:
        """The app's manifests with this fault in them (namespaces first)."""
        docs = copy.deepcopy(healthy_manifests())
        self.plant(docs)
        return sorted(docs.values(), key=lambda d: d["kind"] != "Namespace")


def _selector(value: dict[str, str]) -> Callable[[Manifests], None]:
    return lambda docs: docs[SERVICE]["spec"].update(selector=value)


def _backend_container(docs: Manifests) -> dict[str, Any]:
    return docs[APP]["spec"]["template"]["spec"]["containers"][0]


def _failing_readiness(docs: Manifests) -> None:
    _backend_container(docs)["readinessProbe"] = {"httpGet": {"path": "/ready", "port": 5000}, "periodSeconds": 5}


def _bad_image(docs: Manifests) -> None:
    _backend_container(docs)["image"] = "flsk:latest"


def _other_namespace(docs: Manifests) -> None:
    docs[SERVICE]["metadata"]["namespace"] = OTHER_NAMESPACE
    docs[OTHER_NAMESPACE] = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": OTHER_NAMESPACE}}


def _wrong_target_port(docs: Manifests) -> None:
    docs[SERVICE]["spec"]["ports"][0]["targetPort"] = 8080


def _client_calls_target_port(docs: Manifests) -> None:
    env = docs[CLIENT]["spec"]["template"]["spec"]["containers"][0]["env"]
    env[0]["value"] = f"http://{SERVICE}:5000/data"


FAULTS = (
    Fault("selector-typo", "selector-typo", _selector({"app": "backnd"})),
    Fault("label-case", "label-case", _selector({"app": "Backend"})),
    Fault("wrong-target-port", "wrong-target-port", _wrong_target_port),
    Fault("failing-readiness", "not-ready", _failing_readiness),
    Fault("bad-image", "not-ready", _bad_image),
    Fault("other-namespace", "other-namespace", _other_namespace),
    Fault("client-target-port", "client-target-port", _client_calls_target_port),
    Fault("over-selection", "over-selection", _selector({"tier": "backend"})),
)
