"""The discovery.k8s.io part of describe: a Service's endpoints as its EndpointSlices list them
(``formatEndpointSlices`` in ``k8s.io/kubectl/pkg/describe/describe.go``), and an EndpointSlice itself
(``describeEndpointSliceV1``)."""

from __future__ import annotations

from datetime import datetime
from typing import Iterable, Sequence

from ...api.discovery import EndpointSlice
from ...api.events import Event
from ...printers.cells import join_with_more
from ...printers.core import join_host_port
from .sections import ObjectLister, PrefixWriter, write_events, write_meta

__all__ = ["describe_endpoint_slice", "format_endpoint_slices"]


def _endpoint_ready(endpoint) -> bool:
    conditions = endpoint.conditions
    return conditions is None or conditions.ready is None or conditions.ready


def _slice_entries(slices: Sequence[EndpointSlice], port_name: str | None) -> Iterable[tuple[str, bool]]:
    for slice_ in slices:
        endpoints = slice_.endpoints or []
        if not slice_.ports:
            yield from (((e.addresses or [""])[0], _endpoint_ready(e)) for e in endpoints)
            continue
        for port in slice_.ports:
            if port_name is None or (port.name or "") == port_name:
                for e in endpoints:
                    yield join_host_port((e.addresses or [""])[0], port.port), _endpoint_ready(e)


def format_endpoint_slices(slices: Sequence[EndpointSlice], port_name: str | None) -> str:
    """``formatEndpointSlices``: ready ``ip:port`` entries of one service port.

    Reproduces the quirk that "more" is decided when a 4th endpoint is
    *reached*, before its readiness is checked (``a,b,c + 0 more...``).
    """
    if not slices:
        return "<none>"
    shown: list[str] = []
    more, count = False, 0
    for entry, ready in _slice_entries(slices, port_name):
        more = more or len(shown) == 3
        if not ready:
            continue
        if not more:
            shown.append(entry)
        count += 1
    return join_with_more(shown, more, count)


def describe_endpoint_slice(
    eps: EndpointSlice, api: ObjectLister | None, now: datetime, events: Sequence[Event]
) -> str:
    w = PrefixWriter()
    write_meta(w, eps)
    w.write(0, f"AddressType:\t{eps.address_type or ''}\n")
    if not eps.ports:
        w.write(0, "Ports: <unset>\n")
    else:
        w.write(0, "Ports:\n")
        w.write(1, "Name\tPort\tProtocol\n")
        w.write(1, "----\t----\t--------\n")
        for port in eps.ports:
            number = "<unset>" if port.port is None else str(port.port)
            w.write(1, f"{port.name or '<unset>'}\t{number}\t{port.protocol or ''}\n")
    if not eps.endpoints:
        w.write(0, "Endpoints: <none>\n")
    else:
        w.write(0, "Endpoints:\n")
        for endpoint in eps.endpoints:
            w.write(1, f"- Addresses:\t{', '.join(endpoint.addresses or []) or '<none>'}\n")
            w.write(2, "Conditions:\n")
            ready = endpoint.conditions.ready if endpoint.conditions else None
            w.write(3, f"Ready:\t{'<unset>' if ready is None else str(ready).lower()}\n")
            w.write(2, f"Hostname:\t{endpoint.hostname if endpoint.hostname is not None else '<unset>'}\n")
            if endpoint.target_ref is not None:
                w.write(2, f"TargetRef:\t{endpoint.target_ref.kind}/{endpoint.target_ref.name}\n")
            w.write(2, f"NodeName:\t{endpoint.node_name if endpoint.node_name is not None else '<unset>'}\n")
            w.write(2, f"Zone:\t{endpoint.zone if endpoint.zone is not None else '<unset>'}\n")
    write_events(w, events, now)
    return w.text()
