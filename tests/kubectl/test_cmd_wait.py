"""kubectl wait: simulated time passes while it waits, and only as long as the condition takes or --timeout allows."""

from __future__ import annotations

from kubectl_cmd_support import WEB_DEPLOYMENT, kubectl, ok, pods

from kubesim_nb.kubectl.commands.wait import settled


def test_wait_for_ready_after_apply_ends_when_the_pods_are_ready(still):
    ok(still, "apply -f -", stdin=WEB_DEPLOYMENT)
    start = still.clock.seconds()
    names = sorted(p.name for p in pods(still, app="web"))
    assert ok(still, "wait --for=condition=Ready pod -l app=web") == "".join(
        f"pod/{name} condition met\n" for name in names
    )
    waited = still.clock.seconds() - start
    assert 0 < waited < 30
    assert all(settled(still, type(p), p.namespace, p.name) for p in pods(still, app="web"))
    # once Ready, a second wait lets no time pass
    ok(still, "wait --for=condition=Ready pod -l app=web")
    assert still.clock.seconds() - start == waited


def test_the_same_wait_ends_at_the_same_time(still):
    twin = type(still)(seed=1, think_time=0)
    for cluster in (still, twin):
        ok(cluster, "apply -f -", stdin=WEB_DEPLOYMENT)
        ok(cluster, "wait --for=condition=Available deployment/web-deployment")
    assert still.clock.seconds() == twin.clock.seconds()


def test_a_wait_that_cannot_end_times_out_after_its_timeout(still):
    ok(still, "apply -f -", stdin=WEB_DEPLOYMENT)
    ok(still, "wait --for=condition=Ready pod --all")
    start = still.clock.seconds()
    result = kubectl(still, "wait --for=condition=Ready=false pod --all --timeout=2500ms")
    assert result.exit_code == 1
    # the deadline is shared: every Pod after the first times out at once
    assert result.stderr == "".join(
        f"timed out waiting for the condition on pods/{p.name}\n" for p in sorted(pods(still), key=lambda p: p.name)
    )
    assert still.clock.seconds() - start == 2.5


def test_wait_for_delete_waits_for_the_pods_to_go(still):
    ok(still, "apply -f -", stdin=WEB_DEPLOYMENT)
    ok(still, "wait --for=condition=Ready pod --all")
    ok(still, "scale deployment web-deployment --replicas=0")
    assert pods(still)  # still terminating
    out = ok(still, "wait --for=delete pod --all")
    assert out.count("condition met\n") == 3
    assert pods(still) == []


def test_wait_with_a_timeout_of_zero_checks_once(still):
    ok(still, "apply -f -", stdin=WEB_DEPLOYMENT)
    start = still.clock.seconds()
    result = kubectl(still, "wait --for=delete deployment/web-deployment --timeout=0")
    assert (result.stderr, result.exit_code) == ("error: condition not met for deployments/web-deployment\n", 1)
    assert still.clock.seconds() == start


def test_wait_for_create_polls_until_the_object_exists(still):
    result = kubectl(still, "wait --for=create deployment/web-deployment --timeout=1s")
    assert (result.stderr, result.exit_code) == ("error: timed out waiting for the condition\n", 1)


def test_wait_for_jsonpath_compares_the_printed_value(still):
    ok(still, "apply -f -", stdin=WEB_DEPLOYMENT)
    out = ok(still, "wait --for=jsonpath={.status.readyReplicas}=3 deployment/web-deployment -o name")
    assert out == "deployment.apps/web-deployment\n"
    result = kubectl(still, "wait --for=jsonpath={.spec} deployment/web-deployment --timeout=1s")
    assert result.exit_code == 0  # any value will do when none is asked for
    result = kubectl(still, "wait --for=jsonpath={.spec}=x deployment/web-deployment --timeout=1s")
    assert result.stderr == "error: jsonpath leads to a nested object or list which is not supported\n"
