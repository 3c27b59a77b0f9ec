"""``kubectl port-forward`` with the real kubectl against ``kubesim serve``: SPDY in WebSocket and plain SPDY,
into the simulated nginx; the SPDY session's frames one by one; the SPDY/3 dictionary."""

from __future__ import annotations

import hashlib
import socket
import subprocess
import threading
import time
import urllib.request
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from served import connect
from streaming import BINARY, first_pod, free_port, needs_kubectl, running_web, web_fixture

from kubesim_nb.api.core import Pod
from kubesim_nb.images import HttpResponse
from kubesim_nb.serve import spdy
from kubesim_nb.serve.httpbridge import HttpBridge
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


@needs_kubectl
def test_open_streams_end_when_the_server_stops(tmp_path):
    before = set(threading.enumerate())
    diff = running_web(tmp_path, BINARY)
    pod = first_pod(diff)
    forward = Forward(diff, f"pod/{pod}", 80)
    shell = subprocess.Popen(
        [str(BINARY), "exec", "-i", pod, "--", "sh"],
        env=diff.served.env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert forward.get()[0] == 200
        shell.stdin.write(b"echo started\n")
        shell.stdin.flush()
        assert shell.stdout.readline() == b"started\n"
        diff.served.stop()
        deadline = time.monotonic() + 20
        while set(threading.enumerate()) - before and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not set(threading.enumerate()) - before
    finally:
        shell.kill()
        shell.communicate(timeout=10)
        forward.stop()


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200), st.integers(min_value=1, max_value=50))
def test_any_bytes_are_frames_or_a_protocol_error(data, cut):
    reader = spdy.FrameReader()
    try:
        for start in range(0, len(data), cut):
            reader.feed(data[start : start + cut])
    except spdy.SpdyError:
        pass


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_on_a_forwarded_connection_are_answered_or_end_it(data):
    bridge = HttpBridge(lambda request: HttpResponse(200, "OK", (("Content-Length", "2"),), "ok"), 80)
    for piece in (data, b""):
        if bridge.receive(piece).close:
            break


def upgraded(served, target: str, headers: str) -> socket.socket:
    """A raw connection to the server, upgraded; the 101's head is read."""
    sock = connect(served.server)
    sock.sendall(
        f"GET {target} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {served.server.token}\r\n{headers}\r\n".encode()
    )
    head = b""
    while b"\r\n\r\n" not in head:
        head += sock.recv(1)
    assert head.startswith(b"HTTP/1.1 101 "), head
    return sock


def read_all(sock: socket.socket) -> bytes:
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


@needs_kubectl
def test_broken_streams_end_their_connection_and_the_server_goes_on(web):
    pod = first_pod(web)
    websocket = (
        "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Key: a2V5a2V5a2V5a2V5a2V5aw==\r\n"
    )
    with upgraded(
        web.served,
        f"/api/v1/namespaces/default/pods/{pod}/exec?command=sh&stdin=true&stdout=true",
        websocket + "Sec-WebSocket-Protocol: v5.channel.k8s.io\r\n",
    ) as sock:
        sock.sendall(b"\x82\x03\x00ab")  # an unmasked client frame
        assert read_all(sock)  # the stream ends (with what it has to say)
    spdy_upgrade = "Connection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: portforward.k8s.io\r\n"
    with upgraded(web.served, f"/api/v1/namespaces/default/pods/{pod}/portforward", spdy_upgrade) as sock:
        sock.sendall(b"\x80\x09\x00\x01\x00\x00\x00\x00")  # SPDY/9
        assert spdy.FrameReader().feed(read_all(sock)) == [spdy.GoAway(0, spdy.GOAWAY_PROTOCOL_ERROR)]
    assert web.served.kubectl("version --output=json").exit_code == 0
