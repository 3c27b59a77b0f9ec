"""The notebooks' exercises give feedback that explains, never crash, and show code as code; the course's questions
load from the package's data."""

import pytest

from kubesim_nb import quiz


def question():
    return quiz.choice(
        "Which Pods does `app: web, version: v1` select?",
        ["web-pod-1 only", "web-pod-1 and web-pod-2", "all three"],
        0,
        [
            "Both labels must match: only web-pod-1 has app=web AND version=v1.",
            "web-pod-2 has version=v2, so it fails the second requirement.",
            "api-pod-1 has app=api.",
        ],
        objective="LO3",
    )


def test_feedback_explains_right_and_wrong_answers() -> None:
    q = question()
    assert q.feedback(0).startswith("✓ Right. Both labels")
    assert q.feedback(1).startswith("✗ Not quite. web-pod-2 has version=v2")
    assert q.feedback(None) == "Pick an answer first."


def test_widget_click_shows_feedback() -> None:
    box = question().widget()
    _, options, button, result = box.children
    options.value = 2
    button.click()
    assert "api-pod-1 has app=api" in result.value


def test_widget_shows_backticks_as_code_and_escapes_the_rest() -> None:
    title = question().widget().children[0].value
    assert "<code>app: web, version: v1</code>" in title and "`" not in title
    assert quiz.as_html("`<b>` & `x`") == "<code>&lt;b&gt;</code> &amp; <code>x</code>"


def test_plain_text_lists_the_options_without_the_answer() -> None:
    text = question()._repr_mimebundle_()["text/plain"]
    assert text.splitlines() == [
        "[LO3] Which Pods does `app: web, version: v1` select?",
        "  a) web-pod-1 only",
        "  b) web-pod-1 and web-pod-2",
        "  c) all three",
    ]


def test_objective_and_answers_are_validated() -> None:
    with pytest.raises(ValueError):
        quiz.choice("q", ["a"], 0, ["x"], objective="LO9")
    with pytest.raises(ValueError):
        quiz.choice("q", ["a", "b"], 2, ["x", "y"], objective="LO1")


def test_course_questions_come_from_the_package() -> None:
    replaced = quiz.show("01-replaced-pod")
    assert replaced.objective == "LO1" and len(replaced.options) == len(replaced.explanations) >= 3
    assert replaced.feedback(replaced.answer).startswith("✓ Right.")
    with pytest.raises(ValueError, match="no quiz 'nope'"):
        quiz.show("nope")


def test_cluster_check_reports_instead_of_crashing() -> None:
    def broken():
        raise KeyError("web-service")

    check = quiz.check_cluster("Create web-service", broken, objective="LO4")
    assert check.run().startswith("✗ Could not check yet (KeyError")
    assert quiz.check_cluster("ok", lambda: (True, "2 endpoints"), objective="LO4").run() == "✓ 2 endpoints"


def test_cluster_check_shows_code_as_code() -> None:
    check = quiz.check_cluster("Scale `web`", lambda: (False, "`web` has 1 replica"), objective="LO4")
    title, button, result = check.widget().children
    button.click()
    assert "<code>web</code>" in title.value and result.value == "✗ <code>web</code> has 1 replica"


def test_cluster_check_shows_its_verdict_before_any_click() -> None:
    """A task nobody did yet starts ✗ (issue 17 §4): the verdict is read when the check is shown."""
    done = {"yet": False}
    check = quiz.check_cluster(
        "Scale `web`", lambda: (done["yet"], "scaled" if done["yet"] else "not yet"), objective="LO4"
    )
    _, button, result = check.widget().children
    assert result.value == "✗ not yet"
    done["yet"] = True
    button.click()
    assert result.value == "✓ scaled"


def test_checked_answers_are_recorded_with_their_question() -> None:
    replaced = quiz.show("01-replaced-pod")
    _, picker, button, _ = replaced.widget().children
    picker.value = replaced.answer
    button.click()
    assert quiz.answers()[-1] == quiz.Answer("quiz", "01-replaced-pod", replaced.options[replaced.answer], True)
