"""Fixtures of the kubectl command tests; the helpers live in kubectl_cmd_support.py."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from kubectl_cmd_support import write_files  # noqa: E402

from kubesim_nb import Cluster  # noqa: E402


@pytest.fixture
def cluster() -> Cluster:
    """A cluster whose clock moves 10 s before each command (Pods are Running by the next one)."""
    return Cluster(seed=1, think_time=10)


@pytest.fixture
def still() -> Cluster:
    """A cluster whose clock only moves with ``advance``: ``dumps()`` before/after a command compare."""
    return Cluster(seed=1, think_time=0)


@pytest.fixture
def files(tmp_path: Path):
    """``files({"web.yaml": text, ...})`` writes manifests into a temporary directory and returns it."""
    return lambda named: write_files(tmp_path, named)
