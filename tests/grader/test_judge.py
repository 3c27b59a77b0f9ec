"""The judge process: same verdicts as in-process grading, bounded, and loud when it cannot give a verdict."""

from __future__ import annotations

import pytest
from grader_course import solution_answers

from kubesim_nb.grader.assignment import PARTS, grade_cells
from kubesim_nb.grader.judge import JudgeFailed, JudgeLimits, run_judge


@pytest.fixture(scope="module")
def answers() -> dict[str, str]:
    return solution_answers()


def test_judge_process_agrees_with_in_process_grading(answers):
    mixed = dict(
        answers, part1_answer="%%writefile agent-service.yaml\nkind: Service\n", dns_answer="agent_dns_name = 1"
    )
    assert run_judge(mixed) == grade_cells(mixed)


def test_judge_grades_every_automatic_part_and_solutions_earn_full_marks(answers):
    results = run_judge(answers)
    auto = [p for p in PARTS if p.exercise]
    assert set(results) == {p.id for p in auto}
    for part in auto:
        assert results[part.id].points == part.max_points, results[part.id].render_text()


def test_missing_and_foreign_cells_are_reported_not_crashed():
    results = run_judge({"unrelated": "import os; os._exit(3)", "part2_answer": "while True:\n    pass\n"})
    assert "no answer cell" in results["part1"].problem
    assert results["part2"].points == 0 and "code other than answers" in results["part2"].problem


def test_a_judge_that_runs_out_of_time_fails_loudly(answers):
    # 5 ms is less than a Python interpreter needs to start, so the limit is hit however fast the machine is
    with pytest.raises(JudgeFailed, match="did not finish"):
        run_judge(answers, limits=JudgeLimits(wall_seconds=0.005))


def test_the_judge_runs_under_a_memory_cap(answers):
    # 20 MiB of address space is too little for the interpreter to read its input: the cap is in force
    with pytest.raises(JudgeFailed, match="exited with status"):
        run_judge(answers, limits=JudgeLimits(memory_mb=20))


def test_huge_cells_do_not_break_the_judge(answers):
    huge = dict(
        answers, part1_answer="%%writefile agent-service.yaml\n" + "# padding\n" * 500_000, part5_q1="word " * 1_000_000
    )
    results = run_judge(huge)
    assert results["part1"].points == 0 and "an answer of 5,000,031 bytes" in results["part1"].problem
    assert results["dns"].points == 5
