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


def _graded_examples():
    return [(e, grade(EXERCISES[e.exercise], e.answer)) for e in EXAMPLES]


def test_a_manifest_the_api_server_refuses_earns_nothing():
    refused = 0
    for example, result in _graded_examples():
        accepted = next((c for c in result.checks if c.check_id == "accepted"), None)
        if accepted is None or accepted.passed or result.problem:
            continue
        refused += 1
        assert result.points == 0, example.name
        others = [c for c in result.checks if c.check_id != "accepted"]
        assert all(c.found.startswith("not checked: the API server refused your manifest") for c in others)
    assert refused >= 6


def test_routing_survives_a_rollout_only_where_routing_worked():
    for name in ("target-port-9999", "no-target-port", "ports-swapped", "external-target-80"):
        example = next(e for e in EXAMPLES if e.name == name)
        result = grade(EXERCISES[example.exercise], example.answer)
        rollout = next(c for c in result.checks if c.check_id == "survives-rollout")
        assert not rollout.passed and "even before a rollout" in rollout.found, name


# What the solutions contain that a hidden check's expectation or hint must not spell out.
SPOILERS = (".svc.cluster.local", "<service>", "<namespace>", "nodePort", "targetPort 8000", "targetPort: 8000")


def test_hidden_feedback_says_what_was_wrong_without_the_answer():
    failed_hidden = 0
    for example, result in _graded_examples():
        for check in result.checks:
            if check.hidden and not check.passed and not check.found.startswith("not checked"):
                failed_hidden += 1
                for spoiler in SPOILERS:
                    assert spoiler not in check.expected + check.hint, (example.name, check.check_id, spoiler)
    assert failed_hidden >= 20


def test_feedback_never_tells_to_run_a_cell_for_grading():
    for example, result in _graded_examples():
        text = result.render_text()
        assert "run it" not in text and "run the cell" not in text, example.name
        assert "= True" not in text or example.exercise == "evaluate-design", example.name
