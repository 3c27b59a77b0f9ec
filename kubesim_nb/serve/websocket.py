"""WebSocket (RFC 6455) on the raw connection of an upgraded request: the handshake and the frames.

This module owns what ``staging/src/k8s.io/apiserver/pkg/util/wsstream/conn.go`` does with
``golang.org/x/net/websocket`` (and the API server's stream translator with gorilla): answer the
upgrade with ``101 Switching Protocols`` and one subprotocol the client offered (the first of its list
the server supports), then exchange binary messages. The framing itself (masking, fragments, control
frames, the closing handshake) is ``wsproto``'s; this module only moves its bytes over the socket,
answers pings, and notices when the server stops.

After the ``101`` the request handler's socket belongs to the :class:`WebSocket`. Clients (kubectl,
the Python clients) wait for the ``101`` before they send a frame, so nothing is left in the handler's
read buffer.
"""

from __future__ import annotations

import select
import socket
import threading
from dataclasses import dataclass
from typing import Any, Callable

from wsproto.connection import Connection, ConnectionState, ConnectionType
from wsproto.events import BytesMessage, CloseConnection, Message, Ping, TextMessage
from wsproto.utilities import LocalProtocolError, RemoteProtocolError, generate_accept_token

from ..errors import ApiError

__all__ = ["WebSocket", "accept", "offered_protocols", "wants_websocket"]

POLL_SECONDS = 0.25  # how often a reader waiting for the client checks whether the server stops
LINGER_SECONDS = 1.0  # how long a closing side waits for the client's close frame
READ_SIZE = 65536


def wants_websocket(headers: Any) -> bool:
    return (headers.get("Upgrade") or "").strip().lower() == "websocket"


def offered_protocols(headers: Any) -> list[str]:
    """The subprotocols the client offers, in its order (one or several ``Sec-WebSocket-Protocol`` headers)."""
    offered: list[str] = []
    for value in headers.get_all("Sec-WebSocket-Protocol") or []:
        offered += [p.strip() for p in value.split(",") if p.strip()]
    return offered


def accept(handler: Any, supported: tuple[str, ...], stopping: Callable[[], bool]) -> "WebSocket":
    """Answer the upgrade of ``handler``'s request with the first offered protocol in ``supported``.

    Raises :class:`ApiError` (answered as a Status, the connection not upgraded) when the request is not a
    valid WebSocket handshake or offers none of ``supported``.
    """
    headers = handler.headers
    key = (headers.get("Sec-WebSocket-Key") or "").strip()
    if not key or (headers.get("Sec-WebSocket-Version") or "").strip() != "13":
        raise ApiError.bad_request("websocket: not a websocket handshake")
    offered = offered_protocols(headers)
    protocol = next((p for p in offered if p in supported), None)
    if protocol is None:
        raise ApiError.bad_request(f"requested protocol(s) are not supported: {offered}; supports {list(supported)}")
    handler.send_response(101, "Switching Protocols")
    handler.send_header("Upgrade", "websocket")
    handler.send_header("Connection", "Upgrade")
    handler.send_header("Sec-WebSocket-Accept", generate_accept_token(key.encode()).decode())
    handler.send_header("Sec-WebSocket-Protocol", protocol)
    handler.end_headers()
    handler.wfile.flush()
    handler.close_connection = True
    return WebSocket(handler.connection, protocol, stopping)


@dataclass
class Received:
    """One piece of a message: ``data`` (bytes of a binary or text message), ``finished`` at its last piece."""

    data: bytes
    finished: bool


class WebSocket:
    """A server-side WebSocket over ``sock``; ``send`` may be called from several threads."""

    def __init__(self, sock: socket.socket, protocol: str, stopping: Callable[[], bool]):
        self.sock = sock
        self.protocol = protocol
        self.stopping = stopping
        self.ws = Connection(ConnectionType.SERVER)
        self.write_lock = threading.Lock()
        self.pending: list[Received] = []
        self.closed = False

    # ------------------------------------------------------------ writing
    def _write(self, data: bytes) -> None:
        if not data:
            return
        try:
            self.sock.sendall(data)
        except OSError:
            self.closed = True

    def send(self, data: bytes) -> None:
        """One binary message."""
        with self.write_lock:
            if self.closed or self.ws.state is not ConnectionState.OPEN:
                return
            self._write(self.ws.send(BytesMessage(data=data)))

    def close(self, code: int = 1000) -> None:
        """The closing handshake (as far as the client takes part in it), then the socket is closed."""
        with self.write_lock:
            if self.ws.state is ConnectionState.OPEN:
                try:
                    self._write(self.ws.send(CloseConnection(code=code)))
                except LocalProtocolError:
                    pass
        self._linger()
        self.closed = True
        try:
            self.sock.close()
        except OSError:
            pass

    def _linger(self) -> None:
        """Stop writing, read what the client still sends until it closes: a socket closed with unread
        data resets the connection, and the client could lose the last messages."""
        try:
            self.sock.shutdown(socket.SHUT_WR)
            self.sock.settimeout(LINGER_SECONDS)
            while self.sock.recv(READ_SIZE):
                pass
        except OSError:
            pass

    # ------------------------------------------------------------ reading
    def receive(self) -> Received | None:
        """The next piece of a data message; None once the client closed, the connection broke or the
        server stops. Pings are answered here."""
        while not self.pending:
            if self.closed or self.stopping():
                return None
            try:
                readable, _, _ = select.select([self.sock], [], [], POLL_SECONDS)
                if not readable:
                    continue
                data = self.sock.recv(READ_SIZE)
            except (OSError, ValueError):
                self.closed = True
                return None
            self._feed(data or None)
        return self.pending.pop(0)

    def idle(self, seconds: float) -> bool:
        """Wait ``seconds`` for nothing but the client's control frames (data is kept for :meth:`receive`);
        False once the client has gone or the server stops."""
        try:
            readable, _, _ = select.select([self.sock], [], [], seconds)
            if readable:
                self._feed(self.sock.recv(READ_SIZE) or None)
        except (OSError, ValueError):
            self.closed = True
        return not self.closed and not self.stopping()

    def _feed(self, data: bytes | None) -> None:
        try:
            self.ws.receive_data(data)
            for event in self.ws.events():
                self._event(event)
        except (RemoteProtocolError, LocalProtocolError):
            self.closed = True
        if data is None:
            self.closed = True

    def _event(self, event: Any) -> None:
        if isinstance(event, Message):
            payload = event.data.encode() if isinstance(event, TextMessage) else bytes(event.data)
            self.pending.append(Received(payload, event.message_finished))
        elif isinstance(event, Ping):
            with self.write_lock:
                self._write(self.ws.send(event.response()))
        elif isinstance(event, CloseConnection):
            with self.write_lock:
                if self.ws.state is ConnectionState.REMOTE_CLOSING:
                    self._write(self.ws.send(event.response()))
            self.closed = True

    def messages(self) -> "MessageReader":
        return MessageReader(self)


class MessageReader:
    """Whole messages, for protocols where a message is a unit (the channel protocols of exec)."""

    def __init__(self, websocket: WebSocket):
        self.websocket = websocket
        self.partial = b""

    def next(self) -> bytes | None:
        while True:
            piece = self.websocket.receive()
            if piece is None:
                return None
            self.partial += piece.data
            if piece.finished:
                message, self.partial = self.partial, b""
                return message
