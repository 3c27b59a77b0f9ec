"""Alpine's package manager (apk-tools 2.14): ``apk add``, ``apk update``, ``apk del``, ``apk info``.

``apk add curl`` fetches the two repository indexes (when the cached ones
are missing or older than 4 hours, or with ``-U``/``--no-cache``), resolves
dependencies from :data:`~kubesim_nb.network.userland.APK_PACKAGES`, prints
``(i/n) Installing NAME (VERSION)`` for what is not there yet and makes the
programs available in that Pod (state kept in ``cluster.sessions``). An
unknown name fails the whole command, as apk does::

    ERROR: unable to select packages:
      dnsutils (no such package):
        required by: world[dnsutils]

Fetching needs the Pod's DNS and egress: with CoreDNS down, apk warns for
each index and then cannot find any package.
"""

from __future__ import annotations

from ..proxy import Connection, connect
from ..userland import APK_BASE, APK_BASE_SIZE_KIB, APK_PACKAGES, BUSYBOX_TRIGGER
from .base import ToolContext, jitter, program

__all__ = ["apk"]

MIRROR = "dl-cdn.alpinelinux.org"
BRANCH = "v3.22"
REPOSITORIES = ("main", "community")
INDEX_MAX_AGE = 4 * 3600
DISTINCT_PACKAGES = 26346
USAGE = (
    "usage: apk add [<OPTIONS>...] PACKAGES...\n\nDescription:\n  apk add adds or updates given packages, and ensures "
    "their dependencies are\n  installed.\n"
)


def _index_url(repo: str) -> str:
    return f"https://{MIRROR}/alpine/{BRANCH}/{repo}/x86_64/APKINDEX.tar.gz"


def _reach_mirror(ctx: ToolContext) -> str | None:
    """None if the mirror answers, else apk's reason text."""
    resolution = ctx.machine.resolve(MIRROR)
    if not resolution.ok:
        ctx.spend(resolution.elapsed_ms / 1000)
        return "temporary error (try again later)" if resolution.error == "timeout" else "DNS lookup error"
    outcome = connect(ctx.cluster, ctx.machine.source, resolution.addresses[0], 443)
    return None if isinstance(outcome, Connection) else "network error (check Internet connection and firewall)"


def _fetch_indexes(ctx: ToolContext, force: bool) -> bool:
    """Refresh the package indexes if needed; False when the repositories could not be read."""
    state = ctx.machine.state
    fresh = state.index_fetched_at is not None and ctx.now() - state.index_fetched_at < INDEX_MAX_AGE
    if fresh and not force:
        return True
    problem = _reach_mirror(ctx)
    for repo in REPOSITORIES:
        ctx.out.write(f"fetch {_index_url(repo)}\n")
        if problem:
            ctx.err.write(f"WARNING: fetching https://{MIRROR}/alpine/{BRANCH}/{repo}: {problem}\n")
    if problem:
        return state.index_fetched_at is not None
    ctx.spend(0.6)
    state.index_fetched_at = ctx.now()
    return True


def _closure(names: list[str]) -> list[str]:
    """Dependencies first, in a stable order (what apk's solver prints)."""
    ordered: list[str] = []

    def visit(name: str) -> None:
        if name in ordered or name in APK_BASE:
            return
        for dep in APK_PACKAGES[name].depends:
            visit(dep)
        ordered.append(name)

    for name in names:
        visit(name)
    return ordered


def _summary(ctx: ToolContext) -> str:
    installed = [p for p in ctx.machine.installed() if p in APK_PACKAGES]
    size_kib = APK_BASE_SIZE_KIB + sum(APK_PACKAGES[p].size_kib for p in installed)
    return f"OK: {size_kib // 1024} MiB in {len(APK_BASE) + len(installed)} packages\n"


def _add(ctx: ToolContext, args: list[str]) -> int:
    force = any(a in ("-U", "--update-cache", "--no-cache") for a in args)
    names = [a for a in args if not a.startswith("-")]
    if not names:
        ctx.err.write(USAGE)
        return 1
    reachable = _fetch_indexes(ctx, force)
    missing = [n for n in names if n not in APK_PACKAGES and n not in APK_BASE] if reachable else list(names)
    if missing:
        ctx.err.write(
            "ERROR: unable to select packages:\n"
            + "".join(f"  {n} (no such package):\n    required by: world[{n}]\n" for n in missing)
        )
        return 1
    state = ctx.machine.state
    have = set(ctx.machine.installed())
    new = [p for p in _closure(names) if p not in have]
    for i, name in enumerate(new, start=1):
        ctx.out.write(f"({i}/{len(new)}) Installing {name} ({APK_PACKAGES[name].version})\n")
        ctx.spend(0.15)
    if any(APK_PACKAGES[p].commands for p in new):
        ctx.out.write(f"Executing {BUSYBOX_TRIGGER}\n")
    for name in new:
        state.packages.append(name)
    ctx.out.write(_summary(ctx))
    return 0


def _del(ctx: ToolContext, args: list[str]) -> int:
    state = ctx.machine.state
    names = [a for a in args if not a.startswith("-")]
    keep = set(
        _closure([p for p in state.packages if p not in names and p in APK_PACKAGES and APK_PACKAGES[p].commands])
    )
    removed = [p for p in reversed(state.packages) if p not in keep]
    for i, name in enumerate(removed, start=1):
        ctx.out.write(f"({i}/{len(removed)}) Purging {name} ({APK_PACKAGES[name].version})\n")
    state.packages[:] = [p for p in state.packages if p in keep]
    if removed:
        ctx.out.write(f"Executing {BUSYBOX_TRIGGER}\n")
    ctx.out.write(_summary(ctx))
    return 0


def _update(ctx: ToolContext, args: list[str]) -> int:
    if not _fetch_indexes(ctx, True):
        ctx.out.write(f"{len(REPOSITORIES)} unavailable, 0 stale; {len(APK_BASE)} distinct packages available\n")
        return len(REPOSITORIES)
    for repo in REPOSITORIES:
        commit = jitter(f"{BRANCH}/{repo}", 0, 0xFFFFFFFFF)
        ctx.out.write(f"{BRANCH}.2-{jitter(repo, 20, 120)}-g{commit:09x} [https://{MIRROR}/alpine/{BRANCH}/{repo}]\n")
    ctx.out.write(f"OK: {DISTINCT_PACKAGES} distinct packages available\n")
    return 0


def _info(ctx: ToolContext, args: list[str]) -> int:
    names = sorted({*APK_BASE, *ctx.machine.installed()})
    ctx.out.write("".join(n + "\n" for n in names))
    return 0


@program("apk")
def apk(ctx: ToolContext, argv: list[str]) -> int:
    if len(argv) < 2:
        ctx.out.write("apk-tools 2.14.9, compiled for x86_64.\n\nusage: apk [<OPTIONS>...] COMMAND [<ARGUMENTS>...]\n")
        return 1
    command, args = argv[1], argv[2:]
    handlers = {"add": _add, "del": _del, "update": _update, "info": _info}
    if command in ("--version", "-V"):
        ctx.out.write("apk-tools 2.14.9, compiled for x86_64.\n")
        return 0
    handler = handlers.get(command)
    if handler is None:
        ctx.err.write(f"apk: unknown command '{command}'\n")
        return 1
    return handler(ctx, args)
