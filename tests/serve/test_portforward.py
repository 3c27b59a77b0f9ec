"""``kubectl port-forward`` with the real kubectl against ``kubesim serve``: SPDY in WebSocket and plain SPDY,
into the simulated nginx; the SPDY session's frames one by one; the SPDY/3 dictionary."""

from __future__ import annotations

import hashlib
import subprocess
import urllib.request
from dataclasses import dataclass, field

import pytest
from streaming import BINARY, first_pod, free_port, needs_kubectl, web_fixture

from kubesim_nb.api.core import Pod
from kubesim_nb.serve import spdy
from kubesim_nb.serve.portforward import PortForwardSession, pod_ports

web = web_fixture()  # the lesson's web Pods, running on a served cluster and its twin


class Forward:
    """A running ``kubectl port-forward TARGET LOCAL:REMOTE``."""

    def __init__(self, web, target: str, remote: int, websockets: bool = True):
        self.local = free_port()
        env = {**web.served.env, "KUBECTL_PORT_FORWARD_WEBSOCKETS": "true" if websockets else "false"}
        self.process = subprocess.Popen(
            [str(BINARY), "port-forward", target, f"{self.local}:{remote}"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.banner = self.process.stdout.readline()  # kubectl listens once it has printed it

    def get(self) -> tuple[int, str, bytes]:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.local}/", timeout=20) as reply:
            return reply.status, reply.headers.get("Server"), reply.read()

    def stop(self, wait: float = 0) -> tuple[int, str, str]:
        """Stop it (after ``wait`` seconds for it to end by itself): exit code, stdout, stderr."""
        if wait:
            try:
                self.process.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                pass
        if self.process.poll() is None:
            self.process.terminate()
        try:
            out, err = self.process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, err = self.process.communicate(timeout=10)
        return self.process.returncode, self.banner + out, err


@needs_kubectl
@pytest.mark.parametrize("websockets", [True, False], ids=["spdy-in-websocket", "plain-spdy"])
def test_port_forward_to_a_pod_serves_two_connections_in_a_row(web, websockets):
    forward = Forward(web, f"pod/{first_pod(web)}", 80, websockets)
    try:
        assert forward.banner == f"Forwarding from 127.0.0.1:{forward.local} -> 80\n"
        first, second = forward.get(), forward.get()
    finally:
        _, out, err = forward.stop()
    assert first[:2] == (200, "nginx/1.29.3") and first == second
    assert b"<title>Welcome to nginx!</title>" in first[2]
    assert out.count(f"Handling connection for {forward.local}\n") == 2 and err == ""


@needs_kubectl
def test_port_forward_to_a_service_reaches_one_of_its_pods(web):
    forward = Forward(web, "svc/web-service", 80)
    try:
        status, server, body = forward.get()
    finally:
        forward.stop()
    assert (status, server) == (200, "nginx/1.29.3") and b"Welcome to nginx!" in body


@needs_kubectl
def test_a_port_nothing_listens_on_gives_kubectls_error_and_ends_the_forward(web):
    forward = Forward(web, f"pod/{first_pod(web)}", 81)
    with pytest.raises(OSError):  # the connection closes without a reply
        forward.get()
    code, out, err = forward.stop(wait=20)
    assert code == 1 and out.endswith(f"Handling connection for {forward.local}\n")
    assert '"An error occurred forwarding"' in err and "error forwarding port 81 to pod" in err
    assert "E connect(5, AF=2 127.0.0.1:81, 16): Connection refused" in err  # Docker Desktop's socat
    assert err.endswith("error: lost connection to pod\n")


# ------------------------------------------------------------------ the session, frame by frame
@dataclass
class FakePipe:
    """The client's side of the byte stream: frames it sends, and the frames the server wrote back."""

    incoming: list[bytes]
    sent: bytes = b""
    closed: bool = False
    reader: spdy.FrameReader = field(default_factory=spdy.FrameReader)

    def receive(self) -> bytes | None:
        return self.incoming.pop(0) if self.incoming else None

    def send(self, data: bytes) -> None:
        self.sent += data

    def close(self) -> None:
        self.closed = True

    def replies(self) -> list[spdy.Frame]:
        return self.reader.feed(self.sent)


def streams(client: spdy.FrameWriter, request_id: str, port: int, first_id: int) -> bytes:
    headers = {"port": [str(port)], "requestid": [request_id]}
    return client.syn_stream(first_id, {"streamtype": ["error"], **headers}) + client.syn_stream(
        first_id + 2, {"streamtype": ["data"], **headers}
    )


@needs_kubectl
def test_the_session_answers_pings_passes_window_updates_forgets_reset_streams_and_ends_on_goaway(web):
    cluster, lock = web.served.cluster, web.served.server.lock
    pod = cluster.api.get(Pod, "default", first_pod(web))
    client = spdy.FrameWriter()
    request = b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    one_message = (
        streams(client, "0", 80, 1)
        + client.window_update(3, 65536)
        + client.ping(7)
        + client.data(1, b"", fin=True)
        + client.data(3, request)
    )
    pieces = [one_message[i : i + 5] for i in range(0, len(one_message), 5)]  # frames cut anywhere
    pieces += [client.rst_stream(3, spdy.CANCEL), client.goaway(3), streams(client, "1", 80, 5)]
    pipe = FakePipe(pieces)
    PortForwardSession(pipe, pod_ports(cluster, lock, pod)).run()
    replies = pipe.replies()
    assert replies[:3] == [spdy.SynReply(1), spdy.SynReply(3), spdy.Ping(7)]
    data = [f for f in replies if isinstance(f, spdy.Data)]
    assert data[0].stream_id == 3 and data[0].data.startswith(b"HTTP/1.1 200 OK\r\nServer: nginx/1.29.3\r\n")
    assert [(f.stream_id, f.data, f.fin) for f in data[1:]] == [(3, b"", True), (1, b"", True)]
    assert not any(isinstance(f, spdy.SynReply) and f.stream_id > 3 for f in replies)  # nothing after GOAWAY
    assert pipe.closed


@needs_kubectl
def test_streams_without_a_port_or_with_an_unknown_type_are_reset(web):
    cluster, lock = web.served.cluster, web.served.server.lock
    pod = cluster.api.get(Pod, "default", first_pod(web))
    client = spdy.FrameWriter()
    pipe = FakePipe(
        [client.syn_stream(1, {"streamtype": ["data"]}) + client.syn_stream(3, {"streamtype": ["x"], "port": ["80"]})]
    )
    PortForwardSession(pipe, pod_ports(cluster, lock, pod)).run()
    assert pipe.replies() == [spdy.RstStream(1, spdy.CANCEL), spdy.RstStream(3, spdy.CANCEL)]


def test_the_spdy3_dictionary_is_the_specifications():
    assert len(spdy.DICTIONARY) == 1423
    assert hashlib.sha256(spdy.DICTIONARY).hexdigest() == (
        "51d27341373f923f3cd88e1eb7162aeaa3723d7585ff2399201dc06498407f02"
    )


def test_header_blocks_share_one_compression_context_per_direction():
    writer, reader = spdy.FrameWriter(), spdy.FrameReader()
    frames = b"".join(
        writer.syn_stream(i, {"streamtype": ["data"], "port": ["80"], "requestid": [str(i)]}) for i in (1, 3, 5)
    )
    parsed = reader.feed(frames[:7]) + reader.feed(frames[7:])
    assert [f.header("requestid") for f in parsed] == ["1", "3", "5"]
    assert len(frames) < 3 * len(writer.syn_stream(9, {"streamtype": ["data"]})) + 60  # the later ones are short


def test_a_broken_frame_is_a_protocol_error():
    with pytest.raises(spdy.SpdyError):
        spdy.FrameReader().feed(b"\x80\x02\x00\x01\x00\x00\x00\x02ab")  # SPDY/2
