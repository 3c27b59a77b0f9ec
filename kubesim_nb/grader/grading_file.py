"""A course's checks and points, as data: ``source/<assignment>/kubesim-grading.yaml``.

``kubesim-course init`` writes this file beside the source notebook, listing every check of every automatically
graded part with its points (:func:`render`); the instructor edits it. Each part is a list of checks:

.. code-block:: yaml

    part1:
      - {check: accepted, points: 1}
      - {check: selects, points: 3}               # a built-in check: change its points, or make it hidden
      - check: team-label                         # a new check: what kubectl prints once the answer is applied
        title: the Service carries the label team=ai
        points: 1
        hidden: true
        kubectl: get service agent-service -o jsonpath={.metadata.labels.team}
        expect: ai

A built-in check keeps its behaviour and title; ``points`` and ``hidden`` may change. A built-in check left out is
removed. A new check needs a ``title``, ``points`` and either ``kubectl`` (parts answered with a manifest: the
command's output, stripped, must equal ``expect``) or ``answer`` (parts answered with ``name = value`` lines: that
answer must equal ``expect``). A part left out of the file keeps its built-in checks.

One rule keeps grading, feedback and exports consistent: **a part is worth what its checks add up to, and the
notebook's test cell must say the same number of points.** ``course.py`` refuses an assignment where they differ
(``nbgrader generate_assignment``, ``kubesim-grade`` and ``nbgrader autograde`` all stop, saying which part).

:func:`read` parses the file (plain data, sent as is to the judge process); :func:`apply` turns it into the parts
the judge grades, raising :class:`GradingFileError` (one line, naming the part and check) for anything it cannot
use. Nothing in the file is ever executed.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any, Mapping

import yaml

from .assignment import Part
from .checks import answer_is, kubectl_shows
from .exercises import ChoiceAnswer, Exercise, GradedCheck

__all__ = ["GRADING_FILE", "GradingFileError", "apply", "read", "render"]

GRADING_FILE = "kubesim-grading.yaml"
MAX_FILE_BYTES = 256 * 1024
BUILT_IN_KEYS = {"check", "points", "hidden"}
NEW_KEYS = BUILT_IN_KEYS | {"title", "kubectl", "answer", "expect"}

HEADER = """\
# The checks of this assignment's automatically graded parts, and their points (kubesim-nb's grading file).
# A part is worth what its checks add up to; its test cell in the notebook must say the same number of points
# (nbgrader generate_assignment refuses the assignment otherwise). A built-in check keeps its behaviour: change its
# points or `hidden`, or delete its line to remove it. Add a check with a title, points and either
#   kubectl: <a kubectl command run after the answer is applied>   expect: <its output>     (manifest parts)
#   answer: <an answer name>                                        expect: <its value>      (name = value parts)
# Hidden checks run only when notebooks are graded; feedback shows their title and result, never `expect`.
"""


class GradingFileError(ValueError):
    """The grading file cannot be used; the message is one line, naming the file, part and check."""


def render(parts: tuple[Part, ...]) -> str:
    """The grading file listing ``parts``' checks as they are (what ``kubesim-course init`` writes)."""
    lines = [HEADER]
    for part in parts:
        if part.exercise is None:
            continue
        lines.append(f"{part.id}:  # {part.title}")
        for check in part.exercise.checks:
            hidden = ", hidden: true" if check.hidden else ""
            lines.append(f"  - {{check: {check.id}, points: {check.points:g}{hidden}}}  # {check.title}")
    return "\n".join(lines) + "\n"


def read(path: Path) -> dict | None:
    """The grading file's data, or None when there is none; :class:`GradingFileError` if it is not valid YAML."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise GradingFileError(f"{path}: larger than {MAX_FILE_BYTES // 1024} KiB")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as err:
        raise GradingFileError(f"{path}: cannot be read ({err})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise GradingFileError(f"{path}: not valid YAML ({' '.join(str(err).split())})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise GradingFileError(f"{path}: expected a mapping of part ids to lists of checks")
    return json.loads(json.dumps(data, default=str))  # plain JSON data (a YAML date becomes text), for the judge


def apply(parts: tuple[Part, ...], data: Mapping[str, Any] | None, where: str = GRADING_FILE) -> tuple[Part, ...]:
    """``parts`` with the checks the grading file gives them (``where`` names the file in errors)."""
    if not data:
        return parts
    graded = {p.id: p for p in parts if p.exercise is not None}
    for key in data:
        if key not in graded:
            raise GradingFileError(f"{where}: {key!r} is not an automatically graded part ({', '.join(graded)})")
    return tuple(
        replace(p, exercise=_exercise(p.exercise, data[p.id], f"{where}: {p.id}")) if p.id in data else p for p in parts
    )


def _exercise(exercise: Exercise, items: Any, where: str) -> Exercise:
    if not isinstance(items, list) or not items:
        raise GradingFileError(f"{where}: expected a list of checks")
    built_in = {c.id: c for c in exercise.checks}
    checks: list[GradedCheck] = []
    for index, item in enumerate(items, 1):
        at = f"{where}, check {index}"
        if not isinstance(item, dict) or not isinstance(item.get("check"), str) or not item["check"]:
            raise GradingFileError(f"{at}: expected a mapping with `check: <id>`")
        check_id = item["check"]
        if check_id in (c.id for c in checks):
            raise GradingFileError(f"{at}: check {check_id!r} is listed twice")
        check = _built_in(built_in[check_id], item, at) if check_id in built_in else _new(exercise, item, at)
        checks.append(check)
    return replace(exercise, checks=tuple(checks))


def _points(item: Mapping[str, Any], at: str) -> float:
    points = item.get("points")
    if isinstance(points, bool) or not isinstance(points, (int, float)) or not 0 <= points <= 1000:
        raise GradingFileError(f"{at}: points must be a number from 0 to 1000")
    return float(points)


def _hidden(item: Mapping[str, Any], at: str, default: bool) -> bool:
    hidden = item.get("hidden", default)
    if not isinstance(hidden, bool):
        raise GradingFileError(f"{at}: hidden must be true or false")
    return hidden


def _unknown_keys(item: Mapping[str, Any], allowed: set[str], at: str) -> None:
    unknown = sorted(str(k) for k in item if k not in allowed)
    if unknown:
        raise GradingFileError(f"{at}: unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})")


def _built_in(check: GradedCheck, item: Mapping[str, Any], at: str) -> GradedCheck:
    _unknown_keys(item, BUILT_IN_KEYS, f"{at} ({check.id}, a built-in check)")
    hidden = _hidden(item, at, check.hidden)
    return replace(check, points=_points(item, at), hidden=hidden, practised=check.practised and hidden)


def _new(exercise: Exercise, item: Mapping[str, Any], at: str) -> GradedCheck:
    at = f"{at} ({item['check']})"
    _unknown_keys(item, NEW_KEYS, at)
    title = item.get("title")
    if not isinstance(title, str) or not title.strip():
        raise GradingFileError(
            f"{at}: not a built-in check of this part ({', '.join(c.id for c in exercise.checks)}); "
            "a new check needs a title"
        )
    hidden = _hidden(item, at, False)
    if "expect" not in item or isinstance(item["expect"], (dict, list)) or item["expect"] is None:
        raise GradingFileError(f"{at}: a new check needs `expect`: a value")
    expected = item["expect"]
    if isinstance(exercise.answer, ChoiceAnswer):
        names = exercise.answer.names
        if "kubectl" in item or item.get("answer") not in names:
            raise GradingFileError(
                f"{at}: this part is answered with name = value lines: give `answer:` one of {', '.join(names)}"
            )
        judge = answer_is(next(f for f in exercise.answer.fields if f.name == item["answer"]), expected, hidden)
    else:
        command = item.get("kubectl")
        if "answer" in item or not isinstance(command, str) or not command.strip():
            raise GradingFileError(f"{at}: this part is answered with a manifest: give `kubectl:` a command")
        judge = kubectl_shows(command.strip().removeprefix("kubectl "), str(expected).strip(), hidden)
    return GradedCheck(item["check"], title.strip(), _points(item, at), judge, hidden=hidden)
