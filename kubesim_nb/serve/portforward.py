"""``pods/portforward``: SPDY streams from the real kubectl into the simulated servers of a Pod.

This module owns the kubelet's side of port forwarding (``staging/src/k8s.io/kubelet/pkg/cri/streaming/
portforward/httpstream.go``), reached as kubectl 1.37 reaches it: SPDY/3.1 carried in WebSocket binary
messages (subprotocol ``SPDY/3.1+portforward.k8s.io``, the API server's tunnel of
``staging/src/k8s.io/client-go/tools/portforward/tunneling_connection.go``) or, with
``KUBECTL_PORT_FORWARD_WEBSOCKETS=false``, plain SPDY after ``Upgrade: SPDY/3.1``.

For each local connection kubectl opens two streams with the same ``requestid``: ``streamtype=error`` and
``streamtype=data``, both naming the Pod ``port``. Each gets a SYN_REPLY; once both are there the data
stream is bridged (:mod:`.httpbridge`) to the container that listens on the port, the same listener a
``curl`` inside the cluster reaches. Nothing listening: the error stream carries the container runtime's
words and both streams close, which kubectl prints and then stops (``lost connection to pod``). PING is
answered, RST_STREAM forgets a stream, GOAWAY ends the session, WINDOW_UPDATE and SETTINGS pass (see
:mod:`.spdy`).
"""

from __future__ import annotations

import hashlib
import json
import select
import socket
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Protocol

from ..api.core import Pod
from ..errors import ApiError
from ..images import HttpRequest, HttpResponse
from ..network.listeners import pod_listener
from . import spdy
from .httpbridge import HttpBridge
from .websocket import POLL_SECONDS, READ_SIZE, WebSocket

__all__ = ["PROTOCOL", "WEBSOCKET_PROTOCOL", "PodPorts", "PortForwardSession", "SocketPipe", "WebSocketPipe"]

PROTOCOL = "portforward.k8s.io"
WEBSOCKET_PROTOCOL = "SPDY/3.1+portforward.k8s.io"


class Pipe(Protocol):
    """The byte stream the SPDY frames travel in."""

    def receive(self) -> bytes | None: ...

    def send(self, data: bytes) -> None: ...

    def close(self) -> None: ...


class WebSocketPipe:
    """SPDY inside WebSocket binary messages: the messages are one byte stream (kubectl cuts a frame into
    several messages)."""

    def __init__(self, websocket: WebSocket):
        self.websocket = websocket

    def receive(self) -> bytes | None:
        piece = self.websocket.receive()
        return None if piece is None else piece.data

    def send(self, data: bytes) -> None:
        self.websocket.send(data)

    def close(self) -> None:
        self.websocket.close()


class SocketPipe:
    """Plain SPDY on the upgraded connection."""

    def __init__(self, sock: socket.socket, stopping: Callable[[], bool]):
        self.sock = sock
        self.stopping = stopping
        self.lock = threading.Lock()

    def receive(self) -> bytes | None:
        while not self.stopping():
            try:
                readable, _, _ = select.select([self.sock], [], [], POLL_SECONDS)
                if readable:
                    return self.sock.recv(READ_SIZE) or None
            except (OSError, ValueError):
                return None
        return None

    def send(self, data: bytes) -> None:
        with self.lock:
            try:
                self.sock.sendall(data)
            except OSError:
                pass

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass


@dataclass(frozen=True)
class PodPorts:
    """The Pod a port-forward reaches, as it was when the forward started (a new Pod of the same name is
    another Pod)."""

    cluster: Any
    lock: Any
    namespace: str
    name: str
    uid: str

    def answer(self, port: int) -> Callable[[HttpRequest], HttpResponse | None] | None:
        """Who answers on ``port`` in the Pod now; None when nothing listens there."""
        with self.lock:
            pod = self._pod()
            listener = pod_listener(self.cluster, pod, port) if pod is not None else None
        if listener is None:
            return None

        def answer(request: HttpRequest) -> HttpResponse | None:
            with self.lock:
                return listener.serve(request)

        return answer

    def _pod(self) -> Pod | None:
        pod = self.cluster.api.find(Pod, self.namespace, self.name)
        if pod is None or pod.metadata.uid != self.uid or pod.status.phase != "Running":
            return None
        return pod

    def refused(self, port: int) -> str:
        """The kubelet's error for a port nothing listens on, in the words of the node's container runtime."""
        sandbox = hashlib.sha256(f"sandbox|{self.uid}".encode()).hexdigest()
        with self.lock:
            runtime = self.cluster.profile.container_runtime
            now = datetime.fromtimestamp(self.cluster.clock.seconds(), tz=timezone.utc)
        if runtime.startswith("docker"):  # cri-dockerd runs socat in the Pod's network namespace
            pid = int(sandbox[:4], 16) % 30000 + 1000
            cause = (
                f"exit status 1: {now:%Y/%m/%d %H:%M:%S} socat[{pid}] E connect(5, AF=2 127.0.0.1:{port}, 16): "
                "Connection refused\n"
            )
        else:
            netns = uuid.UUID(hex=sandbox[:32])
            cause = (
                f'failed to execute portforward in network namespace "/var/run/netns/cni-{netns}": failed to connect '
                f'to localhost:{port} inside namespace "{sandbox}", IPv4: dial tcp4 127.0.0.1:{port}: connect: '
                f"connection refused IPv6 dial tcp6 [::1]:{port}: connect: connection refused "
            )
        message = f"error forwarding port {port} to pod {sandbox}, uid : {cause}"
        return json.dumps({"closeConnection": True, "message": message}, separators=(",", ":")) + "\n"


@dataclass
class StreamPair:
    """The error and data streams of one local connection (``requestid``)."""

    port: int
    error: int = 0  # stream ids; 0 until the stream is there
    data: int = 0
    bridge: HttpBridge | None = None
    closed: bool = False


@dataclass
class PortForwardSession:
    """One port-forward connection: SPDY frames in, frames out, until the client or the server ends it."""

    pipe: Any
    pod: PodPorts
    reader: spdy.FrameReader = field(default_factory=spdy.FrameReader)
    writer: spdy.FrameWriter = field(default_factory=spdy.FrameWriter)
    pairs: dict[str, StreamPair] = field(default_factory=dict)
    streams: dict[int, str] = field(default_factory=dict)  # stream id -> request id
    ended: bool = False

    def run(self) -> None:
        try:
            while not self.ended:
                data = self.pipe.receive()
                if data is None:
                    break
                for frame in self.reader.feed(data):
                    if not self.ended:
                        self.handle(frame)
        except spdy.SpdyError:
            self.pipe.send(self.writer.goaway(max(self.streams, default=0), spdy.GOAWAY_PROTOCOL_ERROR))
        except Exception:  # a simulator bug ends this forward (kubectl: "lost connection to pod"), not the server
            self.pipe.send(self.writer.goaway(max(self.streams, default=0), spdy.GOAWAY_INTERNAL_ERROR))
        finally:
            self.pipe.close()

    def handle(self, frame: spdy.Frame) -> None:
        if isinstance(frame, spdy.SynStream):
            self.opened(frame)
        elif isinstance(frame, spdy.Data):
            self.received(frame)
        elif isinstance(frame, spdy.RstStream):
            self.forget(frame.stream_id)
        elif isinstance(frame, spdy.Ping):
            self.pipe.send(self.writer.ping(frame.id))
        elif isinstance(frame, spdy.GoAway):
            self.ended = True

    # ------------------------------------------------------------ streams
    def opened(self, frame: spdy.SynStream) -> None:
        port_text, kind = frame.header("port"), frame.header("streamtype")
        if not port_text.isdigit() or not 0 < int(port_text) < 65536 or kind not in ("error", "data"):
            self.pipe.send(self.writer.rst_stream(frame.stream_id, spdy.CANCEL))  # httpStreamReceived refuses it
            return
        self.pipe.send(self.writer.syn_reply(frame.stream_id))
        request_id = frame.header("requestid") or str(frame.stream_id - (2 if kind == "data" else 0))
        pair = self.pairs.setdefault(request_id, StreamPair(int(port_text)))
        if getattr(pair, kind):
            self.pipe.send(self.writer.rst_stream(frame.stream_id, spdy.PROTOCOL_ERROR))
            return
        setattr(pair, kind, frame.stream_id)
        self.streams[frame.stream_id] = request_id
        if pair.error and pair.data:
            self.connect(pair)

    def connect(self, pair: StreamPair) -> None:
        answer = self.pod.answer(pair.port)
        if answer is None:
            self.pipe.send(self.writer.data(pair.error, self.pod.refused(pair.port).encode()))
            self.close(pair)
            return
        pair.bridge = HttpBridge(answer, pair.port)

    def received(self, frame: spdy.Data) -> None:
        pair = self.pairs.get(self.streams.get(frame.stream_id, ""))
        if pair is None or frame.stream_id != pair.data or pair.bridge is None or pair.closed:
            return  # the error stream's half-close, or data for a stream already done
        reply = pair.bridge.receive(frame.data)
        if not reply.close and frame.fin:
            reply = pair.bridge.receive(b"")
        if reply.data:
            self.pipe.send(self.writer.data(pair.data, reply.data))
        if reply.close:
            self.close(pair)

    def close(self, pair: StreamPair) -> None:
        """The container's side of the connection is done: both streams half-close (empty DATA with FIN)."""
        if pair.closed:
            return
        pair.closed = True
        self.pipe.send(self.writer.data(pair.data, b"", fin=True) + self.writer.data(pair.error, b"", fin=True))

    def forget(self, stream_id: int) -> None:
        request_id = self.streams.pop(stream_id, None)
        pair = self.pairs.get(request_id or "")
        if pair is not None and not any(self.streams.get(s) == request_id for s in (pair.error, pair.data)):
            del self.pairs[request_id]


def pod_ports(cluster: Any, lock: Any, pod: Pod) -> PodPorts:
    """The forward's target, refused before the upgrade when the Pod cannot be forwarded to."""
    if pod.status.phase != "Running":
        raise ApiError.bad_request(f"pod {pod.name} is not running: phase {pod.status.phase}")
    return PodPorts(cluster, lock, pod.namespace, pod.name, pod.metadata.uid)
