"""Who answers at the far end of a connection: a container, a node daemon, a web site.

A :class:`Listener` is a process that accepted a TCP connection. For a Pod it
is the container whose main process listens on the port (from the image
catalogue's :func:`~kubesim_nb.images.plan_process`), answering HTTP through
the image's handler with a :class:`~kubesim_nb.images.ServerContext` dated
by the simulated clock. Nodes run the API server (6443, control plane only)
and the kubelet (10250), both TLS-only; the well-known Internet hosts of
:mod:`.internet` answer on 80 and 443.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from ..api.core import Pod
from ..clock import imf_fixdate
from ..images import HttpRequest, HttpResponse, ServerContext, lookup, plan_process, split_image
from ..profiles import server_version
from .internet import InternetHost, internet_response

if TYPE_CHECKING:  # pragma: no cover
    from .runtime import Runtime
    from .topology import NodeAddress

__all__ = ["Listener", "http_date", "internet_listener", "node_listener", "pod_listener", "pod_ports"]

NON_HTTP_PORTS = {53: "DNS"}  # a DNS server reads an HTTP request as garbage and closes the connection
API_SERVER_PORT = 6443
KUBELET_PORT = 10250

Serve = Callable[[HttpRequest], "HttpResponse | None"]


@dataclass(frozen=True)
class Listener:
    description: str  # for explanations: "nginx in Pod default/web-7d4b9-abcde"
    serve: Serve  # None from serve(): the peer closed the connection without replying
    tls: bool = False  # speaks TLS only (a plain HTTP request gets a 400)
    trusted: bool = False  # its certificate chains to a public CA (Internet sites), not the cluster's own CA


def http_date(cluster: "Runtime") -> str:
    return imf_fixdate(cluster.clock.seconds())


# ----------------------------------------------------------------------- Pods
def pod_listener(cluster: "Runtime", pod: Pod, port: int, protocol: str = "TCP") -> Listener | None:
    """The container of ``pod`` whose running process listens on ``port``, if any."""
    if protocol != "TCP":
        return None
    for container, image, plan in _running_processes(pod):
        if port not in plan.listens:
            continue
        who = f"{image.repository.rsplit('/', 1)[-1]} in Pod {pod.namespace}/{pod.name}"
        if port in NON_HTTP_PORTS or not plan.serves_http or image.handler is None:
            return Listener(who, lambda request: None)
        return Listener(who, _container_server(cluster, pod, container, image))
    return None


def pod_ports(pod: Pod) -> tuple[int, ...]:
    """The TCP ports the running containers of ``pod`` listen on, in order."""
    return tuple(sorted({port for _, _, plan in _running_processes(pod) for port in plan.listens}))


def _running_processes(pod: Pod):
    """(container, image, process plan) of each running container of ``pod`` whose image is known."""
    statuses = {s.name: s for s in pod.status.container_statuses or []} if pod.status else {}
    for container in pod.spec.containers or []:
        status = statuses.get(container.name)
        if status is None or status.state is None or status.state.running is None:
            continue
        image = lookup(container.image or "")
        if image is None:
            continue
        yield (
            container,
            image,
            plan_process(image, container.command, container.args, bool(container.stdin or container.tty)),
        )


def _container_server(cluster, pod, container, image) -> Serve:
    _, tag = split_image(container.image or "")
    env = {e.name: e.value or "" for e in container.env or [] if e.name}

    def serve(request: HttpRequest) -> HttpResponse:
        from .logs import record_request

        ctx = ServerContext(pod.name, pod.ip or "", image.repository, tag, http_date(cluster), env)
        response = image.handler(request, ctx)
        record_request(cluster, pod, container, request, response)
        return response

    return serve


# ---------------------------------------------------------------------- nodes
def node_listener(cluster: "Runtime", node: "NodeAddress", port: int) -> Listener | None:
    if port == API_SERVER_PORT and node.internal_ip == cluster.profile.api_server_ip:
        return Listener(f"kube-apiserver on node {node.name}", _api_server(cluster), tls=True)
    if port == KUBELET_PORT:
        return Listener(f"kubelet on node {node.name}", _kubelet(cluster), tls=True)
    return None


def _api_server(cluster: "Runtime") -> Serve:
    """What an anonymous request gets: the public health/version paths, else 403."""

    def serve(request: HttpRequest) -> HttpResponse:
        date = http_date(cluster)
        if request.path in ("/healthz", "/livez", "/readyz"):
            return _text(200, "OK", "ok", date)
        if request.path == "/version":
            return _json(200, "OK", server_version(), date)
        status = {
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": f'forbidden: User "system:anonymous" cannot get path "{request.path}"',
            "reason": "Forbidden",
            "details": {},
            "code": 403,
        }
        return _json(403, "Forbidden", status, date)

    return serve


def _kubelet(cluster: "Runtime") -> Serve:
    def serve(request: HttpRequest) -> HttpResponse:
        return _text(401, "Unauthorized", "Unauthorized", http_date(cluster))

    return serve


def _json(status: int, reason: str, payload: dict, date: str) -> HttpResponse:
    body = json.dumps(payload, indent=2) + "\n"
    headers = (
        ("Cache-Control", "no-cache, private"),
        ("Content-Type", "application/json"),
        ("X-Content-Type-Options", "nosniff"),
        ("Date", date),
        ("Content-Length", str(len(body))),
    )
    return HttpResponse(status, reason, headers, body)


def _text(status: int, reason: str, body: str, date: str) -> HttpResponse:
    headers = (
        ("Cache-Control", "no-cache, private"),
        ("Content-Type", "text/plain; charset=utf-8"),
        ("X-Content-Type-Options", "nosniff"),
        ("Date", date),
        ("Content-Length", str(len(body))),
    )
    return HttpResponse(status, reason, headers, body)


# ------------------------------------------------------------------- Internet
def internet_listener(cluster: "Runtime", host: InternetHost, port: int) -> Listener | None:
    if port not in (80, 443):
        return None
    tls = port == 443
    return Listener(
        f"{host.name} (on the Internet)",
        lambda request: internet_response(host, request, tls, http_date(cluster)),
        tls=tls,
        trusted=True,
    )
