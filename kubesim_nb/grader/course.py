"""An assignment as a course folder defines it: its names, whether the judge grades it, its checks and points.

An nbgrader course folder holds ``source/<assignment>/<notebook>.ipynb`` (``nbgrader quickstart`` layout). A
notebook is graded by kubesim-nb's judge when its source notebook says so in its metadata::

    "metadata": {"kubesim": {"grader": "try-with-ai"}, ...}

(``grader`` names the built-in layout of parts and cells it follows: :data:`LAYOUTS`). Every other notebook — a
``ps1`` from ``nbgrader quickstart``, say — is nbgrader's own business: the plug-ins leave it to stock nbgrader.
The names come from the folder, never from code: copy ``source/try-with-ai`` to ``source/week2`` (renaming the
notebook or not) and ``week2`` is graded the same way, by nbgrader and by ``kubesim-grade --assignment week2``.

:func:`load_assignment` reads an assignment's judged notebook and its grading file (``grading_file.py``), and
checks them against each other (:func:`source_problems`): every part has its answer and test cell; a test cell is
worth what the part's checks add up to; and a test cell holds nothing but ``check("<part>")`` calls, because test
cells are never run when notebooks are graded — code there (an ``assert`` in a hidden-tests region, say) would be
silently ignored, so it is refused instead. ``nbgrader generate_assignment`` (``nbgrader_plugins.py``),
``nbgrader autograde`` and ``kubesim-grade`` all refuse such an assignment with :class:`CourseError`, one line.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import nbformat

from .assignment import PARTS, Assignment, Part
from .grading_file import GRADING_FILE, GradingFileError, apply, read

__all__ = [
    "LAYOUTS",
    "MARKER",
    "CourseError",
    "JudgedSource",
    "assignment_from",
    "judged_notebooks",
    "load_assignment",
    "marker",
    "source_problems",
]

MARKER = "kubesim"  # the source notebook's metadata key
LAYOUTS: dict[str, tuple[Part, ...]] = {"try-with-ai": PARTS}


class CourseError(Exception):
    """An assignment the judge cannot grade as it stands; the message is one line saying what to change."""


def marker(metadata: Mapping[str, Any]) -> str | None:
    """The layout a notebook's metadata asks the judge to grade it by, or None (not graded by the judge)."""
    value = metadata.get(MARKER)
    return value.get("grader") if isinstance(value, dict) and isinstance(value.get("grader"), str) else None


def _read(path: Path) -> nbformat.NotebookNode:
    try:
        return nbformat.read(path, as_version=4)
    except (OSError, ValueError) as err:
        raise CourseError(f"{path}: cannot be read as a notebook ({err})") from None


def judged_notebooks(course: Path, assignment_id: str) -> list[str]:
    """The names of the assignment's source notebooks the judge grades (without ``.ipynb``)."""
    folder = course / "source" / assignment_id
    found = []
    for path in sorted(folder.glob("*.ipynb")) if folder.is_dir() else []:
        if marker(_read(path).metadata) is not None:
            found.append(path.stem)
    return found


@dataclass(frozen=True)
class JudgedSource:
    """What the judge process needs to rebuild an assignment's parts: the layout and the grading file's data."""

    layout: str
    grading: dict | None

    def to_json(self) -> dict[str, Any]:
        return {"layout": self.layout, "grading": self.grading}

    def parts(self, where: str = GRADING_FILE) -> tuple[Part, ...]:
        if self.layout not in LAYOUTS:
            raise CourseError(f"unknown kubesim grader layout {self.layout!r} (known: {', '.join(LAYOUTS)})")
        try:
            return apply(LAYOUTS[self.layout], self.grading, where)
        except GradingFileError as err:
            raise CourseError(str(err)) from None


def assignment_from(source: JudgedSource, assignment_id: str, notebook: str, where: str = GRADING_FILE) -> Assignment:
    return Assignment(assignment_id, notebook, source.parts(where))


def load_assignment(course: Path, assignment_id: str) -> tuple[Assignment, JudgedSource] | None:
    """The assignment the judge grades in ``course`` under this name, or None when the judge grades none of its
    notebooks (a stock nbgrader assignment). :class:`CourseError` when it cannot be graded as it stands."""
    names = judged_notebooks(course, assignment_id)
    if not names:
        return None
    if len(names) > 1:
        raise CourseError(
            f"source/{assignment_id}: {len(names)} notebooks ({', '.join(names)}) are graded by kubesim-nb; "
            "an assignment has one"
        )
    path = course / "source" / assignment_id / f"{names[0]}.ipynb"
    notebook = _read(path)
    grading_path = path.parent / GRADING_FILE
    try:
        source = JudgedSource(marker(notebook.metadata) or "", read(grading_path))
    except GradingFileError as err:
        raise CourseError(str(err)) from None
    assignment = assignment_from(source, assignment_id, names[0], f"source/{assignment_id}/{GRADING_FILE}")
    problems = source_problems(notebook, assignment)
    if problems:
        raise CourseError(f"source/{assignment_id}/{names[0]}.ipynb: {problems[0]}")
    return assignment, source


def _check_calls_only(source: str, part: Part) -> str | None:
    """Why a test cell's code is refused, or None: it may hold only ``check("<part>", ...)`` calls."""
    try:
        tree = ast.parse(source)
    except SyntaxError as err:
        return f"line {err.lineno} is not Python"
    for node in tree.body:
        call = node.value if isinstance(node, ast.Expr) else None
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Name)
            and call.func.id == "check"
            and call.args
            and isinstance(call.args[0], ast.Constant)
            and call.args[0].value == part.id
        ):
            continue
        line = ast.get_source_segment(source, node) or ""
        return (
            f"line {node.lineno} ({line.splitlines()[0][:60] if line else type(node).__name__}) would never run: "
            f"test cells are not run when notebooks are graded (the checks of {GRADING_FILE} are); "
            f'keep only check("{part.id}") calls there, and add checks to {GRADING_FILE}'
        )
    return None


def source_problems(notebook: nbformat.NotebookNode, assignment: Assignment) -> list[str]:
    """What makes the source notebook disagree with the assignment's parts (empty when it agrees)."""
    cells = {}
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader")
        if isinstance(meta, dict) and isinstance(meta.get("grade_id"), str):
            cells[meta["grade_id"]] = cell
    problems = []
    for part in assignment.auto_parts:
        answer, tests = cells.get(part.answer_cell), cells.get(part.test_cell)
        if answer is None or not answer.metadata.nbgrader.get("solution"):
            problems.append(f"{part.id} has no answer cell (a solution cell with nbgrader id {part.answer_cell})")
            continue
        if tests is None or not tests.metadata.nbgrader.get("grade") or tests.cell_type != "code":
            problems.append(f"{part.id} has no test cell (an autograder test cell with nbgrader id {part.test_cell})")
            continue
        points = tests.metadata.nbgrader.get("points")
        if points != part.max_points:
            problems.append(
                f"{part.test_cell} is worth {points} points but the checks of {part.id} add up to "
                f"{part.max_points:g} ({GRADING_FILE}): make them agree"
            )
        refusal = _check_calls_only(tests.source, part)
        if refusal:
            problems.append(f"{part.test_cell}: {refusal}")
    known = {c for p in assignment.parts for c in p.cells}
    for name, cell in cells.items():
        meta = cell.metadata.nbgrader
        if meta.get("grade") and cell.cell_type == "code" and not meta.get("solution") and name not in known:
            problems.append(f"test cell {name} belongs to no part of the assignment: the judge would never grade it")
    return problems
