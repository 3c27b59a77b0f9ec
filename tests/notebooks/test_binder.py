"""Binder and the course command: the learner gets the course, a working environment, and no instructor material.

repo2docker installs ``binder/requirements.txt`` from the repository root on the
Python that ``binder/runtime.txt`` names, then runs ``binder/postBuild`` in the
repository's copy that becomes the learner's home and JupyterLab's root. These
tests render the Dockerfile repo2docker would build (no Docker needed), run
``postBuild`` on a copy of the repository and start the server as the image's
command does; they start the README's course command the same way; and they build
a fresh environment from ``binder/requirements.txt`` (no packages from the test
environment leak in), execute the notebooks with its own kernel, and open a
Terminal of its JupyterLab.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).parent))
from assignment import answer_in_place  # noqa: E402
from jupyter_servers import has_file, jupyter_server, lab_page_config, root_listing, type_in_a_terminal  # noqa: E402

BINDER = ROOT / "binder"
COURSE = {path.name for path in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")}
README = (ROOT / "README.md").read_text(encoding="utf-8")
BADGE = re.compile(r"https://mybinder\.org/v2/gh/[\w.-]+/[\w.-]+/\w+\?urlpath=lab/tree/([\w./-]+)\)")
# what the checkout holds that is not the repository (.gitignore's entries): repo2docker's copy has none of it
NOT_THE_REPOSITORY = shutil.ignore_patterns(".git", ".venv", "__pycache__", "*.egg-info", ".*_cache", ".hypothesis")

RUNNER = r"""
import sys, nbformat
from pathlib import Path
from nbclient import NotebookClient
failed = []
for path in sorted(Path(sys.argv[1]).glob("[0-9][0-9]-*.ipynb")):
    nb = nbformat.read(path, as_version=4)
    try:
        NotebookClient(
            nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        ).execute()
    except Exception as err:
        failed.append(f"{path.name}: {err}")
    print("ran", path.name, flush=True)
print("FAILED" if failed else "ALL OK", *failed, sep="\n")
"""


def test_binder_declares_python_and_the_package() -> None:
    assert (BINDER / "runtime.txt").read_text().strip() == "python-3.11"
    requirements = [
        line.strip()
        for line in (BINDER / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert requirements == [".[course]"]


def jupyter_env(home: Path, path: str) -> dict[str, str]:
    """A learner's environment: their own home and Jupyter folders, and ``path`` as ``PATH``."""
    return {
        "HOME": str(home),
        "PATH": path,
        "SHELL": "/bin/sh",
        "JUPYTER_CONFIG_DIR": str(home / ".jupyter"),
        "JUPYTER_RUNTIME_DIR": str(home / ".runtime"),
        "JUPYTER_PLATFORM_DIRS": "1",
    }


@pytest.fixture(scope="module")
def dockerfile() -> str:
    """The Dockerfile repo2docker would build for this repository (``--no-build``: rendered, not built)."""
    render = subprocess.run(
        [sys.executable, "-m", "repo2docker", "--no-build", "--user-id=1000", "--user-name=jovyan", str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert render.returncode == 0, render.stderr[-2000:]
    return render.stdout


def image_command(dockerfile: str) -> list[str]:
    """The command the image runs (the Dockerfile's last ``CMD``, in its JSON form)."""
    return json.loads([line for line in dockerfile.splitlines() if line.startswith("CMD ")][-1].removeprefix("CMD "))


def test_repo2docker_runs_post_build_in_the_learners_home_after_installing_the_course(dockerfile: str) -> None:
    lines = dockerfile.splitlines()
    install = lines.index('RUN ${KERNEL_PYTHON_PREFIX}/bin/pip install --no-cache-dir -r "binder/requirements.txt"')
    post_build = lines.index("RUN ./binder/postBuild")
    assert install < post_build and [line for line in lines[:post_build] if line.startswith("USER ")][-1] == (
        "USER ${NB_USER}"
    )
    assert "ARG REPO_DIR=${HOME}" in lines and "WORKDIR ${REPO_DIR}" in lines  # the repository's copy is the home
    assert "COPY --chown=1000:1000 src/ ${REPO_DIR}/" in lines  # the learner owns it: postBuild may remove things
    assert "R2D_ENTRYPOINT" not in dockerfile  # no binder/start: the server starts in the working directory
    assert image_command(dockerfile) == ["jupyter", "notebook", "--ip", "0.0.0.0"]


def test_on_binder_the_learner_sees_the_course_and_nothing_else(dockerfile: str, tmp_path: Path) -> None:
    """``postBuild`` on a copy of the repository, then the image's command: the root lists the notebooks only, the
    badge's notebook is there, and the home's own dotfiles stay."""
    home = tmp_path / "jovyan"
    shutil.copytree(ROOT, home, ignore=NOT_THE_REPOSITORY)
    for hidden in (".git", ".bashrc", ".profile"):  # a clone's history, and what useradd put in the home
        (home / hidden).write_text("")
    assert {"autograder", "kubesim_nb", "tests"} <= {p.name for p in home.iterdir()}
    subprocess.run(["bash", "binder/postBuild"], cwd=home, check=True, timeout=60)
    assert {p.name for p in home.iterdir()} == COURSE | {".bashrc", ".profile", ".jupyter"}
    command = image_command(dockerfile)[:2]  # jupyter notebook (on 127.0.0.1 here)
    with jupyter_server([sys.executable, "-m", *command], home, jupyter_env(home, os.environ["PATH"])) as base:
        assert root_listing(base) == COURSE
        assert has_file(base, BADGE.search(README)[1])
        assert lab_page_config(base)["news"] == {"disabled": True}  # no question about JupyterLab's news


def test_the_course_command_shows_the_course_and_nothing_else(tmp_path: Path) -> None:
    """The README's course command (its ``jupyter lab`` part) started in the checkout: its root is ``notebooks/``, and
    it opens the notebook the Binder badge opens."""
    course_line = next(line for line in README.splitlines() if '".[course]"' in line and "jupyter lab" in line)
    arguments = shlex.split(course_line.split("jupyter lab", 1)[1])
    assert "--ServerApp.root_dir=notebooks" in arguments
    env = jupyter_env(tmp_path, os.environ["PATH"])
    with jupyter_server([sys.executable, "-m", "jupyter", "lab", *arguments], ROOT, env) as base:
        listing = root_listing(base)
        assert lab_page_config(base)["news"] == {"disabled": True}  # no question about JupyterLab's news
        # the page the browser is sent to, as the badge's: JupyterLab opens the same notebook on both
        opened = next((tmp_path / ".runtime").glob("jpserver-file-to-run-*-open.html")).read_text(encoding="utf-8")
    assert f"/lab/tree/{BADGE.search(README)[1]}" in opened
    # the notebooks folder (in a clean checkout, the course alone; a learner's %%writefile manifests if run in place)
    assert listing == {p.name for p in (ROOT / "notebooks").iterdir() if not p.name.startswith(".")}
    assert COURSE <= listing


def test_fresh_binder_environment_runs_every_notebook(tmp_path: Path) -> None:
    venv = tmp_path / "binder-env"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "-r", str(BINDER / "requirements.txt")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert install.returncode == 0, install.stderr[-2000:]
    built = time.perf_counter() - start
    size = sum(f.stat().st_size for f in venv.rglob("*") if f.is_file() and not f.is_symlink())
    print(f"\nbinder-equivalent environment: built in {built:.0f} s, {size / 1e6:.0f} MB")
    work = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", work)
    answer_in_place(work)
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("PYTHONPATH", None)
    run = subprocess.run(
        [str(python), "-c", RUNNER, str(work)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=1800
    )
    assert "ALL OK" in run.stdout, run.stdout[-3000:] + run.stderr[-3000:]
    assert_terminals_find_kubesim_and_kubectl(venv, tmp_path / "learner")


def assert_terminals_find_kubesim_and_kubectl(venv: Path, home: Path) -> None:
    """From a regular (non-editable) install, the environment's JupyterLab started without activating the
    environment gives its Terminal ``kubesim`` and the real ``kubectl`` (``kubesim_nb/terminal_env.py``, switched on
    by the file pip put in the environment's ``etc/jupyter``)."""
    assert (venv / "etc" / "jupyter" / "jupyter_server_config.d" / "kubesim_nb.json").is_file()
    home.mkdir()
    path = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if Path(p) != venv / "bin")
    with jupyter_server([str(venv / "bin" / "jupyter"), "lab"], home, jupyter_env(home, path)) as base:
        shown = type_in_a_terminal(base, "command -v kubesim; command -v kubectl; kubectl version --client")
    assert f"{venv}/bin/kubesim" in shown and f"{venv}/bin/kubectl" in shown
    assert "Client Version: v1.37.1" in shown
