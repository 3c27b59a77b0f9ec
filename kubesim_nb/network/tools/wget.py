"""busybox ``wget`` (networking/wget.c): ``-q``, ``-O FILE`` (``-`` = stdout), ``-T SEC``, ``-S``, ``--spider``, ``-U``.

Messages are busybox's: ``Connecting to HOST (IP:PORT)``, ``saving to
'index.html'`` / ``writing to stdout``, the progress bar on stderr,
``wget: bad address 'HOST'``, ``wget: can't connect to remote host (IP):
Connection refused``, ``wget: download timed out``, ``wget: server returned
error: HTTP/1.1 404 Not Found``. Any error exits 1. Without ``-O`` the file
is named after the URL and, like busybox, never overwritten.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import urljoin

from .base import ToolContext, program
from .http import LINUX_SYN_TIMEOUT_MS, Fetch, Url, UrlError, fetch, parse_url

__all__ = ["wget"]

USAGE = (
    "BusyBox v1.37.0 (2025-07-18 12:04:03 UTC) multi-call binary.\n\n"
    "Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n"
    "\t[--post-data STR | --post-file FILE] [-Y on/off]\n"
    "\t[--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] URL...\n\n"
    "Retrieve files via HTTP or FTP\n"
)
BAR_WIDTH = 80 - 49  # busybox: terminal width minus 49


class _Die(Exception):
    def __init__(self, message: str):
        self.message = message


@dataclass
class WgetOptions:
    quiet: bool = False
    output: str | None = None
    timeout: int | None = None
    server_response: bool = False
    spider: bool = False
    user_agent: str = "Wget"
    urls: tuple[str, ...] = ()


def parse_args(argv: list[str]) -> WgetOptions | None:
    opts, urls, args = WgetOptions(), [], iter(argv[1:])
    valued = {"O": "output", "T": "timeout", "U": "user_agent", "P": None, "o": None, "Y": None, "t": None}
    for arg in args:
        if arg.startswith("--"):
            name, _, value = arg[2:].partition("=")
            if name == "spider":
                opts.spider = True
            elif name in ("quiet",):
                opts.quiet = True
            elif name in ("output-document", "timeout", "user-agent", "header", "no-check-certificate"):
                if name != "no-check-certificate":
                    value = value or next(args, "")
                if name == "output-document":
                    opts.output = value
                elif name == "timeout":
                    opts.timeout = int(value) if value.isdigit() else None
                elif name == "user-agent":
                    opts.user_agent = value
            else:
                return None
        elif arg.startswith("-") and len(arg) > 1:
            letters = arg[1:]
            for i, letter in enumerate(letters):
                if letter in "qcsS":
                    opts.quiet |= letter == "q"
                    opts.server_response |= letter == "S"
                elif letter in valued:
                    value = letters[i + 1 :] or next(args, None)
                    if value is None:
                        return None
                    if valued[letter] == "timeout":
                        opts.timeout = int(value) if value.isdigit() else None
                    elif valued[letter]:
                        setattr(opts, valued[letter], value)
                    break
                else:
                    return None
        else:
            urls.append(arg)
    opts.urls = tuple(urls)
    return opts


def progress(name: str, size: int, tty: bool) -> str:
    """busybox's bb_progress_update line for a completed transfer."""
    stars = "*" * BAR_WIDTH if size else " " * BAR_WIDTH
    line = f"{name[:20]:<20}{100:4d}% |{stars}|{size:6d}  0:00:00 ETA"
    return ("\r" + line) if tty else line + "\n"


@dataclass
class WgetRun:
    ctx: ToolContext
    opts: WgetOptions

    def say(self, text: str) -> None:
        if not self.opts.quiet:
            self.ctx.err.write(text)

    def run(self, text: str) -> int:
        url = parse_url(text)
        if isinstance(url, UrlError):
            raise _Die(f"not an http or ftp url: {text.split('://')[0]}" if url.code == 1 else f"bad address '{text}'")
        target = self.output_name(url)
        limit = self.opts.timeout * 1000 if self.opts.timeout else None
        for _ in range(16):  # busybox's redirect limit
            result = fetch(
                self.ctx,
                url,
                "GET",
                (("User-Agent", self.opts.user_agent), ("Connection", "close")),
                client="wget",
                limit_ms=limit,
                kernel_timeout_ms=LINUX_SYN_TIMEOUT_MS,
                verify_tls=False,
            )
            self.ctx.spend(result.total_ms / 1000)
            self.check(result)
            response = result.response
            location = dict((k.lower(), v) for k, v in response.headers).get("location")
            if response.status in (301, 302, 303, 307, 308) and location:
                new = parse_url(urljoin(str(url), location))
                if isinstance(new, UrlError):
                    raise _Die(f"bad address '{location}'")
                url = new
                continue
            return self.save(result, target)
        raise _Die("too many redirections")

    def output_name(self, url: Url) -> str:
        if self.opts.output is not None:
            return self.opts.output
        return posixpath.basename(url.path.split("?")[0]) or "index.html"

    def check(self, result: Fetch) -> None:
        url, error = result.url, result.error
        if error in ("resolve", "resolve-timeout"):
            raise _Die(f"bad address '{url.host}'")
        if result.attempts:
            first = result.attempts[0]
            self.say(f"Connecting to {url.host} ({first.ip}:{url.port})\n")
        if error == "limit":
            raise _Die("download timed out")
        if error in ("refused", "timeout"):
            ip = result.last_attempt.ip
            reason = "Connection refused" if error == "refused" else self.ctx.machine.strerror_timeout
            raise _Die(f"can't connect to remote host ({ip}): {reason}")
        if error in ("empty", "tls-version"):
            raise _Die("error getting response")
        if self.opts.server_response and result.response is not None:
            response = result.response
            lines = [response.status_line(result.http_version), *(f"{k}: {v}" for k, v in response.headers), ""]
            self.ctx.err.write("".join(f"  {line}\n" for line in lines))
        status = result.response.status
        if not (200 <= status < 300 or status in (301, 302, 303, 307, 308) or status == 206):
            raise _Die(f"server returned error: {result.response.status_line(result.http_version)}")

    def save(self, result: Fetch, target: str) -> int:
        if self.opts.spider:
            return 0
        body = result.response.body
        to_stdout = target == "-"
        if not to_stdout:
            path = self.ctx.path(target)
            if self.opts.output is None and self.ctx.machine.read_file(path) is not None:
                raise _Die(f"can't open '{target}': File exists")
            problem = self.ctx.machine.write_file(path, body)
            if problem is not None:
                raise _Die(f"can't open '{target}': {problem}")
        self.say("writing to stdout\n" if to_stdout else f"saving to '{target}'\n")
        if to_stdout:
            self.ctx.out.write(body)
        if not self.opts.quiet:
            name = posixpath.basename(target) if not to_stdout else "-"
            size = len(body.encode())
            line = progress(name, size, self.ctx.stderr_tty)
            self.ctx.err.write(line + line + "\n" if self.ctx.stderr_tty else line + line)
        self.say("written to stdout\n" if to_stdout else f"'{target}' saved\n")
        return 0


@program("wget")
def wget(ctx: ToolContext, argv: list[str]) -> int:
    opts = parse_args(argv)
    if opts is None or not opts.urls:
        ctx.err.write(USAGE)
        return 1
    run = WgetRun(ctx, opts)
    try:
        for url in opts.urls:
            run.run(url)
    except _Die as die:
        ctx.err.write(f"wget: {die.message}\n")
        return 1
    return 0
