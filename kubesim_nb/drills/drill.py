"""One "break my Service" drill: a fresh cluster with one fault planted, chosen by a seed.

``Drill.start(seed)`` boots ``Cluster(seed=seed)``, applies the drill's app with the fault the seed picks
(:func:`fault_for`: the same seed, the same fault, so an instructor can hand a learner "drill 4821"), and lets a
minute pass so the Pods run — or fail to. The learner then investigates with kubectl, names a cause
(:meth:`Drill.name_cause`), fixes the cluster and asks :meth:`Drill.check`, which judges the cluster's behaviour
and explains what it found (:mod:`.diagnosis`). :meth:`Drill.ladder` is the *Debug Services* checklist over the
learner's commands since the fault was planted; :meth:`Drill.next_seed` picks the seed of "another one" (never
the same fault twice in a row).
"""

from __future__ import annotations

import pickle
import random
from dataclasses import dataclass

import yaml

from ..cluster import Cluster
from ..network.activity import mark
from .diagnosis import Diagnosis, diagnose, request_command
from .faults import APP, CAUSES_BY_ID, CLIENT, FAULTS, NAMESPACE, SERVICE, Fault
from .ladder import Ladder

__all__ = ["Drill", "fault_for"]

SETTLING = 60  # seconds of simulated time after planting: Pods start, pulls fail, probes fail
SYMPTOM_TRIES = 3


def fault_for(seed: int) -> Fault:
    """The fault a drill seed plants."""
    return FAULTS[random.Random(f"drill/{seed}").randrange(len(FAULTS))]


@dataclass
class Drill:
    seed: int
    cluster: Cluster
    fault: Fault
    started: int  # the activity record's mark once the fault is planted: the ladder counts what comes after

    @classmethod
    def start(cls, seed: int) -> "Drill":
        cluster = Cluster(seed=seed)
        fault = fault_for(seed)
        result = cluster.kubectl("apply -f -", stdin=yaml.safe_dump_all(fault.manifests(), sort_keys=False))
        if result.exit_code != 0:
            raise RuntimeError(f"the drill's manifests were refused: {result.stderr}")
        cluster.advance(SETTLING)
        return cls(seed, cluster, fault, mark(cluster))

    def next_seed(self) -> int:
        """The seed of the next drill: derived from this one, with a different fault."""
        rng = random.Random(f"drill/{self.seed}/next")
        while True:
            seed = rng.randrange(1, 10_000)
            if fault_for(seed).id != self.fault.id:
                return seed

    def symptom(self) -> list[tuple[str, str]]:
        """The client's failing calls, as ``(command, output)``: run on a copy, so the learner's cluster and
        record of commands are untouched."""
        copy = pickle.loads(pickle.dumps(self.cluster, protocol=pickle.HIGHEST_PROTOCOL))
        argv = ["exec", f"deploy/{CLIENT}", "--", "sh", "-c", request_command()]
        shown = f"kubectl exec deploy/{CLIENT} -- sh -c '{request_command()}'"
        return [(shown, copy.kubectl(argv).output) for _ in range(SYMPTOM_TRIES)]

    def name_cause(self, cause_id: str) -> tuple[bool, str]:
        """Whether ``cause_id`` is the planted fault's cause, and feedback that does not give the answer away."""
        cause = CAUSES_BY_ID[cause_id]
        if cause_id == self.fault.cause:
            return True, f"Right: {cause.phrase}. Now fix it with kubectl, then check."
        return False, f"Not this one: if it were, {cause.if_so}. Look again at what your commands showed."

    def check(self) -> Diagnosis:
        return diagnose(self.cluster, CLIENT, APP, NAMESPACE)

    def ladder(self) -> Ladder:
        return Ladder(self.cluster, SERVICE, self.started)
