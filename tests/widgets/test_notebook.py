"""The demo notebook runs top to bottom in a kernel (nbclient) and shows the four widgets."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[1] / "browser" / "selector_playground.ipynb"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def test_the_demo_notebook_is_committed_without_outputs() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)


def test_the_demo_notebook_runs_and_displays_every_widget(tmp_path) -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    code = [c for c in notebook.cells if c.cell_type == "code"]
    for cell in code:
        assert not [o for o in cell.outputs if o.output_type == "error" or o.get("name") == "stderr"], cell.source
        assert any(WIDGET_MIME in o.get("data", {}) for o in cell.outputs), cell.source
