"""Why a selector matches what it does, over the lesson's three Pods (no cluster needed)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kubesim_nb.viz.explain import did_you_mean, explain_selector, pod_mismatches

LESSON_PODS = [
    ("web-pod-1", {"app": "web", "version": "v1", "env": "prod"}),
    ("api-pod-1", {"app": "api", "version": "v1"}),
    ("web-pod-2", {"app": "web", "version": "v2"}),
]


def test_the_lesson_selector_matches_only_web_pod_1() -> None:
    expl = explain_selector({"app": "web", "version": "v1"}, LESSON_PODS)
    assert expl.matched == ("web-pod-1",)
    assert expl.reasons() == []
    assert expl.headline() == "app=web,version=v1 matches 1 Pod: web-pod-1."


def test_a_value_in_the_wrong_case_suggests_the_real_one() -> None:
    expl = explain_selector({"app": "Web"}, LESSON_PODS)
    assert expl.nothing_matches
    [finding] = expl.missing
    assert finding.value_suggestion == "web"
    assert finding.values_seen == ("api", "web")
    assert "did you mean app=web?" in expl.reasons()[0]


def test_a_misspelt_key_suggests_the_closest_key() -> None:
    [reason] = explain_selector({"verison": "v1"}, LESSON_PODS).reasons()
    assert reason == "No Pod has a label 'verison' — did you mean 'version'? (label keys are case-sensitive)"


def test_a_swapped_pair_is_recognised() -> None:
    [reason] = explain_selector({"web": "app"}, LESSON_PODS).reasons()
    assert "did you mean app=web?" in reason and "swapped" in reason


def test_only_the_missing_pair_is_blamed() -> None:
    expl = explain_selector({"app": "web", "version": "v3"}, LESSON_PODS)
    assert [f.pair for f in expl.missing] == ["version=v3"]
    assert expl.missing[0].value_suggestion is None  # v1 and v2 are not near enough to v3 to guess
    assert len(expl.reasons()) == 1


def test_pairs_that_exist_on_different_pods_name_the_closest_pods() -> None:
    expl = explain_selector({"app": "api", "version": "v2"}, LESSON_PODS)
    assert expl.missing == ()
    reasons = expl.reasons()
    assert reasons[0] == "Every pair is on some Pod, but no Pod has all of them:"
    assert "api-pod-1 comes closest: version is v1, not v2." in reasons
    assert "web-pod-2 comes closest: app is web, not api." in reasons


def test_empty_selector_and_empty_namespace_are_explained() -> None:
    assert "without a selector selects no Pods" in explain_selector({}, LESSON_PODS).headline()
    assert "there are no Pods" in explain_selector({"app": "web"}, []).headline()


@pytest.mark.parametrize(
    "labels, expected",
    [
        ({"app": "web", "version": "v2"}, ["version is v2, not v1"]),
        ({"app": "api"}, ["app is api, not web", "no label version"]),
        ({"app": "web", "version": "v1", "extra": "ok"}, []),
    ],
)
def test_pod_mismatches_name_each_failing_pair(labels, expected) -> None:
    assert pod_mismatches({"app": "web", "version": "v1"}, labels) == expected


def test_did_you_mean_prefers_a_case_fold_and_gives_up_on_strangers() -> None:
    assert did_you_mean("WEB", ["web", "wbe"]) == "web"
    assert did_you_mean("zzz", ["web", "api"]) is None
    assert did_you_mean("web", ["web"]) is None  # the word itself is no suggestion


def test_explain_and_snapshot_load_without_plotting_libraries() -> None:
    code = (
        "import sys; import kubesim_nb.viz.explain, kubesim_nb.viz.snapshot, kubesim_nb.viz.layout, "
        "kubesim_nb.widgets, kubesim_nb.viz; "
        "print(','.join(m for m in ('matplotlib', 'ipywidgets', 'networkx') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
