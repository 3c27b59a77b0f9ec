"""Shell completion: what ``kubectl __complete ARGS... WORD`` answers, the request a completion script makes on TAB.

Cobra's protocol (``spf13/cobra`` ``completions.go``): the words typed after ``kubectl``, the word being completed
last (empty after a space); the answer is one candidate a line, then ``:<directive>`` (a bit set: 4, no file names
after all). What is offered follows kubectl's ``pkg/util/completion``: command, subcommand and flag names, resource
types, then the names of objects of that type in the namespace (``-n``, else the context's), Pod names for ``logs``,
``exec`` and ``port-forward``, context and namespace names, and file names for ``-f``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..api.core import Namespace, Pod
from ..api.kinds import ALL_KINDS, resolve_resource
from ..errors import KubeSimError
from . import COMMANDS, TREE
from .base import Command
from .commands.completion import SHELLS
from .flags import Flag, takes_value
from .kubeconfig import client_namespace, kubeconfig_files

__all__ = ["Completion", "complete"]

DEFAULT, NO_FILE_COMPLETION = 0, 4  # cobra's ShellCompDirective values
# commands whose arguments are TYPE [NAME...] or TYPE/NAME; those whose argument is a Pod
RESOURCE_COMMANDS = ("get", "describe", "delete", "label", "annotate", "patch", "scale", "expose", "edit", "rollout")
POD_COMMANDS = ("logs", "exec", "port-forward", "attach")
CONTEXT_COMMANDS = ("config use-context", "config delete-context", "config rename-context", "config get-contexts")
OUTPUT_FORMATS = ("json", "yaml", "name", "wide", "jsonpath=", "jsonpath-as-json=")


@dataclass(frozen=True)
class Completion:
    candidates: list[str]
    directive: int = NO_FILE_COMPLETION

    def render(self) -> str:
        return "".join(f"{c}\n" for c in self.candidates) + f":{self.directive}\n"


@dataclass
class _Line:
    """The command a partial line names, its flags seen so far, its positional arguments, and the flag whose value
    is being typed (if any)."""

    command: Command | None
    flags: dict[str, str]
    positional: list[str]
    wants_value_of: Flag | None


def _flags_of(command: Command | None) -> list[Flag]:
    """The flags cobra offers: the command's, then the global ones."""
    return TREE.flags(command or TREE.root)


def _read(words: list[str]) -> _Line:
    path: list[str] = []
    flags: dict[str, str] = {}
    positional: list[str] = []
    pending: Flag | None = None
    for word in words:
        command = COMMANDS.get(" ".join(path))
        if pending is not None:
            flags[pending.name], pending = word, None
        elif word.startswith("-") and len(word) > 1:
            name, eq, value = word.lstrip("-").partition("=")
            found = next((f for f in _flags_of(command) if name in (f.name, f.short)), None)
            if found is not None and eq:
                flags[found.name] = value
            elif found is not None and takes_value(found):
                pending = found
        elif not positional and _child(path, word) is not None:
            path.append(_child(path, word).word)
        else:
            positional.append(word)
    return _Line(COMMANDS.get(" ".join(path)), flags, positional, pending)


def _child(path: list[str], word: str) -> Command | None:
    """The simulated subcommand ``word`` names (or is an alias of) below ``path``."""
    child = TREE.child(TREE.commands[" ".join(path)], word)
    return child if child is not None and child.name in COMMANDS else None


def _names(runtime: Any, kind: type, namespace: str) -> list[str]:
    return sorted(obj.name for obj in runtime.api.list(kind, namespace if kind.NAMESPACED else None))


def _namespace(runtime: Any, line: _Line, cwd: str | None) -> str:
    try:
        files = kubeconfig_files(line.flags.get("kubeconfig"), None, cwd, runtime)
        return client_namespace(files, line.flags.get("context"), line.flags.get("namespace"), rest_first=False)
    except KubeSimError:  # a broken kubeconfig completes nothing rather than failing
        return "default"


def _flag_value(runtime: Any, line: _Line, cwd: str | None) -> Completion:
    flag = line.wants_value_of
    if flag.name == "namespace":
        return Completion(_names(runtime, Namespace, ""))
    if flag.name == "context":
        files = kubeconfig_files(line.flags.get("kubeconfig"), None, cwd, runtime)
        return Completion(sorted(files.starting_config().contexts))
    if flag.name == "output":
        return Completion(list(OUTPUT_FORMATS))
    if flag.name in ("filename", "kubeconfig"):
        return Completion([], DEFAULT)  # the shell's own file names
    return Completion([])


def _arguments(runtime: Any, line: _Line, current: str, cwd: str | None) -> Completion:
    name = line.command.name if line.command else ""
    top = name.split(" ")[0]
    if name in CONTEXT_COMMANDS:
        files = kubeconfig_files(line.flags.get("kubeconfig"), None, cwd, runtime)
        return Completion(sorted(files.starting_config().contexts))
    if name == "completion":
        return Completion(list(SHELLS) if not line.positional else [])
    namespace = _namespace(runtime, line, cwd)
    if top in POD_COMMANDS:
        return Completion(_names(runtime, Pod, namespace) if not line.positional else [])
    if top not in RESOURCE_COMMANDS:
        return Completion([])
    typed = [w for w in line.positional if not (top == "rollout" and w in ("status", "restart", "history", "undo"))]
    if "/" in current:
        kind = resolve_resource(current.split("/", 1)[0])
        prefix = current.split("/", 1)[0]
        return Completion([f"{prefix}/{n}" for n in _names(runtime, kind, namespace)] if kind else [])
    if not typed:
        return Completion(sorted(k.RESOURCE for k in ALL_KINDS))
    kind = resolve_resource(typed[0])
    return Completion(_names(runtime, kind, namespace) if kind and "/" not in typed[0] else [])


def complete(runtime: Any, words: list[str], cwd: str | None = None) -> Completion:
    """The candidates for the last of ``words`` (the words after ``kubectl``), filtered by what it starts with."""
    *before, current = words or [""]
    line = _read(before)
    if line.wants_value_of is not None:
        found = _flag_value(runtime, line, cwd)
    elif current.startswith("-"):
        found = Completion(sorted(f"--{f.name}" for f in _flags_of(line.command)))
    else:
        path = line.command.name if line.command else ""
        depth = path.count(" ") + 1 if path else 0
        below = [n for n in COMMANDS if n.count(" ") == depth and (not path or n.startswith(path + " "))]
        subcommands = sorted(n.split(" ")[-1] for n in below)
        if not line.positional and subcommands:
            found = Completion(subcommands)
        elif line.command is None:
            found = Completion([])
        else:
            found = _arguments(runtime, line, current, cwd)
    return Completion([c for c in found.candidates if c.startswith(current)], found.directive)
