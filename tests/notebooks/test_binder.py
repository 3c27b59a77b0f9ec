"""Binder: a fresh environment built from exactly what binder/ declares runs every notebook.

repo2docker installs ``binder/requirements.txt`` from the repository root on the
Python that ``binder/runtime.txt`` names; this test does the same in a new
virtual environment (no packages from the test environment leak in) and
executes the notebooks with that environment's own kernel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).parent))
from assignment import answer_in_place  # noqa: E402

BINDER = ROOT / "binder"

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
