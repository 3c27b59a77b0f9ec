"""The packet view: the learner's own ``curl``/``wget`` requests, hop by hop, beside the node's rules.

``RequestPath(cluster)`` shows the latest request any cell made — in
``%%kubectl exec``, ``%%kubectl run -it … -- sh``, ``%host``, or a widget's
client — as :func:`~kubesim_nb.viz.request_path.request_path_html` draws it:
the DNS queries of the search list and CoreDNS's answers, the Service rule
that matched, the endpoint chosen ("2 of 3"), Pod IP:targetPort and the reply,
or where and why the request died; beside it, kube-proxy's rules for that
Service on the node as they are *now* (delete a Pod and its ``KUBE-SEP``
chain is gone at the next refresh).

It follows requests: after every cell that runs (IPython's ``post_run_cell``
event) it redraws, and while "follow the latest request" is ticked it jumps to
the newest one; the rules redraw whenever an EndpointSlice changes (a button of
another widget deleting a Pod included). The dropdown picks any of the kept requests; "Refresh" redraws
by hand (outside IPython, call :meth:`RequestPath.refresh`). The data comes
from the traces the data plane keeps (:mod:`kubesim_nb.network.traces`): the
same seed and commands give the same view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as widgets

from ..api.discovery import EndpointSlice
from ..network.traces import request_traces
from ..viz.request_path import request_path_html, request_summary
from .base import ShownFresh, heading
from .html import notice

if TYPE_CHECKING:  # pragma: no cover
    from ..kubectl.base import KubectlRuntime

__all__ = ["RequestPath"]

NO_REQUEST = (
    "No request yet. Run curl or wget — in %%kubectl exec, in a Pod's shell (%%kubectl run -it ... -- sh), or on "
    "your computer with %host — and its path appears here."
)


class RequestPath(ShownFresh, widgets.VBox):
    """``RequestPath()`` on the notebook's cluster, or ``RequestPath(cluster)``."""

    def __init__(self, cluster: "KubectlRuntime | None" = None, follow: bool = True):
        if cluster is None:
            from ..magics import current_cluster

            cluster = current_cluster()
        self.cluster = cluster
        self.choice = widgets.Dropdown(
            options=[], description="request", layout=widgets.Layout(flex="1 1 auto", width="auto", max_width="720px")
        )
        self.follow = widgets.Checkbox(value=follow, description="follow the latest request", indent=False)
        self.refresh_button = widgets.Button(description="Refresh", icon="refresh")
        self._updating = False
        self.view = widgets.HTML()
        for widget, name in (
            (self.choice, "request-choice"),
            (self.follow, "follow"),
            (self.refresh_button, "refresh"),
            (self.view, "packet-view"),
        ):
            widget.add_class(f"kubesim-{name}")
        self.choice.observe(lambda change: self._picked(change["new"]), names="value")
        self.refresh_button.on_click(lambda _: self.refresh())
        super().__init__(
            [
                heading("Your request, hop by hop"),
                widgets.HBox(
                    [self.choice, self.follow, self.refresh_button], layout=widgets.Layout(flex_flow="row wrap")
                ),
                self.view,
            ]
        )
        self.add_class("kubesim-request-path-widget")
        self._ipython = _ipython()
        if self._ipython is not None:
            self._ipython.events.register("post_run_cell", self._after_cell)
        self._watcher = self._on_change  # one bound method, so that unwatch finds it
        self.cluster.api.watch(self._watcher)
        self.refresh()

    def _after_cell(self, result=None) -> None:
        self.refresh()

    def _on_change(self, event) -> None:
        """An EndpointSlice changed (a Pod came, went, turned Ready or not): the rules beside the path change too."""
        if event.kind is EndpointSlice and not self._updating:
            self.show(self.choice.value)

    def refresh(self) -> None:
        """Re-read the kept requests; show the newest when following (or when the chosen one is gone)."""
        traces = request_traces(self.cluster)
        numbers = [t.number for t in traces]
        options = [
            (request_summary(t, self.cluster.dns_ip, self.cluster.profile.proxy_mode), t.number)
            for t in reversed(traces)
        ]
        wanted = self.choice.value
        if self.follow.value or wanted not in numbers:
            wanted = numbers[-1] if numbers else None
        self._updating = True  # the dropdown's own changes are not the learner's pick
        try:
            self.choice.options = options
            self.choice.value = wanted
        finally:
            self._updating = False
        self.show(wanted)

    def _picked(self, number: int | None) -> None:
        if self._updating:
            return
        newest = self.choice.options[0][1] if self.choice.options else None
        if number != newest:
            self.follow.value = False  # the learner picked an older request: stay on it
        self.show(number)

    def show(self, number: int | None) -> None:
        """Draw request ``number`` (an empty view's notice when there is none)."""
        trace = next((t for t in request_traces(self.cluster) if t.number == number), None)
        self.view.value = notice(NO_REQUEST) if trace is None else request_path_html(self.cluster, trace)

    def close(self) -> None:
        self.cluster.api.unwatch(self._watcher)
        if self._ipython is not None:
            try:
                self._ipython.events.unregister("post_run_cell", self._after_cell)
            except ValueError:
                pass  # already unregistered
        super().close()


def _ipython():
    """The running IPython shell, if any."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return None
    return get_ipython()
