"""What the assignment notebook calls in the learner's kernel: ``start()`` and ``check(part)``.

``start()`` gives the notebook's ``%kubectl`` magics the assignment's cluster
(the same seeded scenario the grader uses). ``check("part1")`` runs the
part's *public* checks on a fresh copy of that cluster, prints what each
found, and says "public checks passed" — never "all tests passed": hidden
checks run only when the notebook is graded.

A check reads the answer where grading reads it: the part's answer cell. The
front ends learners use (JupyterLab, Notebook 7) send the id of the cell being
run with each execution request; ``start()`` records the source of every cell
run, by that id (IPython's ``pre_run_cell`` event), and ``check`` grades the
source the answer cell had when it was last run, so answers typed into another
cell are reported as missing from the answer cell, as grading will find them.
Where the front end sends none of the notebook's cell ids (``jupyter nbconvert
--execute`` runs every cell in order and sends none; another front end may send
ids of its own), a check reads the file the ``%%writefile`` cell wrote, or the
kernel's variables.

Nothing here decides a grade. The grade comes from the judge process reading
the submitted notebook (``judge.py``); in-kernel checks are a convenience for
the learner and can be fooled by code in the same kernel, which is exactly
why grading does not use them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .assignment import PARTS, Part, answer_text, cell_id
from .assignment import part as find_part
from .exercises import ChoiceAnswer, YamlAnswer
from .grading import grade
from .scenario import learner_cluster

__all__ = ["check", "start"]

PASSED = "public checks passed"


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

    shell = _shell()
    if shell is not None and RAN.record not in shell.events.callbacks["pre_run_cell"]:
        shell.events.register("pre_run_cell", RAN.record)
    use_cluster(learner_cluster(think_time))
    print(
        "A docker-desktop cluster is ready: agent-deployment (3 Pods, app: agent, port 8000), backend-deployment "
        "(2 Pods, app: backend, port 5000) with backend-service, and client Pods in namespaces default and tools."
    )


def _answer(part: Part, namespace: dict[str, Any] | None, folder: Path) -> tuple[str | dict, str]:
    """The answer to check, and where it came from; AssertionError when there is none yet."""
    exercise = part.exercise
    if NOTEBOOK_CELLS & RAN.sources.keys():  # the front end sends the notebook's cell ids: read the answer cell
        source = RAN.sources.get(cell_id(part.answer_cell))
        if source is None:
            raise AssertionError(
                f"{part.title}: its answer cell has not been run since the kernel started. Write your answer in "
                "that cell (the one the notebook gave you) and run it: grading reads that cell, not cells you add"
            )
        return answer_text(exercise, source), "the answer cell, as last run"
    if isinstance(exercise.answer, YamlAnswer):
        path = folder / exercise.answer.file
        if not path.exists():
            raise AssertionError(f"{exercise.answer.file} does not exist yet: run the %%writefile cell above first")
        return path.read_bytes().decode("utf-8", "replace"), exercise.answer.file
    assert isinstance(exercise.answer, ChoiceAnswer)
    shell = _shell()
    values = namespace if namespace is not None else dict(shell.user_ns) if shell is not None else {}
    return {name: values[name] for name in exercise.answer.names if name in values}, "the notebook's variables"


def check(
    part_id: str, *, hidden: bool = False, namespace: dict[str, Any] | None = None, folder: str | Path = "."
) -> None:
    """Run the part's public checks (``hidden=True``: all checks — for instructors' source notebooks)."""
    part = find_part(part_id)
    if part.exercise is None:
        raise ValueError(f"{part_id} is graded by hand; it has no checks")
    answer, origin = _answer(part, namespace, Path(folder))
    result = grade(part.exercise, answer, include_hidden=hidden, seconds=None)
    print(result.render_text(part.title + (" (all checks" if hidden else " (public checks") + f" of {origin})"))
    if result.error:
        raise AssertionError(f"the checks could not run: {result.error}")
    if result.problem:
        raise AssertionError(f"your answer could not be checked ({origin}): " + result.first_problem())
    failed = [c for c in result.checks if not c.passed]
    if failed:
        raise AssertionError(
            f"{len(failed)} of {len(result.checks)} checks did not pass: " + "; ".join(c.title for c in failed)
        )
    if hidden:
        print(f"all {len(result.checks)} checks passed (public and hidden)")
    else:
        print(f"{PASSED} ({len(result.checks)} of {len(result.checks)}); more checks run when your notebook is graded")
