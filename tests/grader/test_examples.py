"""The documented table of graded example submissions (grader_examples.py / EXAMPLES.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from grader_examples import EXAMPLES, render_markdown

from kubesim_nb.grader.exercises import EXERCISES
from kubesim_nb.grader.grading import grade

TABLE = Path(__file__).with_name("EXAMPLES.md")


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_example_scores_and_feedback(example):
    result = grade(EXERCISES[example.exercise], example.answer)
    feedback = result.render_text()
    assert result.error is None, result.error
    assert result.points == example.points, feedback
    assert example.feedback in feedback
    assert result.max_points == EXERCISES[example.exercise].max_points


def test_the_table_is_large_and_covers_every_exercise():
    assert len(EXAMPLES) >= 20
    assert {e.exercise for e in EXAMPLES} == set(EXERCISES)
    assert len({e.name for e in EXAMPLES}) == len(EXAMPLES)
    for exercise in EXERCISES:  # each exercise has a full-marks answer and a mistake
        points = {e.points for e in EXAMPLES if e.exercise == exercise}
        assert EXERCISES[exercise].max_points in points and min(points) < EXERCISES[exercise].max_points


def test_documented_table_is_in_sync():
    assert TABLE.read_text() == render_markdown(), "EXAMPLES.md is stale: write grader_examples.render_markdown() to it"


def test_every_failed_check_explains_itself():
    for example in EXAMPLES:
        result = grade(EXERCISES[example.exercise], example.answer)
        for check in result.checks:
            assert check.found, (example.name, check.check_id)
            if not check.passed and not check.found.startswith("not checked"):
                assert check.expected, (example.name, check.check_id)
