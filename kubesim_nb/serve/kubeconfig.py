"""The kubeconfig that points the real kubectl (and client libraries) at ``kubesim serve``.

One cluster, one user, one context, all named ``kubesim``: the cluster's server URL (``https://``) and the
authority that signed its certificate (:mod:`.tls`), the user's credential the server's bearer token
(:mod:`.auth`), which is written nowhere else: the file is the learner's alone (mode 0600). It is its own
file (default ``~/.kubesim/kubeconfig``), never ``~/.kube/config``: a learner's real clusters stay
untouched, and ``export KUBECONFIG=...`` selects it.
"""

from __future__ import annotations

import base64
from pathlib import Path

import yaml

from .auth import write_private

__all__ = ["CONTEXT", "default_kubeconfig_path", "kubeconfig_text", "write_kubeconfig"]

CONTEXT = "kubesim"


def default_kubeconfig_path() -> Path:
    return Path.home() / ".kubesim" / "kubeconfig"


def kubeconfig_text(server_url: str, token: str, authority: bytes) -> str:
    """``authority``: the PEM of the certificate authority the server's certificate is signed by."""
    cluster = {"certificate-authority-data": base64.b64encode(authority).decode("ascii"), "server": server_url}
    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": CONTEXT, "cluster": cluster}],
        "contexts": [{"name": CONTEXT, "context": {"cluster": CONTEXT, "user": CONTEXT, "namespace": "default"}}],
        "current-context": CONTEXT,
        "users": [{"name": CONTEXT, "user": {"token": token}}],
        "preferences": {},
    }
    return yaml.safe_dump(config, sort_keys=False)


def write_kubeconfig(path: Path, server_url: str, token: str, authority: bytes) -> Path:
    """Write the kubeconfig (mode 0600 from the start, replacing the file atomically); the path written."""
    path = Path(path).expanduser()
    if path.resolve() == (Path.home() / ".kube" / "config").resolve():
        raise ValueError(f"{path} is kubectl's own kubeconfig; kubesim serve writes a kubeconfig of its own")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_private(path, kubeconfig_text(server_url, token, authority))
    return path
