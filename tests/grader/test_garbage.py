"""Garbage in a submission is a clear zero for what it touches, never a grading error, through both paths.

One table of hostile notebooks — integers over Python's digit limit, lone surrogates and undecodable bytes,
broken or truncated JSON, nbgrader metadata of the wrong type, invalid cell ids, manifests the API server
refuses, answers written outside the answer cells — goes through ``nbgrader autograde``, ``generate_feedback``
and ``export`` with this course's configuration, and through ``kubesim-grade --submitted``. Both paths give
every student the same score per part and the same status; every student gets a feedback file (saying why
when the notebook could not be read); no message shows Python's internals.
"""

from __future__ import annotations

import copy
import csv
import html
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from typing import Callable

import nbformat
import pytest
from grader_course import ASSIGNMENT, nbgrader, released, solution_answers
from grader_examples import EXAMPLES

from kubesim_nb.grader.assignment import PARTS
from kubesim_nb.grader.results import GRADED, NOT_GRADED, REFUSED, UNREADABLE, PartResult
from kubesim_nb.grader.submission import MAX_NOTEBOOK_BYTES

BY_NAME = {e.name: e for e in EXAMPLES}
AUTO = [p.id for p in PARTS if p.exercise is not None]
FULL = {p.id: p.max_points for p in PARTS if p.exercise is not None}
ZERO = dict.fromkeys(AUTO, 0.0)
INTERNALS = (
    "set_int_max_str_digits",
    "Traceback (most recent call last)",
    "Exceeds the limit",
    "surrogates not allowed",
    "DecodeError",
)

Notebook = dict  # the notebook's JSON, edited as a careless or hostile learner's tools would


@dataclass(frozen=True)
class Case:
    build: Callable[[Notebook], Notebook] | None  # from the released notebook
    expected: dict[str, float]  # points per automatic part, in both paths
    status: str = GRADED
    damage: Callable[[bytes], bytes] | None = None  # or: bytes of the solved notebook's file -> the file submitted


def cell(nb: Notebook, grade_id: str) -> dict:
    """The cell with this nbgrader id (cells damaged by earlier edits are passed over)."""
    return next(c for c in nb["cells"] if _grade_id(c) == grade_id)


def _grade_id(c: dict) -> object:
    meta = c["metadata"].get("nbgrader") if isinstance(c["metadata"], dict) else None
    return meta.get("grade_id") if isinstance(meta, dict) else None


def solved(release: Notebook, **answers: str) -> Notebook:
    """The released notebook with every answer correct, then ``answers`` (by nbgrader id) written over them."""
    nb = copy.deepcopy(release)
    for grade_id, source in {**solution_answers(), **answers}.items():
        cell(nb, grade_id)["source"] = source
    return nb


WRITEFILE = {
    "part1_answer": "%%writefile agent-service.yaml\n",
    "part4_answer": "%%writefile agent-service-external.yaml\n",
    "fix_selector_answer": "%%writefile backend-service.yaml\n",
}


def source(cell_id: str, example: str) -> str:
    """An answer cell holding an example of grader_examples.py."""
    return WRITEFILE.get(cell_id, "") + BY_NAME[example].answer


def answer(**examples: str) -> Callable[[Notebook], Notebook]:
    """Solved, except the named answer cells, which hold these examples of grader_examples.py."""
    return lambda release: solved(release, **{cell_id: source(cell_id, name) for cell_id, name in examples.items()})


def edited(*changes: Callable[[Notebook], object], **answers: str) -> Callable[[Notebook], Notebook]:
    """Solved (then ``answers``), then changed by each of ``changes`` (a cell, or the notebook's metadata, each)."""

    def build(release: Notebook) -> Notebook:
        nb = solved(release, **answers)
        for change in changes:
            change(nb)
        return nb

    return build


def cell_field(grade_id: str, **fields) -> Callable[[Notebook], object]:
    return lambda nb: cell(nb, grade_id).update(fields)


def nbgrader_field(cell_id: str, **fields) -> Callable[[Notebook], object]:
    return lambda nb: cell(nb, cell_id)["metadata"]["nbgrader"].update(fields)


def answers_below_untouched_cells(release: Notebook) -> Notebook:
    """Correct answers, each in a new cell below its answer cell, which is left as released."""
    nb = copy.deepcopy(release)
    for grade_id, text in solution_answers().items():
        if grade_id.endswith("_answer"):
            index = nb["cells"].index(cell(nb, grade_id))
            nb["cells"].insert(index + 1, nbformat.v4.new_code_cell(text, id="mine-" + grade_id.replace("_", "-")))
    return nb


def nbformat_3(release: Notebook) -> Notebook:
    return nbformat.convert(nbformat.reads(json.dumps(solved(release)), as_version=4), 3)


def damaged(change: Callable[[bytes], bytes], expected: dict[str, float] = ZERO, status=UNREADABLE) -> Case:
    return Case(None, expected, status, damage=change)


HUGE_NUMBERS = {  # decimal over Python's 4,300-digit limit, and 20,000-digit hex, in YAML and in name = value cells
    "part1_answer": source("part1_answer", "huge-target-port"),
    "part2_answer": source("part2_answer", "design-hex-port"),
    "part3_answer": 'external_type = "NodePort"\nreason = ' + "9" * 5000 + "\n",
    "part4_answer": source("part4_answer", "nodeport-pinned").replace("30080", "0x" + "f" * 20000),
}
NOT_TEXT = {
    "part1_answer": solution_answers()["part1_answer"].replace("app: agent", "app: agent\ud800"),
    "dns_answer": source("dns_answer", "dns-lone-surrogate"),
}
WHAT_WORKS = {  # refused manifests earn nothing; routing that never worked does not survive a rollout
    "part1_answer": source("part1_answer", "target-port-9999"),
    "part4_answer": source("part4_answer", "nodeport-out-of-range"),
    "fix_selector_answer": source("fix_selector_answer", "fixed-selector").replace(
        "backend-service", "../../etc/passwd"
    ),
    "dns_answer": source("dns_answer", "dns-short-name"),
}
TOO_LARGE = b', "padding": "' + b"a" * MAX_NOTEBOOK_BYTES + b'"}'
HUGE_JSON_INT = b'"execution_count": 1' + b"0" * 5000  # a JSON number Python refuses to convert

HOSTILE: dict[str, Case] = {
    "honest": Case(solved, FULL),
    "huge_numbers": Case(
        lambda release: solved(release, **HUGE_NUMBERS), dict(FULL, part1=0, part2=0, part3=0, part4=0)
    ),
    "not_text": Case(
        edited(
            cell_field("intro", source="Intro \udcff"),  # a lone surrogate outside the answers costs nothing
            lambda nb: nb["metadata"].update(note="\ud800"),
            **NOT_TEXT,
        ),
        dict(FULL, part1=0, dns=0),
    ),
    "undecodable_bytes": damaged(  # in a markdown cell (costs nothing) and in Part 1's answer (costs Part 1)
        lambda raw: raw.replace(b"Try With AI:", b"Try With AI\xff").replace(
            b"targetPort: 8000", b"targetPort: 8\xff", 1
        ),
        dict(FULL, part1=0),
        GRADED,
    ),
    "bom_and_5000_digit_json_int": damaged(
        lambda raw: b"\xef\xbb\xbf" + raw.replace(b'"execution_count": null', HUGE_JSON_INT, 1), FULL, GRADED
    ),
    "nbgrader_metadata_wrong_types": Case(
        edited(
            cell_field("part1_answer", metadata={"nbgrader": "part1_answer"}),
            nbgrader_field("part2_answer", grade_id=7),
            nbgrader_field("part4_answer", grade_id=["part4_answer"]),
            nbgrader_field("part3_answer", solution="yes", grade="no"),  # flags are the gradebook's: no effect
            nbgrader_field("part1_tests", points="ten"),  # points too
            cell_field("dns_answer", metadata=["x"]),
            cell_field("fix_selector_answer", source=["%%writefile x.yaml\n", 5]),
        ),
        dict(ZERO, part3=FULL["part3"]),
    ),
    "invalid_cell_ids": Case(
        edited(
            cell_field("part1_answer", id="bad id!"),
            cell_field("part2_answer", id="x" * 100),
            cell_field("part3_answer", id=5),
            cell_field("part4_answer", id="dns-answer"),  # a duplicate
        ),
        FULL,
    ),
    "nbformat_3": Case(nbformat_3, FULL),
    # files that are not notebooks: zero everywhere, status "unreadable" (or "refused"), feedback saying why
    "truncated": damaged(lambda raw: raw[: len(raw) // 2]),
    "not_json": damaged(lambda raw: b"{ not json"),
    "empty_file": damaged(lambda raw: b""),
    "cells_not_a_list": damaged(lambda raw: b'{"cells": 5, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'),
    "nested_200000_deep": damaged(lambda raw: b"[" * 200_000 + b"]" * 200_000),
    "nbformat_5": damaged(lambda raw: raw.replace(b'"nbformat": 4', b'"nbformat": 5')),
    "larger_than_the_bound": damaged(lambda raw: raw.rstrip()[:-1] + TOO_LARGE, status=REFUSED),  # never parsed
    # points only for what works; answers count only in the answer cells
    "points_only_for_what_works": Case(
        lambda release: solved(release, **WHAT_WORKS), dict(FULL, part1=6, part4=0, fix_selector=0, dns=0)
    ),
    "answers_below_untouched_cells": Case(answers_below_untouched_cells, ZERO),
}


@pytest.fixture(scope="module")
def graded(course, tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("garbage") / "course"
    shutil.copytree(course, root, ignore=shutil.ignore_patterns("submitted", "autograded", "feedback"))
    release = json.loads(released(root).read_text())
    solved_file = json.dumps(solved(release), indent=1).encode()
    for student, case in HOSTILE.items():
        if case.damage is not None:
            data = case.damage(solved_file)
        else:
            data = json.dumps(case.build(release), indent=1).encode("utf-8", "surrogatepass")
        path = root / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        path.parent.mkdir(parents=True)
        path.write_bytes(data)
    autograde = nbgrader(root, "autograde", ASSIGNMENT, check=False)
    feedback = nbgrader(root, "generate_feedback", ASSIGNMENT, check=False)
    nbgrader(root, "export", "--to", str(root / "grades.csv"))
    cli = subprocess.run(
        [sys.executable, "-m", "kubesim_nb.grader.cli", "--submitted", str(root / "submitted"), "--json"]
        + ["--csv", str(root / "kubesim-grades.csv"), "--jobs", "2", "--no-progress"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    return {
        "root": root,
        "autograde": autograde,
        "feedback": feedback,
        "export": {r["student_id"]: r for r in csv.DictReader((root / "grades.csv").open())},
        "cli": cli,
        "kubesim": {o["student"]: o for o in json.loads(cli.stdout)},
        "kubesim_csv": {r["student_id"]: r for r in csv.DictReader((root / "kubesim-grades.csv").open())},
    }


def test_nbgrader_autogrades_every_hostile_notebook(graded):
    log = graded["autograde"].stdout + graded["autograde"].stderr
    assert graded["autograde"].returncode == 0, log[-3000:]
    assert "[AutogradeApp | ERROR]" not in log  # nbgrader's errors (a kernel slow to shut down may log its own)
    assert graded["feedback"].returncode == 0


@pytest.mark.parametrize("student", list(HOSTILE))
def test_both_paths_give_the_expected_score_per_part_and_status(graded, student):
    expected, status = HOSTILE[student].expected, HOSTILE[student].status
    row, outcome = graded["export"][student], graded["kubesim"][student]
    assert {p: float(row[p]) for p in AUTO} == expected, "nbgrader"
    assert {p: PartResult.from_json(outcome["parts"][p]).points for p in AUTO} == expected, "kubesim-grade"
    assert all(part["error"] is None for part in outcome["parts"].values())  # garbage is never a grading error
    assert row["status"] == outcome["status"] == graded["kubesim_csv"][student]["status"] == status
    assert row["reason"] == outcome["reason"] == graded["kubesim_csv"][student]["reason"]
    assert (status == UNREADABLE) == row["reason"].startswith("the notebook could not be read: ")
    assert (status == REFUSED) == row["reason"].startswith(
        f"{ASSIGNMENT}.ipynb is larger than 8 MiB: clear its outputs"
    )


@pytest.mark.parametrize("student", list(HOSTILE))
def test_every_student_gets_feedback_without_python_internals(graded, student):
    page = html.unescape((graded["root"] / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text())
    messages = json.dumps(graded["kubesim"][student])
    for internal in INTERNALS:
        assert internal not in page and internal not in messages, internal
    if HOSTILE[student].status in NOT_GRADED:
        assert "This notebook was not graded" in page
        assert graded["export"][student]["reason"] in page


def test_unreadable_notebooks_are_zero_not_graded_and_fail_the_command(graded):
    assert graded["cli"].returncode == 1  # some student was not graded
    row = graded["kubesim_csv"]["truncated"]
    assert row["auto_score"] == "0.0" and row["part1"] == "0.0"
    assert row["reason"].startswith("the notebook could not be read: a file that is not valid notebook JSON (line ")
    assert graded["kubesim_csv"]["honest"]["status"] == GRADED and graded["kubesim_csv"]["honest"]["reason"] == ""
    assert "the notebook could not be read: an empty file" in graded["cli"].stdout


def test_messages_name_the_problem_in_the_learners_terms(graded):
    huge = graded["kubesim"]["huge_numbers"]["parts"]
    assert "a number with 5,001 digits (line 10)" in huge["part1"]["problem"]
    assert "a number with 20,000 digits (line 3)" in huge["part2"]["problem"]
    assert "answer lines like selector_matches = True" in huge["part2"]["problem"]
    assert (
        'a number with 5,000 digits (line 2)\nexpected: answer lines like external_type = "..."'
        in huge["part3"]["problem"]
    )
    assert "a number with 20,000 digits" in huge["part4"]["problem"]
    not_text = graded["kubesim"]["not_text"]["parts"]
    assert "a character that is not valid text (line 8)" in not_text["part1"]["problem"]
    meta = graded["kubesim"]["nbgrader_metadata_wrong_types"]["parts"]
    assert "no answer cell (nbgrader id part4_answer)" in meta["part4"]["problem"]
    works = graded["kubesim"]["points_only_for_what_works"]["parts"]
    refused = works["part4"]["checks"]
    assert "nodePort: Invalid value: 80" in refused[0]["found"]
    assert all(c["found"].startswith("not checked: the API server refused your manifest") for c in refused[1:])
    below = graded["kubesim"]["answers_below_untouched_cells"]["parts"]
    assert "an empty answer" in below["part1"]["problem"] and "is still ..." in below["dns"]["checks"][0]["found"]


def test_hidden_feedback_does_not_hand_out_answers(graded):
    feedback = graded["root"] / "feedback" / "points_only_for_what_works" / ASSIGNMENT / f"{ASSIGNMENT}.html"
    page = html.unescape(feedback.read_text())
    assert "a short name is looked up in the client's own namespace first" in page
    assert "<namespace>" not in page and "<service>" not in page
