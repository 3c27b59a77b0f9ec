"""The "break my Service" drill, headless: every fault is planted, found by the behavioural check, explained, and
fixed with kubectl; seeds reproduce a drill; the check leaves the learner's cluster as it was."""

from __future__ import annotations

import pytest

from kubesim_nb.drills import CAUSES, FAULTS, Drill, fault_for
from kubesim_nb.drills.faults import CAUSES_BY_ID
from kubesim_nb.network.activity import mark


def first_seed(fault_id: str) -> int:
    return next(seed for seed in range(1, 500) if fault_for(seed).id == fault_id)


# what each fault's explanation must name (from the cluster), and a learner's fix with kubectl
FAULT_CASES = {
    "selector-typo": ("selector app=backnd matches no Pod", ["set selector service backend-service app=backend"]),
    "label-case": ("did you mean app=backend?", ["set selector service backend-service app=backend"]),
    "wrong-target-port": (
        "nothing in backend-deployment-",
        ['patch service backend-service -p \'{"spec":{"ports":[{"port":80,"targetPort":5000}]}}\''],
    ),
    "failing-readiness": (
        "readiness probe GET /ready on port 5000 fails",
        [
            "patch deployment backend-deployment --type=json -p "
            '\'[{"op":"remove","path":"/spec/template/spec/containers/0/readinessProbe"}]\''
        ],
    ),
    "bad-image": (
        "ImagePullBackOff (image flsk:latest)",
        ["set image deployment/backend-deployment flask=flask:latest"],
    ),
    "other-namespace": (
        "exists in namespace shop",
        [
            "delete service backend-service -n shop",
            "expose deployment backend-deployment --name=backend-service --port=80 --target-port=5000",
        ],
    ),
    "client-target-port": (
        "calls backend-service on port 5000, but backend-service declares port 80",
        ["set env deployment/frontend BACKEND_URL=http://backend-service/data"],
    ),
    "over-selection": ("also matches Pods of Deployment/cache", ["set selector service backend-service app=backend"]),
}


def test_there_are_seven_causes_and_a_fault_for_each() -> None:
    assert len(CAUSES) == 7 and {f.cause for f in FAULTS} == set(CAUSES_BY_ID)
    assert set(FAULT_CASES) == {f.id for f in FAULTS}


@pytest.mark.parametrize("fault_id", sorted(FAULT_CASES))
def test_each_fault_is_planted_found_explained_and_fixed(fault_id: str) -> None:
    explained, fix = FAULT_CASES[fault_id]
    drill = Drill.start(first_seed(fault_id))
    assert drill.fault.id == fault_id
    found = drill.check()
    assert not found.fixed and found.cause == drill.fault.cause
    assert explained in found.summary()
    if fault_id != "over-selection":  # there, some requests still reach the backend
        assert found.answered == 0 and found.failure
    for command in fix:
        result = drill.cluster.kubectl(command)
        assert result.exit_code == 0, result.output
    drill.cluster.advance(30)
    after = drill.check()
    assert after.fixed, after.summary()
    assert after.summary().startswith("Fixed: 6 of 6 requests") and "Pods of Deployment/backend-deployment" in (
        after.summary()
    )


def test_the_symptom_never_names_the_cause() -> None:
    for fault in FAULTS:
        drill = Drill.start(first_seed(fault.id))
        shown = " ".join(command + output for command, output in drill.symptom())
        assert "kubectl exec deploy/frontend" in shown
        for word in ("backnd", "Backend", "8080", "flsk", "/ready", "shop", "tier"):
            assert word not in shown, f"{fault.id}: the symptom shows {word!r}"


def test_a_seed_reproduces_its_drill_and_another_one_differs() -> None:
    one, again = Drill.start(42), Drill.start(42)
    assert one.fault == again.fault == fault_for(42)
    assert one.symptom() == again.symptom()
    assert one.cluster.kubectl("get pods -o wide").output == again.cluster.kubectl("get pods -o wide").output
    following = one.next_seed()
    assert following == again.next_seed() and fault_for(following).id != one.fault.id


def test_checking_leaves_the_learners_cluster_as_it_was() -> None:
    drill = Drill.start(first_seed("over-selection"))
    before = (mark(drill.cluster), drill.cluster.rng_net.getstate(), drill.cluster.clock.seconds())
    drill.check()
    drill.symptom()
    assert (mark(drill.cluster), drill.cluster.rng_net.getstate(), drill.cluster.clock.seconds()) == before


def test_naming_the_cause_says_whether_it_fits_without_giving_it_away() -> None:
    drill = Drill.start(first_seed("label-case"))
    right, text = drill.name_cause("label-case")
    assert right and text.startswith("Right:")
    right, text = drill.name_cause("selector-typo")
    assert not right and text.startswith("Not this one: if it were") and "label-case" not in text
