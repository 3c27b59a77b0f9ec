"""The image catalogue: what each container image does when it runs.

The kubelet asks it whether an image can be pulled and how long that takes,
what a container does with its command (keep running, or exit with a code),
which signals make its main process exit, and which ports it listens on;
readiness probes and the data plane ask it how the process answers an HTTP
request. Nothing else in the simulator knows about particular images.

How to make a Pod fail on purpose (see ``docs`` in the notebooks):

- **bad image**: any image not in the catalogue (``image: ngnix``) cannot be
  pulled: ``ErrImagePull``, then ``ImagePullBackOff``.
- **crash loop**: a command that exits, e.g. ``command: ["sh", "-c", "exit 1"]``
  on alpine/busybox, or alpine/busybox with no command at all (``sh`` exits at
  once without a terminal): ``Error``/``Completed``, then ``CrashLoopBackOff``.
- **failing readiness**: a ``readinessProbe`` the process does not pass, e.g.
  ``httpGet: {path: /healthz, port: 80}`` on nginx (404), or a port nothing
  listens on: the Pod runs but stays ``0/1`` and is *not* an endpoint.
"""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

from .clock import imf_fixdate

__all__ = [
    "HttpRequest",
    "HttpResponse",
    "Image",
    "ProcessPlan",
    "ServerContext",
    "command_line",
    "exit_on_signal",
    "lookup",
    "plan_process",
    "split_image",
]


@dataclass(frozen=True)
class HttpRequest:
    method: str
    path: str
    host: str
    port: int
    client_ip: str
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class HttpResponse:
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    body: str

    def status_line(self, version: str = "HTTP/1.1") -> str:
        return f"{version} {self.status} {self.reason}"


@dataclass(frozen=True)
class ServerContext:
    """What a serving process knows about itself."""

    pod_name: str
    pod_ip: str
    image: str
    tag: str
    date: str  # RFC 7231 date from the simulated clock
    env: dict = field(default_factory=dict)


Handler = Callable[[HttpRequest, ServerContext], HttpResponse]


@dataclass(frozen=True)
class Image:
    repository: str  # "nginx", "alpine", "kubesim/whoami"
    description: str
    ports: tuple[int, ...]  # what the default process listens on
    pull_seconds: float  # first pull on a node
    start_seconds: float  # process start until it accepts connections
    entrypoint: tuple[str, ...]  # Docker ENTRYPOINT (replaced by a Pod's command)
    cmd: tuple[str, ...]  # Docker CMD (replaced by a Pod's args)
    shell: str | None = None  # "alpine" / "busybox": an interactive shell is available
    handler: Handler | None = None
    versions: dict = field(default_factory=dict)  # tag -> server version string
    system: bool = False  # preloaded on every node
    # the signals the image's server handles by exiting, with its exit code; it ignores the others as PID 1
    exits_on: dict = field(default_factory=dict)
    stop_signal: str = "TERM"  # Docker's STOPSIGNAL: what the runtime sends when the Pod is deleted
    size_bytes: int = 0  # what a pull downloads (the kubelet's "Image size: ... bytes")


# ------------------------------------------------------------------ handlers
NGINX_WELCOME = """<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"""

NGINX_404 = """<html>
<head><title>404 Not Found</title></head>
<body>
<center><h1>404 Not Found</h1></center>
<hr><center>nginx/{version}</center>
</body>
</html>
"""

# when nginx 1.29.3's welcome page was written into the image: its Last-Modified, and the first half of its ETag
NGINX_PAGE_WRITTEN = datetime(2025, 10, 28, 12, 5, 10, tzinfo=timezone.utc).timestamp()


def _nginx(request: HttpRequest, ctx: ServerContext) -> HttpResponse:
    version = NGINX.versions.get(ctx.tag, NGINX.versions["latest"])
    if request.path in ("/", "/index.html"):
        body, status, reason = NGINX_WELCOME, 200, "OK"
        extra = (
            ("Last-Modified", imf_fixdate(NGINX_PAGE_WRITTEN)),
            ("Connection", "keep-alive"),
            # ngx_http_set_etag: the file's modification time and size, in hexadecimal
            ("ETag", f'"{int(NGINX_PAGE_WRITTEN):x}-{len(body.encode()):x}"'),
            ("Accept-Ranges", "bytes"),
        )
    else:
        body, status, reason = NGINX_404.format(version=version), 404, "Not Found"
        extra = (("Connection", "keep-alive"),)
    headers = (
        ("Server", f"nginx/{version}"),
        ("Date", ctx.date),
        ("Content-Type", "text/html"),
        ("Content-Length", str(len(body.encode()))),
        *extra,
    )
    return HttpResponse(status, reason, headers, body)


def _json_response(status: int, reason: str, payload: object, ctx: ServerContext, server: str) -> HttpResponse:
    body = json.dumps(payload, separators=(",", ":"))
    headers = (
        ("date", ctx.date),
        ("server", server),
        ("content-length", str(len(body))),
        ("content-type", "application/json"),
    )
    return HttpResponse(status, reason, headers, body)


def _whoami(request: HttpRequest, ctx: ServerContext) -> HttpResponse:
    """Like traefik/whoami: answers with the Pod that served the request."""
    if request.path not in ("/", "/whoami"):
        return HttpResponse(
            404,
            "Not Found",
            (("Date", ctx.date), ("Content-Length", "19"), ("Content-Type", "text/plain; charset=utf-8")),
            "404 page not found\n",
        )
    headers = dict(request.headers) or {"User-Agent": "curl/8.14.1", "Accept": "*/*"}
    agent = headers.pop("User-Agent", "Go-http-client/1.1")
    lines = [
        f"Hostname: {ctx.pod_name}",
        "IP: 127.0.0.1",
        f"IP: {ctx.pod_ip}",
        f"RemoteAddr: {request.client_ip}:{40000 + sum(map(ord, request.client_ip)) % 20000}",
        f"{request.method} {request.path} HTTP/1.1",
        f"Host: {request.host}",
        f"User-Agent: {agent}",
        *(f"{k}: {v}" for k, v in sorted(headers.items())),
        "",
    ]
    body = "\n".join(lines)
    return HttpResponse(
        200,
        "OK",
        (("Date", ctx.date), ("Content-Length", str(len(body))), ("Content-Type", "text/plain; charset=utf-8")),
        body,
    )


def _flask(request: HttpRequest, ctx: ServerContext) -> HttpResponse:
    """The lesson's Flask backend on port 5000: ``/data`` and ``/``."""
    server = "Werkzeug/3.1.3 Python/3.12.8"
    if request.path == "/data":
        return _json_response(200, "OK", {"items": ["alpha", "beta", "gamma"], "served_by": ctx.pod_name}, ctx, server)
    if request.path in ("/", "/health", "/healthz"):
        return _json_response(200, "OK", {"status": "ok", "pod": ctx.pod_name}, ctx, server)
    body = (
        "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n"
        "<p>The requested URL was not found on the server. "
        "If you entered the URL manually please check your spelling and try again.</p>\n"
    )
    return HttpResponse(
        404,
        "NOT FOUND",
        (
            ("Server", server),
            ("Date", ctx.date),
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(body))),
        ),
        body,
    )


AGENT_DOCS = """
    <!DOCTYPE html>
    <html>
    <head>
    <link type="text/css" rel="stylesheet" href="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css">
    <link rel="shortcut icon" href="https://fastapi.tiangolo.com/img/favicon.png">
    <title>Task Agent API - Swagger UI</title>
    </head>
    <body>
    <div id="swagger-ui">
    </div>
    <script src="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js"></script>
    <script>
    const ui = SwaggerUIBundle({
        url: '/openapi.json',
        "dom_id": "#swagger-ui",
        "layout": "BaseLayout",
        "deepLinking": true,
        "showExtensions": true,
        "showCommonExtensions": true,
        presets: [
        SwaggerUIBundle.presets.apis,
        SwaggerUIBundle.SwaggerUIStandalonePreset
        ],
    })
    </script>
    </body>
    </html>
    """


def _agent(request: HttpRequest, ctx: ServerContext) -> HttpResponse:
    """The course's FastAPI agent (uvicorn on 8000): Swagger UI at ``/docs``."""
    server = "uvicorn"
    if request.path == "/docs":
        body = AGENT_DOCS
        return HttpResponse(
            200,
            "OK",
            (
                ("date", ctx.date),
                ("server", server),
                ("content-length", str(len(body))),
                ("content-type", "text/html; charset=utf-8"),
            ),
            body,
        )
    if request.path == "/openapi.json":
        spec = {
            "openapi": "3.1.0",
            "info": {"title": "Task Agent API", "version": "1.0.0"},
            "paths": {"/health": {"get": {"summary": "Health"}}, "/chat": {"post": {"summary": "Chat"}}},
        }
        return _json_response(200, "OK", spec, ctx, server)
    if request.path == "/health":
        return _json_response(200, "OK", {"status": "healthy", "pod": ctx.pod_name}, ctx, server)
    if request.path == "/":
        return _json_response(200, "OK", {"message": "Task Agent API", "docs": "/docs"}, ctx, server)
    return _json_response(404, "Not Found", {"detail": "Not Found"}, ctx, server)


def _coredns(request: HttpRequest, ctx: ServerContext) -> HttpResponse:
    body = "OK"
    return HttpResponse(
        200, "OK", (("Date", ctx.date), ("Content-Length", "2"), ("Content-Type", "text/plain; charset=utf-8")), body
    )


# ------------------------------------------------------------------ catalogue
NGINX = Image(
    "nginx",
    "nginx web server: welcome page on port 80",
    (80,),
    4.0,
    0.5,
    ("/docker-entrypoint.sh",),
    ("nginx", "-g", "daemon off;"),
    handler=_nginx,
    # TERM/INT: fast shutdown, QUIT: graceful shutdown (HUP reloads, USR1 reopens logs: it keeps running)
    exits_on={"TERM": 0, "INT": 0, "QUIT": 0},
    stop_signal="QUIT",
    versions={
        "latest": "1.29.3",
        "alpine": "1.29.3",
        "stable": "1.28.0",
        "stable-alpine": "1.28.0",
        "1.26.2": "1.26.2",
        "1.26": "1.26.3",
        "1.27": "1.27.5",
        "1.25": "1.25.5",
    },
    size_bytes=22_618_461,
)
ALPINE = Image(
    "alpine",
    "Alpine Linux 3.22: busybox tools, apk package manager; no server",
    (),
    2.0,
    0.2,
    (),
    ("/bin/sh",),
    shell="alpine",
    size_bytes=3_802_452,
)
BUSYBOX = Image(
    "busybox",
    "busybox 1.37: sh, wget, nslookup; no server",
    (),
    1.5,
    0.2,
    (),
    ("sh",),
    shell="busybox",
    size_bytes=2_156_518,
)
WHOAMI = Image(
    "kubesim/whoami",
    "tiny web server on port 80 that answers with the Pod's name and IP",
    (80,),
    2.5,
    0.3,
    ("/whoami",),
    (),
    handler=_whoami,
    # a Go program without signal.Notify: the runtime exits with status 2 (runtime/signal_unix.go dieFromSignal)
    exits_on={"TERM": 2, "INT": 2, "HUP": 2, "QUIT": 2},
    size_bytes=3_312_810,
)
FLASK = Image(
    "flask",
    "the lesson's Flask backend: JSON API on port 5000 (/data)",
    (5000,),
    6.0,
    1.5,
    (),
    ("flask", "run", "--host=0.0.0.0", "--port=5000"),
    handler=_flask,
    # Python installs a handler for SIGINT only (KeyboardInterrupt, which Werkzeug's server loop ends on);
    # SIGTERM has none, so PID 1 ignores it and a deleted Pod waits out its grace period
    exits_on={"INT": 0},
    size_bytes=52_406_917,
)
AGENT = Image(
    "fastapi-agent",
    "the course's FastAPI agent: uvicorn on port 8000, Swagger UI at /docs",
    (8000,),
    7.0,
    2.0,
    (),
    ("uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"),
    handler=_agent,
    exits_on={"INT": 0, "TERM": 0},  # uvicorn's HANDLED_SIGNALS: a graceful shutdown
    size_bytes=61_730_144,
)
COREDNS = Image(
    "registry.k8s.io/coredns/coredns",
    "CoreDNS: DNS on 53, health on 8080, ready on 8181",
    (53, 8080, 8181, 9153),
    0,
    0.5,
    ("/coredns",),
    (),
    handler=_coredns,
    system=True,
    exits_on={"TERM": 0, "INT": 0, "QUIT": 0},  # HUP and USR1 reload the Corefile
)
PAUSE = Image(
    "registry.k8s.io/pause",
    "control-plane stand-in process",
    (),
    0,
    0.5,
    ("/pause",),
    (),
    system=True,
    exits_on={"INT": 0, "TERM": 0},  # build/pause/linux/pause.c: sigdie
)

CATALOGUE: dict[str, Image] = {
    image.repository: image for image in (NGINX, ALPINE, BUSYBOX, WHOAMI, FLASK, AGENT, COREDNS, PAUSE)
}
_ALIASES = {
    "library/nginx": "nginx",
    "docker.io/library/nginx": "nginx",
    "docker.io/nginx": "nginx",
    "library/alpine": "alpine",
    "docker.io/library/alpine": "alpine",
    "docker.io/alpine": "alpine",
    "library/busybox": "busybox",
    "docker.io/library/busybox": "busybox",
    "docker.io/busybox": "busybox",
    "traefik/whoami": "kubesim/whoami",
    "agent": "fastapi-agent",
    "my-agent": "fastapi-agent",
    "registry.k8s.io/etcd": "registry.k8s.io/pause",
    "registry.k8s.io/kube-apiserver": "registry.k8s.io/pause",
    "registry.k8s.io/kube-controller-manager": "registry.k8s.io/pause",
    "registry.k8s.io/kube-scheduler": "registry.k8s.io/pause",
    "registry.k8s.io/kube-proxy": "registry.k8s.io/pause",
    "docker/desktop-storage-provisioner": "registry.k8s.io/pause",
    "docker/desktop-vpnkit-controller": "registry.k8s.io/pause",
    "docker.io/kindest/kindnetd": "registry.k8s.io/pause",
    "docker.io/kindest/local-path-provisioner": "registry.k8s.io/pause",
}


def split_image(reference: str) -> tuple[str, str]:
    """``nginx:alpine`` -> (``nginx``, ``alpine``); no tag means ``latest``."""
    name, _, digest = reference.partition("@")
    last = name.rsplit("/", 1)[-1]
    if ":" in last:
        repo, tag = name.rsplit(":", 1)
    else:
        repo, tag = name, "latest"
    return repo, tag if not digest else digest


def lookup(reference: str) -> Image | None:
    repo, _ = split_image(reference)
    repo = _ALIASES.get(repo, repo)
    return CATALOGUE.get(repo)


@dataclass(frozen=True)
class ProcessPlan:
    """What a container's main process does: run until stopped, or exit after a while."""

    exit_code: int = 0
    exits_after: float | None = None  # None: runs until stopped
    listens: tuple[int, ...] = ()
    serves_http: bool = False

    @property
    def runs_forever(self) -> bool:
        return self.exits_after is None


_SHELLS = {"sh", "bash", "ash"}
# short-lived tools busybox (and so alpine) ships; run as a container's command they do their job and exit
_BUSYBOX_APPLETS = {
    "wget",
    "nslookup",
    "ping",
    "echo",
    "cat",
    "ls",
    "env",
    "printenv",
    "hostname",
    "date",
    "nc",
    "ip",
    "ifconfig",
    "id",
    "whoami",
    "uname",
    "ps",
    "head",
    "tail",
    "grep",
    "wc",
    "traceroute",
    "netstat",
}
_SERVERS = {"nginx", "flask", "uvicorn", "whoami", "coredns", "pause", "docker-entrypoint.sh"}


def command_line(image: Image, command: list[str] | None, args: list[str] | None) -> list[str]:
    """Docker's rule: a Pod's command replaces ENTRYPOINT, its args replace CMD."""
    entrypoint = list(command) if command else list(image.entrypoint)
    if args:
        rest = list(args)
    else:
        rest = [] if command else list(image.cmd)
    argv = entrypoint + rest
    if argv and argv[0] == "/docker-entrypoint.sh" and len(argv) > 1:
        argv = argv[1:]  # nginx's entrypoint script execs its arguments
    return argv


def plan_process(
    image: Image, command: list[str] | None, args: list[str] | None, interactive: bool = False
) -> ProcessPlan:
    """Decide what the container's process does, from the image and the Pod's command/args."""
    return _plan_argv(command_line(image, command, args), image, interactive)


def _plan_argv(argv: list[str], image: Image, interactive: bool) -> ProcessPlan:
    if not argv:
        return ProcessPlan(0, 0.1)
    program = argv[0].rsplit("/", 1)[-1]
    if program in _SHELLS:
        if len(argv) >= 3 and argv[1] == "-c":
            return _plan_script(argv[2], image)
        if len(argv) == 1:
            # with no terminal a shell reads end-of-file and exits 0; with -it it waits for input
            return ProcessPlan() if interactive else ProcessPlan(0, 0.1)
        return ProcessPlan(127, 0.1)
    if program == "sleep":
        return _plan_sleep(argv)
    if program == "true":
        return ProcessPlan(0, 0.1)
    if program == "false":
        return ProcessPlan(1, 0.1)
    if program == "exit":
        return ProcessPlan(_exit_status(argv[1] if len(argv) > 1 else "0"), 0.1)
    if program == "tail" and "-f" in argv:
        return ProcessPlan()
    if image.shell and program in _BUSYBOX_APPLETS:
        return ProcessPlan(0, 1.0)
    if image.system or (program in _SERVERS and image.handler is not None):
        return ProcessPlan(listens=_listen_ports(argv, image), serves_http=image.handler is not None)
    return ProcessPlan(127, 0.1)  # a program the image does not have


def exit_on_signal(image: Image, plan: ProcessPlan, signal: str) -> int | None:
    """The exit code of a container's PID 1 that gets ``signal``, or None when it goes on running.

    The kernel gives a PID namespace's init only the signals it has a handler for
    (``kernel/signal.c``: ``sig_task_ignored`` on a ``SIGNAL_UNKILLABLE`` task): from
    inside the container even SIGKILL is dropped, and from the container runtime only
    SIGKILL gets through. So ``sleep``, a shell or a tool as PID 1 ignores ``kill 1``,
    and a server exits only on the signals it handles (``Image.exits_on``).
    """
    if not (plan.serves_http or image.system):
        return None
    return image.exits_on.get(signal)


def _listen_ports(argv: list[str], image: Image) -> tuple[int, ...]:
    """A server's ports; ``--port N`` / ``--port=N`` (whoami, uvicorn, flask) moves it."""
    for i, word in enumerate(argv):
        value = (
            word.partition("=")[2]
            if word.startswith("--port=")
            else argv[i + 1]
            if word == "--port" and i + 1 < len(argv)
            else None
        )
        if value is not None and value.isdigit() and 0 < int(value) < 65536:
            return (int(value),)
    return image.ports


def _plan_sleep(argv: list[str]) -> ProcessPlan:
    if len(argv) < 2:
        return ProcessPlan(1, 0.1)
    if argv[1] in ("infinity", "inf"):
        return ProcessPlan()
    try:
        return ProcessPlan(0, float(argv[1].rstrip("s")))
    except ValueError:
        return ProcessPlan(1, 0.1)


def _exit_status(text: str) -> int:
    try:
        return int(text) & 0xFF
    except ValueError:
        return 2


def _plan_script(script: str, image: Image) -> ProcessPlan:
    """A small reading of ``sh -c`` scripts: statements run in order until one runs forever or fails."""
    try:
        statements = [
            shlex.split(part) for part in script.replace("&&", ";").replace("\n", ";").split(";") if part.strip()
        ]
    except ValueError:
        return ProcessPlan(2, 0.1)
    elapsed = 0.0
    for words in statements:
        if words[0] in ("while", "until") or (words[0] == "tail" and "-f" in words):
            return ProcessPlan()
        if words[0] in ("echo", "printf", "date", "hostname", "env", "cat", "ls", "do", "done"):
            continue
        plan = _plan_argv(words, image, False)
        if plan.runs_forever:
            return plan
        elapsed += plan.exits_after or 0
        if plan.exit_code != 0 or words[0] == "exit":
            return ProcessPlan(plan.exit_code, elapsed)
    return ProcessPlan(0, max(elapsed, 0.1))
