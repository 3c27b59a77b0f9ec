"""From a wheel install, outside the repository: the instructor's course folder, release to export (issue 16, §1).

The wheel is built from the checkout (``pip wheel --no-deps --no-build-isolation``: offline) and installed, without
its dependencies, into a fresh virtual environment that reads this environment's packages beneath its own (a ``.pth``
line: the editable install of the checkout is not seen there; ``JUPYTER_PATH`` names this environment's Jupyter data,
nbconvert's templates). From a folder outside the repository,
``kubesim-course init`` makes the course folder, and the README's steps run there with that environment's Python:
``generate_assignment``, ``autograde`` of two learners, ``generate_feedback`` and ``export``.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from grader_course import Notebook, run_limited, solution_answers

ROOT = Path(__file__).resolve().parents[2]


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    done = run_limited(command, cwd, env)
    assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"  # what the wheel is built from, copied: setuptools writes build/ beside it
    for name in ("pyproject.toml", "README.md"):
        source.mkdir(exist_ok=True)
        shutil.copy(ROOT / name, source / name)
    for folder in ("kubesim_nb", "jupyter-config"):  # the package and the data files pyproject.toml installs
        shutil.copytree(ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    env = dict(os.environ, PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
    _run([*pip_wheel, "-w", str(tmp / "dist"), str(source)], tmp, env)
    (wheel,) = (tmp / "dist").glob("kubesim_nb-*.whl")
    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], tmp)
    python = venv / "bin" / "python"
    _run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], tmp, env)
    purelib = Path(
        _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp).stdout.strip()
    )
    (purelib / "kubesim-test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    home = tmp / "home"  # the instructor's folder, outside the repository
    home.mkdir()
    path = os.pathsep.join([str(venv / "bin"), os.path.dirname(sys.executable), os.environ.get("PATH", "")])
    data = os.path.join(sys.prefix, "share", "jupyter")  # nbconvert's templates, installed with this environment
    env = dict(os.environ, PATH=path, HOME=str(home), JUPYTER_PATH=data)
    return {"python": python, "venv": venv, "home": home, "env": env}


@pytest.fixture(scope="module")
def course(installed) -> dict:
    home, env, python = installed["home"], installed["env"], str(installed["python"])
    where = _run([python, "-c", "import kubesim_nb; print(kubesim_nb.__file__)"], home, env).stdout
    init = _run([str(installed["venv"] / "bin" / "kubesim-course"), "init", "kubesim-course"], home, env)
    folder = home / "kubesim-course"
    nbgrader = [python, "-m", "nbgrader"]
    _run([*nbgrader, "generate_assignment", "try-with-ai"], folder, env)
    release = Notebook(folder / "release" / "try-with-ai" / "try-with-ai.ipynb")
    release.copy().answers(solution_answers()).submit(folder, "ada")
    release.copy().submit(folder, "bob")
    _run([*nbgrader, "autograde", "try-with-ai"], folder, env)
    _run([*nbgrader, "generate_feedback", "try-with-ai"], folder, env)
    _run([*nbgrader, "export", "--to", "grades.csv"], folder, env)
    return {
        "where": where,
        "init": init.stdout,
        "folder": folder,
        "rows": {r["student_id"]: r for r in csv.DictReader((folder / "grades.csv").open())},
    }


def test_the_course_runs_on_the_wheel_not_the_checkout(installed, course):
    assert course["where"].startswith(str(installed["venv"])), course["where"]
    assert not str(course["folder"]).startswith(str(ROOT))


def test_init_prints_the_next_steps(course):
    assert f"cd {course['folder']}" in course["init"] and "generate_assignment try-with-ai" in course["init"]


def test_release_autograde_feedback_and_export_in_the_course_folder(course):
    rows = course["rows"]
    assert (
        float(rows["ada"]["part1"]) == 10.0 and float(rows["ada"]["dns"]) == 5.0 and rows["ada"]["status"] == "graded"
    )
    assert float(rows["bob"]["score"]) == 0.0 and float(rows["bob"]["max_part4"]) == 10.0
    for student in ("ada", "bob"):
        assert (course["folder"] / "feedback" / student / "try-with-ai" / "try-with-ai.html").is_file()
    assert sorted(p.name for p in (course["folder"] / "release" / "try-with-ai").iterdir()) == ["try-with-ai.ipynb"]
