"""The nbgrader assignment *try-with-ai*: which notebook cells hold which part's answer and tests.

Cells are found by their nbgrader ``grade_id``, never by position:

- ``<part>_answer`` — the learner's answer (a ``%%writefile`` YAML cell or a
  ``name = value`` cell), a solution cell;
- ``<part>_tests`` — the part's autograder test cell, worth the exercise's
  points; its outputs are written by the judge (see ``nbgrader_plugins.py``);
- ``part5_q1..q3`` — the reflection answers, graded by hand.

:func:`grade_cells` turns ``{grade_id: source}`` into one :class:`PartResult`
per automatically graded part; it is what the judge process runs.
:func:`answers_in` finds those sources in a notebook as nbgrader's sanitising
steps leave them (the last cell with an id wins), and :func:`not_graded` gives
every part's zero, saying why, for a submission that was not graded (missing,
refused or unreadable).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from nbformat.notebooknode import NotebookNode

from .exercises import EXERCISES, Exercise, YamlAnswer
from .grading import DEFAULT_TIME_LIMIT, grade
from .results import MISSING, REFUSED, CheckResult, PartResult, Status
from .submission import DAMAGED_NOTEBOOK_HINT, cell_body, notebook_problem, too_large

__all__ = [
    "ASSIGNMENT_ID",
    "Assignment",
    "BUILT_IN",
    "NOTEBOOK_ID",
    "PARTS",
    "Part",
    "answer_text",
    "answers_in",
    "cell_id",
    "grade_cells",
    "part",
    "part_for_cell",
    "not_graded",
    "part_for_test_cell",
]

ASSIGNMENT_ID = "try-with-ai"  # the built-in names; a course may give the assignment and notebook others
NOTEBOOK_ID = "try-with-ai"


@dataclass(frozen=True)
class Part:
    id: str  # the column in per-part exports, and the name kubesim-grade and check() know the part by
    title: str
    exercise: Exercise | None = None  # None: graded by hand
    manual_cells: tuple[str, ...] = ()
    manual_points: float = 0.0  # per manual cell

    @property
    def exercise_id(self) -> str | None:
        return self.exercise.id if self.exercise else None

    @property
    def answer_cell(self) -> str | None:
        return f"{self.id}_answer" if self.exercise else None

    @property
    def test_cell(self) -> str | None:
        return f"{self.id}_tests" if self.exercise else None

    @property
    def cells(self) -> tuple[str, ...]:
        return tuple(c for c in (self.answer_cell, self.test_cell) if c) + self.manual_cells

    @property
    def max_points(self) -> float:
        exercise = self.exercise
        return exercise.max_points if exercise else self.manual_points * len(self.manual_cells)


PARTS: tuple[Part, ...] = (
    Part("part1", "Part 1: internal access", EXERCISES["internal-service"]),
    Part("part2", "Part 2: evaluate the internal design", EXERCISES["evaluate-design"]),
    Part("part3", "Part 3: NodePort or LoadBalancer", EXERCISES["external-choice"]),
    Part("part4", "Part 4: the Service for external testing", EXERCISES["external-service"]),
    Part("fix_selector", "Debugging: fix the selector", EXERCISES["fix-selector"]),
    Part("dns", "DNS across namespaces", EXERCISES["dns"]),
    Part(
        "part5",
        "Part 5: reflection (graded by hand)",
        manual_cells=("part5_q1", "part5_q2", "part5_q3"),
        manual_points=2.0,
    ),
)


@dataclass(frozen=True)
class Assignment:
    """A notebook the judge grades: its assignment and notebook names (the course's) and its parts.

    ``BUILT_IN`` is the assignment as kubesim-nb ships it; a course's copy may carry other names (``week2``) and
    other checks and points (``grading_file.py``), read from the course folder by ``course.py``.
    """

    id: str = ASSIGNMENT_ID
    notebook: str = NOTEBOOK_ID
    parts: tuple[Part, ...] = PARTS

    @property
    def auto_parts(self) -> tuple[Part, ...]:
        return tuple(p for p in self.parts if p.exercise is not None)

    @property
    def manual_parts(self) -> tuple[Part, ...]:
        return tuple(p for p in self.parts if p.exercise is None)

    @property
    def auto_points(self) -> float:
        return sum(p.max_points for p in self.auto_parts)

    def part(self, part_id: str) -> Part:
        for p in self.parts:
            if p.id == part_id:
                return p
        raise KeyError(f"unknown part {part_id!r}; parts: {', '.join(p.id for p in self.parts)}")

    def part_for_test_cell(self, grade_id: str) -> Part | None:
        return next((p for p in self.parts if p.test_cell == grade_id), None)

    def part_for_cell(self, grade_id: str) -> Part | None:
        """The part a graded or answer cell belongs to (for per-part exports)."""
        return next((p for p in self.parts if grade_id in p.cells), None)

    def answer_cell_ids(self) -> set[str]:
        return {p.answer_cell for p in self.parts if p.answer_cell}


BUILT_IN = Assignment()


def cell_id(grade_id: str) -> str:
    """The nbformat id of the released notebook's cell with this nbgrader id (what front ends tell the kernel)."""
    return grade_id.replace("_", "-")


def part(part_id: str) -> Part:
    return BUILT_IN.part(part_id)


def part_for_test_cell(grade_id: str) -> Part | None:
    return BUILT_IN.part_for_test_cell(grade_id)


def part_for_cell(grade_id: str) -> Part | None:
    """The part a graded or answer cell belongs to, in the built-in assignment."""
    return BUILT_IN.part_for_cell(grade_id)


def _zero(exercise: Exercise, why: str, problem: str, include_hidden: bool = True) -> PartResult:
    checks = tuple(
        CheckResult(c.id, c.title, 0.0, c.points, False, f"not checked: {why}", hidden=c.hidden)
        for c in exercise.visible_checks(include_hidden)
    )
    return PartResult(exercise.id, checks, problem=problem)


def _missing(exercise: Exercise, cell_id: str, include_hidden: bool) -> PartResult:
    return _zero(
        exercise,
        "no answer cell",
        f"found: no answer cell (nbgrader id {cell_id}) in the notebook\n"
        "expected: the answer cell of this part, where the notebook put it\n"
        "hint: do not delete or re-label answer cells",
        include_hidden,
    )


def _not_graded_hint(status: Status, assignment: Assignment) -> str:
    if status.status == MISSING:
        return f"submit your notebook as {assignment.notebook}.ipynb, in the assignment's folder"
    if status.status == REFUSED:
        return "submit the notebook file itself, as Jupyter saved it"
    return DAMAGED_NOTEBOOK_HINT


def not_graded(status: Status, assignment: Assignment = BUILT_IN) -> dict[str, PartResult]:
    """Every automatically graded part at zero, for a submission that was not graded (``status`` says why)."""
    problem = notebook_problem(status.reason, _not_graded_hint(status, assignment))
    why = f"the notebook was not graded ({status.status})"
    return {p.id: _zero(p.exercise, why, problem) for p in assignment.auto_parts}


def answers_in(notebook: NotebookNode, assignment: Assignment = BUILT_IN) -> dict[str, str]:
    """``{grade_id: source}`` of the answer cells (the last cell with an answer id wins, as under nbgrader)."""
    wanted = assignment.answer_cell_ids()
    answers = {}
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in wanted:
            answers[grade_id] = cell.source
    return answers


def answer_text(exercise: Exercise, source: str) -> str:
    """What a cell's source gives the exercise: a %%writefile cell's body, or the cell as is."""
    return cell_body(source) if isinstance(exercise.answer, YamlAnswer) else source


def grade_cells(
    cells: Mapping[str, str | int],
    *,
    include_hidden: bool = True,
    seconds: float | None = DEFAULT_TIME_LIMIT,
    assignment: Assignment = BUILT_IN,
) -> dict[str, PartResult]:
    """Grade every automatically graded part from answer cells' sources (``{grade_id: source}``).

    A source may be given as its size in bytes instead, when it is too large to be worth sending.
    """
    results = {}
    for p in assignment.auto_parts:
        exercise = p.exercise
        source = cells.get(p.answer_cell)
        if isinstance(source, int) and not isinstance(source, bool):
            results[p.id] = grade(exercise, too_large(source), include_hidden=include_hidden, seconds=seconds)
        elif not isinstance(source, str):
            results[p.id] = _missing(exercise, p.answer_cell, include_hidden)
        else:
            results[p.id] = grade(
                exercise, answer_text(exercise, source), include_hidden=include_hidden, seconds=seconds
            )
    return results
