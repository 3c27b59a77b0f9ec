"""The course's path (issue 17 §1, §4): a core of 40 ± 5 minutes whose minutes notebook 00's map states, extras in
folded "go deeper" sections, a retrieval question opening notebooks 02–07, and a prediction before each key reveal.
How the minutes are estimated: ``minutes.py``."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import pytest

from kubesim_nb import predict, quiz

sys.path.insert(0, str(Path(__file__).parent))
from minutes import COLLAPSED, core_cells, core_minutes, heading_level  # noqa: E402

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
ALL = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
MAP_ROW = re.compile(r"^\| (\d) \| \[[^\]]+\]\((\S+\.ipynb)\) \| .* \| (.+) \|$")
CORE_TOTAL = re.compile(r"^\| \| \*\*Core path\*\* \| \| \| \*\*(\d+)\*\* \|$")
GATE = re.compile(r"predict\.gate\(\s*\"([\w-]+)\"")
# the reveals that ask for a prediction first (issue 17 §1), by notebook
REVEALS = {
    "01-pods-are-ephemeral": ["01-replaced-pod-ip", "01-container-restart"],
    "02-services-stable-virtual-ips": ["02-cluster-ip-after"],
    "04-label-selectors": ["04-relabel"],
    "05-hands-on": ["05-cluster-ip-from-laptop", "05-type-change"],
    "06-dns-service-discovery": ["06-cross-namespace"],
}


def start_here_map() -> tuple[dict[str, str], int]:
    """Notebook 00's map: each notebook's minutes as written, and the core path's total."""
    source = next(c.source for c in nbformat.read(NOTEBOOKS / "00-start-here.ipynb", 4).cells if c.id == "00-05")
    rows = {found[2]: found[3] for line in source.splitlines() if (found := MAP_ROW.match(line))}
    totals = [int(found[1]) for line in source.splitlines() if (found := CORE_TOTAL.match(line))]
    assert len(totals) == 1, "00's map has no single Core path row"
    return rows, totals[0]


def test_the_map_gives_every_notebook_its_core_minutes_and_they_make_40_minutes() -> None:
    rows, total = start_here_map()
    assert set(rows) == {path.name for path in ALL}
    assert rows.pop("09-try-with-ai.ipynb") == "graded follow-up"
    estimated = {name: core_minutes(NOTEBOOKS / name) for name in rows}
    assert {name: int(minutes) for name, minutes in rows.items()} == {
        name: round(minutes) for name, minutes in estimated.items()
    }, "00's map is out of date: write each notebook's estimated minutes"
    assert total == sum(map(int, rows.values()))
    assert 35 <= total <= 45 and 35 <= sum(estimated.values()) <= 45


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_go_deeper_sections_are_folded_headings(path: Path) -> None:
    """A "Go deeper" heading opens folded (JupyterLab honours the metadata); nothing else is folded."""
    for cell in nbformat.read(path, as_version=4).cells:
        titled = heading_level(cell) is not None and re.search(r"^#+ Go deeper", cell.source, re.MULTILINE)
        assert bool(titled) == bool(cell.metadata.get(COLLAPSED)), f"{path.name} cell {cell.id}"


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_no_notebook_ends_in_a_folded_section(path: Path) -> None:
    """After Run All the active cell is the last one; when it lies in a folded section, JupyterLab unfolds that
    section on the learner's click and folds it straight back, so the ▸ seems dead (seen in Chromium)."""
    last = nbformat.read(path, as_version=4).cells[-1]
    assert core_cells(path)[-1].id == last.id, f"{path.name} ends folded: close it with a heading such as ## Next"


@pytest.mark.parametrize("path", ALL[2:8], ids=lambda p: p.stem)
def test_notebooks_02_to_07_open_with_a_retrieval_question(path: Path) -> None:
    opening = nbformat.read(path, as_version=4).cells[1]
    quiz_id = f"{path.stem[:2]}-recall"
    assert opening.cell_type == "code" and f'quiz.show("{quiz_id}")' in opening.source
    earlier = int(path.stem[:2]) - 1
    assert quiz.show(quiz_id).question.startswith(f"From notebook {earlier}.")


def test_every_key_reveal_asks_for_a_prediction_on_the_core_path() -> None:
    gated = {path.stem: [gate for cell in core_cells(path) for gate in GATE.findall(cell.source)] for path in ALL}
    assert {stem: gates for stem, gates in gated.items() if gates} == REVEALS
    assert sorted(g for gates in REVEALS.values() for g in gates) == sorted(predict.PREDICTIONS)
