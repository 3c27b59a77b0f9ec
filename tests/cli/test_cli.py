"""The ``kubesim`` console script: a persistent cluster across processes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

KUBESIM = [sys.executable, "-m", "kubesim_nb.cli"]


def kubesim(
    args: list[str], state: Path, cwd: Path | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess:
    env = {**os.environ, "KUBESIM_STATE": str(state)}
    return subprocess.run(KUBESIM + args, cwd=cwd, env=env, input=stdin, capture_output=True, text=True, timeout=120)


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "state" / "cluster.json"


def test_successive_commands_act_on_one_cluster(state: Path, lesson_dir: Path) -> None:
    assert (
        kubesim(["kubectl", "apply", "-f", "web-deployment.yaml"], state, lesson_dir).stdout
        == "deployment.apps/web-deployment created\n"
    )
    pods = kubesim(["kubectl", "get", "pods", "--show-labels"], state, lesson_dir)
    lines = pods.stdout.splitlines()
    assert lines[0].split() == ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "LABELS"]
    assert len(lines) == 4 and all(
        "1/1" in line and "Running" in line and "app=web,pod-template-hash=" in line for line in lines[1:]
    )
    assert (
        kubesim(["kubectl", "apply", "-f", "web-deployment.yaml"], state, lesson_dir).stdout
        == "deployment.apps/web-deployment unchanged\n"
    )


def test_lesson_debugging_section_through_the_cli(state: Path, lesson_dir: Path) -> None:
    assert (
        kubesim(["kubectl", "apply", "-f", "backend-deployment.yaml"], state, lesson_dir).stdout
        == "deployment.apps/backend-deployment created\n"
    )
    assert (
        kubesim(["kubectl", "apply", "-f", "backend-service-wrong.yaml"], state, lesson_dir).stdout
        == "service/backend-service created\n"
    )
    before = kubesim(["kubectl", "get", "endpoints", "backend-service"], state, lesson_dir)
    assert before.stderr == "Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n"
    assert before.stdout.splitlines()[1].split()[:2] == ["backend-service", "<none>"]
    described = kubesim(["kubectl", "describe", "service", "backend-service"], state, lesson_dir).stdout
    assert "Selector:                 app=api\n" in described
    shutil.copy(lesson_dir / "backend-service-fixed.yaml", lesson_dir / "backend-service-wrong.yaml")
    assert (
        kubesim(["kubectl", "apply", "-f", "backend-service-wrong.yaml"], state, lesson_dir).stdout
        == "service/backend-service configured\n"
    )
    after = (
        kubesim(["kubectl", "get", "endpoints", "backend-service"], state, lesson_dir).stdout.splitlines()[1].split()
    )
    endpoints = after[1].split(",")
    assert len(endpoints) == 2 and all(e.endswith(":5000") for e in endpoints)


def test_stdin_manifest_and_exit_codes(state: Path) -> None:
    manifest = (
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web-service\n"
        "spec:\n  selectr:\n    app: web\n  ports:\n  - port: 80\n"
    )
    result = kubesim(["kubectl", "apply", "-f", "-"], state, stdin=manifest)
    assert result.returncode == 1
    assert result.stderr == (
        'Error from server (BadRequest): error when creating "STDIN": Service in version "v1" cannot be handled as a '
        'Service: strict decoding error: unknown field "spec.selectr"\n'
    )
    assert kubesim(["kubectl", "get", "svc", "web-service"], state).returncode == 1


def test_reset_advance_and_status(state: Path) -> None:
    assert "docker-desktop cluster (seed 3)" in kubesim(["reset", "--seed", "3"], state).stdout
    assert kubesim(["advance", "90s"], state).stdout == "Simulated time is now 2026-10-05T09:01:30Z.\n"
    status = kubesim(["status"], state).stdout
    assert "profile: docker-desktop" in status and "seed: 3" in status
    assert "kind cluster" in kubesim(["reset", "--profile", "kind"], state).stdout
    assert "kind-control-plane" in kubesim(["kubectl", "get", "nodes"], state).stdout
    bad = kubesim(["advance", "soon"], state)
    assert bad.returncode == 2 and "invalid duration" in bad.stderr


def test_corrupt_state_file_is_reported_and_kept(state: Path) -> None:
    state.parent.mkdir(parents=True)
    state.write_text("{not json", encoding="utf-8")
    result = kubesim(["kubectl", "get", "pods"], state)
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: the kubesim state file {state} cannot be used: state is not valid JSON")
    assert "Run 'kubesim reset'" in result.stderr and "Traceback" not in result.stderr
    assert state.read_text(encoding="utf-8") == "{not json"  # never silently replaced
    assert kubesim(["reset"], state).returncode == 0
    assert (state.parent / (state.name + ".bak")).read_text(encoding="utf-8") == "{not json"


def test_incompatible_state_version_is_refused(state: Path) -> None:
    kubesim(["reset"], state)
    data = json.loads(state.read_text())
    data["version"] = 999
    state.write_text(json.dumps(data))
    result = kubesim(["kubectl", "get", "pods"], state)
    assert result.returncode == 1 and "state format version 999 is not supported" in result.stderr
    assert json.loads(state.read_text())["version"] == 999


def test_parallel_label_commands_all_land(state: Path) -> None:
    kubesim(["reset", "--think-time", "0"], state)
    kubesim(["kubectl", "run", "target", "--image=nginx"], state)
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(
            pool.map(lambda i: kubesim(["kubectl", "label", "pod", "target", f"k{i}=v{i}"], state), range(20))
        )
    assert all(r.returncode == 0 for r in results), [r.stderr for r in results if r.returncode]
    labels = kubesim(["kubectl", "get", "pod", "target", "-o", "jsonpath={.metadata.labels}"], state).stdout
    assert all(f'"k{i}":"v{i}"' in labels for i in range(20))
