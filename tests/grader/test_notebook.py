"""The assignment notebooks: the source agrees with the exercises; notebooks/09 is nbgrader's release of it."""

from __future__ import annotations

import json

import nbformat
from grader_course import ROOT, SOURCE_NOTEBOOK, hidden_test_lines, released, solution_answers

from kubesim_nb.grader.assignment import PARTS, cell_id
from kubesim_nb.grader.exercises import AI_DESIGN, REASONS

LEARNER_NOTEBOOK = ROOT / "notebooks" / "09-try-with-ai.ipynb"


def _cells(path) -> dict[str, nbformat.NotebookNode]:
    nb = nbformat.read(path, as_version=4)
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells if "nbgrader" in c.metadata}


def test_notebook_09_is_the_release_generate_assignment_makes(course):
    expected = json.loads(released(course).read_text())
    actual = json.loads(LEARNER_NOTEBOOK.read_text())
    assert actual == expected, (
        "notebooks/09-try-with-ai.ipynb is out of date: run `nbgrader generate_assignment "
        "try-with-ai --force` in a course folder (kubesim-course init) and copy release/try-with-ai/try-with-ai.ipynb"
    )


def test_source_notebook_cells_and_points_match_the_exercises():
    cells = _cells(SOURCE_NOTEBOOK)
    for part in PARTS:
        if part.exercise is not None:
            answer, tests = cells[part.answer_cell].metadata.nbgrader, cells[part.test_cell].metadata.nbgrader
            assert answer["solution"] and not answer["grade"]
            assert tests["grade"] and tests["locked"] and not tests["solution"]
            assert tests["points"] == part.exercise.max_points
            assert f'check("{part.id}")' in cells[part.test_cell].source
            assert "BEGIN HIDDEN TESTS" in cells[part.test_cell].source
        for manual in part.manual_cells:
            meta = cells[manual].metadata.nbgrader
            assert meta["grade"] and meta["solution"] and meta["points"] == part.manual_points
            assert cells[manual].cell_type == "markdown"
    graded = {name for name, c in cells.items() if c.metadata.nbgrader.get("grade")}
    assert graded == {p.test_cell for p in PARTS if p.test_cell} | {m for p in PARTS for m in p.manual_cells}


def test_source_notebook_shows_the_data_the_grader_uses():
    cells = _cells(SOURCE_NOTEBOOK)
    assert AI_DESIGN.rstrip() in cells["part2_task"].source
    for letter, reason in REASONS.items():
        assert f"**{letter}**: {reason}" in cells["part3_task"].source


def test_the_release_holds_no_solution_and_no_hidden_test(course):
    text = released(course).read_text()
    assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
    for line in hidden_test_lines():
        assert line not in text
    release = _cells(released(course))
    for grade_id, source in solution_answers().items():
        if grade_id in release:
            assert release[grade_id].source != source
    assert '"agent-service.default.svc.cluster.local"' not in text


def test_released_cells_have_the_ids_the_public_checks_look_for(course):
    """A front end reports the cell id of each cell it runs; check() finds the answer cell by it."""
    for cell in nbformat.read(released(course), as_version=4).cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id:
            assert cell.id == cell_id(grade_id)
