"""The kubectl front end: parse a command line, run it against a Cluster, print like kubectl.

``run_kubectl(cluster, "get pods -o wide")`` returns a :class:`CommandResult`
(stdout, stderr, exit code). kubectl-visible failures are results, never
Python exceptions; an unexpected simulator bug is reported as one error line,
never a traceback.

Each command is a module of :mod:`.commands` that declares one ``COMMAND``;
this module only collects them (:data:`REGISTRY`) into kubectl's command tree
(with kubectl's other commands as :func:`.catalog.not_simulated` stand-ins),
and runs a line as kubectl's ``main`` and cobra's ``Command.ExecuteC`` do:
find the command (:mod:`.cobra`), parse its flags, print its help if asked,
check its required flags, then run it.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Callable, Mapping

from ..errors import INTERNAL_PROBLEM, KubeSimError, UsageError
from ..network.activity import record_command
from .base import Command, Invocation, KubectlRuntime, Terminal
from .catalog import ALPHA, ROOT_ORDER, SUMMARIES, not_simulated
from .cobra import CommandTree, strip_flags
from .commands import (
    annotate,
    api_resources,
    api_versions,
    apply,
    attach,
    auth,
    cluster_info,
    completion,
    config,
    create,
    create_configmap,
    create_cronjob,
    create_deployment,
    create_ingress,
    create_job,
    create_namespace,
    create_secret,
    create_service,
    delete,
    describe,
    diff,
    edit,
    events,
    explain,
    expose,
    get,
    label,
    logs,
    options,
    patch,
    port_forward,
    replace,
    rollout,
    run,
    scale,
    version,
    wait,
)
from .commands import exec as exec_
from .commands import set as set_
from .errors import error_message
from .flags import ParsedArgs, go_quote, parse_flags
from .flagsets import PROFILES
from .kubeconfig import client_namespace, kubeconfig_files
from .result import CommandResult, Output
from .templates import command_help, usage_text

__all__ = ["COMMANDS", "CommandResult", "run_kubectl", "split_command"]

# the commands kubesim simulates, with their subcommands
REGISTRY: list[Command] = [
    get.COMMAND,
    describe.COMMAND,
    apply.COMMAND,
    diff.COMMAND,
    create.COMMAND,
    create_deployment.COMMAND,
    create_namespace.COMMAND,
    create_service.COMMAND,
    create_configmap.COMMAND,
    create_secret.COMMAND,
    create_job.COMMAND,
    create_cronjob.COMMAND,
    create_ingress.COMMAND,
    run.COMMAND,
    expose.COMMAND,
    delete.COMMAND,
    label.COMMAND,
    annotate.COMMAND,
    scale.COMMAND,
    patch.COMMAND,
    replace.COMMAND,
    set_.COMMAND,
    edit.COMMAND,
    rollout.COMMAND,
    version.COMMAND,
    config.COMMAND,
    completion.COMMAND,
    cluster_info.COMMAND,
    api_resources.COMMAND,
    api_versions.COMMAND,
    explain.COMMAND,
    exec_.COMMAND,
    port_forward.COMMAND,
    logs.COMMAND,
    events.COMMAND,
    attach.COMMAND,
    auth.COMMAND,
    options.COMMAND,
    wait.COMMAND,
]


def _with_subcommands(commands: list[Command]) -> list[Command]:
    return [c for command in commands for c in (command, *_with_subcommands(list(command.subcommands)))]


# every command kubesim simulates, by its path ("get", "create service nodeport")
COMMANDS: dict[str, Command] = {command.name: command for command in _with_subcommands(REGISTRY)}


def _print_help(inv: Invocation) -> int:
    inv.out.out(inv.help_text())
    return 0


def _help_topic(inv: Invocation) -> int:
    """cobra's ``help`` command: the help of the command its words name, or kubectl's usage if none."""
    try:
        command, _ = TREE.find(inv.args.positional)
    except UsageError:
        # Go's %#q of the words: back-quoted where a back-quoted string can hold them
        topics = [
            f"`{word}`" if "`" not in word and word.isprintable() else go_quote(word) for word in inv.args.positional
        ]
        inv.out.err(f"Unknown help topic [{' '.join(topics)}]\n" + usage_text(ROOT, TREE))
        return 0
    inv.out.out(command_help(command, TREE))
    return 0


ROOT = Command(
    "",
    "kubectl controls the Kubernetes cluster manager",
    "kubectl controls the Kubernetes cluster manager.\n\n Find more information at: "
    "https://kubernetes.io/docs/reference/kubectl/",
    [],
    _print_help,
    usage="kubectl [flags] [options]",
    kubeconfig_use="none",
)
# cobra's default help command (InitDefaultHelpCmd): found, but neither listed nor suggested
HELP_COMMAND = Command(
    "help",
    "Help about any command",
    "Help provides help for any command in the application.\nSimply type kubectl help [path to command] for full "
    "details.",
    [],
    _help_topic,
    usage="kubectl help [command] [options]",
    kubeconfig_use="none",
)


def _tree() -> CommandTree:
    """kubectl's command tree: the simulated commands, and stand-ins for the rest (root's in kubectl's order)."""
    commands = {"": ROOT, "help": HELP_COMMAND, "alpha": ALPHA, **COMMANDS}
    for path in SUMMARIES:
        commands.setdefault(path, not_simulated(path))
    children: dict[str, tuple[Command, ...]] = {
        "": tuple(commands[name] for name in (*ROOT_ORDER, "help")),
    }
    for path, command in commands.items():
        if " " in path:
            parent = path.rsplit(" ", 1)[0]
            children[parent] = (*children.get(parent, ()), command)
    return CommandTree(commands, children)


TREE = _tree()


def split_command(command: str | list[str]) -> list[str]:
    if isinstance(command, list):
        argv = list(command)
    else:
        try:
            argv = shlex.split(command, comments=True)
        except ValueError as err:
            raise UsageError(f"cannot parse the command line: {err}") from None
    if argv and argv[0] == "kubectl":
        argv = argv[1:]
    return argv


def _check_plugin_position(argv: list[str]) -> None:
    """kubectl's plugin lookup (cmd.go ``NewDefaultKubectlCommandWithArgs``): a first word that is no command
    is a plugin's name, which may not follow a flag. kubesim has no plugins, so the lookup finds nothing."""
    words = strip_flags(argv, TREE.flags(ROOT))
    if not words or (words[0] != "help" and TREE.child(ROOT, words[0]) is not None):
        return  # cobra finds a command
    first_word = next((word for word in argv if not word.startswith("-")), "")
    if first_word != "help" and argv[0].startswith("-"):
        raise KubeSimError(f"Error: flags cannot be placed before plugin name: {argv[0]}")


def _check_before_run(command: Command, args: ParsedArgs) -> None:
    """What cobra and kubectl's root check before a command runs: its required flags (cobra's
    ``ValidateRequiredFlags``), ``--profile`` (cmd.go ``initProfiling``), and that no flag kubesim does not
    implement was set."""
    missing = sorted(flag.name for flag in command.flags if flag.required and flag.name not in args.given)
    if missing:
        raise UsageError("required flag(s) " + ", ".join(f'"{name}"' for name in missing) + " not set")
    profile = args.get("profile", "none")
    if profile not in PROFILES:
        raise UsageError(f"unknown profile '{profile}'")
    for flag in command.flags:
        if flag.name in args.given and not flag.implemented:
            raise UsageError(f'kubesim does not implement the --{flag.name} flag of "kubectl {command.name}"')


@dataclass(frozen=True)
class Surroundings:
    """What a command line runs in besides the cluster: its input, folder, environment and terminal."""

    stdin: str | None
    cwd: str | None
    read_line: Callable[[str], str | None] | None
    env: Mapping[str, str] | None
    terminal: Terminal | None


def _execute(cluster: KubectlRuntime, argv: list[str], out: Output, where: Surroundings) -> int:
    """One command line, as kubectl's main and cobra's ``ExecuteC`` run it."""
    _check_plugin_position(argv)
    command, rest = TREE.find(argv)
    if command.simulated:
        args = parse_flags(rest, TREE.flags(command), command.name)
        for warning in args.warnings:
            out.err(warning)
    else:  # kubesim does not know its flags: only a request for its help is understood
        args = ParsedArgs(rest, {"help": "-h" in rest or "--help" in rest})
    inv = Invocation(
        cluster,
        args,
        out,
        where.stdin,
        where.cwd,
        where.read_line,
        command.name,
        lambda: command_help(command, TREE),
        env=where.env,
        terminal=where.terminal,
    )
    if args.get("help"):
        return _print_help(inv)
    _check_before_run(command, args)
    if command.kubeconfig_use != "none":
        files = kubeconfig_files(args.get("kubeconfig"), where.env, where.cwd, cluster)
        rest_first = command.kubeconfig_use == "rest"
        inv.default_namespace = client_namespace(files, args.get("context"), args.get("namespace"), rest_first)
    cluster.tick()
    return command.run(inv)


def run_kubectl(
    cluster: KubectlRuntime,
    command: str | list[str],
    stdin: str | None = None,
    cwd: str | None = None,
    *,
    sink: Callable[[str, str], None] | None = None,
    read_line: Callable[[str], str | None] | None = None,
    env: Mapping[str, str] | None = None,
    terminal: Terminal | None = None,
) -> CommandResult:
    """Run one kubectl command line. ``sink`` streams output as it is written; ``read_line`` makes ``-it``
    interactive; ``env`` is kubectl's environment (``$KUBECONFIG``, ``$HOME``), None on the simulated laptop;
    ``terminal`` lets ``get -w`` run until Ctrl-C, in step with real time."""
    out = Output(sink)
    code, internal_error = 0, False
    try:
        where = Surroundings(stdin, cwd, read_line, env, terminal)
        argv = split_command(command)
        record_command(cluster, argv)  # for views that follow the learner's steps (network/activity.py)
        code = _execute(cluster, argv, out, where)
    except KubeSimError as err:
        out.err(error_message(err))
        code = err.exit_code
    except Exception as err:  # a simulator bug must never show a learner a traceback
        out.err(f"error: {INTERNAL_PROBLEM} ({type(err).__name__}: {err}); please report it")
        code, internal_error = 1, True
    finally:
        try:
            cluster.settle()
        except Exception as err:  # pragma: no cover - defensive
            out.err(f"error: {INTERNAL_PROBLEM} while settling ({type(err).__name__}: {err})")
            code, internal_error = 1, True
    return out.result(code, internal_error)
