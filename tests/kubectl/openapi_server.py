"""A stand-in API server for the real kubectl: legacy discovery for the simulator's kinds, the OpenAPI v3 index
and documents of :mod:`kubesim_nb.api.openapi` and the OpenAPI v2 document of :mod:`kubesim_nb.api.gnostic`, on
127.0.0.1 (stdlib ``ThreadingHTTPServer``).

Enough for ``kubectl explain``, nothing more: every other path is a 404 ``Status``. It moves to ``tests/serve/``
(or gives way to ``kubesim serve`` itself) once the simulator's own API server exists.
"""

from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

from kubesim_nb.api import gnostic, openapi
from kubesim_nb.api.kinds import ALL_KINDS

__all__ = ["Served", "serving", "write_kubeconfig"]

VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
NOT_FOUND = {
    "kind": "Status",
    "apiVersion": "v1",
    "metadata": {},
    "status": "Failure",
    "message": "the server could not find the requested resource",
    "reason": "NotFound",
    "details": {},
    "code": 404,
}


def _discovery() -> dict[str, Any]:
    """Legacy discovery: /api, /apis and one APIResourceList per group-version."""
    by_group_version: dict[str, list[type]] = {}
    for kind in ALL_KINDS:
        by_group_version.setdefault(kind.API_VERSION, []).append(kind)
    groups = sorted({kind.GROUP for kind in ALL_KINDS if kind.GROUP})
    answers: dict[str, Any] = {
        "/api": {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": []},
        "/apis": {
            "kind": "APIGroupList",
            "apiVersion": "v1",
            "groups": [
                {
                    "name": group,
                    "versions": [{"groupVersion": f"{group}/v1", "version": "v1"}],
                    "preferredVersion": {"groupVersion": f"{group}/v1", "version": "v1"},
                }
                for group in groups
            ],
        },
    }
    for api_version, kinds in by_group_version.items():
        resources = [
            {
                "name": kind.RESOURCE,
                "singularName": kind.KIND.lower(),
                "namespaced": kind.NAMESPACED,
                "kind": kind.KIND,
                "verbs": VERBS,
                **({"shortNames": list(kind.SHORT_NAMES)} if kind.SHORT_NAMES else {}),
            }
            for kind in kinds
        ]
        answers["/" + openapi.group_version_path(api_version)] = {
            "kind": "APIResourceList",
            "apiVersion": "v1",
            "groupVersion": api_version,
            "resources": resources,
        }
    return answers


@dataclass
class Served:
    url: str
    requested: list[str] = field(default_factory=list)  # the paths asked for, in order


class _Handler(BaseHTTPRequestHandler):
    discovery: dict[str, Any] = {}
    served: Served

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        path = urlsplit(self.path).path
        self.served.requested.append(path)
        if path in self.discovery:
            self._send(200, json.dumps(self.discovery[path]).encode())
        elif path == "/openapi/v2":
            self._send(200, gnostic.swagger_protobuf(), gnostic.MEDIA_TYPE)
        elif path == "/openapi/v3":
            self._send(200, json.dumps(openapi.index()).encode())
        elif path.startswith("/openapi/v3/") and openapi.document_bytes(path.removeprefix("/openapi/v3/")):
            self._send(200, openapi.document_bytes(path.removeprefix("/openapi/v3/")) or b"")
        else:
            self._send(404, json.dumps(NOT_FOUND).encode())

    def _send(self, code: int, body: bytes, media_type: str = "application/json") -> None:
        self.send_response(code)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass


@contextmanager
def serving() -> Iterator[Served]:
    """Serve on a free port of the loopback for the duration of the block."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    _Handler.discovery = _discovery()
    _Handler.served = Served(f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield _Handler.served
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def write_kubeconfig(path: Path, server: str) -> Path:
    path.write_text(
        "apiVersion: v1\nkind: Config\n"
        f"clusters:\n- name: fixture\n  cluster:\n    server: {server}\n"
        "contexts:\n- name: fixture\n  context:\n    cluster: fixture\n    user: nobody\n"
        "current-context: fixture\nusers:\n- name: nobody\n  user:\n    token: kubesim-explain\n",
        encoding="utf-8",
    )
    return path
