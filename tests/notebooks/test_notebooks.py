"""The course notebooks: each runs top to bottom, none is committed with outputs,
every lesson section has its notebook and every learning objective an exercise."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).parent))
from assignment import ASSIGNMENT, answer_the_assignment  # noqa: E402
NOTEBOOKS = ROOT / "notebooks"
LESSON = ROOT.parent / "shared" / "lesson" / "services-and-networking.md"
ALL = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))

# lesson section heading -> the notebook that teaches it
SECTIONS = {
    "The Networking Problem: Pods Are Ephemeral": "01-pods-are-ephemeral",
    "Services: Stable Virtual IP Addresses": "02-services-stable-virtual-ips",
    "The Three Service Types": "03-service-types",
    "Understanding Label Selectors": "04-label-selectors",
    "Hands-On: Creating and Exposing Services": "05-hands-on",
    "Kubernetes DNS: Service Discovery": "06-dns-service-discovery",
    "Debugging: Service Selector Mismatch": "07-debugging-selectors",
    "Service Networking Summary": "08-summary-and-reflection",
    "Reflect on Your Skill": "08-summary-and-reflection",
    "Try With AI": "09-try-with-ai",
}


def test_notebooks_exist() -> None:
    assert [p.stem for p in ALL][:1] == ["00-start-here"] and len(ALL) == 10


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_committed_without_outputs(path: Path) -> None:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    dirty = [c for c in notebook["cells"] if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))]
    assert not dirty, f"{path.name} has outputs; strip them before committing"


def test_every_lesson_section_has_its_notebook() -> None:
    headings = [line[3:].strip() for line in LESSON.read_text(encoding="utf-8").splitlines() if line.startswith("## ")]
    assert set(headings) == set(SECTIONS), "a lesson section is not mapped to a notebook"
    for heading, stem in SECTIONS.items():
        assert (NOTEBOOKS / f"{stem}.ipynb").exists(), f"{heading!r} has no notebook {stem}"


def test_every_learning_objective_has_an_exercise() -> None:
    objectives = set(re.findall(r"- id: (LO\d)", LESSON.read_text(encoding="utf-8")))
    practised: set[str] = set()
    for path in ALL:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                practised |= set(re.findall(r"objective=\"(LO\d)\"", cell.source))
    assert objectives == {f"LO{i}" for i in range(1, 9)}
    missing = objectives - practised
    assert not missing, f"no exercise for {sorted(missing)}"


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(path: Path, tmp_path: Path) -> None:
    work = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, work)
    notebook = nbformat.read(work / path.name, as_version=4)
    if path.stem == ASSIGNMENT:
        answer_the_assignment(notebook)
    NotebookClient(notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(work)}}).execute()
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    text = "".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", ""))
                   for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
    assert "internal problem" not in text and "Traceback" not in text
