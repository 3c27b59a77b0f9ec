"""The kubectl front end: parse a command line, run it against a Cluster, print like kubectl.

``run_kubectl(cluster, "get pods -o wide")`` returns a :class:`CommandResult`
(stdout, stderr, exit code). kubectl-visible failures are results, never
Python exceptions; an unexpected simulator bug is reported as one error line,
never a traceback.

Each command is a module of :mod:`.commands` that declares one ``COMMAND``;
this module only collects them (:data:`REGISTRY`), finds the command a line
names (cobra's ``Find``), parses its flags and runs it.
"""

from __future__ import annotations

import difflib
import shlex
from typing import Callable

from ..errors import INTERNAL_PROBLEM, KubeSimError, UsageError
from .base import COMMON_FLAGS, Command, Invocation, KubectlRuntime
from .commands import (
    api_resources,
    apply,
    cluster_info,
    create,
    create_deployment,
    create_namespace,
    create_service,
    delete,
    describe,
    events,
    expose,
    get,
    label,
    logs,
    patch,
    port_forward,
    rollout,
    run,
    scale,
    version,
)
from .commands import exec as exec_
from .errors import error_message
from .flags import parse_flags
from .result import CommandResult, Output

__all__ = ["COMMANDS", "CommandResult", "run_kubectl", "split_command"]

# the commands kubectl has here (cmd.go NewKubectlCommand adds them to the root command)
REGISTRY: list[Command] = [
    get.COMMAND,
    describe.COMMAND,
    apply.COMMAND,
    create.COMMAND,
    create_deployment.COMMAND,
    create_namespace.COMMAND,
    create_service.COMMAND,
    run.COMMAND,
    expose.COMMAND,
    delete.COMMAND,
    label.COMMAND,
    scale.COMMAND,
    patch.COMMAND,
    rollout.COMMAND,
    version.COMMAND,
    cluster_info.COMMAND,
    api_resources.COMMAND,
    exec_.COMMAND,
    port_forward.COMMAND,
    logs.COMMAND,
    events.COMMAND,
]


def _with_subcommands(commands: list[Command]) -> list[Command]:
    return [c for command in commands for c in (command, *_with_subcommands(list(command.subcommands)))]


# every command by its path ("get", "create service nodeport")
COMMANDS: dict[str, Command] = {command.name: command for command in _with_subcommands(REGISTRY)}


def _top_help() -> str:
    lines = ["kubectl controls the (simulated) Kubernetes cluster manager.", "", "Commands:"]
    for name, command in sorted(COMMANDS.items()):
        if " " not in name:
            lines.append(f"  {name:<15}{command.summary}")
    lines += [
        "",
        "Usage:",
        "  kubectl [flags] [options]",
        "",
        'Use "kubectl <command> --help" for more information about a given command.',
    ]
    return "\n".join(lines)


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


# cobra aliases of subcommands (create_namespace.go "ns", create_deployment.go "deploy", create_service.go "svc")
SUBCOMMAND_ALIASES = {("create", "ns"): "namespace", ("create", "deploy"): "deployment", ("create", "svc"): "service"}


def _find_command(argv: list[str]) -> tuple[Command, list[str]]:
    """The longest command path (``create service nodeport``) at the start of argv, skipping flags."""
    positions = [i for i, w in enumerate(argv) if not w.startswith("-")]
    argv = list(argv)
    if len(positions) >= 2 and (argv[positions[0]], argv[positions[1]]) in SUBCOMMAND_ALIASES:
        argv[positions[1]] = SUBCOMMAND_ALIASES[(argv[positions[0]], argv[positions[1]])]
    words = [w for w in argv if not w.startswith("-")]
    if words[:2] == ["create", "service"] and " ".join(words[:3]) not in COMMANDS:
        # create_service.go runs DefaultSubCommandRun: extra words are an unknown command, none is help
        rest = words[2:]
        if rest:
            raise UsageError(
                f'unknown command "{" ".join(rest)}"', hint="See 'kubectl create service -h' for help and examples"
            )
        return COMMANDS["create service"], [w for w in argv if w not in ("create", "service")]
    for length in (3, 2, 1):
        if len(words) >= length:
            candidate = " ".join(words[:length])
            if candidate in COMMANDS:
                rest = list(argv)
                for word in words[:length]:
                    rest.remove(word)
                return COMMANDS[candidate], rest
    first = words[0] if words else argv[0]
    suggestions = difflib.get_close_matches(first, [n for n in COMMANDS if " " not in n], n=3, cutoff=0.6)
    message = f'unknown command "{first}" for "kubectl"'
    if suggestions:
        message += "\n\nDid you mean this?\n" + "\n".join(f"\t{s}" for s in suggestions)
    raise UsageError(message, hint="Run 'kubectl --help' for usage.")


def run_kubectl(
    cluster: KubectlRuntime,
    command: str | list[str],
    stdin: str | None = None,
    cwd: str | None = None,
    *,
    sink: Callable[[str, str], None] | None = None,
    read_line: Callable[[str], str | None] | None = None,
) -> CommandResult:
    """Run one kubectl command line. ``sink`` streams output as it is written; ``read_line`` makes ``-it``
    interactive."""
    out = Output(sink)
    code, internal_error = 0, False
    try:
        argv = split_command(command)
        if not argv or argv in (["--help"], ["-h"], ["help"]):
            out.out(_top_help())
            return out.result(0)
        found, rest = _find_command(argv)
        args = parse_flags(rest, found.flags + COMMON_FLAGS, found.name)
        if args.get("help"):
            out.out(found.help.rstrip("\n"))
            return out.result(0)
        cluster.tick()
        code = found.run(Invocation(cluster, args, out, stdin, cwd, read_line))
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
