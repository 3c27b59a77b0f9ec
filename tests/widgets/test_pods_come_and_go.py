"""Pods come and go: Pod IPs change, the ClusterIP does not, and the curl through the Service keeps answering."""

from __future__ import annotations

import re

import pytest

from kubesim_nb.api.core import Pod
from kubesim_nb.cluster import Cluster
from kubesim_nb.kubectl import run_kubectl
from kubesim_nb.viz.snapshot import Membership
from kubesim_nb.widgets.demo import web_cluster
from kubesim_nb.widgets.pods import PodsComeAndGo


def alive(widget: PodsComeAndGo) -> dict[str, str]:
    return {p.name: p.ip for p in widget.pods()}


@pytest.fixture
def widget(web) -> PodsComeAndGo:
    return PodsComeAndGo(web)


def test_it_starts_with_three_pods_answering(widget) -> None:
    assert len(alive(widget)) == 3
    assert widget.pod_choice.options == tuple(sorted(alive(widget)))
    assert re.findall(r"answered by ([\w-]+)", widget.curl_log.value)
    assert set(re.findall(r"answered by ([\w-]+)", widget.curl_log.value)) <= set(alive(widget))


def test_deleting_a_pod_brings_a_new_one_with_a_new_ip_behind_the_same_clusterip(widget) -> None:
    before = alive(widget)
    victim = widget.pod_choice.value
    widget.delete_button.click()
    widget.wait(5)
    after = alive(widget)
    assert victim not in after and len(after) == 3
    newcomer = (set(after) - set(before)).pop()
    assert after[newcomer] not in before.values()
    assert widget._service().spec.cluster_ip == widget.first_cluster_ip
    assert "unchanged since the start" in widget.addresses.value
    assert f'data-pod="{victim}" data-alive="false"' in widget.addresses.value
    last = widget.answers[-widget.curls :]
    assert all("answered by" in line for line in last)
    assert {re.search(r"answered by ([\w-]+)", line).group(1) for line in last} <= set(after)


def test_killing_a_pod_removes_it_at_once(widget) -> None:
    victim = widget.pod_choice.value
    widget.kill(victim)
    assert victim not in alive(widget)
    assert "--grace-period=0 --force" in widget.kubectl.view.value


def test_crashing_a_container_restarts_it_in_the_same_pod_with_the_same_ip() -> None:
    widget = PodsComeAndGo(web_cluster(image="nginx:alpine"))  # whoami, like the real image, has no `kill` to exec
    before = alive(widget)
    victim = widget.pod_choice.value
    widget.crash_button.click()
    assert (
        "kill -INT 1" in widget.kubectl.view.value
        and "command terminated with exit code 137" in widget.kubectl.view.value
    )
    widget.wait(5)
    assert alive(widget) == before  # same Pods, same IPs
    pod = next(p for p in widget.pods() if p.name == victim)
    assert pod.status.container_statuses[0].restart_count == 1
    assert pod.status.container_statuses[0].last_state.terminated.reason == "Completed"
    assert all("→ answered" in line for line in widget.answers[-widget.curls :])


def test_scaling_up_adds_endpoints_once_they_are_ready(widget) -> None:
    widget.replicas.value = 5
    assert len(alive(widget)) == 5
    svc = widget.snapshot.service("web-service")
    assert len([m for m in svc.members if m.detail == "no Pod IP yet"]) == 2
    assert len(svc.pods_in(Membership.READY)) == 3
    widget.wait_button.click()
    assert len(widget.snapshot.service("web-service").pods_in(Membership.READY)) == 5


def test_with_no_pods_left_the_curl_fails_until_they_come_back(widget) -> None:
    widget.scale(0)
    widget.wait(60)
    assert alive(widget) == {}
    assert "failed: curl: (7)" in widget.answers[-1]
    widget.scale(2)
    widget.wait(10)
    assert "answered by" in widget.answers[-1]


# ---------------------------------------------------------------- as a learner meets it (issue 14)
BACKEND = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: backend-deployment}
spec:
  replicas: 2
  selector: {matchLabels: {app: backend}}
  template:
    metadata: {labels: {app: backend}}
    spec:
      containers: [{name: flask, image: "flask:latest", ports: [{containerPort: 5000}]}]
---
apiVersion: v1
kind: Service
metadata: {name: backend-service}
spec:
  selector: {app: backend}
  ports: [{port: 80, targetPort: 5000}]
"""


@pytest.fixture
def backend() -> PodsComeAndGo:
    """Notebook 02's backend (Flask), with no client Pod: the widget starts one."""
    cluster = Cluster(seed=12)
    cluster.kubectl("apply -f -", stdin=BACKEND)
    return PodsComeAndGo(cluster, "backend-deployment", "backend-service")


def rows(widget: PodsComeAndGo) -> dict[str, list[str]]:
    """The Pod table, by Pod: its cells as text."""
    found = re.findall(r'<tr class="kubesim-pod-ip" data-pod="([^"]+)"[^>]*>(.*?)</tr>', widget.addresses.value)
    return {
        pod: [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", cells)]
        for pod, cells in found
    }


def test_the_pod_menu_is_wide_enough_for_the_pods_unique_suffix(backend) -> None:
    longest = max(len(name) for name in backend.pod_choice.options)
    assert longest == len("backend-deployment-5b8c96579f-5dgnj")
    assert int(backend.pod_choice.layout.width.removesuffix("px")) >= 60 + 9 * longest  # 13px text: < 9px a letter


def test_the_choice_stays_on_the_learners_pod_and_never_jumps_to_a_newcomer(backend) -> None:
    first, second = backend.pod_choice.options
    backend.pod_choice.value = second
    backend.scale(3)
    assert backend.pod_choice.value == second
    backend.delete(first)
    assert backend.pod_choice.value == second
    before = set(backend.pod_choice.options)
    backend.delete()  # the chosen Pod goes: the choice moves to a Ready Pod, not to its replacement
    (replacement,) = set(backend.pod_choice.options) - before
    assert backend.pod_choice.value not in (second, replacement)
    assert backend.snapshot.service("backend-service").member(backend.pod_choice.value).state is Membership.READY


def test_a_crashed_container_shows_what_kubectl_shows_with_its_restarts(backend) -> None:
    victim = backend.pod_choice.value
    assert "RESTARTS" in backend.addresses.value
    backend.crash()
    shown = backend.kubectl.entries[-1]
    assert shown[0].startswith(f"kubectl get pod {victim}")  # the learner sees the command that shows it
    ready, status, restarts = rows(backend)[victim][2:5]
    assert shown[1].split("\n")[1].split()[1:4] == [ready, status, restarts.split()[0]]
    assert (status, restarts.split()[0]) == ("Running", "1")
    backend.crash()
    backend.crash()  # crashed again within the back-off: the kubelet waits before restarting it
    ready, status, restarts = rows(backend)[victim][2:5]
    assert (ready, status, restarts.split()[0]) == ("0/1", "CrashLoopBackOff", "2")
    assert rows(backend)[victim][5] == "selected, not Ready: no traffic"
    assert "Completed" not in backend.addresses.value


def test_the_curl_log_names_the_pod_that_answered(backend) -> None:
    answered = re.findall(r"answered by ([\w-]+)", backend.curl_log.value)
    assert len(answered) == backend.curls and set(answered) <= set(backend.pod_choice.options)
    assert "kubectl run client --image=alpine" in backend.kubectl.view.value  # notebook 02 has no client: it made one


def test_shown_again_it_shows_pods_a_later_cell_made(backend) -> None:
    backend.cluster.kubectl("scale deployment backend-deployment --replicas=3")
    backend.cluster.advance(10)
    backend._repr_mimebundle_()
    assert len(backend.pod_choice.options) == 3 and len(rows(backend)) == 3


def test_a_client_pod_still_terminating_is_waited_out_before_the_widget_runs_its_own(web) -> None:
    """A notebook's ``kubectl run -it client --image=busybox --rm`` leaves ``client`` terminating for its grace
    period; busybox has no apk, so the widget waits for it to go and runs its own Alpine client."""
    run_kubectl(web, ["run", "client", "--image=busybox", "--", "sleep", "infinity"])
    web.advance(10)
    run_kubectl(web, ["delete", "pod", "client", "--wait=false"])
    widget = PodsComeAndGo(web)
    assert "kubectl wait --for=delete pod/client" in widget.kubectl.view.value
    assert web.api.find(Pod, "default", "client").spec.containers[0].image == "alpine"
    assert all("answered by" in line for line in widget.answers)
