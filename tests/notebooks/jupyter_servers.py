"""A Jupyter server started as a learner starts it, for the tests of what a learner sees: the file browser's root
(the contents API) and what a Terminal finds (a terminal typed into over jupyter_server_terminals' WebSocket)."""

from __future__ import annotations

import asyncio
import html
import json
import os
import re
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from tornado.websocket import websocket_connect

TOKEN = "kubesim-learner-view"
STARTUP_SECONDS = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def jupyter_server(command: list[str], cwd: Path, env: dict[str, str]) -> Iterator[str]:
    """Run ``command`` (``jupyter lab ...``, ``jupyter notebook ...``) on a free loopback port until the block ends;
    yields the server's base URL. Its terminals run a plain ``/bin/sh``, as when the server is started from one."""
    port = free_port()
    argv = [*command, f"--port={port}", "--ip=127.0.0.1", "--no-browser", f"--IdentityProvider.token={TOKEN}"]
    argv += ["--ServerApp.terminado_settings={'shell_command': ['/bin/sh']}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        argv.append("--allow-root")
    server = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=5)
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, f"{argv} did not start"
                time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def _get(url: str) -> dict:
    request = urllib.request.Request(url, headers={"Authorization": f"token {TOKEN}"})
    return json.loads(urllib.request.urlopen(request, timeout=30).read())


def lab_page_config(base: str) -> dict:
    """The page configuration JupyterLab's page at ``/lab`` carries (what its frontend starts from)."""
    request = urllib.request.Request(f"{base}/lab", headers={"Authorization": f"token {TOKEN}"})
    page = urllib.request.urlopen(request, timeout=60).read().decode()
    found = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page, re.DOTALL)
    return json.loads(html.unescape(found[1]))


def root_listing(base: str) -> set[str]:
    """The names the file browser shows at the server's root (the contents API hides hidden files, as it does)."""
    return {item["name"] for item in _get(f"{base}/api/contents")["content"]}


def has_file(base: str, path: str) -> bool:
    """Whether the contents API serves ``path`` (relative to the server's root)."""
    try:
        return _get(f"{base}/api/contents/{path}?content=0")["type"] != "directory"
    except OSError:
        return False


async def _type(base: str, line: str) -> str:
    request = urllib.request.Request(
        f"{base}/api/terminals", method="POST", headers={"Authorization": f"token {TOKEN}"}
    )
    name = json.loads(urllib.request.urlopen(request, timeout=30).read())["name"]
    websocket = base.replace("http://", "ws://", 1)
    terminal = await websocket_connect(f"{websocket}/terminals/websocket/{name}?token={TOKEN}")
    terminal.write_message(json.dumps(["stdin", f"{line}; echo END-OF-TEST\r"]))
    shown = ""
    while shown.count("END-OF-TEST") < 2:  # the echoed command line, then its output
        message = await asyncio.wait_for(terminal.read_message(), timeout=60)
        kind, *payload = json.loads(message)
        shown += payload[0] if kind == "stdout" else ""
    terminal.close()
    return shown


def type_in_a_terminal(base: str, line: str) -> str:
    """Open a Terminal as JupyterLab's *File → New → Terminal* does, type ``line``; what the terminal shows."""
    return asyncio.run(_type(base, line))
