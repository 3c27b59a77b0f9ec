"""HTML fragments the widgets show: endpoint lists, explanations, tables, logs.

Pure functions from plain data to HTML strings (escaped), so the headless
tests read exactly what the browser renders. Every row that states a verdict
carries ``data-state`` and a text symbol (● ▲ ✕), never colour alone.
Terminal-like text (:func:`terminal`, :func:`command_log`) keeps its columns
and scrolls sideways, as ``%kubectl`` output does
(:mod:`kubesim_nb.kubectl.notebook_html`).
"""

from __future__ import annotations

from html import escape
from typing import Iterable, Sequence

from ..kubectl.notebook_html import TERMINAL_STYLE, shortened_html
from ..viz.explain import SelectorExplanation
from ..viz.snapshot import Membership, ServiceView, Snapshot
from ..viz.style import MUTED, PALETTE, STATE_STYLE

__all__ = ["command_log", "endpoint_list", "explanation", "notice", "table", "terminal"]

CELL = "padding:2px 8px;text-align:left;vertical-align:top;border-bottom:1px solid #e0e0e0"


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    css_class: str = "",
    row_attrs: Iterable[str] | None = None,
) -> str:
    """A plain table; cells are HTML already (escape text before)."""
    attrs = list(row_attrs) if row_attrs is not None else None
    head = "".join(f'<th style="{CELL}">{h}</th>' for h in headers)
    body = []
    for i, row in enumerate(rows):
        extra = f" {attrs[i]}" if attrs else ""
        body.append(f"<tr{extra}>" + "".join(f'<td style="{CELL}">{c}</td>' for c in row) + "</tr>")
    return (
        f'<table class="{css_class}" style="border-collapse:collapse;font-size:13px">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def notice(text: str, kind: str = "info") -> str:
    color = {"info": MUTED, "ok": PALETTE["blue"], "warn": PALETTE["vermillion"]}[kind]
    return f'<div class="kubesim-notice kubesim-{kind}" style="color:{color};margin:4px 0">{escape(text)}</div>'


def _labels_html(labels: Sequence[tuple[str, str]], selector: dict[str, str]) -> str:
    """Labels as code; the pairs the selector asks for in bold (kept) or struck (mismatch)."""
    parts = []
    for key, value in labels:
        text = escape(f"{key}={value}")
        if key in selector:
            text = f"<b>{text}</b>" if selector[key] == value else f"<s>{text}</s>"
        parts.append(text)
    return "<code>" + ", ".join(parts) + "</code>" if parts else "<i>no labels</i>"


def endpoint_list(svc: ServiceView, snapshot: Snapshot) -> str:
    """Every Pod of the namespace as the Service sees it: endpoint (Ready or not) or not selected, and why."""
    selector = dict(svc.selector or ())
    ready, not_ready = svc.pods_in(Membership.READY), svc.pods_in(Membership.NOT_READY)
    title = (
        f'<div class="kubesim-endpoint-summary"><b>Service {escape(svc.name)}</b> selector '
        f"<code>{escape(svc.selector_text)}</code>: {len(ready)} ready endpoint{'s' * (len(ready) != 1)}, "
        f"{len(not_ready)} not ready (from its EndpointSlice)</div>"
    )
    rows, attrs = [], []
    order = {Membership.READY: 0, Membership.NOT_READY: 1, Membership.NOT_MATCHED: 2}
    for member in sorted(svc.members, key=lambda m: (order[m.state], m.pod)):
        pod = snapshot.pod(member.pod)
        style = STATE_STYLE[member.state]
        verdict = f'<span style="color:{style.color}">{style.symbol}</span> {escape(_verdict(member.state))}'
        rows.append(
            [
                verdict,
                f"<code>{escape(pod.name)}</code>",
                escape(", ".join(member.addresses) or pod.ip or "—"),
                _labels_html(pod.labels, selector),
                escape(member.detail),
            ]
        )
        attrs.append(f'class="kubesim-endpoint" data-pod="{escape(pod.name)}" data-state="{member.state.value}"')
    return title + table(
        ["", "Pod", "endpoint address", "labels", "why"], rows, css_class="kubesim-endpoint-table", row_attrs=attrs
    )


def _verdict(state: Membership) -> str:
    return {
        Membership.READY: "endpoint (Ready)",
        Membership.NOT_READY: "selected, not Ready",
        Membership.NOT_MATCHED: "not selected",
    }[state]


def explanation(expl: SelectorExplanation) -> str:
    """The headline, and when nothing matches, the reasons (missing pairs, did-you-mean, closest Pod)."""
    kind = "ok" if expl.matched else "warn"
    items = "".join(f"<li>{escape(line)}</li>" for line in expl.reasons())
    reasons = f'<ul class="kubesim-why-list" style="margin:2px 0">{items}</ul>' if items else ""
    return f'<div class="kubesim-explanation">{notice(expl.headline(), kind)}{reasons}</div>'


def terminal(body_html: str, css_class: str = "", style: str = "") -> str:
    """A ``pre`` of terminal text (HTML already: escape text before) that keeps its columns."""
    return f'<pre class="{css_class}" style="{TERMINAL_STYLE};margin:0;font-size:12px;{style}">{body_html}</pre>'


def command_log(entries: Sequence[tuple[str, str]], limit: int = 12) -> str:
    """``(command, output)`` pairs as a terminal transcript, newest last (long HTML pages shortened)."""
    lines = []
    for command, output in list(entries)[-limit:]:
        lines.append(f"<b>$ {escape(command)}</b>")
        if output.strip():
            lines.append(shortened_html(output.rstrip("\n")))
    body = "\n".join(lines) or "(no commands yet)"
    return terminal(body, "kubesim-log", "max-height:220px;overflow-y:auto;background:#f7f7f7;padding:6px")
