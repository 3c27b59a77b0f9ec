"""The course notebooks: each runs top to bottom, none is committed with outputs, every lesson section has its
notebook and every learning objective an exercise (the lesson's structure is tests/fixtures/syllabus.yaml), and what
a run writes next to the notebooks is what notebooks/.gitignore ignores."""

from __future__ import annotations

import fnmatch
import json
import re
import shutil
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from nbclient import NotebookClient

from kubesim_nb import quiz

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).parent))
from assignment import ASSIGNMENT, answer_the_assignment  # noqa: E402

NOTEBOOKS = ROOT / "notebooks"
ALL = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
SYLLABUS = yaml.safe_load((ROOT / "tests" / "fixtures" / "syllabus.yaml").read_text(encoding="utf-8"))
OBJECTIVE_ROW = re.compile(r"^\| \*\*(LO\d)\*\* \| (.*) \|$")  # notebook 00: | **LO1** | explain why ... |


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


def test_every_learning_objective_has_an_exercise() -> None:
    objectives = {objective["id"] for objective in SYLLABUS["objectives"]}
    assert objectives == {f"LO{i}" for i in range(1, 9)} == quiz.OBJECTIVES
    practised = {
        tag for path in ALL for source in cells(path, "code") for tag in re.findall(r"objective=\"(LO\d)\"", source)
    }
    missing = objectives - practised
    assert not missing, f"no exercise for {sorted(missing)}"


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


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(path: Path, tmp_path: Path) -> None:
    work = tmp_path / "notebooks"  # a copy: what the notebook writes (%%writefile manifests) stays out of the checkout
    shutil.copytree(NOTEBOOKS, work)
    committed = {p.name for p in work.iterdir()}
    notebook = nbformat.read(work / path.name, as_version=4)
    if path.stem == ASSIGNMENT:
        answer_the_assignment(notebook)
    NotebookClient(notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(work)}}).execute()
    written = {p.name for p in work.iterdir()} - committed
    patterns = learner_leftovers()
    unignored = sorted(name for name in written if not any(fnmatch.fnmatch(name, pattern) for pattern in patterns))
    assert not unignored, f"a learner's run leaves {unignored} in notebooks/: add them to notebooks/.gitignore"
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    text = "".join(
        o.get("text", "") + str(o.get("data", {}).get("text/plain", ""))
        for c in notebook.cells
        if c.cell_type == "code"
        for o in c.outputs
    )
    assert "internal problem" not in text and "Traceback" not in text
