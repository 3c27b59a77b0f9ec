"""Grading many answers at once, in parallel: YAML files for one exercise, or an nbgrader ``submitted/`` folder.

nbgrader autogrades one notebook at a time (its issues #174 and #1456); here
each worker process grades whole answers independently, so a class is graded
in about ``notebooks / workers`` of the time. Workers cap their own address
space (``resource.setrlimit``) and every answer has a time limit
(``grading.time_limit``), so one pathological submission costs its own
score, not the batch. A ``tqdm`` bar shows progress for large batches.

The assignment — its notebook's name, parts, checks and points — is the
course's (``course.py``); workers get it as data (a ``course.JudgedSource``)
and rebuild it, or the built-in one without it.

Every student folder of ``submitted/`` gets an outcome, never silently left
out: ``collection.py`` finds the notebooks and reads them (the one reader
both grading paths share); answers are found as the judge finds them, by
nbgrader id, the last cell with an answer id winning (what ``DeduplicateIds``
and ``EnforceGradebookCells`` do under nbgrader). A notebook that is missing,
refused (a symbolic link, a pipe, too large, a folder name nbgrader would
misread) or unreadable scores zero with the reason; its status says which
(``results.Status``).
"""

from __future__ import annotations

import functools
import json
import os
import resource
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence, TypeVar

from tqdm import tqdm

from .assignment import BUILT_IN, Assignment, answers_in, grade_cells, not_graded
from .collection import NotGradable, find_submissions, read_notebook, stand_in_status
from .course import JudgedSource, assignment_from
from .grading import DEFAULT_TIME_LIMIT, grade
from .results import GRADING_ERROR, PartResult, Status
from .scenario import warm
from .submission import MAX_BYTES, too_large

__all__ = ["FileOutcome", "NotebookOutcome", "PROGRESS_THRESHOLD", "grade_files", "grade_submitted"]

PROGRESS_THRESHOLD = 20  # show a progress bar from this many answers on
PARALLEL_THRESHOLD = 8  # below this, worker start-up costs more than it saves
WORKER_MEMORY_MB = 1024

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class FileOutcome:
    path: str
    result: PartResult | None  # None when the file could not be read
    read_error: str | None = None

    @property
    def graded(self) -> bool:
        return self.result is not None and self.result.error is None


@dataclass(frozen=True)
class NotebookOutcome:
    student: str
    path: str
    parts: dict[str, PartResult] = field(default_factory=dict)
    not_judged: Status | None = None  # why the answers were not judged: not graded, or the worker crashed
    answers: dict[str, str] = field(default_factory=dict)  # {answer cell id: source}, for the class report
    key: str = ""  # the assignment graded (source_key: plain data, as outcomes travel back from workers)

    @classmethod
    def not_gradable(cls, student: str, path: str, status: Status, key: str = "") -> "NotebookOutcome":
        """A student whose notebook was not graded: every part scores zero, and ``status`` says why."""
        return cls(student, path, not_graded(status, assignment_of(key)), not_judged=status, key=key)

    @property
    def assignment(self) -> Assignment:
        return assignment_of(self.key)

    @property
    def status(self) -> Status:
        return self.not_judged or Status.of(self.parts)

    @property
    def graded(self) -> bool:
        return self.status.graded

    @property
    def points(self) -> float:
        return round(sum(r.points for r in self.parts.values()), 2)

    @property
    def max_points(self) -> float:
        return self.assignment.auto_points


# ----------------------------------------------------------------- workers
def source_key(source: JudgedSource | None, assignment_id: str = "", notebook: str = "") -> str:
    """The course's assignment as a task can carry it to a worker (JSON; empty: the built-in assignment)."""
    if source is None:
        return ""
    return json.dumps({"source": source.to_json(), "id": assignment_id, "notebook": notebook}, sort_keys=True)


@functools.lru_cache(maxsize=8)
def assignment_of(key: str) -> Assignment:
    """The assignment a :func:`source_key` stands for."""
    if not key:
        return BUILT_IN
    data = json.loads(key)
    return assignment_from(JudgedSource(**data["source"]), data["id"], data["notebook"])


def _warm(key: str) -> None:
    warm(tuple(sorted({p.exercise.scenario.id for p in assignment_of(key).auto_parts})))


def _init_worker(memory_mb: int, key: str) -> None:
    limit = memory_mb * 1024 * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or hard > limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit if hard == resource.RLIM_INFINITY else min(hard, limit)))
    _warm(key)  # already built if the parent built them before forking


def _grade_file(task: tuple[str, str, bool, float, str]) -> FileOutcome:
    part_id, path, include_hidden, seconds, key = task
    exercise = assignment_of(key).part(part_id).exercise
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raw: bytes | object = too_large(size)
        else:
            with open(path, "rb") as handle:
                raw = handle.read(MAX_BYTES + 1)
    except OSError as err:
        return FileOutcome(path, None, f"cannot read: {err.strerror or err}")
    return FileOutcome(path, grade(exercise, raw, include_hidden=include_hidden, seconds=seconds))


def _grade_notebook(task: tuple[str, str, str, float, str]) -> NotebookOutcome:
    student, path, submitted, seconds, key = task
    assignment = assignment_of(key)
    try:
        notebook = read_notebook(Path(path), below=Path(submitted))
    except NotGradable as refusal:
        return NotebookOutcome.not_gradable(student, path, refusal.as_status(), key)
    stood_in_for = stand_in_status(notebook)
    if stood_in_for is not None:  # a stand-in nbgrader graded: the same status
        return NotebookOutcome.not_gradable(student, path, stood_in_for, key)
    answers = answers_in(notebook, assignment)
    parts = grade_cells(answers, seconds=seconds, assignment=assignment)
    return NotebookOutcome(student, path, parts, answers=answers, key=key)


def _run_all(
    function: Callable[[T], R],
    tasks: Sequence[T],
    *,
    jobs: int,
    progress: bool,
    unit: str,
    initargs: tuple,
    on_broken: Callable[[T], R],
) -> list[R]:
    show = progress and len(tasks) >= PROGRESS_THRESHOLD

    def bar() -> tqdm:  # made after the workers are forked: tqdm's monitor thread must not be copied into them
        return tqdm(total=len(tasks), unit=unit, disable=not show, dynamic_ncols=True, leave=True)

    results: list[R] = []
    if jobs <= 1 or len(tasks) < PARALLEL_THRESHOLD:
        with bar() as meter:
            for task in tasks:
                results.append(function(task))
                meter.update()
        return results
    workers = min(jobs, len(tasks))
    chunk = max(1, min(16, len(tasks) // (workers * 8)))
    _warm(initargs[1])  # build the scenario snapshots once; forked workers inherit them
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=initargs) as pool:
        outcomes = pool.map(function, tasks, chunksize=chunk)
        with bar() as meter:
            try:
                for outcome in outcomes:
                    results.append(outcome)
                    meter.update()
            except BrokenProcessPool:  # a worker died (memory limit, a signal): the rest are not graded
                results.extend(on_broken(task) for task in tasks[len(results) :])
    return results


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def grade_files(
    part_id: str,
    paths: Iterable[str],
    *,
    jobs: int | None = None,
    include_hidden: bool = True,
    progress: bool = True,
    seconds: float = DEFAULT_TIME_LIMIT,
    source: JudgedSource | None = None,
) -> list[FileOutcome]:
    """Grade YAML (or answer-cell) files for one part, in the order given (``source``: the course's checks)."""
    key = source_key(source)
    exercise = assignment_of(key).part(part_id).exercise  # an unknown part fails before starting workers
    tasks = [(part_id, str(p), include_hidden, seconds, key) for p in paths]
    return _run_all(
        _grade_file,
        tasks,
        jobs=jobs or default_jobs(),
        progress=progress,
        unit="file",
        initargs=(WORKER_MEMORY_MB, key),
        on_broken=lambda t: FileOutcome(t[1], PartResult(exercise.id, error="a grading worker crashed")),
    )


def grade_submitted(
    submitted: str | Path,
    assignment_id: str,
    *,
    jobs: int | None = None,
    progress: bool = True,
    seconds: float = DEFAULT_TIME_LIMIT,
    notebook: str = BUILT_IN.notebook,
    source: JudgedSource | None = None,
) -> list[NotebookOutcome]:
    """Grade every student of ``submitted/`` (``<student>/<assignment>/<notebook>.ipynb``) in parallel.

    One outcome per student folder, sorted by student; those whose notebook is missing or refused say why.
    ``notebook`` and ``source`` are the course's (``course.load_assignment``); the built-in ones without them.
    """
    key = source_key(source, assignment_id, notebook)
    submissions = find_submissions(Path(submitted), assignment_id, notebook)
    found = [s for s in submissions if s.reason is None]
    tasks = [(s.student, str(s.notebook), str(submitted), seconds, key) for s in found]
    graded = iter(
        _run_all(
            _grade_notebook,
            tasks,
            jobs=jobs or default_jobs(),
            progress=progress,
            unit="notebook",
            initargs=(WORKER_MEMORY_MB, key),
            on_broken=lambda t: NotebookOutcome(
                t[0], t[1], not_judged=Status(GRADING_ERROR, "a grading worker crashed"), key=key
            ),
        )
    )  # in the order of `found`
    return [
        next(graded)
        if s.reason is None
        else NotebookOutcome.not_gradable(s.student, str(s.notebook), Status(s.status, s.reason), key)
        for s in submissions
    ]
