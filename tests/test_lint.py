"""Lint is part of the test command: ``ruff check`` and ``ruff format --check`` must report nothing.

The rules live in ``pyproject.toml`` (``[tool.ruff]``); ``ruff format .`` fixes formatting, ``ruff check --fix .``
most of the rest.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["check", "format"])
def test_ruff_reports_nothing(command: list[str]) -> None:
    # --no-cache: a test run leaves the checkout as it found it (no .ruff_cache)
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command, "--no-cache", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, f"ruff {' '.join(command)} failed:\n{result.stdout}{result.stderr}"
