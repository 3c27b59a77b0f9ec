"""Fixtures for the course tests: the grader tests' helpers (a course, learner notebooks, nbgrader under limits)
and ``course_edits`` (tests run with --import-mode=importlib, so their folders go on ``sys.path`` here)."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "grader")]
