"""The clusters exercises are judged on: setup manifests as data, built once, copied per submission.

Every exercise starts from :data:`BASE` — what the learner's notebook cluster
holds (``start()`` in ``notebook.py`` builds the same thing): the FastAPI
``agent-deployment`` (3 Pods, ``app: agent``, port 8000), the lesson's
``backend-deployment`` (2 Pods, ``app: backend``, port 5000) with its broken
``backend-service`` (selector ``app: api``), a namespace ``tools``, and
``client`` Pods in ``default`` and ``tools`` to test from. Some exercises add
state the learner would have by then (the internal ``agent-service`` before
converting it, say).

A scenario is built on a fresh ``Cluster(seed=SEED)`` by applying its manifests
with ``kubectl apply`` and letting simulated time pass; the result is pickled
once per process and every submission gets its own unpickled copy — a
bit-for-bit fresh cluster, in about a millisecond. A *rolled* variant also
rolls every Deployment to a new template (new ReplicaSet, new
``pod-template-hash``), for checks that a Service survives a rollout.

Judge-only preparation (``curl`` installed in the client Pods) happens here
too, so probes never depend on what a learner did in their own cluster.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from functools import lru_cache

from kubesim_nb.cluster import Cluster

from .probes import install_curl

__all__ = [
    "BASE",
    "SCENARIOS",
    "SEED",
    "Scenario",
    "ScenarioError",
    "apply_setup",
    "build",
    "fresh",
    "learner_cluster",
    "warm",
]

SEED = 1
PROFILE = "docker-desktop"
SETTLE = "90s"
ROLLOUT_SETTLE = "180s"

AGENT_DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: agent-deployment
  labels:
    app: agent
spec:
  replicas: 3
  selector:
    matchLabels:
      app: agent
  template:
    metadata:
      labels:
        app: agent
    spec:
      containers:
      - name: agent
        image: fastapi-agent:1.0
        ports:
        - containerPort: 8000
"""

BACKEND_DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: backend-deployment
spec:
  replicas: 2
  selector:
    matchLabels:
      app: backend
  template:
    metadata:
      labels:
        app: backend
    spec:
      containers:
      - name: flask
        image: flask:latest
        ports:
        - containerPort: 5000
"""

BROKEN_BACKEND_SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: backend-service
spec:
  selector:
    app: api
  ports:
  - port: 80
    targetPort: 5000
  type: ClusterIP
"""

TOOLS_NAMESPACE = """\
apiVersion: v1
kind: Namespace
metadata:
  name: tools
"""


def _client_pod(namespace: str) -> str:
    return f"""\
apiVersion: v1
kind: Pod
metadata:
  name: client
  namespace: {namespace}
  labels:
    run: client
spec:
  containers:
  - name: client
    image: alpine:3.22
    command: ["sleep", "infinity"]
"""


# A Pod whose resolver has no search list: only fully qualified names resolve from it.
STRICT_RESOLVER_POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: strict-resolver
  namespace: tools
  labels:
    run: strict-resolver
spec:
  dnsPolicy: None
  dnsConfig:
    nameservers: ["10.96.0.10"]
  containers:
  - name: client
    image: alpine:3.22
    command: ["sleep", "infinity"]
"""

# The internal Service a learner has after Part 1 (what Part 4 converts, what DNS names).
REFERENCE_AGENT_SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: agent-service
spec:
  selector:
    app: agent
  ports:
  - port: 80
    targetPort: 8000
  type: ClusterIP
"""

# New templates: every Pod is replaced and gets a new pod-template-hash.
ROLLOUT = (
    AGENT_DEPLOYMENT.replace("fastapi-agent:1.0", "fastapi-agent:1.1"),
    BACKEND_DEPLOYMENT.replace("flask:latest", "flask:3.1"),
)

CLIENT_PODS = (("default", "client"), ("tools", "client"), ("tools", "strict-resolver"))


class ScenarioError(RuntimeError):
    """A scenario could not be built: a grader bug or a simulator regression, never the learner's fault."""


@dataclass(frozen=True)
class Scenario:
    id: str
    manifests: tuple[str, ...]
    description: str


BASE_MANIFESTS = (
    AGENT_DEPLOYMENT,
    BACKEND_DEPLOYMENT,
    BROKEN_BACKEND_SERVICE,
    TOOLS_NAMESPACE,
    _client_pod("default"),
    _client_pod("tools"),
    STRICT_RESOLVER_POD,
)

BASE = Scenario(
    "base",
    BASE_MANIFESTS,
    "agent-deployment, backend-deployment with the broken backend-service, namespace tools, client Pods",
)
WITH_AGENT_SERVICE = Scenario(
    "with-agent-service",
    BASE_MANIFESTS + (REFERENCE_AGENT_SERVICE,),
    "the base scenario plus the internal agent-service (ClusterIP, 80 -> 8000)",
)

SCENARIOS = {s.id: s for s in (BASE, WITH_AGENT_SERVICE)}


def apply_setup(cluster: Cluster, manifest: str) -> None:
    """``kubectl apply`` a setup manifest; a refusal is a grader bug (:class:`ScenarioError`)."""
    result = cluster.kubectl("apply -f -", stdin=manifest)
    if result.exit_code != 0:
        raise ScenarioError(f"setup manifest was refused: {result.stderr.strip()}")


def _set_up(scenario: Scenario) -> Cluster:
    """A fresh seeded cluster with ``scenario``'s manifests applied and settled (time moves only when told)."""
    cluster = Cluster(seed=SEED, profile=PROFILE, think_time=0)
    for manifest in scenario.manifests:
        apply_setup(cluster, manifest)
    cluster.advance(SETTLE)
    return cluster


def learner_cluster(think_time: float = 10.0) -> Cluster:
    """The notebook's cluster: the base scenario with the learner's think time."""
    cluster = _set_up(BASE)
    cluster.think_time = think_time
    return cluster


def build(scenario: Scenario, rolled: bool = False) -> Cluster:
    """A fresh seeded cluster with ``scenario`` set up (and rolled out, if asked), ready for probes."""
    cluster = _set_up(scenario)
    if rolled:
        for manifest in ROLLOUT:
            apply_setup(cluster, manifest)
        cluster.advance(ROLLOUT_SETTLE)
    for namespace, pod in CLIENT_PODS:
        install_curl(cluster, namespace, pod)
    return cluster


@lru_cache(maxsize=None)
def _snapshot(scenario_id: str, rolled: bool) -> bytes:
    return pickle.dumps(build(SCENARIOS[scenario_id], rolled), protocol=pickle.HIGHEST_PROTOCOL)


def fresh(scenario: Scenario, rolled: bool = False) -> Cluster:
    """A private copy of the built scenario (identical to building it again, much faster)."""
    return pickle.loads(_snapshot(scenario.id, rolled))


def warm(scenario_ids: tuple[str, ...] | None = None) -> None:
    """Build the snapshots now (worker start-up), not during the first submission's time limit."""
    for scenario_id in scenario_ids or tuple(SCENARIOS):
        _snapshot(scenario_id, False)
        _snapshot(scenario_id, True)
