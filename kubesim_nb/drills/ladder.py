"""The *Debug Services* ladder as a checklist that ticks itself from what the learner's commands did.

The official page (``content/en/docs/tasks/debug/debug-application/debug-service.md`` in kubernetes/website)
climbs from the client towards the Pods; this checklist keeps four of its rungs:

1. **Does the name resolve?** — a DNS query for the Service's name, from a Pod (``nslookup``, or a ``curl``/
   ``wget`` by name);
2. **Does the ClusterIP answer?** — a connection to the Service's ClusterIP (by name or by address);
3. **Are there endpoints?** — ``kubectl get endpoints``/``endpointslices`` or ``kubectl describe service``;
4. **Does a Pod answer on its IP and targetPort directly?** — a connection from a Pod straight to a Pod's IP.

A rung is ticked from the record of what commands did (:mod:`kubesim_nb.network.activity`): the DNS queries and
connections the data plane saw and the kubectl commands that ran, never from the drill's answer. Each ticked
rung quotes what the learner's own step found (the address, "refused", ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Sequence

from ..network.activity import Activity, since

if TYPE_CHECKING:  # pragma: no cover
    from ..network.runtime import Runtime

__all__ = ["Ladder", "Rung", "shows_endpoints"]

ENDPOINT_RESOURCES = {
    "endpoints",
    "endpoint",
    "ep",
    "endpointslices",
    "endpointslice",
    "endpointslices.discovery.k8s.io",
}
SERVICE_RESOURCES = {"services", "service", "svc"}
FLAGS_WITH_VALUES = {"-n", "--namespace", "-l", "--selector", "-o", "--output", "--context", "-f", "--filename"}
OUTCOMES = {"connected": "answered", "refused": "refused", "timeout": "timed out"}


@dataclass(frozen=True)
class Rung:
    id: str
    question: str
    how: str  # a command that answers the question
    ticked: bool = False
    evidence: str = ""  # what the learner's step found


def _words(argv: Sequence[str]) -> list[str]:
    """kubectl's arguments without its flags (and their values)."""
    words, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg.startswith("-"):
            skip = arg in FLAGS_WITH_VALUES
        else:
            words.append(arg)
    return words


def shows_endpoints(argv: Sequence[str], service: str) -> bool:
    """Whether a kubectl command line lists ``service``'s endpoints: ``get endpoints[/NAME]``, ``get
    endpointslices``, or ``describe service NAME`` (whose Endpoints line reads the EndpointSlices)."""
    words = _words(argv)
    if len(words) < 2 or words[0] not in ("get", "describe"):
        return False
    kinds, names = set(), list(words[2:])
    for part in words[1].split(","):
        kind, _, name = part.partition("/")
        kinds.add(kind.lower())
        names += [name] if name else []
    wanted = ENDPOINT_RESOURCES | (SERVICE_RESOURCES if words[0] == "describe" else set())
    return bool(kinds & wanted) and (not names or any(n.startswith(service) for n in names))


def _name_asked(record: Activity, service: str) -> bool:
    return record.kind == "dns" and record.name.split(".")[0] == service and record.source != "your computer"


def _summary(record: Activity) -> str:
    return f"{record.ip}:{record.port} {OUTCOMES.get(record.outcome, record.outcome)} (from {record.source})"


class Ladder:
    """The four rungs for ``service``, ticked from what was done since activity record ``start``."""

    def __init__(self, cluster: "Runtime", service: str, start: int = 0):
        self.cluster, self.service, self.start = cluster, service, start

    def rungs(self) -> list[Rung]:
        done = since(self.cluster, self.start)
        return [
            self._rung(
                "name",
                "Does the name resolve?",
                f"nslookup {self.service} (in a Pod)",
                [r for r in done if _name_asked(r, self.service)],
                self._dns_evidence,
            ),
            self._rung(
                "cluster-ip",
                "Does the ClusterIP answer?",
                f"wget -qO- -T 3 http://{self.service} (in a Pod)",
                [r for r in done if r.kind == "connect" and r.service.split("/")[-1] == self.service],
                lambda records: _summary(records[-1]),
            ),
            self._rung(
                "endpoints",
                "Are there endpoints?",
                f"kubectl get endpointslices -l kubernetes.io/service-name={self.service}",
                [r for r in done if r.kind == "kubectl" and shows_endpoints(r.argv, self.service)],
                lambda records: "you ran kubectl " + " ".join(records[-1].argv),
            ),
            self._rung(
                "pod",
                "Does a Pod answer on its IP and targetPort directly?",
                "wget -qO- -T 3 http://<Pod IP>:<targetPort>/ (in another Pod; kubectl get pods -o wide lists IPs)",
                [r for r in done if r.kind == "connect" and r.pod and not r.service and r.pod != r.source],
                lambda records: f"{_summary(records[-1])}: Pod {records[-1].pod}",
            ),
        ]

    @staticmethod
    def _rung(
        rung_id: str, question: str, how: str, records: list[Activity], evidence: Callable[[list[Activity]], str]
    ) -> Rung:
        return Rung(rung_id, question, how, bool(records), evidence(records) if records else "")

    @staticmethod
    def _dns_evidence(records: list[Activity]) -> str:
        answered = [r for r in records if r.addresses]
        if answered:
            last = answered[-1]
            return f"{last.name} resolves to {', '.join(last.addresses)} (asked from {last.source})"
        last = records[-1]
        return f"{last.name}: {last.outcome} — the name does not resolve (asked from {last.source})"

    @property
    def climbed(self) -> int:
        return sum(r.ticked for r in self.rungs())
