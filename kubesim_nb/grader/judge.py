"""The judge: grades a notebook's answer cells in a separate, bounded process.

Why a separate process: in nbgrader every test cell runs in the learner's
kernel after the learner's code, and that code can change what the test cells
do (monkeypatching, an import hook, an ``__eq__`` that is always true, an
input transformer that turns every later cell into ``pass``...). So verdicts
are never computed in the kernel. The nbgrader preprocessor
(``nbgrader_plugins.JudgeAnswers``) reads the answer cells' *source* by
nbgrader id and hands it to this process, which parses it (never executes
it), grades it on fresh simulated clusters, and answers with JSON.

Protocol: the parent writes ``{"cells": {grade_id: source}, "include_hidden":
bool, "seconds_per_part": float, "source": {"layout": ..., "grading": ...}}``
to stdin (``source``, a ``course.JudgedSource``: the course's parts, checks
and points; without it, the built-in assignment's); the judge writes
``{"parts": {part_id: PartResult JSON}}`` to stdout and exits 0. Anything else
(a non-zero exit, no JSON, a timeout) is a grading failure, reported loudly.

Limits: the parent starts ``python -I`` (no user site, no ``PYTHON*``
variables, no current directory on ``sys.path``) in an empty temporary
directory with a small environment; address space and CPU time are capped
with ``resource.setrlimit`` and wall time with a timeout; each part also has
its own time limit inside the judge (``grading.time_limit``).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from .assignment import BUILT_IN, Assignment, grade_cells
from .course import CourseError, JudgedSource, assignment_from
from .results import PartResult
from .submission import MAX_BYTES

__all__ = ["JudgeFailed", "JudgeLimits", "main", "run_judge"]

MAX_INPUT_BYTES = 2 * 1024 * 1024
_BOOT = "import sys; sys.path.insert(0, sys.argv[1]); from kubesim_nb.grader.judge import main; sys.exit(main())"


class JudgeFailed(RuntimeError):
    """The judge process did not produce a verdict (crash, timeout, limits): grading did not work."""


@dataclass(frozen=True)
class JudgeLimits:
    wall_seconds: float = 180.0
    cpu_seconds: int = 170
    memory_mb: int = 1024
    seconds_per_part: float = 20.0


def _apply_limits(limits: JudgeLimits) -> None:  # runs in the child before exec
    memory = limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.setsid()


def _bounded(cells: Mapping[str, str], assignment: Assignment) -> dict[str, str | int]:
    """Answer cells only; a source over the size limit travels as its size (it is refused as too large anyway)."""
    wanted = assignment.answer_cell_ids()
    bounded: dict[str, str | int] = {}
    for grade_id, source in cells.items():
        if grade_id in wanted:
            size = len(source.encode("utf-8", "surrogatepass"))
            bounded[grade_id] = source if size <= MAX_BYTES + len("%%writefile x\n") + 4096 else size
    return bounded


def run_judge(
    cells: Mapping[str, str],
    *,
    include_hidden: bool = True,
    limits: JudgeLimits = JudgeLimits(),
    source: JudgedSource | None = None,
) -> dict[str, PartResult]:
    """Grade ``{grade_id: source}`` in a fresh bounded process; raise :class:`JudgeFailed` if it gives no verdict.

    ``source``: the course's parts, checks and points (``course.load_assignment``); the built-in ones without it."""
    assignment = assignment_from(source, "", "") if source else BUILT_IN
    request = {
        "cells": _bounded(cells, assignment),
        "include_hidden": include_hidden,
        "seconds_per_part": limits.seconds_per_part,
        "source": source.to_json() if source else None,
    }
    payload = json.dumps(request).encode()
    root = str(Path(__file__).resolve().parents[2])  # the folder holding kubesim_nb/
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "PYTHONHASHSEED": "0"}
    with tempfile.TemporaryDirectory(prefix="kubesim-judge-") as workdir:
        try:
            completed = subprocess.run(
                [sys.executable, "-I", "-c", _BOOT, root],
                input=payload,
                capture_output=True,
                timeout=limits.wall_seconds,
                cwd=workdir,
                env=env,
                preexec_fn=lambda: _apply_limits(limits),
            )
        except subprocess.TimeoutExpired:
            raise JudgeFailed(f"the judge did not finish within {limits.wall_seconds:g} s") from None
    if completed.returncode != 0:
        tail = completed.stderr.decode(errors="replace").strip().splitlines()[-5:]
        raise JudgeFailed(f"the judge exited with status {completed.returncode}: {' | '.join(tail)}")
    try:
        data = json.loads(completed.stdout)
        return {part_id: PartResult.from_json(result) for part_id, result in data["parts"].items()}
    except (ValueError, KeyError, TypeError) as err:
        raise JudgeFailed(f"the judge's answer is not valid ({type(err).__name__}: {err})") from None


def main() -> int:
    """Entry point of the judge process (``python -I -m kubesim_nb.grader.judge`` also works)."""
    real_stdout = sys.stdout
    sys.stdout = sys.stderr  # anything printed while grading must not corrupt the protocol
    raw = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    if len(raw) > MAX_INPUT_BYTES:
        print("judge: input too large", file=sys.stderr)
        return 2
    request = json.loads(raw)
    cells = {str(k): v for k, v in request.get("cells", {}).items() if isinstance(v, (str, int))}
    source = request.get("source")
    try:
        assignment = assignment_from(JudgedSource(**source), "", "") if source else BUILT_IN
    except CourseError as err:
        print(f"judge: {err}", file=sys.stderr)
        return 2
    results = grade_cells(
        cells,
        include_hidden=bool(request.get("include_hidden", True)),
        seconds=float(request.get("seconds_per_part", 20.0)),
        assignment=assignment,
    )
    real_stdout.write(json.dumps({"parts": {k: v.to_json() for k, v in results.items()}}))
    real_stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
