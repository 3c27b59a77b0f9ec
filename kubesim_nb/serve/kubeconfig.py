"""The kubeconfig that points the real kubectl (and client libraries) at ``kubesim serve``.

One cluster, one user, one context, all named ``kubesim``; the server speaks plain HTTP on the loopback, so
the user has no credentials. It is written to its own file (default ``~/.kubesim/kubeconfig``), never to
``~/.kube/config``: a learner's real clusters stay untouched, and ``export KUBECONFIG=...`` selects it.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

__all__ = ["CONTEXT", "default_kubeconfig_path", "kubeconfig_text", "write_kubeconfig"]

CONTEXT = "kubesim"


def default_kubeconfig_path() -> Path:
    return Path.home() / ".kubesim" / "kubeconfig"


def kubeconfig_text(server_url: str) -> str:
    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": CONTEXT, "cluster": {"server": server_url}}],
        "contexts": [{"name": CONTEXT, "context": {"cluster": CONTEXT, "user": CONTEXT, "namespace": "default"}}],
        "current-context": CONTEXT,
        "users": [{"name": CONTEXT, "user": {}}],
        "preferences": {},
    }
    return yaml.safe_dump(config, sort_keys=False)


def write_kubeconfig(path: Path, server_url: str) -> Path:
    """Write the kubeconfig (mode 0600, replacing the file atomically); the path written."""
    path = Path(path).expanduser()
    if path.resolve() == (Path.home() / ".kube" / "config").resolve():
        raise ValueError(f"{path} is kubectl's own kubeconfig; kubesim serve writes a kubeconfig of its own")
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(kubeconfig_text(server_url))
    os.replace(temporary, path)
    return path
