"""The HTTP front door: a Kubernetes API endpoint for the simulated cluster, on a thread of its own.

This module owns the server's life (start on a free or given port, stop), the one lock every front end
takes to touch the cluster, the simulated clock's mode, and the HTTP plumbing: reading a request (bodies
over 3 MiB refused, as ``staging/src/k8s.io/apiserver/pkg/server/config.go`` ``MaxRequestBodyBytes``),
routing it to discovery, ``/version``, the OpenAPI documents (:mod:`.openapi`), the REST verbs (:mod:`.rest`)
or the private endpoint of the ``kubesim`` command (:mod:`.remote`), once the request is let in (:mod:`.auth`:
the bearer token of the server's kubeconfig), answering errors as ``metav1.Status``
and never with a traceback, ``Warning`` headers, and chunked streams flushed per event (watches, ``logs -f``).

It is the stdlib ``ThreadingHTTPServer`` (one thread per connection), never an event loop: a notebook cell
must be able to run ``subprocess.run(["kubectl", ...])`` while the kernel serves. It speaks HTTPS only: the
listening socket and TLS are :mod:`.tls`'s, which hands this module each connection's plain bytes.
"""

from __future__ import annotations

import contextlib
import ipaddress
import select
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..apiserver import discovery
from ..apiserver.documents import HEALTH_CHECKS, encode, get_document
from ..apiserver.paths import parse_path
from ..errors import ApiError
from .auth import UNAUTHORIZED, admitted, new_token
from .hostports import HostPorts
from .kubeconfig import write_kubeconfig
from .openapi import openapi_v2, openapi_v3
from .remote import REMOTE_PATH, run_remote
from .rest import Request, Response, RestHandler
from .routes import AGGREGATED_CONTENT_TYPE, Query, wants_aggregated
from .status import MAX_BODY_BYTES, not_found_path, status_body, too_large
from .streams import is_stream, serve_stream
from .tls import Certificates, TlsFront
from .watch import HISTORY, WatchHub

__all__ = ["CLOCKS", "LOOPBACK", "KubeServer", "is_loopback", "reachable_address"]

LOOPBACK = "127.0.0.1"
CLOCKS = ("wall", "manual")
TICK_SECONDS = 1.0  # the wall clock's step: simulated time catches up with real time once a second
# the Status reason of the stdlib's own refusals (anything else it refuses is a bad request)
STDLIB_REASONS = {404: "NotFound", 405: "MethodNotAllowed", 414: "RequestURITooLong", 501: "MethodNotAllowed"}


def reachable_address(address: str) -> str:
    """Where a process on this computer reaches a server bound to ``address`` (0.0.0.0 and :: listen on all)."""
    try:
        return LOOPBACK if ipaddress.ip_address(address).is_unspecified else address
    except ValueError:
        return address


def is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return address == "localhost"


class KubeServer:
    """One cluster served over HTTP. ``lock`` guards the cluster for every front end; ``clock`` is
    ``wall`` (simulated time follows real time) or ``manual`` (time moves only when told to); ``token`` is the
    bearer token every client must present (a new random one unless given); ``certificates`` are made anew.
    Raises OSError when it cannot listen on ``address:port``."""

    def __init__(
        self,
        cluster: Any,
        *,
        address: str = LOOPBACK,
        port: int = 0,
        clock: str = "wall",
        token: str = "",
        lock: threading.RLock | None = None,
        history: int = HISTORY,
    ):
        if clock not in CLOCKS:
            raise ValueError(f"clock must be one of {', '.join(CLOCKS)}")
        self.cluster = cluster
        self.lock = lock or threading.RLock()
        self.clock = clock
        self.token = token or new_token()
        self.hub = WatchHub(cluster.store, history)  # the changes a watch can resume from
        self.rest = RestHandler(cluster, self.lock, self.hub, manual_clock=clock == "manual")
        # Docker Desktop's localhost ports, on the real loopback
        self.hostports = HostPorts(cluster, self.lock, lambda: self.rest.settle_between_commands(""))
        self.certificates = Certificates.make([reachable_address(address), LOOPBACK, "localhost"])
        self.front = TlsFront(address, port, self.certificates.server_context())
        self.httpd = _HTTPServer(self.front.address, _Handler, bind_and_activate=False)  # fed by the front
        self.httpd.app = self
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()

    @property
    def address(self) -> str:
        return self.front.address[0]

    @property
    def port(self) -> int:
        return self.front.address[1]

    def write_kubeconfig(self, path: Path) -> Path:
        """A kubeconfig for this server at ``path`` (:mod:`.kubeconfig`): its URL, authority and token."""
        return write_kubeconfig(path, self.url, self.token, self.certificates.authority)

    @property
    def url(self) -> str:
        host = reachable_address(self.address)
        return f"https://{f'[{host}]' if ':' in host else host}:{self.port}"

    def start(self) -> "KubeServer":
        """Serve on a daemon thread (and, with the wall clock, let simulated time follow real time)."""
        self._spawn(lambda: self.front.run(self.httpd.process_request), "kubesim-serve")
        if self.clock == "wall":
            self._spawn(self._tick, "kubesim-clock")
        if self.cluster.profile.node_ports_on_localhost:
            self._spawn(self.hostports.run, "kubesim-hostports")
        return self

    def _spawn(self, target: Any, name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _tick(self) -> None:
        last = time.monotonic()
        while not self._stopping.wait(TICK_SECONDS):
            now = time.monotonic()
            with self.lock:
                self.cluster.advance(now - last)
            last = now

    def stop(self) -> None:
        """Stop serving: no new requests, open watches end, the threads are joined."""
        self._stopping.set()
        self.hostports.stop()
        self.front.stop()
        self.hub.close()
        self.httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    # ------------------------------------------------------------ routing
    def route(self, method: str, target: str, headers: Any, body: bytes) -> Response:
        path = urlsplit(target).path
        parts = [p for p in path.split("/") if p]
        query = Query.parse(target)
        self.rest.settle_between_commands(headers.get("Kubectl-Session") or "")
        if parts == REMOTE_PATH.strip("/").split("/") and method == "POST":
            return run_remote(self.cluster, self.lock, body)
        if method == "GET" and (parts == ["version"] or (len(parts) == 1 and parts[0] in HEALTH_CHECKS)):
            return self._document(target, headers)
        if method == "GET" and parts[:2] == ["openapi", "v3"]:
            return openapi_v3("/".join(parts[2:]), query)
        if method == "GET" and parts == ["openapi", "v2"]:
            return openapi_v2(headers.get("Accept") or "")
        api_path = parse_path(path)
        if api_path is None:
            raise not_found_path()
        if api_path.discovery:
            return self._discovery(method, target, api_path, headers)
        return self.rest.handle(Request(method, api_path, query, headers, body))

    def _discovery(self, method: str, target: str, api_path: Any, headers: Any) -> Response:
        if method != "GET":
            raise not_found_path()
        if not api_path.group_only and not api_path.version and wants_aggregated(headers.get("Accept") or ""):
            body = discovery.aggregated(core=api_path.prefix == "api")
            return Response(body=body, content_type=AGGREGATED_CONTENT_TYPE)
        return self._document(target, headers)

    def _document(self, target: str, headers: Any) -> Response:
        """A document the API server answers alike to any client (:mod:`kubesim_nb.apiserver.documents`)."""
        with self.lock:
            document = get_document(self.cluster.api, target, headers.get("Host") or f"{self.address}:{self.port}")
        return Response(body=document.body, content_type=document.content_type)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    app: KubeServer


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPServer
    server_version = "kubesim"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's signature
        """No access log on the terminal the server runs in."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The stdlib's own refusals (a malformed request line, an unknown method, headers too long) as a
        ``metav1.Status`` too, never an HTML page."""
        reason = STDLIB_REASONS.get(code, "BadRequest")
        error = ApiError(reason, message or reason, code=code)
        self.close_connection = True
        self.request_version = self.protocol_version  # an answer with a status line, even to HTTP/0.9 garbage
        with contextlib.suppress(OSError):
            self._send(Response(code=code, body=status_body(error)))

    def do_GET(self) -> None:
        self._serve()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = do_GET

    def _serve(self) -> None:
        app = self.server.app
        try:
            if not admitted(app.token, self.command, urlsplit(self.path).path, self.headers.get("Authorization") or ""):
                self.close_connection = True  # the body, if any, is left unread
                response = Response(code=401, body=UNAUTHORIZED)
            elif is_stream(self.path):  # pods/exec, attach, portforward: the connection is upgraded and kept
                serve_stream(self, app)
                return
            else:
                response = app.route(self.command, self.path, self.headers, self._read_body())
        except ApiError as err:
            response = Response(code=err.code, body=status_body(err, **self._details()))
        except Exception as err:  # a simulator bug answers a Status, never a traceback or a dead server
            internal = ApiError.internal(f"{type(err).__name__}: {err}")
            response = Response(code=500, body=status_body(internal))
        try:
            self._send(response)
        except (BrokenPipeError, ConnectionResetError, socket.timeout):
            self.close_connection = True

    def _details(self) -> dict[str, str]:
        """What a Status names: the resource and group of the request's path."""
        api_path = parse_path(urlsplit(self.path).path)
        if api_path is None or not api_path.resource:
            return {}
        return {"resource": api_path.resource, "group": api_path.group}

    def _read_body(self) -> bytes:
        length_text = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            return self._read_chunked()
        try:
            length = int(length_text or 0)
        except ValueError:
            self.close_connection = True
            raise ApiError.bad_request("invalid Content-Length") from None
        if length < 0:
            self.close_connection = True
            raise ApiError.bad_request("invalid Content-Length")
        if length > MAX_BODY_BYTES:
            self.close_connection = True
            raise too_large()
        return self.rfile.read(length) if length else b""

    def _read_chunked(self) -> bytes:
        body = bytearray()
        while True:
            line = self.rfile.readline(1024)
            try:
                size = int(line.split(b";")[0].strip() or b"0", 16)
            except ValueError:
                self.close_connection = True
                raise ApiError.bad_request("invalid chunked body") from None
            if size == 0:
                self.rfile.readline(1024)
                return bytes(body)
            body += self.rfile.read(size)
            self.rfile.readline(1024)
            if len(body) > MAX_BODY_BYTES:
                self.close_connection = True
                raise too_large()

    def _headers(self, response: Response) -> None:
        self.send_response(response.code)
        headers = {"Content-Type": response.content_type, "Cache-Control": "no-cache, private", **response.headers}
        for name, value in headers.items():
            self.send_header(name, value)
        for warning in response.warnings:
            self.send_header("Warning", f'299 - "{_quoted(warning)}"')

    def _send(self, response: Response) -> None:
        if response.stream is not None:
            self._headers(response)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            self.wfile.flush()
            try:
                response.stream(self._write_chunk, self._connected)
            except (BrokenPipeError, ConnectionResetError, socket.timeout):
                raise
            except Exception:  # a simulator bug mid-stream ends the stream; the headers are already sent
                self.close_connection = True
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
            return
        payload = encode(response.body)
        self._headers(response)
        self.send_header("Content-Length", str(len(payload)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)
        self.wfile.flush()

    def _write_chunk(self, data: bytes) -> None:
        if data:
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()

    def _connected(self) -> bool:
        """The client is still there (a readable socket with nothing to read has been closed)."""
        if self.server.app.stopping:
            return False
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            if readable:
                return bool(self.connection.recv(1, socket.MSG_PEEK))
        except (OSError, ValueError):
            return False
        return True


def _quoted(text: str) -> str:
    """A warning's text inside the header's double quotes (RFC 7234: backslash-escaped)."""
    return text.replace("\\", "\\\\").replace('"', '\\"')
