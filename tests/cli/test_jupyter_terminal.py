"""JupyterLab's Terminal finds ``kubesim`` and the real ``kubectl`` when the server was started from the environment
without activating it (``kubesim_nb/terminal_env.py``, enabled by the ``jupyter_server_config.d`` file pip installs),
and that kubectl reaches the cluster ``kubesim serve`` serves."""

from __future__ import annotations

import json
import os
import sys
import sysconfig
from pathlib import Path
from typing import Iterator

import pytest

from kubesim_nb import Cluster
from kubesim_nb.serve.server import KubeServer
from kubesim_nb.terminal_env import with_scripts_first

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "notebooks"))
from jupyter_servers import jupyter_server, type_in_a_terminal  # noqa: E402

CONFIG = ROOT / "jupyter-config" / "jupyter_server_config.d" / "kubesim_nb.json"
SCRIPTS = sysconfig.get_path("scripts")


def test_pip_installs_the_config_that_enables_the_extension() -> None:
    declared = f'"etc/jupyter/jupyter_server_config.d" = ["{CONFIG.relative_to(ROOT).as_posix()}"]'
    assert declared in (ROOT / "pyproject.toml").read_text(encoding="utf-8").splitlines()
    assert json.loads(CONFIG.read_text(encoding="utf-8")) == {
        "ServerApp": {"jpserver_extensions": {"kubesim_nb.terminal_env": True}}
    }


def test_the_scripts_folder_goes_first_once() -> None:
    assert with_scripts_first(f"/usr/bin{os.pathsep}/env/bin{os.pathsep}/bin", "/env/bin") == (
        f"/env/bin{os.pathsep}/usr/bin{os.pathsep}/bin"
    )


@pytest.fixture(scope="module")
def unactivated_server(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """A Jupyter server started as ``.venv/bin/jupyter server``: the environment's ``bin`` is not on ``PATH``."""
    home = tmp_path_factory.mktemp("home")
    env = {
        "HOME": str(home),
        "PATH": os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if p != SCRIPTS),
        "SHELL": "/bin/sh",
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        # the file pip installs into the environment's etc/jupyter, read from the checkout
        "JUPYTER_CONFIG_PATH": str(CONFIG.parent.parent),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
    }
    with jupyter_server([sys.executable, "-m", "jupyter_server"], home, env) as base:
        yield base, home


def test_a_terminal_of_a_server_started_without_activation_finds_kubesim_and_kubectl(unactivated_server) -> None:
    base, _ = unactivated_server
    shown = type_in_a_terminal(base, "command -v kubesim; command -v kubectl")
    assert f"{SCRIPTS}/kubesim" in shown and f"{SCRIPTS}/kubectl" in shown


def test_the_real_kubectl_in_a_terminal_reaches_the_served_cluster(unactivated_server) -> None:
    """As in notebook 05's last part: ``%kubesim serve`` serves the notebook's cluster on a thread of the kernel and
    writes a kubeconfig; in the Terminal, ``export KUBECONFIG=...`` and the real kubectl act on that cluster."""
    base, home = unactivated_server
    cluster = Cluster(seed=5, think_time=0)
    cluster.kubectl("create deployment web --image=nginx:alpine --replicas=2")
    cluster.advance("30s")
    server = KubeServer(cluster, clock="manual").start()
    try:
        kubeconfig = server.write_kubeconfig(home / "kubeconfig")
        shown = type_in_a_terminal(base, f"export KUBECONFIG={kubeconfig}; kubectl get deployments")
    finally:
        server.stop()
    assert "web    2/2     2            2" in shown, shown
