"""Grading one answer: fresh clusters, bounded time, grader failures kept apart from scores, hidden stays hidden."""

from __future__ import annotations

import dataclasses
import time

import pytest
from grader_examples import EXAMPLES

from kubesim_nb.grader import grading, scenario
from kubesim_nb.grader.checks import Verdict
from kubesim_nb.grader.exercises import EXERCISES, GradedCheck
from kubesim_nb.grader.grading import grade

BY_NAME = {e.name: e for e in EXAMPLES}


def test_snapshot_copies_grade_exactly_like_freshly_built_clusters(monkeypatch):
    names = [
        "lesson-clusterip",
        "selector-typo",
        "pinned-template-hash",
        "still-clusterip",
        "fixed-under-new-name",
        "dns-service-namespace",
        "design-correct",
    ]
    from_snapshots = [grade(EXERCISES[BY_NAME[n].exercise], BY_NAME[n].answer) for n in names]
    monkeypatch.setattr("kubesim_nb.grader.grading.fresh", lambda s, rolled=False: scenario.build(s, rolled))
    from_scratch = [grade(EXERCISES[BY_NAME[n].exercise], BY_NAME[n].answer) for n in names]
    assert from_snapshots == from_scratch


def test_grading_is_deterministic_and_leaves_the_snapshot_untouched():
    example = BY_NAME["nodeport-pinned"]
    first = grade(EXERCISES[example.exercise], example.answer)
    grade(EXERCISES["external-service"], BY_NAME["fixed-cluster-ip"].answer)  # another answer in between
    assert grade(EXERCISES[example.exercise], example.answer) == first


def test_public_only_runs_no_hidden_check():
    result = grade(EXERCISES["internal-service"], BY_NAME["lesson-clusterip"].answer, include_hidden=False)
    assert result.checks and not any(c.hidden for c in result.checks)
    assert result.max_points == sum(c.points for c in EXERCISES["internal-service"].checks if not c.hidden)


def _with_check(exercise_id: str, judge) -> object:
    exercise = EXERCISES[exercise_id]
    return dataclasses.replace(exercise, checks=exercise.checks + (GradedCheck("extra", "an extra check", 1, judge),))


def test_a_crashing_check_is_a_grading_error_not_a_score():
    def crash(trial) -> Verdict:
        raise KeyError("boom")

    result = grade(_with_check("internal-service", crash), BY_NAME["lesson-clusterip"].answer)
    assert result.error and "KeyError" in result.error
    assert result.points == 0 and result.max_points == EXERCISES["internal-service"].max_points + 1
    assert "could not grade this part" in result.render_text()


def test_a_simulator_failure_during_apply_is_a_grading_error_not_a_refusal(monkeypatch):
    real_fresh = grading.fresh

    def with_a_simulator_bug(scenario_, rolled=False):
        cluster = real_fresh(scenario_, rolled)
        cluster.tick = lambda: 1 / 0  # kubectl turns the crash into its "internal problem" line
        return cluster

    monkeypatch.setattr("kubesim_nb.grader.grading.fresh", with_a_simulator_bug)
    result = grade(EXERCISES["internal-service"], BY_NAME["lesson-clusterip"].answer)
    assert result.error and "ZeroDivisionError" in result.error and "kubectl apply" in result.error
    assert result.points == 0 and not result.checks


def test_running_out_of_memory_is_a_grading_error():
    def hungry(trial) -> Verdict:
        raise MemoryError

    result = grade(_with_check("external-choice", hungry), 'external_type = "NodePort"\nreason = "b"')
    assert result.error == "grading ran out of memory" and result.points == 0


def test_a_slow_check_hits_the_time_limit():
    def slow(trial) -> Verdict:
        time.sleep(120)
        return Verdict(1.0, "slept")

    started = time.perf_counter()
    result = grade(_with_check("dns", slow), 'agent_dns_name = "agent-service.default.svc.cluster.local"', seconds=1.0)
    assert time.perf_counter() - started < 60  # the check was stopped, not waited for (however slow the machine)
    assert result.error and "longer than 1 s" in result.error


def test_an_empty_selector_selects_nothing_as_on_a_real_api_server():
    answer = BY_NAME["lesson-clusterip"].answer.replace("  selector:\n    app: agent\n", "  selector: {}\n")
    result = grade(EXERCISES["internal-service"], answer)
    selects = next(c for c in result.checks if c.check_id == "selects")
    assert selects.points == 0 and "drops an empty selector" in selects.found


@pytest.mark.parametrize(
    "name, secrets",
    [
        ("design-all-wrong", ["True", "8000"]),  # the true verdicts are selector True, target port 8000
        ("dns-short-name", ["agent-service.default.svc.cluster.local"]),
        ("dns-client-namespace", ["agent-service.default.svc.cluster.local"]),
        ("wrong-reason", ['"b"', "'b'"]),
        ("loadbalancer-reason-b", ["NodePort"]),
    ],
)
def test_hidden_checks_do_not_give_away_expected_values(name, secrets):
    example = BY_NAME[name]
    result = grade(EXERCISES[example.exercise], example.answer)
    failed_hidden = [c for c in result.checks if c.hidden and not c.passed]
    assert failed_hidden
    for check in failed_hidden:
        said = f"{check.title}\n{check.expected}\n{check.hint}\n" + check.found.replace(repr(example.answer), "")
        for secret in secrets:
            assert secret not in said.replace(f"= {secret}", ""), (check.check_id, said)


def test_feedback_names_found_expected_and_hint():
    result = grade(EXERCISES["internal-service"], BY_NAME["selector-typo"].answer)
    selects = next(c for c in result.checks if c.check_id == "selects")
    assert selects.message.splitlines() == [
        "found: your selector 'app: agnet' matches no Pod; "
        "your selector says 'app: agnet' but the Pods carry 'app: agent'",
        "expected: the 3 Pods of agent-deployment, which carry 'app: agent'",
        "hint: copy the labels from the Pod template (kubectl get pods --show-labels): 'app: agent'",
    ]


def test_a_null_label_value_is_graded_as_the_api_server_would_read_it():
    answer = BY_NAME["lesson-clusterip"].answer.replace("app: agent", "app: ~")
    result = grade(EXERCISES["internal-service"], answer)
    assert result.error is None
    checks = {c.check_id: c for c in result.checks}
    assert checks["accepted"].passed and not checks["selects"].passed
    assert "the selector value for 'app' is None, not text" in checks["selects"].found


@pytest.mark.parametrize(
    "exercise, change",
    [
        ("internal-service", ("  name: agent-service", "  name: [agent, service]")),
        ("external-service", ("  - port: 80", "  - port: {number: 80}")),  # updates the existing agent-service
    ],
)
def test_wrongly_typed_fields_are_refused_like_the_api_server_does(exercise, change):
    # feedback quotes the API server's decoding error, which names the field, whatever apply prints first
    answer = BY_NAME["nodeport-pinned"].answer.replace(*change)
    result = grade(EXERCISES[exercise], answer)
    assert result.error is None
    accepted = next(c for c in result.checks if c.check_id == "accepted")
    assert not accepted.passed and "cannot be handled as a Service: json: cannot unmarshal" in accepted.found
