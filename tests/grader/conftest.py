"""Fixtures for the grader tests: one temporary nbgrader course per session (generate_assignment once)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(
    0, str(Path(__file__).parent)
)  # grader_course, grader_examples (tests run with --import-mode=importlib)

from grader_course import make_course  # noqa: E402


@pytest.fixture(scope="session")
def course(tmp_path_factory) -> Path:
    """A course root with the assignment generated into release/ (shared: tests copy it before changing it)."""
    return make_course(tmp_path_factory.mktemp("course"))
