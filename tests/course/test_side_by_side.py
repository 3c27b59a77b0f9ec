"""Assignments side by side in one nbgrader course (issue 16, section 2), and a stock course without this project's
configuration (section 1).

``nbgrader quickstart course101`` makes a course with the stock assignment ``ps1``; ``kubesim-course init`` adds
*try-with-ai* to it, whose grading file then gets a changed point value and an added check (and its test cell the new
total); ``week2`` is made from it under a new name (notebook renamed too). Every assignment is released, autograded,
exported; ``ps1`` must be graded exactly as in an untouched copy of the quickstart course, ``try-with-ai`` and
``week2`` by the judge with the course's checks, in nbgrader and in ``kubesim-grade --assignment``. The untouched copy
also gets *try-with-ai* without the configuration: autograde stops with one line and grades nothing.
"""

from __future__ import annotations

import csv
import html
import json
import os
import shutil
import sys
from pathlib import Path

import nbformat
import pytest
from course_edits import TEAM_LABEL, edit_grading, more_for_selects_and_a_team_label, set_points
from grader_course import Notebook, nbgrader, run_limited, solution_answers

from kubesim_nb.course.init import template_notebook

SELECTOR_TYPO = "app: agnet"


def stock_nbgrader(course: Path, *args: str):
    """nbgrader in a course without kubesim-nb's configuration: with ``alembic`` on PATH, as stock nbgrader needs."""
    path = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")
    return run_limited([sys.executable, "-m", "nbgrader", *args], course, dict(os.environ, PATH=path))


def _quickstart(folder: Path) -> Path:
    done = run_limited([sys.executable, "-m", "nbgrader", "quickstart", "course101"], folder)
    assert done.returncode == 0, done.stderr[-2000:]
    return folder / "course101"


def _submit(notebook: Notebook, course: Path, student: str, assignment: str, name: str) -> None:
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook.nb, folder / f"{name}.ipynb")


def _submit_ps1(course: Path, student: str) -> None:
    folder = course / "submitted" / student / "ps1"
    folder.mkdir(parents=True)
    for name in ("problem1.ipynb", "problem2.ipynb"):  # the solutions, as a learner who got everything right
        shutil.copy(course / "source" / "ps1" / name, folder / name)


def _grades(course: Path, assignment: str, notebooks: tuple[str, ...], student: str) -> dict:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {
            (nb, g.name): (g.score, g.needs_manual_grade)
            for nb in notebooks
            for g in gb.find_submission_notebook(nb, assignment, student).grades
        }


@pytest.fixture(scope="module")
def classes(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("side-by-side")
    course = _quickstart(root)
    stock = root / "stock101"
    shutil.copytree(course, stock)  # the same course, never given kubesim-nb's configuration
    init = run_limited([sys.executable, "-m", "kubesim_nb.course.init", "init", str(course)], root)
    assert init.returncode == 0, init.stderr
    edit_grading(course, more_for_selects_and_a_team_label)
    set_points(course, "part1_tests", 12)
    shutil.copytree(course / "source" / "try-with-ai", course / "source" / "week2")
    (course / "source" / "week2" / "try-with-ai.ipynb").rename(course / "source" / "week2" / "week2.ipynb")
    logs = {}
    for assignment in ("ps1", "try-with-ai", "week2"):
        logs[f"release {assignment}"] = nbgrader(course, "generate_assignment", assignment)
    release = Notebook(course / "release" / "try-with-ai" / "try-with-ai.ipynb")
    solutions = solution_answers()
    labelled = solutions["part1_answer"].replace(
        "  name: agent-service", "  name: agent-service\n  labels:\n    team: ai"
    )
    _submit(release.copy().answers(dict(solutions, part1_answer=labelled)), course, "ada", "try-with-ai", "try-with-ai")
    typo = solutions["part1_answer"].replace("app: agent", SELECTOR_TYPO)
    _submit(release.copy().answers(dict(solutions, part1_answer=typo)), course, "bob", "try-with-ai", "try-with-ai")
    week2 = Notebook(course / "release" / "week2" / "week2.ipynb")
    _submit(week2.copy().answers(solutions), course, "ada", "week2", "week2")
    _submit(week2.copy(), course, "bob", "week2", "week2")
    for student in ("ada", "bob"):
        _submit_ps1(course, student)
    for assignment in ("ps1", "try-with-ai", "week2"):
        logs[f"autograde {assignment}"] = nbgrader(course, "autograde", assignment, check=False)
    logs["feedback"] = nbgrader(course, "generate_feedback", "try-with-ai", check=False)
    logs["export"] = nbgrader(course, "export", "--to", "grades.csv", check=False)
    cli = {}
    for assignment in ("try-with-ai", "week2"):
        done = run_limited(
            [sys.executable, "-m", "kubesim_nb.grader.cli", "--submitted", "submitted", "--assignment", assignment]
            + ["--json", "--jobs", "1", "--no-progress"],
            course,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        cli[assignment] = {o["student"]: o for o in json.loads(done.stdout)}
    # the untouched quickstart course: ps1 as stock nbgrader grades it; try-with-ai without the configuration
    stock_nbgrader(stock, "generate_assignment", "ps1")
    _submit_ps1(stock, "ada")
    stock_ps1 = stock_nbgrader(stock, "autograde", "ps1")
    (stock / "source" / "try-with-ai").mkdir()
    shutil.copy(template_notebook(), stock / "source" / "try-with-ai" / "try-with-ai.ipynb")
    stock_nbgrader(stock, "generate_assignment", "try-with-ai")
    stock_release = Notebook(stock / "release" / "try-with-ai" / "try-with-ai.ipynb")
    _submit(stock_release.copy(), stock, "ada", "try-with-ai", "try-with-ai")
    unconfigured = stock_nbgrader(stock, "autograde", "try-with-ai")
    return {
        "course": course,
        "stock": stock,
        "logs": logs,
        "cli": cli,
        "stock_ps1": stock_ps1,
        "unconfigured": unconfigured,
        "rows": {(r["assignment"], r["student_id"]): r for r in csv.DictReader((course / "grades.csv").open())},
    }


def test_every_step_succeeds(classes):
    for step, done in classes["logs"].items():
        assert done.returncode == 0, f"{step}:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    # nbgrader's own errors; not a kernel's "[IPKernelApp] ERROR | KeyboardInterrupt caught in kernel.", which a
    # kernel slow to shut down on a loaded machine prints when jupyter_client interrupts it after 5 s
    assert "[AutogradeApp | ERROR]" not in classes["logs"]["autograde ps1"].stderr
    assert classes["stock_ps1"].returncode == 0


def test_the_stock_assignment_is_graded_exactly_as_stock_nbgrader_grades_it(classes):
    notebooks = ("problem1", "problem2")
    ours = _grades(classes["course"], "ps1", notebooks, "ada")
    assert ours == _grades(classes["stock"], "ps1", notebooks, "ada")
    assert ours[("problem1", "correct_squares")] == (1.0, False)  # executed, as nbgrader does
    assert (classes["course"] / "release" / "ps1" / "jupyter.png").is_file()  # files beside its notebooks released


def test_the_export_has_each_assignments_own_columns(classes):
    rows = classes["rows"]
    ps1, ours = rows[("ps1", "ada")], rows[("try-with-ai", "ada")]
    assert float(ps1["problem1"]) == 3.0 and float(ps1["max_problem1"]) == 10.0 and float(ps1["max_score"]) == 13
    assert ps1["part1"] == ps1["max_part1"] == "" and ps1["status"] == "graded"
    assert ours["problem1"] == ours["max_problem1"] == ""
    assert float(ours["max_score"]) == 49  # 47 with part1 worth 12 instead of 10


def test_a_changed_point_value_and_an_added_check_show_up_in_grading_feedback_and_export(classes):
    rows, cli = classes["rows"], classes["cli"]["try-with-ai"]
    assert (
        float(rows[("try-with-ai", "ada")]["part1"]) == 12.0 and float(rows[("try-with-ai", "ada")]["max_part1"]) == 12
    )
    bob = float(rows[("try-with-ai", "bob")]["part1"])
    assert bob == 5.0  # accepted 1, named 1, ports 2, type 1: the typo costs selects (3), reachable, rollout, label
    for student in ("ada", "bob"):
        part1 = cli[student]["parts"]["part1"]
        assert sum(c["points"] for c in part1["checks"]) == float(rows[("try-with-ai", student)]["part1"])
        assert [c["check_id"] for c in part1["checks"]][-1] == "team-label"
    page = html.unescape((classes["course"] / "feedback" / "ada" / "try-with-ai" / "try-with-ai.html").read_text())
    assert "Part 1: internal access: 12 / 12 points" in page and TEAM_LABEL["title"] in page
    assert "BEGIN HIDDEN TESTS" not in page
    bob_page = html.unescape((classes["course"] / "feedback" / "bob" / "try-with-ai" / "try-with-ai.html").read_text())
    assert TEAM_LABEL["title"] in bob_page and "expected: other output" in bob_page  # hidden: never the value


def test_a_renamed_assignment_works_in_both_paths(classes):
    rows, cli = classes["rows"], classes["cli"]["week2"]
    ada, bob = rows[("week2", "ada")], rows[("week2", "bob")]
    assert float(ada["max_part1"]) == 12 and float(ada["max_dns"]) == 5 and ada["status"] == "graded"
    assert float(ada["part1"]) == 11.0 and float(bob["part1"]) == 0.0  # the solution has no team label
    for student, row in (("ada", ada), ("bob", bob)):
        assert cli[student]["status"] == "graded"
        for part, result in cli[student]["parts"].items():
            assert sum(c["points"] for c in result["checks"]) == float(row[part]), (student, part)


def test_without_the_configuration_autograde_stops_with_one_line_and_grades_nothing(classes):
    done = classes["unconfigured"]
    assert done.returncode != 0
    said = [line for line in (done.stdout + done.stderr).splitlines() if line.startswith("kubesim-nb:")]
    assert len(said) == 1 and "lacks kubesim-nb's nbgrader configuration" in said[0]
    assert not (classes["stock"] / "autograded" / "ada" / "try-with-ai").exists()


def test_code_in_a_hidden_tests_region_is_refused_at_release(tmp_path):
    from kubesim_nb.course.init import init_course

    course = tmp_path / "course"
    init_course(course)
    path = course / "source" / "try-with-ai" / "try-with-ai.ipynb"
    nb = nbformat.read(path, as_version=4)
    tests = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "dns_tests")
    tests.source = tests.source.replace("### END HIDDEN TESTS", "assert agent_dns_name.endswith('.local')\n### END")
    nbformat.write(nb, path)
    done = nbgrader(course, "generate_assignment", "try-with-ai", check=False)
    assert done.returncode != 0
    assert "dns_tests: line 5 (assert agent_dns_name.endswith('.local')) would never run" in done.stderr
    assert not (course / "release" / "try-with-ai" / "try-with-ai.ipynb").exists()
