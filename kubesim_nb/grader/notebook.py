"""What the assignment notebook calls in the learner's kernel: ``start()`` and ``check(part)``.

``start()`` gives the notebook's ``%kubectl`` magics the assignment's cluster
(the same seeded scenario the grader uses). ``check("part1")`` runs the
part's *public* checks on a fresh copy of that cluster, prints what each
found, and says "public checks passed" — never "all tests passed": hidden
checks run only when the notebook is graded.

Nothing here decides a grade. The grade comes from the judge process reading
the submitted notebook (``judge.py``); in-kernel checks are a convenience for
the learner and can be fooled by code in the same kernel, which is exactly
why grading does not use them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .assignment import part as find_part
from .exercises import ChoiceAnswer, YamlAnswer
from .grading import grade
from .results import PartResult
from .scenario import learner_cluster

__all__ = ["check", "start"]

PASSED = "public checks passed"


def start(think_time: float = 10.0) -> None:
    """Start the assignment's cluster and point the %kubectl / %host magics at it."""
    from kubesim_nb.magics import use_cluster

    use_cluster(learner_cluster(think_time))
    print(
        "A docker-desktop cluster is ready: agent-deployment (3 Pods, app: agent, port 8000), backend-deployment "
        "(2 Pods, app: backend, port 5000) with backend-service, and client Pods in namespaces default and tools."
    )


def _user_namespace() -> dict[str, Any]:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency
        return {}
    shell = get_ipython()
    return dict(shell.user_ns) if shell is not None else {}


def _answer(part_id: str, namespace: dict[str, Any] | None, folder: Path) -> str | dict | None:
    exercise = find_part(part_id).exercise
    if exercise is None:
        raise ValueError(f"{part_id} is graded by hand; it has no checks")
    if isinstance(exercise.answer, YamlAnswer):
        path = folder / exercise.answer.file
        return path.read_bytes().decode("utf-8", "replace") if path.exists() else None
    assert isinstance(exercise.answer, ChoiceAnswer)
    values = namespace if namespace is not None else _user_namespace()
    return {name: values[name] for name in exercise.answer.names if name in values}


def public_result(
    part_id: str, namespace: dict[str, Any] | None = None, folder: str | Path = ".", hidden: bool = False
) -> PartResult | None:
    """The part's check results for the learner's current answer (None if the answer file is missing)."""
    exercise = find_part(part_id).exercise
    answer = _answer(part_id, namespace, Path(folder))
    if answer is None:
        return None
    return grade(exercise, answer, include_hidden=hidden, seconds=None)


def check(
    part_id: str, *, hidden: bool = False, namespace: dict[str, Any] | None = None, folder: str | Path = "."
) -> None:
    """Run the part's public checks (``hidden=True``: all checks — for instructors' source notebooks)."""
    part = find_part(part_id)
    exercise = part.exercise
    result = public_result(part_id, namespace, folder, hidden)
    if result is None:
        raise AssertionError(f"{exercise.answer.file} does not exist yet: run the %%writefile cell above first")
    print(result.render_text(part.title + (" (all checks)" if hidden else " (public checks)")))
    if result.error:
        raise AssertionError(f"the checks could not run: {result.error}")
    if result.problem:
        raise AssertionError("your answer could not be checked: " + result.first_problem())
    failed = [c for c in result.checks if not c.passed]
    if failed:
        raise AssertionError(
            f"{len(failed)} of {len(result.checks)} checks did not pass: " + "; ".join(c.title for c in failed)
        )
    if hidden:
        print(f"all {len(result.checks)} checks passed (public and hidden)")
    else:
        print(f"{PASSED} ({len(result.checks)} of {len(result.checks)}); more checks run when your notebook is graded")
