"""How long a notebook's core path takes a learner, estimated from its cells (issue 17 §4: a 40-minute core).

The estimate, stated in notebook 00 too:

- reading: the words of the core's Markdown cells at 200 words a minute (a word: letters or digits, with the dots,
  dashes and apostrophes inside it; table rules and link targets are not read);
- a code cell: 15 seconds to run it and read its output;
- a question (``quiz.show``) or a prediction (``predict.gate``): 30 seconds each;
- a widget to explore: 90 seconds; a hands-on task (``quiz.check_cluster``): 2 minutes, typing included.

The core is every cell outside a "go deeper" section. A go-deeper section starts at a Markdown heading cell whose
metadata has ``"jp-MarkdownHeadingCollapsed": true`` (JupyterLab opens it folded) and ends, as JupyterLab's fold
does, at the next Markdown cell whose highest heading is of the same or a higher level.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

WORDS_PER_MINUTE = 200
CODE_CELL, QUESTION, WIDGET, TASK = 10 / 60, 0.5, 1.0, 2.0
COLLAPSED = "jp-MarkdownHeadingCollapsed"
HEADING = re.compile(r"^(#{1,6}) ")
WORD = re.compile(r"\w(?:[\w.'’-]*\w)?")
LINK_TARGET = re.compile(r"\]\([^)]*\)")
WIDGET_CALL = re.compile(r"^(SelectorPlayground|PodsComeAndGo|ServiceTypes|DnsExplorer)\(", re.MULTILINE)


def heading_level(cell) -> int | None:
    """The level of the cell's highest heading (JupyterLab's ``headingInfo``), or None; code fences skipped."""
    if cell.cell_type != "markdown":
        return None
    levels, fenced = [], False
    for line in cell.source.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (found := HEADING.match(line)):
            levels.append(len(found[1]))
    return min(levels, default=None)


def core_cells(path: Path) -> list:
    """The cells a learner on the core path works through: none of a folded go-deeper section."""
    core, folded_at = [], None
    for cell in nbformat.read(path, as_version=4).cells:
        level = heading_level(cell)
        if folded_at is not None and level is not None and level <= folded_at:
            folded_at = None
        if folded_at is None and level is not None and cell.metadata.get(COLLAPSED):
            folded_at = level
        if folded_at is None:
            core.append(cell)
    return core


def cell_minutes(cell) -> float:
    if cell.cell_type == "markdown":
        return len(WORD.findall(LINK_TARGET.sub("]", cell.source))) / WORDS_PER_MINUTE
    source = cell.source
    exercises = (
        QUESTION * (source.count("quiz.show(") + source.count("predict.gate("))
        + TASK * source.count("check_cluster(")
        + WIDGET * len(WIDGET_CALL.findall(source))
    )
    return exercises or CODE_CELL


def core_minutes(path: Path) -> float:
    return sum(map(cell_minutes, core_cells(path)))
