"""Submissions are files from strangers, and every student is accounted for (issue 13, sections 2 and 3).

One hostile class, graded through both paths: ``kubesim-grade --submitted`` and one ``nbgrader autograde`` run, each
a process under a time and memory limit (a regression that hangs on a pipe or reads ``/dev/zero`` fails its test
instead of hanging the suite or eating the machine), followed by
``generate_feedback`` and ``export``. Symbolic links, a named pipe, a device and an oversized notebook are refused
with 0 and a reason; files beside the notebook are never copied; misnamed, nested and old-format notebooks, odd
folder names and formula-like names are each graded as themselves or refused by name.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from grader_course import ASSIGNMENT, SOURCE_NOTEBOOK, Notebook, nbgrader, released, run_limited, solution_answers

from kubesim_nb.grader.assignment import PARTS
from kubesim_nb.grader.collection import MAX_NOTEBOOK_BYTES, SIDE_FILES, NotGradable, read_notebook
from kubesim_nb.grader.spreadsheet import neutralised

FULL = sum(p.max_points for p in PARTS if p.exercise is not None)
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
PASSWD_LINE = "root:x:0:0"


def _symlink(target: str | Path, link: Path) -> None:
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target)


def _folder(course: Path, student: str) -> Path:
    folder = course / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True, exist_ok=True)
    return folder


GRADED, REFUSED, MISSING, UNREADABLE, GRADING_ERROR = "graded", "refused", "missing", "unreadable", "grading error"
HONEST = ("alice", "x", "starfish", "-dash", "eve", "old_format")  # correct answers
BLANK = ("=1+1", "émilie", "sp ace", "quo'te")  # the released notebook, unanswered
ODD_NAMES = ("[x]", "star*", "tab\there", ".hidden")  # refused by name: x and starfish keep their own grades
REFUSED_WITH_ZERO = ("link_source", "link_peer", "link_folder", "link_assignment", "device", "fifo")
# student -> (kubesim-grade status, its auto score, nbgrader's score; None: nbgrader leaves it out)
EXPECTED: dict[str, tuple[str, float, float | None]] = {
    **{s: (GRADED, FULL, FULL) for s in HONEST},
    **{s: (GRADED, 0.0, 0.0) for s in BLANK},
    **{s: (REFUSED, 0.0, None) for s in ODD_NAMES},
    **{s: (REFUSED, 0.0, 0.0) for s in (*REFUSED_WITH_ZERO, "huge")},
    "not_json": (UNREADABLE, 0.0, 0.0),
    **{s: (MISSING, 0.0, None) for s in ("misnamed", "capitals", "nested", "empty", "broken_link")},
    "pipe_time": (REFUSED, 0.0, None),  # a timestamp.txt nbgrader would read forever
}


def build_class(course: Path) -> None:
    """The hostile class of EXPECTED: honest students with odd names, links, a pipe, a device, misnamed notebooks..."""
    release = Notebook(released(course))
    good = release.copy().answers(solution_answers())
    for student in ("alice", "x", "starfish", "-dash", "pipe_time"):
        good.copy().submit(course, student)
    for student in (*BLANK, *ODD_NAMES):
        release.copy().submit(course, student)
    (_folder(course, "old_format") / NOTEBOOK).write_text(nbformat.writes(nbformat.convert(good.copy().nb, 3)))
    os.mkfifo(_folder(course, "pipe_time") / "timestamp.txt")
    # links and special files: refused with 0
    _symlink(SOURCE_NOTEBOOK, _folder(course, "link_source") / NOTEBOOK)
    _symlink(f"../../alice/{ASSIGNMENT}/{NOTEBOOK}", _folder(course, "link_peer") / NOTEBOOK)
    _symlink("alice", course / "submitted" / "link_folder")
    _symlink(f"../alice/{ASSIGNMENT}", course / "submitted" / "link_assignment" / ASSIGNMENT)
    _symlink("/dev/zero", _folder(course, "device") / NOTEBOOK)
    _symlink("no-such-notebook.ipynb", _folder(course, "broken_link") / NOTEBOOK)
    os.mkfifo(_folder(course, "fifo") / NOTEBOOK)
    huge = good.copy()
    huge.nb.metadata["padding"] = "x" * MAX_NOTEBOOK_BYTES
    huge.submit(course, "huge")
    (_folder(course, "not_json") / NOTEBOOK).write_text('{"cells": [')
    # files beside an honest notebook: links out of the folder, a pipe, a device; never read, never copied
    eve = good.copy().submit(course, "eve").parent
    _symlink(course / "gradebook.db", eve / "gradebook.db")
    _symlink("/etc/passwd", eve / "passwd")
    _symlink("/dev/zero", eve / "zero")
    os.mkfifo(eve / "pipe")
    (eve / "agent-service.yaml").write_text("kind: Service\n")
    # missing or misnamed notebooks: listed with a reason, never silently left out
    good.copy().submit(course, "misnamed").rename(_folder(course, "misnamed") / f"{ASSIGNMENT} (1).ipynb")
    good.copy().submit(course, "capitals").rename(_folder(course, "capitals") / "Try-With-AI.ipynb")
    (_folder(course, "nested") / "inner").mkdir()
    good.copy().submit(course, "nested").rename(_folder(course, "nested") / "inner" / NOTEBOOK)
    (course / "submitted" / "empty").mkdir()


def run_kubesim_grade(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return run_limited([sys.executable, "-m", "kubesim_nb.grader.cli", *args], cwd)


@pytest.fixture(scope="module")
def graded(course, tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("hostile") / "course"
    shutil.copytree(course, root)
    build_class(root)
    check = run_kubesim_grade("--check-submitted", "submitted", cwd=root)
    cli = run_kubesim_grade("--submitted", "submitted", "--csv", "kubesim.csv", "--jobs", "2", "--json", cwd=root)
    text = run_kubesim_grade("--submitted", "submitted", "--jobs", "2", "--no-progress", cwd=root)
    autograde = nbgrader(root, "autograde", ASSIGNMENT, check=False)
    feedback = nbgrader(root, "generate_feedback", ASSIGNMENT, check=False)
    export = nbgrader(root, "export", "--to", "grades.csv", check=False)
    from nbgrader.api import Gradebook

    scores = {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        for student in gb.students:
            scores[student.id] = gb.find_submission(ASSIGNMENT, student.id).score
    return {
        "root": root,
        "check": check,
        "cli": cli,
        "json": {o["student"]: o for o in json.loads(cli.stdout)},
        "table": text,
        "csv": {r["student_id"]: r for r in csv.DictReader((root / "kubesim.csv").open(encoding="utf-8"))},
        "autograde": autograde,
        "feedback": feedback,
        "export": export,
        "scores": scores,
        "grades": {r["student_id"]: r for r in csv.DictReader((root / "grades.csv").open(encoding="utf-8"))},
    }


def test_the_commands_finish_and_say_some_students_were_not_graded(graded):
    assert graded["cli"].returncode == 1, graded["cli"].stderr[-2000:]
    assert graded["check"].returncode == 1
    assert graded["autograde"].returncode == 0, graded["autograde"].stderr[-3000:]
    assert graded["feedback"].returncode == 0, graded["feedback"].stderr[-3000:]
    assert graded["export"].returncode == 0, graded["export"].stderr[-3000:]
    assert "Traceback" not in graded["cli"].stderr + graded["check"].stderr


@pytest.mark.parametrize("student", sorted(EXPECTED))
def test_kubesim_grade_gives_every_student_a_status(graded, student):
    status, auto, _ = EXPECTED[student]
    outcome = graded["json"][student]
    assert outcome["status"] == status, outcome["reason"]
    assert (outcome["reason"] == "") == (status == GRADED)
    assert outcome["points"] == auto  # not graded: a clear zero


def test_every_student_folder_is_in_the_table_the_json_and_the_csv(graded):
    assert set(graded["json"]) == set(EXPECTED)
    shown = {neutralised(name.replace("\t", "\\t")) for name in EXPECTED}
    assert set(graded["csv"]) == shown
    lines = graded["table"].stdout.splitlines()
    assert lines[-1].startswith(f"{sum(s == GRADED for s, *_ in EXPECTED.values())} of {len(EXPECTED)} students")
    assert any(line.startswith("tab\\there ") for line in lines)  # escaped, never a raw control character
    for row in graded["csv"].values():
        assert (row["auto_score"] == "") == (row["status"] == GRADING_ERROR)
        assert row["status"] == GRADED or float(row["auto_score"]) == 0.0
        assert (row["reason"] == "") == (row["status"] == GRADED)


def test_each_refusal_says_why(graded):
    reasons = {name: o["reason"] or "" for name, o in graded["json"].items()}
    assert "symbolic link" in reasons["link_source"] and "symbolic link" in reasons["link_peer"]
    assert "link_folder is a symbolic link (to alice)" in reasons["link_folder"]
    assert f"{ASSIGNMENT} is a symbolic link" in reasons["link_assignment"]
    assert "symbolic link (to /dev/zero)" in reasons["device"]
    assert "broken symbolic link (to no-such-notebook.ipynb)" in reasons["broken_link"]
    assert "named pipe" in reasons["fifo"]
    assert "larger than 8 MiB" in reasons["huge"]
    assert "not valid notebook JSON" in reasons["not_json"]
    assert f"'{ASSIGNMENT}/{ASSIGNMENT} (1).ipynb'" in reasons["misnamed"] and "rename" in reasons["misnamed"]
    assert f"'{ASSIGNMENT}/Try-With-AI.ipynb'" in reasons["capitals"]
    assert f"'{ASSIGNMENT}/inner/{NOTEBOOK}'" in reasons["nested"]
    assert reasons["empty"] == f"no {ASSIGNMENT}/{NOTEBOOK} in the student's folder"
    assert "pattern" in reasons["[x]"] and "pattern" in reasons["star*"]
    assert "dot" in reasons[".hidden"] and "control character" in reasons["tab\there"]
    assert "timestamp.txt is a named pipe" in reasons["pipe_time"]


def test_check_submitted_lists_the_same_students(graded):
    lines = graded["check"].stdout.splitlines()
    listed = {line.split(": ", 1)[0] for line in lines[:-1]}
    expected = {name.replace("\t", "\\t") for name, (status, *_) in EXPECTED.items() if status != GRADED}
    assert listed == expected
    ready = sum(status == GRADED for status, *_ in EXPECTED.values())
    assert lines[-1] == f"{ready} of {len(EXPECTED)} student folders ready"


def test_nbgrader_gives_the_same_scores(graded):
    for student, (_, _, score) in EXPECTED.items():
        if score is None:
            assert student not in graded["scores"], student  # left out, with a warning (below)
        else:
            assert graded["scores"].get(student) == score, student
    assert set(graded["grades"]) == {neutralised(s) for s in graded["scores"]}


def test_nbgrader_warns_about_the_students_it_leaves_out(graded):
    log = graded["autograde"].stderr
    for student, (_, _, score) in EXPECTED.items():
        if score is None and student != ".hidden":  # nbgrader never looks at hidden folders
            assert f"submitted/{student!r} is not graded" in log, student


def test_refused_students_get_feedback_that_says_why(graded):
    for student in ("link_source", "link_folder", "device", "fifo", "huge", "not_json"):
        page = (graded["root"] / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()
        assert "This notebook was not graded" in page, student
        assert "0 / 10 points" in page
    page = (graded["root"] / "feedback" / "link_source" / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()
    assert "symbolic link" in page and "BEGIN SOLUTION" not in page


def test_nothing_outside_a_students_folder_is_copied(graded):
    for step in ("autograded", "feedback"):
        for path in (graded["root"] / step).rglob("*"):
            assert not path.is_symlink(), path
            if path.is_file():
                assert path.suffix in (".ipynb", ".html") or path.name in SIDE_FILES, path
                assert PASSWD_LINE not in path.read_text(errors="replace"), path
    assert sorted(p.name for p in (graded["root"] / "feedback" / "eve" / ASSIGNMENT).iterdir()) == [
        f"{ASSIGNMENT}.html"
    ]


def test_csv_cells_never_run_as_formulas(graded):
    assert graded["csv"]["'=1+1"]["status"] == GRADED and float(graded["csv"]["'-dash"]["auto_score"]) == FULL
    assert float(graded["grades"]["'=1+1"]["score"]) == 0 and float(graded["grades"]["'-dash"]["score"]) == FULL
    for path in ("kubesim.csv", "grades.csv"):
        for row in csv.reader((graded["root"] / path).open(encoding="utf-8")):
            assert not any(cell.startswith(("=", "+", "@")) for cell in row), row


def test_a_folder_name_with_a_line_break_is_caught_before_autograde(course, tmp_path):
    root = tmp_path / "course"
    shutil.copytree(course, root)
    Notebook(released(root)).answers(solution_answers()).submit(root, "new\nline")
    check = run_kubesim_grade("--check-submitted", "submitted", cwd=root)
    assert check.returncode == 1
    assert check.stdout.splitlines()[0].startswith("new\\nline: refused: the folder name holds a line break")
    config = nbgrader(root, "db", "student", "list", check=False)  # any nbgrader command loads the course configuration
    assert (
        "submitted/'new\\nline'" in config.stderr and "Rename or remove it before nbgrader autograde" in config.stderr
    )


def test_pipes_and_devices_are_refused_before_they_are_opened(tmp_path):
    pipe = tmp_path / "s" / "a" / NOTEBOOK
    pipe.parent.mkdir(parents=True)
    os.mkfifo(pipe)
    with pytest.raises(NotGradable, match="named pipe"):
        read_notebook(pipe, below=tmp_path)  # opening a pipe to read would wait for a writer
    device = tmp_path / "t" / "a" / NOTEBOOK
    device.parent.mkdir(parents=True)
    try:
        os.mknod(device, stat.S_IFCHR | 0o600, os.makedev(1, 5))  # /dev/zero's numbers
    except OSError:
        pytest.skip("making a device node needs privileges")
    with pytest.raises(NotGradable, match="a device"):
        read_notebook(device, below=tmp_path)  # reading /dev/zero would never end


def test_json_nested_too_deeply_is_unreadable_not_a_crash(tmp_path):
    deep = tmp_path / NOTEBOOK
    deep.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(NotGradable, match="nested far too deeply"):
        read_notebook(deep)
