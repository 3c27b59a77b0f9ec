"""The kubectl front end: parse a command line, run it against a Cluster, print like kubectl.

``run_kubectl(cluster, "get pods -o wide")`` returns a :class:`CommandResult`
(stdout, stderr, exit code). kubectl-visible failures are results, never
Python exceptions; an unexpected simulator bug is reported as one error line,
never a traceback.
"""

from __future__ import annotations

import difflib
import shlex
from dataclasses import dataclass
from typing import Callable

from ..errors import KubeSimError, UsageError
from .errors import error_message
from .base import COMMON_FLAGS, Invocation, KubectlRuntime
from .commands import apply, delete, describe, generate, get, info, modify
from .flags import Flag, parse_flags
from .result import CommandResult, Output

__all__ = ["COMMANDS", "CommandResult", "run_kubectl", "split_command"]


@dataclass(frozen=True)
class Command:
    run: Callable[[Invocation], int]
    flags: list[Flag]
    help: str
    summary: str


def _exec_commands() -> dict[str, Command]:
    from .commands import exec as exec_commands

    return {
        "exec": Command(exec_commands.run_exec, exec_commands.EXEC_FLAGS, exec_commands.EXEC_HELP, "Execute a command in a container"),
        "port-forward": Command(exec_commands.run_port_forward, exec_commands.PORT_FORWARD_FLAGS, exec_commands.PORT_FORWARD_HELP,
                                "Forward one or more local ports to a pod"),
        "logs": Command(exec_commands.run_logs, exec_commands.LOGS_FLAGS, exec_commands.LOGS_HELP, "Print the logs for a container in a pod"),
    }


def _generator_help(usage: str, summary: str) -> str:
    return f"{summary}.\n\nUsage:\n  {usage} [options]\n"


COMMANDS: dict[str, Command] = {
    "get": Command(get.run, get.FLAGS, get.HELP, "Display one or many resources"),
    "describe": Command(describe.run, describe.FLAGS, describe.HELP, "Show details of a specific resource or group of resources"),
    "apply": Command(apply.run_apply, apply.FLAGS, apply.HELP_APPLY, "Apply a configuration to a resource by file name or stdin"),
    "create": Command(apply.run_create, apply.FLAGS, apply.HELP_CREATE, "Create a resource from a file or from stdin"),
    "create deployment": Command(generate.run_create_deployment, generate.DEPLOYMENT_FLAGS,
                                 _generator_help("kubectl create deployment NAME --image=image -- [COMMAND] [args...]",
                                                 "Create a deployment with the specified name"), "Create a deployment"),
    "create namespace": Command(generate.run_create_namespace, generate.NAMESPACE_FLAGS,
                                _generator_help("kubectl create namespace NAME [--dry-run=server|client|none]",
                                                "Create a namespace with the specified name"), "Create a namespace"),
    **{f"create service {word}": Command(lambda inv, w=word: generate.run_create_service(inv, w), generate.SERVICE_FLAGS_BY_TYPE[word],
                                         _generator_help(f"kubectl create service {word} NAME [--tcp=<port>:<targetPort>]",
                                                         f"Create a {generate.SERVICE_TYPES[word]} service"), f"Create a {generate.SERVICE_TYPES[word]} service")
       for word in generate.SERVICE_TYPES},
    "create service": Command(generate.run_create_service_help, [], generate.SERVICE_HELP, "Create a service using a specified subcommand"),
    "run": Command(generate.run_run, generate.RUN_FLAGS,
                   "Create and run a particular image in a pod.\n\nExamples:\n  # Start a nginx pod\n  kubectl run nginx --image=nginx\n\n"
                   "  # Start a temporary alpine pod with a shell, removed when you exit\n  kubectl run -it test-pod --image=alpine --rm -- sh\n\n"
                   "Usage:\n  kubectl run NAME --image=image [--env=\"key=value\"] [--port=port] [--dry-run=server|client] [--overrides=inline-json] "
                   "[--command] -- [COMMAND] [args...] [options]\n", "Run a particular image on the cluster"),
    "expose": Command(generate.run_expose, generate.EXPOSE_FLAGS,
                      "Expose a resource as a new Kubernetes service.\n\nExamples:\n  # Create a service for a deployment, serving on port 80 "
                      "and connecting to the containers on port 8000\n  kubectl expose deployment agent-deployment --port=80 --target-port=8000\n\n"
                      "Usage:\n  kubectl expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] "
                      "[--name=name] [--external-ip=external-ip-of-service] [--type=type] [options]\n", "Take a deployment, pod or service and expose it as a new Kubernetes service"),
    "delete": Command(delete.run, delete.FLAGS, delete.HELP, "Delete resources by file names, stdin, resources and names, or by resources and label selector"),
    "label": Command(modify.run_label, modify.LABEL_FLAGS, modify.LABEL_HELP, "Update the labels on a resource"),
    "scale": Command(modify.run_scale, modify.SCALE_FLAGS, modify.SCALE_HELP, "Set a new size for a deployment or replica set"),
    "patch": Command(modify.run_patch, modify.PATCH_FLAGS, modify.PATCH_HELP, "Update fields of a resource"),
    "rollout": Command(info.run_rollout, info.ROLLOUT_FLAGS,
                       "Manage the rollout of a deployment.\n\nExamples:\n  kubectl rollout status deployment/web-deployment\n  "
                       "kubectl rollout restart deployment/web-deployment\n\nUsage:\n  kubectl rollout SUBCOMMAND [options]\n", "Manage the rollout of a resource"),
    "version": Command(info.run_version, info.VERSION_FLAGS, "Print the client and server version information.\n\nUsage:\n  kubectl version [flags] [options]\n",
                       "Print the client and server version information"),
    "cluster-info": Command(info.run_cluster_info, info.CLUSTER_INFO_FLAGS, "Display addresses of the control plane and services.\n\nUsage:\n  kubectl cluster-info [flags] [options]\n",
                            "Display cluster information"),
    "api-resources": Command(info.run_api_resources, info.API_RESOURCES_FLAGS, "Print the supported API resources on the server.\n\nUsage:\n  kubectl api-resources [flags] [options]\n",
                             "Print the supported API resources on the server"),
}


def _top_help() -> str:
    lines = ["kubectl controls the (simulated) Kubernetes cluster manager.", "", "Commands:"]
    for name, command in sorted({**COMMANDS, **_exec_commands()}.items()):
        if " " not in name:
            lines.append(f"  {name:<15}{command.summary}")
    lines += ["", "Usage:", "  kubectl [flags] [options]", "",
              "Use \"kubectl <command> --help\" for more information about a given command."]
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


def _find_command(argv: list[str]) -> tuple[str, list[str]]:
    """The longest command path (``create service nodeport``) at the start of argv, skipping flags."""
    table = {**COMMANDS, **_exec_commands()}
    positions = [i for i, w in enumerate(argv) if not w.startswith("-")]
    argv = list(argv)
    if len(positions) >= 2 and (argv[positions[0]], argv[positions[1]]) in SUBCOMMAND_ALIASES:
        argv[positions[1]] = SUBCOMMAND_ALIASES[(argv[positions[0]], argv[positions[1]])]
    words = [w for w in argv if not w.startswith("-")]
    if words[:2] == ["create", "service"] and " ".join(words[:3]) not in table:
        # create_service.go runs DefaultSubCommandRun: extra words are an unknown command, none is help
        rest = words[2:]
        if rest:
            raise UsageError(f'unknown command "{" ".join(rest)}"', hint="See 'kubectl create service -h' for help and examples")
        return "create service", [w for w in argv if w not in ("create", "service")]
    for length in (3, 2, 1):
        if len(words) >= length:
            candidate = " ".join(words[:length])
            if candidate in table:
                rest = list(argv)
                for word in words[:length]:
                    rest.remove(word)
                return candidate, rest
    first = words[0] if words else argv[0]
    suggestions = difflib.get_close_matches(first, [n for n in table if " " not in n], n=3, cutoff=0.6)
    message = f'unknown command "{first}" for "kubectl"'
    if suggestions:
        message += "\n\nDid you mean this?\n" + "\n".join(f"\t{s}" for s in suggestions)
    raise UsageError(message, hint="Run 'kubectl --help' for usage.")


def run_kubectl(cluster: KubectlRuntime, command: str | list[str], stdin: str | None = None, cwd: str | None = None, *,
                sink: Callable[[str, str], None] | None = None, read_line: Callable[[str], str | None] | None = None) -> CommandResult:
    """Run one kubectl command line. ``sink`` streams output as it is written; ``read_line`` makes ``-it`` interactive."""
    out = Output(sink)
    code = 0
    try:
        argv = split_command(command)
        if not argv or argv in (["--help"], ["-h"], ["help"]):
            out.out(_top_help())
            return out.result(0)
        name, rest = _find_command(argv)
        spec = {**COMMANDS, **_exec_commands()}[name]
        args = parse_flags(rest, spec.flags + COMMON_FLAGS, name)
        if args.get("help"):
            out.out(spec.help.rstrip("\n"))
            return out.result(0)
        cluster.tick()
        code = spec.run(Invocation(cluster, name, args, out, stdin, cwd, read_line))
    except KubeSimError as err:
        out.err(error_message(err))
        code = err.exit_code
    except Exception as err:  # a simulator bug must never show a learner a traceback
        out.err(f"error: the simulator hit an internal problem ({type(err).__name__}: {err}); please report it")
        code = 1
    finally:
        try:
            cluster.settle()
        except Exception as err:  # pragma: no cover - defensive
            out.err(f"error: the simulator hit an internal problem while settling ({type(err).__name__}: {err})")
            code = 1
    return out.result(code)
