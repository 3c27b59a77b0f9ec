"""Invariants under random sequences of operations (a hypothesis state machine).

After every step, once the controllers have settled:
- every selector Service's ready endpoints are exactly its Ready, matching,
  non-terminating Pods (EndpointSlices and the Endpoints object agree);
- ClusterIPs are unique and inside the service CIDR; NodePorts are unique and in range;
- live Pod IPs are unique;
- cluster DNS answers every Service name with its current ClusterIP;
- no live ReplicaSet outlives its Deployment and no live Pod its ReplicaSet (a Pod may
  still be Terminating after its owner is gone: background cascading deletion);
- and at the end, replaying the same commands on a new cluster with the same
  seed gives byte-identical state.
"""

from __future__ import annotations

import ipaddress
from collections import Counter

import yaml
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from kubesim_nb import Cluster
from kubesim_nb.api.apps import Deployment, ReplicaSet
from kubesim_nb.api.core import Endpoints, Pod, Service
from kubesim_nb.api.discovery import EndpointSlice
from kubesim_nb.api.labels import selector_from_map
from kubesim_nb.network import resolve

APPS = ["web", "api", "db"]
SERVICES = ["web-service", "api-service", "other"]
TYPES = ["ClusterIP", "NodePort", "LoadBalancer"]
IMAGES = ["nginx:alpine", "kubesim/whoami", "ngnix"]


def deployment(name: str, replicas: int, image: str, crash: bool) -> str:
    container = {"name": "main", "image": image, "ports": [{"containerPort": 80, "name": "http"}]}
    if crash:
        container["command"] = ["sh", "-c", "exit 1"]
    return yaml.safe_dump(
        {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"name": name},
            "spec": {
                "replicas": replicas,
                "selector": {"matchLabels": {"app": name}},
                "template": {
                    "metadata": {"labels": {"app": name, "tier": "backend"}},
                    "spec": {"containers": [container]},
                },
            },
        }
    )


def service(name: str, selector: dict, kind: str, target) -> str:
    return yaml.safe_dump(
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {"name": name},
            "spec": {"type": kind, "selector": selector, "ports": [{"port": 80, "targetPort": target}]},
        }
    )


class ClusterMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.seed = 17
        self.cluster = Cluster(seed=self.seed, think_time=0)
        self.history: list[tuple[str, object]] = []

    def run(self, command, stdin: str | None = None) -> None:
        self.history.append(("kubectl", (command, stdin)))
        result = self.cluster.kubectl(command, stdin=stdin)
        assert "internal problem" not in result.stderr, result.stderr

    def pods(self) -> list[Pod]:
        return self.cluster.store.list(Pod, "default")

    @rule(name=st.sampled_from(APPS), replicas=st.integers(0, 4), image=st.sampled_from(IMAGES), crash=st.booleans())
    def apply_deployment(self, name, replicas, image, crash) -> None:
        self.run("apply -f -", deployment(name, replicas, image, crash))

    @rule(
        name=st.sampled_from(SERVICES),
        app=st.sampled_from(APPS + ["nobody"]),
        tier=st.booleans(),
        kind=st.sampled_from(TYPES),
        target_port=st.sampled_from([80, "http", 8080]),
    )
    def apply_service(self, name, app, tier, kind, target_port) -> None:
        selector = {"app": app, **({"tier": "backend"} if tier else {})}
        self.run("apply -f -", service(name, selector, kind, target_port))

    @rule(index=st.integers(0, 20))
    def delete_pod(self, index) -> None:
        pods = self.pods()
        if pods:
            self.run(["delete", "pod", pods[index % len(pods)].name, "--wait=false"])

    @rule(index=st.integers(0, 20), value=st.sampled_from(["web", "api", "db", "stray"]))
    def relabel_pod(self, index, value) -> None:
        pods = self.pods()
        if pods:
            self.run(["label", "pod", pods[index % len(pods)].name, f"app={value}", "--overwrite"])

    @rule(name=st.sampled_from(APPS), replicas=st.integers(0, 5))
    def scale(self, name, replicas) -> None:
        self.run(["scale", "deployment", name, f"--replicas={replicas}"])

    @rule(name=st.sampled_from(APPS + SERVICES))
    def delete_object(self, name) -> None:
        kind = "deployment" if name in APPS else "service"
        self.run(["delete", kind, name, "--ignore-not-found", "--wait=false"])

    @rule(seconds=st.sampled_from([1, 3, 10, 45, 300]))
    def advance(self, seconds) -> None:
        self.history.append(("advance", seconds))
        self.cluster.advance(seconds)

    # -------------------------------------------------------------- invariants
    @invariant()
    def endpoints_are_exactly_ready_matching_pods(self) -> None:
        store = self.cluster.store
        for svc in store.list(Service):
            if svc.spec.selector is None or svc.spec.type == "ExternalName":
                continue
            ns = svc.metadata.namespace
            expected = {
                p.status.pod_ip
                for p in store.list(Pod, ns, selector_from_map(svc.spec.selector))
                if p.is_ready() and not p.metadata.deletion_timestamp and p.status.pod_ip
            }
            slices = [
                s for s in store.list(EndpointSlice, ns) if s.labels.get("kubernetes.io/service-name") == svc.name
            ]
            ready = {a for s in slices for e in s.endpoints or [] if e.conditions.ready for a in e.addresses}
            legacy = store.get(Endpoints, ns, svc.name)
            listed = {a.ip for sub in (legacy.subsets if legacy else None) or [] for a in sub.addresses or []}
            resolvable = {
                ip
                for ip in expected
                if all(
                    _resolves(p, port) for p in store.list(Pod, ns) if p.status.pod_ip == ip for port in svc.spec.ports
                )
            }
            assert ready == resolvable, (svc.name, ready, resolvable)
            assert listed == resolvable, (svc.name, listed, resolvable)

    @invariant()
    def addresses_are_unique_and_in_range(self) -> None:
        store = self.cluster.store
        network = ipaddress.ip_network(self.cluster.profile.service_cidr)
        ips = [s.spec.cluster_ip for s in store.list(Service) if s.spec.cluster_ip not in (None, "", "None")]
        assert len(ips) == len(set(ips)) and all(ipaddress.ip_address(ip) in network for ip in ips)
        ports = [p.node_port for s in store.list(Service) for p in s.spec.ports or [] if p.node_port]
        assert len(ports) == len(set(ports)) and all(30000 <= p <= 32767 for p in ports)
        pod_ips = Counter(p.status.pod_ip for p in store.list(Pod) if p.status.pod_ip and not p.spec.host_network)
        assert all(count == 1 for count in pod_ips.values()), pod_ips.most_common(3)

    @invariant()
    def dns_answers_the_current_cluster_ip(self) -> None:
        for svc in self.cluster.store.list(Service):
            if svc.spec.cluster_ip in (None, "", "None"):
                continue
            answer = resolve(self.cluster, f"{svc.name}.{svc.namespace}.svc.cluster.local")
            assert [r.data for r in answer.records if r.rtype == "A"] == [svc.spec.cluster_ip], (svc.name, answer)

    @invariant()
    def nothing_is_orphaned(self) -> None:
        store = self.cluster.store
        uids = {o.metadata.uid for kind in (Deployment, ReplicaSet) for o in store.list(kind)}
        for kind in (ReplicaSet, Pod):
            for obj in store.list(kind):
                if obj.metadata.deletion_timestamp:
                    continue
                for ref in obj.metadata.owner_references or []:
                    if ref.kind in ("Deployment", "ReplicaSet"):
                        assert ref.uid in uids, f"{kind.KIND} {obj.name} outlived its {ref.kind} {ref.name}"

    def teardown(self) -> None:
        replay = Cluster(seed=self.seed, think_time=0)
        for action, argument in self.history:
            if action == "advance":
                replay.advance(argument)
            else:
                replay.kubectl(argument[0], stdin=argument[1])
        assert replay.dumps() == self.cluster.dumps()


def _resolves(pod: Pod, service_port) -> bool:
    """A named targetPort that a Pod does not declare leaves that Pod out (findPort)."""
    target = service_port.target_port
    if not isinstance(target, str):
        return True
    return any(p.name == target for c in pod.spec.containers or [] for p in c.ports or [])


TestClusterMachine = ClusterMachine.TestCase
# a smaller budget than the other fuzz tests: every step runs kubectl and settles the controllers
TestClusterMachine.settings = settings(
    settings.default, max_examples=max(settings.default.max_examples // 4, 10), stateful_step_count=20
)
