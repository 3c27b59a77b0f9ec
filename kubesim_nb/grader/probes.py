"""Behaviour probes: what a learner would see with curl and nslookup, as data for checks.

Probes go through the simulator's data plane exactly as a learner's commands
do: ``curl`` typed into a shell in a client Pod (:class:`PodShell`) or on the
laptop (:class:`HostShell`), so a probe follows the same DNS search path,
kube-proxy rules and node-port publishing. Name lookups use the Pod's own
resolver (``network.dns.lookup_host``), which is what ``getaddrinfo`` in the
Pod would return. Each probe returns a small record holding the verdict and
the text to quote in feedback.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from kubesim_nb.api.core import Pod
from kubesim_nb.network.dns import lookup_host
from kubesim_nb.network.proxy import Source
from kubesim_nb.network.runtime import Runtime
from kubesim_nb.network.shell import HostShell, PodShell

__all__ = ["HttpProbe", "Lookup", "curl_from_host", "curl_from_pod", "install_curl", "lookup_from_pod"]

CURL_MAX_SECONDS = 5  # simulated seconds: a dropped packet costs 5 s, not curl's 2-minute connect timeout
_TITLE = re.compile(r"<title>(.*?)</title>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class HttpProbe:
    command: str  # what was typed, e.g. "curl http://agent-service/docs" (from default/client)
    exit_code: int
    status: int | None  # HTTP status, None when no response came back
    body: str
    error: str  # curl's message when it failed

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and self.status is not None and 200 <= self.status < 300

    def shows(self, marker: str) -> bool:
        return self.ok and marker in self.body

    def summary(self) -> str:
        if self.status is None:
            return self.error or f"curl exited with status {self.exit_code}"
        title = _TITLE.search(self.body)
        if title:
            return f"HTTP {self.status}, a page titled '{title.group(1).strip()}'"
        preview = " ".join(self.body.split())[:80]
        return f"HTTP {self.status}" + (f", body {preview!r}" if preview else ", empty body")


@dataclass(frozen=True)
class Lookup:
    name: str
    addresses: tuple[str, ...]
    error: str | None  # nxdomain | nodata | timeout | servfail
    tried: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return bool(self.addresses)

    def summary(self) -> str:
        if self.ok:
            return f"'{self.name}' resolves to {', '.join(self.addresses)}"
        tried = f" (tried {', '.join(self.tried)})" if self.tried else ""
        reason = {
            "nxdomain": "no such name (NXDOMAIN)",
            "nodata": "a name with no address",
            "timeout": "no answer from DNS",
        }
        return f"'{self.name}' does not resolve: {reason.get(self.error or '', self.error or 'no address')}{tried}"


def _parse_curl(command: str, exit_code: int, stdout: str, stderr: str) -> HttpProbe:
    text = stdout.replace("\r\n", "\n")
    status = None
    body = text
    if text.startswith("HTTP/"):
        head, _, body = text.partition("\n\n")
        parts = head.split("\n", 1)[0].split()
        if len(parts) >= 2 and parts[1].isdigit():
            status = int(parts[1])
    error = next(
        (line for line in stderr.splitlines() if line.startswith("curl:") or "not found" in line), stderr.strip()
    )
    return HttpProbe(command, exit_code, status if exit_code == 0 else None, body, error)


def _curl_line(url: str) -> str:
    return f"curl -sS -i -m {CURL_MAX_SECONDS} {shlex.quote(url)}"


def curl_from_pod(cluster: Runtime, namespace: str, pod: str, url: str) -> HttpProbe:
    """``curl URL`` typed in a shell in ``namespace/pod``."""
    result = PodShell(cluster, namespace, pod).run_line(_curl_line(url))
    return _parse_curl(f"curl {url} (from Pod {namespace}/{pod})", result.exit_code, result.stdout, result.stderr)


def curl_from_host(cluster: Runtime, url: str) -> HttpProbe:
    """``curl URL`` typed on the learner's laptop."""
    result = HostShell(cluster).run_line(_curl_line(url))
    return _parse_curl(f"curl {url} (from your computer)", result.exit_code, result.stdout, result.stderr)


def lookup_from_pod(cluster: Runtime, namespace: str, pod_name: str, name: str) -> Lookup:
    """What ``getaddrinfo(name)`` returns inside ``namespace/pod_name`` (its resolv.conf, its search list)."""
    pod = cluster.api.find(Pod, namespace, pod_name)
    if pod is None:
        raise LookupError(f"probe Pod {namespace}/{pod_name} is missing from the scenario")
    cluster.settle()
    result = lookup_host(cluster, Source.of_pod(pod), name, pod)
    return Lookup(name, tuple(result.addresses), result.error, tuple(result.tried))


def install_curl(cluster: Runtime, namespace: str, pod: str) -> None:
    """``apk add curl`` in a client Pod (judge preparation; learners do this themselves)."""
    result = PodShell(cluster, namespace, pod).run_line("apk add curl")
    if result.exit_code != 0:
        raise RuntimeError(f"could not install curl in {namespace}/{pod}: {result.stderr.strip()}")
