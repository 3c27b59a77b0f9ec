"""Answering notebook 9 (the released nbgrader assignment) as a learner would, so it can run top to bottom.

Its public checks fail until it is answered — that is what nbgrader's Validate relies on — so the notebook tests
fill in the instructor's solutions, taken from the source notebook, before executing it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENT = "09-try-with-ai"


def answer_the_assignment(notebook) -> None:
    sys.path.insert(0, str(ROOT / "tests" / "grader"))
    from grader_course import solution_answers

    answers = solution_answers()
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]


def answer_in_place(folder: Path) -> None:
    path = folder / f"{ASSIGNMENT}.ipynb"
    notebook = nbformat.read(path, as_version=4)
    answer_the_assignment(notebook)
    nbformat.write(notebook, path)
