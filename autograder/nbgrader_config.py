"""nbgrader configuration of the kubesim-nb course. Run nbgrader commands from this folder.

    nbgrader generate_assignment try-with-ai     # source/ -> release/
    nbgrader autograde try-with-ai               # submitted/ -> autograded/ (answers judged by kubesim_nb.grader.judge)
    nbgrader generate_feedback try-with-ai       # autograded/ -> feedback/ (hidden tests stripped)
    nbgrader export --to grades.csv              # one column per part

How grading works (see autograder/README.md): autograde does not execute the
learner's notebook. Its Execute step is replaced by ``JudgeAnswers``, which
reads the answer cells by nbgrader id and grades them in a separate process;
the learner's code never runs, so it cannot change a verdict. The gradebook
(from the source notebook) decides which cells are graded and for how much.
"""

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

from kubesim_nb.grader.nbgrader_plugins import (
    EnforceGradebookCells,
    HideHiddenTests,
    JudgeAnswers,
    PerPartCsvExport,
    SubmittedNotebookExporter,
)

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

c.CourseDirectory.course_id = "kubesim-nb"

# Released answer cells: YAML cells keep their %%writefile line, Python answer cells their template lines.
c.ClearSolutions.code_stub = {"python": "# YOUR ANSWER HERE"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Notebooks are read as kubesim-grade reads them: a damaged cell costs only itself; a file that is not a notebook is
# graded as a stand-in saying why (zero, with feedback) instead of failing.
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
