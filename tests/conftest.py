"""Shared fixtures: the lesson's manifests and fresh clusters."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from kubesim_nb import Cluster

# CI machines are shared and slow: no property test may fail for taking its time
settings.register_profile("kubesim", deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile("kubesim")

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
