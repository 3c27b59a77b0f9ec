"""Check-your-understanding exercises with immediate feedback, for the course notebooks.

- :func:`show` — one of the course's multiple-choice questions, by id (``quiz.show("01-replaced-pod")``). The
  questions are package data, one YAML file per notebook in ``kubesim_nb/quizzes/``: the question, its options, why
  each option is right or wrong, and which one is right. A notebook cell names the question and never shows the
  answer.
- :func:`choice` — a multiple-choice question built from arguments, for questions outside the course.
- :func:`check_cluster` — a hands-on task judged by the state of the learner's
  cluster (e.g. "the Service has two endpoints"): it shows its verdict when displayed, so a task nobody did yet
  starts ✗, and re-checks on every click.
- :func:`record` and :func:`answers` — the answers given in this kernel, in order: every *Check* of a question, and
  every prediction committed in a :mod:`kubesim_nb.predict` gate. They are kept for the learner to look back at
  (``quiz.answers()``), never graded.

Each exercise names the learning objective it practises (``LO3``), which is how the course's tests know every
objective has an exercise. Feedback explains *why*, right or wrong, rather than only saying so. Text in backticks is
code and is shown as code. The verdict marks are ✓ and ✗, which every font has (as in :mod:`kubesim_nb.widgets`).
ipywidgets is imported here, not by ``import kubesim_nb``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from html import escape
from importlib import resources
from typing import Callable, Sequence

import yaml

__all__ = [
    "Answer",
    "Choice",
    "ClusterCheck",
    "answers",
    "as_html",
    "check_cluster",
    "choice",
    "course_questions",
    "record",
    "show",
]

OBJECTIVES = {f"LO{i}" for i in range(1, 9)}
QUESTIONS_FOLDER = "quizzes"  # package data: <notebook>.yaml, a mapping of question id to question
INLINE_CODE = re.compile(r"`([^`]+)`")


def _require_objective(objective: str) -> None:
    if objective not in OBJECTIVES:
        raise ValueError(f"objective must be one of LO1..LO8, not {objective!r}")


def as_html(text: str) -> str:
    """Plain text as HTML: escaped, with `code` in backticks shown as code."""
    return INLINE_CODE.sub(r"<code>\1</code>", escape(text))


def verdict(passed: bool) -> str:
    return "✓" if passed else "✗"


def letter(index: int) -> str:
    return chr(ord("a") + index)


@dataclass(frozen=True)
class Answer:
    """One answer the learner gave: to a question (``kind="quiz"``) or a prediction (``kind="prediction"``)."""

    kind: str
    item: str  # the question's or the prediction's id
    picked: str  # the option chosen, as the learner read it
    matched: bool  # quiz: the right option; prediction: what the cluster then did


ANSWERS: list[Answer] = []  # this kernel's answers, oldest first


def record(answer: Answer) -> None:
    ANSWERS.append(answer)


def answers() -> list[Answer]:
    """Every answer given in this kernel, oldest first."""
    return list(ANSWERS)


@dataclass
class Choice:
    question: str
    options: Sequence[str]
    answer: int  # index of the right option
    explanations: Sequence[str]  # why each option is right or wrong
    objective: str
    quiz_id: str = "choice"  # the course question's id (recorded with each answer)

    def feedback(self, picked: int | None) -> str:
        if picked is None:
            return "Pick an answer first."
        right = picked == self.answer
        return f"{verdict(right)} {'Right.' if right else 'Not quite.'} {self.explanations[picked]}"

    def widget(self):
        import ipywidgets as widgets

        options = "".join(f"<li>{as_html(text)}</li>" for text in self.options)
        title = widgets.HTML(
            f"<b>{self.objective} · Check your understanding</b><br>{as_html(self.question)}"
            f'<ol type="a" style="margin:4px 0">{options}</ol>'
        )
        picker = widgets.ToggleButtons(
            options=[(letter(i), i) for i in range(len(self.options))],
            value=None,
            description="Answer:",
            style={"button_width": "3em"},
        )
        button = widgets.Button(description="Check", button_style="primary")
        result = widgets.HTML()

        def on_click(_):
            result.value = as_html(self.feedback(picker.value))
            if picker.value is not None:
                record(Answer("quiz", self.quiz_id, self.options[picker.value], picker.value == self.answer))

        button.on_click(on_click)
        box = widgets.VBox([title, picker, button, result])
        box.add_class("kubesim-quiz")
        return box

    def _repr_mimebundle_(self, include=None, exclude=None):
        options = "\n".join(f"  {letter(i)}) {text}" for i, text in enumerate(self.options))
        data = self.widget()._repr_mimebundle_(include=include, exclude=exclude) or {}
        return {**data, "text/plain": f"[{self.objective}] {self.question}\n{options}"}


def choice(
    question: str,
    options: Sequence[str],
    answer: int,
    explanations: Sequence[str],
    *,
    objective: str,
    quiz_id: str = "choice",
) -> Choice:
    """A multiple-choice question; display it by making it the last expression of a cell."""
    _require_objective(objective)
    if len(explanations) != len(options) or not 0 <= answer < len(options):
        raise ValueError("give one explanation per option and the index of the right one")
    return Choice(question, options, answer, explanations, objective, quiz_id)


def _from_data(quiz_id: str, entry: dict) -> Choice:
    """One question of a quizzes file: ``objective``, ``question``, ``options`` of ``text``, ``why`` and, on exactly
    one of them, ``correct: true``."""
    options = entry["options"]
    correct = [i for i, option in enumerate(options) if option.get("correct")]
    if len(correct) != 1:
        raise ValueError(f"quiz {quiz_id}: mark exactly one option correct, not {len(correct)}")
    return choice(
        entry["question"],
        [option["text"] for option in options],
        correct[0],
        [option["why"] for option in options],
        objective=entry["objective"],
        quiz_id=quiz_id,
    )


@cache
def course_questions() -> dict[str, Choice]:
    """Every question of the course, by id, read from the package's quizzes files."""
    questions: dict[str, Choice] = {}
    for path in sorted(resources.files(__package__).joinpath(QUESTIONS_FOLDER).iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".yaml"):
            continue
        for quiz_id, entry in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            if quiz_id in questions:
                raise ValueError(f"quiz {quiz_id} is defined twice (again in {path.name})")
            questions[quiz_id] = _from_data(quiz_id, entry)
    return questions


def show(quiz_id: str) -> Choice:
    """The course's question ``quiz_id``; display it by making it the last expression of a cell."""
    questions = course_questions()
    if quiz_id not in questions:
        raise ValueError(f"no quiz {quiz_id!r}; the course has {', '.join(questions)}")
    return questions[quiz_id]


@dataclass
class ClusterCheck:
    task: str
    judge: Callable[[], tuple[bool, str]]  # -> (passed, what was found / what to try)
    objective: str

    def run(self) -> str:
        try:
            passed, message = self.judge()
        except Exception as err:  # a learner's half-finished cluster must never crash the check
            passed, message = False, f"Could not check yet ({type(err).__name__}: {err})."
        return f"{verdict(passed)} {message}"

    def widget(self):
        import ipywidgets as widgets

        title = widgets.HTML(f"<b>{self.objective} · Try it</b><br>{as_html(self.task)}")
        button = widgets.Button(description="Check my cluster", button_style="primary")
        result = widgets.HTML(as_html(self.run()))  # the verdict now: a task not done yet shows ✗ from the start
        button.on_click(lambda _: setattr(result, "value", as_html(self.run())))
        box = widgets.VBox([title, button, result])
        box.add_class("kubesim-quiz")
        return box

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = self.widget()._repr_mimebundle_(include=include, exclude=exclude) or {}
        return {**data, "text/plain": f"[{self.objective}] {self.task}\n{self.run()}"}


def check_cluster(task: str, judge: Callable[[], tuple[bool, str]], *, objective: str) -> ClusterCheck:
    """A hands-on task judged from the live cluster when shown and whenever the learner clicks *Check*."""
    _require_objective(objective)
    return ClusterCheck(task, judge, objective)
