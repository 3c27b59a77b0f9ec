"""``kubesim-course init``, the grading file and the checks of a source notebook (issue 16, sections 1 and 2),
without running nbgrader: what a course folder holds, what the grading file changes, what is refused and why."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from course_edits import edit_grading, more_for_selects_and_a_team_label, set_points, source_notebook
from grader_course import solution_answers

from kubesim_nb.course.init import CONFIG_BLOCK, init_course, main
from kubesim_nb.grader.assignment import BUILT_IN, PARTS, answer_text, grade_cells
from kubesim_nb.grader.cli import main as kubesim_grade
from kubesim_nb.grader.course import CourseError, load_assignment
from kubesim_nb.grader.grading import grade
from kubesim_nb.grader.grading_file import GRADING_FILE, GradingFileError, apply, render
from kubesim_nb.grader.results import CELL_STYLE

QUICKSTART_CONFIG = 'c = get_config()  #noqa\nc.CourseDirectory.course_id = "course101"\n'


def test_init_makes_a_course_folder_and_prints_the_next_steps(tmp_path, capsys):
    assert main(["init", str(tmp_path / "course")]) == 0
    out = capsys.readouterr().out
    course = tmp_path / "course"
    assert sorted(p.name for p in course.iterdir()) == ["nbgrader_config.py", "source"]
    assert sorted(p.name for p in source_notebook(course).parent.iterdir()) == [GRADING_FILE, "try-with-ai.ipynb"]
    assert f"cd {course}" in out and "generate_assignment try-with-ai" in out and GRADING_FILE in out
    loaded = load_assignment(course, "try-with-ai")
    assert loaded is not None and loaded[0].parts == PARTS  # the grading file lists the built-in checks as they are


def test_init_twice_keeps_everything(tmp_path):
    course = tmp_path / "course"
    init_course(course)
    set_points(course, "part1_tests", 10)
    before = {p: p.read_bytes() for p in course.rglob("*") if p.is_file()}
    again = init_course(course)
    assert not again.wrote and len(again.kept) == 2
    assert {p: p.read_bytes() for p in course.rglob("*") if p.is_file()} == before


def test_init_in_an_existing_course_appends_to_its_configuration(tmp_path):
    course = tmp_path / "course101"
    (course / "source" / "ps1").mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(QUICKSTART_CONFIG)
    init_course(course)
    config = (course / "nbgrader_config.py").read_text()
    assert config.startswith(QUICKSTART_CONFIG) and config.endswith(CONFIG_BLOCK)
    assert (course / "source" / "ps1").is_dir() and source_notebook(course).is_file()


def test_the_wheel_ships_the_source_notebook():
    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text()
    assert '"kubesim_nb.course" = ["template/source/*/*.ipynb"]' in pyproject
    assert 'kubesim-course = "kubesim_nb.course.init:main"' in pyproject


# ------------------------------------------------------------------ the grading file
def test_a_changed_point_value_and_an_added_check_change_the_part(tmp_path):
    course = tmp_path / "course"
    init_course(course)

    edit_grading(course, more_for_selects_and_a_team_label)
    with pytest.raises(CourseError, match="part1_tests is worth 10 points but the checks of part1 add up to 12"):
        load_assignment(course, "try-with-ai")
    set_points(course, "part1_tests", 12)
    assignment, _ = load_assignment(course, "try-with-ai")
    part1 = assignment.part("part1")
    assert part1.max_points == 12 and [c.id for c in part1.exercise.checks][-1] == "team-label"
    answer = answer_text(part1.exercise, solution_answers()["part1_answer"])
    result = grade(part1.exercise, answer)  # the solution has no team label: 11 of 12
    assert result.points == 11 and result.max_points == 12
    labelled = answer.replace("  name: agent-service", "  name: agent-service\n  labels:\n    team: ai")
    assert grade(part1.exercise, labelled).points == 12
    assert "other output" in result.render_text() and "'ai'" not in result.render_text()  # hidden: no expected value


def test_kubesim_grade_lists_the_courses_checks(tmp_path, capsys, monkeypatch):
    course = tmp_path / "course"
    init_course(course)
    edit_grading(course, lambda data: next(c for c in data["dns"] if c["check"] == "resolves").update(points=3))
    set_points(course, "dns_tests", 6)
    monkeypatch.chdir(course)
    assert kubesim_grade(["--list"]) == 0
    assert "dns  dns  (6 points)" in capsys.readouterr().out


@pytest.mark.parametrize(
    "data, says",
    [
        ({"part9": []}, "'part9' is not an automatically graded part"),
        ({"part1": [{"check": "accepted", "points": 1, "colour": "red"}]}, "unknown key 'colour'"),
        ({"part1": [{"check": "accepted", "points": "one"}]}, "points must be a number"),
        ({"part1": [{"check": "accepted", "points": 1}, {"check": "accepted", "points": 1}]}, "listed twice"),
        ({"part1": [{"check": "mine", "points": 1}]}, "not a built-in check of this part"),
        ({"part1": [{"check": "mine", "title": "t", "points": 1, "answer": "x", "expect": 1}]}, "give `kubectl:`"),
        ({"part2": [{"check": "mine", "title": "t", "points": 1, "kubectl": "get pods", "expect": 1}]}, "`answer:`"),
        ({"part1": [{"check": "mine", "title": "t", "points": 1, "kubectl": "get pods"}]}, "needs `expect`"),
    ],
)
def test_the_grading_file_is_refused_in_one_line_naming_what_is_wrong(data, says):
    with pytest.raises(GradingFileError) as refused:
        apply(PARTS, data)
    assert says in str(refused.value) and "\n" not in str(refused.value)


def test_the_rendered_file_reads_back_as_the_built_in_checks():
    assert apply(PARTS, yaml.safe_load(render(PARTS))) == PARTS


# ------------------------------------------------------------------ the source notebook
@pytest.mark.parametrize(
    "added, says",
    [
        ("assert 1 + 1 == 2", "line 5 (assert 1 + 1 == 2) would never run"),
        ('check("part2")', 'line 5 (check("part2")) would never run'),
        ("import os; os.remove('agent-service.yaml')", "line 5 (import os) would never run"),
    ],
)
def test_code_in_a_test_cell_is_refused(tmp_path, added, says):
    course = tmp_path / "course"
    init_course(course)
    nb = nbformat.read(source_notebook(course), as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "part1_tests")
    cell.source = cell.source.replace("### END HIDDEN TESTS", added + "\n### END HIDDEN TESTS")
    nbformat.write(nb, source_notebook(course))
    with pytest.raises(CourseError) as refused:
        load_assignment(course, "try-with-ai")
    assert f"part1_tests: {says}" in str(refused.value) and GRADING_FILE in str(refused.value)


def test_a_stock_assignment_is_not_the_judges(tmp_path):
    course = tmp_path / "course"
    init_course(course)
    nb = nbformat.read(source_notebook(course), as_version=4)
    del nb.metadata["kubesim"]
    (course / "source" / "ps1").mkdir()
    nbformat.write(nb, course / "source" / "ps1" / "problem1.ipynb")
    assert load_assignment(course, "ps1") is None
    assert load_assignment(course, "try-with-ai")[0].notebook == "try-with-ai"


# ------------------------------------------------------------------ smaller things (section 5)
def test_the_feedback_tables_headers_are_separated():
    html = grade_cells({"dns_answer": solution_answers()["dns_answer"]})["dns"].render_html("DNS")
    assert f"<th {CELL_STYLE}>check</th><th {CELL_STYLE}>what</th>" in html and "padding" in CELL_STYLE


def test_an_extra_line_in_an_answer_cell_costs_nothing_and_is_named():
    part2 = BUILT_IN.part("part2")
    answer = (
        "selector_matches = True\nport_mapping_correct = False\nprint(selector_matches)\n"
        "target_port_should_be = 8000\ntype_right_for_internal = False\n"
    )
    result = grade(part2.exercise, answer)
    assert result.points == part2.max_points
    assert "ignored: code other than answers (line 3: print(selector_matches))" in result.render_text()


def test_without_the_configuration_autograde_stops_in_the_kernel_with_one_line(tmp_path):
    """What nbgrader autograde does to the notebook in a stock course: run it, in a kernel whose output nbclient
    discards. The setup cell's start() ends the kernel, and the line reaches nbgrader's own output."""
    kernel = "from kubesim_nb.grader.notebook import start\nstart()\nprint('graded anyway')\n"
    nbgrader = (
        "import subprocess, sys\n"
        f"done = subprocess.run([sys.executable, '-c', {kernel!r}], stdout=subprocess.DEVNULL, "
        "stderr=subprocess.DEVNULL)\n"
        "sys.exit(done.returncode)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", nbgrader],
        env=dict(os.environ, NBGRADER_EXECUTION="autograde"),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 3
    lines = [line for line in done.stderr.splitlines() if "kubesim-nb" in line]
    assert len(lines) == 1 and "lacks kubesim-nb's nbgrader configuration" in lines[0]
    assert "kubesim-course init" in lines[0]


def test_a_notebook_released_without_the_configuration_tells_the_learner(tmp_path, capsys, monkeypatch):
    from kubesim_nb.grader import notebook

    monkeypatch.setattr(notebook.RAN, "sources", {})  # as under nbconvert: no cell ids, the %%writefile file is read
    (tmp_path / "agent-service.yaml").write_text("# YOUR CODE HERE\nraise NotImplementedError()\n")
    notebook.check("part1", folder=tmp_path)
    said = " ".join(capsys.readouterr().err.split())  # wrapped for nbgrader's Validate
    assert "released without kubesim-nb's nbgrader configuration" in said and "Traceback" not in said
