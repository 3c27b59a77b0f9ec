"""Shared fixtures: the lesson's manifests and fresh clusters."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kubesim_nb import Cluster

LESSON = Path(__file__).parent / "fixtures" / "lesson"


@pytest.fixture
def lesson_dir(tmp_path: Path) -> Path:
    """A working folder holding the lesson's manifest files."""
    for file in LESSON.iterdir():
        shutil.copy(file, tmp_path / file.name)
    return tmp_path


@pytest.fixture
def cluster() -> Cluster:
    return Cluster(seed=7)
