"""``kubesim kubectl get -w`` on a terminal: it keeps watching in step with real time, shows what a ``kubesim``
command in another terminal changes, and ends quietly with 130 on Ctrl-C, the state saved."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
pty = pytest.importorskip("pty")


def _read_until(fd: int, wanted, seconds: float = 60.0) -> str:
    """What the terminal shows, once ``wanted(text)`` holds (or the time is up)."""
    text, deadline = "", time.monotonic() + seconds
    while not wanted(text) and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                text += os.read(fd, 4096).decode()
            except OSError:  # the other end closed
                break
    return text


@pytest.mark.skipif(not (BIN / "kubesim").exists(), reason="needs the kubesim command")
def test_get_watch_runs_until_ctrl_c_and_sees_other_terminals(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "KUBESIM_STATE": str(tmp_path / "state.json"),
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
    }

    def kubesim(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["kubesim", *args], env=env, capture_output=True, text=True, timeout=120)

    assert kubesim("kubectl", "create", "deployment", "web", "--image=nginx:alpine").returncode == 0
    terminal, window = pty.openpty()
    watcher = subprocess.Popen(
        ["kubesim", "kubectl", "get", "pods", "-w"], stdin=window, stdout=window, stderr=window, env=env
    )
    os.close(window)
    try:
        shown = _read_until(terminal, lambda text: text.count("web-") >= 1)
        assert "NAME" in shown and "Running" in shown, shown
        time.sleep(1.5)
        assert watcher.poll() is None  # still watching
        scaled = kubesim("kubectl", "scale", "deployment", "web", "--replicas=2")  # another terminal, meanwhile
        assert scaled.returncode == 0, scaled.stderr
        names = {line.split()[0] for line in shown.splitlines() if line.startswith("web-")}
        shown += _read_until(
            terminal, lambda text: len({w.split()[0] for w in text.splitlines() if w.startswith("web-")} - names)
        )
        assert len({line.split()[0] for line in shown.splitlines() if line.startswith("web-")}) == 2, shown
        watcher.send_signal(signal.SIGINT)  # Ctrl-C
        assert watcher.wait(timeout=60) == 130
        shown += _read_until(terminal, lambda text: False, seconds=0.5)
        assert "Traceback" not in shown and "KeyboardInterrupt" not in shown
    finally:
        if watcher.poll() is None:
            watcher.kill()
        os.close(terminal)
    pods = kubesim("kubectl", "get", "pods", "-o", "name")
    assert len(pods.stdout.splitlines()) == 2  # the scale survived the watcher's saves
