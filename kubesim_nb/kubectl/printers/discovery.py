"""Table columns and rows for the ``discovery.k8s.io`` kind EndpointSlice.

This module owns ``printEndpointSlice`` with ``formatDiscoveryPorts`` and
``formatDiscoveryEndpoints`` (pkg/printers/internalversion/printers.go): every address of
every endpoint, ready or not, first 3 + `` + N more...``, ``<unset>`` when empty.
"""

from __future__ import annotations

from datetime import datetime

from ...api.discovery import EndpointSlice, EndpointSlicePort
from .tabwriter import Column, TableHandler, since, summarize

__all__ = ["TABLES", "endpoint_slice_row", "format_discovery_endpoints", "format_discovery_ports"]


def _port_text(port: EndpointSlicePort) -> str:
    if port.port is not None:
        return str(port.port)
    return port.name if port.name is not None else "*"


def format_discovery_ports(slice_: EndpointSlice) -> str:
    return summarize(_port_text(p) for p in slice_.ports or []) or "<unset>"


def format_discovery_endpoints(slice_: EndpointSlice) -> str:
    addresses = (a for endpoint in slice_.endpoints or [] for a in endpoint.addresses or [])
    return summarize(addresses) or "<unset>"


def endpoint_slice_row(slice_: EndpointSlice, now: datetime) -> list[str]:
    return [
        slice_.name,
        slice_.address_type or "",
        format_discovery_ports(slice_),
        format_discovery_endpoints(slice_),
        since(slice_.metadata.creation_timestamp, now),
    ]


ENDPOINT_SLICE_COLUMNS = (
    Column("Name"),
    Column("AddressType"),
    Column("Ports"),
    Column("Endpoints"),
    Column("Age"),
)

TABLES = {EndpointSlice: TableHandler(ENDPOINT_SLICE_COLUMNS, endpoint_slice_row)}
