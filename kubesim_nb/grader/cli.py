"""``kubesim-grade``: grade answers outside nbgrader, for instructors.

    kubesim-grade --list                               the parts, their checks and points
    kubesim-grade PART FILE... [--json] [--csv PATH]   grade answer files (YAML, or name = value lines)
    kubesim-grade --submitted DIR [--assignment ID] [--csv PATH] [--json] [--report PATH]
                                                       grade an nbgrader submitted/ folder: one row per student
                                                       folder (and per part in the CSV, written only with --csv);
                                                       --report PATH: the class report (an HTML page, report.py)
    kubesim-grade --check-submitted DIR [--assignment ID]
                                                       before `nbgrader autograde`: list the student folders
                                                       that would not be graded, and why

Parts are named as in the notebook and in every export (``part1``, ``dns``...); an
exercise id (``internal-service``) is accepted for the part that uses it. The
assignment — its notebook's name, parts, checks and points — is the course's
(``course.py``): the course folder is ``--course``, else the folder holding
``--submitted`` (nbgrader's layout), else the current folder; outside a course,
the built-in *try-with-ai*.

Answers are graded in parallel (``--jobs``, default: every CPU) with a progress
bar for large batches (``--no-progress`` hides it). Every student folder of
``submitted/`` is listed, with its status (``results.Status``: graded;
missing, refused or unreadable, each a zero; grading error) and the reason.
Files are written only where ``--csv`` and ``--report`` say. Exit status: 0 when every answer was
graded (whatever the scores), or every folder is ready (``--check-submitted``);
1 when some answer or student could not be graded; 2 for a usage error.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .assignment import ASSIGNMENT_ID, BUILT_IN, Assignment, Part
from .batch import FileOutcome, NotebookOutcome, grade_files, grade_submitted
from .collection import NotGradable, display_name, find_submissions, read_notebook
from .course import CourseError, JudgedSource, load_assignment
from .report import build_report, render_html
from .results import GRADING_ERROR, format_points
from .spreadsheet import SpreadsheetWriter

__all__ = ["main"]

EXIT_OK, EXIT_NOT_GRADED, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kubesim-grade",
        description="Grade Kubernetes Services answers on the kubesim simulator.",
        epilog="exit status: 0 every answer graded; 1 some answer could not be graded; 2 usage error",
    )
    parser.add_argument("part", nargs="?", help="part id (see --list)")
    parser.add_argument("files", nargs="*", help="answer files: YAML manifests, or name = value lines")
    parser.add_argument("--list", action="store_true", help="list the exercises and exit")
    parser.add_argument("--submitted", metavar="DIR", help="an nbgrader submitted/ folder to grade")
    parser.add_argument(
        "--check-submitted",
        metavar="DIR",
        help="list the student folders of DIR that nbgrader autograde would not grade (run it before autograde)",
    )
    parser.add_argument(
        "--assignment", default=ASSIGNMENT_ID, help=f"assignment id under --submitted ({ASSIGNMENT_ID})"
    )
    parser.add_argument(
        "--course",
        metavar="DIR",
        help="the nbgrader course folder the assignment's notebook name, checks and points come from "
        "(default: the folder holding --submitted, else the current folder)",
    )
    parser.add_argument("--json", action="store_true", help="print results as JSON instead of a table")
    parser.add_argument(
        "--csv",
        metavar="PATH",
        help="also write results as CSV to PATH (with --submitted: one row per student, one column per part)",
    )
    parser.add_argument(
        "--report", metavar="PATH", help="with --submitted: write the class report (one HTML file) to PATH"
    )
    parser.add_argument("--jobs", "-j", type=int, default=None, help="worker processes (default: every CPU)")
    parser.add_argument("--public-only", action="store_true", help="run only the public checks")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    return parser


# ------------------------------------------------------------------ the course
@dataclass(frozen=True)
class Graded:
    """The assignment being graded, and its course's checks (None: the built-in ones)."""

    assignment: Assignment
    source: JudgedSource | None


def _graded(course: Path, assignment_id: str) -> Graded:
    """The assignment as ``course`` defines it; :class:`CourseError` when it cannot be graded."""
    loaded = load_assignment(course, assignment_id)
    if loaded is not None:
        return Graded(*loaded)
    if (course / "source" / assignment_id).is_dir():
        raise CourseError(f"{course}/source/{assignment_id} has no notebook kubesim-nb grades (see --list)")
    if assignment_id != BUILT_IN.id:
        raise CourseError(f"no assignment {assignment_id!r} in {course}/source: give its course folder with --course")
    return Graded(BUILT_IN, None)


def _part(assignment: Assignment, name: str) -> Part:
    for part in assignment.auto_parts:
        if name in (part.id, part.exercise_id):
            return part
    raise CourseError(f"unknown part {name!r}; parts: {', '.join(p.id for p in assignment.auto_parts)}")


# ------------------------------------------------------------------ listing
def _list(assignment: Assignment) -> str:
    lines = []
    for part in assignment.auto_parts:
        exercise = part.exercise
        lines.append(f"{part.id}  {exercise.id}  ({format_points(exercise.max_points)} points)  {exercise.title}")
        lines.append(f"    {exercise.summary}")
        for check in exercise.checks:
            kind = "public" if not check.hidden else "hidden+practice" if check.practised else "hidden"
            lines.append(f"    - {check.id:<18} {format_points(check.points):>3}  {kind:<15}  {check.title}")
    return "\n".join(lines)


# ------------------------------------------------------------------ files
def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _clip_left(text: str, width: int) -> str:
    """Long paths keep their end (the file name)."""
    return text if len(text) <= width else "…" + text[len(text) - width + 1 :]


def _files_table(outcomes: Sequence[FileOutcome]) -> str:
    width = shutil.get_terminal_size((120, 20)).columns
    name_width = min(40, max([4] + [len(o.path) for o in outcomes]))
    rows = [f"{'FILE':<{name_width}}  {'SCORE':>9}  FIRST PROBLEM"]
    for outcome in outcomes:
        if outcome.result is None:
            score, note = "-", f"not graded: {outcome.read_error}"
        else:
            result = outcome.result
            score = f"{format_points(result.points)}/{format_points(result.max_points)}"
            note = result.first_problem()
        path = _clip_left(display_name(outcome.path), name_width)
        rows.append(_clip(f"{path:<{name_width}}  {score:>9}  {note}", width))
    graded = sum(o.graded for o in outcomes)
    rows.append(f"{graded} of {len(outcomes)} files graded")
    return "\n".join(rows)


def _file_json(outcome: FileOutcome) -> dict:
    data = {"file": outcome.path, "graded": outcome.graded, "read_error": outcome.read_error}
    if outcome.result is not None:
        data.update(points=outcome.result.points, max_points=outcome.result.max_points, **outcome.result.to_json())
    return data


def _files_csv(path: str, part: Part, outcomes: Sequence[FileOutcome], include_hidden: bool) -> None:
    checks = part.exercise.visible_checks(include_hidden)
    with open(path, "w", newline="") as handle:
        writer = SpreadsheetWriter(handle)
        writer.writerow(["file", "part", "points", "max_points", "status", *(c.id for c in checks), "problem"])
        for o in outcomes:
            result = o.result
            by_id = {c.check_id: c.points for c in result.checks} if result else {}
            status = "not graded" if not o.graded else "graded"
            writer.writerow(
                [
                    display_name(o.path),
                    part.id,
                    result.points if result and o.graded else "",
                    result.max_points if result else "",
                    status,
                    *(by_id.get(c.id, "") for c in checks),
                    (result.first_problem() if result else o.read_error) or "",
                ]
            )


# ------------------------------------------------------------------ notebooks
def _part_scores(o: NotebookOutcome, assignment: Assignment) -> list[str]:
    """Each automatic part's points ("error" where grading failed, "-" where there is no result)."""
    return [
        "-" if p.id not in o.parts else "error" if o.parts[p.id].error else format_points(o.parts[p.id].points)
        for p in assignment.auto_parts
    ]


def _notebook_table(outcomes: Sequence[NotebookOutcome], assignment: Assignment) -> str:
    header = ["STUDENT", *(p.id for p in assignment.auto_parts), "TOTAL", "STATUS"]
    rows = [header]
    for o in outcomes:
        status = o.status
        total = "-" if status.status == GRADING_ERROR else f"{format_points(o.points)}/{format_points(o.max_points)}"
        rows.append([display_name(o.student), *_part_scores(o, assignment), total, str(status)])
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(header) - 1)]
    lines = ["  ".join(str(v).ljust(w) for v, w in zip(r, widths)) + "  " + str(r[-1]) for r in rows]
    lines.append(
        f"{sum(o.graded for o in outcomes)} of {len(outcomes)} students graded "
        f"(automatic parts only; {', '.join(p.id for p in assignment.manual_parts)} graded by hand)"
    )
    return "\n".join(lines)


def _notebook_json(o: NotebookOutcome) -> dict:
    return {
        "student": o.student,
        "notebook": o.path,
        "graded": o.graded,
        **o.status.to_json(),
        "points": o.points,
        "max_points": o.max_points,
        "parts": {k: v.to_json() for k, v in o.parts.items()},
    }


def _notebooks_csv(path: str, outcomes: Sequence[NotebookOutcome], assignment: Assignment) -> None:
    parts = assignment.auto_parts
    with open(path, "w", newline="") as handle:
        writer = SpreadsheetWriter(handle)
        writer.writerow(
            [
                "student_id",
                *(p.id for p in parts),
                *(f"max_{p.id}" for p in parts),
                "auto_score",
                "max_auto_score",
                "status",
                "reason",
            ]
        )
        for o in outcomes:
            status = o.status
            scores = [o.parts[p.id].points if p.id in o.parts and not o.parts[p.id].error else "" for p in parts]
            writer.writerow(
                [
                    display_name(o.student),
                    *scores,
                    *(p.max_points for p in parts),
                    o.points if status.status != GRADING_ERROR and o.parts else "",
                    o.max_points,
                    status.status,
                    status.reason,
                ]
            )


def _check_submitted(folder: Path, assignment: Assignment) -> int:
    """Every student folder nbgrader autograde would not grade as that student's own notebook, and why."""
    problems = []
    submissions = find_submissions(folder, assignment.id, assignment.notebook)
    for submission in submissions:
        status, reason = submission.status, submission.reason
        if reason is None:
            try:
                read_notebook(submission.notebook, below=folder)
            except NotGradable as refusal:
                status, reason = refusal.status, refusal.reason
        if reason is not None:
            problems.append(f"{display_name(submission.student)}: {status}: {reason}")
    print("\n".join(problems + [f"{len(submissions) - len(problems)} of {len(submissions)} student folders ready"]))
    return EXIT_NOT_GRADED if problems else EXIT_OK


# ------------------------------------------------------------------ main
def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:  # `kubesim-grade --list | head`
        sys.stdout = open("/dev/null", "w")
        return EXIT_OK


def _usage_error(message: str) -> int:
    print(f"kubesim-grade: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _main(argv: Sequence[str] | None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return EXIT_USAGE if exit_.code else EXIT_OK
    folder_arg = args.submitted or args.check_submitted
    course = Path(args.course or (Path(folder_arg).parent if folder_arg else "."))
    try:
        graded = _graded(course, args.assignment)
        part = _part(graded.assignment, args.part) if args.part and not folder_arg else None
    except CourseError as err:
        return _usage_error(str(err))
    assignment = graded.assignment
    if args.list:
        print(_list(assignment))
        return EXIT_OK
    if args.jobs is not None and args.jobs < 1:
        parser.print_usage(sys.stderr)
        return _usage_error("--jobs must be at least 1")
    progress = not args.no_progress
    if folder_arg and not Path(folder_arg).is_dir():
        return _usage_error(f"{folder_arg} is not a folder")
    if args.check_submitted:
        return _check_submitted(Path(args.check_submitted), assignment)
    if args.submitted:
        if args.part or args.files:
            return _usage_error("--submitted takes no PART or FILE arguments")
        folder = Path(args.submitted)
        notebooks = grade_submitted(
            folder,
            assignment.id,
            jobs=args.jobs,
            progress=progress,
            notebook=assignment.notebook,
            source=graded.source,
        )
        if not notebooks:
            print(f"kubesim-grade: no student folders under {folder}", file=sys.stderr)
            return EXIT_NOT_GRADED
        table = _notebook_table(notebooks, assignment)
        print(json.dumps([_notebook_json(o) for o in notebooks], indent=2) if args.json else table)
        if args.csv:
            _notebooks_csv(args.csv, notebooks, assignment)
            print(f"per-part grades written to {args.csv}", file=sys.stderr)
        if args.report:
            Path(args.report).write_text(render_html(build_report(notebooks, assignment.id)), encoding="utf-8")
            print(f"class report written to {args.report}", file=sys.stderr)
        return EXIT_OK if all(o.graded for o in notebooks) else EXIT_NOT_GRADED
    if args.report:
        return _usage_error("--report needs --submitted DIR")
    if part is None or not args.files:
        parser.print_usage(sys.stderr)
        return _usage_error("give a PART and at least one FILE (or --list, or --submitted DIR)")
    include_hidden = not args.public_only
    outcomes = grade_files(
        part.id, args.files, jobs=args.jobs, include_hidden=include_hidden, progress=progress, source=graded.source
    )
    print(json.dumps([_file_json(o) for o in outcomes], indent=2) if args.json else _files_table(outcomes))
    if args.csv:
        _files_csv(args.csv, part, outcomes, include_hidden)
    return EXIT_OK if all(o.graded for o in outcomes) else EXIT_NOT_GRADED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
