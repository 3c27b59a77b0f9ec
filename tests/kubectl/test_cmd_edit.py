"""``kubectl edit`` with the learner's editor: EDITOR is a small shell script that edits the file in place,
as a person would, and the command runs as on a terminal (``read_line`` given)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from kubectl_cmd_support import WEB_DEPLOYMENT, WEB_SERVICE_CLUSTERIP, ok

from kubesim_nb.api.apps import Deployment
from kubesim_nb.api.core import Service
from kubesim_nb.kubectl import run_kubectl
from kubesim_nb.kubectl.commands.edit import NO_TERMINAL


def on_terminal(prompt: str) -> str | None:
    return None


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """``editor(script)``: EDITOR becomes a shell script that runs ``script`` with the file as ``$1``; the
    temporary files kubectl writes go to tmp_path."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def use(script: str) -> Path:
        path = tmp_path / "editor.sh"
        path.write_text("#!/bin/sh\n" + script + "\n")
        path.chmod(0o755)
        monkeypatch.setenv("EDITOR", str(path))
        monkeypatch.delenv("KUBE_EDITOR", raising=False)
        return tmp_path

    return use


@pytest.fixture
def web(still):
    ok(still, "apply -f -", stdin=WEB_DEPLOYMENT)
    ok(still, "apply -f -", stdin=WEB_SERVICE_CLUSTERIP)
    return still


def edit(cluster, command: str):
    return run_kubectl(cluster, command, read_line=on_terminal)


def test_an_edit_is_sent_and_reported(web, editor):
    folder = editor("sed -i 's/type: ClusterIP/type: NodePort/' \"$1\"")
    result = edit(web, "edit svc/web-service")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "service/web-service edited\n", "")
    assert web.store.get(Service, "default", "web-service").spec.type == "NodePort"
    assert list(folder.glob("kubectl-edit-*")) == []  # the file of a successful edit is removed


def test_the_file_starts_with_kubectls_header(web, editor):
    folder = editor('cp "$1" "$(dirname "$1")/seen.yaml"')
    result = edit(web, "edit deployment web-deployment")
    assert (result.exit_code, result.stderr) == (0, "Edit cancelled, no changes made.\n")
    seen = (folder / "seen.yaml").read_text()
    assert seen.startswith("# Please edit the object below. Lines beginning with a '#' will be ignored,\n")
    assert "\nkind: Deployment\n" in seen


def test_an_emptied_file_cancels(web, editor):
    editor(': > "$1"')
    assert edit(web, "edit svc web-service").stderr == "Edit cancelled, saved file was empty.\n"


def test_an_invalid_edit_reopens_the_editor_with_the_reasons(web, editor):
    # first pass: an invalid replica count; second pass: the person gives up without changing anything
    folder = editor(
        'if grep -q "was not valid" "$1"; then cp "$1" "$(dirname "$1")/reopened.yaml"; '
        "else sed -i 's/replicas: 3/replicas: -1/' \"$1\"; fi"
    )
    result = edit(web, "edit deploy/web-deployment")
    assert result.exit_code == 1
    assert result.stderr.startswith('error: deployments.apps "web-deployment" is invalid\nA copy of your changes')
    assert result.stderr.endswith("error: Edit cancelled, no valid changes were saved.\n")
    reopened = (folder / "reopened.yaml").read_text()
    assert '# deployments.apps "web-deployment" was not valid:\n' in reopened
    assert "# * spec.replicas: Invalid value: -1: must be greater than or equal to 0\n" in reopened
    assert web.store.get(Deployment, "default", "web-deployment").spec.replicas == 3


def test_the_name_cannot_change(web, editor):
    editor("sed -i 's/^  name: web-service/  name: other/' \"$1\"")
    result = edit(web, "edit svc web-service")
    assert result.exit_code == 1
    assert result.stderr.endswith("error: At least one of apiVersion, kind and name was changed\n")


def test_a_notebook_has_no_editor(web):
    result = run_kubectl(web, "edit svc web-service")
    assert (result.exit_code, result.stderr) == (1, f"error: {NO_TERMINAL}\n")
    assert '"kubectl patch"' in result.stderr


def test_a_missing_object_fails_before_any_editor(web, editor):
    editor("exit 1")
    assert edit(web, "edit svc nope").stderr == 'Error from server (NotFound): services "nope" not found\n'
