"""``kubesim kubectl completion bash|zsh``: the scripts complete ``kubesim kubectl`` in a real shell."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent


def _environment(tmp_path: Path) -> dict[str, str]:
    state = tmp_path / "state.json"
    env = {**os.environ, "KUBESIM_STATE": str(state), "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    for line in (["reset", "--seed", "1"], ["kubectl", "create", "deployment", "web-deployment", "--image=nginx"]):
        subprocess.run(["kubesim", *line], env=env, check=True, capture_output=True, timeout=120)
    return env


def _answers(shell: str, command: list[str], test: str, tmp_path: Path) -> list[str]:
    """Load ``kubesim kubectl completion <shell>`` into the shell ``command``, run ``test`` there: its lines."""
    env = _environment(tmp_path)
    script = tmp_path / f"completion.{shell}"
    done = subprocess.run(
        ["kubesim", "kubectl", "completion", shell], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    script.write_text(done.stdout)
    done = subprocess.run(
        [*command, test.replace("SCRIPT", str(script))],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@pytest.mark.skipif(shutil.which("bash") is None or not (BIN / "kubesim").exists(), reason="needs bash and kubesim")
def test_bash_completes_commands_types_and_names(tmp_path: Path) -> None:
    test = (
        "source SCRIPT\n"
        't() { COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; __kubesim_complete; echo "${COMPREPLY[*]}"; }\n'
        't "kubesim ku"\nt "kubesim kubectl ge"\nt "kubesim kubectl get po"\nt "kubesim kubectl get pods "\n'
        't "kubesim kubectl config set-"\n'
    )
    lines = _answers("bash", ["bash", "-c"], test, tmp_path)
    assert lines[:3] == ["kubectl", "get", "pods"]
    assert lines[3].startswith("web-deployment-") and lines[4] == "set-context"


@pytest.mark.skipif(shutil.which("zsh") is None or not (BIN / "kubesim").exists(), reason="needs zsh and kubesim")
def test_zsh_completes_commands_and_files(tmp_path: Path) -> None:
    test = (
        "compdef() { : }\nsource SCRIPT\n"
        'compadd() { shift; print -r -- "$*" }\n_files() { print files }\n'
        't() { words=(${=1}); [[ $1 == *" " ]] && words+=(""); CURRENT=${#words}; _kubesim }\n'
        't "kubesim kubectl ge"\nt "kubesim kubectl create "\nt "kubesim kubectl apply -f "\n'
    )
    assert _answers("zsh", ["zsh", "-f", "-c"], test, tmp_path) == [
        "get",
        "configmap cronjob deployment ingress job namespace secret service",
        "files",
    ]
