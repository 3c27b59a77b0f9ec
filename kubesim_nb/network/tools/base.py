"""What every program gets: its context, where it writes, and the program table.

A program is a function ``(ctx, argv) -> exit status`` registered with
:func:`program`; it writes through ``ctx.out`` (stdout) and ``ctx.err``
(stderr), which keep the interleaving a terminal would show. Time a program
spends (a timeout, ``sleep``, a slow download) moves the simulated clock
through :meth:`ToolContext.spend` — never real time; a program that would
never end raises :class:`Interrupted`, as if the learner pressed Ctrl-C.
"""

from __future__ import annotations

import posixpath
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:  # pragma: no cover
    from ..machine import Machine

__all__ = ["Interrupted", "Output", "PROGRAMS", "ToolContext", "jitter", "program"]


class Interrupted(Exception):
    """Ctrl-C: the simulator stopped a program that would never end (``sleep infinity``, an endless loop)."""


@dataclass
class Output:
    """Text written by programs, in order, tagged with its stream."""

    chunks: list[tuple[str, str]] = field(default_factory=list)

    def write(self, stream: str, text: str) -> None:
        if text:
            self.chunks.append((stream, text))

    def text(self, stream: str) -> str:
        return "".join(t for s, t in self.chunks if s == stream)

    @property
    def terminal(self) -> str:
        return "".join(t for _, t in self.chunks)


class Stream:
    def __init__(self, output: Output, name: str):
        self.output, self.name = output, name

    def write(self, text: str) -> None:
        self.output.write(self.name, text)


@dataclass
class ToolContext:
    machine: "Machine"
    env: dict[str, str]
    output: Output
    stdin: str = ""
    stdout_tty: bool = True
    stderr_tty: bool = True
    cwd: str = "/"

    def __post_init__(self) -> None:
        self.out = Stream(self.output, "stdout")
        self.err = Stream(self.output, "stderr")

    @property
    def cluster(self):
        return self.machine.cluster

    def spend(self, seconds: float) -> None:
        """Let simulated time pass (the cluster moves on meanwhile)."""
        if seconds > 0:
            self.cluster.advance(seconds)

    def path(self, name: str) -> str:
        return posixpath.normpath(posixpath.join(self.cwd, name))

    def now(self) -> float:
        return self.cluster.clock.seconds()


Program = Callable[[ToolContext, list[str]], int]
PROGRAMS: dict[str, Program] = {}


def program(*names: str) -> Callable[[Program], Program]:
    def register(fn: Program) -> Program:
        for name in names:
            PROGRAMS[name] = fn
        return fn

    return register


def jitter(key: str, low: int, high: int) -> int:
    """A deterministic small number in [low, high] (latencies, ports) that does not touch any RNG stream."""
    return low + zlib.crc32(key.encode()) % (high - low + 1)
