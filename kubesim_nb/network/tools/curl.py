"""``curl`` (8.14 in Alpine 3.22; the laptop's own curl version on the host).

Messages, exit codes and the ``-v`` trace follow curl's sources and observed
output (curl 8's own messages): ``(6) Could not resolve host``, ``(7) Failed to
connect to HOST port P after N ms: Couldn't connect to server``, ``(28)``
timeouts, ``(22)`` with ``-f``, ``(52) Empty reply from server``. The progress
meter is drawn on stderr when the body does not go to a terminal (``-o``, a
pipe, or ``kubectl exec`` without ``-t``), as curl does. Supported options:
``-s -S -v -i -I -f -L -k -o FILE -O -w FMT -m SEC --connect-timeout SEC
-H HDR -X METHOD -d DATA -A AGENT`` (short options may be combined: ``-sSL``).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from urllib.parse import urljoin

from ...images import HttpResponse
from ..proxy import Connection
from .base import ToolContext, program
from .http import Fetch, Url, UrlError, fetch, parse_url

__all__ = ["curl"]

POD_CURL_VERSION = "8.14.1"
POD_TLS_LIBRARY = "OpenSSL/3.5.4"
HELP_HINT = "curl: try 'curl --help' or 'curl --manual' for more information\n"
FLAGS = {
    "s": "silent",
    "S": "show_error",
    "v": "verbose",
    "i": "include",
    "I": "head",
    "f": "fail",
    "L": "location",
    "k": "insecure",
    "O": "remote_name",
    "4": None,
    "6": None,
    "#": None,
}
VALUED = {
    "o": "output",
    "w": "write_out",
    "m": "max_time",
    "H": "header",
    "X": "request",
    "d": "data",
    "A": "user_agent",
    "u": "user",
    "e": "referer",
}
LONG_FLAGS = {
    "silent": "silent",
    "show-error": "show_error",
    "verbose": "verbose",
    "include": "include",
    "head": "head",
    "fail": "fail",
    "location": "location",
    "insecure": "insecure",
    "remote-name": "remote_name",
    "no-progress-meter": "no_progress",
    "http1.1": None,
    "ipv4": None,
    "compressed": None,
    "no-keepalive": None,
    "progress-bar": None,
}
LONG_VALUED = {
    "output": "output",
    "write-out": "write_out",
    "max-time": "max_time",
    "connect-timeout": "connect_timeout",
    "header": "header",
    "request": "request",
    "data": "data",
    "data-raw": "data",
    "user-agent": "user_agent",
    "url": "url",
    "user": "user",
    "referer": "referer",
}
NUMERIC = {"max_time", "connect_timeout"}
REDIRECTS = (301, 302, 303, 307, 308)
VERIFY_HELP = (
    "More details here: https://curl.se/docs/sslcerts.html\n\n"
    "curl failed to verify the legitimacy of the server and therefore could not\n"
    "establish a secure connection to it. To learn more about this situation and\n"
    "how to fix it, please visit the webpage mentioned above.\n"
)


class _BadOption(Exception):
    pass


@dataclass
class CurlOptions:
    urls: list[str] = field(default_factory=list)
    silent: bool = False
    show_error: bool = False
    verbose: bool = False
    include: bool = False
    head: bool = False
    fail: bool = False
    location: bool = False
    insecure: bool = False
    remote_name: bool = False
    no_progress: bool = False
    output: str | None = None
    write_out: str | None = None
    max_time: float | None = None
    connect_timeout: float | None = None
    headers: list[str] = field(default_factory=list)
    request: str | None = None
    data: str | None = None
    user_agent: str | None = None

    def set(self, name: str, value: str | None) -> None:
        if name == "header":
            self.headers.append(value or "")
        elif name == "url":
            self.urls.append(value or "")
        elif name in NUMERIC:
            setattr(self, name, float(value or ""))
        elif name in ("user", "referer"):
            pass
        else:
            setattr(self, name, value if value is not None else True)


def parse_args(argv: list[str]) -> CurlOptions:
    opts = CurlOptions()
    args = iter(argv)
    for arg in args:
        if arg.startswith("--") and len(arg) > 2:
            name, _, inline = arg[2:].partition("=")
            if name in LONG_FLAGS:
                if LONG_FLAGS[name]:
                    opts.set(LONG_FLAGS[name], None)
            elif name in LONG_VALUED:
                _set_value(opts, LONG_VALUED[name], inline if inline else next(args, None), f"--{name}")
            else:
                raise _BadOption(f"curl: option --{name}: is unknown\n")
        elif arg.startswith("-") and len(arg) > 1:
            _short(opts, arg, args)
        else:
            opts.urls.append(arg)
    return opts


def _short(opts: CurlOptions, arg: str, args) -> None:
    for i, letter in enumerate(arg[1:], start=1):
        if letter in FLAGS:
            if FLAGS[letter]:
                opts.set(FLAGS[letter], None)
        elif letter in VALUED:
            rest = arg[i + 1 :]
            _set_value(opts, VALUED[letter], rest if rest else next(args, None), f"-{letter}")
            return
        else:
            raise _BadOption(f"curl: option {arg}: is unknown\n")


def _set_value(opts: CurlOptions, name: str, value: str | None, spelled: str) -> None:
    if value is None:
        raise _BadOption(f"curl: option {spelled}: requires parameter\n")
    try:
        opts.set(name, value)
    except ValueError:
        raise _BadOption(f"curl: option {spelled}: expected a proper numerical parameter\n") from None


# --------------------------------------------------------------- progress
def max5(n: int) -> str:
    """curl's max5data: a number in at most 5 columns with k/M/G suffixes."""
    if n < 100000:
        return f"{n:5d}"
    if n < 10000 * 1024:
        return f"{n // 1024:4d}k"
    if n < 100 * 1024 * 1024:
        return f"{n // (1024 * 1024):2d}.{(n % (1024 * 1024)) // (1024 * 1024 // 10)}M"
    return f"{n // (1024 * 1024):4d}M"


def time2str(seconds: int) -> str:
    if seconds <= 0:
        return "--:--:--"
    h, rest = divmod(seconds, 3600)
    return f"{h:2d}:{rest // 60:02d}:{rest % 60:02d}"


METER_HEADER = (
    "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n"
    "                                 Dload  Upload   Total   Spent    Left  Speed\n"
)


def meter_line(size: int, received: int, elapsed_ms: int) -> str:
    speed = received * 1000 // max(elapsed_ms, 1)
    percent = 100 if size and received >= size else (received * 100 // size if size else 0)
    spent = elapsed_ms // 1000
    return (
        f"\r{percent:3d} {max5(size)}  {percent:3d} {max5(received)}  {0:3d} {max5(0)}  {max5(speed)}  {max5(0)} "
        f"{time2str(0)} {time2str(spent)} {time2str(0)} {max5(speed if received else 0)}"
    )


# ----------------------------------------------------------------- program
@dataclass
class CurlRun:
    """One ``curl`` invocation: options, identity, and where its output goes."""

    ctx: ToolContext
    opts: CurlOptions
    version: str
    tls_library: str
    kernel_timeout_ms: int
    connection_number: int = 0
    meter_started: bool = False
    method: str = "GET"
    wrote: bool = False

    @property
    def show_meter(self) -> bool:
        to_terminal = self.opts.output is None and not self.opts.remote_name and self.ctx.stdout_tty
        return not (self.opts.silent or self.opts.no_progress or to_terminal)

    def trace(self, text: str) -> None:
        if self.opts.verbose:
            self.ctx.err.write(text)

    def fail(self, code: int, message: str, elapsed_ms: int = 0, result: Fetch | None = None) -> int:
        """curl's error line for exit ``code``; then ``-w``, which curl writes for a failed transfer too
        (``tool_operate.c post_per_transfer``: ``%{http_code}`` is ``000`` when no response came)."""
        self.trace(f"* {message.splitlines()[0]}\n")
        if self.opts.verbose and code not in (3, 1):
            self.trace(f"* closing connection #{self.connection_number}\n")
        if self.meter_started:  # the meter is redrawn every second while curl waits
            seconds = elapsed_ms // 1000
            self.ctx.err.write(
                "".join(meter_line(0, 0, s * 1000) for s in range(1, seconds + 1)) + meter_line(0, 0, elapsed_ms) + "\n"
            )
        if not self.opts.silent or self.opts.show_error:
            self.ctx.err.write(f"curl: ({code}) {message}\n" + (VERIFY_HELP if code == 60 else ""))
        if result is not None and self.opts.write_out is not None:
            self.ctx.out.write(write_out(self.opts.write_out, result, "", code, message))
        return code

    # -- one URL ----------------------------------------------------------
    def run_url(self, text: str) -> int:
        url = parse_url(text)
        if isinstance(url, UrlError):
            return self.fail(url.code, url.message)
        self.meter_started = self.show_meter
        if self.show_meter:
            self.ctx.err.write(METER_HEADER + meter_line(0, 0, 0))
        method = self.opts.request or ("HEAD" if self.opts.head else ("POST" if self.opts.data is not None else "GET"))
        for _ in range(50):
            self.method = method
            result = self.exchange(url, method)
            code = self.outcome_code(result)
            if code is not None:
                return code
            response = result.response
            location = dict((k.lower(), v) for k, v in response.headers).get("location")
            if not (self.opts.location and response.status in REDIRECTS and location):
                return self.finish(result)
            self.emit_response(result, final=False)
            next_url = parse_url(urljoin(str(url), location))
            if isinstance(next_url, UrlError):
                return self.fail(next_url.code, next_url.message)
            self.trace(f"* Issue another request to this URL: '{next_url}'\n")
            if response.status == 303 or (response.status in (301, 302) and method == "POST"):
                method = "GET"
            url = next_url
            self.connection_number += 1
        return self.fail(47, "Maximum (50) redirects followed")

    def limit_ms(self) -> int | None:
        limits = [t for t in (self.opts.max_time, self.opts.connect_timeout) if t is not None]
        return int(min(limits) * 1000) if limits else None

    def request_headers(self, url: Url, method: str) -> list[tuple[str, str]]:
        headers = {
            "Host": url.host_header,
            "User-Agent": self.opts.user_agent or f"curl/{self.version}",
            "Accept": "*/*",
        }
        if self.opts.data is not None:
            headers["Content-Length"] = str(len(self.opts.data))
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for raw in self.opts.headers:
            name, _, value = raw.partition(":")
            existing = next((k for k in headers if k.lower() == name.strip().lower()), None)
            if existing:
                del headers[existing]
            if value.strip():
                headers[name.strip()] = value.strip()
        return list(headers.items())

    def exchange(self, url: Url, method: str) -> Fetch:
        headers = self.request_headers(url, method)
        result = fetch(
            self.ctx,
            url,
            method,
            tuple((k, v) for k, v in headers if k != "Host"),
            client="curl",
            limit_ms=self.limit_ms(),
            kernel_timeout_ms=self.kernel_timeout_ms,
            verify_tls=not self.opts.insecure,
        )
        self.ctx.spend(result.total_ms / 1000)
        self.trace_connect(result)
        if result.connection is not None and result.error not in ("tls-version", "tls-verify"):
            self.trace("* using HTTP/1.x\n")
            request_line = [f"{method} {url.path} HTTP/1.1", *(f"{k}: {v}" for k, v in headers), ""]
            self.trace("".join(f"> {line}\r\n" for line in request_line))
            self.trace("* Request completely sent off\n")
        return result

    def trace_connect(self, result: Fetch) -> None:
        if not self.opts.verbose:
            return
        url, resolution = result.url, result.resolution
        if resolution is not None and not resolution.ok:
            return
        if resolution is not None and resolution.addresses != (url.host,):
            self.trace(
                f"* Host {url.host}:{url.port} was resolved.\n* IPv6: (none)\n"
                f"* IPv4: {', '.join(resolution.addresses)}\n"
            )
        for attempt in result.attempts:
            self.trace(f"*   Trying {attempt.ip}:{url.port}...\n")
            if isinstance(attempt.result, Connection):
                self.trace(f"* Connected to {url.host} ({attempt.ip}) port {url.port}\n")
            elif result.error != "limit" or attempt is not result.last_attempt:
                reason = "Connection refused" if attempt.result.refused else self.ctx.machine.strerror_timeout
                self.trace(
                    f"* connect to {attempt.ip} port {url.port} from {self.ctx.machine.source.ip} port "
                    f"{attempt.local_port} failed: {reason}\n"
                )

    def outcome_code(self, result: Fetch) -> int | None:
        """Turn a failed exchange into curl's error; None when a response arrived."""
        url, host, ms = result.url, result.url.host, result.total_ms
        failures = {
            "resolve": (6, f"Could not resolve host: {host}"),
            "resolve-timeout": (6, f"Could not resolve host: {host}"),
            "refused": (7, f"Failed to connect to {host} port {url.port} after {ms} ms: Couldn't connect to server"),
            "limit": (28, f"Failed to connect to {host} port {url.port} after {ms} ms: Timeout was reached")
            if result.attempts
            else (28, f"Resolving timed out after {ms} milliseconds"),
            # the kernel gave up (ETIMEDOUT): curl reports a connect failure but exits with 28
            "timeout": (28, f"Failed to connect to {host} port {url.port} after {ms} ms: Couldn't connect to server"),
            "tls-version": (35, f"{self.tls_library}: error:0A00010B:SSL routines::wrong version number"),
            "tls-verify": (60, "SSL certificate problem: unable to get local issuer certificate"),
            "empty": (52, "Empty reply from server"),
        }
        if result.error not in failures:
            return None
        code, message = failures[result.error]
        return self.fail(code, message, ms, result)

    def emit_response(self, result: Fetch, final: bool = True) -> None:
        response = result.response
        head = self.header_block(result.http_version, response)
        if result.http_version == "HTTP/1.0":
            self.trace("* HTTP 1.0, assume close after body\n")
        self.trace("".join(f"< {line}" for line in head.splitlines(keepends=True)))
        if self.opts.include or self.opts.head:
            self.write_output(head)

    @staticmethod
    def header_block(version: str, response: HttpResponse) -> str:
        lines = [response.status_line(version), *(f"{k}: {v}" for k, v in response.headers), ""]
        return "".join(line + "\r\n" for line in lines)

    def finish(self, result: Fetch) -> int:
        response = result.response
        self.emit_response(result)
        if self.opts.fail and response.status >= 400:
            return self.fail(22, f"The requested URL returned error: {response.status}", result=result)
        body = "" if self.method.upper() == "HEAD" else response.body
        if body and self.opts.verbose and not self.ctx.stdout_tty:
            self.trace(f"{{ [{len(body.encode())} bytes data]\n")
        if self.show_meter:
            size = len(body.encode())
            self.ctx.err.write(meter_line(size, size, result.total_ms) + "\n")
        error = self.write_output(body)
        if error is not None:
            return error
        closes = (
            result.http_version == "HTTP/1.0"
            or dict((k.lower(), v.lower()) for k, v in response.headers).get("connection") == "close"
        )
        self.trace(
            f"* closing connection #{self.connection_number}\n"
            if closes
            else f"* Connection #{self.connection_number} to host {result.url.host} left intact\n"
        )
        if self.opts.write_out is not None:
            self.ctx.out.write(write_out(self.opts.write_out, result, body))
        return 0

    def write_output(self, text: str) -> int | None:
        target = self.opts.output
        if target is None and self.opts.remote_name:
            target = posixpath.basename(self.opts.urls[0].split("?")[0]) or "index.html"
        if target is None or target == "-":
            self.ctx.out.write(text)
            return None
        problem = self.ctx.machine.write_file(self.ctx.path(target), text, append=self.wrote)
        self.wrote = True
        if problem is not None:
            self.ctx.err.write(f"Warning: Failed to open the file {target}: {problem}\n")
            return self.fail(23, f"client returned ERROR on write of {len(text.encode())} bytes")
        return None


def write_out(template: str, result: Fetch, body: str, exit_code: int = 0, error: str = "") -> str:
    """``-w``: %{variables} and backslash escapes."""
    conn, response = result.connection, result.response
    values = {
        "http_code": f"{response.status:03d}" if response else "000",
        "response_code": f"{response.status:03d}" if response else "000",
        "remote_ip": conn.dst_ip if conn else "",
        "remote_port": str(conn.dst_port) if conn else "",
        "local_ip": conn.src.ip if conn else "",
        "size_download": str(len(body.encode())),
        "url_effective": str(result.url),
        "url": str(result.url),
        "num_redirects": "0",
        "content_type": dict((k.lower(), v) for k, v in response.headers).get("content-type", "") if response else "",
        "time_namelookup": f"{result.dns_ms / 1000:.6f}",
        "time_connect": f"{(result.dns_ms + result.connect_ms) / 1000:.6f}",
        "time_total": f"{result.total_ms / 1000:.6f}",
        "exitcode": str(exit_code),
        "errormsg": error,
    }
    out, i = [], 0
    while i < len(template):
        ch = template[i]
        if template.startswith("%{", i) and "}" in template[i:]:
            end = template.index("}", i)
            out.append(values.get(template[i + 2 : end], ""))
            i = end + 1
        elif template.startswith("%%", i):
            out.append("%")
            i += 2
        elif ch == "\\" and i + 1 < len(template) and template[i + 1] in "nrt\\":
            out.append({"n": "\n", "r": "\r", "t": "\t", "\\": "\\"}[template[i + 1]])
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


@program("curl")
def curl(ctx: ToolContext, argv: list[str]) -> int:
    try:
        opts = parse_args(argv[1:])
    except _BadOption as err:
        ctx.err.write(str(err) + HELP_HINT)
        return 2
    if not opts.urls:
        ctx.err.write("curl: no URL specified\n" + HELP_HINT)
        return 2
    host = getattr(ctx.machine, "profile", None)
    run = CurlRun(
        ctx,
        opts,
        host.curl_version if host else POD_CURL_VERSION,
        "LibreSSL/3.3.6" if host and host.os == "macos" else POD_TLS_LIBRARY,
        host.connect_timeout_ms if host else 127000,
    )
    status = 0
    for url in opts.urls:
        status = run.run_url(url) or status
        run.connection_number += 1
    return status
