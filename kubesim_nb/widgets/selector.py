"""The selector playground: edit a Service's selector, watch its endpoints change.

The learner types a selector (``app=web,version=v1``; ``app: web`` as in YAML
works too) or edits key/value rows; a finished edit (Enter, or leaving the
field: not every keystroke) that is valid is applied to the real Service with
``kubectl patch`` (API server → EndpointSlice controller), then the endpoint
list, the explanation and the diagram are redrawn from the cluster. "Reset"
puts back the selector the Service had when the playground opened, so the
cells after it find the Service as their text expects. Text that is not a Service selector (set-based ``in``/``!=``, a
parse error, an empty selector) is not applied, and the widget says why.
When nothing matches, :func:`~kubesim_nb.viz.explain.explain_selector` says
which key or value no Pod has, with a did-you-mean. When the selector picks
Pods of more than one workload (two Deployments sharing ``app: web``), it
warns: the Service then spreads requests over all of them, though every
endpoint looks healthy (:func:`spread_warning`).
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import ipywidgets as widgets

from ..api.core import Pod, Service
from ..api.labels import SelectorParseError, parse_selector, selector_from_map
from ..viz.explain import explain_selector
from ..viz.snapshot import Snapshot, take_snapshot
from ..viz.workloads import workloads_of
from .base import DiagramView, Kubectl, ShownFresh, heading
from .demo import label_selector_cluster
from .html import endpoint_list, explanation, notice

if TYPE_CHECKING:  # pragma: no cover
    from ..kubectl.base import KubectlRuntime

__all__ = ["SelectorPlayground", "SelectorTextError", "format_selector", "parse_service_selector", "spread_warning"]

_YAML_PAIR = re.compile(r"^\s*([^:=!\s]+)\s*:\s*(\S*)\s*$")


class SelectorTextError(ValueError):
    """The text is not something a Service's ``spec.selector`` can hold."""


def format_selector(pairs: dict[str, str]) -> str:
    return ",".join(f"{k}={v}" for k, v in sorted(pairs.items()))


def _from_yaml_style(text: str) -> str:
    """``{app: web, version: v1}`` or one ``key: value`` per line → ``app=web,version=v1``."""
    parts = [p for p in re.split(r"[,\n]", text.strip().strip("{}")) if p.strip()]
    converted = [f"{m.group(1)}={m.group(2)}" if (m := _YAML_PAIR.match(p)) else p.strip() for p in parts]
    return ",".join(converted)


def parse_service_selector(text: str) -> dict[str, str]:
    """A Service selector from text; raises :class:`SelectorTextError` with a learner-facing reason."""
    if not text.strip():
        raise SelectorTextError(
            "the selector is empty: a Service without a selector selects no Pods "
            "(its endpoints would be managed by hand)"
        )
    try:
        selector = parse_selector(_from_yaml_style(text))
    except SelectorParseError as err:
        raise SelectorTextError(f"kubectl could not parse it: {err.message}") from None
    pairs: dict[str, str] = {}
    for requirement in selector.requirements:
        if requirement.operator not in ("=", "=="):
            raise SelectorTextError(
                f"'{requirement}' is a set-based requirement: a Service selector is a plain map of key: value "
                "(equality only); set-based selectors work in kubectl -l and a Deployment's matchExpressions"
            )
        value = requirement.values[0]
        if pairs.get(requirement.key, value) != value:
            raise SelectorTextError(
                f"{requirement.key} is given twice ({pairs[requirement.key]} and {value}): "
                "a map holds one value per key, and no Pod could have both"
            )
        pairs[requirement.key] = value
    return pairs


def spread_warning(cluster: "KubectlRuntime", namespace: str, selector: dict[str, str]) -> str | None:
    """A warning when ``selector`` picks Pods of more than one workload (bare Pods aside), else None."""
    if not selector:
        return None
    pods = [
        p for p in cluster.api.list(Pod, namespace, selector_from_map(selector)) if not p.metadata.deletion_timestamp
    ]
    owned = {w: names for w, names in workloads_of(cluster, pods).items() if not w.startswith("Pod/")}
    if len(owned) < 2:
        return None
    kinds = {w.split("/")[0] for w in owned}
    what = f"{kinds.pop()}s" if len(kinds) == 1 else "workloads"
    parts = ", ".join(f"{w.split('/', 1)[1]} ({len(n)} Pod{'s' * (len(n) != 1)})" for w, n in owned.items())
    return (
        f"{format_selector(selector)} selects Pods of {len(owned)} {what}: {parts}. The Service spreads requests "
        "over all their Ready Pods, so clients get a mix of apps or versions while the endpoints look healthy."
    )


class _Row(widgets.HBox):
    """One ``key = value`` row."""

    def __init__(self, key: str, value: str, on_change, on_remove):
        size = widgets.Layout(width="160px")
        self.key = widgets.Text(value=key, placeholder="key", continuous_update=False, layout=size)
        self.value = widgets.Text(value=value, placeholder="value", continuous_update=False, layout=size)
        self.remove = widgets.Button(description="remove", layout=widgets.Layout(width="80px"))
        for text in (self.key, self.value):
            text.observe(lambda _: on_change(), names="value")
        self.remove.on_click(lambda _: on_remove(self))
        super().__init__([self.key, widgets.Label("="), self.value, self.remove])
        self.add_class("kubesim-selector-row")

    def close_all(self) -> None:
        """Close the row and its widgets (their models would otherwise live on in the browser)."""
        for child in self.children:
            child.close()
        self.close()

    @property
    def pair(self) -> tuple[str, str] | None:
        key = self.key.value.strip()
        return (key, self.value.value.strip()) if key else None


class SelectorPlayground(ShownFresh, widgets.VBox):
    """``SelectorPlayground()`` on the lesson's three Pods, or ``SelectorPlayground(cluster, "my-service")``."""

    def __init__(
        self, cluster: "KubectlRuntime | None" = None, service: str = "web-service", namespace: str = "default"
    ):
        self.cluster = cluster if cluster is not None else label_selector_cluster()
        self.service, self.namespace = service, namespace
        if self.cluster.api.find(Service, namespace, service) is None:
            raise ValueError(f"there is no Service {service!r} in namespace {namespace!r}")
        self.kubectl = Kubectl(self.cluster)
        self.diagram = DiagramView()
        self.opened_with = self.applied_selector()
        self.text = widgets.Text(
            value=format_selector(self.opened_with),
            placeholder="app=web,version=v1",
            description="selector",
            continuous_update=False,  # applied on Enter or when the field loses focus, not per keystroke
            layout=widgets.Layout(width="460px"),
        )
        self.text.add_class("kubesim-selector-input")
        self.reset_button = widgets.Button(
            description="Reset", icon="undo", tooltip=f"back to {format_selector(self.opened_with)}"
        )
        self.reset_button.add_class("kubesim-selector-reset")
        self.reset_button.on_click(lambda _: self.reset())
        hint = widgets.HTML(notice("Type a selector and press Enter (or click elsewhere) to apply it."))
        self.rows = widgets.VBox()
        self.add_row = widgets.Button(description="add key=value", icon="plus")
        self.add_row.on_click(lambda _: self._append_row("", ""))
        self.status, self.why, self.endpoints = widgets.HTML(), widgets.HTML(), widgets.HTML()
        self.spread = widgets.HTML()
        for box, name in (
            (self.status, "status"),
            (self.why, "why"),
            (self.spread, "spread"),
            (self.endpoints, "endpoints"),
        ):
            box.add_class(f"kubesim-selector-{name}")
        self._from_rows = False
        self.snapshot: Snapshot | None = None
        super().__init__(
            [
                heading(f"Selector playground: Service <code>{service}</code>"),
                widgets.HBox([self.text, self.reset_button]),
                hint,
                self.rows,
                self.add_row,
                self.status,
                self.why,
                self.spread,
                self.endpoints,
                self.diagram.image,
                self.kubectl.view,
            ]
        )
        self.add_class("kubesim-selector-playground")
        self._set_rows(self.applied_selector())
        self._showing_cluster = False  # the text is being set from the Service: nothing to apply
        self.text.observe(lambda change: self._showing_cluster or self.apply_text(change["new"]), names="value")
        self.refresh()

    # ---------------------------------------------------------------- state
    def applied_selector(self) -> dict[str, str]:
        svc = self.cluster.api.find(Service, self.namespace, self.service)
        return dict(svc.spec.selector or {}) if svc is not None else {}

    # ---------------------------------------------------------------- edits
    def apply_text(self, text: str) -> None:
        """Parse ``text``; if it is a Service selector, patch the Service with it and redraw."""
        try:
            pairs = parse_service_selector(text)
        except SelectorTextError as err:
            kept = format_selector(self.applied_selector()) or "nothing"
            self.status.value = notice(f"Not applied: {err}. The Service still selects {kept}.", "warn")
            return
        if not self._from_rows and pairs != self._row_pairs():
            self._set_rows(pairs)
        if pairs != self.applied_selector():
            patch = json.dumps([{"op": "replace", "path": "/spec/selector", "value": pairs}], separators=(",", ":"))
            result = self.kubectl(["patch", "service", self.service, "-n", self.namespace, "--type=json", "-p", patch])
            if result.exit_code != 0:
                self.status.value = notice(f"Not applied: {result.stderr.strip()}", "warn")
                return
        self.status.value = notice(f"Applied: the Service selects {format_selector(pairs)}.", "ok")
        self.refresh()

    def reset(self) -> None:
        """Put back the selector the Service had when the playground opened."""
        text = format_selector(self.opened_with)
        if self.text.value == text:
            self.apply_text(text)
        else:
            self.text.value = text  # applied by the observer

    def _typed(self) -> dict[str, str] | None:
        try:
            return parse_service_selector(self.text.value)
        except SelectorTextError:
            return None

    def _row_pairs(self) -> dict[str, str]:
        return dict(row.pair for row in self.rows.children if row.pair)

    def _set_rows(self, pairs: dict[str, str]) -> None:
        old = self.rows.children
        self.rows.children = [_Row(k, v, self._rows_changed, self._remove_row) for k, v in sorted(pairs.items())]
        for row in old:
            row.close_all()

    def _append_row(self, key: str, value: str) -> None:
        self.rows.children = [*self.rows.children, _Row(key, value, self._rows_changed, self._remove_row)]

    def _remove_row(self, row: _Row) -> None:
        self.rows.children = [r for r in self.rows.children if r is not row]
        row.close_all()
        self._rows_changed()

    def _rows_changed(self) -> None:
        self._from_rows = True
        try:
            self.text.value = ",".join(f"{k}={v}" for k, v in (row.pair for row in self.rows.children if row.pair))
        finally:
            self._from_rows = False

    # --------------------------------------------------------------- redraw
    def refresh(self) -> None:
        """Redraw the text, the endpoint list, the explanation and the diagram from the cluster."""
        applied = self.applied_selector()
        if self._typed() != applied:  # changed outside the playground, by a kubectl command in a later cell
            self._showing_cluster = True
            try:
                self.text.value = format_selector(applied)
                self._set_rows(applied)
            finally:
                self._showing_cluster = False
        self.snapshot = take_snapshot(self.cluster, self.namespace, [self.service])
        svc = self.snapshot.service(self.service)
        pods = [(p.name, p.label_map) for p in self.snapshot.pods]
        self.diagram.show(self.snapshot)
        self.why.value = explanation(explain_selector(dict(svc.selector or ()), pods))
        spread = spread_warning(self.cluster, self.namespace, applied)
        self.spread.value = notice(spread, "warn") if spread else ""
        self.endpoints.value = endpoint_list(svc, self.snapshot)
