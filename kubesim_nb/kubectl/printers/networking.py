"""Table columns and rows for the ``networking.k8s.io`` kind Ingress.

This module owns ``printIngress`` of ``pkg/printers/internalversion/printers.go``
with ``formatHosts`` (the first 3 hosts, ``*`` when none), ``formatPorts``
(``80``, or ``80, 443`` with TLS) and ``ingressLoadBalancerStatusStringer``.
"""

from __future__ import annotations

from datetime import datetime

from ...api.networking import Ingress, IngressSpec
from .tabwriter import Column, TableHandler, join_with_more, since

__all__ = ["TABLES", "format_hosts", "ingress_address", "ingress_row"]

MAX_HOSTS = 3


def format_hosts(spec: IngressSpec) -> str:
    """``formatHosts``: rules without a host count in the "more" but are not shown."""
    rules = spec.rules or []
    hosts: list[str] = []
    more = False
    for rule in rules:
        more = more or len(hosts) == MAX_HOSTS
        if not more and rule.host:
            hosts.append(rule.host)
    return join_with_more(hosts, more, len(rules), MAX_HOSTS) if hosts else "*"


def ingress_address(ingress: Ingress) -> str:
    """The load balancer's IPs (else hostnames), de-duplicated and sorted; the server generates it wide."""
    lb = ingress.status.load_balancer if ingress.status else None
    return ",".join(sorted({i.ip or i.hostname for i in (lb.ingress if lb else None) or [] if i.ip or i.hostname}))


def ingress_row(ingress: Ingress, now: datetime) -> list[str]:
    spec = ingress.spec or IngressSpec()
    return [
        ingress.name,
        spec.ingress_class_name or "<none>",
        format_hosts(spec),
        ingress_address(ingress),
        "80, 443" if spec.tls else "80",
        since(ingress.metadata.creation_timestamp, now),
    ]


INGRESS_COLUMNS = (Column("Name"), Column("Class"), Column("Hosts"), Column("Address"), Column("Ports"), Column("Age"))

TABLES = {Ingress: TableHandler(INGRESS_COLUMNS, ingress_row)}
