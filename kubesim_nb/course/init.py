"""``kubesim-course init DIR``: an nbgrader course folder for the *Try With AI* assignment, or the assignment added
to an existing nbgrader course.

    kubesim-course init ~/kubesim-course     # then: cd ~/kubesim-course && nbgrader generate_assignment try-with-ai

What it writes (never over a file that is there):

- ``nbgrader_config.py``: a new course's configuration; in an existing course (``nbgrader quickstart``), the
  kubesim-nb lines are appended to its own file (:data:`CONFIG_BLOCK`), which keeps its course id and settings.
  The configuration (``kubesim_nb.grader.nbgrader_plugins.configure``) sets ``CourseDirectory.root`` to this
  folder; the judge grades only the notebooks whose source says so, every other assignment is nbgrader's;
- ``source/try-with-ai/try-with-ai.ipynb``: the source notebook (package data, ``template/``);
- ``source/try-with-ai/kubesim-grading.yaml``: every check of every part and its points, to edit
  (``kubesim_nb/grader/grading_file.py``).

It prints the next steps. It mirrors ``nbgrader quickstart`` (``nbgrader/apps/quickstartapp.py``) in spirit: a
folder to run nbgrader from, with its configuration inside.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Sequence

from kubesim_nb.grader.assignment import ASSIGNMENT_ID, NOTEBOOK_ID, PARTS
from kubesim_nb.grader.grading_file import GRADING_FILE, render

__all__ = ["CONFIG_BLOCK", "CourseSetup", "init_course", "main"]

CONFIG = "nbgrader_config.py"
GUIDE = "https://github.com/kubesim-nb/kubesim-nb/blob/main/autograder/README.md"
CONFIG_BLOCK = """
# kubesim-nb (added by `kubesim-course init`): its judge grades the notebooks whose source notebook says so in its
# metadata ("kubesim": {"grader": ...}), without running them; every other assignment is graded as stock nbgrader
# grades it. If kubesim-nb cannot be loaded, nbgrader stops: it would otherwise run those notebooks with its
# defaults, and their grades would be wrong.
try:
    import pathlib

    import kubesim_nb.grader.nbgrader_plugins as kubesim_nbgrader

    kubesim_nbgrader.configure(get_config(), pathlib.Path(__file__).resolve().parent)  # noqa: F821 - nbgrader's
except Exception as err:
    raise SystemExit(f"{__file__}: kubesim-nb's grader cannot be set up ({type(err).__name__}: {err})")
"""
NEW_CONFIG = '''"""nbgrader configuration of a kubesim-nb course (written by `kubesim-course init`).

Run nbgrader from this folder:

    nbgrader generate_assignment try-with-ai     # source/ -> release/ (the notebook only)
    nbgrader zip_collect try-with-ai             # downloaded/try-with-ai/archive/ -> submitted/ (Canvas file names)
    kubesim-grade --check-submitted submitted    # before autograding: folders nbgrader would not grade, and why
    nbgrader autograde try-with-ai               # submitted/ -> autograded/ (answers judged by kubesim-nb's judge)
    nbgrader generate_feedback try-with-ai       # autograded/ -> feedback/ (hidden tests stripped)
    nbgrader export --to grades.csv              # one column per part

Other nbgrader assignments may sit beside it in source/: they are graded as nbgrader grades them.
"""

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file
c.CourseDirectory.course_id = "kubesim-nb"
'''


@dataclass
class CourseSetup:
    """What ``init`` did in the course folder, for the summary it prints."""

    folder: Path
    wrote: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def template_notebook() -> Path:
    """The packaged source notebook (a real file: the package is installed as files, wheel or editable)."""
    return Path(str(resources.files("kubesim_nb.course") / "template" / "source" / ASSIGNMENT_ID)) / (
        f"{NOTEBOOK_ID}.ipynb"
    )


def _configure(folder: Path, setup: CourseSetup) -> None:
    config = folder / CONFIG
    if not config.exists():
        config.write_text(NEW_CONFIG + CONFIG_BLOCK, encoding="utf-8")
        setup.wrote.append(f"{CONFIG}: the course's nbgrader configuration")
        return
    text = config.read_text(encoding="utf-8")
    if "kubesim_nb.grader.nbgrader_plugins" in text:
        setup.kept.append(f"{CONFIG}: already configured for kubesim-nb")
        return
    config.write_text(text.rstrip("\n") + "\n" + CONFIG_BLOCK, encoding="utf-8")
    setup.wrote.append(f"{CONFIG}: kubesim-nb's lines appended (your settings and assignments are kept)")


def _add_assignment(folder: Path, setup: CourseSetup) -> None:
    source = folder / "source" / ASSIGNMENT_ID
    if source.exists():
        setup.kept.append(f"source/{ASSIGNMENT_ID}/: already there, left as it is")
        return
    source.mkdir(parents=True)
    shutil.copyfile(template_notebook(), source / f"{NOTEBOOK_ID}.ipynb")
    (source / GRADING_FILE).write_text(render(PARTS), encoding="utf-8")
    setup.wrote.append(f"source/{ASSIGNMENT_ID}/{NOTEBOOK_ID}.ipynb: the source notebook (solutions, tests, points)")
    setup.wrote.append(f"source/{ASSIGNMENT_ID}/{GRADING_FILE}: every check and its points, to edit")


def init_course(folder: Path) -> CourseSetup:
    """Make ``folder`` an nbgrader course with this assignment (see the module docstring)."""
    folder = folder.expanduser().resolve()
    folder.mkdir(parents=True, exist_ok=True)
    setup = CourseSetup(folder)
    _configure(folder, setup)
    _add_assignment(folder, setup)
    return setup


def _nbgrader_command() -> str:
    """``nbgrader`` if it is on PATH as this Python's, else its full path beside this Python."""
    beside = Path(sys.executable).parent / "nbgrader"
    on_path = shutil.which("nbgrader")
    return "nbgrader" if on_path and Path(on_path).resolve() == beside.resolve() else str(beside)


def summary(setup: CourseSetup) -> str:
    nbgrader = _nbgrader_command()
    lines = [f"Course folder: {setup.folder}"]
    lines += [f"  wrote {item}" for item in setup.wrote]
    lines += [f"  kept  {item}" for item in setup.kept]
    lines += [
        "Next steps, from the course folder:",
        f"  cd {setup.folder}",
        f"  {nbgrader} generate_assignment {ASSIGNMENT_ID}   # release/{ASSIGNMENT_ID}/: give learners this notebook",
        f"  {nbgrader} autograde {ASSIGNMENT_ID}             # once submissions are in submitted/<student>/"
        f"{ASSIGNMENT_ID}/",
        f"  {nbgrader} generate_feedback {ASSIGNMENT_ID} && {nbgrader} export --to grades.csv",
        f"Points and checks: source/{ASSIGNMENT_ID}/{GRADING_FILE}. The whole class, step by step: {GUIDE}",
    ]
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kubesim-course", description="Set up an nbgrader course folder for kubesim-nb's graded assignment."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    init = commands.add_parser(
        "init", help="create a course folder at DIR, or add the assignment to the nbgrader course there"
    )
    init.add_argument("folder", metavar="DIR", help="the course folder (created if missing)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:
        return 2 if exit_.code else 0
    try:
        setup = init_course(Path(args.folder))
    except OSError as err:
        print(f"kubesim-course: error: {err.strerror or err}: {err.filename or args.folder}", file=sys.stderr)
        return 1
    print(summary(setup))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
