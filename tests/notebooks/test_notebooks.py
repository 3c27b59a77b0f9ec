"""The course notebooks: each runs top to bottom, none is committed with outputs, every lesson section has its
notebook and every learning objective an exercise (the lesson's structure is tests/fixtures/syllabus.yaml), and what
a run writes next to the notebooks is what notebooks/.gitignore ignores."""

from __future__ import annotations

import fnmatch
import json
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

import nbformat
import pytest
import yaml
from nbclient import NotebookClient

from kubesim_nb import quiz

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).parent))
from assignment import ASSIGNMENT, answer_the_assignment, assert_checks_tell_the_truth  # noqa: E402

NOTEBOOKS = ROOT / "notebooks"
ALL = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
SYLLABUS = yaml.safe_load((ROOT / "tests" / "fixtures" / "syllabus.yaml").read_text(encoding="utf-8"))
SHOWN_QUIZ = re.compile(r"quiz\.show\(\"([\w-]+)\"\)")
OBJECTIVE_ROW = re.compile(r"^\| \*\*(LO\d)\*\* \| (.*) \|$")  # notebook 00: | **LO1** | explain why ... |
HANDS_ON = {"02-services-stable-virtual-ips", "05-hands-on"}  # their tasks are the learner's to do (issue 17 §4)


def cells(path: Path, cell_type: str) -> list[str]:
    return [cell.source for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == cell_type]


def test_notebooks_exist() -> None:
    assert [p.stem for p in ALL][:1] == ["00-start-here"] and len(ALL) == 10


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_committed_without_outputs(path: Path) -> None:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    dirty = [
        c for c in notebook["cells"] if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))
    ]
    assert not dirty, f"{path.name} has outputs; strip them before committing"


def test_every_lesson_section_has_its_notebook() -> None:
    sections = SYLLABUS["sections"]
    assert len(sections) == 10 and len({s["title"] for s in sections}) == len(sections)
    for section in sections:
        assert (NOTEBOOKS / f"{section['notebook']}.ipynb").exists(), f"{section['title']!r} has no notebook"
    taught = {section["notebook"] for section in sections}
    assert taught == {p.stem for p in ALL} - {"00-start-here"}, "a notebook teaches no section of the lesson"


def shown_quizzes(path: Path) -> list[str]:
    """The ids of the course questions a notebook shows (``quiz.show("01-replaced-pod")``)."""
    return [quiz_id for source in cells(path, "code") for quiz_id in SHOWN_QUIZ.findall(source)]


def test_every_learning_objective_has_an_exercise() -> None:
    objectives = {objective["id"] for objective in SYLLABUS["objectives"]}
    assert objectives == {f"LO{i}" for i in range(1, 9)} == quiz.OBJECTIVES
    questions = quiz.course_questions()
    practised = {
        tag for path in ALL for source in cells(path, "code") for tag in re.findall(r"objective=\"(LO\d)\"", source)
    } | {questions[quiz_id].objective for path in ALL for quiz_id in shown_quizzes(path)}
    missing = objectives - practised
    assert not missing, f"no exercise for {sorted(missing)}"


def test_every_course_question_is_shown_once_by_its_notebook() -> None:
    shown = {path.stem: shown_quizzes(path) for path in ALL}
    everywhere = [quiz_id for ids in shown.values() for quiz_id in ids]
    assert sorted(everywhere) == sorted(quiz.course_questions()), "a question is shown twice, never, or is unknown"
    for stem, ids in shown.items():
        assert all(quiz_id.startswith(stem[:3]) for quiz_id in ids), f"{stem} shows another notebook's question"


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_no_quiz_answer_is_visible_in_a_notebook(path: Path) -> None:
    """The learner reads every code cell: none may build a question from its answer, or quote an explanation."""
    sources = cells(path, "code")
    assert not [s for s in sources if "quiz.choice(" in s], f"{path.name} builds a quiz in view: use quiz.show(id)"
    for quiz_id, question in quiz.course_questions().items():
        for why in question.explanations:
            assert not [s for s in sources if why in s], f"{path.name} shows the feedback of {quiz_id}: {why!r}"


def test_right_answers_are_spread_over_the_positions() -> None:
    answers = Counter(question.answer for question in quiz.course_questions().values())
    total = sum(answers.values())
    crowded = {position: n for position, n in answers.items() if n > 0.4 * total}
    assert not crowded, f"position(s) {crowded} hold more than 40% of the {total} right answers"


def test_start_here_states_every_learning_objective() -> None:
    rows = [
        OBJECTIVE_ROW.match(line)
        for source in cells(NOTEBOOKS / "00-start-here.ipynb", "markdown")
        for line in source.splitlines()
    ]
    stated = {row[1]: row[2] for row in rows if row}
    assert stated == {objective["id"]: objective["learner_can"] for objective in SYLLABUS["objectives"]}


def learner_leftovers() -> list[str]:
    """The patterns of notebooks/.gitignore (file names and globs, matched against a file's name)."""
    lines = (NOTEBOOKS / ".gitignore").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_gitignore_ignores_no_notebook() -> None:
    patterns = learner_leftovers()
    assert patterns
    assert not [p.name for p in NOTEBOOKS.iterdir() if any(fnmatch.fnmatch(p.name, pattern) for pattern in patterns)]


def learner_runs() -> list:
    """Every notebook as a learner's Run All meets it, and the assignment once more with its answers filled in."""
    runs = [pytest.param(path, False, id=path.stem) for path in ALL]
    return [*runs, pytest.param(NOTEBOOKS / f"{ASSIGNMENT}.ipynb", True, id=f"{ASSIGNMENT}-answered")]


def output_text(output) -> str:
    """Everything an output shows: stream text, every representation of a result, an error's traceback."""
    shown = [output.get("text", ""), *map(str, output.get("data", {}).values()), *output.get("traceback", [])]
    return "\n".join(shown)


@pytest.mark.parametrize(("path", "answered"), learner_runs())
def test_notebook_runs_top_to_bottom(path: Path, answered: bool, tmp_path: Path) -> None:
    """Run All in a fresh kernel reaches the end with no error output, no traceback and no path into the package;
    the assignment's checks, answered or not, say what they found (``assignment.py``)."""
    work = tmp_path / "notebooks"  # a copy: what the notebook writes (%%writefile manifests) stays out of the checkout
    shutil.copytree(NOTEBOOKS, work)
    committed = {p.name for p in work.iterdir()}
    notebook = nbformat.read(work / path.name, as_version=4)
    if answered:
        answer_the_assignment(notebook)
    NotebookClient(notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(work)}}).execute()
    written = {p.name for p in work.iterdir()} - committed
    patterns = learner_leftovers()
    unignored = sorted(name for name in written if not any(fnmatch.fnmatch(name, pattern) for pattern in patterns))
    assert not unignored, f"a learner's run leaves {unignored} in notebooks/: add them to notebooks/.gitignore"
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "\n".join(map(output_text, outputs))
    for unwanted in ("internal problem", "Traceback", "/kubesim_nb/"):
        assert unwanted not in text, f"{path.name} shows {unwanted!r}"
    if path.stem == ASSIGNMENT:
        assert_checks_tell_the_truth(notebook, answered)
    if path.stem in HANDS_ON:
        assert_tasks_start_undone(notebook)
    assert_predictions_wait(notebook)


def shown(cell) -> str:
    return "\n".join(map(output_text, cell.outputs))


def assert_tasks_start_undone(notebook) -> None:
    """Run All does none of the learner's work: every hands-on check says ✗."""
    tasks = [shown(c) for c in notebook.cells if c.cell_type == "code" and "check_cluster(" in c.source]
    assert tasks and all("\n✗ " in text and "\n✓ " not in text for text in tasks), tasks


def assert_predictions_wait(notebook) -> None:
    """A prediction's result stays hidden on Run All: the gate shows its question only."""
    for cell in notebook.cells:
        if cell.cell_type == "code" and "predict.gate(" in cell.source:
            text = shown(cell)
            assert "Predict first: " in text and "pick a prediction" in text and "The cluster did" not in text
