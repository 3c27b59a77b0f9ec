"""What a kubectl command is, what it receives when it runs, and what commands share.

A :class:`Command` is one of kubectl's cobra commands (``k8s.io/kubectl/pkg/cmd/<command>``):
its name, flags, summary, help and run function; every module in
:mod:`kubesim_nb.kubectl.commands` declares one. An :class:`Invocation` is one
run of it: the cluster, the parsed flags and the output stream.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping, Protocol

from ..errors import UsageError
from ..network.runtime import Runtime
from .flags import Flag, ParsedArgs
from .output import printer_for
from .result import Output

__all__ = [
    "COMMON_FLAGS",
    "Command",
    "DRY_RUN_FLAG",
    "Invocation",
    "KubectlRuntime",
    "default_subcommand_run",
    "Terminal",
    "dry_run_suffix",
    "print_changed",
]


class KubectlRuntime(Runtime, Protocol):
    """The cluster as kubectl sees it: the data plane's view, plus the learner's think time before a command."""

    think_time: float
    kubeconfig: str | None  # the simulated laptop's ~/.kube/config (kubeconfig.py); None until kubectl writes it

    def tick(self) -> None:
        """Let the learner's think time pass (before a command that parsed)."""


class Terminal(Protocol):
    """The terminal kubectl runs in (the ``kubesim`` command on a tty), for a command that runs until interrupted
    (``get -w``): simulated time then passes with real time, and other ``kubesim`` commands may run meanwhile."""

    def pause(self, seconds: float) -> KubectlRuntime:
        """Let ``seconds`` of real time pass; the cluster as it is now. Raises KeyboardInterrupt after Ctrl-C."""


KUBECTL_PID = 4242  # the process id klog puts in its line headers

# kubectl's global flags (every command accepts them)
COMMON_FLAGS = [
    Flag("namespace", "n"),
    Flag("help", "h", "bool", False),
    Flag("context"),
    Flag("kubeconfig"),
    Flag("request-timeout"),
    Flag("v", "v"),
]

# cmdutil.AddDryRunFlag: a bare --dry-run is "unchanged", which GetDryRunStrategy takes as client (with a warning)
DRY_RUN_FLAG = Flag("dry-run", None, "str", "none", no_value="unchanged")
DRY_RUN_MODES = ("none", "client", "server")
GO_BOOLS = {"1": True, "t": True, "T": True, "TRUE": True, "true": True, "True": True}
GO_BOOLS.update({"0": False, "f": False, "F": False, "FALSE": False, "false": False, "False": False})


@dataclass
class Invocation:
    cluster: KubectlRuntime
    args: ParsedArgs
    out: Output
    stdin: str | None
    cwd: str | None
    # on a terminal: reads one line after showing a prompt; None at end of input
    read_line: Callable[[str], str | None] | None = None
    printed: int = 0  # objects printed so far with -o (the YAML printer separates them with ---)
    env: Mapping[str, str] | None = None  # kubectl's environment ($KUBECONFIG, $HOME); None on the simulated laptop
    terminal: Terminal | None = None  # a terminal to run on in (get -w); None in notebooks and tests
    default_namespace: str = "default"  # the kubeconfig context's namespace

    @property
    def namespace(self) -> str:
        return self.args.get("namespace") or self.default_namespace

    @property
    def explicit_namespace(self) -> bool:
        return bool(self.args.get("namespace"))

    def flag(self, name: str, default: Any = None) -> Any:
        value = self.args.get(name)
        return default if value is None else value

    @property
    def now(self):
        return self.cluster.clock.now()

    def dry_run_mode(self) -> str:
        """``--dry-run`` checked as ``cmdutil.GetDryRunStrategy`` does: none, client or server. The
        deprecated forms (bare ``--dry-run``, ``--dry-run=true|false``) warn once, as klog does."""
        mode = self.flag("dry-run", "none")
        if mode == DRY_RUN_FLAG.no_value:
            self.klog_warning("helpers.go:714", "--dry-run is deprecated and can be replaced with --dry-run=client.")
            mode = "client"
        elif mode in GO_BOOLS:
            line, replacement = ("helpers.go:728", "client") if GO_BOOLS[mode] else ("helpers.go:731", "none")
            deprecated = f"--dry-run={mode} is deprecated (boolean value)"
            self.klog_warning(line, f"{deprecated} and can be replaced with --dry-run={replacement}.")
            mode = replacement
        if mode not in DRY_RUN_MODES:
            raise UsageError(f'Invalid dry-run value ({mode}). Must be "none", "server", or "client".')
        self.args.flags["dry-run"] = mode  # checked once: a later call neither warns nor converts again
        return mode

    def klog_warning(self, source: str, message: str) -> None:
        """A klog warning line on stderr (``W<MMDD> <time> <pid> <file:line>] <message>``)."""
        now = self.now
        self.out.err(f"W{now:%m%d %H:%M:%S.%f} {KUBECTL_PID:7d} {source}] {message}")


@dataclass(frozen=True)
class Command:
    """One kubectl command: ``name`` is its path (``create service nodeport``); ``summary`` is its
    line in ``kubectl --help``; ``help`` is what ``--help`` prints; ``run`` returns the exit code."""

    name: str
    summary: str
    help: str
    flags: list[Flag]
    run: Callable[[Invocation], int]
    subcommands: tuple["Command", ...] = ()
    # what the command's Complete first reads from the kubeconfig (its error for a missing context differs):
    # "namespace" (most commands), "rest" (a REST client: apply, create, run, expose...), "none" (config)
    kubeconfig_use: str = "namespace"


def default_subcommand_run(path: str, help: str) -> Callable[[Invocation], int]:
    """``cmdutil.DefaultSubCommandRun`` for a parent command (``set``, ``create secret``): run alone, it
    prints its help on stderr and fails; a word after it is an unknown command."""

    def run(inv: Invocation) -> int:
        if inv.args.positional:
            raise UsageError(
                f'unknown command "{" ".join(inv.args.positional)}"',
                hint=f"See 'kubectl {path} -h' for help and examples",
            )
        inv.out.err(help.rstrip("\n"))
        return 1

    return run


def dry_run_suffix(mode: str | None) -> str:
    """What a dry run adds to an operation's line (``service/web created (dry run)``)."""
    return {"client": " (dry run)", "server": " (server dry run)"}.get(mode or "none", "")


def print_changed(inv: Invocation, obj: Any, operation: str) -> None:
    """kubectl's name printer with an operation (``service/web-service labeled``), or the object
    itself for ``-o name|yaml|json`` (``PrintFlags.ToPrinter``)."""
    # one printer per command: the YAML printer separates the objects it prints with ---
    printer = printer_for(inv.flag("output"), inv.flag("template"), cwd=inv.cwd)
    printer.printed = inv.printed
    printer.print(inv.out, [obj], operation=operation)
    inv.printed += 1
