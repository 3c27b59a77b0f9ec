"""nbgrader configuration of the kubesim-nb course. Run nbgrader commands from this folder.

    nbgrader generate_assignment try-with-ai     # source/ -> release/ (the notebook only)
    nbgrader zip_collect try-with-ai             # downloaded/try-with-ai/archive/ -> submitted/ (Canvas file names)
    kubesim-grade --check-submitted submitted    # before autograding: folders nbgrader would not grade, and why
    nbgrader autograde try-with-ai               # submitted/ -> autograded/ (answers judged by kubesim_nb.grader.judge)
    nbgrader generate_feedback try-with-ai       # autograded/ -> feedback/ (hidden tests stripped)
    nbgrader export --to grades.csv              # one column per part

How grading works (see autograder/README.md): autograde does not execute the
learner's notebook. Its Execute step is replaced by ``JudgeAnswers``, which
reads the answer cells by nbgrader id and grades them in a separate process;
the learner's code never runs, so it cannot change a verdict. The gradebook
(from the source notebook) decides which cells are graded and for how much.
Submissions are files from strangers: autograde reads a notebook only if it
is a regular file of at most 8 MiB reached without a symbolic link, and no
step copies anything but notebooks (``guard_course``).

If this file fails to load, nbgrader would carry on with its defaults, which
run the learners' code: so any error here stops nbgrader instead.
"""

from pathlib import Path

from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    ClearOutput,
    DeduplicateIds,
    GetGrades,
    IgnorePattern,
    LimitOutput,
    OverwriteCells,
    OverwriteKernelspec,
    SaveAutoGrades,
)

try:
    from kubesim_nb.grader.nbgrader_plugins import (
        EnforceGradebookCells,
        HideHiddenTests,
        JudgeAnswers,
        PerPartCsvExport,
        SubmittedNotebookExporter,
        guard_course,
    )
except Exception as err:  # see the module docstring
    raise SystemExit(
        f"nbgrader_config.py: cannot load the kubesim-nb grader ({err}): pip install 'kubesim-nb[instructor]'"
    )

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

c.CourseDirectory.course_id = "kubesim-nb"

# Files from strangers: only notebooks are released or copied; folders nbgrader would misread are left out (warned).
try:
    guard_course(c, Path(__file__).resolve().parent)
except Exception as err:  # see the module docstring
    raise SystemExit(f"nbgrader_config.py: cannot check the course folder ({type(err).__name__}: {err})")

# Released answer cells: YAML cells keep their %%writefile line, Python answer cells their template lines.
c.ClearSolutions.code_stub = {"python": "# YOUR ANSWER HERE"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Collect: `nbgrader zip_collect try-with-ai` files what you downloaded from your LMS into
# downloaded/try-with-ai/archive/ (zip files or notebooks) as submitted/<student id>/try-with-ai/<file>.
# File names as Canvas writes them, <name>_[LATE_]<user id>_<submission id>_<file name>: adapt it for another LMS.
c.FileNameCollectorPlugin.named_regexp = r"^[^_]+_(?:LATE_)?(?P<student_id>[0-9]+)_[0-9]+_(?P<file_id>.+)$"

# Autograde reads a notebook as kubesim-grade does: only a regular file of at most 8 MiB, reached without a symbolic
# link, and a damaged cell costs only itself; any other file gets 0 and feedback saying why, instead of failing.
c.Autograde.exporter_class = SubmittedNotebookExporter

# Autograde, step 1 (sanitise): the gradebook decides which cells are graded, with which points.
c.Autograde.sanitize_preprocessors = [
    ClearOutput,
    DeduplicateIds,
    OverwriteKernelspec,
    EnforceGradebookCells,
    OverwriteCells,
    CheckCellMetadata,
]
c.OverwriteCells.add_missing_cells = True  # belt and braces: EnforceGradebookCells already restores deleted cells

# Autograde, step 2: no Execute. The judge grades the answer cells in a separate process.
c.Autograde.autograde_preprocessors = [
    JudgeAnswers,
    IgnorePattern,
    ClearMetadataPreprocessor,
    LimitOutput,
    SaveAutoGrades,
    AssignLatePenalties,
    CheckCellMetadata,
]
c.JudgeAnswers.wall_seconds = 180
c.JudgeAnswers.seconds_per_part = 20
c.JudgeAnswers.memory_mb = 1024

# Feedback never shows hidden tests.
c.GenerateFeedback.preprocessors = [HideHiddenTests, GetGrades, CSSHTMLHeaderPreprocessor]

# Export: one column per part.
c.ExportApp.plugin_class = PerPartCsvExport
