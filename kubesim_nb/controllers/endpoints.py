"""EndpointSlice and Endpoints controllers: which Pods back each Service.

The pure part, :func:`desired_endpoints`, decides from a Service and its
selected Pods which addresses and ports the Service has and with which
conditions (ready / serving / terminating), exactly as the rules of the
EndpointSlice reconciler say. The two controllers turn that into objects:
EndpointSlices (what kube-proxy and CoreDNS read) and the deprecated
Endpoints object (what ``kubectl get endpoints`` shows).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Iterable

from ..api.core import EndpointAddress, EndpointPort, Endpoints, EndpointSubset, Node, Pod, Service
from ..api.discovery import SERVICE_NAME_LABEL, Endpoint, EndpointConditions, EndpointSlice, EndpointSlicePort
from ..api.labels import selector_from_map
from ..api.meta import ObjectMeta, ObjectReference, OwnerReference
from ..api.ports import find_port
from ..store import Event
from .base import Controller, key_of, split_key
from .selector_index import SelectorIndex

__all__ = ["EndpointSliceController", "EndpointsController", "PodEndpoint", "desired_endpoints"]

MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by"
MANAGED_BY = "endpointslice-controller.k8s.io"
HEADLESS_LABEL = "service.kubernetes.io/headless"
SKIP_MIRROR_LABEL = "endpointslice.kubernetes.io/skip-mirror"
TRIGGER_ANNOTATION = "endpoints.kubernetes.io/last-change-trigger-time"
MAX_ENDPOINTS_PER_SLICE = 100
MAX_ENDPOINTS_ADDRESSES = 1000


@dataclass(frozen=True)
class PodEndpoint:
    pod: Pod
    ports: tuple[tuple[str, int, str], ...]  # (service port name, resolved port, protocol)
    ready: bool
    serving: bool
    terminating: bool


def desired_endpoints(service: Service, pods: Iterable[Pod]) -> list[PodEndpoint]:
    """The endpoints a Service should have, by the EndpointSlice controller's rules."""
    result = []
    for pod in pods:
        if not pod.status or not pod.status.pod_ip or pod.status.phase in ("Succeeded", "Failed"):
            continue
        ports = []
        for sp in service.spec.ports or []:
            resolved = find_port(pod, sp)
            if resolved is not None:
                ports.append((sp.name or "", resolved, sp.protocol or "TCP"))
        serving = pod.is_ready()
        terminating = bool(pod.metadata.deletion_timestamp)
        ready = bool(service.spec.publish_not_ready_addresses) or (serving and not terminating)
        result.append(PodEndpoint(pod, tuple(ports), ready, serving, terminating))
    return result


def _ip_key(ip: str) -> tuple[int, ...]:
    return tuple(int(part) for part in ip.split(".")) if ip.count(".") == 3 else (0,)


def _selects(service: Service) -> bool:
    return service.spec.selector is not None and service.spec.type != "ExternalName"


def _target_ref(pod: Pod) -> ObjectReference:
    return ObjectReference(kind="Pod", namespace=pod.metadata.namespace, name=pod.metadata.name, uid=pod.metadata.uid)


def _hostname(service: Service, pod: Pod) -> str | None:
    return pod.spec.hostname if pod.spec.hostname and pod.spec.subdomain == service.metadata.name else None


class _EndpointControllerBase(Controller):
    """Shared wiring: Service events and Pod events (through the selector index) become Service keys."""

    def __init__(self, ctx, index: SelectorIndex):
        super().__init__(ctx)
        self.index = index

    def keys_for(self, event: Event) -> Iterable[str]:
        if event.kind is Service:
            return (key_of(event.object),)
        if event.kind is Pod:
            pod = event.object
            ns = pod.metadata.namespace or ""
            names = set()
            for version in (event.old, event.new):
                if version is not None:
                    names |= self.index.candidates(ns, version.metadata.labels or {})
            return [f"{ns}/{n}" for n in sorted(names)]
        return self.own_keys_for(event)

    def own_keys_for(self, event: Event) -> Iterable[str]:
        return ()

    def selected_pods(self, service: Service) -> list[Pod]:
        selector = selector_from_map(service.spec.selector or {})
        return self.store.list(Pod, service.metadata.namespace or "", selector)


class EndpointSliceController(_EndpointControllerBase):
    name = "endpointslice"
    watches = (Service, Pod, EndpointSlice)

    def own_keys_for(self, event: Event) -> Iterable[str]:
        if event.kind is EndpointSlice:
            labels = event.object.labels
            if labels.get(MANAGED_BY_LABEL) == MANAGED_BY and SERVICE_NAME_LABEL in labels:
                return (f"{event.object.metadata.namespace}/{labels[SERVICE_NAME_LABEL]}",)
        return ()

    def _existing(self, service: Service) -> list[EndpointSlice]:
        slices = [
            self.store.get(k, ns, n) for k, ns, n in self.store.dependents(service.metadata.uid) if k is EndpointSlice
        ]
        return [s for s in slices if s is not None and s.labels.get(MANAGED_BY_LABEL) == MANAGED_BY]

    def sync(self, key: str) -> None:
        service = self.store.get(Service, *split_key(key))
        if service is None:
            return  # the garbage collector removes owned slices
        existing = self._existing(service)
        if not _selects(service):
            if service.spec.type == "ExternalName":
                for s in existing:
                    self.api.delete(EndpointSlice, s.namespace, s.name)
            return  # selector-less Services get slices from elsewhere, as in Kubernetes
        groups: "OrderedDict[tuple, list[Endpoint]]" = OrderedDict()
        # new endpoints are appended in address order (existing ones keep their place in their slice)
        for pe in sorted(
            desired_endpoints(service, self.selected_pods(service)), key=lambda e: _ip_key(e.pod.status.pod_ip)
        ):
            groups.setdefault(pe.ports, []).append(self._endpoint(service, pe))
        if not groups:
            groups[None] = []  # the placeholder slice
        self._reconcile(service, existing, groups)

    def _endpoint(self, service: Service, pe: PodEndpoint) -> Endpoint:
        node = self.store.get(Node, "", pe.pod.spec.node_name or "")
        zone = node.labels.get("topology.kubernetes.io/zone") if node is not None else None
        return Endpoint(
            addresses=[pe.pod.status.pod_ip],
            conditions=EndpointConditions(ready=pe.ready, serving=pe.serving, terminating=pe.terminating),
            hostname=_hostname(service, pe.pod),
            target_ref=_target_ref(pe.pod),
            node_name=pe.pod.spec.node_name,
            zone=zone,
        )

    def _reconcile(self, service: Service, existing: list[EndpointSlice], groups) -> None:
        unused = list(existing)
        creates: list[tuple] = []
        for ports, endpoints in groups.items():
            slice_ports = (
                None if ports is None else [EndpointSlicePort(name=n, port=p, protocol=proto) for n, p, proto in ports]
            )
            matching = [s for s in unused if s.ports == slice_ports]
            by_pod = {e.target_ref.name: e for e in endpoints}
            placed: set[str] = set()
            chunks = []
            for current in matching:  # keep each endpoint in the slice it is already in, in its place
                kept = [
                    by_pod[e.target_ref.name]
                    for e in current.endpoints or []
                    if e.target_ref and e.target_ref.name in by_pod
                ]
                placed.update(e.target_ref.name for e in kept)
                chunks.append((current, kept))
            fresh = [e for e in endpoints if e.target_ref.name not in placed]
            for current, kept in chunks:
                room = MAX_ENDPOINTS_PER_SLICE - len(kept)
                kept.extend(fresh[:room])
                fresh = fresh[room:]
            while fresh:
                chunks.append((None, fresh[:MAX_ENDPOINTS_PER_SLICE]))
                fresh = fresh[MAX_ENDPOINTS_PER_SLICE:]
            if not chunks:  # the placeholder: one empty slice, so clients see "selected, but nothing ready"
                chunks.append((None, []))
            for current, members in chunks:
                if current is not None and not members and (endpoints or len(chunks) > 1):
                    continue  # an emptied slice is deleted below
                if current is not None:
                    unused.remove(current)
                    self._write(service, current, slice_ports, members)
                else:
                    creates.append((slice_ports, members))
        # reconciler.go finalize(): a slice that would be created while another would be
        # deleted becomes an update of the latter, so it keeps its name (e.g. the
        # placeholder slice turns into the real one when the first Pod matches)
        while creates and unused:
            slice_ports, members = creates.pop()
            self._write(service, unused.pop(0), slice_ports, members)
        for slice_ports, members in creates:
            self._write(service, None, slice_ports, members)
        for leftover in unused:
            self.api.delete(EndpointSlice, leftover.namespace, leftover.name)

    def _labels(self, service: Service) -> dict[str, str]:
        labels = {k: v for k, v in service.labels.items() if k not in (SERVICE_NAME_LABEL, MANAGED_BY_LABEL)}
        labels[SERVICE_NAME_LABEL] = service.metadata.name
        labels[MANAGED_BY_LABEL] = MANAGED_BY
        if service.spec.cluster_ip == "None":
            labels[HEADLESS_LABEL] = ""
        return labels

    def _write(self, service: Service, current: EndpointSlice | None, ports, endpoints: list[Endpoint]) -> None:
        wanted_endpoints = endpoints or None
        labels = self._labels(service)
        if current is not None:
            if current.endpoints == wanted_endpoints and current.labels == labels and current.ports == ports:
                return
            updated = current.copy()
            updated.endpoints, updated.ports, updated.metadata.labels = wanted_endpoints, ports, labels
            updated.metadata.annotations = {
                **(updated.metadata.annotations or {}),
                TRIGGER_ANNOTATION: self.clock.timestamp(),
            }
            self.api.update_status(updated)
            return
        owner = OwnerReference(
            api_version="v1",
            kind="Service",
            name=service.metadata.name,
            uid=service.metadata.uid,
            controller=True,
            block_owner_deletion=True,
        )
        annotations = {TRIGGER_ANNOTATION: self.clock.timestamp()} if endpoints else None
        slice_ = EndpointSlice(
            metadata=ObjectMeta(
                generate_name=f"{service.metadata.name}-",
                namespace=service.metadata.namespace,
                labels=labels,
                annotations=annotations,
                owner_references=[owner],
            ),
            address_type="IPv4",
            endpoints=wanted_endpoints,
            ports=ports,
        )
        self.api.create(slice_)


class EndpointsController(_EndpointControllerBase):
    """The legacy Endpoints object: ready addresses, notReadyAddresses, repacked subsets."""

    name = "endpoints"
    watches = (Service, Pod, Endpoints)

    def own_keys_for(self, event: Event) -> Iterable[str]:
        if event.kind is Endpoints and event.type == "DELETED":
            return (key_of(event.old),)
        return ()

    def sync(self, key: str) -> None:
        ns, name = split_key(key)
        service = self.store.get(Service, ns, name)
        current = self.store.get(Endpoints, ns, name)
        if service is None or service.spec.type == "ExternalName":
            if current is not None and (service is None or _managed(current)):
                self.api.delete(Endpoints, ns, name)
            return
        if service.spec.selector is None:
            return  # hand-made Endpoints of a selector-less Service are the user's
        subsets, truncated = self._subsets(service)
        annotations = dict(current.metadata.annotations or {}) if current is not None else {}
        if truncated:
            annotations["endpoints.kubernetes.io/over-capacity"] = "truncated"
        else:
            annotations.pop("endpoints.kubernetes.io/over-capacity", None)
        # the controller marks its Endpoints so the mirroring controller leaves them alone
        labels = {**service.labels, SKIP_MIRROR_LABEL: "true"}
        if (
            current is not None
            and current.subsets == subsets
            and (current.metadata.labels or None) == labels
            and annotations == (current.metadata.annotations or {})
        ):
            return
        if subsets or current is not None:
            annotations[TRIGGER_ANNOTATION] = self.clock.timestamp()
        endpoints = Endpoints(
            metadata=ObjectMeta(name=name, namespace=ns, labels=labels, annotations=annotations or None),
            subsets=subsets,
        )
        if current is None:
            self.api.create(endpoints)
        else:
            endpoints.metadata = current.copy().metadata
            endpoints.metadata.labels, endpoints.metadata.annotations = labels, annotations or None
            self.api.update_status(endpoints)

    def _subsets(self, service: Service) -> tuple[list[EndpointSubset] | None, bool]:
        by_ports: "OrderedDict[tuple, EndpointSubset]" = OrderedDict()
        count = 0
        truncated = False
        publish = bool(service.spec.publish_not_ready_addresses)
        for pe in desired_endpoints(service, self.selected_pods(service)):
            if pe.terminating and not publish:
                continue
            if count >= MAX_ENDPOINTS_ADDRESSES:
                truncated = True
                break
            count += 1
            subset = by_ports.setdefault(
                pe.ports,
                EndpointSubset(
                    ports=[EndpointPort(name=n or None, port=p, protocol=proto) for n, p, proto in pe.ports] or None
                ),
            )
            address = EndpointAddress(
                ip=pe.pod.status.pod_ip,
                hostname=_hostname(service, pe.pod),
                node_name=pe.pod.spec.node_name,
                target_ref=_target_ref(pe.pod),
            )
            if pe.ready:
                subset.addresses = (subset.addresses or []) + [address]
            else:
                subset.not_ready_addresses = (subset.not_ready_addresses or []) + [address]
        for subset in by_ports.values():  # repacked subsets list addresses sorted by IP, as strings
            for attr in ("addresses", "not_ready_addresses"):
                if getattr(subset, attr):
                    getattr(subset, attr).sort(key=lambda a: a.ip)
        return (list(by_ports.values()) or None), truncated


def _managed(endpoints: Endpoints) -> bool:
    return (endpoints.metadata.labels or {}).get(SKIP_MIRROR_LABEL) == "true"
