"""Where a command runs: a container of a Pod, or the learner's laptop.

A :class:`Machine` gives the programs of :mod:`.tools` what they need from
their surroundings — who they are on the network (a :class:`~.proxy.Source`),
how names resolve there, which programs exist, and a small filesystem:
generated files (``/etc/resolv.conf``, ``/etc/hosts``, ``/etc/hostname``,
``/etc/os-release``) plus whatever the learner wrote, saved in
``cluster.sessions`` so the CLI keeps it between commands.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from ..api.core import Pod
from ..errors import KubeSimError
from .dns import Resolution, hosts_file, lookup_host, resolv_conf, service_env
from .proxy import Source
from .state import PodState, pod_state, section
from .topology import host_resolver
from .userland import APK_PACKAGES, BASIC_COMMANDS, Userland, userland_for

if TYPE_CHECKING:  # pragma: no cover
    from .runtime import Runtime

__all__ = ["ExecError", "HostMachine", "HostProfile", "Kubectl", "Machine", "PodMachine"]

# a kubectl front end: (argv after "kubectl", stdin) -> a result with stdout, stderr and exit_code
Kubectl = Callable[[list[str], "str | None"], Any]

ROOT_DIRS = (
    "bin",
    "dev",
    "etc",
    "home",
    "lib",
    "media",
    "mnt",
    "opt",
    "proc",
    "root",
    "run",
    "sbin",
    "srv",
    "sys",
    "tmp",
    "usr",
    "var",
)
KNOWN_DIRS = frozenset(
    {"/"}
    | {f"/{d}" for d in ROOT_DIRS}
    | {
        "/usr/bin",
        "/usr/sbin",
        "/usr/lib",
        "/usr/share",
        "/usr/local",
        "/usr/local/bin",
        "/var/log",
        "/var/cache",
        "/var/run",
        "/etc/apk",
    }
)
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


class ExecError(KubeSimError):
    """``kubectl exec`` cannot start the program (the message is what kubectl prints)."""


class Machine:
    """Common filesystem logic; subclasses provide identity, programs and generated files."""

    cluster: "Runtime"
    hostname: str
    flavor: str  # "ash" | "dash" | "zsh" | "bash": whose error messages the shell prints

    # -- identity ---------------------------------------------------------
    @property
    def source(self) -> Source:
        raise NotImplementedError

    @property
    def pod(self) -> Pod | None:
        return None

    def has_command(self, name: str) -> bool:
        raise NotImplementedError

    def resolve(self, name: str) -> Resolution:
        return lookup_host(self.cluster, self.source, name, self.pod)

    def base_env(self) -> dict[str, str]:
        raise NotImplementedError

    @property
    def strerror_timeout(self) -> str:
        """libc's text for ETIMEDOUT (musl and macOS: "Operation timed out"; glibc: "Connection timed out")."""
        return "Operation timed out"

    # -- filesystem -------------------------------------------------------
    def _store(self) -> dict:
        raise NotImplementedError

    def generated_files(self) -> dict[str, str]:
        return {}

    def read_file(self, path: str) -> str | None:
        path = posixpath.normpath(path)
        files = self._store().get("files", {})
        if path in files:
            return files[path]
        return self.generated_files().get(path)

    def write_file(self, path: str, text: str, append: bool = False) -> str | None:
        """Write (or append to) a file; returns an error text (``Is a directory``...) or None."""
        path = posixpath.normpath(path)
        if path in ("/dev/null",):
            return None
        if self.is_dir(path):
            return "Is a directory"
        if not self.is_dir(posixpath.dirname(path)):
            return "No such file or directory"
        files = self._store().setdefault("files", {})
        files[path] = (self.read_file(path) or "") + text if append else text
        return None

    def remove_file(self, path: str) -> bool:
        return self._store().setdefault("files", {}).pop(posixpath.normpath(path), None) is not None

    def make_dir(self, path: str) -> None:
        dirs = self._store().setdefault("dirs", [])
        path = posixpath.normpath(path)
        if path not in dirs:
            dirs.append(path)

    def is_dir(self, path: str) -> bool:
        path = posixpath.normpath(path)
        if path in KNOWN_DIRS or path in self._store().get("dirs", []):
            return True
        prefix = path.rstrip("/") + "/"
        return any(p.startswith(prefix) for p in [*self._store().get("files", {}), *self.generated_files()])

    def list_dir(self, path: str) -> list[str] | None:
        path = posixpath.normpath(path)
        if not self.is_dir(path):
            return None
        prefix = "/" if path == "/" else path + "/"
        names = {
            p[len(prefix) :].split("/")[0]
            for p in [
                *self._store().get("files", {}),
                *self.generated_files(),
                *KNOWN_DIRS,
                *self._store().get("dirs", []),
            ]
            if p.startswith(prefix) and p != path and len(p) > len(prefix)
        }
        return sorted(names)


# ---------------------------------------------------------------------- Pods
class PodMachine(Machine):
    def __init__(self, cluster: "Runtime", namespace: str, name: str, container: str | None = None):
        self.cluster = cluster
        self.namespace, self.name = namespace, name
        pod = self.pod
        containers = pod.spec.containers or []
        chosen = (
            next((c for c in containers if c.name == container), None)
            if container
            else (containers[0] if containers else None)
        )
        if chosen is None:
            raise ExecError(f"error: container {container} not found in pod {name}")
        self.container = chosen
        self.uid = pod.metadata.uid
        self.userland: Userland = userland_for(chosen.image or "")
        self.flavor = self.userland.shell or "ash"
        self.hostname = pod.spec.hostname or pod.name

    @property
    def pod(self) -> Pod:
        pod = self.cluster.api.find(Pod, self.namespace, self.name)
        if pod is None:
            from ..errors import ApiError

            raise ApiError.not_found("pods", self.name)
        return pod

    @property
    def state(self) -> PodState:
        return pod_state(self.cluster, self.uid)

    def signal_init(self, signal: str) -> bool:
        """Signal the container's PID 1 (through the kubelet); True when the container's process exits."""
        return self.cluster.signal_container(self.pod, self.container, signal)

    def _store(self) -> dict:
        return self.state.data

    @property
    def source(self) -> Source:
        return Source.of_pod(self.pod)

    @property
    def strerror_timeout(self) -> str:
        return self.userland.strerror_timeout

    def installed(self) -> list[str]:
        return [*self.userland.preinstalled, *self.state.packages]

    def has_command(self, name: str) -> bool:
        if name in self.userland.commands:
            return True
        return any(name in APK_PACKAGES[p].commands for p in self.installed() if p in APK_PACKAGES)

    def nslookup_flavor(self) -> str:
        """``bind`` once bind-tools replaced busybox's nslookup, else ``busybox``."""
        return (
            "bind"
            if any("nslookup" in APK_PACKAGES[p].commands for p in self.installed() if p in APK_PACKAGES)
            else "busybox"
        )

    def base_env(self) -> dict[str, str]:
        pod = self.pod
        env = {"PATH": PATH, "HOSTNAME": self.hostname}
        env.update(service_env(self.cluster, pod))
        env.update({e.name: e.value or "" for e in self.container.env or [] if e.name})
        env.setdefault("HOME", "/root")
        return env

    def generated_files(self) -> dict[str, str]:
        pod = self.pod
        files = {
            "/etc/resolv.conf": resolv_conf(self.cluster, pod),
            "/etc/hosts": hosts_file(pod),
            "/etc/hostname": self.hostname + "\n",
        }
        if self.userland.pretty_name:
            files["/etc/os-release"] = _os_release(self.userland)
        if self.userland.name == "alpine":
            files["/etc/alpine-release"] = "3.22.2\n"
            files["/etc/apk/world"] = (
                "\n".join(
                    sorted(
                        {
                            "alpine-baselayout",
                            "alpine-keys",
                            "apk-tools",
                            "busybox",
                            "ca-certificates-bundle",
                            "libc-utils",
                            *self.installed(),
                        }
                    )
                )
                + "\n"
            )
        return files


def _os_release(userland: Userland) -> str:
    if userland.name == "alpine":
        return (
            'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.22.2\nPRETTY_NAME="Alpine Linux v3.22"\n'
            'HOME_URL="https://alpinelinux.org/"\nBUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"\n'
        )
    if userland.name == "debian":
        return (
            'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\n'
            'VERSION="12 (bookworm)"\n'
            'VERSION_CODENAME=bookworm\nID=debian\nHOME_URL="https://www.debian.org/"\n'
        )
    return ""


# ---------------------------------------------------------------------- laptop
@dataclass(frozen=True)
class HostProfile:
    """The learner's computer: which shell and which curl they have."""

    os: str = "macos"  # "macos" | "linux"
    shell: str = "zsh"
    curl_version: str = "8.7.1"
    connect_timeout_ms: int = 75000  # the kernel's SYN retry limit (macOS 75 s, Linux about 127 s)
    user: str = "learner"

    @property
    def home(self) -> str:
        return f"/Users/{self.user}" if self.os == "macos" else f"/home/{self.user}"

    @classmethod
    def for_cluster(cls, cluster: "Runtime") -> "HostProfile":
        if cluster.profile.name == "kind":
            return cls("linux", "bash", "8.5.0", 127000)
        return cls()


HOST_COMMANDS = BASIC_COMMANDS | {"curl", "kubectl", "nslookup", "ping"}


class HostMachine(Machine):
    """The learner's laptop. ``kubectl`` is the kubectl front end its shell runs (handed in from above:
    the data plane does not import kubectl); without it, ``kubectl`` is not installed there."""

    def __init__(self, cluster: "Runtime", profile: HostProfile | None = None, kubectl: Kubectl | None = None):
        self.cluster = cluster
        self.kubectl = kubectl
        self.profile = profile or HostProfile.for_cluster(cluster)
        self.flavor = self.profile.shell
        self.hostname = "laptop.local" if self.profile.os == "macos" else "laptop"

    def _store(self) -> dict:
        return section(self.cluster, "host")

    @property
    def source(self) -> Source:
        return Source.host(self.cluster)

    def has_command(self, name: str) -> bool:
        return name in HOST_COMMANDS and (name != "kubectl" or self.kubectl is not None)

    @property
    def strerror_timeout(self) -> str:
        return "Operation timed out" if self.profile.os == "macos" else "Connection timed out"

    def nslookup_flavor(self) -> str:
        return "bind"

    def base_env(self) -> dict[str, str]:
        return {
            "PATH": "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
            "HOME": self.profile.home,
            "USER": self.profile.user,
            "SHELL": f"/bin/{self.profile.shell}",
        }

    def generated_files(self) -> dict[str, str]:
        hosts = "127.0.0.1\tlocalhost\n::1\tlocalhost\n"
        if self.cluster.profile.name == "docker-desktop":
            hosts += "# Added by Docker Desktop\n127.0.0.1 kubernetes.docker.internal\n# End of section\n"
        return {"/etc/hosts": hosts, "/etc/resolv.conf": f"nameserver {host_resolver(self.cluster.profile)}\n"}

    def resolve(self, name: str) -> Resolution:
        lowered = name.lower().rstrip(".")
        if lowered == "localhost" or (
            lowered == "kubernetes.docker.internal" and self.cluster.profile.name == "docker-desktop"
        ):
            return Resolution(name, ("127.0.0.1",), canonical=name)
        return super().resolve(name)
