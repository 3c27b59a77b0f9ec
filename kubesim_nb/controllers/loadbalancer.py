"""Service (load balancer) controller: what the cloud provider or Docker Desktop does.

``docker-desktop`` answers LoadBalancer Services with the ingress hostname
``localhost``; ``cloud`` provisions a public IP (from the TEST-NET-3
documentation range) after a delay; ``kind`` has no implementation, so the
Service stays ``<pending>`` — as on real clusters.

Only the cloud's service controller (k8s.io/cloud-provider ``controllers/service``)
records Events: ``EnsuringLoadBalancer`` and ``EnsuredLoadBalancer`` around a
provisioning, ``Type`` when a Service's type changes to or from LoadBalancer
(``needsUpdate``), ``DeletingLoadBalancer``/``DeletedLoadBalancer`` when one is no
longer wanted. Docker Desktop's vpnkit-controller records none.
"""

from __future__ import annotations

import ipaddress
from typing import Iterable

from ..api.core import LoadBalancerIngress, LoadBalancerStatus, Service, ServiceStatus
from ..api.events import NORMAL
from ..store import Event
from .base import Controller, key_of, split_key

__all__ = ["LoadBalancerController"]

PUBLIC_RANGE = ipaddress.ip_network("203.0.113.0/24")


class LoadBalancerController(Controller):
    name = "loadbalancer"
    watches = (Service,)

    def __init__(self, ctx):
        super().__init__(ctx)
        self.ready_at: dict[str, float] = {}
        self.recorder = ctx.events.recorder("service-controller") if ctx.profile.load_balancer == "cloud" else None

    def to_state(self) -> dict:
        return {"ready_at": self.ready_at}

    def restore(self, state: dict) -> None:
        self.ready_at = dict(state.get("ready_at", {}))

    def keys_for(self, event: Event) -> Iterable[str]:
        if event.kind is not Service:
            return ()
        if event.old is not None and event.new is not None:
            self._type_changed(event.old, event.new)
        if event.new is not None and event.new.spec.type == "LoadBalancer":
            return (key_of(event.new),)
        if event.new is None:
            self.ready_at.pop(key_of(event.old), None)
        return ()

    def _type_changed(self, old: Service, new: Service) -> None:
        """The informer's update handler (``needsUpdate``) records a type change that involves a load balancer."""
        if (
            self.recorder is None
            or old.spec.type == new.spec.type
            or "LoadBalancer" not in (old.spec.type, new.spec.type)
        ):
            return
        self.recorder.event(new, NORMAL, "Type", f"{old.spec.type} -> {new.spec.type}")
        if (
            old.spec.type == "LoadBalancer"
            and old.status
            and old.status.load_balancer
            and old.status.load_balancer.ingress
        ):
            self.recorder.event(new, NORMAL, "DeletingLoadBalancer", "Deleting load balancer")
            self.recorder.event(new, NORMAL, "DeletedLoadBalancer", "Deleted load balancer")

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
        if key not in self.ready_at and self.recorder is not None:
            self.recorder.event(svc, NORMAL, "EnsuringLoadBalancer", "Ensuring load balancer")
        when = self.ready_at.setdefault(key, now + self.ctx.profile.load_balancer_delay)
        if now < when:
            self.wake_at(when, key)
            return
        ingress = (
            LoadBalancerIngress(hostname="localhost")
            if mode == "localhost"
            else LoadBalancerIngress(ip=self._next_ip(), ip_mode="VIP")
        )
        if self.recorder is not None:
            self.recorder.event(svc, NORMAL, "EnsuredLoadBalancer", "Ensured load balancer")
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
