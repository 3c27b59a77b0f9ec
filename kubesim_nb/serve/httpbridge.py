"""One real TCP connection's bytes, answered by a simulated server: HTTP/1.1 in, HTTP/1.1 out.

The simulated servers (:mod:`kubesim_nb.network.listeners`) answer :class:`~kubesim_nb.images.HttpRequest`
objects, not bytes. A port-forward's data stream (:mod:`.portforward`) and a published host port
(:mod:`.hostports`) carry the bytes a real client (curl, a browser, ``urllib``) sends: :class:`HttpBridge`
parses them with ``h11`` (keep-alive, pipelining, bodies, requests split over many reads), asks the
simulated server, and writes its answer as the server's status line, headers and body. A server that
closes without answering, an answer after which the connection must close, or bytes that are not HTTP
end the connection, as the real server's TCP connection would end.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import h11

from ..images import HttpRequest, HttpResponse

__all__ = ["Answer", "HttpBridge", "Reply"]

Answer = Callable[[HttpRequest], "HttpResponse | None"]  # called once per complete request


@dataclass(frozen=True)
class Reply:
    data: bytes  # what goes back to the client
    close: bool  # the connection ends after it


class HttpBridge:
    """The server side of one connection to ``port``, from ``client_ip``."""

    def __init__(self, answer: Answer, port: int, client_ip: str = "127.0.0.1"):
        self.answer = answer
        self.port = port
        self.client_ip = client_ip
        self.http = h11.Connection(h11.SERVER)
        self.request: h11.Request | None = None

    def receive(self, data: bytes) -> Reply:
        """Bytes from the client (``b""``: it closed its side); what goes back."""
        self.http.receive_data(data)
        out = b""
        while True:
            try:
                event = self.http.next_event()
            except h11.RemoteProtocolError:
                return Reply(out, True)  # not HTTP (or broken HTTP): the server drops the connection
            if event is h11.NEED_DATA or event is h11.PAUSED:
                return Reply(out, False)
            if isinstance(event, h11.ConnectionClosed):
                return Reply(out, True)
            if isinstance(event, h11.Request):
                self.request = event
            elif isinstance(event, h11.EndOfMessage) and self.request is not None:
                response = self.answer(self._simulated(self.request))
                if response is None:
                    return Reply(out, True)
                try:
                    out += self._written(response)
                except h11.LocalProtocolError:  # a simulated answer HTTP cannot carry: the server hangs up
                    return Reply(out, True)
                if self.http.our_state is h11.MUST_CLOSE:
                    return Reply(out, True)
                self.http.start_next_cycle()
                self.request = None

    def _simulated(self, request: h11.Request) -> HttpRequest:
        raw = request.headers.raw_items()
        headers = tuple((name.decode("latin-1"), value.decode("latin-1")) for name, value in raw)
        host = next((value for name, value in headers if name.lower() == "host"), "")
        return HttpRequest(
            request.method.decode("ascii"), request.target.decode("latin-1"), host, self.port, self.client_ip, headers
        )

    def _written(self, response: HttpResponse) -> bytes:
        head = h11.Response(
            status_code=response.status,
            reason=response.reason.encode("latin-1"),
            headers=[(name.encode("latin-1"), value.encode("latin-1")) for name, value in response.headers],
        )
        body = b"" if self.request is not None and self.request.method == b"HEAD" else response.body.encode()
        return (
            (self.http.send(head) or b"")
            + ((self.http.send(h11.Data(data=body)) or b"") if body else b"")
            + (self.http.send(h11.EndOfMessage()) or b"")
        )
