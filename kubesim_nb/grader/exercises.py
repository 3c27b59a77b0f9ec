"""The exercises, as data: which scenario, what kind of answer, which checks for how many points.

One exercise per graded part of the *Try With AI* assignment (see
``assignment.py`` for how they map onto notebook cells):

===================  ======================================================  ======
exercise             what the learner gives                                  points
===================  ======================================================  ======
internal-service     the ClusterIP Service for agent-deployment (YAML)        10
evaluate-design      True/False/number verdicts on an AI-written Service       6
external-choice      NodePort or LoadBalancer for testing, and why            4
external-service     the Service for testing from the laptop (YAML)           10
fix-selector         backend-service with its selector fixed (YAML)           6
dns                  the name a Pod in another namespace must use             5
===================  ======================================================  ======

A check marked ``hidden`` is not run by the learner's public checks and is
not shown in the released notebook; its result (message and points) appears
in the feedback after grading. A hidden check also marked ``practised`` is run
by the learner's practice check too (as a public one): Part 2's comparisons
with what the cluster shows, whose messages say whether an answer agrees,
never what the cluster shows; and whether the DNS answer resolves from the
other namespace, which the learner can see with ``nslookup`` anyway (so any
well-formed name no longer passes the practice check).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kubesim_nb.api.core import Service
from kubesim_nb.api.ports import find_port
from kubesim_nb.cluster import Cluster

from .checks import (
    CLIENT,
    Check,
    Field,
    Target,
    accepted,
    agrees_with_cluster,
    external_type,
    maps_port,
    name_reaches,
    name_resolves,
    name_resolves_without_search,
    name_survives_recreate,
    named,
    pinned_node_port,
    reachable_from_host,
    reachable_in_cluster,
    ready_endpoints,
    rubric_choice,
    selects,
    service_type,
    survives_rollout,
    target_pods,
    well_formed,
    well_formed_name,
)
from .probes import curl_from_pod
from .scenario import BASE, REFERENCE_AGENT_SERVICE, WITH_AGENT_SERVICE, Scenario

__all__ = ["AI_DESIGN", "EXERCISES", "ChoiceAnswer", "Exercise", "GradedCheck", "YamlAnswer", "get"]


@dataclass(frozen=True)
class GradedCheck:
    id: str
    title: str
    points: float
    judge: Check
    hidden: bool = False
    explains_refusal: bool = False  # runs when the API server refused the manifest (every other check is skipped)
    practised: bool = False  # hidden, but the learner's practice check runs it too (see the module docstring)


@dataclass(frozen=True)
class YamlAnswer:
    """A manifest, written by a ``%%writefile FILE`` cell."""

    file: str
    kind: str = "Service"
    api_version: str = "v1"


@dataclass(frozen=True)
class ChoiceAnswer:
    """``name = value`` lines in a Python cell."""

    fields: tuple[Field, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def example(self) -> str:
        return self.fields[0].example()


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    summary: str
    scenario: Scenario
    answer: YamlAnswer | ChoiceAnswer
    checks: tuple[GradedCheck, ...]
    extra_setup: tuple[str, ...] = ()  # manifests applied on the trial's cluster before judging
    rolled: bool = False  # some check needs the rolled-out variant of the scenario

    @property
    def max_points(self) -> float:
        return sum(check.points for check in self.checks)

    def visible_checks(self, include_hidden: bool) -> tuple[GradedCheck, ...]:
        return tuple(check for check in self.checks if include_hidden or not check.hidden)

    def practice_checks(self) -> tuple[GradedCheck, ...]:
        """What the learner's practice check runs: the public checks, and the practised hidden ones as public."""
        return tuple(replace(check, hidden=False) for check in self.checks if check.practised or not check.hidden)


# ------------------------------------------------------------------ targets
AGENT = Target(
    deployment="agent-deployment",
    namespace="default",
    port=8000,
    path="/docs",
    marker="Swagger UI",
    service="agent-service",
    app="the agent",
)
BACKEND = Target(
    deployment="backend-deployment",
    namespace="default",
    port=5000,
    path="/data",
    marker='"items"',
    service="backend-service",
    app="the backend",
)

NAME_WHY = "other Pods will call it by this name (http://agent-service/docs), and Part 4 updates the same Service"

# ------------------------------------------------------------------ Part 1
INTERNAL_SERVICE = Exercise(
    id="internal-service",
    title="Part 1: a Service for internal access to the agent",
    summary="a ClusterIP Service named agent-service: port 80 -> the agent's port 8000, selecting app: agent",
    scenario=BASE,
    answer=YamlAnswer("agent-service.yaml"),
    rolled=True,
    checks=(
        GradedCheck("accepted", "the API server accepts the manifest", 1, accepted(), explains_refusal=True),
        GradedCheck("named", "the Service is named agent-service", 1, named("agent-service", NAME_WHY)),
        GradedCheck("selects", "the selector matches the agent Pods", 2, selects(AGENT)),
        GradedCheck("ports", "port 80 forwards to the agent's port 8000", 2, maps_port(AGENT)),
        GradedCheck(
            "internal-type",
            "the type suits internal access",
            1,
            service_type(
                ("ClusterIP",),
                "reachable inside the cluster only, which is all Part 1 needs",
                "internal access needs nothing more than ClusterIP (the default): NodePort and "
                "LoadBalancer also open the agent to the outside",
                "external-type-for-internal",
            ),
        ),
        GradedCheck(
            "reachable", "a Pod can reach the agent through the Service", 2, reachable_in_cluster(AGENT), hidden=True
        ),
        GradedCheck(
            "survives-rollout", "routing survives a rollout of the Deployment", 1, survives_rollout(AGENT), hidden=True
        ),
    ),
)

# ------------------------------------------------------------------ Part 2
AI_DESIGN = """\
apiVersion: v1
kind: Service
metadata:
  name: agent-service
spec:
  type: NodePort
  selector:
    app: agent
  ports:
  - port: 80
    targetPort: 80
"""

DESIGN_FIELDS = (
    Field("selector_matches", bool, "Does the Service's selector match the agent Deployment's Pods?"),
    Field("port_mapping_correct", bool, "Does the port mapping take port 80 to the port the agent listens on?"),
    Field("target_port_should_be", int, "Which targetPort should the Service use?"),
    Field("type_right_for_internal", bool, "Is the type right for internal-only access?"),
)


def _design_service(cluster: Cluster) -> Service:
    service = cluster.api.find(Service, "default", "agent-service")
    if service is None:
        raise RuntimeError("the AI design was not applied")
    return service


def _truth_selector(cluster: Cluster) -> bool:
    service = _design_service(cluster)
    endpoints = ready_endpoints(cluster, service)
    agents = {(p.namespace, p.name) for p in target_pods(cluster, AGENT)}
    return bool(agents) and set(endpoints) == agents


def _listening_port(cluster: Cluster) -> int | None:
    """The declared container port on which an agent Pod answers with its docs page (probed with curl)."""
    pod = target_pods(cluster, AGENT)[0]
    for container in pod.spec.containers or []:
        for port in container.ports or []:
            probe = curl_from_pod(cluster, *CLIENT, f"http://{pod.status.pod_ip}:{port.container_port}{AGENT.path}")
            if probe.shows(AGENT.marker):
                return port.container_port
    return None


def _truth_port_mapping(cluster: Cluster) -> bool:
    service = _design_service(cluster)
    pod = target_pods(cluster, AGENT)[0]
    listening = _listening_port(cluster)
    return any(sp.port == AGENT.service_port and find_port(pod, sp) == listening for sp in service.spec.ports or [])


def _truth_type(cluster: Cluster) -> bool:
    return (_design_service(cluster).spec.type or "ClusterIP") == "ClusterIP"


EVALUATE_DESIGN = Exercise(
    id="evaluate-design",
    title="Part 2: evaluate the AI's internal design",
    summary="True/False verdicts on the AI's Service and the targetPort it should use",
    scenario=BASE,
    extra_setup=(AI_DESIGN,),
    answer=ChoiceAnswer(DESIGN_FIELDS),
    checks=(
        GradedCheck("well-formed", "every answer is given in the expected form", 0, well_formed(DESIGN_FIELDS)),
        GradedCheck(
            "selector",
            "selector_matches",
            1,
            agrees_with_cluster(
                DESIGN_FIELDS[0],
                _truth_selector,
                "apply the AI's Service in your cluster and run kubectl get endpoints agent-service",
            ),
            hidden=True,
            practised=True,
        ),
        GradedCheck(
            "port-mapping",
            "port_mapping_correct",
            1,
            agrees_with_cluster(
                DESIGN_FIELDS[1],
                _truth_port_mapping,
                "compare the Service's targetPort with the containerPort in "
                "kubectl get deployment agent-deployment -o yaml",
                "design-port-mapping",
            ),
            hidden=True,
            practised=True,
        ),
        GradedCheck(
            "target-port",
            "target_port_should_be",
            2,
            agrees_with_cluster(
                DESIGN_FIELDS[2],
                _listening_port,
                "targetPort is the port the container listens on; curl a Pod's IP on that port to see the docs page",
                "target-port-not-listening",
            ),
            hidden=True,
            practised=True,
        ),
        GradedCheck(
            "type",
            "type_right_for_internal",
            2,
            agrees_with_cluster(
                DESIGN_FIELDS[3],
                _truth_type,
                "internal access means reachable from Pods only; see the lesson's table of Service types",
                "external-type-for-internal",
            ),
            hidden=True,
            practised=True,
        ),
    ),
)

# ------------------------------------------------------------------ Part 3
CHOICE_FIELDS = (
    Field(
        "external_type", str, "NodePort or LoadBalancer for testing on Docker Desktop?", ("NodePort", "LoadBalancer")
    ),
    Field("reason", str, "Which reason supports your choice: 'a', 'b', 'c' or 'd'?", ("a", "b", "c", "d")),
)

REASONS = {
    "a": "Only LoadBalancer Services can be reached from outside the cluster.",
    "b": "NodePort opens the same port on every node - on Docker Desktop it answers on localhost - with no cloud "
    "load balancer to provision: enough for manual testing.",
    "c": "NodePort Services do not need a selector, so they are simpler to write.",
    "d": "LoadBalancer is the cheaper choice on a laptop because it uses fewer ports.",
}

EXTERNAL_CHOICE = Exercise(
    id="external-choice",
    title="Part 3: NodePort or LoadBalancer for testing on Docker Desktop",
    summary="the type for manual external testing, and the reason",
    scenario=BASE,
    answer=ChoiceAnswer(CHOICE_FIELDS),
    checks=(
        GradedCheck("well-formed", "every answer is given in the expected form", 0, well_formed(CHOICE_FIELDS)),
        GradedCheck(
            "type",
            "external_type",
            2,
            rubric_choice(
                CHOICE_FIELDS[0],
                {"NodePort": 1.0, "LoadBalancer": 0.5},
                {
                    "NodePort": "a port on the node, published on localhost by Docker Desktop: no load balancer needed",
                    "LoadBalancer": "it works on Docker Desktop (EXTERNAL-IP localhost), but it exists to get a "
                    "cloud load balancer - the production choice, more than manual testing needs",
                },
                "not a Service type for external access",
                {"LoadBalancer": "loadbalancer-for-testing"},
            ),
            hidden=True,
        ),
        GradedCheck(
            "reason",
            "reason",
            2,
            rubric_choice(
                CHOICE_FIELDS[1],
                {"b": 1.0},
                {
                    "a": "NodePort Services are reachable from outside too (on every node's IP and port)",
                    "b": "the node port is all a tester on the same machine needs",
                    "c": "every Service that routes to Pods needs a selector, whatever its type",
                    "d": "a LoadBalancer Service also allocates node ports; cost is not the point on a laptop",
                },
                "not one of the reasons offered",
                {"a": "only-loadbalancer-external", "c": "nodeport-without-selector"},
            ),
            hidden=True,
        ),
    ),
)

# ------------------------------------------------------------------ Part 4
EXTERNAL_SERVICE = Exercise(
    id="external-service",
    title="Part 4: the complete Service for external testing",
    summary="agent-service converted for testing from the laptop: curl http://localhost:<nodePort>/docs shows Swagger",
    scenario=WITH_AGENT_SERVICE,
    answer=YamlAnswer("agent-service-external.yaml"),
    rolled=True,
    checks=(
        GradedCheck(
            "accepted",
            "the API server accepts the manifest (as an update of agent-service)",
            1,
            accepted(),
            explains_refusal=True,
        ),
        GradedCheck("selects", "the selector matches the agent Pods", 2, selects(AGENT)),
        GradedCheck("external-type", "the type is reachable from outside the cluster", 1, external_type()),
        GradedCheck(
            "host-curl", "curl http://localhost:<nodePort>/docs shows the Swagger page", 3, reachable_from_host(AGENT)
        ),
        GradedCheck(
            "reachable",
            "Pods can still reach the agent through the Service",
            1,
            reachable_in_cluster(AGENT),
            hidden=True,
        ),
        GradedCheck(
            "pinned-node-port", "the test URL is stable (a chosen nodePort)", 1, pinned_node_port(), hidden=True
        ),
        GradedCheck(
            "survives-rollout", "routing survives a rollout of the Deployment", 1, survives_rollout(AGENT), hidden=True
        ),
    ),
)

# ------------------------------------------------------------------ debugging
FIX_SELECTOR = Exercise(
    id="fix-selector",
    title="Debugging: fix backend-service's selector",
    summary="backend-service (selector app: api) has no endpoints; fix it so it routes to the backend Pods",
    scenario=BASE,
    answer=YamlAnswer("backend-service.yaml"),
    rolled=True,
    checks=(
        GradedCheck(
            "accepted",
            "the API server accepts the manifest (as an update of backend-service)",
            1,
            accepted(),
            explains_refusal=True,
        ),
        GradedCheck("selects", "the selector matches the backend Pods", 2, selects(BACKEND)),
        GradedCheck(
            "reachable",
            "curl http://backend-service/data from a Pod gets the backend's data",
            2,
            reachable_in_cluster(BACKEND, use_required_name=True),
        ),
        GradedCheck(
            "survives-rollout",
            "routing survives a rollout of the Deployment",
            1,
            survives_rollout(BACKEND),
            hidden=True,
        ),
    ),
)

# ------------------------------------------------------------------ DNS
DNS_FIELD = Field("agent_dns_name", str, "The name a Pod in namespace tools must use to reach agent-service")

DNS = Exercise(
    id="dns",
    title="DNS: the name another namespace must use",
    summary="the DNS name of agent-service (namespace default) for a client in namespace tools",
    scenario=WITH_AGENT_SERVICE,
    answer=ChoiceAnswer((DNS_FIELD,)),
    checks=(
        GradedCheck("well-formed", "the answer is a DNS name", 0, well_formed_name(DNS_FIELD)),
        GradedCheck(
            "resolves",
            "the name resolves from namespace tools to agent-service",
            2,
            name_resolves(DNS_FIELD, AGENT),
            hidden=True,
            practised=True,
        ),
        GradedCheck(
            "reaches",
            "curl http://<name>/docs from namespace tools reaches the agent",
            1,
            name_reaches(DNS_FIELD, AGENT),
            hidden=True,
        ),
        GradedCheck(
            "survives-recreate",
            "the name survives re-creating the Service",
            1,
            name_survives_recreate(DNS_FIELD, AGENT, REFERENCE_AGENT_SERVICE),
            hidden=True,
        ),
        GradedCheck(
            "fully-qualified",
            "the name needs no search list",
            1,
            name_resolves_without_search(DNS_FIELD, AGENT),
            hidden=True,
        ),
    ),
)

EXERCISES: dict[str, Exercise] = {
    e.id: e for e in (INTERNAL_SERVICE, EVALUATE_DESIGN, EXTERNAL_CHOICE, EXTERNAL_SERVICE, FIX_SELECTOR, DNS)
}


def get(exercise_id: str) -> Exercise:
    try:
        return EXERCISES[exercise_id]
    except KeyError:
        raise KeyError(f"unknown exercise {exercise_id!r}; known: {', '.join(EXERCISES)}") from None
