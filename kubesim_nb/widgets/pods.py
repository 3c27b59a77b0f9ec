"""Pods come and go: delete, crash, kill or scale Pods while a curl through the Service keeps answering.

Buttons stand for kubectl commands (``delete pod``, ``exec POD -- kill -INT 1`` — the
container's process stops (SIGINT, Ctrl-C: a server as PID 1 may ignore the default
SIGTERM of ``kill 1``, as Python's Flask does, but every server here stops on SIGINT)
and the kubelet restarts it in the same Pod, same IP,
RESTARTS + 1; crash it again soon and it waits in ``CrashLoopBackOff`` —
``delete pod --grace-period=0 --force``, ``scale deployment``) and a clock button
lets simulated time pass. The Pod table shows kubectl's READY, STATUS and
RESTARTS cells, so what it says is what ``kubectl get pods`` says.
After every step the widget curls the Service from an Alpine ``client`` Pod
(``curl -sS -m 2 http://web-service`` in a :class:`~kubesim_nb.network.shell.PodShell`)
and says which Pod answered (the Pod name found in the answer): the Pods' IPs
change, the Service's ClusterIP does not, and the answers keep coming (from
whichever Pods are endpoints now).
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import ipywidgets as widgets

from ..api.apps import Deployment
from ..api.core import Pod, Service
from ..api.labels import label_selector_as_selector
from ..network.shell import PodShell
from ..viz.snapshot import Membership, Snapshot, take_snapshot
from .base import DiagramView, Kubectl, ShownFresh, heading, start_pod
from .demo import web_cluster
from .html import notice, table, terminal

if TYPE_CHECKING:  # pragma: no cover
    from ..kubectl.base import KubectlRuntime

__all__ = ["PodsComeAndGo"]


class PodsComeAndGo(ShownFresh, widgets.VBox):
    """``PodsComeAndGo()`` on the lesson's web-deployment,
    or ``PodsComeAndGo(cluster, "my-deployment", "my-service")``.
    """

    def __init__(
        self,
        cluster: "KubectlRuntime | None" = None,
        deployment: str = "web-deployment",
        service: str = "web-service",
        client: str = "client",
        namespace: str = "default",
        curls: int = 2,
    ):
        self.cluster = cluster if cluster is not None else web_cluster()
        self.deployment, self.service, self.namespace, self.curls = deployment, service, namespace, curls
        self.kubectl = Kubectl(self.cluster)
        self.shell = self._client_shell(client)
        self.first_cluster_ip = self._service().spec.cluster_ip
        self.history: dict[str, str] = {}  # every Pod seen -> its last IP
        self.answers: list[str] = []
        self.snapshot: Snapshot | None = None
        self.diagram = DiagramView()
        self.pod_choice = widgets.Dropdown(description="Pod", layout=widgets.Layout(width="400px"))
        self.delete_button = widgets.Button(description="Delete Pod", icon="trash")
        self.crash_button = widgets.Button(description="Crash container", icon="refresh")
        self.kill_button = widgets.Button(description="Kill Pod (force)", icon="bolt")
        replicas = self._replicas()
        self.replicas = widgets.IntSlider(
            value=replicas, min=0, max=max(10, 2 * replicas), description="replicas", continuous_update=False
        )
        self.wait_button = widgets.Button(description="Let 5 s pass", icon="clock-o")
        self.addresses, self.curl_log = widgets.HTML(), widgets.HTML()
        for widget, name in (
            (self.pod_choice, "pod-choice"),
            (self.delete_button, "delete"),
            (self.crash_button, "crash"),
            (self.kill_button, "kill"),
            (self.replicas, "replicas"),
            (self.wait_button, "wait"),
            (self.addresses, "addresses"),
            (self.curl_log, "curl-log"),
        ):
            widget.add_class(f"kubesim-{name}")
        self.delete_button.on_click(lambda _: self.delete())
        self.crash_button.on_click(lambda _: self.crash())
        self.kill_button.on_click(lambda _: self.kill())
        self.wait_button.on_click(lambda _: self.wait(5))
        self.replicas.observe(lambda change: self.scale(change["new"]), names="value")
        controls = widgets.HBox([self.pod_choice, self.delete_button, self.crash_button, self.kill_button])
        super().__init__(
            [
                heading(f"Pods come and go behind Service <code>{service}</code>"),
                controls,
                widgets.HBox([self.replicas, self.wait_button]),
                self.addresses,
                self.curl_log,
                self.diagram.image,
                self.kubectl.view,
            ]
        )
        self.add_class("kubesim-pods-come-and-go")
        self._after_change()

    # ------------------------------------------------------------- setup
    def _service(self) -> Service:
        svc = self.cluster.api.find(Service, self.namespace, self.service)
        if svc is None:
            raise ValueError(f"there is no Service {self.service!r} in namespace {self.namespace!r}")
        return svc

    def _replicas(self) -> int:
        deployment = self.cluster.api.find(Deployment, self.namespace, self.deployment)
        if deployment is None:
            raise ValueError(f"there is no Deployment {self.deployment!r} in namespace {self.namespace!r}")
        return deployment.spec.replicas if deployment.spec.replicas is not None else 1

    def _client_shell(self, client: str) -> PodShell:
        """A shell in the client Pod (created with ``kubectl run`` when missing),
        with curl installed as the lesson does.
        """
        start_pod(self.kubectl, self.namespace, client)
        shell = PodShell(self.cluster, self.namespace, client)
        if shell.run_line("command -v curl").exit_code != 0:
            installed = shell.run_line("apk add curl").stdout.strip().splitlines()
            self.kubectl.record(f"kubectl exec -it {client} -- sh   # then: apk add curl", "\n".join(installed[-1:]))
        return shell

    # ----------------------------------------------------------- actions
    def pods(self) -> list[Pod]:
        """The Deployment's Pods, by name."""
        deployment = self.cluster.api.find(Deployment, self.namespace, self.deployment)
        return self.cluster.api.list(Pod, self.namespace, label_selector_as_selector(deployment.spec.selector))

    def delete(self, pod: str | None = None) -> None:
        """``kubectl delete pod``: graceful; the ReplicaSet creates a replacement with a new name and IP."""
        self._delete(pod, [])

    def crash(self, pod: str | None = None) -> None:
        """``kubectl exec POD -- kill -INT 1``: the process exits and is restarted in the same Pod (same IP).

        Then ``kubectl get pod POD``, as a learner would look: RESTARTS went up (or, crashed again
        within the back-off, STATUS says CrashLoopBackOff).
        """
        name = pod or self.pod_choice.value
        if name:
            self.kubectl(["exec", name, "-n", self.namespace, "--", "kill", "-INT", "1"])
            self._act(["get", "pod", name, "-n", self.namespace])

    def kill(self, pod: str | None = None) -> None:
        """``kubectl delete pod --grace-period=0 --force``: gone at once, as if its node died."""
        self._delete(pod, ["--grace-period=0", "--force"])

    def scale(self, replicas: int) -> None:
        self._act(["scale", f"deployment/{self.deployment}", f"--replicas={replicas}", "-n", self.namespace])

    def wait(self, seconds: float = 5) -> None:
        """Let simulated time pass: new Pods get an IP, start and become Ready."""
        self.cluster.advance(seconds)
        self.kubectl.record(f"# {seconds:g} s pass", "")
        self._after_change()

    def _delete(self, pod: str | None, flags: list[str]) -> None:
        name = pod or self.pod_choice.value
        if name:  # None when no Pod is left to choose
            self._act(["delete", "pod", name, "-n", self.namespace, *flags])

    def _act(self, argv: list[str]) -> None:
        self.kubectl(argv)
        self._after_change()

    # ------------------------------------------------------------ redraw
    def _after_change(self) -> None:
        self._curl()
        self.refresh()

    def _curl(self) -> None:
        now = self.cluster.clock.now().strftime("%H:%M:%S")
        for _ in range(self.curls):
            result = self.shell.run_line(f"curl -sS -m 2 http://{self.service}")
            if result.exit_code == 0:
                answer = self._who_answered(result.stdout)
            else:
                answer = f"failed: {result.stderr.strip() or f'exit {result.exit_code}'}"
            self.answers = (self.answers + [f"{now}  curl http://{self.service}  → {answer}"])[-8:]

    def _who_answered(self, body: str) -> str:
        """The Pod named in the answer (whoami's ``Hostname:``, Flask's ``"pod"`` ...), longest name first."""
        names = sorted({p.name for p in self.pods()} | set(self.history), key=len, reverse=True)
        found = next((name for name in names if name in body), None)
        if found:
            return f"answered by {found}"
        return f"answered ({len(body)} bytes; this app's answer does not name its Pod)"

    def refresh(self) -> None:
        self.snapshot = take_snapshot(self.cluster, self.namespace, [self.service])
        self.diagram.show(self.snapshot)
        pods = self.pods()
        for pod in pods:
            self.history[pod.name] = pod.ip or self.history.get(pod.name, "")
        alive = {p.name for p in pods}
        gone = [name for name in self.history if name not in alive]
        for name in gone[: max(0, len(gone) - 6)]:  # keep the six most recent departures
            del self.history[name]
        self._keep_choice([p.name for p in pods])
        self.addresses.value = self._addresses_html(alive)
        self.curl_log.value = terminal(escape("\n".join(self.answers)), "kubesim-curl-lines")

    def _keep_choice(self, names: list[str]) -> None:
        """New options, the learner's choice kept while that Pod exists; then a Ready one, not a newcomer."""
        chosen, known = self.pod_choice.value, set(self.pod_choice.options)
        self.pod_choice.options = names  # ipywidgets selects the first option here
        if chosen not in names:
            ready = self.snapshot.service(self.service).pods_in(Membership.READY)
            # a Pod the learner has seen before a replacement that appeared meanwhile, even a Ready one
            preferred = sorted(names, key=lambda name: (name not in ready, name not in known))
            chosen = preferred[0] if preferred else None
        self.pod_choice.value = chosen

    def _addresses_html(self, alive: set[str]) -> str:
        cluster_ip = self._service().spec.cluster_ip
        same = cluster_ip == self.first_cluster_ip
        head = notice(
            f"Service {self.service}: ClusterIP {cluster_ip} — "
            + ("unchanged since the start." if same else f"changed from {self.first_cluster_ip}!"),
            "ok" if same else "warn",
        )
        svc = self.snapshot.service(self.service)
        rows, attrs = [], []
        for name, ip in self.history.items():
            if name in alive:
                pod = self.snapshot.pod(name)
                state = _FOR_THE_SERVICE[svc.member(name).state]
                rows.append([f"<code>{name}</code>", ip or "no IP yet", pod.ready, pod.status, pod.restarts, state])
            else:
                rows.append([f"<s><code>{name}</code></s>", f"<s>{ip}</s>" if ip else "", "", "gone", "", "—"])
            attrs.append(
                f'class="kubesim-pod-ip" data-pod="{name}" data-alive="{str(name in alive).lower()}"'
                + (f' data-status="{self.snapshot.pod(name).status}"' if name in alive else "")
            )
        return head + table(
            ["Pod", "IP", "READY", "STATUS", "RESTARTS", "for the Service"],
            rows,
            css_class="kubesim-pod-ips",
            row_attrs=attrs,
        )


# the READY and STATUS columns already say why a Pod is not Ready
_FOR_THE_SERVICE = {
    Membership.READY: "endpoint (Ready): gets traffic",
    Membership.NOT_READY: "selected, not Ready: no traffic",
    Membership.NOT_MATCHED: "not selected",
}
