"""Shared fixtures (the lesson's manifests, fresh clusters), the hypothesis profile, and a check that the suite
leaves the checkout as it found it: a file a test writes or rewrites in the repository fails the run."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable, TypeVar

import pytest
from hypothesis import HealthCheck, settings

from kubesim_nb import Cluster

# CI machines are shared and slow: no property test may fail for taking its time
settings.register_profile(
    "kubesim", deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.load_profile("kubesim")

T = TypeVar("T")
LESSON = Path(__file__).parent / "fixtures" / "lesson"
ROOT = Path(__file__).resolve().parents[1]
CHECKOUT_BEFORE = pytest.StashKey[set[str]]()
LEFT_BEHIND = pytest.StashKey[list[str]]()


def checkout_changes() -> set[str] | None:
    """``git status --porcelain`` lines (changed and untracked files), or None outside a git checkout."""
    try:
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=all"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return set(status.stdout.splitlines()) if status.returncode == 0 else None


def pytest_sessionstart(session: pytest.Session) -> None:
    before = checkout_changes()
    if before is not None:
        session.config.stash[CHECKOUT_BEFORE] = before


def pytest_sessionfinish(session: pytest.Session) -> None:
    before = session.config.stash.get(CHECKOUT_BEFORE, None)
    after = checkout_changes() if before is not None else None
    left = sorted(after - before) if after is not None else []
    if left:  # screenshots, notebook outputs, %%writefile manifests: they belong in a temporary folder
        session.config.stash[LEFT_BEHIND] = left
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    left = config.stash.get(LEFT_BEHIND, [])
    if left:
        terminalreporter.section("files the tests left in the checkout", red=True)
        for line in left:
            terminalreporter.write_line(line)


@pytest.fixture
def lesson_dir(tmp_path: Path) -> Path:
    """A working folder holding the lesson's manifest files."""
    for file in LESSON.iterdir():
        shutil.copy(file, tmp_path / file.name)
    return tmp_path


@pytest.fixture
def cluster() -> Cluster:
    return Cluster(seed=7)


def count_calls(action: Callable[[], T]) -> tuple[T, int]:
    """What ``action`` returns, and how many Python functions it called: its work, whatever the machine's speed."""
    calls = 0

    def count(frame, event, arg) -> None:
        nonlocal calls
        if event == "call":
            calls += 1

    previous = sys.getprofile()
    sys.setprofile(count)
    try:
        result = action()
    finally:
        sys.setprofile(previous)
    return result, calls


@pytest.fixture
def counting_calls() -> Callable[[Callable[[], T]], tuple[T, int]]:
    """Work measured in Python calls rather than seconds, so a slow or busy machine cannot fail a test."""
    return count_calls
