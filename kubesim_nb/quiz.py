"""Check-your-understanding exercises with immediate feedback, for the course notebooks.

- :func:`choice` — a multiple-choice question (radio buttons and a *Check* button).
- :func:`check_cluster` — a hands-on task judged by the state of the learner's
  cluster (e.g. "the Service has two endpoints"), re-checked on every click.

Each exercise names the learning objective it practises (``objective="LO3"``),
which is how the course's tests know every objective has an exercise. Feedback
explains *why*, right or wrong, rather than only saying so. ipywidgets is
imported here, not by ``import kubesim_nb``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

__all__ = ["Choice", "ClusterCheck", "check_cluster", "choice"]

OBJECTIVES = {f"LO{i}" for i in range(1, 9)}


def _require_objective(objective: str) -> None:
    if objective not in OBJECTIVES:
        raise ValueError(f"objective must be one of LO1..LO8, not {objective!r}")


@dataclass
class Choice:
    question: str
    options: Sequence[str]
    answer: int  # index of the right option
    explanations: Sequence[str]  # why each option is right or wrong
    objective: str

    def feedback(self, picked: int | None) -> str:
        if picked is None:
            return "Pick an answer first."
        verdict = "✅ Right." if picked == self.answer else "❌ Not quite."
        return f"{verdict} {self.explanations[picked]}"

    def widget(self):
        import ipywidgets as widgets

        title = widgets.HTML(f"<b>{self.objective} · Check your understanding</b><br>{self.question}")
        options = widgets.RadioButtons(
            options=[(text, i) for i, text in enumerate(self.options)], value=None, layout=widgets.Layout(width="auto")
        )
        button = widgets.Button(description="Check", button_style="primary")
        result = widgets.HTML()

        def on_click(_):
            result.value = self.feedback(options.value)

        button.on_click(on_click)
        box = widgets.VBox([title, options, button, result])
        box.add_class("kubesim-quiz")
        return box

    def _repr_mimebundle_(self, include=None, exclude=None):
        options = "\n".join(f"  {chr(97 + i)}) {text}" for i, text in enumerate(self.options))
        bundle = {"text/plain": f"[{self.objective}] {self.question}\n{options}"}
        try:
            widget = self.widget()
        except ImportError:  # pragma: no cover - ipywidgets is a dependency
            return bundle
        data = widget._repr_mimebundle_(include=include, exclude=exclude) or {}
        return {**data, "text/plain": bundle["text/plain"]}


def choice(
    question: str, options: Sequence[str], answer: int, explanations: Sequence[str], *, objective: str
) -> Choice:
    """A multiple-choice question; display it by making it the last expression of a cell."""
    _require_objective(objective)
    if len(explanations) != len(options) or not 0 <= answer < len(options):
        raise ValueError("give one explanation per option and the index of the right one")
    return Choice(question, options, answer, explanations, objective)


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
        return f"{'✅' if passed else '❌'} {message}"

    def widget(self):
        import ipywidgets as widgets

        title = widgets.HTML(f"<b>{self.objective} · Try it</b><br>{self.task}")
        button = widgets.Button(description="Check my cluster", button_style="primary")
        result = widgets.HTML()
        button.on_click(lambda _: setattr(result, "value", self.run()))
        box = widgets.VBox([title, button, result])
        box.add_class("kubesim-quiz")
        return box

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = self.widget()._repr_mimebundle_(include=include, exclude=exclude) or {}
        return {**data, "text/plain": f"[{self.objective}] {self.task}\n{self.run()}"}


def check_cluster(task: str, judge: Callable[[], tuple[bool, str]], *, objective: str) -> ClusterCheck:
    """A hands-on task judged from the live cluster whenever the learner clicks *Check*."""
    _require_objective(objective)
    return ClusterCheck(task, judge, objective)
