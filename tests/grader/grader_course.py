"""Helpers for tests that drive nbgrader: a temporary course, learner notebooks built from the release.

``make_course`` makes a course folder as ``kubesim-course init`` does (``kubesim_nb/course/init.py``) and runs
``nbgrader generate_assignment``.
``Notebook`` edits a released notebook the way learners (and cheaters) do:
fill answer cells by nbgrader id, add cells, delete or re-label cells.
"""

from __future__ import annotations

import copy
import os
import resource
import subprocess
import sys
from pathlib import Path

import nbformat

from kubesim_nb.course.init import init_course, template_notebook

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "autograder" / "README.md"  # the instructor's guide
ASSIGNMENT = "try-with-ai"
SOURCE_NOTEBOOK = template_notebook()


MEMORY_LIMIT_MB = 4096  # a regression that reads /dev/zero fails its test instead of eating the machine


def without_this_python_on_path() -> dict[str, str]:
    """The environment of an instructor who did not activate this Python's environment (no ``alembic`` on PATH)."""
    here = os.path.dirname(sys.executable)
    path = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p and os.path.abspath(p) != here]
    return dict(os.environ, PATH=os.pathsep.join(path))


def _limit_memory() -> None:
    limit = MEMORY_LIMIT_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_limited(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """A command under a memory and time limit, as the grader's tests run nbgrader and kubesim-grade."""
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900, preexec_fn=_limit_memory
    )


def nbgrader(course: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """``nbgrader ARGS`` in ``course``, run as the README says (the course configuration finds ``alembic``)."""
    result = run_limited([sys.executable, "-m", "nbgrader", *args], course, without_this_python_on_path())
    if check and result.returncode != 0:
        raise AssertionError(
            f"nbgrader {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return result


def make_course(folder: Path) -> Path:
    init_course(folder)
    nbgrader(folder, "generate_assignment", ASSIGNMENT, "--force")
    return folder


def released(course: Path) -> Path:
    return course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"


def _strip_solution_markers(source: str) -> str:
    return "\n".join(line for line in source.split("\n") if "BEGIN SOLUTION" not in line and "END SOLUTION" not in line)


def solution_answers() -> dict[str, str]:
    """The source notebook's answers, as a learner would type them into the released cells."""
    nb = nbformat.read(SOURCE_NOTEBOOK, as_version=4)
    return {
        c.metadata["nbgrader"]["grade_id"]: _strip_solution_markers(c.source)
        for c in nb.cells
        if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code"
    }


def hidden_test_lines() -> list[str]:
    """Every non-blank line inside the source notebook's hidden-test regions."""
    lines, inside = [], False
    for cell in nbformat.read(SOURCE_NOTEBOOK, as_version=4).cells:
        for line in cell.source.split("\n"):
            if "BEGIN HIDDEN TESTS" in line:
                inside = True
            elif "END HIDDEN TESTS" in line:
                inside = False
            elif inside and line.strip():
                lines.append(line.strip())
    return lines


class Notebook:
    """A learner's copy of the released notebook."""

    def __init__(self, path: Path):
        self.nb = nbformat.read(path, as_version=4)

    def copy(self) -> "Notebook":
        clone = object.__new__(Notebook)
        clone.nb = copy.deepcopy(self.nb)
        return clone

    def cell(self, grade_id: str):
        return next(c for c in self.nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)

    def index(self, grade_id: str) -> int:
        return next(
            i for i, c in enumerate(self.nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id
        )

    def answer(self, **sources: str) -> "Notebook":
        for grade_id, source in sources.items():
            self.cell(grade_id).source = source
        return self

    def answers(self, sources: dict[str, str]) -> "Notebook":
        return self.answer(**sources)

    def insert_code(self, source: str, after: str = "setup") -> "Notebook":
        self.nb.cells.insert(self.index(after) + 1, nbformat.v4.new_code_cell(source))
        return self

    def delete(self, *grade_ids: str) -> "Notebook":
        self.nb.cells = [c for c in self.nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") not in grade_ids]
        return self

    def test_cells(self) -> list:
        return [c for c in self.nb.cells if c.metadata.get("nbgrader", {}).get("grade_id", "").endswith("_tests")]

    def submit(self, course: Path, student: str) -> Path:
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{ASSIGNMENT}.ipynb"
        nbformat.write(self.nb, path)
        return path
