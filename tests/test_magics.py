"""``%load_ext kubesim_nb``: the %kubectl, %%kubectl and %kubesim magics."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from kubesim_nb import magics


@pytest.fixture
def shell(tmp_path: Path):
    ip = InteractiveShell.instance()
    ip.run_cell("%load_ext kubesim_nb")
    ip.run_cell("%kubesim reset --seed 2")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    yield ip
    os.chdir(cwd)


def run(ip, cell: str) -> str:
    with capture_output() as captured:
        ip.run_cell(cell)
    return captured.stdout + "".join(o.data.get("text/plain", "") + "\n" for o in captured.outputs)


def test_line_magic_prints_like_a_terminal(shell) -> None:
    text = run(shell, "%kubectl get services")
    assert text.startswith(
        "NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\nkubernetes   ClusterIP   10.96.0.1"
    )
    assert magics.last_result().exit_code == 0


def test_writefile_then_apply(shell) -> None:
    shell.run_cell(
        "%%writefile web-service.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: web-service\nspec:\n"
        "  selector:\n    app: web\n  ports:\n  - port: 80\n"
    )
    assert "service/web-service created" in run(shell, "%kubectl apply -f web-service.yaml")


def test_cell_magic_passes_the_cell_as_stdin(shell) -> None:
    text = run(shell, "%%kubectl apply -f -\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n")
    assert "namespace/shop created" in text


def test_bare_cell_magic_runs_each_line(shell) -> None:
    text = run(shell, "%%kubectl\ncreate deployment web --image=nginx\nget deployments\n")
    assert "$ kubectl create deployment web --image=nginx\ndeployment.apps/web created" in text
    assert "$ kubectl get deployments\nNAME   READY" in text


def test_errors_are_shown_not_raised(shell) -> None:
    text = run(shell, "%kubectl get pods nosuch")
    assert 'Error from server (NotFound): pods "nosuch" not found' in text
    assert magics.last_result().exit_code == 1


def test_kubesim_magic_advances_time(shell) -> None:
    assert "Simulated time is now 2026-10-05T09:01:00Z." in run(shell, "%kubesim advance 1m")
