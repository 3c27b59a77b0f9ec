"""What a kubectl command is, what it receives when it runs, and what commands share.

A :class:`Command` is one of kubectl's cobra commands (``k8s.io/kubectl/pkg/cmd/<command>``):
its name, flags, summary, help and run function; every module in
:mod:`kubesim_nb.kubectl.commands` declares one. An :class:`Invocation` is one
run of it: the cluster, the parsed flags and the output stream.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Protocol

from ..errors import UsageError
from ..network.runtime import Runtime
from .flags import FALSE_WORDS, TRUE_WORDS, Flag, ParsedArgs, go_quote
from .output import printer_for
from .result import Output

__all__ = [
    "Command",
    "DRY_RUN_FLAG",
    "Invocation",
    "KubectlRuntime",
    "Terminal",
    "dry_run_suffix",
    "print_help_and_fail",
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

# cmdutil.AddDryRunFlag: a bare --dry-run means client (with a warning)
DRY_RUN_FLAG = Flag(
    "dry-run",
    default="none",
    no_value="unchanged",
    usage='Must be "none", "server", or "client". If client strategy, only print the object that would be sent, '
    "without sending it. If server strategy, submit server-side request without persisting the resource.",
)
DRY_RUN_MODES = ("none", "client", "server")
# where cmdutil.GetDryRunStrategy warns about a boolean --dry-run (helpers.go of kubectl v1.37.1)
DRY_RUN_BOOLEAN_SOURCE = {"client": "helpers.go:728", "none": "helpers.go:731"}


@dataclass
class Invocation:
    cluster: KubectlRuntime
    args: ParsedArgs
    out: Output
    stdin: str | None
    cwd: str | None
    # on a terminal: reads one line after showing a prompt; None at end of input
    read_line: Callable[[str], str | None] | None = None
    path: str = ""  # the command's path: "create service nodeport"
    help_text: Callable[[], str] = lambda: ""  # what the command's --help prints
    printed: int = 0  # objects printed so far with -o (the YAML printer separates them with ---)
    env: Mapping[str, str] | None = None  # kubectl's environment ($KUBECONFIG, $HOME); None on the simulated laptop
    terminal: Terminal | None = None  # a terminal to run on in (get -w); None in notebooks and tests
    default_namespace: str = "default"  # the kubeconfig context's namespace
    _dry_run: str | None = field(default=None, init=False, repr=False)

    @property
    def namespace(self) -> str:
        return self.args.get("namespace") or self.default_namespace

    @property
    def explicit_namespace(self) -> bool:
        return bool(self.args.get("namespace"))

    def flag(self, name: str, default: Any = None) -> Any:
        value = self.args.get(name)
        return default if value is None else value

    def usage_error(self, message: str) -> UsageError:
        """``cmdutil.UsageErrorf``: the message and where to find the command's help."""
        return UsageError(message, hint=f"See 'kubectl {self.path} -h' for help and examples")

    @property
    def now(self):
        return self.cluster.clock.now()

    def dry_run_mode(self) -> str:
        """``--dry-run`` as ``cmdutil.GetDryRunStrategy`` reads it (once): none, client or server; a bare
        ``--dry-run`` and the old booleans still work, with klog's deprecation warning."""
        if self._dry_run is None:
            value = self.flag("dry-run", "none")
            if value in TRUE_WORDS + FALSE_WORDS:
                mode = "client" if value in TRUE_WORDS else "none"
                self.klog_warning(
                    DRY_RUN_BOOLEAN_SOURCE[mode],
                    f"--dry-run={value} is deprecated (boolean value) and can be replaced with --dry-run={mode}.",
                )
            elif value == DRY_RUN_FLAG.no_value:
                mode = "client"
                self.klog_warning(
                    "helpers.go:714", "--dry-run is deprecated and can be replaced with --dry-run=client."
                )
            elif value in DRY_RUN_MODES:
                mode = value
            else:
                raise UsageError(f'Invalid dry-run value ({value}). Must be "none", "server", or "client".')
            self._dry_run = mode
        return self._dry_run

    def klog_warning(self, source: str, message: str) -> None:
        """A klog warning line on stderr (``W<MMDD> <time> <pid> <file:line>] <message>``)."""
        now = self.now
        self.out.err(f"W{now:%m%d %H:%M:%S.%f} {KUBECTL_PID:7d} {source}] {message}")


@dataclass(frozen=True)
class Command:
    """One kubectl command (a cobra command): ``name`` is its path (``create service nodeport``); ``summary``
    is its line in its parent's help (cobra's Short); ``help`` says what it does (Long) and ``examples`` how
    it is used; ``usage`` is its usage line; ``run`` returns the exit code. ``aliases`` are other names of it,
    ``suggest_for`` words it is suggested for; a ``hidden`` command is neither listed nor suggested; a command
    that is not ``simulated`` is kubectl's, which kubesim does not implement."""

    name: str
    summary: str
    help: str
    flags: list[Flag]
    run: Callable[[Invocation], int]
    subcommands: tuple["Command", ...] = ()
    examples: str = ""
    usage: str = ""
    aliases: tuple[str, ...] = ()
    suggest_for: tuple[str, ...] = ()
    hidden: bool = False
    simulated: bool = True
    # what the command's Complete first reads from the kubeconfig (its error for a missing context differs):
    # "namespace" (most commands), "rest" (a REST client: apply, create, run, expose...), "none" (config, and
    # the commands that only print their help)
    kubeconfig_use: str = "namespace"

    @property
    def word(self) -> str:
        """The word that names it on a command line (cobra's ``Name``): ``nodeport``."""
        return self.name.rsplit(" ", 1)[-1]


def print_help_and_fail(to_stdout: bool = False) -> Callable[[Invocation], int]:
    """``cmdutil.DefaultSubCommandRun``: a command that only groups subcommands, run by itself, prints its
    help (to stderr, or stdout for ``rollout``) and fails; a word after it is an unknown command."""

    def run(inv: Invocation) -> int:
        if inv.args.positional:
            raise inv.usage_error(f"unknown command {go_quote(' '.join(inv.args.positional))}")
        (inv.out.out if to_stdout else inv.out.err)(inv.help_text())
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
