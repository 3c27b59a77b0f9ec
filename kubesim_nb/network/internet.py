"""The world outside the cluster, reduced to a few well-known hosts.

CoreDNS forwards names outside ``cluster.local`` to the node's resolver; the
simulator answers those from this small table (addresses as public DNS gave
them when the table was written — illustrative, not live) and NXDOMAIN for
everything else. The same hosts accept HTTP on port 80 and HTTPS on 443, so
``curl http://example.com`` from a Pod shows that egress works.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..images import HttpRequest, HttpResponse

__all__ = ["INTERNET_HOSTS", "InternetHost", "host_by_ip", "host_by_name", "internet_response"]


@dataclass(frozen=True)
class InternetHost:
    name: str
    a: tuple[str, ...]
    aaaa: tuple[str, ...] = ()
    page: str | None = None  # served on / over HTTP and HTTPS; None: HTTP redirects to HTTPS
    ttl: int = 30  # CoreDNS's cache caps forwarded TTLs at 30 s


EXAMPLE_PAGE = """<!doctype html>
<html>
<head>
    <title>Example Domain</title>

    <meta charset="utf-8" />
    <meta http-equiv="Content-type" content="text/html; charset=utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
</head>

<body>
<div>
    <h1>Example Domain</h1>
    <p>This domain is for use in illustrative examples in documents. You may use this
    domain in literature without prior coordination or asking for permission.</p>
    <p><a href="https://www.iana.org/domains/example">More information...</a></p>
</div>
</body>
</html>
"""

INTERNET_HOSTS: dict[str, InternetHost] = {
    h.name: h
    for h in (
        InternetHost("example.com", ("93.184.215.14",), ("2606:2800:21f:cb07:6820:80da:af6b:8b2c",), EXAMPLE_PAGE),
        InternetHost("www.example.com", ("93.184.215.14",), ("2606:2800:21f:cb07:6820:80da:af6b:8b2c",), EXAMPLE_PAGE),
        InternetHost("github.com", ("140.82.112.3",)),
        InternetHost("api.github.com", ("140.82.112.6",)),
        InternetHost("google.com", ("142.250.185.78",), ("2a00:1450:4001:82b::200e",)),
        InternetHost("www.google.com", ("142.250.185.100",), ("2a00:1450:4001:80e::2004",)),
        InternetHost("pypi.org", ("151.101.0.223", "151.101.64.223", "151.101.128.223", "151.101.192.223")),
        InternetHost(
            "dl-cdn.alpinelinux.org", ("151.101.2.132", "151.101.66.132", "151.101.130.132", "151.101.194.132")
        ),
        InternetHost("registry-1.docker.io", ("54.236.113.205", "54.227.20.253")),
    )
}

_BY_IP = {ip: host for host in INTERNET_HOSTS.values() for ip in host.a + host.aaaa}


def host_by_name(name: str) -> InternetHost | None:
    return INTERNET_HOSTS.get(name.lower().rstrip("."))


def host_by_ip(ip: str) -> InternetHost | None:
    return _BY_IP.get(ip)


def internet_response(host: InternetHost, request: HttpRequest, tls: bool, date: str) -> HttpResponse:
    """What a well-known site answers: its page, a redirect to HTTPS, or 404."""
    name = request.host.split(":")[0]
    if host.page is None and not tls:
        body = (
            "<html>\r\n<head><title>301 Moved Permanently</title></head>\r\n<body>\r\n"
            "<center><h1>301 Moved Permanently</h1></center>\r\n</body>\r\n</html>\r\n"
        )
        headers = (("Content-Length", str(len(body))), ("Location", f"https://{name}{request.path}"))
        return HttpResponse(301, "Moved Permanently", headers, body)
    if request.path in ("/", "/index.html"):
        body = (
            host.page
            or f"<!DOCTYPE html>\n<html><head><title>{host.name}</title></head><body>{host.name}</body></html>\n"
        )
        headers = (("Content-Type", "text/html"), ("Date", date), ("Content-Length", str(len(body.encode()))))
        return HttpResponse(200, "OK", headers, body)
    body = "Not Found\n"
    return HttpResponse(
        404, "Not Found", (("Content-Type", "text/plain"), ("Date", date), ("Content-Length", str(len(body)))), body
    )
