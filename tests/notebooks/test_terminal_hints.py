"""A learner in JupyterLab's Terminal is told what to type: ``kubesim host curl ...`` for the lesson's ``curl`` to
localhost, and how to find ``kubesim`` when the environment is not active (README and the hands-on notebook)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _hands_on_markdown() -> str:
    notebook = nbformat.read(ROOT / "notebooks" / "05-hands-on.ipynb", as_version=4)
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


@pytest.mark.parametrize("where", ["README", "05-hands-on"])
def test_the_terminal_commands_are_spelled_out(where: str) -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8") if where == "README" else _hands_on_markdown()
    flat = " ".join(text.split())
    assert "`curl http://localhost:30007` must be typed as `kubesim host curl http://localhost:30007`" in flat
    assert "`kubesim: command not found`" in flat and "`source .venv/bin/activate`" in flat
