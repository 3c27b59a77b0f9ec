"""Service types: switch a Service between ClusterIP, NodePort and LoadBalancer and see who reaches it.

The toggle runs ``kubectl patch service … -p '{"spec":{"type":…}}'``; the API
server allocates (or releases) the nodePort and the load-balancer controller
provisions an address as the cluster profile says (Docker Desktop:
``localhost`` within a second; kind: ``<pending>`` for ever; cloud: a public IP
after ~40 s — use "Let 30 s pass"). Shown after each step: the Service's
``kubectl get``-style line, the reachability table from a Pod, a node and the
laptop (:func:`~kubesim_nb.widgets.reach.reachability`), and the traffic-path
diagram built from the Service's real addresses.

The "from a Pod" column needs a Pod to start from: when the namespace has no
``client`` Pod the widget starts one, as a learner would (``kubectl run client
--image=alpine -- sleep infinity``). The cluster dropdown starts on the cluster
the widget was given; choosing another profile shows a copy of that cluster's
namespace (Deployments, Services, bare Pods: :func:`~kubesim_nb.widgets.demo.copy_to_profile`)
on a new cluster of that kind, and the widget says so. The given cluster is
never changed by a profile switch.
"""

from __future__ import annotations

import json
from html import escape
from typing import TYPE_CHECKING

import ipywidgets as widgets

from ..api.core import Service
from ..profiles import PROFILES
from ..viz.snapshot import Snapshot, take_snapshot
from ..viz.traffic import traffic_path
from .base import Kubectl, ShownFresh, heading, start_pod
from .demo import copy_to_profile, web_cluster
from .html import notice, table, terminal
from .reach import Attempt, reachability

if TYPE_CHECKING:  # pragma: no cover
    from ..kubectl.base import KubectlRuntime

__all__ = ["ServiceTypes", "reachability_table"]

TYPES = ("ClusterIP", "NodePort", "LoadBalancer")


def reachability_table(attempts: list[Attempt]) -> str:
    """One row per address, one column per place a request starts from; ✓/✗ with the outcome, hops in the tooltip."""
    targets = list(dict.fromkeys(a.target.label for a in attempts))
    sources = list(dict.fromkeys(a.source for a in attempts))
    cells = {(a.source, a.target.label): a for a in attempts}
    rows = []
    for target in targets:
        row = [f"<code>{escape(target)}</code>"]
        for source in sources:
            a = cells[(source, target)]
            mark = "✓" if a.ok else "✗"
            row.append(
                f'<span class="kubesim-reach" data-ok="{str(a.ok).lower()}" title="{escape(" | ".join(a.hops))}">'
                f"{mark} {escape(a.outcome)}</span>"
            )
        rows.append(row)
    return table(["address, from →", *(escape(s) for s in sources)], rows, css_class="kubesim-reachability-table")


def service_line(snapshot: Snapshot, service: str) -> str:
    """The Service as ``kubectl get service`` shows it (read from the store: no command, no time passes)."""
    svc = snapshot.service(service)
    header = f"{'NAME':<14}{'TYPE':<14}{'CLUSTER-IP':<16}{'EXTERNAL-IP':<14}PORT(S)"
    line = f"{svc.name:<14}{svc.type:<14}{svc.cluster_ip or '<none>':<16}{svc.external:<14}{svc.ports_text}"
    return terminal(f"{escape(header)}\n{escape(line)}", "kubesim-service-line")


class ServiceTypes(ShownFresh, widgets.VBox):
    """``ServiceTypes()`` on the lesson's web-service (pick a cluster profile too),
    or ``ServiceTypes(cluster, "my-service")``.
    """

    def __init__(
        self,
        cluster: "KubectlRuntime | None" = None,
        service: str = "web-service",
        client: str = "client",
        namespace: str = "default",
    ):
        self.home = cluster if cluster is not None else web_cluster()
        self.cluster = self.home
        self.service, self.client, self.namespace = service, client, namespace
        self.kubectl = Kubectl(self.cluster)
        self._service()  # fails early, with a clear message, for a Service that does not exist
        start_pod(self.kubectl, namespace, client)
        self.type = widgets.ToggleButtons(
            options=TYPES, value=self._service().spec.type or "ClusterIP", description="type"
        )
        self.profile = widgets.Dropdown(options=list(PROFILES), value=self.home.profile.name, description="cluster")
        self.wait_button = widgets.Button(description="Let 30 s pass", icon="clock-o")
        self.which_cluster, self.summary, self.reach = widgets.HTML(), widgets.HTML(), widgets.HTML()
        self.traffic = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto"))
        for widget, name in (
            (self.type, "service-type"),
            (self.profile, "profile"),
            (self.wait_button, "wait"),
            (self.which_cluster, "which-cluster"),
            (self.summary, "service-summary"),
            (self.reach, "reachability"),
            (self.traffic, "traffic"),
        ):
            widget.add_class(f"kubesim-{name}")
        self.type.observe(lambda change: self.set_type(change["new"]), names="value")
        self.profile.observe(lambda change: self.use_profile(change["new"]), names="value")
        self.wait_button.on_click(lambda _: self.wait(30))
        self.attempts: list[Attempt] = []
        super().__init__(
            [
                heading(f"Service types: who can reach <code>{service}</code>, and from where"),
                widgets.HBox([self.type, self.profile, self.wait_button]),
                self.which_cluster,
                self.summary,
                self.reach,
                self.traffic,
                self.kubectl.view,
            ]
        )
        self.add_class("kubesim-service-types")
        self.refresh()

    def _service(self) -> Service:
        svc = self.cluster.api.find(Service, self.namespace, self.service)
        if svc is None:
            raise ValueError(f"there is no Service {self.service!r} in namespace {self.namespace!r}")
        return svc

    def set_type(self, service_type: str) -> None:
        """``kubectl patch`` the Service's type (the widget's toggle does this)."""
        if service_type != self._service().spec.type:
            patch = json.dumps({"spec": {"type": service_type}}, separators=(",", ":"))
            self.kubectl(["patch", "service", self.service, "-n", self.namespace, "-p", patch])
        if self.type.value != service_type:
            self.type.value = service_type  # re-enters with nothing left to patch
            return
        self.refresh()

    def use_profile(self, profile: str) -> None:
        """Show the given cluster (its own profile) or a copy of its namespace on a new ``profile`` cluster;
        the Service keeps the type chosen in the toggle."""
        if profile == self.cluster.profile.name:
            return
        if profile == self.home.profile.name:
            self.cluster = self.home
            self.kubectl.record(f"# back to your {profile} cluster", "")
        else:
            self.cluster = copy_to_profile(self.home, profile, self.namespace, settle="10s")
            self.kubectl.record(
                f"# a new {profile} cluster, with a copy of the Deployments, Services and Pods of namespace "
                f"{self.namespace}",
                "",
            )
        self.kubectl.cluster = self.cluster
        self.set_type(self.type.value)

    def wait(self, seconds: float = 30) -> None:
        self.cluster.advance(seconds)
        self.kubectl.record(f"# {seconds:g} s pass", "")
        self.refresh()

    def refresh(self) -> None:
        self.which_cluster.value = self._which_cluster_html()
        snapshot = take_snapshot(self.cluster, self.namespace, [self.service])
        self.traffic.value = traffic_path(snapshot, self.service)
        self.summary.value = service_line(snapshot, self.service)
        self.attempts = reachability(self.cluster, self.service, self.namespace, self.client)
        self.reach.value = reachability_table(self.attempts)

    def _which_cluster_html(self) -> str:
        profile = self.cluster.profile
        if self.cluster is self.home:
            others = " or ".join(p for p in PROFILES if p != profile.name)
            return notice(
                f"This is your {profile.name} cluster. Choose {others} to try the same Services on a copy of this "
                "namespace in a new cluster of that kind (yours stays as it is)."
            )
        return notice(
            f"Showing a copy of namespace {self.namespace} on a new {profile.name} cluster: {profile.description}. "
            f"Your {self.home.profile.name} cluster is unchanged; choose {self.home.profile.name} to go back to it."
        )
