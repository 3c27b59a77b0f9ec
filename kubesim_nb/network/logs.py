"""Container logs (``kubectl logs``): a server's start-up lines plus one access-log line per request served.

Requests are recorded by the data plane when a container answers (see
:func:`record_request`), in ``cluster.sessions`` keyed by Pod UID and
container, so ``kubectl logs`` shows which Pod served which ``curl`` — the
same evidence a learner gathers on a real cluster. At most
:data:`MAX_LINES` access lines are kept per container.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING

from ..api.core import Container, Pod
from ..clock import parse_time
from ..errors import ApiError
from ..images import HttpRequest, HttpResponse, lookup, split_image
from .state import section

if TYPE_CHECKING:  # pragma: no cover
    from .runtime import Runtime

__all__ = ["container_logs", "readable_logs", "record_request"]

MAX_LINES = 500
NGINX_START = (
    "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
    "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
    "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
    "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
    "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
    "/docker-entrypoint.sh: Configuration complete; ready for start up",
)


def _key(pod: Pod, container: str) -> str:
    return f"{pod.metadata.uid}/{container}"


def record_request(
    cluster: "Runtime", pod: Pod, container: Container, request: HttpRequest, response: HttpResponse
) -> None:
    """Append the access-log line of one served request (nginx's combined format)."""
    now = datetime.fromtimestamp(cluster.clock.seconds(), tz=timezone.utc)
    headers = dict(request.headers)
    size = len(response.body.encode()) if request.method != "HEAD" else 0
    line = (
        f"{request.client_ip} - - [{now.strftime('%d/%b/%Y:%H:%M:%S +0000')}] "
        f'"{request.method} {request.path} HTTP/1.1" '
        f'{response.status} {size} "-" "{headers.get("User-Agent", "-")}" "-"'
    )
    logs = section(cluster, "logs")
    if len(logs) > 64:  # forget the logs of deleted Pods
        live = {p.metadata.uid for p in cluster.api.list(Pod)}
        for key in [k for k in logs if k.split("/")[0] not in live]:
            del logs[key]
    lines = logs.setdefault(_key(pod, container.name or ""), [])
    lines.append(line)
    del lines[:-MAX_LINES]


def _startup(pod: Pod, container: Container) -> list[str]:
    image = lookup(container.image or "")
    statuses = {s.name: s for s in pod.status.container_statuses or []}
    status = statuses.get(container.name)
    running = status.state.running if status and status.state else None
    if image is None or running is None:
        return []
    started = parse_time(running.started_at).strftime("%Y/%m/%d %H:%M:%S")
    if image.repository == "nginx":
        version = image.versions.get(split_image(container.image or "")[1], image.versions["latest"])
        return [
            *NGINX_START,
            f'{started} [notice] 1#1: using the "epoll" event method',
            f"{started} [notice] 1#1: nginx/{version}",
            f"{started} [notice] 1#1: start worker processes",
        ]
    if image.repository == "kubesim/whoami":
        return [f"{started} Starting up on port 80"]
    return []


def container_logs(cluster: "Runtime", pod: Pod, container: Container, previous: bool = False) -> list[str]:
    """The lines ``kubectl logs`` prints for ``container`` of ``pod``."""
    if previous:
        return []
    return _startup(pod, container) + list(section(cluster, "logs").get(_key(pod, container.name or ""), []))


def readable_logs(cluster: "Runtime", pod: Pod, container: Container, previous: bool = False) -> list[str]:
    """The log lines the kubelet serves for ``container``; a container that has not started yet has none
    to serve, which the API server answers with BadRequest (``pkg/kubelet/kubelet_pods.go``
    ``validateContainerLogStatus``)."""
    status_lists = (pod.status.init_container_statuses, pod.status.container_statuses) if pod.status else ()
    statuses = {s.name: s for listed in status_lists for s in listed or []}
    status = statuses.get(container.name)
    if status is None or (status.state and status.state.waiting and not status.last_state):
        waiting = status.state.waiting if status and status.state else None
        reason = waiting.reason if waiting else "ContainerCreating"
        raise ApiError.bad_request(f'container "{container.name}" in pod "{pod.name}" is waiting to start: {reason}')
    return container_logs(cluster, pod, container, previous=previous)
