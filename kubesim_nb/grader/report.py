"""The instructor's class report: what the class got wrong (``kubesim-grade --submitted DIR --report FILE``).

:func:`build_report` turns the graded notebooks of a class into a
:class:`ClassReport`; :func:`render_html` writes it as one self-contained HTML
page (inline CSS, charts as inline PNG from matplotlib, no script, nothing
fetched from the network), with

- the students who could not be graded, and why (first: they need action);
- each automatic part's score distribution, as a chart;
- the most common misconceptions, computed from the checks' findings (each
  failed check may name one, see ``checks.MISCONCEPTIONS``), with the share of
  students showing each and example answers, anonymised: no student name, and
  comments (where names and notes go) removed;
- each check's pass rate.

A share counts students whose notebook could be read; a pass rate counts the
students whose part was judged (a grading error is not a failure).
"""

from __future__ import annotations

import base64
import html
import io
import re
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from .assignment import BUILT_IN, Part
from .batch import NotebookOutcome
from .checks import MISCONCEPTIONS
from .results import format_points

__all__ = ["ClassReport", "build_report", "render_html"]

MAX_EXAMPLES = 3  # example answers per misconception
MAX_EXAMPLE_LINES = 16


@dataclass(frozen=True)
class CheckRate:
    part: Part
    check_id: str
    title: str
    hidden: bool
    passed: int
    judged: int

    @property
    def rate(self) -> float:
        return self.passed / self.judged if self.judged else 0.0


@dataclass(frozen=True)
class Misconception:
    id: str
    title: str
    students: int
    share: float  # of the students whose notebook could be read
    parts: tuple[Part, ...]
    examples: tuple[str, ...]  # anonymised answers, the most common first


@dataclass(frozen=True)
class NotGraded:
    student: str
    status: str
    reason: str


@dataclass(frozen=True)
class ClassReport:
    assignment: str
    students: int
    read: int  # notebooks that could be read
    scores: dict[str, tuple[float, ...]]  # part id -> the points of each student whose part was judged
    parts: tuple[Part, ...]  # the automatically graded parts, as the course defines them
    misconceptions: tuple[Misconception, ...]
    rates: tuple[CheckRate, ...]
    not_graded: tuple[NotGraded, ...]


# ------------------------------------------------------------------ building
_TRAILING_COMMENT = re.compile(r"\s+#.*$")  # YAML and Python comments start after a blank


def anonymised(source: str) -> str:
    """An answer without its comments and ``%%`` lines (where names and notes go), clipped."""
    lines = []
    for line in source.splitlines():
        if line.lstrip().startswith(("#", "%")):
            continue
        line = _TRAILING_COMMENT.sub("", line).rstrip()
        if line.strip():
            lines.append(line if len(line) <= 100 else line[:97] + "...")
    if len(lines) > MAX_EXAMPLE_LINES:
        lines = lines[:MAX_EXAMPLE_LINES] + ["..."]
    return "\n".join(lines)


def build_report(outcomes: Sequence[NotebookOutcome], assignment: str) -> ClassReport:
    parts = (outcomes[0].assignment if outcomes else BUILT_IN).auto_parts
    read = [o for o in outcomes if o.not_judged is None]
    scores, rates = {}, []
    shown: dict[str, set[str]] = {}  # misconception -> students
    parts_of: dict[str, set[str]] = {}  # misconception -> part ids
    examples: dict[str, Counter] = {}
    for part in parts:
        judged = [o for o in read if part.id in o.parts and not o.parts[part.id].error]
        scores[part.id] = tuple(o.parts[part.id].points for o in judged)
        for check in part.exercise.checks:
            results = [next((c for c in o.parts[part.id].checks if c.check_id == check.id), None) for o in judged]
            passed = sum(1 for r in results if r is not None and r.passed)
            rates.append(CheckRate(part, check.id, check.title, check.hidden, passed, len(judged)))
        for o in judged:
            for tag in {c.misconception for c in o.parts[part.id].checks if c.misconception}:
                shown.setdefault(tag, set()).add(o.student)
                parts_of.setdefault(tag, set()).add(part.id)
                answer = anonymised(o.answers.get(part.answer_cell, ""))
                if answer:
                    examples.setdefault(tag, Counter())[answer] += 1
    by_id = {p.id: p for p in parts}
    misconceptions = sorted(
        (
            Misconception(
                tag,
                MISCONCEPTIONS[tag],
                len(students),
                len(students) / len(read),
                tuple(by_id[p] for p in sorted(parts_of[tag], key=[q.id for q in parts].index)),
                tuple(text for text, _ in examples.get(tag, Counter()).most_common(MAX_EXAMPLES)),
            )
            for tag, students in shown.items()
        ),
        key=lambda m: (-m.students, m.title),
    )
    not_graded = tuple(NotGraded(o.student, o.status.status, o.status.reason) for o in outcomes if not o.graded)
    return ClassReport(
        assignment, len(outcomes), len(read), scores, parts, tuple(misconceptions), tuple(rates), not_graded
    )


# ------------------------------------------------------------------ rendering
def _chart(part: Part, scores: Sequence[float]) -> str:
    """A bar chart of how many students got each score, as an inline PNG."""
    from matplotlib.figure import Figure  # imported here: only reports need matplotlib

    counts = Counter(scores)
    figure = Figure(figsize=(4.2, 2.4), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    axes.bar(list(counts), list(counts.values()), width=0.45, color="#3b6ea8")
    axes.set_xlim(-0.5, part.max_points + 0.5)
    axes.set_xlabel(f"points (of {format_points(part.max_points)})")
    axes.set_ylabel("students")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.set_title(part.title, fontsize=10)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


_CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 70em; color: #222; }
h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.5em 0; } th, td { padding: 0.3em 0.6em; text-align: left;
  vertical-align: top; border-bottom: 1px solid #eee; }
th { background: #f3f5f8; } td.number { text-align: right; font-variant-numeric: tabular-nums; }
pre { margin: 0 0 0.4em; padding: 0.3em 0.5em; background: #f7f7f7; font-size: 0.85em; }
.charts { display: flex; flex-wrap: wrap; gap: 1em; } figure { margin: 0; }
figcaption { font-size: 0.85em; color: #555; }
.bar { display: inline-block; height: 0.8em; background: #3b6ea8; vertical-align: middle; }
"""


def _percent(value: float) -> str:
    return f"{100 * value:.0f}%"


def _not_graded_section(report: ClassReport) -> str:
    if not report.not_graded:
        return "<p class='all-graded'>Every student's notebook was graded.</p>"
    rows = "".join(
        f"<tr data-student='{html.escape(n.student, quote=True)}'><td>{html.escape(n.student)}</td>"
        f"<td>{html.escape(n.status)}</td><td>{html.escape(n.reason)}</td></tr>"
        for n in report.not_graded
    )
    return (
        f"<p>{len(report.not_graded)} of {report.students} students could not be graded: look at their "
        f"submissions, then grade again.</p><table class='not-graded'><thead><tr><th>student</th><th>status</th>"
        f"<th>reason</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _charts_section(report: ClassReport) -> str:
    figures = []
    for part in report.parts:
        scores = report.scores[part.id]
        if not scores:
            continue
        mean = sum(scores) / len(scores)
        caption = (
            f"{html.escape(part.title)}: {len(scores)} students, mean {mean:.1f}, "
            f"{_percent(sum(s == part.max_points for s in scores) / len(scores))} full marks"
        )
        figures.append(
            f"<figure><img class='chart' data-part='{part.id}' alt='score distribution of {html.escape(part.title)}' "
            f"src='data:image/png;base64,{_chart(part, scores)}'><figcaption>{caption}</figcaption></figure>"
        )
    return f"<div class='charts'>{''.join(figures)}</div>"


def _misconceptions_section(report: ClassReport) -> str:
    if not report.misconceptions:
        return "<p>No check found a known misconception.</p>"
    rows = []
    for m in report.misconceptions:
        examples = "".join(f"<pre>{html.escape(e)}</pre>" for e in m.examples)
        rows.append(
            f"<tr data-misconception='{m.id}' data-students='{m.students}' data-share='{m.share:.4f}'>"
            f"<td>{html.escape(m.title)}</td><td class='number'>{m.students}</td>"
            f"<td class='number'>{_percent(m.share)}</td><td>{html.escape(', '.join(p.title for p in m.parts))}</td>"
            f"<td>{examples}</td></tr>"
        )
    return (
        f"<p>Shares are of the {report.read} students whose notebook could be read. Example answers are "
        "anonymised: comments removed, no names.</p><table class='misconceptions'><thead><tr><th>misconception</th>"
        f"<th>students</th><th>share</th><th>parts</th><th>example answers</th></tr></thead><tbody>{''.join(rows)}"
        "</tbody></table>"
    )


def _rates_section(report: ClassReport) -> str:
    rows = "".join(
        f"<tr data-check='{r.part.id}/{r.check_id}' data-rate='{r.rate:.4f}'><td>{html.escape(r.part.title)}</td>"
        f"<td>{html.escape(r.title)}</td><td>{'hidden' if r.hidden else 'public'}</td>"
        f"<td class='number'>{r.passed}/{r.judged}</td><td class='number'>{_percent(r.rate)}</td>"
        f"<td><span class='bar' style='width: {100 * r.rate:.0f}px'></span></td></tr>"
        for r in report.rates
    )
    return (
        "<table class='check-rates'><thead><tr><th>part</th><th>check</th><th></th><th>passed</th><th>rate</th>"
        f"<th></th></tr></thead><tbody>{rows}</tbody></table>"
    )


def render_html(report: ClassReport) -> str:
    title = f"Class report: {report.assignment}"
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{html.escape(title)}</h1><p>{report.students} students; {report.read} notebooks read; "
        f"{report.students - len(report.not_graded)} graded.</p>"
        f"<h2>Students who could not be graded</h2>{_not_graded_section(report)}"
        f"<h2>Score distributions</h2>{_charts_section(report)}"
        f"<h2>Most common misconceptions</h2>{_misconceptions_section(report)}"
        f"<h2>Pass rate per check</h2>{_rates_section(report)}"
        "</body></html>\n"
    )
