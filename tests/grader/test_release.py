"""Solutions never reach students (issue 13, section 1).

The instructor executes the source notebook (``jupyter nbconvert --execute``, which its hidden test cells invite),
then releases, autogrades and generates feedback. The executed notebook leaves no answer file in ``source/``; and
answer files left there anyway (a run that stopped half-way) are neither released nor copied into ``autograded/`` or
``feedback/``: no solution text is anywhere under ``release/`` or ``feedback/``.
"""

from __future__ import annotations

import json
import sys

import nbformat
import pytest
from grader_course import (
    ASSIGNMENT,
    SOURCE_NOTEBOOK,
    Notebook,
    nbgrader,
    released,
    run_limited,
    solution_answers,
)

from kubesim_nb.course.init import init_course
from kubesim_nb.grader.collection import SIDE_FILES
from kubesim_nb.grader.exercises import EXERCISES
from kubesim_nb.grader.submission import cell_body

ANSWER_FILES = sorted(e.answer.file for e in EXERCISES.values() if hasattr(e.answer, "file"))


def solution_files() -> dict[str, str]:
    """What the source notebook's %%writefile answer cells write: {file name: text}."""
    files = {}
    for source in solution_answers().values():
        first = source.split("\n", 1)[0]
        if first.startswith("%%writefile"):
            files[first.split()[-1]] = cell_body(source)
    return files


def solution_regions() -> list[str]:
    """The text of every BEGIN/END SOLUTION region of the source notebook."""
    regions, lines, inside = [], [], False
    for cell in nbformat.read(SOURCE_NOTEBOOK, as_version=4).cells:
        for line in cell.source.split("\n"):
            if "BEGIN SOLUTION" in line:
                inside, lines = True, []
            elif "END SOLUTION" in line:
                inside = False
                regions.append("\n".join(lines).strip())
            elif inside:
                lines.append(line)
    return regions


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("release") / "course"
    init_course(root)
    folder = root / "source" / ASSIGNMENT
    before = {p.name for p in folder.iterdir()}  # the notebook and the course's grading file
    execute = run_limited(
        [sys.executable, "-m", "nbconvert", "--execute", "--to", "notebook", "--inplace", f"{ASSIGNMENT}.ipynb"],
        folder,
    )
    left_after_execution = sorted(p.name for p in folder.iterdir() if p.name not in before)
    for name, text in solution_files().items():  # as a run stopped half-way would leave them
        (folder / name).write_text(text)
    generate = nbgrader(root, "generate_assignment", ASSIGNMENT)
    learner = Notebook(released(root))
    learner.copy().submit(root, "blank")
    learner.copy().submit(root, "with_files").parent.joinpath("agent-service.yaml").write_text("kind: Service\n")
    autograde = nbgrader(root, "autograde", ASSIGNMENT)
    feedback = nbgrader(root, "generate_feedback", ASSIGNMENT)
    return {
        "root": root,
        "execute": execute,
        "left": left_after_execution,
        "generate": generate,
        "autograde": autograde,
        "feedback": feedback,
    }


def test_the_source_notebook_runs_and_leaves_no_answer_file(course):
    assert course["execute"].returncode == 0, course["execute"].stderr[-3000:]
    executed = json.loads((course["root"] / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text())
    outputs = [o for c in executed["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o["output_type"] == "error"]
    assert any("checks passed (public and hidden)" in "".join(o.get("text", "")) for o in outputs)
    assert course["left"] == []
    assert len(solution_files()) == len(ANSWER_FILES) == 3


def test_answer_files_left_in_source_are_not_released(course):
    release = course["root"] / "release" / ASSIGNMENT
    assert sorted(p.name for p in release.iterdir()) == [f"{ASSIGNMENT}.ipynb"]
    for name in ANSWER_FILES:
        assert f"source/{ASSIGNMENT}/{name} is not part of the assignment" in course["generate"].stderr


def test_no_solution_text_reaches_release_autograded_or_feedback(course):
    regions = solution_regions()
    assert len(regions) == 6
    needles = {"BEGIN SOLUTION", *regions, *(json.dumps(r)[1:-1] for r in regions)}
    steps = ("release", "autograded", "feedback")
    files = [p for step in steps for p in (course["root"] / step).rglob("*") if p.is_file()]
    assert {p.suffix for p in files} <= {".ipynb", ".html", ".txt"}
    assert not [p for p in files if p.suffix == ".txt" and p.name not in SIDE_FILES]
    for path in files:
        text = path.read_text(errors="replace")
        for needle in needles:
            assert needle not in text, (path, needle[:60])
    assert course["autograde"].returncode == 0 and course["feedback"].returncode == 0
