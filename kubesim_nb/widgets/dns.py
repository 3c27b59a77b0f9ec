"""The DNS explorer: which names a Pod's resolver tries, one by one, and what answers.

Choose a namespace, one of its Pods and a name (``web-service``,
``api-service.shop``, ``example.com`` ...). The widget shows the Pod's
``/etc/resolv.conf`` (kubelet's rules), why the search list is or is not
tried first (the ``ndots:5`` rule), each name the resolver asks the cluster
DNS for with its answer (NXDOMAIN, an A record, NODATA, no answer), and the
final address — with the Service it belongs to. Everything comes from the
data plane: :func:`~kubesim_nb.network.dns.lookup_host` decides which names
are tried, :func:`~kubesim_nb.network.dns.query` gives each answer.

The menus are built from the cluster's state whenever the explorer is shown
or refreshed, not only when it is made: a namespace or Pod created after it
appears, and a Pod that is still starting is waited for (a few seconds of
simulated time, as a learner would wait) so the explorer opens on it.
"""

from __future__ import annotations

from contextlib import contextmanager
from html import escape
from typing import TYPE_CHECKING, Iterator

import ipywidgets as widgets

from ..api.core import Namespace, Pod, Service
from ..network.dns import ResolvConf, lookup_host, pod_resolver, query
from ..network.proxy import Source
from .base import ShownFresh, heading, is_running, wait_until_running
from .demo import dns_cluster
from .html import notice, table, terminal

if TYPE_CHECKING:  # pragma: no cover
    from ..kubectl.base import KubectlRuntime

__all__ = ["DnsExplorer", "explain_lookup", "name_suggestions"]

ZONE = "cluster.local"


def name_suggestions(cluster: "KubectlRuntime") -> list[str]:
    """Names worth trying: every Service in its short, namespaced and full forms, and an Internet name."""
    names = []
    for svc in cluster.api.list(Service):
        if svc.namespace == "kube-system":
            continue
        names += [svc.name, f"{svc.name}.{svc.namespace}", f"{svc.name}.{svc.namespace}.svc.{ZONE}"]
    return list(dict.fromkeys(names + ["example.com"]))


def _search_reason(conf: ResolvConf, name: str) -> str:
    dots = name.rstrip(".").count(".")
    if name.endswith("."):
        return f"{name} ends with a dot: it is absolute, the search list is not used."
    if not conf.search:
        return "This Pod's resolver has no search list: the name is asked as it is."
    if dots >= conf.ndots:
        return f"{name} has {dots} dots, at least ndots:{conf.ndots}: it is asked as it is first."
    return (
        f"{name} has {dots} dot{'s' * (dots != 1)}, fewer than ndots:{conf.ndots}: the resolver appends each search "
        "domain first, and asks the bare name last."
    )


def explain_lookup(
    cluster: "KubectlRuntime", pod: Pod, name: str
) -> tuple[ResolvConf, list[tuple[str, str, bool]], object]:
    """The Pod's resolver config, the names tried with each answer, and the final :class:`Resolution`."""
    conf = pod_resolver(cluster, pod)
    src = Source.of_pod(pod)
    resolution = lookup_host(cluster, src, name, pod)
    steps = []
    for tried in resolution.tried:
        answer = query(cluster, src, conf.nameservers[0], tried, "A") if conf.nameservers else None
        if answer is None:
            steps.append((tried, "no answer (timeout)", False))
        elif answer.rcode == "NOERROR" and answer.addresses:
            steps.append((tried, "A " + ", ".join(answer.addresses), True))
        elif answer.rcode == "NOERROR":
            steps.append((tried, "NODATA: the name exists, without an A record", False))
        else:
            steps.append((tried, f"{answer.rcode}: no such name", False))
    return conf, steps, resolution


def _starting(pod: Pod) -> bool:
    """Created and not running yet (a failed or finished Pod is not waited for)."""
    phase = pod.status.phase if pod.status else None
    return phase in (None, "Pending") and not pod.metadata.deletion_timestamp


class DnsExplorer(ShownFresh, widgets.VBox):
    """``DnsExplorer()`` on a two-namespace demo cluster, or ``DnsExplorer(cluster, namespace="shop")``."""

    def __init__(
        self,
        cluster: "KubectlRuntime | None" = None,
        namespace: str = "default",
        pod: str | None = None,
        name: str = "web-service",
    ):
        self.cluster = cluster if cluster is not None else dns_cluster()
        self.wanted_namespace, self.wanted_pod = namespace, pod
        self.namespace = widgets.Dropdown(description="namespace")
        self.pod = widgets.Dropdown(description="Pod", layout=widgets.Layout(width="360px"))
        self.name = widgets.Combobox(value=name, description="name", ensure_option=False, placeholder="web-service")
        self.refresh_button = widgets.Button(description="Refresh", icon="refresh", tooltip="read the cluster again")
        self.waited, self.resolv, self.steps, self.answer = (widgets.HTML() for _ in range(4))
        for widget, css in (
            (self.namespace, "dns-namespace"),
            (self.pod, "dns-pod"),
            (self.name, "dns-name"),
            (self.refresh_button, "dns-refresh"),
            (self.waited, "dns-waited"),
            (self.resolv, "dns-resolv"),
            (self.steps, "dns-steps"),
            (self.answer, "dns-answer"),
        ):
            widget.add_class(f"kubesim-{css}")
        super().__init__(
            [
                heading("DNS explorer: what a Pod's resolver tries"),
                widgets.HBox([self.namespace, self.pod, self.refresh_button]),
                self.name,
                self.waited,
                self.resolv,
                self.steps,
                self.answer,
            ]
        )
        self.add_class("kubesim-dns-explorer")
        self._filling = False  # see _rebuilding_menus
        self.namespace.observe(lambda _: self._namespace_changed(), names="value")
        self.pod.observe(lambda _: self._lookup_unless_filling(), names="value")
        self.name.observe(lambda _: self.lookup(), names="value")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.refresh()

    # ----------------------------------------------------------- menus
    def refresh(self) -> None:
        """Rebuild the menus from the cluster (keeping the choices that still exist) and look the name up."""
        api = self.cluster.api
        with self._rebuilding_menus():
            namespaces = [ns.name for ns in api.list(Namespace) if api.list(Pod, ns.name)]
            current = self.namespace.value or self.wanted_namespace
            self.namespace.options = namespaces
            self.namespace.value = current if current in namespaces else (namespaces or [None])[0]
            self._fill_pods(self.pod.value or self.wanted_pod)
            self.name.options = name_suggestions(self.cluster)
        self.lookup()

    @contextmanager
    def _rebuilding_menus(self) -> Iterator[None]:
        """While the menus are rebuilt, their change events must not each run a lookup."""
        self._filling = True
        try:
            yield
        finally:
            self._filling = False

    def _namespace_changed(self) -> None:
        if not self._filling:
            with self._rebuilding_menus():
                self._fill_pods(None)
            self.lookup()

    def _lookup_unless_filling(self) -> None:
        if not self._filling:
            self.lookup()

    def _fill_pods(self, preferred: str | None) -> None:
        """The namespace's Pods; the preferred one, else a shell Pod (client, tester), else a running one.
        A chosen Pod that is still starting is waited for."""
        namespace = self.namespace.value
        pods = self.cluster.api.list(Pod, namespace) if namespace else []
        names = [p.name for p in pods]
        shells = [n for n in ("client", "tester") if n in names]
        running = [p.name for p in pods if is_running(p)]
        pick = preferred if preferred in names else (shells or running or names or [None])[0]
        self.pod.options = names
        self.pod.value = pick
        self.waited.value = ""
        chosen = self.cluster.api.find(Pod, namespace, pick) if pick else None
        if chosen is not None and _starting(chosen):
            waited = wait_until_running(self.cluster, namespace, [pick])
            ran = is_running(self.cluster.api.find(Pod, namespace, pick))
            outcome = " until it ran" if ran else "; it still does not run"
            self.waited.value = notice(f"Pod {namespace}/{pick} was starting: {waited} s passed{outcome}.")

    # ---------------------------------------------------------- lookup
    def lookup(self) -> None:
        """Resolve the name from the chosen Pod and show every step."""
        pod = self.cluster.api.find(Pod, self.namespace.value or "", self.pod.value or "")
        name = self.name.value.strip()
        if pod is None or not name:
            self.resolv.value = self.steps.value = ""
            self.answer.value = notice("Choose a Pod and type a name.")
            return
        if not is_running(pod):
            self.resolv.value = self.steps.value = ""
            self.answer.value = notice(
                f"Pod {pod.namespace}/{pod.name} is not running: its resolver cannot be asked. Choose another "
                "Pod, or press Refresh once it runs.",
                "warn",
            )
            return
        conf, steps, resolution = explain_lookup(self.cluster, pod, name)
        self.resolv.value = (
            f"<div>/etc/resolv.conf of Pod <code>{escape(pod.namespace)}/{escape(pod.name)}</code>:</div>"
            + terminal(escape(conf.text()))
            + notice(_search_reason(conf, name))
        )
        rows = [
            [str(i), f"<code>{escape(tried)}</code>", ("✓ " if found else "✗ ") + escape(text)]
            for i, (tried, text, found) in enumerate(steps, 1)
        ]
        attrs = [f'class="kubesim-dns-step" data-found="{str(found).lower()}"' for _, _, found in steps]
        self.steps.value = table(
            ["#", "name asked", "answer"], rows, css_class="kubesim-dns-steps-table", row_attrs=attrs
        )
        self.answer.value = self._answer_html(name, resolution)

    def _answer_html(self, name: str, resolution) -> str:
        if not resolution.ok:
            elsewhere = [
                f"{s.name}.{s.namespace}" for s in self.cluster.api.list(Service) if s.name == name.split(".")[0]
            ]
            hint = f" A Service of that name lives elsewhere: try {' or '.join(elsewhere)}." if elsewhere else ""
            return notice(
                f"{name} does not resolve from this Pod ({resolution.error}): curl would say "
                f'"Could not resolve host: {name}".{hint}',
                "warn",
            )
        owners = {
            s.spec.cluster_ip: f"the ClusterIP of Service {s.namespace}/{s.name}"
            for s in self.cluster.api.list(Service)
            if s.spec.cluster_ip
        }
        addresses = ", ".join(f"{ip} ({owners[ip]})" if ip in owners else ip for ip in resolution.addresses)
        return notice(f"{name} → {addresses}, found as {resolution.canonical}.", "ok")
