"""One HTTP exchange as a client program experiences it (shared by curl and wget).

:func:`fetch` does what both clients do before they differ only in what they
print: parse nothing (the caller parsed the URL), resolve the host as libc
does from this machine, try each address through kube-proxy's rules
(:func:`~kubesim_nb.network.proxy.connect`), check TLS expectations, send the
request and read the reply — keeping the elapsed simulated milliseconds of
each phase for "after N ms" messages, ``-w '%{time_total}'`` and the clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...images import HttpRequest, HttpResponse
from ..dns import Resolution
from ..proxy import ConnectFailure, Connection, connect
from ..traces import ConnectTrace, record_trace
from .base import ToolContext, jitter

__all__ = ["Attempt", "Fetch", "Url", "UrlError", "fetch", "parse_url"]

LINUX_SYN_TIMEOUT_MS = 127000  # tcp_syn_retries=6: 1+2+4+8+16+32+64 s
DEFAULT_PORTS = {"http": 80, "https": 443}
PLAIN_TO_TLS_BODY = "Client sent an HTTP request to an HTTPS server.\n"


@dataclass(frozen=True)
class Url:
    scheme: str
    host: str
    port: int
    path: str  # with query, starts with "/"
    explicit_port: bool = False

    @property
    def host_header(self) -> str:
        return (
            self.host
            if not self.explicit_port or self.port == DEFAULT_PORTS.get(self.scheme)
            else f"{self.host}:{self.port}"
        )

    def __str__(self) -> str:
        port = f":{self.port}" if self.explicit_port else ""
        return f"{self.scheme}://{self.host}{port}{self.path}"


@dataclass(frozen=True)
class UrlError:
    code: int
    message: str


_URL = re.compile(
    r"^(?:(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://)?(?P<host>\[[^\]]*\]|[^/:?#]*)(?::(?P<port>[^/?#]*))?(?P<rest>[/?#].*)?$"
)


def parse_url(text: str, default_scheme: str = "http") -> Url | UrlError:
    match = _URL.match(text.strip())
    if match is None:
        return UrlError(3, "URL rejected: Malformed input to a URL function")
    scheme = (match["scheme"] or default_scheme).lower()
    if scheme not in DEFAULT_PORTS:
        return UrlError(1, f'Protocol "{scheme}" not supported')
    host = match["host"]
    if not host:
        return UrlError(3, "URL rejected: No host part in the URL")
    port_text = match["port"]
    if port_text is not None and not (port_text.isdigit() and 0 < int(port_text) < 65536):
        return UrlError(3, "URL rejected: Port number was not a decimal number between 0 and 65535")
    rest = (match["rest"] or "/").split("#", 1)[0]
    path = rest if rest.startswith("/") else "/" + rest
    port = int(port_text) if port_text else DEFAULT_PORTS[scheme]
    return Url(scheme, host.lower(), port, path, port_text is not None)


@dataclass
class Attempt:
    ip: str
    result: Connection | ConnectFailure
    elapsed_ms: int
    local_port: int


@dataclass
class Fetch:
    url: Url
    resolution: Resolution | None = None
    attempts: list[Attempt] = field(default_factory=list)
    connection: Connection | None = None
    response: HttpResponse | None = None
    http_version: str = "HTTP/1.1"
    error: str | None = None  # resolve | resolve-timeout | refused | timeout | limit | empty | tls-version | tls-verify
    dns_ms: int = 0
    connect_ms: int = 0
    total_ms: int = 0

    @property
    def last_attempt(self) -> Attempt | None:
        return self.attempts[-1] if self.attempts else None


def fetch(
    ctx: ToolContext,
    url: Url,
    method: str = "GET",
    headers: tuple[tuple[str, str], ...] = (),
    *,
    client: str,
    limit_ms: int | None = None,
    kernel_timeout_ms: int = LINUX_SYN_TIMEOUT_MS,
    verify_tls: bool = True,
) -> Fetch:
    """Resolve, connect and exchange one request; elapsed time is accounted but not yet spent on the clock.
    The request's trace is kept for views (:mod:`..traces`); ``client`` names the program (curl, wget)."""
    result = Fetch(url)
    _fetch(ctx, result, method, headers, limit_ms, kernel_timeout_ms, verify_tls)
    _trace(ctx, result, client, method)
    return result


def _fetch(
    ctx: ToolContext,
    result: Fetch,
    method: str,
    headers: tuple[tuple[str, str], ...],
    limit_ms: int | None,
    kernel_timeout_ms: int,
    verify_tls: bool,
) -> None:
    addresses = _resolve(ctx, result, limit_ms)
    if addresses is None:
        return
    for ip in addresses:
        if _connect(ctx, result, ip, limit_ms, kernel_timeout_ms):
            break
        if result.error == "limit":
            return
    if result.connection is not None:
        _exchange(ctx, result, method, headers, verify_tls)


def _trace(ctx: ToolContext, result: Fetch, client: str, method: str) -> None:
    url, response = result.url, result.response
    record_trace(
        ctx.cluster,
        client=client,
        method=method,
        url=str(url),
        host=url.host,
        port=url.port,
        source=ctx.machine.source,
        resolution=result.resolution,
        connects=[ConnectTrace.of(ctx.cluster, a.ip, url.port, a.result, a.elapsed_ms) for a in result.attempts],
        status=response.status if response is not None else None,
        reason=response.reason if response is not None else "",
        error=result.error,
    )


def _resolve(ctx: ToolContext, result: Fetch, limit_ms: int | None) -> list[str] | None:
    resolution = ctx.machine.resolve(result.url.host.strip("[]"))
    result.resolution = resolution
    is_literal = resolution.addresses == (result.url.host,)
    result.dns_ms = 0 if is_literal else max(1, resolution.elapsed_ms)
    result.total_ms = result.dns_ms
    if resolution.ok:
        return list(resolution.addresses)
    if resolution.error == "timeout" and limit_ms is not None and limit_ms < result.dns_ms:
        result.dns_ms = result.total_ms = limit_ms + jitter(f"{ctx.now()}|dnslimit", 1, 3)
        result.error = "limit"
        return None
    result.error = "resolve-timeout" if resolution.error == "timeout" else "resolve"
    return None


def _connect(ctx: ToolContext, result: Fetch, ip: str, limit_ms: int | None, kernel_timeout_ms: int) -> bool:
    key = f"{ctx.now()}|{ctx.machine.source.ip}|{ip}|{result.url.port}|{len(result.attempts)}"
    local_port = jitter(key + "|port", 32768, 60999)
    outcome = connect(ctx.cluster, ctx.machine.source, ip, result.url.port)
    if isinstance(outcome, Connection):
        spent = jitter(key, 0, 1)
        result.connection = outcome
        result.error = None
    elif outcome.refused:
        spent = jitter(key, 0, 3)
        result.error = "refused"
    else:
        budget = None if limit_ms is None else max(0, limit_ms - result.total_ms)
        if budget is not None and budget < kernel_timeout_ms:
            spent, result.error = budget + jitter(key, 1, 3), "limit"
        else:
            spent, result.error = kernel_timeout_ms + jitter(key, 1, 5), "timeout"
    result.attempts.append(Attempt(ip, outcome, spent, local_port))
    result.connect_ms += spent
    result.total_ms += spent
    return result.connection is not None


def _exchange(
    ctx: ToolContext, result: Fetch, method: str, headers: tuple[tuple[str, str], ...], verify_tls: bool
) -> None:
    conn, url = result.connection, result.url
    tls_wanted = url.scheme == "https"
    if tls_wanted and not conn.tls:
        result.error = "tls-version"
        return
    if tls_wanted and verify_tls and not conn.listener.trusted:
        result.error = "tls-verify"
        return
    transfer = jitter(f"{ctx.now()}|{conn.backend_ip}|xfer", 1, 3)
    result.total_ms += transfer
    if conn.tls and not tls_wanted:
        result.http_version = "HTTP/1.0"
        result.response = HttpResponse(400, "Bad Request", (), PLAIN_TO_TLS_BODY)
        return
    request = HttpRequest(method, url.path, url.host_header, url.port, ctx.machine.source.ip, headers)
    response = conn.request(request)
    if response is None:
        result.error = "empty"
        return
    result.response = response
