"""What grading gives back: one :class:`CheckResult` per check, one :class:`PartResult` per answer.

A check result says what was found, what was expected and a hint, and how
many of its points it earned. A part result gathers the checks of one
exercise, plus a submission-level ``problem`` (the answer could not be judged:
not YAML, several documents, code in an answer cell...) or a grading
``error`` (the grader itself failed or ran out of time: the score is not a
verdict on the learner's work).

Both round-trip through JSON (the judge process sends them back to the
nbgrader preprocessor that way) and render as the text and HTML learners see
in their feedback. Rendering shows each check's title, points and message,
never a check's code; hidden checks are written so that their messages do not
give away expected values (see ``checks.py``).

A student's :class:`Status` is what every table, CSV file, report and grade
export shows beside the score, with a reason whenever it is not ``graded``:

- ``graded`` — the answers were judged (whatever the score, zero included);
- not graded, a zero: ``missing`` (no notebook where nbgrader looks for it),
  ``refused`` (not the student's own regular file: a symbolic link, a pipe,
  too large; or a folder name nbgrader would misread) or ``unreadable`` (not
  a notebook that can be read); see ``collection.py``;
- ``grading error`` — the grader failed on some part: no verdict, grade again.

It travels in notebook metadata under :data:`STATUS_KEY`: ``JudgeAnswers``
writes it into each autograded notebook, for ``nbgrader export``.
"""

from __future__ import annotations

import html
from dataclasses import asdict, dataclass
from typing import Any, Mapping

__all__ = [
    "GRADED",
    "GRADING_ERROR",
    "MISSING",
    "NOT_GRADED",
    "REFUSED",
    "STATUS_KEY",
    "UNREADABLE",
    "CheckResult",
    "PartResult",
    "Status",
    "format_points",
]

GRADED, GRADING_ERROR = "graded", "grading error"
MISSING, REFUSED, UNREADABLE = "missing", "refused", "unreadable"
NOT_GRADED = (MISSING, REFUSED, UNREADABLE)  # a zero, and the reason says why
STATUSES = (GRADED, *NOT_GRADED, GRADING_ERROR)
STATUS_KEY = "kubesim_status"  # notebook metadata: the notebook's Status
TABLE_HEADERS = ("", "check", "what", "points", "feedback")
# Inline: the formgrader's and feedback pages' styles give table cells no padding ("checkwhat", "pointsfeedback").
CELL_STYLE = 'style="padding: 0.2em 0.8em; text-align: left; vertical-align: top"'


def format_points(value: float) -> str:
    """``3.0`` -> ``3``, ``1.5`` -> ``1.5``."""
    return f"{value:g}"


@dataclass(frozen=True)
class CheckResult:
    check_id: str
    title: str  # what the check looks at, e.g. "the selector matches the agent Pods"
    points: float
    max_points: float
    passed: bool  # the check was fully met (a 0-point check can pass or fail too)
    found: str
    expected: str = ""
    hint: str = ""
    hidden: bool = False
    misconception: str | None = None  # what the failure shows (checks.MISCONCEPTIONS), for instructors only

    @property
    def message(self) -> str:
        parts = [f"found: {self.found}"]
        if not self.passed:
            if self.expected:
                parts.append(f"expected: {self.expected}")
            if self.hint:
                parts.append(f"hint: {self.hint}")
        return "\n".join(parts)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "CheckResult":
        return cls(**data)


@dataclass(frozen=True)
class PartResult:
    exercise: str
    checks: tuple[CheckResult, ...] = ()
    problem: str | None = None  # the answer could not be judged (learner's side)
    error: str | None = None  # grading failed (grader's side): not a verdict
    max_points_if_error: float = 0.0
    note: str | None = None  # what was read past in the answer (an extra line in a name = value cell)

    @property
    def points(self) -> float:
        return 0.0 if self.error else round(sum(c.points for c in self.checks), 4)

    @property
    def max_points(self) -> float:
        if self.error:
            return self.max_points_if_error
        return sum(c.max_points for c in self.checks)

    @property
    def public_checks(self) -> tuple[CheckResult, ...]:
        return tuple(c for c in self.checks if not c.hidden)

    def to_json(self) -> dict[str, Any]:
        return {
            "exercise": self.exercise,
            "checks": [c.to_json() for c in self.checks],
            "problem": self.problem,
            "error": self.error,
            "max_points_if_error": self.max_points_if_error,
            "note": self.note,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "PartResult":
        return cls(
            exercise=data["exercise"],
            checks=tuple(CheckResult.from_json(c) for c in data["checks"]),
            problem=data.get("problem"),
            error=data.get("error"),
            max_points_if_error=float(data.get("max_points_if_error", 0.0)),
            note=data.get("note"),
        )

    # ------------------------------------------------------------ rendering
    def first_problem(self) -> str:
        """One line for tables: the grading error, the submission problem, or the first failed check."""
        if self.error:
            return f"grading failed: {self.error}"
        if self.problem:
            return self.problem.splitlines()[0].removeprefix("found: ")
        for check in self.checks:
            if not check.passed:
                return f"{check.title}: {check.found}".splitlines()[0]
        return ""

    def render_text(self, title: str | None = None) -> str:
        """The feedback as plain text."""
        head = title or self.exercise
        lines = [f"{head}: {format_points(self.points)} / {format_points(self.max_points)} points"]
        if self.error:
            lines.append(
                f"The autograder could not grade this part ({self.error}). Your instructor has been told; "
                "this is not a judgement of your answer."
            )
            return "\n".join(lines)
        lines.extend(text for text in (self.problem, self.note) if text)
        for check in self.checks:
            mark = "✔" if check.passed else "✘"
            kind = "hidden" if check.hidden else "public"
            lines.append(
                f"{mark} [{kind}] {check.title} ({format_points(check.points)}/{format_points(check.max_points)})"
            )
            lines.extend("    " + line for line in check.message.splitlines())
        return "\n".join(lines)

    def render_html(self, title: str | None = None) -> str:
        text_head = self.render_text(title).splitlines()[0]
        rows = []
        for check in self.checks:
            mark = "✔" if check.passed else "✘"
            message = "<br>".join(html.escape(line) for line in check.message.splitlines())
            cells = (mark, "hidden" if check.hidden else "public", html.escape(check.title))
            cells += (f"{format_points(check.points)}/{format_points(check.max_points)}", message)
            rows.append("<tr>" + "".join(f"<td {CELL_STYLE}>{cell}</td>" for cell in cells) + "</tr>")
        said = "\n".join(text for text in (self.problem, self.note) if text)
        notes = "".join(f"<p>{html.escape(line)}</p>" for line in said.splitlines())
        if self.error:
            notes = f"<p>The autograder could not grade this part ({html.escape(self.error)}).</p>"
        table = (
            (
                "<table><thead><tr>"
                + "".join(f"<th {CELL_STYLE}>{name}</th>" for name in TABLE_HEADERS)
                + f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            )
            if rows and not self.error
            else ""
        )
        return f'<div class="kubesim-feedback"><p><strong>{html.escape(text_head)}</strong></p>{notes}{table}</div>'


@dataclass(frozen=True)
class Status:
    """Whether a student's notebook was graded (see the module docstring) and, when it was not, why."""

    status: str
    reason: str = ""

    def __str__(self) -> str:
        return f"{self.status}: {self.reason}" if self.reason else self.status

    @property
    def graded(self) -> bool:
        return self.status == GRADED

    @property
    def not_graded(self) -> bool:
        """Missing, refused or unreadable: a zero, and the reason says why."""
        return self.status in NOT_GRADED

    @classmethod
    def of(cls, parts: Mapping[str, PartResult]) -> "Status":
        """The status of a notebook that was read and judged, with these part results."""
        errors = [f"{part_id}: {result.error}" for part_id, result in parts.items() if result.error]
        return cls(GRADING_ERROR, "; ".join(errors)) if errors else cls(GRADED)

    def to_json(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> "Status | None":
        """The status written by :meth:`to_json`, or None for anything else (metadata comes from the notebook)."""
        if isinstance(data, dict) and data.get("status") in STATUSES and isinstance(data.get("reason"), str):
            return cls(data["status"], data["reason"])
        return None
