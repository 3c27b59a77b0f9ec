"""nbgrader wiring: how ``nbgrader autograde``, ``generate_feedback`` and ``export`` use the judge.

``nbgrader_config.py`` (the course root) plugs these in:

- :class:`EnforceGradebookCells` (autograde, sanitising step, before
  ``OverwriteCells``): the gradebook — filled from the instructor's source
  notebook by ``generate_assignment`` — is the only authority on which cells
  are graded and for how much. Cells whose nbgrader id the gradebook does not
  know lose their nbgrader metadata; duplicated ids keep only the last cell
  (as ``DeduplicateIds`` does); every known cell gets its flags (grade,
  solution, locked, points) back from the gradebook; deleted grade cells are
  put back from the gradebook's copy (even when their neighbours were deleted
  too, which ``OverwriteCells.add_missing_cells`` alone cannot handle).
  ``OverwriteCells`` then restores the locked cells' sources.
- :class:`SubmittedNotebookExporter` (autograde's ``exporter_class``) reads
  each notebook with ``submission.parse_notebook``, as ``kubesim-grade`` does:
  damaged cells cost only themselves (nbgrader's own reader fails the whole
  notebook on one invalid cell id or lone surrogate), and a file that is not a
  notebook becomes a stand-in notebook saying why, so it is graded (zero) and
  gets feedback.
- :class:`JudgeAnswers` (autograde, replaces nbgrader's ``Execute``): the
  notebook is **not executed**. The answer cells' sources go to the judge
  process (``judge.py``); for each test cell it writes a ``display_data``
  output with the feedback and an ``execute_result`` holding the points,
  which nbgrader's ``SaveAutoGrades`` records as the cell's score. Nothing the
  learner wrote runs, so nothing the learner wrote can change a verdict. The
  notebook's :class:`~.results.Status` goes into its metadata
  (``kubesim_status``), for the export.
- :class:`HideHiddenTests` (generate_feedback, first): removes ``BEGIN/END
  HIDDEN TESTS`` regions from test cells before the feedback is rendered
  (nbgrader's own feedback shows them, its issue #1363).
- :class:`PerPartCsvExport` (``nbgrader export``): one row per student, one
  column per part (nbgrader's CSV has totals only), and the status and reason
  read from the autograded notebook.
"""

from __future__ import annotations

import csv
import json
import os
from typing import Any

import nbformat
from nbconvert.exporters import NotebookExporter
from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins import ExportPlugin
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor
from traitlets import Float, Integer

from .assignment import ASSIGNMENT_ID, NOTEBOOK_ID, PARTS, part_for_cell, part_for_test_cell, unreadable
from .judge import JudgeLimits, run_judge
from .results import NOT_GRADED, PartResult, Status
from .submission import MAX_NOTEBOOK_BYTES, Rejection, parse_notebook, stand_in_notebook, unreadable_reason

__all__ = ["EnforceGradebookCells", "HideHiddenTests", "JudgeAnswers", "PerPartCsvExport", "SubmittedNotebookExporter"]

STATUS_KEY = "kubesim_status"  # notebook metadata: the Status JudgeAnswers gave the notebook


class SubmittedNotebookExporter(NotebookExporter):
    """Read each notebook as ``kubesim-grade`` does (``parse_notebook``): a stand-in for a file that is no notebook."""

    def from_file(self, file_stream, resources=None, **kw) -> tuple[NotebookNode, ResourcesDict]:
        raw = getattr(file_stream, "buffer", file_stream).read(MAX_NOTEBOOK_BYTES + 1)  # bytes, not nbconvert's text
        notebook = parse_notebook(raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass"))
        if isinstance(notebook, Rejection):
            self.log.warning("A notebook could not be read: %s", notebook.message.replace("\n", "; "))
            notebook = stand_in_notebook(notebook)
        return self.from_notebook_node(notebook, resources=resources, **kw)


MISSING_NOTE = "This cell (id:{cell_id}) was missing from the submission. It was added back by the autograder."


def _ids(resources: ResourcesDict) -> tuple[str, str, str]:
    info = resources["nbgrader"]
    return info["notebook"], info["assignment"], info["db_url"]


class EnforceGradebookCells(NbGraderPreprocessor):
    """Make the submitted notebook's graded cells exactly those the gradebook knows, with its flags."""

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        notebook_id, assignment_id, db_url = _ids(resources)
        with Gradebook(db_url) as gb:
            source_nb = gb.find_notebook(notebook_id, assignment_id)
            sources = [(c.name, c.cell_type, c.locked, c.source, c.checksum) for c in source_nb.source_cells]
            grade_points = {c.name: float(c.max_score) for c in source_nb.grade_cells}
            solutions = {c.name for c in source_nb.solution_cells}
            tasks = {c.name: float(c.max_score) for c in source_nb.task_cells}
        known = {name: (cell_type, locked, source, checksum) for name, cell_type, locked, source, checksum in sources}

        def canonical(name: str) -> dict[str, Any]:
            meta: dict[str, Any] = {
                "grade": name in grade_points,
                "grade_id": name,
                "locked": known[name][1],
                "schema_version": 3,
                "solution": name in solutions,
                "task": name in tasks,
            }
            if name in grade_points or name in tasks:
                meta["points"] = grade_points.get(name, tasks.get(name))
            if known[name][3]:
                meta["checksum"] = known[name][3]
            return meta

        seen: set[str] = set()
        for cell in reversed(nb.cells):
            meta = cell.metadata.get("nbgrader")
            if meta is None:
                continue
            name = meta.get("grade_id") if isinstance(meta, dict) else None
            if name not in known or name in seen:
                if name is not None:
                    self.log.warning("Ignoring nbgrader metadata of a cell with id %r (unknown or duplicated)", name)
                del cell.metadata["nbgrader"]
                continue
            seen.add(name)
            cell.metadata["nbgrader"] = canonical(name)

        position = {}
        for index, cell in enumerate(nb.cells):
            name = cell.metadata.get("nbgrader", {}).get("grade_id")
            if name:
                position[name] = index
        for offset, (name, cell_type, locked, source, checksum) in enumerate(sources):
            if name in seen or not (name in grade_points or name in tasks):
                continue
            self.log.warning("Graded cell %s is missing; adding it back from the gradebook", name)
            previous = [position[n] for n, *_ in sources[:offset] if n in position]
            at = max(previous) + 1 if previous else 0
            note = MISSING_NOTE.format(cell_id=name)
            if cell_type == "code":
                cell = nbformat.v4.new_code_cell("# " + note + "\n" + source)
            else:
                cell = nbformat.v4.new_markdown_cell(note + "\n\n" + source)
            cell.metadata["nbgrader"] = canonical(name)
            cell.metadata["editable"] = name in solutions
            cell.metadata["deletable"] = False
            nb.cells.insert(at, cell)
            for other, index in position.items():
                if index >= at:
                    position[other] = index + 1
            position[name] = at
            seen.add(name)
        return nb, resources


class JudgeAnswers(NbGraderPreprocessor):
    """Grade answer cells in the judge process and write each test cell's feedback and points."""

    wall_seconds = Float(180.0, help="Wall-clock limit for the judge process, per notebook").tag(config=True)
    seconds_per_part = Float(20.0, help="Time limit for grading one part").tag(config=True)
    memory_mb = Integer(1024, help="Address-space limit of the judge process (MiB)").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        notebook_id, assignment_id, db_url = _ids(resources)
        with Gradebook(db_url) as gb:
            source_nb = gb.find_notebook(notebook_id, assignment_id)
            max_scores = {c.name: float(c.max_score) for c in source_nb.grade_cells}
        answers: dict[str, str] = {}
        for cell in nb.cells:  # later duplicates win, as in DeduplicateIds
            if utils.is_solution(cell):
                answers[cell.metadata.nbgrader["grade_id"]] = cell.source
        limits = JudgeLimits(
            wall_seconds=self.wall_seconds,
            cpu_seconds=int(self.wall_seconds) - 5,
            memory_mb=self.memory_mb,
            seconds_per_part=self.seconds_per_part,
        )
        problem, reason = unreadable_reason(nb), None
        if problem is not None:  # a stand-in: every part scores zero, and the feedback says why
            results, reason = unreadable(problem)
        else:
            results = run_judge(answers, limits=limits)  # JudgeFailed propagates: nbgrader reports the notebook failed
        nb.metadata[STATUS_KEY] = Status.of(results, reason).to_json()
        count = 0
        for cell in nb.cells:
            if cell.cell_type != "code" or not utils.is_grade(cell) or utils.is_solution(cell):
                continue
            count += 1
            name = cell.metadata.nbgrader["grade_id"]
            part = part_for_test_cell(name)
            result = results.get(part.id) if part else None
            cell.execution_count = count
            if result is None:
                cell.outputs = [_error_output(f"no autograder part for test cell {name}")]
                self.log.error("No judge result for test cell %s", name)
                continue
            if result.error:
                self.log.error("Grading %s failed: %s", part.id, result.error)
                cell.outputs = [
                    _feedback_output(result, part.title, max_scores.get(name)),
                    _error_output(f"grading failed: {result.error}"),
                ]
                continue
            maximum = max_scores.get(name, result.max_points)
            points = round(result.points * maximum / result.max_points, 2) if result.max_points else 0.0
            cell.outputs = [
                _feedback_output(result, part.title, maximum),
                nbformat.v4.new_output("execute_result", data={"text/plain": repr(points)}, execution_count=count),
            ]
        return nb, resources


def _feedback_output(result: PartResult, title: str, scale_to: float | None) -> NotebookNode:
    return nbformat.v4.new_output(
        "display_data",
        data={"text/plain": result.render_text(title, scale_to), "text/html": result.render_html(title, scale_to)},
    )


def _error_output(message: str) -> NotebookNode:
    return nbformat.v4.new_output("error", ename="GradingError", evalue=message, traceback=[f"GradingError: {message}"])


class HideHiddenTests(ClearHiddenTests):
    """Strip hidden-test regions from test cells (only), whatever a learner wrote elsewhere."""

    def preprocess_cell(
        self, cell: NotebookNode, resources: ResourcesDict, cell_index: int
    ) -> tuple[NotebookNode, ResourcesDict]:
        if utils.is_grade(cell) and not utils.is_solution(cell):
            try:
                self._remove_hidden_test_region(cell)
            except RuntimeError:
                cell.source = "# (test code not shown)"
        return cell, resources


class PerPartCsvExport(ExportPlugin):
    """``nbgrader export``: one row per student and assignment, one score column per part."""

    def export(self, gradebook: Gradebook) -> None:
        dest = self.to or "grades.csv"
        wanted_assignments = {str(a) for a in self.assignment}
        wanted_students = {str(s) for s in self.student}
        part_ids = [p.id for p in PARTS]
        header = [
            "assignment",
            "student_id",
            "timestamp",
            *part_ids,
            *(f"max_{p}" for p in part_ids),
            "raw_score",
            "late_submission_penalty",
            "score",
            "max_score",
            "needs_manual_grade",
            "status",
            "reason",
        ]
        self.log.info("Exporting per-part grades to %s", dest)
        with open(dest, "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for assignment in gradebook.assignments:
                if wanted_assignments and assignment.name not in wanted_assignments:
                    continue
                maxima = {p.id: p.max_points for p in PARTS} if assignment.name == ASSIGNMENT_ID else {}
                for student in gradebook.students:
                    if wanted_students and student.id not in wanted_students:
                        continue
                    writer.writerow(self._row(gradebook, assignment, student, part_ids, maxima))

    def _row(self, gradebook: Gradebook, assignment, student, part_ids: list[str], maxima: dict) -> list:
        scores = {p: 0.0 for p in part_ids}
        try:
            submission = gradebook.find_submission(assignment.name, student.id)
        except MissingEntry:
            return [
                assignment.name,
                student.id,
                "",
                *scores.values(),
                *(maxima.get(p, "") for p in part_ids),
                0.0,
                0.0,
                0.0,
                assignment.max_score,
                False,
                NOT_GRADED,
                "no submission",
            ]
        needs_manual = False
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                part = part_for_cell(grade.name)
                if part is not None:
                    scores[part.id] += float(grade.score or 0.0)
                needs_manual = needs_manual or bool(grade.needs_manual_grade)
        penalty = float(submission.late_submission_penalty or 0.0)
        return [
            assignment.name,
            student.id,
            submission.timestamp or "",
            *(round(scores[p], 2) for p in part_ids),
            *(maxima.get(p, "") for p in part_ids),
            round(float(submission.score), 2),
            penalty,
            round(max(0.0, float(submission.score) - penalty), 2),
            assignment.max_score,
            needs_manual,
            *self._status(assignment.name, student.id),
        ]

    def _status(self, assignment_id: str, student_id: str) -> tuple[str, str]:
        """The status JudgeAnswers wrote into the student's autograded notebook."""
        coursedir = self.parent.coursedir
        folder = coursedir.format_path(coursedir.autograded_directory, student_id, assignment_id)
        try:
            with open(os.path.join(folder, f"{NOTEBOOK_ID}.ipynb"), encoding="utf-8") as handle:
                status = Status.from_json(json.load(handle).get("metadata", {}).get(STATUS_KEY))
        except (OSError, ValueError, AttributeError):
            status = None
        return (status.status, status.reason) if status else (NOT_GRADED, "not autograded")
