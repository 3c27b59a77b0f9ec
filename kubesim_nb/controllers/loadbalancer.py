"""Service (load balancer) controller: what the cloud provider or Docker Desktop does.

``docker-desktop`` answers LoadBalancer Services with the ingress hostname
``localhost``; ``cloud`` provisions a public IP (from the TEST-NET-3
documentation range) after a delay; ``kind`` has no implementation, so the
Service stays ``<pending>`` — as on real clusters.
"""

from __future__ import annotations

import ipaddress
from typing import Iterable

from ..api.core import LoadBalancerIngress, LoadBalancerStatus, Service, ServiceStatus
from ..store import Event
from .base import Controller, key_of, split_key

__all__ = ["LoadBalancerController"]

PUBLIC_RANGE = ipaddress.ip_network("203.0.113.0/24")


class LoadBalancerController(Controller):
    name = "loadbalancer"

    def __init__(self, ctx):
        super().__init__(ctx)
        self.ready_at: dict[str, float] = {}

    def to_state(self) -> dict:
        return {"ready_at": self.ready_at}

    def restore(self, state: dict) -> None:
        self.ready_at = dict(state.get("ready_at", {}))

    def keys_for(self, event: Event) -> Iterable[str]:
        if event.kind is Service and event.new is not None and event.new.spec.type == "LoadBalancer":
            return (key_of(event.new),)
        if event.kind is Service and event.new is None:
            self.ready_at.pop(key_of(event.old), None)
        return ()

    def sync(self, key: str) -> None:
        svc = self.store.get(Service, *split_key(key))
        mode = self.ctx.profile.load_balancer
        if svc is None or svc.spec.type != "LoadBalancer" or mode == "none":
            self.ready_at.pop(key, None)
            return
        if svc.status and svc.status.load_balancer and svc.status.load_balancer.ingress:
            self.ready_at.pop(key, None)
            return
        now = self.clock.seconds()
        when = self.ready_at.setdefault(key, now + self.ctx.profile.load_balancer_delay)
        if now < when:
            self.wake_at(when, key)
            return
        ingress = (
            LoadBalancerIngress(hostname="localhost")
            if mode == "localhost"
            else LoadBalancerIngress(ip=self._next_ip(), ip_mode="VIP")
        )
        updated = svc.copy()
        updated.status = updated.status or ServiceStatus()
        updated.status.load_balancer = LoadBalancerStatus(ingress=[ingress])
        self.api.update_status(updated)
        self.ready_at.pop(key, None)

    def _next_ip(self) -> str:
        used = {
            i.ip
            for s in self.store.list(Service)
            if s.status and s.status.load_balancer
            for i in s.status.load_balancer.ingress or []
            if i.ip
        }
        for host in list(PUBLIC_RANGE.hosts())[9:]:
            if str(host) not in used:
                return str(host)
        return str(list(PUBLIC_RANGE.hosts())[-1])
