"""Helpers for the kubectl command tests (tests/kubectl/test_commands.py, test_cmd_*.py).

The manifests are the lesson's own files (services-and-networking.md), spelled as
the lesson spells them, comments included: tests/fixtures/lesson/, shared by every suite.
"""

from __future__ import annotations

import re
from pathlib import Path

from kubesim_nb import Cluster
from kubesim_nb.api.core import Pod, Service

LESSON = Path(__file__).resolve().parents[1] / "fixtures" / "lesson"
WEB_DEPLOYMENT = (LESSON / "web-deployment.yaml").read_text()
WEB_SERVICE_CLUSTERIP = (LESSON / "web-service-clusterip.yaml").read_text()
WEB_SERVICE_NODEPORT = (LESSON / "web-service-nodeport.yaml").read_text()
BACKEND_DEPLOYMENT = (LESSON / "backend-deployment.yaml").read_text()
BACKEND_SERVICE_WRONG = (LESSON / "backend-service-wrong.yaml").read_text()
BACKEND_SERVICE_FIXED = (LESSON / "backend-service-fixed.yaml").read_text()

ENDPOINTS_WARNING = "Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n"
MISSING_LAST_APPLIED = (
    "Warning: resource {} is missing the kubectl.kubernetes.io/last-applied-configuration annotation "
    "which is required by kubectl apply. "
    "kubectl apply should only be used on resources created declaratively by either kubectl create "
    "--save-config or kubectl apply. The missing annotation will be patched automatically.\n"
)
DNS1035 = (
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, "
    "and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is "
    "'[a-z]([-a-z0-9]*[a-z0-9])?')"
)
NODE_PORT_RANGE = "provided port is not in the valid range. The range of valid ports is 30000-32767"


def write_files(directory: Path, files: dict[str, str]) -> Path:
    """Write ``{"relative/name.yaml": text}`` under ``directory`` and return it."""
    for name, text in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return directory


def kubectl(cluster: Cluster, command: str, *, stdin: str | None = None, cwd=None):
    return cluster.kubectl(command, stdin=stdin, cwd=str(cwd) if cwd is not None else None)


def ok(cluster: Cluster, command: str, *, stdin: str | None = None, cwd=None) -> str:
    """Run a command that must succeed with nothing on stderr; return its stdout."""
    result = kubectl(cluster, command, stdin=stdin, cwd=cwd)
    assert result.exit_code == 0, (command, result.output)
    assert result.stderr == "", (command, result.stderr)
    return result.stdout


def fails_cleanly(cluster: Cluster, command: str, *, stdin: str | None = None, cwd=None):
    """Run a command on a think_time=0 cluster that must fail (exit 1) and change nothing at all."""
    assert cluster.think_time == 0
    before = cluster.dumps()
    result = kubectl(cluster, command, stdin=stdin, cwd=cwd)
    assert result.exit_code == 1, (command, result.output)
    assert result.stdout == "", (command, result.stdout)
    assert cluster.dumps() == before, f"failed command changed the cluster: {command}"
    return result


def table(*rows) -> str:
    """A ``kubectl get`` table laid out independently of the simulator:
    every column but the last is max(cell)+3 wide (at least 6), the last one is not padded."""
    rows = [[str(c) for c in row] for row in rows]
    widths = [max(max(len(r[i]) for r in rows if i < len(r)) + 3, 6) for i in range(max(map(len, rows)))]
    lines = []
    for row in rows:
        line = "".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:-1])) + row[-1]
        lines.append(line)
    return "\n".join(lines) + "\n"


def pods(cluster: Cluster, namespace: str = "default", **labels: str) -> list[Pod]:
    found = cluster.store.list(Pod, namespace)
    return [p for p in found if all(p.labels.get(k) == v for k, v in labels.items())]


def service(cluster: Cluster, name: str, namespace: str = "default") -> Service:
    svc = cluster.store.get(Service, namespace, name)
    assert svc is not None, name
    return svc


def pod_hash(cluster: Cluster, **labels: str) -> str:
    hashes = {p.labels["pod-template-hash"] for p in pods(cluster, **labels)}
    assert len(hashes) == 1, hashes
    return hashes.pop()


POD_NAME = re.compile(r"^[a-z0-9-]+-[4-9bcdf]{1,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$")


class FakeTerminal:
    """A terminal whose learner runs ``commands`` in another window, one per pause, then presses Ctrl-C."""

    def __init__(self, cluster, commands: list[str]):
        self.cluster, self.commands, self.pauses = cluster, list(commands), []

    def pause(self, seconds: float):
        self.pauses.append(seconds)
        if not self.commands:
            raise KeyboardInterrupt
        command = self.commands.pop(0)
        if command:
            assert self.cluster.kubectl(command).ok
        return self.cluster
