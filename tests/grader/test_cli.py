"""kubesim-grade: listing, grading files (table, JSON, CSV, progress, exit status), grading a submitted/ folder."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys

import pytest
from grader_course import Notebook, released, solution_answers
from grader_examples import EXAMPLES

from kubesim_nb.grader.cli import main
from kubesim_nb.grader.exercises import EXERCISES

BY_NAME = {e.name: e for e in EXAMPLES}


@pytest.fixture
def yaml_files(tmp_path):
    names = ["lesson-clusterip", "selector-typo", "no-target-port", "tab-indented", "two-documents", "empty"]
    paths = []
    for name in names:
        path = tmp_path / f"{name}.yaml"
        path.write_text(BY_NAME[name].answer)
        paths.append(str(path))
    return paths


def test_list_names_every_exercise_and_check(capsys):
    assert main(["--list"]) == 0
    out = capsys.readouterr().out
    for exercise in EXERCISES.values():
        assert f"{exercise.id}  ({exercise.max_points:g} points)" in out
        for check in exercise.checks:
            assert check.id in out
    assert "hidden" in out and "public" in out


def test_list_marks_the_hidden_checks_the_practice_check_runs(capsys):
    assert main(["--list"]) == 0
    practised = [line.split()[1] for line in capsys.readouterr().out.splitlines() if "  hidden+practice  " in line]
    assert practised == ["selector", "port-mapping", "target-port", "type", "resolves"]  # Part 2's, and DNS's lookup


def test_grading_files_prints_a_table(yaml_files, capsys):
    assert main(["internal-service", *yaml_files, "--no-progress"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:3] == ["FILE", "SCORE", "FIRST"]
    rows = {line.split()[0].rsplit("/", 1)[-1]: line for line in out[1:-1]}
    assert "10/10" in rows["lesson-clusterip.yaml"]
    assert "5/10" in rows["selector-typo.yaml"] and "app: agnet" in rows["selector-typo.yaml"]
    assert "0/10" in rows["two-documents.yaml"] and "2 YAML documents" in rows["two-documents.yaml"]
    assert out[-1] == "6 of 6 files graded"


def test_json_and_csv_carry_every_check(yaml_files, tmp_path, capsys):
    table = tmp_path / "out.csv"
    assert main(["internal-service", *yaml_files, "--json", "--csv", str(table), "--no-progress"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["points"] for d in data] == [10, 5, 6, 0, 0, 0]
    assert data[1]["checks"][2]["check_id"] == "selects" and data[1]["checks"][2]["points"] == 0
    rows = list(csv.DictReader(table.open()))
    assert [r["points"] for r in rows] == ["10.0", "5.0", "6.0", "0.0", "0.0", "0.0"]
    assert rows[2]["ports"] == "1.0" and rows[2]["survives-rollout"] == "0.0"  # routing never worked
    assert rows[4]["status"] == "graded" and "2 YAML documents" in rows[4]["problem"]


def test_exit_status_says_whether_grading_worked(yaml_files, tmp_path, capsys):
    assert main(["internal-service", *yaml_files, str(tmp_path / "missing.yaml"), "--no-progress"]) == 1
    assert "not graded: cannot read" in capsys.readouterr().out
    assert main(["no-such-exercise", yaml_files[0]]) == 2
    assert main(["internal-service"]) == 2
    assert main(["--jobs", "0", "internal-service", yaml_files[0]]) == 2
    assert main(["--bogus-flag"]) == 2


def test_large_batches_run_in_parallel_with_a_progress_bar(tmp_path, capsys):
    answers = [e for e in EXAMPLES if e.exercise == "external-service"]
    paths = []
    for index in range(24):
        example = answers[index % len(answers)]
        path = tmp_path / f"{index:02d}-{example.name}.yaml"
        path.write_text(f"# submission {index}\n{example.answer}")
        paths.append(str(path))
    assert main(["external-service", *paths, "--jobs", "2", "--json"]) == 0
    captured = capsys.readouterr()
    assert "24/24" in captured.err  # tqdm's bar
    parallel = json.loads(captured.out)
    assert [d["points"] for d in parallel] == [answers[i % len(answers)].points for i in range(24)]
    assert main(["external-service", *paths[:10], "--jobs", "1", "--json", "--no-progress"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == parallel[:10] and captured.err == ""


def test_the_console_command_runs_as_a_process(yaml_files):
    done = subprocess.run(
        [sys.executable, "-m", "kubesim_nb.grader.cli", "internal-service", yaml_files[0], "--json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["points"] == 10


def test_grading_a_submitted_folder_writes_per_part_csv(course, tmp_path, capsys, monkeypatch):
    submitted = tmp_path / "submitted"
    learner = Notebook(released(course))
    learner.copy().answers(solution_answers()).submit(tmp_path, "ada")
    learner.copy().submit(tmp_path, "blank")
    partial = dict(
        solution_answers(), part1_answer="%%writefile agent-service.yaml\n" + BY_NAME["selector-typo"].answer
    )
    learner.copy().answers(partial).submit(tmp_path, "grace")
    broken = submitted / "zed" / "try-with-ai"
    broken.mkdir(parents=True)
    (broken / "try-with-ai.ipynb").write_text("{ not json")
    table = tmp_path / "grades.csv"
    assert main(["--submitted", str(submitted), "--csv", str(table), "--jobs", "2", "--no-progress"]) == 1
    out = capsys.readouterr().out
    assert "3 of 4 students graded" in out and "unreadable: the notebook could not be read" in out
    rows = {r["student_id"]: r for r in csv.DictReader(table.open())}
    assert rows["ada"]["auto_score"] == "41.0" and rows["ada"]["part1"] == "10.0"
    assert rows["blank"]["auto_score"] == "0.0"
    assert rows["grace"]["part1"] == "5.0" and rows["grace"]["dns"] == "5.0" and rows["grace"]["auto_score"] == "36.0"
    assert rows["zed"]["status"] == "unreadable" and rows["zed"]["part1"] == "0.0"  # a clear zero, with the reason
    assert rows["zed"]["reason"].startswith("the notebook could not be read: a file that is not valid notebook JSON")
    assert rows["zed"]["auto_score"] == "0.0"
    assert rows["ada"]["status"] == "graded" and rows["ada"]["reason"] == ""
    assert rows["ada"]["max_part1"] == "10" and rows["ada"]["max_auto_score"] == "41"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # without --csv, nothing is written, wherever the command runs
    assert main(["--submitted", str(submitted), "--json", "--jobs", "1", "--no-progress"]) == 1
    assert [o["status"] for o in json.loads(capsys.readouterr().out)] == ["graded", "graded", "graded", "unreadable"]
    assert list(elsewhere.iterdir()) == []


def test_verdicts_do_not_depend_on_the_process(tmp_path):
    paths = []
    for name in ("lesson-clusterip", "pinned-template-hash", "nodeport-random-port", "external-target-80"):
        path = tmp_path / f"{name}.yaml"
        path.write_text(BY_NAME[name].answer)
        paths.append(str(path))
    outputs = []
    for seed in ("1", "2"):  # a different hash seed reorders every set and dict of strings
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run(
            [sys.executable, "-m", "kubesim_nb.grader.cli", "external-service", *paths, "--json"],
            capture_output=True,
            text=True,
            timeout=300,
            env=env,
        )
        assert done.returncode == 0, done.stderr
        outputs.append(json.loads(done.stdout))
    assert outputs[0] == outputs[1]
    assert [o["points"] for o in outputs[0]] == [5, 4, 9, 5]  # ClusterIP answers lose the external checks
