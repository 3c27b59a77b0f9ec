"""The "break my Service" drill and the *Debug Services* ladder, as widgets.

:class:`FaultDrill` starts a :class:`~kubesim_nb.drills.Drill` (a fresh cluster with one fault planted, chosen by
a seed) and makes it the notebook's current cluster, so ``%kubectl`` in the cells below acts on it. It shows the
symptom (the frontend's failing calls), never the cause; the learner investigates with kubectl, picks a cause
("Name the cause" says whether it fits), fixes the cluster with kubectl and presses "Check my fix": the behavioural
check says what it found (:mod:`kubesim_nb.drills.diagnosis`). "Another one" plants the next fault; the seed is
shown so an instructor can hand out the same drill again (``FaultDrill(seed=N)``).

:class:`DebugLadder` is the checklist alone, over any Service; the drill shows one for ``backend-service``. It
re-reads the record of the learner's commands after every cell that runs (an IPython ``post_run_cell`` hook), on
every button press and whenever it is shown, so it ticks itself as the learner climbs.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import ipywidgets as widgets

from ..drills import CAUSES, Drill
from ..drills.faults import CAUSES_BY_ID, SERVICE
from ..drills.ladder import Ladder, Rung
from ..magics import use_cluster
from ..network.activity import mark
from .base import ShownFresh, heading
from .html import command_log, notice

if TYPE_CHECKING:  # pragma: no cover
    from ..network.runtime import Runtime

__all__ = ["DebugLadder", "FaultDrill", "ladder_html"]

FIRST_SEED = 7
_hooks: dict[str, object] = {}  # kind of widget -> its post_run_cell hook (a re-run cell replaces the old one)


def ladder_html(rungs: list[Rung]) -> str:
    """The rungs as a list: ☑ and what the learner's step found, or ☐ and a command that would answer it."""
    items = []
    for number, rung in enumerate(rungs, 1):
        mark_, detail = ("☑", rung.evidence) if rung.ticked else ("☐", f"try: {rung.how}")
        items.append(
            f'<li class="kubesim-rung" data-rung="{rung.id}" data-ticked="{str(rung.ticked).lower()}" '
            f'style="margin:2px 0">{mark_} <b>{number}. {escape(rung.question)}</b> '
            f'<span style="color:#555">{escape(detail)}</span></li>'
        )
    return (
        f'<ul class="kubesim-ladder-rungs" style="list-style:none;padding-left:4px;margin:4px 0">{"".join(items)}</ul>'
    )


def _refresh_after_each_cell(kind: str, refresh) -> None:
    """Call ``refresh`` after every cell the kernel runs (replacing the hook a previous widget of ``kind`` left)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - ipywidgets brings IPython
        return
    shell = get_ipython()
    if shell is None:
        return
    old = _hooks.pop(kind, None)
    if old is not None:
        try:
            shell.events.unregister("post_run_cell", old)
        except ValueError:
            pass
    hook = lambda *_: refresh()  # noqa: E731 - IPython passes the result; the ladder reads the cluster
    shell.events.register("post_run_cell", hook)
    _hooks[kind] = hook


class DebugLadder(ShownFresh, widgets.VBox):
    """``DebugLadder(cluster, "backend-service")``: the four rungs, ticked from what is done from now on."""

    def __init__(self, cluster: "Runtime", service: str):
        self.ladder = Ladder(cluster, service, mark(cluster))
        self.rungs = widgets.HTML()
        super().__init__([heading(f"The <i>Debug Services</i> ladder for <code>{escape(service)}</code>"), self.rungs])
        self.add_class("kubesim-debug-ladder")
        _refresh_after_each_cell("ladder", self.refresh)
        self.refresh()

    def follow(self, ladder: Ladder) -> None:
        self.ladder = ladder
        self.refresh()

    def refresh(self) -> None:
        self.rungs.value = ladder_html(self.ladder.rungs())


class FaultDrill(ShownFresh, widgets.VBox):
    """``FaultDrill(seed=7)``: a drill on a fresh cluster, which becomes the notebook's current cluster."""

    def __init__(self, seed: int = FIRST_SEED):
        self.drill = Drill.start(seed)
        use_cluster(self.drill.cluster)
        self.title, self.symptom, self.reproduce = widgets.HTML(), widgets.HTML(), widgets.HTML()
        self.ladder = DebugLadder(self.drill.cluster, SERVICE)
        self.ladder.follow(self.drill.ladder())
        self.causes = widgets.RadioButtons(
            options=[(c.text, c.id) for c in CAUSES], value=None, layout=widgets.Layout(width="auto")
        )
        self.causes.add_class("kubesim-drill-causes")
        self.name_button = widgets.Button(description="Name the cause", icon="search")
        self.check_button = widgets.Button(description="Check my fix", button_style="primary", icon="check")
        self.another_button = widgets.Button(description="Another one", icon="random")
        self.named, self.result = widgets.HTML(), widgets.HTML()
        for widget, name in (
            (self.name_button, "name"),
            (self.check_button, "check"),
            (self.another_button, "another"),
            (self.named, "named"),
            (self.result, "result"),
            (self.symptom, "symptom"),
        ):
            widget.add_class(f"kubesim-drill-{name}")
        self.name_button.on_click(lambda _: self.name_cause())
        self.check_button.on_click(lambda _: self.check())
        self.another_button.on_click(lambda _: self.another())
        super().__init__(
            [
                self.title,
                widgets.HTML(
                    "The <code>frontend</code> Deployment calls the backend at <code>$BACKEND_URL</code>, and its "
                    "team says it gets no data. Find out why with <code>%kubectl</code> in the cells below (from "
                    "the laptop, and inside a Pod with <code>%%kubectl exec -i deploy/frontend -- sh</code>), name "
                    "the cause, fix it with <code>%kubectl</code>, then press <i>Check my fix</i>."
                ),
                self.symptom,
                self.ladder,
                widgets.HTML("<b>What is the cause?</b>"),
                self.causes,
                widgets.HBox([self.name_button, self.check_button, self.another_button]),
                self.named,
                self.result,
                self.reproduce,
            ]
        )
        self.add_class("kubesim-fault-drill")
        self._show_drill()

    def _show_drill(self) -> None:
        seed = self.drill.seed
        self.title.value = f"<h4 style='margin:8px 0 4px 0'>Break my Service · drill {seed}</h4>"
        self.symptom.value = "<b>What the frontend gets:</b>" + command_log(self.drill.symptom())
        self.reproduce.value = notice(f"Drill {seed}: FaultDrill(seed={seed}) plants the same fault again.")
        self.causes.value = None
        self.named.value = self.result.value = ""

    def refresh(self) -> None:
        self.ladder.refresh()

    def name_cause(self) -> None:
        if self.causes.value is None:
            self.named.value = notice("Pick a cause first.", "warn")
            return
        right, feedback = self.drill.name_cause(self.causes.value)
        self.named.value = notice(("✓ " if right else "✗ ") + feedback, "ok" if right else "warn")
        self.refresh()

    def check(self) -> None:
        diagnosis = self.drill.check()
        fixed = str(diagnosis.fixed).lower()
        text = ("✓ " if diagnosis.fixed else "✗ ") + diagnosis.summary()
        if diagnosis.fixed:
            text += f" The drill had planted this fault: {CAUSES_BY_ID[self.drill.fault.cause].phrase}."
        kind = "ok" if diagnosis.fixed else "warn"
        self.result.value = f'<div class="kubesim-drill-verdict" data-fixed="{fixed}">{notice(text, kind)}</div>'
        self.refresh()

    def another(self) -> None:
        """Plant the next fault on a fresh cluster, which becomes the notebook's current one."""
        self.drill = Drill.start(self.drill.next_seed())
        use_cluster(self.drill.cluster)
        self.ladder.follow(self.drill.ladder())
        self._show_drill()
