"""nbgrader wiring: how ``nbgrader generate_assignment``, ``autograde``, ``generate_feedback`` and ``export`` use
the judge, for the assignments that use it, beside any other nbgrader assignment of the same course.

A course's ``nbgrader_config.py`` calls :func:`configure` (``kubesim-course init`` writes that file, or adds the
call to an existing course's). Which notebooks the judge grades is decided by the course folder
(``course.py``: the source notebook's ``kubesim`` metadata); every plug-in below leaves every other notebook to
stock nbgrader, so a ``ps1`` from ``nbgrader quickstart`` is released, executed, graded and exported exactly as
nbgrader does it. The course folder is ``CourseDirectory.root`` (set by :func:`configure`).

- :func:`guard_course` (when the configuration loads, before any step runs):
  nbgrader copies every file of an assignment folder along with its notebooks
  (``BaseConverter.init_assignment`` in ``nbgrader/converters/base.py``),
  following symbolic links, and matches student folders as glob patterns. So
  the names of every file beside the judged notebooks, in ``source/`` (an
  executed source notebook leaves its solution files there) and in
  ``submitted/``, go to ``CourseDirectory.ignore``: nothing but notebooks is
  released, copied into ``autograded/`` or ``feedback/``. Student folders
  nbgrader would misread (``collection.student_name_problem``), that hold a
  ``timestamp.txt`` it cannot read safely, or whose judged notebook is
  missing or misnamed (nbgrader fails on those) are excluded
  (``CourseDirectory.student_id_exclude``), with a warning; ``kubesim-grade
  --check-submitted`` lists them all. It also puts ``alembic``, which nbgrader
  runs to create its gradebook, on ``PATH``.
- :class:`RefuseUngradableSource` (generate_assignment, first): a judged
  source notebook that does not agree with its parts and checks (a missing
  cell, points that differ from the checks' total, code in a test cell that
  would never run) stops the release, saying why (``course.source_problems``).
- :class:`SubmittedNotebookExporter` (autograde's reader): a judged notebook is read
  by ``collection.read_notebook``, as ``kubesim-grade`` reads it (a regular
  file, no symbolic link, a bounded size; then ``submission.parse_notebook``,
  so damaged cells cost only themselves, where nbgrader's own reader fails
  the whole notebook on one invalid cell id or lone surrogate); one that is
  refused or unreadable is replaced by a stand-in notebook saying why
  (``collection.stand_in_notebook``), graded 0, so the student still gets
  feedback.
- :class:`EnforceGradebookCells` (autograde, sanitising step, before
  ``OverwriteCells``): the gradebook — filled from the instructor's source
  notebook by ``generate_assignment`` — is the only authority on which cells
  are graded and for how much. Cells whose nbgrader id the gradebook does not
  know lose their nbgrader metadata; duplicated ids keep only the last cell
  (as ``DeduplicateIds`` does); every known cell gets its flags (grade,
  solution, locked, points) back from the gradebook; deleted grade cells are
  put back from the gradebook's copy (even when their neighbours were deleted
  too, which ``OverwriteCells.add_missing_cells`` alone cannot handle).
  ``OverwriteCells`` then restores the locked cells' sources. A locked cell
  exactly as released (its hidden tests stripped) gets the gradebook's
  source back silently, so nbgrader's "checksum has changed" warning means
  the learner edited it.
- :class:`JudgeAnswers` (autograde, replaces nbgrader's ``Execute``): a judged
  notebook is **not executed**. The answer cells' sources go to the judge
  process (``judge.py``) with the course's checks; for each test cell it writes a ``display_data``
  output with the feedback and an ``execute_result`` holding the points,
  which nbgrader's ``SaveAutoGrades`` records as the cell's score. Nothing the
  learner wrote runs, so nothing the learner wrote can change a verdict. A
  stand-in for a notebook that was not graded gets 0 and the reason in every
  test cell. The notebook's :class:`~.results.Status` goes into its metadata
  (``results.STATUS_KEY``), for the export. Grading that does not work (the
  judge fails, a part's checks crash or time out, the gradebook's points
  differ from the checks') fails the notebook, so ``nbgrader autograde`` exits
  non-zero. Any other notebook is executed by nbgrader's own ``Execute``.
- :class:`HideHiddenTests` (generate_feedback, first): removes ``BEGIN/END
  HIDDEN TESTS`` regions from test cells before the feedback is rendered
  (nbgrader's own feedback shows them, its issue #1363), in every assignment.
- :class:`PerPartCsvExport` (``nbgrader export``): one row per student and
  assignment; a judged assignment has one column per part (and ``max_<part>``,
  from the gradebook), the status and reason read from the autograded
  notebook; any other assignment one column per notebook. Columns that are not
  the row's assignment's stay empty. Safe to open in a spreadsheet
  (``spreadsheet.py``).
"""

from __future__ import annotations

import fnmatch
import functools
import glob
import json
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from nbconvert.exporters import NotebookExporter
from nbconvert.exporters.exporter import ResourcesDict
from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.converters import GenerateAssignment
from nbgrader.coursedir import CourseDirectory
from nbgrader.plugins import ExportPlugin
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    ClearHiddenTests,
    ClearOutput,
    DeduplicateIds,
    Execute,
    GetGrades,
    IgnorePattern,
    LimitOutput,
    NbGraderPreprocessor,
    OverwriteCells,
    OverwriteKernelspec,
    SaveAutoGrades,
)
from traitlets import Float, Integer
from traitlets.config import Config

from .assignment import Assignment, not_graded
from .collection import (
    SIDE_FILES,
    NotGradable,
    inspect_student,
    read_notebook,
    side_file_problem,
    stand_in_notebook,
    stand_in_status,
    student_name_problem,
)
from .course import CourseError, JudgedSource, judged_notebooks, load_assignment
from .grading_file import GRADING_FILE
from .judge import JudgeFailed, JudgeLimits, run_judge
from .results import GRADED, GRADING_ERROR, MISSING, STATUS_KEY, PartResult, Status
from .spreadsheet import SpreadsheetWriter

__all__ = [
    "EnforceGradebookCells",
    "RefuseUngradableSource",
    "HideHiddenTests",
    "JudgeAnswers",
    "PerPartCsvExport",
    "SubmittedNotebookExporter",
    "configure",
    "guard_course",
]

MISSING_NOTE = "This cell (id:{cell_id}) was missing from the submission. It was added back by the autograder."
NOTEBOOK_FILES = ("*.ipynb", *SIDE_FILES)  # what nbgrader's own steps need from an assignment folder


# ------------------------------------------------------------------ the course, before any step
def _warn(message: str) -> None:
    print(f"[kubesim-nb | WARNING] {message}", file=sys.stderr)


def _is_notebook_file(name: str) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in NOTEBOOK_FILES)


def _entries(folder: str | Path) -> list[os.DirEntry]:
    """A folder's entries sorted by name; none if it cannot be listed (then nbgrader cannot read it either)."""
    try:
        with os.scandir(folder) as entries:
            return sorted(entries, key=lambda e: e.name)
    except OSError:
        return []


def _extra_names(folder: Path) -> set[str]:
    """Names in an assignment folder that are not notebooks (nor nbgrader's timestamp)."""
    return {entry.name for entry in _entries(folder) if not _is_notebook_file(entry.name)}


def _side_file_problems(assignment_folders: list[Path]) -> str | None:
    for folder in assignment_folders:
        try:
            problem = side_file_problem(folder)
        except NotGradable as refusal:
            problem = refusal.reason
        if problem:
            return f"{folder.name}/{problem}"
    return None


def _ensure_alembic(course: Path) -> None:
    """nbgrader runs ``alembic`` from PATH to create the gradebook: find it beside this Python, or stop first."""
    if shutil.which("alembic"):
        return
    here = os.path.dirname(sys.executable)
    if shutil.which("alembic", path=here):
        os.environ["PATH"] = here + os.pathsep + os.environ.get("PATH", "")
        return
    if not (course / "gradebook.db").exists():  # without alembic nbgrader leaves a half-made gradebook
        raise SystemExit(
            "nbgrader needs the `alembic` command (installed with nbgrader) to create gradebook.db: "
            "run nbgrader from the Python environment it was installed in, or put that environment's bin folder "
            "on PATH"
        )


def _judged_assignments(course: Path) -> dict[str, str]:
    """{assignment id: its judged notebook's name} for the course's assignments the judge grades."""
    judged = {}
    for folder in _entries(course / "source"):
        if folder.is_dir():
            names = judged_notebooks(course, folder.name)
            if names:
                judged[folder.name] = names[0]
    return judged


def _exclusion(submitted: Path, student: os.DirEntry, judged: dict[str, str]) -> str | None:
    """Why nbgrader must not be given this student folder at all (it would misread, hang or fail on it)."""
    folders = {a.name: Path(a.path) for a in _entries(student.path) if a.is_dir()}
    problem = student_name_problem(student.name)
    problem = problem or _side_file_problems([path for name, path in folders.items() if name in judged])
    if problem:
        return problem
    for assignment_id, notebook in judged.items():
        if assignment_id in folders or not folders:  # (an empty folder: nothing of the student's to grade anyway)
            found = inspect_student(submitted, student.name, assignment_id, f"{notebook}.ipynb")
            if found.status == MISSING:  # nbgrader fails on a misnamed notebook
                return found.reason
    return None


@dataclass(frozen=True)
class CourseGuard:
    """What nbgrader must not copy (file names) and which student folders it must not be given."""

    ignored: tuple[str, ...]
    excluded: tuple[str, ...]


@functools.cache  # nbgrader loads its configuration several times in one run: look, and warn, once
def _guard(course: Path) -> CourseGuard:
    judged = _judged_assignments(course)
    ignored: set[str] = {GRADING_FILE} if judged else set()
    for assignment_id in judged:
        for name in sorted(_extra_names(course / "source" / assignment_id) - {GRADING_FILE}):
            _warn(f"source/{assignment_id}/{name} is not part of the assignment: it is not released or copied")
            ignored.add(name)
    submitted = course / "submitted"
    excluded = []
    for student in _entries(submitted) if judged else []:
        if student.is_file(follow_symlinks=False):
            continue
        for folder in (Path(a.path) for a in _entries(student.path) if a.is_dir() and a.name in judged):
            ignored |= _extra_names(folder)  # listed only: nothing of theirs is read
        problem = _exclusion(submitted, student, judged)
        if problem is None:
            continue
        if "," in student.name or "\n" in student.name:  # student_id_exclude cannot name it
            _warn(f"submitted/{student.name!r}: {problem}. Rename or remove it before nbgrader autograde.")
        else:
            _warn(f"submitted/{student.name!r} is not graded: {problem}")
            excluded.append(student.name)
    return CourseGuard(tuple(sorted(ignored)), tuple(excluded))


def guard_course(c: Config, course: Path) -> None:
    """Protect nbgrader's steps from what is in ``source/`` and ``submitted/`` (see the module docstring)."""
    _ensure_alembic(course)
    guard = _guard(course)
    default_ignore = CourseDirectory.class_traits()["ignore"].default()
    c.CourseDirectory.ignore = [*default_ignore, *(glob.escape(name) for name in guard.ignored)]
    c.CourseDirectory.student_id_exclude = ",".join(guard.excluded)


def configure(c: Config, course: Path) -> None:
    """The kubesim-nb configuration of the nbgrader course in ``course`` (its ``nbgrader_config.py`` calls this).

    It changes nothing for the notebooks the judge does not grade (see the module docstring)."""
    c.CourseDirectory.root = str(course)  # the course's files, apart from the grader's code
    # Files from strangers: only notebooks are released or copied; folders nbgrader would misread are left out.
    guard_course(c, course)
    # Release: a judged source notebook that its checks cannot grade as it stands is refused, before anything else.
    release_steps = GenerateAssignment.class_traits()["preprocessors"].default()
    c.GenerateAssignment.preprocessors = [RefuseUngradableSource, *release_steps]
    # Released answer cells: YAML cells keep their %%writefile line, Python answer cells their template lines.
    c.ClearSolutions.code_stub = {"python": "# YOUR ANSWER HERE"}
    c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
    # Collect: `nbgrader zip_collect <assignment>` files what you downloaded from your LMS into
    # downloaded/<assignment>/archive/ as submitted/<student id>/<assignment>/<file>. File names as Canvas writes
    # them, <name>_[LATE_]<user id>_<submission id>_<file name>: set another regexp in nbgrader_config.py for
    # another LMS.
    c.FileNameCollectorPlugin.named_regexp = r"^[^_]+_(?:LATE_)?(?P<student_id>[0-9]+)_[0-9]+_(?P<file_id>.+)$"
    # Autograde reads a judged notebook as kubesim-grade does (bounded, no links; a damaged cell costs only itself).
    c.Autograde.exporter_class = SubmittedNotebookExporter
    # Autograde, step 1 (sanitise): for judged notebooks the gradebook decides which cells are graded, for how much.
    c.Autograde.sanitize_preprocessors = [
        ClearOutput,
        DeduplicateIds,
        OverwriteKernelspec,
        EnforceGradebookCells,
        OverwriteCells,
        CheckCellMetadata,
    ]
    # Autograde, step 2: judged notebooks are not executed (the judge grades their answer cells in a separate
    # process); every other notebook is executed by nbgrader's Execute, as stock nbgrader does.
    c.Autograde.autograde_preprocessors = [
        JudgeAnswers,
        IgnorePattern,
        ClearMetadataPreprocessor,
        LimitOutput,
        SaveAutoGrades,
        AssignLatePenalties,
        CheckCellMetadata,
    ]
    # Feedback never shows hidden tests.
    c.GenerateFeedback.preprocessors = [HideHiddenTests, GetGrades, CSSHTMLHeaderPreprocessor]
    # Export: one column per part (judged assignments) or per notebook (the others).
    c.ExportApp.plugin_class = PerPartCsvExport


def _course_of(config: Config) -> Path:
    """The course folder: ``CourseDirectory.root`` (nbgrader also runs its steps from there)."""
    root = config.CourseDirectory.get("root") if "CourseDirectory" in config else None
    return Path(root or os.getcwd())


def _judged(config: Config, assignment_id: str, notebook_id: str) -> tuple[Assignment, JudgedSource] | None:
    """The judged assignment this notebook is, or None (nbgrader's own business); CourseError if it cannot be
    graded as it stands."""
    loaded = load_assignment(_course_of(config), assignment_id)
    return loaded if loaded is not None and loaded[0].notebook == notebook_id else None


class RefuseUngradableSource(NbGraderPreprocessor):
    """generate_assignment: stop at a judged source notebook its checks cannot grade as it stands."""

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        notebook_id, assignment_id, _ = _ids(resources)
        try:
            _judged(self.config, assignment_id, notebook_id)
        except CourseError as err:
            self.log.error("%s", err)
            raise
        return nb, resources


# ------------------------------------------------------------------ reading a submission
class SubmittedNotebookExporter(NotebookExporter):
    """Autograde's reader (``c.Autograde.exporter_class``): bounded, no symbolic links, never hangs."""

    def from_filename(
        self, filename: str, resources: ResourcesDict | None = None, **kw: Any
    ) -> tuple[str, ResourcesDict]:
        path = Path(filename)
        if _judged(self.config, path.parent.name, path.stem) is None:  # not the judge's: nbgrader's own reader
            return super().from_filename(filename, resources, **kw)
        try:  # below the step folder: <step>/<student>/<assignment>/<notebook> (nbgrader's directory_structure)
            notebook = read_notebook(path, below=path.parents[2])
        except NotGradable as refusal:
            self.log.warning("Not grading %s: %s", filename, refusal.reason)
            notebook = stand_in_notebook(refusal)
        resources = resources if resources is not None else ResourcesDict()
        if not resources.get("metadata"):
            resources["metadata"] = ResourcesDict()
        resources["metadata"]["name"] = path.stem
        resources["metadata"]["path"] = str(path.parent)
        return self.from_notebook_node(notebook, resources=resources, **kw)


def _ids(resources: ResourcesDict) -> tuple[str, str, str]:
    info = resources["nbgrader"]
    return info["notebook"], info["assignment"], info["db_url"]


class EnforceGradebookCells(NbGraderPreprocessor):
    """Make the submitted notebook's graded cells exactly those the gradebook knows, with its flags."""

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        notebook_id, assignment_id, db_url = _ids(resources)
        if _judged(self.config, assignment_id, notebook_id) is None:
            return nb, resources  # graded as stock nbgrader grades it
        with Gradebook(db_url) as gb:
            source_nb = gb.find_notebook(notebook_id, assignment_id)
            sources = [(c.name, c.cell_type, c.locked, c.source, c.checksum) for c in source_nb.source_cells]
            grade_points = {c.name: float(c.max_score) for c in source_nb.grade_cells}
            solutions = {c.name for c in source_nb.solution_cells}
            tasks = {c.name: float(c.max_score) for c in source_nb.task_cells}
        known = {name: (cell_type, locked, source, checksum) for name, cell_type, locked, source, checksum in sources}
        stand_in = stand_in_status(nb) is not None
        hider = ClearHiddenTests(config=self.config)  # what generate_assignment strips from test cells

        def as_released(source: str) -> str:
            cell = nbformat.v4.new_code_cell(source)
            hider._remove_hidden_test_region(cell)
            return cell.source

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
            cell_type, locked, source, _ = known[name]
            if locked and cell.cell_type == cell_type and cell.source != source and cell.source == as_released(source):
                cell.source = source  # as released: not a change for OverwriteCells to warn about

        position = {}
        for index, cell in enumerate(nb.cells):
            name = cell.metadata.get("nbgrader", {}).get("grade_id")
            if name:
                position[name] = index
        for offset, (name, cell_type, locked, source, checksum) in enumerate(sources):
            if name in seen or not (name in grade_points or name in tasks):
                continue
            previous = [position[n] for n, *_ in sources[:offset] if n in position]
            at = max(previous) + 1 if previous else 0
            if stand_in:  # put back as released: unanswered, 0 without manual grading
                text = source
            else:
                self.log.warning("Graded cell %s is missing; adding it back from the gradebook", name)
                note = MISSING_NOTE.format(cell_id=name)
                text = f"# {note}\n{source}" if cell_type == "code" else f"{note}\n\n{source}"
            cell = nbformat.v4.new_code_cell(text) if cell_type == "code" else nbformat.v4.new_markdown_cell(text)
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
    """Grade a judged notebook's answer cells in the judge process and write each test cell's feedback and points;
    execute any other notebook with nbgrader's own ``Execute``."""

    wall_seconds = Float(180.0, help="Wall-clock limit for the judge process, per notebook").tag(config=True)
    seconds_per_part = Float(20.0, help="Time limit for grading one part").tag(config=True)
    memory_mb = Integer(1024, help="Address-space limit of the judge process (MiB)").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        notebook_id, assignment_id, db_url = _ids(resources)
        judged = _judged(self.config, assignment_id, notebook_id)
        if judged is None:
            return Execute(parent=self.parent, config=self.config).preprocess(nb, resources)
        assignment, source = judged
        with Gradebook(db_url) as gb:
            source_nb = gb.find_notebook(notebook_id, assignment_id)
            max_scores = {c.name: float(c.max_score) for c in source_nb.grade_cells}
        for part in assignment.auto_parts:
            if max_scores.get(part.test_cell) != part.max_points:
                raise CourseError(
                    f"{part.test_cell} is worth {max_scores.get(part.test_cell)} points in the gradebook but the "
                    f"checks of {part.id} add up to {part.max_points:g}: run nbgrader generate_assignment "
                    f"{assignment_id} --force after changing points"
                )
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
        stand_in = stand_in_status(nb)
        if stand_in is not None:  # every part scores zero, and the feedback says why
            results, status = not_graded(stand_in, assignment), stand_in
        else:
            results = run_judge(answers, limits=limits, source=source)  # JudgeFailed: nbgrader fails the notebook
            status = Status.of(results)
        nb.metadata[STATUS_KEY] = status.to_json()
        count = 0
        for cell in nb.cells:
            if cell.cell_type != "code" or not utils.is_grade(cell) or utils.is_solution(cell):
                continue
            count += 1
            name = cell.metadata.nbgrader["grade_id"]
            part = assignment.part_for_test_cell(name)
            result = results.get(part.id) if part else None
            if result is None:
                raise JudgeFailed(f"no autograder part for test cell {name}")
            if result.error:
                raise JudgeFailed(f"grading {part.id} failed: {result.error}")
            cell.execution_count = count
            cell.outputs = [
                _feedback_output(result, part.title),
                nbformat.v4.new_output(
                    "execute_result", data={"text/plain": repr(result.points)}, execution_count=count
                ),
            ]
        return nb, resources


def _feedback_output(result: PartResult, title: str) -> NotebookNode:
    return nbformat.v4.new_output(
        "display_data", data={"text/plain": result.render_text(title), "text/html": result.render_html(title)}
    )


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


@dataclass(frozen=True)
class ExportedAssignment:
    """An assignment's columns in the export: its parts (judged) or its notebooks (stock nbgrader)."""

    name: str
    judged: Assignment | None
    columns: tuple[str, ...]
    maxima: dict[str, float]  # from the gradebook, as nbgrader grades


def _exported(gradebook: Gradebook, assignment, course: Path) -> ExportedAssignment:
    loaded = load_assignment(course, assignment.name)
    if loaded is None:
        maxima = {n.name: float(n.max_score) for n in assignment.notebooks}
        return ExportedAssignment(assignment.name, None, tuple(maxima), maxima)
    judged = loaded[0]
    maxima = {p.id: 0.0 for p in judged.parts}
    for notebook in assignment.notebooks:
        if notebook.name == judged.notebook:
            for cell in notebook.grade_cells:
                part = judged.part_for_cell(cell.name)
                if part is not None:
                    maxima[part.id] += float(cell.max_score)
    return ExportedAssignment(assignment.name, judged, tuple(maxima), maxima)


class PerPartCsvExport(ExportPlugin):
    """``nbgrader export``: one row per student and assignment, one score column per part (or notebook)."""

    def export(self, gradebook: Gradebook) -> None:
        dest = self.to or "grades.csv"
        wanted_assignments = {str(a) for a in self.assignment}
        wanted_students = {str(s) for s in self.student}
        course = Path(self.parent.coursedir.root)
        exported = [
            _exported(gradebook, a, course)
            for a in gradebook.assignments
            if not wanted_assignments or a.name in wanted_assignments
        ]
        columns = list(dict.fromkeys(column for e in exported for column in e.columns))
        header = [
            "assignment",
            "student_id",
            "timestamp",
            *columns,
            *(f"max_{c}" for c in columns),
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
            writer = SpreadsheetWriter(handle)
            writer.writerow(header)
            for assignment in exported:
                for student in gradebook.students:
                    if wanted_students and student.id not in wanted_students:
                        continue
                    writer.writerow(self._row(gradebook, assignment, student, columns))

    def _row(self, gradebook: Gradebook, exported: ExportedAssignment, student, columns: list[str]) -> list:
        maxima = [exported.maxima.get(c, "") for c in columns]
        max_score = gradebook.find_assignment(exported.name).max_score
        try:
            submission = gradebook.find_submission(exported.name, student.id)
        except MissingEntry:
            zeros = [0.0 if c in exported.columns else "" for c in columns]
            return [exported.name, student.id, "", *zeros, *maxima, 0.0, 0.0, 0.0, max_score, False, MISSING,
                    "no submission"]  # fmt: skip
        scores = {c: 0.0 for c in exported.columns}
        needs_manual = False
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                needs_manual = needs_manual or bool(grade.needs_manual_grade)
                if exported.judged is None:
                    scores[notebook.name] += float(grade.score or 0.0)
                    continue
                part = exported.judged.part_for_cell(grade.name) if notebook.name == exported.judged.notebook else None
                if part is not None:
                    scores[part.id] += float(grade.score or 0.0)
        penalty = float(submission.late_submission_penalty or 0.0)
        return [
            exported.name,
            student.id,
            submission.timestamp or "",
            *(round(scores[c], 2) if c in scores else "" for c in columns),
            *maxima,
            round(float(submission.score), 2),
            penalty,
            round(max(0.0, float(submission.score) - penalty), 2),
            max_score,
            needs_manual,
            *self._status(exported, student.id),
        ]

    def _status(self, exported: ExportedAssignment, student_id: str) -> tuple[str, str]:
        """The status JudgeAnswers wrote into the student's autograded notebook (stock: whether it was autograded)."""
        coursedir = self.parent.coursedir
        folder = coursedir.format_path(coursedir.autograded_directory, student_id, exported.name)
        not_autograded = (GRADING_ERROR, "not autograded: run nbgrader autograde")
        if exported.judged is None:
            notebooks = [os.path.join(folder, f"{name}.ipynb") for name in exported.columns]
            return (GRADED, "") if all(os.path.isfile(n) for n in notebooks) else not_autograded
        try:
            with open(os.path.join(folder, f"{exported.judged.notebook}.ipynb"), encoding="utf-8") as handle:
                status = Status.from_json(json.load(handle).get("metadata", {}).get(STATUS_KEY))
        except (OSError, ValueError, AttributeError):
            status = None
        return (status.status, status.reason) if status else not_autograded
