"""What the learner's commands did on the network and with kubectl: a short record, for views that follow them.

A checklist such as the *Debug Services* ladder (:mod:`kubesim_nb.drills.ladder`) ticks a step when the learner
has taken it — asked DNS for the Service's name, connected to its ClusterIP, listed its endpoints, connected to a
Pod's IP — so it needs what the commands *did*, not what they printed. The data plane adds a record here for each
DNS query (:func:`~kubesim_nb.network.dns.query`) and each TCP connection
(:func:`~kubesim_nb.network.proxy.connect`), and kubectl one for each command line it runs
(:func:`kubesim_nb.kubectl.run_kubectl`).

The record belongs to the session in front of the cluster, not to the cluster: it is kept beside the cluster
object (a weak mapping), never in its state, so a saved or copied cluster carries none and a failed command still
changes nothing a state file holds. A check that probes a copy of the cluster therefore leaves the learner's record
untouched. Newest last, the last :data:`KEPT` only; each record carries a sequence number, so a reader can take
"everything since I started" with :func:`since`.
"""

from __future__ import annotations

import weakref
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, Sequence

if TYPE_CHECKING:  # pragma: no cover
    from .runtime import Runtime

__all__ = ["Activity", "KEPT", "mark", "record_command", "record_connection", "record_query", "since"]

KEPT = 200  # records kept; a ladder looks at the last few minutes of work


@dataclass(frozen=True)
class Activity:
    """One thing a command did. ``kind`` is ``dns``, ``connect`` or ``kubectl``; the other fields depend on it."""

    seq: int
    kind: str
    source: str = ""  # who: "namespace/pod", "node NAME" or "your computer"
    name: str = ""  # dns: the name asked for
    addresses: tuple[str, ...] = ()  # dns: the A/AAAA answers
    outcome: str = ""  # dns: NOERROR, NXDOMAIN, ..., timeout; connect: connected, refused, timeout
    ip: str = ""  # connect: the destination address and port
    port: int = 0
    service: str = ""  # connect: "namespace/name" of the Service whose ClusterIP was the destination
    pod: str = ""  # connect: "namespace/name" of the Pod whose IP was the destination
    argv: tuple[str, ...] = ()  # kubectl: the command's arguments


@dataclass
class _Log:
    next: int = 0
    records: deque = field(default_factory=lambda: deque(maxlen=KEPT))


_LOGS: "weakref.WeakKeyDictionary[Any, _Log]" = weakref.WeakKeyDictionary()


class Source(Protocol):
    """Who opened a connection or sent a query (:class:`~kubesim_nb.network.proxy.Source` has this shape)."""

    kind: str
    node: str | None
    pod: tuple[str, str] | None


def _log(cluster: "Runtime") -> _Log:
    return _LOGS.setdefault(cluster, _Log())


def _add(cluster: "Runtime", kind: str, **fields: Any) -> None:
    log = _log(cluster)
    log.records.append(Activity(log.next, kind, **fields))
    log.next += 1


def _who(src: Source) -> str:
    if src.pod is not None:
        return "/".join(src.pod)
    return f"node {src.node}" if src.kind == "node" else "your computer"


def record_query(cluster: "Runtime", src: Source, qname: str, rcode: str, addresses: Sequence[str]) -> None:
    """A DNS query ``src`` sent, and what came back (``timeout`` when nothing did)."""
    _add(cluster, "dns", source=_who(src), name=qname.rstrip(".").lower(), outcome=rcode, addresses=tuple(addresses))


def record_connection(cluster: "Runtime", src: Source, ip: str, port: int, outcome: str) -> None:
    """A TCP connection ``src`` opened to ``ip:port``; what the address belonged to is looked up now, while the
    Service or Pod still holds it."""
    key = cluster.network.services_by_ip.get(ip)
    pod = cluster.network.pod_at(ip)
    _add(
        cluster,
        "connect",
        source=_who(src),
        ip=ip,
        port=port,
        outcome=outcome,
        service="/".join(key) if key else "",
        pod=f"{pod.namespace}/{pod.name}" if pod is not None else "",
    )


def record_command(cluster: "Runtime", argv: Sequence[str]) -> None:
    """A kubectl command line that was run."""
    _add(cluster, "kubectl", argv=tuple(argv))


def mark(cluster: "Runtime") -> int:
    """The sequence number the next record will get: pass it to :func:`since` to read only what comes after."""
    return _log(cluster).next


def since(cluster: "Runtime", start: int = 0) -> list[Activity]:
    """The kept records numbered ``start`` or later, oldest first."""
    return [r for r in _log(cluster).records if r.seq >= start]
