"""The streaming subresources of a Pod: ``exec``, ``attach`` and ``portforward``, on the raw connection.

This module owns what ``pkg/registry/core/pod/rest/subresources.go`` (``ExecREST``, ``AttachREST``,
``PortForwardREST``) and ``pkg/registry/core/pod/strategy.go`` (``streamLocation``) check before a stream
is proxied to the kubelet: the Pod exists, the container is one of its own (or the only one), the Pod has a
node, and the request asks for an upgrade. Those refusals are ordinary ``metav1.Status`` answers (raised as
:class:`~kubesim_nb.errors.ApiError`). After the upgrade the connection belongs to :mod:`.remotecommand`
or :mod:`.portforward` until the client or the server ends it; nothing raised there reaches the HTTP layer.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from ..api.core import Pod
from ..apiserver.paths import ApiPath, parse_path
from ..errors import ApiError
from .portforward import PROTOCOL, WEBSOCKET_PROTOCOL, PortForwardSession, SocketPipe, WebSocketPipe, pod_ports
from .remotecommand import CHANNEL_PROTOCOLS, Channels, StreamOptions, serve_attach, serve_exec
from .rest import pod_container
from .routes import Query
from .status import method_not_allowed
from .websocket import accept, wants_websocket

__all__ = ["STREAM_SUBRESOURCES", "is_stream", "serve_stream"]

STREAM_SUBRESOURCES = ("exec", "attach", "portforward")
SPDY_UPGRADE = "spdy/3.1"


def _stream_path(target: str) -> ApiPath | None:
    path = parse_path(urlsplit(target).path)
    if path is None or path.group or path.resource != "pods" or path.subresource not in STREAM_SUBRESOURCES:
        return None
    return path


def is_stream(target: str) -> bool:
    """The request is for a Pod's exec, attach or portforward subresource."""
    return _stream_path(target) is not None


def serve_stream(handler: Any, app: Any) -> None:
    """Answer ``handler``'s request for a streaming subresource: a Status, or an upgrade and the stream."""
    path = _stream_path(handler.path)
    assert path is not None
    if handler.command not in ("GET", "POST"):
        raise method_not_allowed(handler.command)
    with app.lock:
        pod = app.cluster.api.get(Pod, path.namespace, path.name)
    stopping = lambda: app.stopping  # noqa: E731 - read at each poll
    if path.subresource == "portforward":
        target = pod_ports(app.cluster, app.lock, pod)
        PortForwardSession(_tunnel(handler, stopping), target).run()
        return
    options = StreamOptions.parse(Query.parse(handler.path))
    container = pod_container(pod, options.container).name
    if not pod.spec.node_name:
        raise ApiError.bad_request(f"pod {pod.name} does not have a host assigned")
    if not wants_websocket(handler.headers):
        raise ApiError.bad_request("Upgrade request required")
    channels = Channels(accept(handler, CHANNEL_PROTOCOLS, stopping), options)
    serve = serve_exec if path.subresource == "exec" else serve_attach
    serve(app.cluster, app.lock, pod, container, channels)


def _tunnel(handler: Any, stopping: Any) -> Any:
    """The port-forward's byte pipe: SPDY in WebSocket messages, or plain SPDY after ``Upgrade: SPDY/3.1``."""
    headers = handler.headers
    if wants_websocket(headers):
        return WebSocketPipe(accept(handler, (WEBSOCKET_PROTOCOL,), stopping))
    offered = [p.strip() for value in headers.get_all("X-Stream-Protocol-Version") or [] for p in value.split(",")]
    if (headers.get("Upgrade") or "").strip().lower() != SPDY_UPGRADE:
        raise ApiError.bad_request("Upgrade request required")
    if PROTOCOL not in offered:
        raise ApiError.bad_request(f"unable to upgrade: unable to negotiate protocol: client supports {offered}")
    handler.send_response(101, "Switching Protocols")
    handler.send_header("Connection", "Upgrade")
    handler.send_header("Upgrade", "SPDY/3.1")
    handler.send_header("X-Stream-Protocol-Version", PROTOCOL)
    handler.end_headers()
    handler.wfile.flush()
    handler.close_connection = True
    return SocketPipe(handler.connection, stopping)
