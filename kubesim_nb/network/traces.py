"""What each HTTP request a program made went through, kept for the views that explain it.

Every request curl or wget sends — from a Pod, a node or the laptop — leaves a
:class:`RequestTrace`: who asked, the URL, the name lookup as libc did it (the
search-list names tried, the nameserver asked, the addresses found), each
connection attempt with kube-proxy's hops (:class:`~.proxy.Hop`, with the
Service rule met: :class:`~.proxy.RuleMatch`), and the reply. The data plane
records facts only; what they mean is the view's business
(:mod:`kubesim_nb.viz.request_path`), and no program prints any of it.

The traces are plain JSON in ``cluster.sessions["network"]["requests"]`` (the
``kubesim`` CLI keeps them between commands), the last :data:`KEPT` of them,
numbered from 1 in the order they were made.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from .dns import Resolution
from .listeners import pod_ports
from .proxy import ConnectFailure, Connection, Hop, RuleMatch, Source
from .state import network_state

if TYPE_CHECKING:  # pragma: no cover
    from .runtime import Runtime

__all__ = ["KEPT", "ConnectTrace", "RequestTrace", "last_trace", "record_trace", "request_traces"]

KEPT = 20


@dataclass(frozen=True)
class ConnectTrace:
    """One TCP connection attempt to one address of the name."""

    ip: str
    port: int
    outcome: str  # "connected" | "refused" | "timeout"
    hops: tuple[Hop, ...]
    pod: str | None = None  # "namespace/name" of the Pod at the far end (that answered, or reset the connection)
    pod_ports: tuple[int, ...] = ()  # the ports that Pod's containers listened on at the time
    elapsed_ms: int = 0

    @classmethod
    def of(
        cls, cluster: "Runtime", ip: str, port: int, outcome: Connection | ConnectFailure, elapsed_ms: int
    ) -> "ConnectTrace":
        """The attempt as kept: the hops, and the Pod at the far end with the ports it listened on then."""
        if isinstance(outcome, Connection):
            pod = outcome.pod
            result = "connected"
        else:
            pod = cluster.network.pod_at(_far_end(outcome.hops) or ip)
            result = outcome.reason
        name = f"{pod.namespace}/{pod.name}" if pod is not None else None
        ports = pod_ports(pod) if pod is not None else ()
        return cls(ip, port, result, tuple(outcome.hops), name, ports, elapsed_ms)


def _far_end(hops: tuple[Hop, ...]) -> str | None:
    """The IP a DNAT sent the packet to, if one did."""
    chosen = [h.rule.chosen for h in hops if h.action == "DNAT" and h.rule is not None and h.rule.chosen]
    return chosen[-1].rsplit(":", 1)[0] if chosen else None


@dataclass(frozen=True)
class RequestTrace:
    """One HTTP request from a client program, from name lookup to reply."""

    number: int
    client: str  # "curl" | "wget"
    method: str
    url: str
    host: str  # the URL's host: a name or an IP
    port: int
    source: Source
    at: str  # simulated time, RFC 3339
    resolution: Resolution | None
    connects: tuple[ConnectTrace, ...]
    status: int | None = None  # the HTTP status of the reply
    reason: str = ""
    error: str | None = (
        None  # the client's failure: resolve | resolve-timeout | refused | timeout | limit | empty | tls-*
    )

    @property
    def ok(self) -> bool:
        return self.status is not None and self.error is None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "RequestTrace":
        resolution = data["resolution"]
        return cls(
            **{
                **data,
                "source": Source(**{**data["source"], "pod": _tuple(data["source"]["pod"])}),
                "resolution": _resolution(resolution) if resolution is not None else None,
                "connects": tuple(_connect(c) for c in data["connects"]),
            }
        )


def _tuple(value) -> tuple | None:
    return tuple(value) if value is not None else None


def _resolution(data: dict[str, Any]) -> Resolution:
    return Resolution(**{**data, "addresses": tuple(data["addresses"]), "tried": tuple(data["tried"])})


def _connect(data: dict[str, Any]) -> ConnectTrace:
    hops = tuple(
        Hop(
            h["action"],
            h["detail"],
            RuleMatch(
                **{
                    **h["rule"],
                    "service": tuple(h["rule"]["service"]),
                    "endpoints": tuple(h["rule"]["endpoints"]),
                }
            )
            if h["rule"] is not None
            else None,
        )
        for h in data["hops"]
    )
    return ConnectTrace(**{**data, "hops": hops, "pod_ports": tuple(data["pod_ports"])})


def _saved(cluster: "Runtime") -> list[dict[str, Any]]:
    return network_state(cluster).setdefault("requests", [])


def record_trace(
    cluster: "Runtime",
    *,
    client: str,
    method: str,
    url: str,
    host: str,
    port: int,
    source: Source,
    resolution: Resolution | None,
    connects: list[ConnectTrace],
    status: int | None,
    reason: str,
    error: str | None,
) -> RequestTrace:
    """Keep one request's trace (the oldest is dropped past :data:`KEPT`)."""
    saved = _saved(cluster)
    number = saved[-1]["number"] + 1 if saved else 1
    trace = RequestTrace(
        number,
        client,
        method,
        url,
        host,
        port,
        source,
        cluster.clock.timestamp(),
        resolution,
        tuple(connects),
        status,
        reason,
        error,
    )
    saved.append(trace.to_json())
    del saved[:-KEPT]
    return trace


def request_traces(cluster: "Runtime") -> list[RequestTrace]:
    """The kept traces, oldest first."""
    return [RequestTrace.from_json(data) for data in _saved(cluster)]


def last_trace(cluster: "Runtime") -> RequestTrace | None:
    saved = _saved(cluster)
    return RequestTrace.from_json(saved[-1]) if saved else None
