"""Controller wiring: watch events become keys on a queue; keys are synced in order.

As in Kubernetes, a controller never acts on an event directly: ``keys_for``
says which keys an event concerns, and ``sync(key)`` reconciles one key from
the current state. A controller hears only of the kinds it ``watches`` (the
informers it registers its handlers with), so an Event written costs no call
into the controllers that do not care. Time-driven work (a container finishing
its image pull, a load balancer being provisioned) asks the clock for a wake-up
with the same key, so a wake-up is just another sync.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable

from ..clock import SimClock
from ..store import Event, Store

if TYPE_CHECKING:  # pragma: no cover
    from ..apiserver import APIServer
    from ..profiles import Profile
    from .record import EventBroadcaster

__all__ = ["Context", "Controller", "ControllerManager"]


@dataclass
class Context:
    api: "APIServer"
    store: Store
    clock: SimClock
    rng: random.Random
    profile: "Profile"
    events: "EventBroadcaster"  # where controllers get their event recorders


class Controller:
    name = "controller"
    watches: tuple[type, ...] = ()  # the kinds whose changes keys_for hears of

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.api = ctx.api
        self.store = ctx.store
        self.clock = ctx.clock

    def keys_for(self, event: Event) -> Iterable[str]:
        return ()

    def sync(self, key: str) -> None:
        raise NotImplementedError

    def wake_at(self, when: float, key: str) -> None:
        self.clock.wake_at(when, f"{self.name}|{key}")


class ControllerManager:
    """Runs controllers until nothing is left to do (the cluster has settled).

    Each controller has its own de-duplicating queue, and the manager works in
    rounds: every controller in turn syncs the keys queued for it so far. A
    burst of events about many Pods therefore costs the ReplicaSet controller
    one sync per round, not one per event — like the rate-limited work queues
    of kube-controller-manager.
    """

    MAX_SYNCS = 5_000_000  # a guard against a controller bug looping forever

    def __init__(self, controllers: list[Controller]):
        self.controllers = {c.name: c for c in controllers}
        self._queues: dict[str, dict[str, None]] = {name: {} for name in self.controllers}
        self._watching: dict[type, list[Controller]] = {}
        for controller in controllers:
            for kind in controller.watches:
                self._watching.setdefault(kind, []).append(controller)

    def on_event(self, event: Event) -> None:
        for controller in self._watching.get(event.kind, ()):
            for key in controller.keys_for(event):
                self._queues[controller.name][key] = None

    def enqueue(self, controller: str, key: str) -> None:
        self._queues[controller][key] = None

    def wake(self, token: str) -> None:
        controller, _, key = token.partition("|")
        self.enqueue(controller, key)

    def pending(self) -> bool:
        return any(self._queues.values())

    def settle(self) -> int:
        synced = 0
        while self.pending():
            for name, controller in self.controllers.items():
                batch, self._queues[name] = self._queues[name], {}
                for key in batch:
                    controller.sync(key)
                synced += len(batch)
            if synced > self.MAX_SYNCS:
                raise RuntimeError("controllers did not settle")
        return synced


def split_key(key: str) -> tuple[str, str]:
    namespace, _, name = key.partition("/")
    return namespace, name


def key_of(obj: Any) -> str:
    return f"{obj.metadata.namespace or ''}/{obj.metadata.name}"
