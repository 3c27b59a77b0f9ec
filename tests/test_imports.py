"""``import kubesim_nb`` stays light: no plotting or widget libraries, no grader."""

import subprocess
import sys

HEAVY = ("matplotlib", "ipywidgets", "networkx", "kubesim_nb.grader")


def test_import_does_not_pull_in_views() -> None:
    code = (
        "import sys, kubesim_nb; from kubesim_nb import Cluster; Cluster().kubectl('get pods'); "
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
