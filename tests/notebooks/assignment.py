"""Notebook 9 (the released nbgrader assignment) as a learner meets it: untouched, or answered as a learner would.

Its checks do not pass until it is answered — each says so in a short message on stderr, which nbgrader's Validate
counts as a failed test cell — yet Run All reaches the end either way. The notebook tests run it both ways:
untouched, and with the instructor's solutions (taken from the source notebook) filled in.
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


def check_verdicts(notebook) -> dict[str, tuple[str, str]]:
    """``{grade_id: (stdout, stderr)}`` of every check cell of an executed copy of the notebook."""
    verdicts = {}
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if grade_id.endswith("_tests"):
            streams = [(o.name, o.text) for o in cell.outputs if o.output_type == "stream"]
            verdicts[grade_id] = tuple(
                "".join(text for name, text in streams if name == n) for n in ("stdout", "stderr")
            )
    return verdicts


def assert_checks_tell_the_truth(notebook, answered: bool) -> None:
    """Answered: every check passes, nothing on stderr. Untouched: every check says so, briefly, on stderr alone."""
    verdicts = check_verdicts(notebook)
    assert len(verdicts) == 6
    for grade_id, (out, err) in verdicts.items():
        if answered:
            assert "public checks passed" in out and not err, (grade_id, out, err)
        else:
            assert not out and len(err.splitlines()) <= 3 and ": not answered yet: " in err, (grade_id, out, err)
