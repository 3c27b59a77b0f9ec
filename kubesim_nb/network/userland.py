"""What is inside a container's filesystem: shell, libc, programs, packages.

The image catalogue (``images.py``) says what a container's main process does;
this module says what a learner finds when they ``kubectl exec`` into it:

- ``alpine`` (3.22): busybox ``ash``, musl, busybox applets (``wget``,
  ``nslookup``, ``ping``...), ``apk``; no ``curl`` until ``apk add curl``.
- ``busybox`` (1.37, glibc build): the same applets, no package manager.
- ``nginx:*alpine*``: Alpine plus nginx and ``curl`` (the official image adds
  curl "to make registering on DNS SD easier").
- ``nginx`` (Debian bookworm), ``flask``, ``fastapi-agent``: ``dash``, glibc,
  coreutils — no curl, wget, ping or nslookup (decision: the Debian nginx
  image ships without curl; ``apt-get`` is not simulated and is absent).
- ``kubesim/whoami``, CoreDNS, pause: no shell at all (scratch/distroless).

:data:`APK_PACKAGES` is a small slice of Alpine 3.22's x86_64 repositories
(versions as of the 3.22 branch; sizes are installed sizes) so ``apk add``
can resolve dependencies and print what it installs.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..images import lookup, split_image

__all__ = ["APK_PACKAGES", "BASIC_COMMANDS", "ApkPackage", "Userland", "command_path", "userland_for"]

# what every shell environment here has, the laptop included: the small Unix tools a learner types
BASIC_COMMANDS = frozenset(
    "[ cat cd clear date echo env false grep head hostname ls mkdir printenv printf pwd rm seq sleep sort tail test "
    "touch true uname uniq wc which whoami".split()
)
BUSYBOX_APPLETS = BASIC_COMMANDS | {"sh", "ash", "id", "ip", "nslookup", "ping", "wget"}
COREUTILS = BASIC_COMMANDS | {"sh", "dash", "bash", "id"}


@dataclass(frozen=True)
class Userland:
    name: str  # "alpine" | "busybox" | "debian" | "scratch"
    pretty_name: str
    shell: str | None  # "ash" | "dash" | None
    libc: str  # "musl" | "glibc"
    commands: frozenset[str]
    package_manager: str | None = None
    preinstalled: tuple[str, ...] = ()  # apk packages beyond the base image

    @property
    def strerror_timeout(self) -> str:
        return "Operation timed out" if self.libc == "musl" else "Connection timed out"


ALPINE = Userland("alpine", "Alpine Linux v3.22", "ash", "musl", BUSYBOX_APPLETS | {"apk"}, "apk")
BUSYBOX = Userland("busybox", "BusyBox v1.37.0", "ash", "glibc", BUSYBOX_APPLETS)
DEBIAN = Userland("debian", "Debian GNU/Linux 12 (bookworm)", "dash", "glibc", COREUTILS)
SCRATCH = Userland("scratch", "", None, "glibc", frozenset())


def userland_for(image_ref: str) -> Userland:
    image = lookup(image_ref)
    if image is None:
        return SCRATCH
    _, tag = split_image(image_ref)
    if image.shell == "alpine":
        return ALPINE
    if image.shell == "busybox":
        return BUSYBOX
    if image.repository == "nginx":
        if "alpine" in tag:
            return Userland("alpine", ALPINE.pretty_name, "ash", "musl", ALPINE.commands | {"nginx"}, "apk", ("curl",))
        return Userland("debian", DEBIAN.pretty_name, "dash", "glibc", DEBIAN.commands | {"nginx"})
    if image.repository in ("flask", "fastapi-agent"):
        return Userland("debian", DEBIAN.pretty_name, "dash", "glibc", DEBIAN.commands | {"python", "python3", "pip"})
    return SCRATCH


_SBIN = {"ip"}
_BIN = {
    "sh",
    "ash",
    "dash",
    "bash",
    "echo",
    "cat",
    "ls",
    "pwd",
    "hostname",
    "sleep",
    "grep",
    "date",
    "uname",
    "ping",
    "touch",
    "mkdir",
    "rm",
    "true",
    "false",
}


def command_path(name: str) -> str:
    if name in _SBIN:
        return f"/sbin/{name}"
    return f"/bin/{name}" if name in _BIN else f"/usr/bin/{name}"


# ----------------------------------------------------------------- packages
@dataclass(frozen=True)
class ApkPackage:
    name: str
    version: str
    size_kib: int
    depends: tuple[str, ...] = ()
    commands: tuple[str, ...] = ()
    repository: str = "main"


APK_BASE = {  # alpine:3.22's world, installed in every Alpine-based container
    "alpine-baselayout": "3.7.0-r0",
    "alpine-baselayout-data": "3.7.0-r0",
    "alpine-keys": "2.5-r0",
    "alpine-release": "3.22.2-r0",
    "apk-tools": "2.14.9-r3",
    "busybox": "1.37.0-r19",
    "busybox-binsh": "1.37.0-r19",
    "ca-certificates-bundle": "20250911-r0",
    "libapk2": "2.14.9-r3",
    "libcrypto3": "3.5.4-r0",
    "libssl3": "3.5.4-r0",
    "musl": "1.2.5-r10",
    "musl-utils": "1.2.5-r10",
    "scanelf": "1.3.8-r1",
    "ssl_client": "1.37.0-r19",
    "zlib": "1.3.1-r2",
}
APK_BASE_SIZE_KIB = 8356
BUSYBOX_TRIGGER = f"busybox-{APK_BASE['busybox']}.trigger"

APK_PACKAGES: dict[str, ApkPackage] = {
    p.name: p
    for p in (
        ApkPackage("brotli-libs", "1.1.0-r2", 720),
        ApkPackage("c-ares", "1.34.5-r0", 200),
        ApkPackage("libunistring", "1.3-r0", 1800),
        ApkPackage("libidn2", "2.3.7-r0", 160, ("libunistring",)),
        ApkPackage("nghttp2-libs", "1.65.0-r0", 170),
        ApkPackage("libpsl", "0.21.5-r3", 80, ("libidn2",)),
        ApkPackage("zstd-libs", "1.5.7-r0", 800),
        ApkPackage(
            "libcurl", "8.14.1-r2", 560, ("brotli-libs", "c-ares", "libidn2", "nghttp2-libs", "libpsl", "zstd-libs")
        ),
        ApkPackage("curl", "8.14.1-r2", 250, ("libcurl",), ("curl",)),
        ApkPackage("fstrm", "0.6.1-r4", 40),
        ApkPackage("krb5-conf", "1.0-r2", 8),
        ApkPackage("libcom_err", "1.47.2-r2", 30),
        ApkPackage("keyutils-libs", "1.6.3-r4", 30),
        ApkPackage("libverto", "0.3.2-r2", 40),
        ApkPackage("krb5-libs", "1.21.3-r0", 2000, ("krb5-conf", "libcom_err", "keyutils-libs", "libverto")),
        ApkPackage("json-c", "0.18-r1", 80),
        ApkPackage("protobuf-c", "1.5.2-r0", 60),
        ApkPackage("libuv", "1.51.0-r0", 180),
        ApkPackage("xz-libs", "5.8.1-r0", 220),
        ApkPackage("libxml2", "2.13.8-r0", 1200, ("xz-libs",)),
        ApkPackage("userspace-rcu", "0.15.2-r0", 400),
        ApkPackage(
            "bind-libs",
            "9.20.15-r0",
            4000,
            ("fstrm", "json-c", "krb5-libs", "libuv", "libxml2", "nghttp2-libs", "protobuf-c", "userspace-rcu"),
        ),
        ApkPackage("bind-tools", "9.20.15-r0", 560, ("bind-libs",), ("dig", "host", "nslookup")),
        ApkPackage("readline", "8.2.13-r1", 260),
        ApkPackage("bash", "5.2.37-r0", 1300, ("readline",), ("bash",)),
    )
}
