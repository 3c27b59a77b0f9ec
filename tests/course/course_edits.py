"""What an instructor edits in a course folder: the grading file's checks and points, a test cell's points."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import nbformat
import yaml

from kubesim_nb.grader.grading_file import GRADING_FILE

TEAM_LABEL = {  # an added check: what kubectl shows once the answer is applied
    "check": "team-label",
    "title": "the Service carries the label team=ai",
    "points": 1,
    "hidden": True,
    "kubectl": "get service agent-service -o jsonpath={.metadata.labels.team}",
    "expect": "ai",
}


def source_notebook(course: Path, assignment: str = "try-with-ai") -> Path:
    return course / "source" / assignment / f"{assignment}.ipynb"


def edit_grading(course: Path, edit: Callable[[dict], None]) -> None:
    path = course / "source" / "try-with-ai" / GRADING_FILE
    data = yaml.safe_load(path.read_text())
    edit(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def set_points(course: Path, cell: str, points: float) -> None:
    path = source_notebook(course)
    nb = nbformat.read(path, as_version=4)
    next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == cell).metadata.nbgrader["points"] = (
        points
    )
    nbformat.write(nb, path)


def more_for_selects_and_a_team_label(data: dict) -> None:
    """part1: ``selects`` worth 3 points instead of 2, and the team label check added (12 points in all)."""
    next(c for c in data["part1"] if c["check"] == "selects")["points"] = 3
    data["part1"].append(dict(TEAM_LABEL))
