"""A Jupyter server extension: JupyterLab's Terminal finds ``kubesim`` even when the environment was not activated.

A terminal in JupyterLab runs a shell with the Jupyter server's own environment
(terminado's ``TermManager.make_term_env`` copies ``os.environ``). Started as
``.venv/bin/jupyter lab`` without ``source .venv/bin/activate``, that environment's
``PATH`` does not contain ``.venv/bin``, so ``kubesim`` is "command not found". On
loading, this extension puts the scripts folder of the Python that runs the server
(``sysconfig``'s ``scripts`` path: the environment's ``bin``) first on the server's
``PATH``, which every terminal (and kernel) started afterwards inherits.

pip installs ``etc/jupyter/jupyter_server_config.d/kubesim_nb.json`` into the
environment, which enables the extension (``ServerApp.jpserver_extensions``), as
JupyterLab enables its own; see jupyter_server's ``extension/manager.py`` for the
two entry points below.
"""

from __future__ import annotations

import os
import sysconfig
from typing import Any

__all__ = ["with_scripts_first"]


def with_scripts_first(path: str, scripts: str) -> str:
    """``PATH`` with ``scripts`` at its front (once)."""
    rest = [entry for entry in path.split(os.pathsep) if entry and entry != scripts]
    return os.pathsep.join([scripts, *rest])


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "kubesim_nb.terminal_env"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    scripts = sysconfig.get_path("scripts")
    os.environ["PATH"] = with_scripts_first(os.environ.get("PATH", ""), scripts)
    serverapp.log.info("kubesim: terminals find kubesim in %s", scripts)
