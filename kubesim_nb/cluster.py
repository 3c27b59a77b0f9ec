"""The composition root: one simulated cluster, built and wired, with its front doors.

``Cluster(seed=..., profile=...)`` builds the store, the API server and its
allocators, the controllers and the data plane's network index, then boots a
cluster the way a real one looks a few days after ``kubeadm init``; every
change afterwards goes through the API server and the controllers.
Randomness comes from separate seeded streams (names, allocation, the data
plane), so the same seed and the same commands always give the same output,
and a ``curl`` never shifts the next Pod's name.

Nothing in the package imports this module but the front doors that start a
cluster (the ``kubesim`` CLI, the magics, the widget demos). The layers below
get the narrow :class:`~kubesim_nb.network.runtime.Runtime` interface, which a
``Cluster`` provides; what they call back up (the laptop shell's ``kubectl``)
is handed to them from here.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from typing import Any

from .allocators import ClusterIPAllocator, NodePortAllocator
from .api.core import Container, Pod, Service
from .api.kinds import ALL_KINDS, kind_for
from .apiserver import APIServer
from .bootstrap import bootstrap
from .clock import EPOCH, SimClock, parse_duration
from .controllers.base import Context, ControllerManager
from .controllers.deployment import DeploymentController
from .controllers.endpoints import EndpointsController, EndpointSliceController
from .controllers.event_ttl import EventTTLController
from .controllers.kubelet import Kubelet, Scheduler
from .controllers.loadbalancer import LoadBalancerController
from .controllers.record import EventBroadcaster
from .controllers.replicaset import ReplicaSetController
from .controllers.selector_index import replica_set_index, service_index
from .errors import StateFileError
from .kubectl import CommandResult, run_kubectl
from .network.index import NetworkIndex
from .network.machine import HostProfile
from .network.shell import HostShell
from .profiles import Profile, get_profile
from .store import Store

__all__ = ["Cluster"]

STATE_VERSION = 1
DEFAULT_THINK_TIME = 10.0


class Cluster:
    """A simulated Kubernetes cluster.

    ``think_time`` is the simulated time that passes before each kubectl
    command (a learner reading and typing): with the default 10 s, Pods are
    Running by the command after ``apply``, as in the lesson. Set it to 0 to
    move time only with :meth:`advance`. ``epoch`` is the simulated "now" once
    the cluster has booted (a fixed date by default, so a seed always prints
    the same; ``kubesim serve`` starts a new cluster at the computer's time).
    """

    def __init__(
        self,
        seed: int = 0,
        profile: str | Profile = "docker-desktop",
        think_time: float = DEFAULT_THINK_TIME,
        *,
        epoch: datetime = EPOCH,
        _boot: bool = True,
    ):
        self.seed = seed
        self.profile = profile if isinstance(profile, Profile) else get_profile(profile)
        self.think_time = think_time
        self.rng_names = random.Random(f"{seed}/names")
        self.rng_alloc = random.Random(f"{seed}/alloc")
        self.rng_net = random.Random(f"{seed}/net")
        self.clock = SimClock(epoch - timedelta(days=self.profile.cluster_age_days))
        self.store = Store(self.clock, self.rng_names)
        self.cluster_ips = ClusterIPAllocator(self.profile.service_cidr, self.rng_alloc)
        self.node_ports = NodePortAllocator(*self.profile.node_port_range, self.rng_alloc)
        self.api = APIServer(self.store, self.cluster_ips, self.node_ports, self.rng_names)
        self.sessions: dict[str, Any] = {}  # data-plane state (port-forwards, affinity) keyed by owner
        self.kubeconfig: str | None = None  # the laptop's ~/.kube/config once kubectl writes it (kubectl.kubeconfig)
        if _boot:
            self.network = NetworkIndex(self.api)
            self._start_controllers()
            bootstrap(self.api, self.profile, self.clock, self.rng_names)
            self.settle()
            self.advance_to(epoch.timestamp())

    def _start_controllers(self) -> None:
        self.service_index = service_index(self.store)
        replica_sets = replica_set_index(self.store)
        self.events = EventBroadcaster(self.api, self.clock)
        rng = random.Random(f"{self.seed}/controllers")
        ctx = Context(self.api, self.store, self.clock, rng, self.profile, self.events)
        self.kubelet = Kubelet(ctx)
        self.load_balancer = LoadBalancerController(ctx)
        controllers = [
            Scheduler(ctx),
            self.kubelet,
            ReplicaSetController(ctx, replica_sets),
            DeploymentController(ctx),
            EndpointSliceController(ctx, self.service_index),
            EndpointsController(ctx, self.service_index),
            self.load_balancer,
            EventTTLController(ctx),
        ]
        self.controllers = ControllerManager(controllers)
        self.store.watch(self.controllers.on_event)

    # ------------------------------------------------------------ addresses
    @property
    def kubernetes_ip(self) -> str:
        return self.profile.kubernetes_ip

    @property
    def dns_ip(self) -> str:
        return self.profile.dns_ip

    # ------------------------------------------------------------------ time
    def settle(self) -> None:
        """Let the controllers react to everything that has happened, wake-ups due by now included (a
        controller may ask to be woken at the very instant it runs in)."""
        self.controllers.settle()
        now = self.clock.seconds()
        while (due := self.clock.pop_due(now)) is not None:
            self.controllers.wake(due[1])
            self.controllers.settle()

    def advance(self, duration: str | float) -> None:
        """Move the simulated clock forward, letting everything due happen in order."""
        self.advance_to(self.clock.seconds() + parse_duration(duration))

    def advance_to(self, when: float) -> None:
        self.settle()
        while True:
            due = self.clock.pop_due(when)
            if due is None:
                break
            self.controllers.wake(due[1])
            # everything due at the same instant happens together
            while (same := self.clock.pop_due(due[0])) is not None:
                self.controllers.wake(same[1])
            self.settle()
        self.clock.set_seconds(when)
        self.settle()

    def tick(self) -> None:
        """The learner's think time before a command."""
        if self.think_time:
            self.advance(self.think_time)

    def signal_container(self, pod: Pod, container: Container, signal: str) -> bool:
        """A signal to a container's PID 1, delivered by the kubelet; True when the process exits."""
        stopped = self.kubelet.signal_main_process(pod, container, signal)
        if stopped:
            self.settle()
        return stopped

    def main_process_exited(self, pod: Pod, container: Container, exit_code: int) -> None:
        """The container's PID 1 (a shell kubectl attached to) has exited: the kubelet sees it at once."""
        self.kubelet.main_process_exited(pod, container, exit_code)
        self.settle()

    def localhost_service(self, port: int) -> tuple[str, str] | None:
        """Docker Desktop: the LoadBalancer Service vpnkit forwards the laptop's ``localhost:port`` to."""
        return self.load_balancer.localhost_service(port)

    def localhost_services(self) -> dict[int, tuple[str, str]]:
        """Docker Desktop: every port of the laptop's localhost a LoadBalancer Service has, with that Service."""
        return self.load_balancer.localhost_services()

    # ---------------------------------------------------------- front doors
    def kubectl(self, command: str | list[str], stdin: str | None = None, *, cwd: str | None = None) -> CommandResult:
        """Run a kubectl command line; returns a ``CommandResult`` (stdout, stderr, exit_code)."""
        return run_kubectl(self, command, stdin=stdin, cwd=cwd)

    def host_shell(self, profile: HostProfile | None = None) -> HostShell:
        """A terminal on the learner's laptop, with this cluster's kubectl installed."""
        return HostShell(self, profile, kubectl=lambda argv, stdin: self.kubectl(argv, stdin))

    # ----------------------------------------------------------- save/load
    def to_state(self) -> dict:
        self.settle()
        objects = [obj.to_dict() for kind in ALL_KINDS for obj in self.store.list(kind)]
        return {
            "version": STATE_VERSION,
            "seed": self.seed,
            "profile": self.profile.name,
            "think_time": self.think_time,
            "clock": self.clock.to_state(),
            "resource_version": self.store.resource_version,
            "rngs": {name: _rng_state(getattr(self, f"rng_{name}")) for name in ("names", "alloc", "net")},
            "controllers": {
                name: c.to_state() for name, c in self.controllers.controllers.items() if hasattr(c, "to_state")
            },
            "events": self.events.to_state(),
            "sessions": self.sessions,
            "kubeconfig": self.kubeconfig,
            "objects": objects,
        }

    @classmethod
    def from_state(cls, state: dict) -> "Cluster":
        if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
            found = state.get("version") if isinstance(state, dict) else None
            raise StateFileError(f"state format version {found!r} is not supported (expected {STATE_VERSION})")
        try:
            cluster = cls(seed=state["seed"], profile=state["profile"], think_time=state["think_time"], _boot=False)
            cluster.clock = SimClock.from_state(state["clock"])
            cluster.store.clock = cluster.clock
            for name, rng_state in state["rngs"].items():
                getattr(cluster, f"rng_{name}").setstate(_rng_from_state(rng_state))
            for data in state["objects"]:
                kind = kind_for(data.get("apiVersion"), data.get("kind"))
                obj = kind.from_dict({k: v for k, v in data.items() if k not in ("apiVersion", "kind")})
                cluster.store.restore(obj)
            cluster.store.resource_version = state["resource_version"]
            for svc in cluster.store.list(Service):
                cluster._reserve_service_addresses(svc)
            cluster.sessions = state.get("sessions", {})
            cluster.kubeconfig = state.get("kubeconfig")
            cluster.network = NetworkIndex(cluster.api)
            cluster._start_controllers()
            cluster.events.restore(state.get("events", {}))
            saved = state.get("controllers", {})
            for name, controller in cluster.controllers.controllers.items():
                if hasattr(controller, "restore"):
                    controller.restore(saved.get(name, {}))
        except StateFileError:
            raise
        except Exception as err:  # a hand-edited or truncated state: refuse it clearly
            raise StateFileError(f"state is not a valid kubesim cluster ({type(err).__name__}: {err})") from None
        return cluster

    def _reserve_service_addresses(self, svc: Service) -> None:
        if svc.spec.cluster_ip not in (None, "", "None"):
            self.cluster_ips.allocate(svc.spec.cluster_ip)
        held = {p.node_port for p in svc.spec.ports or [] if p.node_port}
        if svc.spec.health_check_node_port:
            held.add(svc.spec.health_check_node_port)
        for port in held:
            self.node_ports.allocate(port)

    def dumps(self) -> str:
        return json.dumps(self.to_state(), separators=(",", ":"), sort_keys=True)

    @classmethod
    def loads(cls, text: str) -> "Cluster":
        try:
            state = json.loads(text)
        except ValueError as err:
            raise StateFileError(f"state is not valid JSON ({err})") from None
        return cls.from_state(state)


def _rng_state(rng: random.Random) -> list:
    version, internal, gauss = rng.getstate()
    return [version, list(internal), gauss]


def _rng_from_state(state: list) -> tuple:
    version, internal, gauss = state
    return (version, tuple(internal), gauss)
