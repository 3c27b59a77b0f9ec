"""Predict, then observe: a gate runs its commands at once, hides what they did until the learner commits to a
prediction, then says what the cluster did (read from the cluster, not written in advance) and records the
prediction with the quiz answers."""

from __future__ import annotations

import pytest

from kubesim_nb import predict, quiz
from kubesim_nb.cluster import Cluster
from kubesim_nb.magics import use_cluster


@pytest.fixture
def backend() -> Cluster:
    cluster = use_cluster(Cluster(seed=11))
    cluster.kubectl("create deployment backend --image=flask:latest --port=5000")  # labels app=backend
    cluster.advance(20)
    return cluster


def pod_ips(cluster: Cluster) -> dict[str, str]:
    names = cluster.kubectl("get pods -l app=backend -o jsonpath={.items[*].metadata.name}").stdout.split()
    ips = cluster.kubectl("get pods -l app=backend -o jsonpath={.items[*].status.podIP}").stdout.split()
    return dict(zip(names, ips))


def choose(gate: predict.PredictionGate, key: str) -> None:
    gate.picker.value = gate.keys.index(key)
    gate.button.click()


def test_the_result_stays_hidden_until_a_prediction_is_committed(backend: Cluster) -> None:
    ((old_pod, old_ip),) = pod_ips(backend).items()
    gate = predict.gate("01-replaced-pod-ip", "kubectl delete pod -l app=backend", "kubectl get pods -o wide")
    ((new_pod, new_ip),) = pod_ips(backend).items()  # the commands ran when the gate was made
    assert new_pod != old_pod and new_ip != old_ip
    assert not gate.revealed and gate.verdict.value == "" and gate.button.disabled
    assert old_ip not in gate._repr_mimebundle_()["text/plain"]
    gate.button.click()  # nothing picked: nothing shown
    assert not gate.revealed

    choose(gate, "same")
    assert gate.revealed and gate.picker.disabled
    assert gate.verdict.value.startswith("You predicted a) The deleted Pod")
    lines = gate.verdict.value.split("<br>")
    assert (
        lines[1]
        == f"The cluster did b): the replacement {new_pod} has IP {new_ip}; the deleted Pod {old_pod} had {old_ip}."
    )
    assert lines[2:] == ["✗ Not what you predicted.", "Why: " + predict.PREDICTIONS["01-replaced-pod-ip"].why["new"]]
    assert "kubectl delete pod -l app=backend" in gate.reveal.children[1].value
    assert quiz.answers()[-1] == quiz.Answer(
        "prediction", "01-replaced-pod-ip", "The deleted Pod's IP: the Deployment hands it on to the replacement", False
    )


def test_a_container_restart_keeps_the_pod_and_its_ip(backend: Cluster) -> None:
    ((pod, ip),) = pod_ips(backend).items()
    gate = predict.gate("01-container-restart", f"kubectl exec {pod} -- kill -INT 1", "kubectl get pods -o wide")
    choose(gate, "same")
    assert f"{pod} has IP {ip} (it had {ip}) and RESTARTS 1" in gate.verdict.value
    assert "✓ As you predicted." in gate.verdict.value


def test_the_cluster_ip_is_unreachable_from_the_laptop(backend: Cluster) -> None:
    backend.kubectl("expose deployment backend --port=80 --target-port=5000")
    ip = backend.kubectl("get service backend -o jsonpath={.spec.clusterIP}").stdout
    gate = predict.gate("05-cluster-ip-from-laptop", f"host curl --max-time 3 http://{ip}")
    assert gate.observation.key == "timeout"
    choose(gate, "refused")
    assert "curl gave up with exit code 28: curl: (28)" in gate.verdict.value


def test_cross_namespace_names_are_read_from_the_session(backend: Cluster) -> None:
    backend.kubectl("create deployment web --image=nginx:alpine --replicas=1")
    backend.kubectl("expose deployment web --name=web-service --port=80")
    backend.kubectl("create namespace shop")
    session = "\n".join(
        [
            "kubectl run -it client -n shop --image=alpine --rm -- sh",
            "apk add curl >/dev/null",
            *(f"curl -sS --max-time 3 http://{name} | grep title" for name in predict.CROSS_NAMESPACE_NAMES),
            "exit",
        ]
    )
    gate = predict.gate("06-cross-namespace", session)
    assert gate.observation.key == "two", gate.observation
    assert "web-service.default, web-service.default.svc.cluster.local resolved; web-service did not" in (
        gate.observation.happened
    )


def test_every_prediction_explains_every_outcome_and_unknown_ids_are_refused() -> None:
    for prediction in predict.PREDICTIONS.values():
        assert set(prediction.why) == set(prediction.options) and len(prediction.options) >= 3
    with pytest.raises(ValueError, match="no prediction 'nope'"):
        predict.gate("nope")


def test_a_type_change_keeps_the_cluster_ip(backend: Cluster) -> None:
    backend.kubectl("create deployment web --image=nginx:alpine")
    backend.kubectl("expose deployment web --name=web-preview --port=80")
    ip = backend.kubectl("get service web-preview -o jsonpath={.spec.clusterIP}").stdout
    gate = predict.gate("05-type-change", """kubectl patch service web-preview -p '{"spec":{"type":"NodePort"}}'""")
    assert (gate.observation.key, gate.observation.happened) == ("same", f"web-preview still has ClusterIP {ip}")
