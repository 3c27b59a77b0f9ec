"""While ``kubesim serve`` runs, the ``kubesim`` command's ``kubectl``, ``advance`` and ``host`` act on the
served cluster instead of loading the state file.

This module owns both ends of that: the *record* the server writes next to the state file (its port, process
id, bearer token and certificate authority, as in its kubeconfig; mode 0600, removed when it stops), the
private endpoint that runs such a command under the server's lock (the server lets in only requests with the
token, :mod:`.auth`), and the client that sends a command's argv and stdin there, to that server only (its
certificate checked). A stale record (the process is gone, or nothing answers on the port) is ignored, and
the command uses the state file as usual.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shlex
import ssl
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from ..errors import ApiError
from .auth import write_private
from .rest import Response

__all__ = ["REMOTE_PATH", "Record", "forward", "read_record", "record_path", "run_remote"]

REMOTE_PATH = "/kubesim/v1/run"
COMMANDS = ("kubectl", "advance", "host")
FORWARD_TIMEOUT_SECONDS = 600


def record_path(state_path: Path) -> Path:
    return state_path.with_name(state_path.name + ".serve")


@dataclasses.dataclass(frozen=True)
class Record:
    """Where a running ``kubesim serve`` listens, the token it wants and the authority (PEM) of its certificate."""

    address: str
    port: int
    pid: int
    token: str
    authority: str

    def write(self, path: Path) -> None:
        write_private(path, json.dumps(dataclasses.asdict(self)))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def read_record(state_path: Path) -> Record | None:
    """The record of a server that is running for this state file, or None."""
    try:
        data = json.loads(record_path(state_path).read_text(encoding="utf-8"))
        record = Record(
            str(data["address"]), int(data["port"]), int(data["pid"]), str(data["token"]), str(data["authority"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return record if _alive(record.pid) else None


def forward(record: Record, command: str, args: list[str], stdin: str | None, cwd: str) -> dict | None:
    """Run a ``kubesim`` command on the served cluster: ``{"stdout", "stderr", "exit_code"}``, or None when
    the server does not answer (a stale record)."""
    payload = json.dumps({"command": command, "args": args, "stdin": stdin, "cwd": cwd}).encode()
    request = urllib.request.Request(
        f"https://{record.address}:{record.port}{REMOTE_PATH}",
        data=payload,
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {record.token}"},
    )
    try:
        context = ssl.create_default_context(cadata=record.authority)  # the token goes to that server only
        with urllib.request.urlopen(request, timeout=FORWARD_TIMEOUT_SECONDS, context=context) as answer:
            return json.loads(answer.read().decode("utf-8"))
    except (urllib.error.URLError, OSError, ValueError, ssl.SSLError):
        return None


def _run(cluster: Any, command: str, args: list[str], stdin: str | None, cwd: str | None) -> dict:
    from ..cluster_commands import advance
    from ..kubectl import run_kubectl

    if command == "kubectl":
        result = run_kubectl(cluster, args, stdin=stdin, cwd=cwd)
        return {"stdout": result.stdout, "stderr": result.stderr, "exit_code": result.exit_code}
    if command == "advance":
        try:
            return {"stdout": advance(cluster, args[0]) + "\n", "stderr": "", "exit_code": 0}
        except (ValueError, IndexError) as err:
            return {"stdout": "", "stderr": f"error: {err}\n", "exit_code": 2}
    shell_result = cluster.host_shell().run_line(shlex.join(args))
    return {"stdout": shell_result.stdout, "stderr": shell_result.stderr, "exit_code": shell_result.exit_code}


def run_remote(cluster: Any, lock: Any, body: bytes) -> Response:
    """The private endpoint: a ``kubesim`` command from another process (one that read the record's token),
    run under the cluster's lock."""
    try:
        payload = json.loads(body.decode("utf-8"))
        command, args = payload["command"], [str(a) for a in payload["args"]]
        stdin, cwd = payload.get("stdin"), payload.get("cwd")
    except (ValueError, KeyError, TypeError):
        raise ApiError.bad_request("a kubesim command is {command, args, stdin, cwd}") from None
    if command not in COMMANDS:
        raise ApiError.bad_request(f"unknown kubesim command {command!r}")
    with lock:
        return Response(body=_run(cluster, command, args, stdin, cwd))
