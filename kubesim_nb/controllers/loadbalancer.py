"""Service (load balancer) controller: what the cloud provider or Docker Desktop does.

``cloud`` provisions a public IP (from the TEST-NET-3 documentation range) after
a delay; ``kind`` has no implementation, so the Service stays ``<pending>`` — as
on real clusters.

``docker-desktop`` is Docker Desktop's ``vpnkit-controller`` (moby/vpnkit:
``go/pkg/controller/controller.go``): for each port of a LoadBalancer Service it
asks vpnkit to open that port on the laptop (``0.0.0.0:<port>`` forwarded to the
ClusterIP) and, once one port is open, writes the ingress hostname ``localhost``.
A port number is opened once: when another Service (or a NodePort Service's node
port) already has it, that port is skipped ("already opened by another
service"), so a second LoadBalancer on the same port stays ``<pending>``. When
the owner goes, or drops the port, the port is closed; the waiting Service gets
it at the controller's next informer resync (every 30 s).

Only the cloud's service controller (k8s.io/cloud-provider ``controllers/service``)
records Events: ``EnsuringLoadBalancer`` and ``EnsuredLoadBalancer`` around a
provisioning, ``Type`` when a Service's type changes to or from LoadBalancer
(``needsUpdate``), ``DeletingLoadBalancer``/``DeletedLoadBalancer`` when one is no
longer wanted. Docker Desktop's vpnkit-controller records none.
"""

from __future__ import annotations

import ipaddress
import math
from typing import Iterable

from ..api.core import LoadBalancerIngress, LoadBalancerStatus, Service, ServiceStatus
from ..api.events import NORMAL
from ..store import Event
from .base import Controller, key_of, split_key

__all__ = ["LoadBalancerController"]

PUBLIC_RANGE = ipaddress.ip_network("203.0.113.0/24")
RESYNC_SECONDS = 30  # kube-vpnkit-forwarder's informer resync period (go/cmd/kube-vpnkit-forwarder/main.go)
VPNKIT_PROTOCOLS = ("TCP", "UDP")  # convert(): other protocols are discarded


class LoadBalancerController(Controller):
    name = "loadbalancer"
    watches = (Service,)

    def __init__(self, ctx):
        super().__init__(ctx)
        self.ready_at: dict[str, float] = {}
        # docker-desktop: the ports vpnkit has open on the laptop for LoadBalancer Services, port -> Service key
        self.published: dict[int, str] = {}
        self.recorder = ctx.events.recorder("service-controller") if ctx.profile.load_balancer == "cloud" else None

    def to_state(self) -> dict:
        return {"ready_at": self.ready_at, "published": {str(port): key for port, key in self.published.items()}}

    def restore(self, state: dict) -> None:
        self.ready_at = dict(state.get("ready_at", {}))
        self.published = {int(port): key for port, key in state.get("published", {}).items()}

    def localhost_service(self, port: int) -> tuple[str, str] | None:
        """The Service whose load balancer answers on the laptop's ``localhost:port`` (docker-desktop)."""
        key = self.published.get(port)
        return split_key(key) if key else None

    def localhost_services(self) -> dict[int, tuple[str, str]]:
        """Every port vpnkit has open on the laptop's localhost, with its Service (docker-desktop)."""
        return {port: split_key(key) for port, key in sorted(self.published.items())}

    def keys_for(self, event: Event) -> Iterable[str]:
        if event.kind is not Service:
            return ()
        if event.old is not None and event.new is not None:
            self._type_changed(event.old, event.new)
        if event.new is None:
            self.ready_at.pop(key_of(event.old), None)
        was_or_is = [s for s in (event.old, event.new) if s is not None and s.spec.type == "LoadBalancer"]
        return (key_of(was_or_is[0]),) if was_or_is else ()

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
            self._close_ports(key, keep=set())
            return
        if mode == "localhost":
            self._close_ports(key, keep={p.port for p in svc.spec.ports or []})
        elif svc.status and svc.status.load_balancer and svc.status.load_balancer.ingress:
            self.ready_at.pop(key, None)
            return
        now = self.clock.seconds()
        if key not in self.ready_at and self.recorder is not None:
            self.recorder.event(svc, NORMAL, "EnsuringLoadBalancer", "Ensuring load balancer")
        when = self.ready_at.setdefault(key, now + self.ctx.profile.load_balancer_delay)
        if now < when:
            self.wake_at(when, key)
            return
        self.ready_at.pop(key, None)
        if mode == "localhost":
            if self._open_ports(svc, key):
                self._set_ingress(svc, LoadBalancerIngress(hostname="localhost"))
        else:
            if self.recorder is not None:
                self.recorder.event(svc, NORMAL, "EnsuredLoadBalancer", "Ensured load balancer")
            self._set_ingress(svc, LoadBalancerIngress(ip=self._next_ip(), ip_mode="VIP"))

    def _set_ingress(self, svc: Service, ingress: LoadBalancerIngress) -> None:
        if svc.status and svc.status.load_balancer and svc.status.load_balancer.ingress == [ingress]:
            return
        updated = svc.copy()
        updated.status = updated.status or ServiceStatus()
        updated.status.load_balancer = LoadBalancerStatus(ingress=[ingress])
        self.api.update_status(updated)

    # -- docker-desktop: vpnkit's ports on the laptop ---------------------------------------------
    def _open_ports(self, svc: Service, key: str) -> bool:
        """ensureOpened: open every port of the Service nobody has; True when one was opened now."""
        node_ports = {
            p.node_port for s in self.store.list(Service) if s.spec.type == "NodePort" for p in s.spec.ports or []
        }
        opened = False
        for port in svc.spec.ports or []:
            if (port.protocol or "TCP") not in VPNKIT_PROTOCOLS:
                continue
            if port.port in self.published or port.port in node_ports:  # alreadyOpened compares the port only
                continue
            self.published[port.port] = key
            opened = True
        return opened

    def _close_ports(self, key: str, keep: set[int]) -> None:
        """closeAbsentPorts: the Service's ports it no longer has; the Services waiting for a port try at resync."""
        closed = [port for port, owner in self.published.items() if owner == key and port not in keep]
        for port in closed:
            del self.published[port]
        if not closed:
            return
        resync = (math.floor(self.clock.seconds() / RESYNC_SECONDS) + 1) * RESYNC_SECONDS
        for svc in self.store.list(Service):
            if svc.spec.type == "LoadBalancer" and key_of(svc) != key:
                self.wake_at(resync, key_of(svc))

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
