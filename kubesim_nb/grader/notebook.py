"""What the assignment notebook calls in the learner's kernel: ``start()`` and ``check(part)``.

``start()`` gives the notebook's ``%kubectl`` magics the assignment's cluster
(the same seeded scenario the grader uses). ``check("part1")`` runs the
part's *practice* checks on a fresh copy of that cluster, prints what each
found, and says "public checks passed" — never "all tests passed": the other
hidden checks run only when the notebook is graded. The practice checks are
the public ones and, for Part 2, the hidden comparisons with what the cluster
shows, which tell whether each answer agrees without saying what the cluster
shows (``Exercise.practice_checks``).

A part not passed — not answered yet, not readable, or a check failed — ends
with one short message on stderr, never an exception: JupyterLab shows it in red
without a traceback, Run All goes on to the next cell (an exception would stop
it there), and nbgrader's Validate counts a graded cell with output on stderr
as failed (``nbgrader/utils.py``, ``determine_grade``), so it still lists every
part not passed (its command line prints the message's lines cut at 90
columns: they are wrapped shorter). A part nothing was written for gets that
message alone, without the list of checks it could not run. ``check(part, hidden=True)``, which only
the instructor's source notebook calls, runs every check and raises
AssertionError instead, so that executing the source notebook stops at a
solution that fails; it also removes the file the part's ``%%writefile``
answer cell wrote, so that a run of the source notebook leaves no solution
file beside it in ``source/`` (test cells hold nothing but ``check`` calls:
``course.py``).

Run by ``nbgrader autograde``, this notebook would be graded in the learner's
kernel: that happens only in a course without kubesim-nb's configuration
(with it, judged notebooks are never executed), and the grades would be wrong
(hidden tests in the feedback too). So ``start()`` stops the kernel at once,
writing one line where nbgrader's own output goes (:data:`NOT_CONFIGURED`);
nbgrader reports the notebook as failed, exits non-zero and grades nothing of
it (no autograded copy, so no feedback either).

A check reads the answer where grading reads it: the part's answer cell. The
front ends learners use (JupyterLab, Notebook 7) send the id of the cell being
run with each execution request; ``start()`` records the source of every cell
run, by that id (IPython's ``pre_run_cell`` event), and ``check`` grades the
source the answer cell had when it was last run, so answers typed into another
cell are reported as missing from the answer cell, as grading will find them.
Where the front end sends none of the notebook's cell ids (``jupyter nbconvert
--execute`` and nbgrader's Validate run every cell in order and send none;
another front end may send ids of its own), a check reads the file the
``%%writefile`` cell wrote, or the kernel's variables.

Nothing here decides a grade. The grade comes from the judge process reading
the submitted notebook (``judge.py``); in-kernel checks are a convenience for
the learner and can be fooled by code in the same kernel, which is exactly
why grading does not use them.
"""

from __future__ import annotations

import os
import sys
import textwrap
from pathlib import Path
from typing import Any

from .assignment import PARTS, Part, answer_text, cell_id
from .assignment import part as find_part
from .exercises import Exercise, YamlAnswer
from .grading import grade
from .scenario import learner_cluster
from .submission import Rejection, parse_choices, parse_manifest

__all__ = ["check", "start"]

STOCK_STUB = "raise NotImplementedError()"  # what stock nbgrader's release writes into answer cells
NOT_CONFIGURED = (
    "kubesim-nb: nbgrader autograde is running this notebook: its course lacks kubesim-nb's nbgrader configuration, "
    "and grades made this way would be wrong; grading stops here. Add the configuration with `kubesim-course init "
    "<course folder>`, then autograde again.\n"
)
PASSED = "public checks passed"
NOT_ANSWERED = "not answered yet"
MESSAGE_WIDTH = 80  # nbgrader validate prints the lines of a failed cell's output cut at 87 columns, indent included


class RanCells:
    """The source of each cell this kernel ran, by the cell id the front end sent with it."""

    def __init__(self) -> None:
        self.sources: dict[str, str] = {}

    def record(self, info: Any) -> None:  # IPython's pre_run_cell callback (an ExecutionInfo)
        ran = getattr(info, "cell_id", None)
        if ran:
            self.sources[ran] = info.raw_cell


RAN = RanCells()
NOTEBOOK_CELLS = {cell_id(grade_id) for p in PARTS for grade_id in p.cells}  # ids a front end may report


def _shell() -> Any:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency
        return None
    return get_ipython()


def start(think_time: float = 10.0) -> None:
    """Start the assignment's cluster, point the %kubectl / %host magics at it, and record the cells run."""
    from kubesim_nb.magics import use_cluster

    if os.environ.get("NBGRADER_EXECUTION") == "autograde":  # see the module docstring
        _stop_autograde()
    shell = _shell()
    if shell is not None and RAN.record not in shell.events.callbacks["pre_run_cell"]:
        shell.events.register("pre_run_cell", RAN.record)
    use_cluster(learner_cluster(think_time))
    print(
        "A docker-desktop cluster is ready: agent-deployment (3 Pods, app: agent, port 8000), backend-deployment "
        "(2 Pods, app: backend, port 5000) with backend-service, and client Pods in namespaces default and tools."
    )


def _stop_autograde() -> None:
    """Say :data:`NOT_CONFIGURED` where the instructor sees it, then end this kernel.

    nbclient starts kernels with their output discarded, and a notebook that fails is not written: the line goes to
    the terminal of the process that started this kernel (nbgrader), through ``/proc`` where there is one."""
    for target in (f"/proc/{os.getppid()}/fd/2", "/dev/stderr"):
        try:
            with open(target, "a", encoding="utf-8") as terminal:  # append: it may be a log file
                terminal.write(NOT_CONFIGURED)
            break
        except OSError:
            continue
    os._exit(3)


class NotPassed(Exception):
    """Why a part's checks did not pass, as the one message the learner reads."""


def _blank(exercise: Exercise, answer: str | dict) -> str | None:
    """What to do when ``answer`` is still the notebook's blank answer, else None (the checks will say more)."""
    if isinstance(exercise.answer, YamlAnswer):
        parsed = parse_manifest(answer, exercise.answer.kind, exercise.answer.api_version)
        if isinstance(parsed, Rejection) and parsed.reason == "empty":
            return f"write the {exercise.answer.kind} below the %%writefile line of its answer cell and run that cell"
        return None
    names = exercise.answer.names
    if isinstance(answer, str):
        parsed = parse_choices(answer, names)
        if isinstance(parsed, Rejection):
            return None
        answer = parsed.values
    if all(answer.get(name, ...) is ... for name in names):
        return "replace each ... in its answer cell with your answer and run that cell"
    return None


def _answer(part: Part, namespace: dict[str, Any] | None, folder: Path) -> tuple[str | dict, str]:
    """The answer to check, and where it came from; NotPassed when there is none yet."""
    exercise = part.exercise
    if NOTEBOOK_CELLS & RAN.sources.keys():  # the front end sends the notebook's cell ids: read the answer cell
        source = RAN.sources.get(cell_id(part.answer_cell))
        if source is None:
            raise NotPassed(
                f"{part.title}: its answer cell has not been run since the kernel started. Write your answer in "
                "that cell (the one the notebook gave you) and run it: grading reads that cell, not cells you add"
            )
        answer, origin = answer_text(exercise, source), "the answer cell, as last run"
    elif isinstance(exercise.answer, YamlAnswer):
        path = folder / exercise.answer.file
        if not path.exists():
            raise NotPassed(
                f"{part.title}: {NOT_ANSWERED}: {exercise.answer.file} does not exist. Run the %%writefile answer "
                "cell above, then run this check again"
            )
        answer, origin = path.read_bytes().decode("utf-8", "replace"), exercise.answer.file
    else:
        shell = _shell()
        values = namespace if namespace is not None else dict(shell.user_ns) if shell is not None else {}
        answer = {name: values[name] for name in exercise.answer.names if name in values}
        origin = "the notebook's variables"
    if isinstance(answer, str) and STOCK_STUB in answer:  # released by nbgrader without kubesim-nb's configuration
        raise NotPassed(
            f"{part.title}: this notebook was released without kubesim-nb's nbgrader configuration (its answer cell "
            f"holds nbgrader's `{STOCK_STUB}` stub): ask your instructor for the notebook their kubesim-nb course "
            "releases"
        )
    todo = _blank(exercise, answer)
    if todo:
        raise NotPassed(f"{part.title}: {NOT_ANSWERED}: {todo}, then run this check again")
    return answer, origin


def _run_checks(part_id: str, hidden: bool, namespace: dict[str, Any] | None, folder: Path) -> str:
    """Run the part's checks and print what each found; the closing line, or NotPassed saying what did not pass."""
    try:
        part = find_part(part_id)
    except KeyError as err:
        raise NotPassed(err.args[0]) from None
    exercise = part.exercise
    if exercise is None:
        raise NotPassed(f"{part_id} is graded by hand; it has no checks")
    answer, origin = _answer(part, namespace, folder)
    result = grade(exercise, answer, include_hidden=hidden, practice=not hidden, seconds=None)
    if hidden and isinstance(exercise.answer, YamlAnswer):  # the instructor's run: no solution file stays behind
        (folder / exercise.answer.file).unlink(missing_ok=True)
    print(result.render_text(part.title + (" (all checks" if hidden else " (public checks") + f" of {origin})"))
    if result.error:
        raise NotPassed(f"{part.title}: the checks could not run: {result.error}")
    if result.problem:
        raise NotPassed(f"{part.title}: your answer could not be checked ({origin}): " + result.first_problem())
    ran = len(result.checks)
    failed = [c.title for c in result.checks if not c.passed]
    if failed:
        raise NotPassed(f"{part.title}: {len(failed)} of {ran} checks did not pass: " + "; ".join(failed))
    if hidden:
        return f"all {ran} checks passed (public and hidden)"
    later = "more checks run" if ran < len(exercise.checks) else "they run again"
    return f"{PASSED} ({ran} of {ran}); {later} when your notebook is graded"


def check(
    part_id: str, *, hidden: bool = False, namespace: dict[str, Any] | None = None, folder: str | Path = "."
) -> None:
    """Run the part's practice checks; a part not passed ends with a message on stderr (see the module docstring).

    ``hidden=True`` (instructors' source notebooks): every check, public and hidden, and AssertionError if one fails.
    """
    try:
        closing = _run_checks(part_id, hidden, namespace, Path(folder))
    except NotPassed as failure:
        if hidden:
            raise AssertionError(str(failure)) from None
        sys.stdout.flush()  # the checks' report first, then the verdict
        print(textwrap.fill(str(failure), MESSAGE_WIDTH, break_on_hyphens=False), file=sys.stderr)
        return
    print(closing)
