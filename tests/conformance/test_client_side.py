"""kubesim's kubectl against the real kubectl v1.37.1, byte for byte, on commands kubectl answers without a server.

Each case of ``cases/*.yaml`` runs through both, each in a scratch folder of its own; stdout, stderr and the exit code
must be identical, and so must the files left in the folder (the kubeconfig ``kubectl config`` writes). A case on
the allow-list (``allow:`` with the reason) is skipped; keep that list under ten.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import Case, load_cases, run_both, run_real

CASES = load_cases()
ALLOWED = [c for c in CASES if c.allow]


def test_the_real_kubectl_is_the_pinned_one(kubectl_binary: Path, tmp_path: Path) -> None:
    outcome = run_real(kubectl_binary, Case("version", "version --client"), tmp_path)
    assert outcome.stdout.startswith("Client Version: v1.37.1\n"), outcome.stdout


def test_the_allow_list_stays_short() -> None:
    assert len(ALLOWED) < 10, [c.id for c in ALLOWED]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_same_output_as_the_real_kubectl(case: Case, kubectl_binary: Path, tmp_path: Path) -> None:
    if case.allow:
        pytest.skip(f"allow-listed: {case.allow}")
    real, ours = (outcome.normalised() for outcome in run_both(kubectl_binary, case, tmp_path / "case"))
    assert (ours.stdout, ours.stderr, ours.exit_code) == (real.stdout, real.stderr, real.exit_code)
    assert ours.files == real.files
