"""Grading many answers at once, in parallel: YAML files for one exercise, or an nbgrader ``submitted/`` folder.

nbgrader autogrades one notebook at a time (its issues #174 and #1456); here
each worker process grades whole answers independently, so a class is graded
in about ``notebooks / workers`` of the time. Workers cap their own address
space (``resource.setrlimit``) and every answer has a time limit
(``grading.time_limit``), so one pathological submission costs its own
score, not the batch. A ``tqdm`` bar shows progress for large batches.

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

import os
import resource
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence, TypeVar

from tqdm import tqdm

from .assignment import NOTEBOOK_ID, PARTS, answers_in, grade_cells, not_graded
from .collection import NotGradable, find_submissions, read_notebook, stand_in_status
from .exercises import get
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

    @classmethod
    def not_gradable(cls, student: str, path: str, status: Status) -> "NotebookOutcome":
        """A student whose notebook was not graded: every part scores zero, and ``status`` says why."""
        return cls(student, path, not_graded(status), not_judged=status)

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
        return sum(p.max_points for p in PARTS if p.exercise is not None)


# ----------------------------------------------------------------- workers
def _warm(exercise_ids: tuple[str, ...]) -> None:
    warm(tuple(sorted({get(e).scenario.id for e in exercise_ids})))


def _init_worker(memory_mb: int, exercise_ids: tuple[str, ...]) -> None:
    limit = memory_mb * 1024 * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or hard > limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit if hard == resource.RLIM_INFINITY else min(hard, limit)))
    _warm(exercise_ids)  # already built if the parent built them before forking


def _grade_file(task: tuple[str, str, bool, float]) -> FileOutcome:
    exercise_id, path, include_hidden, seconds = task
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raw: bytes | object = too_large(size)
        else:
            with open(path, "rb") as handle:
                raw = handle.read(MAX_BYTES + 1)
    except OSError as err:
        return FileOutcome(path, None, f"cannot read: {err.strerror or err}")
    return FileOutcome(path, grade(get(exercise_id), raw, include_hidden=include_hidden, seconds=seconds))


def _grade_notebook(task: tuple[str, str, str, float]) -> NotebookOutcome:
    student, path, submitted, seconds = task
    try:
        notebook = read_notebook(Path(path), below=Path(submitted))
    except NotGradable as refusal:
        return NotebookOutcome.not_gradable(student, path, refusal.as_status())
    stood_in_for = stand_in_status(notebook)
    if stood_in_for is not None:  # a stand-in nbgrader graded: the same status
        return NotebookOutcome.not_gradable(student, path, stood_in_for)
    answers = answers_in(notebook)
    return NotebookOutcome(student, path, grade_cells(answers, seconds=seconds), answers=answers)


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
    exercise_id: str,
    paths: Iterable[str],
    *,
    jobs: int | None = None,
    include_hidden: bool = True,
    progress: bool = True,
    seconds: float = DEFAULT_TIME_LIMIT,
) -> list[FileOutcome]:
    """Grade YAML (or answer-cell) files for one exercise, in the order given."""
    get(exercise_id)  # unknown exercise: fail before starting workers
    tasks = [(exercise_id, str(p), include_hidden, seconds) for p in paths]
    return _run_all(
        _grade_file,
        tasks,
        jobs=jobs or default_jobs(),
        progress=progress,
        unit="file",
        initargs=(WORKER_MEMORY_MB, (exercise_id,)),
        on_broken=lambda t: FileOutcome(t[1], PartResult(exercise_id, error="a grading worker crashed")),
    )


def grade_submitted(
    submitted: str | Path,
    assignment_id: str,
    *,
    jobs: int | None = None,
    progress: bool = True,
    seconds: float = DEFAULT_TIME_LIMIT,
) -> list[NotebookOutcome]:
    """Grade every student of ``submitted/`` (``<student>/<assignment>/<notebook>.ipynb``) in parallel.

    One outcome per student folder, sorted by student; those whose notebook is missing or refused say why.
    """
    submissions = find_submissions(Path(submitted), assignment_id, NOTEBOOK_ID)
    found = [s for s in submissions if s.reason is None]
    tasks = [(s.student, str(s.notebook), str(submitted), seconds) for s in found]
    exercise_ids = tuple(p.exercise_id for p in PARTS if p.exercise_id)
    graded = iter(
        _run_all(
            _grade_notebook,
            tasks,
            jobs=jobs or default_jobs(),
            progress=progress,
            unit="notebook",
            initargs=(WORKER_MEMORY_MB, exercise_ids),
            on_broken=lambda t: NotebookOutcome(
                t[0], t[1], not_judged=Status(GRADING_ERROR, "a grading worker crashed")
            ),
        )
    )  # in the order of `found`
    return [
        next(graded)
        if s.reason is None
        else NotebookOutcome.not_gradable(s.student, str(s.notebook), Status(s.status, s.reason))
        for s in submissions
    ]
