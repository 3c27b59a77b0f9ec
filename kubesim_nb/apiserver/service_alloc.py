"""What kube-apiserver's Service storage does before validation.

Mirrors pkg/registry/core/service/storage/alloc.go and strategy.go:
allocate the cluster IP and node ports on create (allocation errors win over
validation errors), keep server-allocated values a re-applied manifest leaves
out (``patchAllocatedValues``), drop type-dependent fields on a type change
(``dropTypeDependentFields``), and release what an update or delete frees.
Every allocation made here is recorded in a :class:`Transaction` so a failed
validation can undo it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ..allocators import AllocationError, AlreadyAllocated, ClusterIPAllocator, NodePortAllocator, RangeFull
from ..api.core import Service
from ..api.field import FieldError
from ..api.naming import is_valid_ip
from ..errors import ApiError

__all__ = [
    "Transaction",
    "allocate_for_create",
    "allocate_for_update",
    "release_all",
    "needs_cluster_ip",
    "needs_node_ports",
]


@dataclass
class Transaction:
    """Allocations and releases to undo (on failure) or commit (on success)."""

    undo: list[Callable[[], None]] = field(default_factory=list)
    deferred_releases: list[Callable[[], None]] = field(default_factory=list)

    def rollback(self) -> None:
        for action in reversed(self.undo):
            action()
        self.undo.clear()
        self.deferred_releases.clear()

    def commit(self) -> None:
        for action in self.deferred_releases:
            action()
        self.undo.clear()
        self.deferred_releases.clear()


def needs_cluster_ip(svc: Service) -> bool:
    return svc.spec.type != "ExternalName"


def needs_node_ports(svc: Service) -> bool:
    if svc.spec.type == "NodePort":
        return True
    return svc.spec.type == "LoadBalancer" and svc.spec.allocate_load_balancer_node_ports is not False


def _invalid(svc: Service, cause: FieldError) -> ApiError:
    return ApiError.invalid("Service", svc.metadata.name or "", [cause])


def _allocate_cluster_ip(svc: Service, ips: ClusterIPAllocator, tx: Transaction) -> None:
    spec = svc.spec
    requested = spec.cluster_ip or (spec.cluster_ips[0] if spec.cluster_ips else "")
    if requested == "None":
        spec.cluster_ip, spec.cluster_ips = "None", ["None"]
    elif requested == "":
        try:
            ip = ips.allocate_next()
        except RangeFull:
            raise ApiError.internal("failed to allocate a serviceIP: range is full") from None
        tx.undo.append(lambda: ips.release(ip))
        spec.cluster_ip, spec.cluster_ips = ip, [ip]
    elif is_valid_ip(requested):  # errors: a malformed IP is left to validation to report
        spec.cluster_ip, spec.cluster_ips = requested, [requested]
        return
    else:
        try:
            ips.allocate(requested)
        except AllocationError as err:
            detail = "provided IP is already allocated" if isinstance(err, AlreadyAllocated) else str(err)
            raise _invalid(
                svc, FieldError.invalid("spec.clusterIPs", [requested], f"failed to allocate IP {requested}: {detail}")
            ) from None
        tx.undo.append(lambda: ips.release(requested))
        spec.cluster_ip, spec.cluster_ips = requested, [requested]
    spec.ip_families = spec.ip_families or ["IPv4"]
    spec.ip_family_policy = spec.ip_family_policy or "SingleStack"


def _allocate_node_ports(svc: Service, ports: NodePortAllocator, tx: Transaction, keep: set[int]) -> None:
    """Give every port a nodePort; ``keep`` are ports this Service already holds."""
    by_port_number: dict[int, int] = {}
    for i, port in enumerate(svc.spec.ports or []):
        if port.node_port:
            if port.node_port in keep or port.node_port in by_port_number.values():
                by_port_number.setdefault(port.port, port.node_port)
                continue
            try:
                ports.allocate(port.node_port)
            except AllocationError as err:
                raise _invalid(svc, FieldError.invalid(f"spec.ports[{i}].nodePort", port.node_port, str(err))) from None
            tx.undo.append(lambda p=port.node_port: ports.release(p))
        elif port.port in by_port_number:  # 53/TCP and 53/UDP share one nodePort
            port.node_port = by_port_number[port.port]
        else:
            try:
                port.node_port = ports.allocate_next()
            except RangeFull:
                raise ApiError.internal("failed to allocate a nodePort: range is full") from None
            tx.undo.append(lambda p=port.node_port: ports.release(p))
        by_port_number.setdefault(port.port, port.node_port)
    if svc.spec.type == "LoadBalancer" and svc.spec.external_traffic_policy == "Local":
        if svc.spec.health_check_node_port:
            if svc.spec.health_check_node_port not in keep:
                try:
                    ports.allocate(svc.spec.health_check_node_port)
                except AllocationError as err:
                    raise _invalid(
                        svc, FieldError.invalid("spec.healthCheckNodePort", svc.spec.health_check_node_port, str(err))
                    ) from None
                tx.undo.append(lambda p=svc.spec.health_check_node_port: ports.release(p))
        else:
            svc.spec.health_check_node_port = ports.allocate_next()
            tx.undo.append(lambda p=svc.spec.health_check_node_port: ports.release(p))


def _node_ports_of(svc: Service) -> set[int]:
    held = {p.node_port for p in svc.spec.ports or [] if p.node_port}
    if svc.spec.health_check_node_port:
        held.add(svc.spec.health_check_node_port)
    return held


def allocate_for_create(svc: Service, ips: ClusterIPAllocator, ports: NodePortAllocator) -> Transaction:
    tx = Transaction()
    try:
        if needs_cluster_ip(svc):
            _allocate_cluster_ip(svc, ips, tx)
        if needs_node_ports(svc):
            _allocate_node_ports(svc, ports, tx, keep=set())
    except ApiError:
        tx.rollback()
        raise
    return tx


def _patch_allocated_values(new: Service, old: Service) -> None:
    """Keep what the server allocated when the new object leaves it out."""
    if needs_cluster_ip(old) and needs_cluster_ip(new) and not new.spec.cluster_ip and not new.spec.cluster_ips:
        new.spec.cluster_ip, new.spec.cluster_ips = old.spec.cluster_ip, list(old.spec.cluster_ips or [])
        new.spec.ip_families = new.spec.ip_families or list(old.spec.ip_families or [])
        new.spec.ip_family_policy = new.spec.ip_family_policy or old.spec.ip_family_policy
    if needs_node_ports(old) and needs_node_ports(new):
        used_in_new = {p.node_port for p in new.spec.ports or [] if p.node_port}
        by_name = {p.name or "": p.node_port for p in old.spec.ports or []}
        for port in new.spec.ports or []:
            if not port.node_port:
                candidate = by_name.get(port.name or "")
                if candidate and candidate not in used_in_new:
                    port.node_port = candidate
                    used_in_new.add(candidate)
        if (
            new.spec.type == "LoadBalancer"
            and new.spec.external_traffic_policy == "Local"
            and not new.spec.health_check_node_port
        ):
            new.spec.health_check_node_port = old.spec.health_check_node_port


def _drop_type_dependent_fields(new: Service, old: Service) -> None:
    """Wipe server-allocated values the new type does not use, unless the user changed them."""
    if not needs_cluster_ip(new) and needs_cluster_ip(old):
        if new.spec.cluster_ip == old.spec.cluster_ip:
            new.spec.cluster_ip, new.spec.cluster_ips = None, None
        if new.spec.ip_families == old.spec.ip_families:
            new.spec.ip_families = None
        if new.spec.ip_family_policy == old.spec.ip_family_policy:
            new.spec.ip_family_policy = None
        if new.spec.internal_traffic_policy == old.spec.internal_traffic_policy:
            new.spec.internal_traffic_policy = None
    if not needs_node_ports(new) and needs_node_ports(old):
        old_ports = {p.node_port for p in old.spec.ports or []}
        for port in new.spec.ports or []:
            if port.node_port in old_ports:
                port.node_port = None
    if (
        new.spec.type not in ("NodePort", "LoadBalancer")
        and new.spec.external_traffic_policy == old.spec.external_traffic_policy
    ):
        new.spec.external_traffic_policy = None
    if not (new.spec.type == "LoadBalancer" and new.spec.external_traffic_policy == "Local"):
        if new.spec.health_check_node_port == old.spec.health_check_node_port:
            new.spec.health_check_node_port = None
    if new.spec.type != "LoadBalancer":
        if new.spec.allocate_load_balancer_node_ports == old.spec.allocate_load_balancer_node_ports:
            new.spec.allocate_load_balancer_node_ports = None
        if new.status and new.status.load_balancer:
            new.status.load_balancer.ingress = None


def allocate_for_update(new: Service, old: Service, ips: ClusterIPAllocator, ports: NodePortAllocator) -> Transaction:
    _patch_allocated_values(new, old)
    _drop_type_dependent_fields(new, old)
    tx = Transaction()
    try:
        if needs_cluster_ip(new) and not new.spec.cluster_ip:
            _allocate_cluster_ip(new, ips, tx)
        elif not needs_cluster_ip(new) and needs_cluster_ip(old) and old.spec.cluster_ip not in (None, "", "None"):
            tx.deferred_releases.append(lambda ip=old.spec.cluster_ip: ips.release(ip))
        held = _node_ports_of(old) if needs_node_ports(old) or old.spec.health_check_node_port else set()
        if needs_node_ports(new):
            _allocate_node_ports(new, ports, tx, keep=held)
        for port in held - _node_ports_of(new):
            tx.deferred_releases.append(lambda p=port: ports.release(p))
    except ApiError:
        tx.rollback()
        raise
    return tx


def release_all(svc: Service, ips: ClusterIPAllocator, ports: NodePortAllocator) -> None:
    if svc.spec.cluster_ip not in (None, "", "None"):
        ips.release(svc.spec.cluster_ip)
    for port in _node_ports_of(svc):
        ports.release(port)
