"""kubesim-nb: learn Kubernetes Services and networking on a simulated cluster.

``from kubesim_nb import Cluster`` gives an in-process cluster; ``%load_ext
kubesim_nb`` gives the ``%kubectl`` magics. Importing this package stays light:
no matplotlib, no ipywidgets (views load them when they are used).
"""

from .cluster import Cluster
from .errors import ApiError, KubeSimError, StateFileError, UsageError

__all__ = ["ApiError", "Cluster", "KubeSimError", "StateFileError", "UsageError", "load_ipython_extension"]
__version__ = "0.1.0"


def load_ipython_extension(ipython):  # pragma: no cover - exercised through IPython in tests
    from .magics import load_ipython_extension as load

    load(ipython)
