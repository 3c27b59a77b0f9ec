"""The drill widget and the over-selection warning, headless: press the buttons as the browser would, read the HTML."""

from __future__ import annotations

import re

import pytest

from kubesim_nb.cluster import Cluster
from kubesim_nb.magics import current_cluster
from kubesim_nb.widgets.drill import DebugLadder, FaultDrill
from kubesim_nb.widgets.selector import SelectorPlayground

TWO_VERSIONS = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web, version: v1}}
  template:
    metadata: {labels: {app: web, version: v1}}
    spec: {containers: [{name: nginx, image: "nginx:1.25"}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web-v2}
spec:
  replicas: 1
  selector: {matchLabels: {app: web, version: v2}}
  template:
    metadata: {labels: {app: web, version: v2}}
    spec: {containers: [{name: nginx, image: "nginx:1.27"}]}
---
apiVersion: v1
kind: Service
metadata: {name: web-service}
spec:
  selector: {app: web}
  ports: [{port: 80}]
"""


def rungs(ladder: DebugLadder) -> dict[str, str]:
    return dict(re.findall(r'data-rung="([\w-]+)" data-ticked="(\w+)"', ladder.rungs.value))


def test_the_drill_becomes_the_notebooks_cluster_and_shows_the_symptom_only() -> None:
    drill = FaultDrill(seed=7)
    assert current_cluster() is drill.drill.cluster
    assert "Break my Service · drill 7" in drill.title.value and "FaultDrill(seed=7)" in drill.reproduce.value
    assert "wget -qO- -T 3 $BACKEND_URL" in drill.symptom.value and "Connection refused" in drill.symptom.value
    assert "Backend" not in drill.symptom.value
    assert set(rungs(drill.ladder).values()) == {"false"}


def test_a_learner_investigates_names_fixes_and_checks() -> None:
    drill = FaultDrill(seed=7)  # the selector says app=Backend
    cluster = current_cluster()
    drill.name_button.click()
    assert "Pick a cause first" in drill.named.value
    drill.check_button.click()
    assert 'data-fixed="false"' in drill.result.value and "matches no Pod" in drill.result.value
    cluster.kubectl("get endpoints backend-service")
    drill.refresh()  # what the post_run_cell hook does after a cell
    assert rungs(drill.ladder) == {"name": "false", "cluster-ip": "false", "endpoints": "true", "pod": "false"}
    drill.causes.value = "selector-typo"
    drill.name_button.click()
    assert "✗ Not this one" in drill.named.value
    drill.causes.value = "label-case"
    drill.name_button.click()
    assert "✓ Right" in drill.named.value
    cluster.kubectl("set selector service backend-service app=backend")
    drill.check_button.click()
    assert 'data-fixed="true"' in drill.result.value and "6 of 6 requests" in drill.result.value
    assert "The drill had planted this fault: the selector" in drill.result.value


def test_another_one_plants_a_new_fault_on_a_fresh_cluster() -> None:
    drill = FaultDrill(seed=7)
    first, cluster = drill.drill.fault.id, current_cluster()
    cluster.kubectl("get endpoints")
    drill.refresh()
    drill.another_button.click()
    assert drill.drill.fault.id != first and current_cluster() is drill.drill.cluster is not cluster
    assert f"drill {drill.drill.seed}" in drill.title.value and drill.result.value == ""
    assert set(rungs(drill.ladder).values()) == {"false"}


@pytest.fixture
def two_versions() -> Cluster:
    cluster = Cluster(seed=4)
    assert cluster.kubectl("apply -f -", stdin=TWO_VERSIONS).exit_code == 0
    cluster.advance(30)
    return cluster


def test_the_playground_warns_when_a_selector_picks_pods_of_two_deployments(two_versions) -> None:
    playground = SelectorPlayground(two_versions, service="web-service")
    assert "app=web selects Pods of 2 Deployments: web (2 Pods), web-v2 (1 Pod)" in playground.spread.value
    assert len(re.findall(r'data-state="ready"', playground.endpoints.value)) == 3  # every endpoint looks healthy
    playground.text.value = "app=web,version=v1"
    assert playground.spread.value == ""


def test_over_selection_mixes_versions_behind_one_service(two_versions) -> None:
    two_versions.kubectl("run client --image=alpine -- sleep infinity")
    two_versions.advance(20)
    script = "apk add curl >/dev/null\n" + "curl -sI http://web-service | grep Server\n" * 8
    servers = set(two_versions.kubectl("exec -i client -- sh", stdin=script).stdout.split())
    assert {"nginx/1.25.5", "nginx/1.27.5"} <= servers


def test_the_lessons_bare_pods_are_not_a_mix(lesson_cluster) -> None:
    playground = SelectorPlayground(lesson_cluster)
    playground.text.value = "app=web"  # two bare Pods: the lesson's own example, not a warning
    assert playground.spread.value == ""
