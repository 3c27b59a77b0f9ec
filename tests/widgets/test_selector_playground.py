"""The selector playground, headless: set values as the browser would, assert the cluster and the redrawn output."""

from __future__ import annotations

import re

import pytest

from kubesim_nb.api.core import Service
from kubesim_nb.widgets.selector import SelectorPlayground, SelectorTextError, parse_service_selector


def endpoints(playground: SelectorPlayground, state: str) -> list[str]:
    return re.findall(rf'data-pod="([^"]+)" data-state="{state}"', playground.endpoints.value)


def stored_selector(playground: SelectorPlayground) -> dict:
    return playground.cluster.store.get(Service, "default", "web-service").spec.selector


@pytest.fixture
def playground(lesson_cluster) -> SelectorPlayground:
    return SelectorPlayground(lesson_cluster)


def test_it_opens_on_the_lessons_selector(playground) -> None:
    assert playground.text.value == "app=web,version=v1"
    assert endpoints(playground, "ready") == ["web-pod-1"]
    assert sorted(endpoints(playground, "not-matched")) == ["api-pod-1", "web-pod-2"]
    assert [(r.key.value, r.value.value) for r in playground.rows.children] == [("app", "web"), ("version", "v1")]
    assert bytes(playground.diagram.image.value).startswith(b"\x89PNG")


def test_typing_a_selector_patches_the_service_and_redraws(playground) -> None:
    before = playground.diagram.image.value
    playground.text.value = "app=web"
    assert stored_selector(playground) == {"app": "web"}
    assert sorted(endpoints(playground, "ready")) == ["web-pod-1", "web-pod-2"]
    assert "app=web matches 2 Pods" in playground.why.value
    assert bytes(playground.diagram.image.value) != bytes(before)
    assert [(r.key.value, r.value.value) for r in playground.rows.children] == [("app", "web")]
    assert "kubectl patch service web-service" in playground.kubectl.view.value


def test_nothing_matching_is_explained_with_a_did_you_mean(playground) -> None:
    playground.text.value = "app=Web"
    assert endpoints(playground, "ready") == []
    assert "did you mean app=web?" in playground.why.value
    assert "app is web, not Web" in playground.endpoints.value


def test_yaml_style_text_works_too(playground) -> None:
    playground.text.value = "{app: api, version: v1}"
    assert stored_selector(playground) == {"app": "api", "version": "v1"}
    assert endpoints(playground, "ready") == ["api-pod-1"]


def test_editing_rows_rewrites_the_text_and_the_service(playground) -> None:
    version_row = playground.rows.children[1]
    version_row.value.value = "v2"
    assert playground.text.value == "app=web,version=v2"
    assert endpoints(playground, "ready") == ["web-pod-2"]
    version_row.remove.click()
    assert playground.text.value == "app=web" and stored_selector(playground) == {"app": "web"}
    playground.add_row.click()
    playground.rows.children[-1].key.value = "env"
    playground.rows.children[-1].value.value = "prod"
    assert stored_selector(playground) == {"app": "web", "env": "prod"}
    assert endpoints(playground, "ready") == ["web-pod-1"]


@pytest.mark.parametrize(
    "text, reason",
    [
        ("app in (web)", "set-based"),
        ("app!=web", "set-based"),
        ("", "empty"),
        ("app=web,app=api", "given twice"),
        ("app=-web-", "could not parse"),
    ],
)
def test_text_a_service_cannot_hold_is_not_applied(playground, text, reason) -> None:
    playground.text.value = text
    assert reason in playground.status.value and "Not applied" in playground.status.value
    assert stored_selector(playground) == {"app": "web", "version": "v1"}
    assert endpoints(playground, "ready") == ["web-pod-1"]


def test_parse_service_selector_accepts_equality_only() -> None:
    assert parse_service_selector("app==web, version=v1") == {"app": "web", "version": "v1"}
    assert parse_service_selector("app: web\nversion: v1") == {"app": "web", "version": "v1"}
    with pytest.raises(SelectorTextError, match="set-based"):
        parse_service_selector("version")


def test_any_cluster_and_service_can_be_played_with(web) -> None:
    playground = SelectorPlayground(web, "web-service")
    assert len(endpoints(playground, "ready")) == 3
    playground.text.value = "run=client"
    assert endpoints(playground, "ready") == ["client"]
    with pytest.raises(ValueError, match="no Service 'nope'"):
        SelectorPlayground(web, "nope")


# ---------------------------------------------------------------- as a learner meets it (issue 14)
def test_edits_are_applied_on_enter_not_per_keystroke(playground) -> None:
    assert playground.text.continuous_update is False
    assert all(not text.continuous_update for row in playground.rows.children for text in (row.key, row.value))
    assert "press Enter" in playground.children[2].value


def test_reset_puts_back_the_selector_it_opened_with(playground) -> None:
    playground.text.value = "app=web,env=prod"
    assert stored_selector(playground) == {"app": "web", "env": "prod"}
    playground.reset_button.click()
    assert stored_selector(playground) == {"app": "web", "version": "v1"}
    assert playground.text.value == "app=web,version=v1"
    assert endpoints(playground, "ready") == ["web-pod-1"]
    playground.text.value = "app in (web)"  # not applied
    playground.reset_button.click()
    assert "Applied" in playground.status.value and stored_selector(playground) == {"app": "web", "version": "v1"}


def test_shown_again_it_shows_a_selector_changed_by_a_later_cell(playground) -> None:
    playground.cluster.kubectl("set selector service web-service app=web")
    playground._repr_mimebundle_()
    assert playground.text.value == "app=web"
    assert [(r.key.value, r.value.value) for r in playground.rows.children] == [("app", "web")]
    assert sorted(endpoints(playground, "ready")) == ["web-pod-1", "web-pod-2"]
    assert "kubectl patch" not in playground.kubectl.view.value  # shown, not applied again
