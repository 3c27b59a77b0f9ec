"""``import kubesim_nb`` stays light: no plotting or widget libraries."""

import subprocess
import sys


def test_import_does_not_pull_in_views() -> None:
    code = ("import sys, kubesim_nb; from kubesim_nb import Cluster; Cluster().kubectl('get pods'); "
            "print(','.join(m for m in ('matplotlib', 'ipywidgets', 'networkx') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
