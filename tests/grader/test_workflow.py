"""The instructor's workflow of ``autograder/README.md``, step by step, from a course folder ``kubesim-course init``
made.

Release, collect the LMS download with ``nbgrader zip_collect``, check the folders with ``kubesim-grade
--check-submitted``, autograde, grade the reflection by hand (through the gradebook, as formgrader does), re-grade
one student with ``--force``, generate feedback and export; every command run from the course folder as the README
says, with no ``alembic`` on PATH. Honest notebooks log no checksum warning; an edited test cell does.
"""

from __future__ import annotations

import csv
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from grader_course import ASSIGNMENT, GUIDE, Notebook, nbgrader, run_limited, solution_answers
from grader_examples import EXAMPLES
from traitlets.config import Config

from kubesim_nb.grader.assignment import NOTEBOOK_ID, PARTS
from kubesim_nb.grader.nbgrader_plugins import guard_course

README = GUIDE.read_text()
AUTO = [p.id for p in PARTS if p.exercise is not None]
FULL = {p.id: float(p.max_points) for p in PARTS if p.exercise is not None}
REFLECTION = {"part5_q1": 2.0, "part5_q2": 1.0, "part5_q3": 2.0}
SELECTOR_TYPO = next(e for e in EXAMPLES if e.name == "selector-typo").answer

# the README's commands, in order
INIT = "kubesim-course init ~/kubesim-course"
RELEASE = "nbgrader generate_assignment try-with-ai"
COLLECT = "nbgrader zip_collect try-with-ai"
CHECK = "kubesim-grade --check-submitted submitted"
AUTOGRADE = "nbgrader autograde try-with-ai"
REGRADE = "nbgrader autograde try-with-ai --force --student 1001"
FEEDBACK = "nbgrader generate_feedback try-with-ai"
EXPORT = "nbgrader export --to grades.csv"
PARALLEL = "kubesim-grade --submitted submitted --csv grades-per-part.csv"


def run(course: Path, command: str) -> str:
    """A README command, from the course folder; its output (stdout and stderr)."""
    program, *args = command.split()
    if program == "nbgrader":
        done = nbgrader(course, *args, check=False)
    elif program == "kubesim-course":  # ~ is the instructor's home: here, the test's folder
        done = run_limited([sys.executable, "-m", "kubesim_nb.course.init", args[0], str(course)], course.parent)
    else:
        done = run_limited([sys.executable, "-m", "kubesim_nb.grader.cli", *args], course)
    assert done.returncode == 0 or command == CHECK, f"{command}:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done.stdout + done.stderr


def lms_download(course: Path) -> None:
    """What Canvas's "Download Submissions" gives: one zip, files named <name>_[LATE_]<user id>_<submission id>_..."""
    release = Notebook(course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    correct = release.copy().answers(solution_answers())
    correct.cell("part5_q1").source = "Internal first; the laptop test needed a NodePort."
    partial = release.copy().answers(
        dict(solution_answers(), part1_answer="%%writefile agent-service.yaml\n" + SELECTOR_TYPO)
    )
    tampered = release.copy().answers(solution_answers())
    tampered.cell("part1_tests").source = 'print("all tests passed")'
    files = {
        "lovelaceada_1001_5001_try-with-ai.ipynb": correct,
        "hopper_1002_5002_try-with-ai.ipynb": partial,
        "turingalan_LATE_1003_5003_try-with-ai.ipynb": release.copy(),
        "liskovbarbara_1004_5004_try-with-ai-1.ipynb": release.copy().answers(solution_answers()),  # resubmitted
        "knuthdon_1005_5005_try-with-ai.ipynb": tampered,
    }
    archive = course / "downloaded" / ASSIGNMENT / "archive"
    archive.mkdir(parents=True)
    with zipfile.ZipFile(archive / "submissions.zip", "w") as bundle:
        for name, notebook in files.items():
            bundle.writestr(name, nbformat.writes(notebook.nb))


@pytest.fixture(scope="module")
def workflow(tmp_path_factory) -> dict:
    course = tmp_path_factory.mktemp("workflow") / "kubesim-course"
    logs = {INIT: run(course, INIT)}
    logs[RELEASE] = run(course, RELEASE)
    lms_download(course)
    logs[COLLECT] = run(course, COLLECT)
    logs["check before"] = run(course, CHECK)
    logs["first autograde"] = run(course, AUTOGRADE)
    resubmitted = course / "submitted" / "1004" / ASSIGNMENT
    (resubmitted / f"{ASSIGNMENT}-1.ipynb").rename(resubmitted / f"{ASSIGNMENT}.ipynb")  # what the check asked
    logs["check after"] = run(course, CHECK)
    logs[AUTOGRADE] = run(course, AUTOGRADE)
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        needs_manual = {s.id: _needs_manual(gb, s.id) for s in gb.students}
        for cell, score in REFLECTION.items():  # formgrader's "Manual Grading" page does this
            grade = gb.find_grade(cell, NOTEBOOK_ID, ASSIGNMENT, "1001")
            grade.manual_score = score
        gb.db.commit()
    logs[REGRADE] = run(course, REGRADE)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        review_after_regrade = _needs_manual(gb, "1001")
    logs[FEEDBACK] = run(course, FEEDBACK)
    logs[EXPORT] = run(course, EXPORT)
    logs[PARALLEL] = run(course, PARALLEL)
    return {
        "course": course,
        "logs": logs,
        "needs_manual": needs_manual,
        "review after regrade": review_after_regrade,
        "grades": {r["student_id"]: r for r in csv.DictReader((course / "grades.csv").open())},
        "parallel": {r["student_id"]: r for r in csv.DictReader((course / "grades-per-part.csv").open())},
    }


def _needs_manual(gb, student: str) -> set[str]:
    submission = gb.find_submission_notebook(NOTEBOOK_ID, ASSIGNMENT, student)
    return {g.name for g in submission.grades if g.needs_manual_grade}


def test_the_readme_gives_these_commands_in_this_order():
    positions = [README.find(command) for command in (INIT, RELEASE, COLLECT, CHECK, AUTOGRADE, FEEDBACK, EXPORT)]
    assert -1 not in positions and positions == sorted(positions), positions
    assert REGRADE in README and PARALLEL.split(" --csv")[0] in README


def test_release_holds_the_notebook_only(workflow):
    release = workflow["course"] / "release" / ASSIGNMENT
    assert [p.name for p in release.iterdir()] == [f"{ASSIGNMENT}.ipynb"]
    assert "WARNING" not in workflow["logs"][RELEASE]


def test_zip_collect_files_each_student_by_lms_id(workflow):
    submitted = workflow["course"] / "submitted"
    assert sorted(p.name for p in submitted.iterdir()) == ["1001", "1002", "1003", "1004", "1005"]
    assert (submitted / "1003" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()


def test_the_check_finds_the_resubmitted_file_and_then_passes(workflow):
    before = workflow["logs"]["check before"]
    assert f"1004: missing: no {ASSIGNMENT}/{ASSIGNMENT}.ipynb" in before and f"{ASSIGNMENT}-1.ipynb" in before
    assert "4 of 5 student folders ready" in before
    assert "submitted/'1004' is not graded" in workflow["logs"]["first autograde"]
    assert "5 of 5 student folders ready" in workflow["logs"]["check after"]


def test_honest_notebooks_log_no_checksum_warning_and_an_edited_test_cell_does(workflow):
    for step in ("first autograde", AUTOGRADE, REGRADE):
        log = workflow["logs"][step]
        warnings = [line for line in log.splitlines() if "checksum" in line.lower() and "WARNING" in line]
        edited = "Sanitizing" in log and "/submitted/1005/" in log
        assert len(warnings) == (1 if edited else 0), (step, warnings)
        assert all("part1_tests" in w for w in warnings)


def test_the_reflection_waits_for_manual_grading_only_when_answered(workflow):
    assert workflow["needs_manual"]["1001"] == {"part5_q1"}
    assert workflow["needs_manual"]["1003"] == set()  # unanswered: 0, nothing to grade


def test_regrading_with_force_keeps_the_manual_grades_for_review(workflow):
    assert workflow["review after regrade"] == set(REFLECTION)
    row = workflow["grades"]["1001"]
    assert float(row["part5"]) == sum(REFLECTION.values())
    assert float(row["score"]) == sum(FULL.values()) + sum(REFLECTION.values())


def test_export_has_every_student_per_part(workflow):
    grades = workflow["grades"]
    assert set(grades) == {"1001", "1002", "1003", "1004", "1005"}
    assert {p: float(grades["1002"][p]) for p in AUTO} == dict(FULL, part1=5.0)
    assert {p: float(grades["1003"][p]) for p in AUTO} == dict.fromkeys(AUTO, 0.0)
    for student in ("1004", "1005"):
        assert {p: float(grades[student][p]) for p in AUTO} == FULL


def test_feedback_for_every_graded_student(workflow):
    feedback = workflow["course"] / "feedback"
    for student in workflow["grades"]:
        assert (feedback / student / ASSIGNMENT / f"{ASSIGNMENT}.html").is_file()


def test_kubesim_grade_agrees_with_the_export(workflow):
    for student, row in workflow["grades"].items():
        parallel = workflow["parallel"][student]
        assert parallel["status"] == "graded"
        assert {p: float(parallel[p]) for p in AUTO} == {p: float(row[p]) for p in AUTO}, student


def test_without_alembic_nbgrader_stops_with_one_line_before_making_a_gradebook(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    with pytest.raises(SystemExit) as stopped:
        guard_course(Config(), tmp_path)
    message = str(stopped.value)
    assert "\n" not in message and "`alembic`" in message
    assert not (tmp_path / "gradebook.db").exists()
