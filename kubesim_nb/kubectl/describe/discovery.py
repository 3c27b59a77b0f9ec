"""The discovery.k8s.io part of describe: a Service's endpoints as its EndpointSlices list them
(``formatEndpointSlices`` in ``k8s.io/kubectl/pkg/describe/describe.go``)."""

from __future__ import annotations

from typing import Iterable, Sequence

from ...api.discovery import EndpointSlice
from ...printers.cells import join_with_more
from ...printers.core import join_host_port

__all__ = ["format_endpoint_slices"]


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
