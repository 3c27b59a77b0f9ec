"""The shell's builtins: cd, pwd, export, unset, exit, break/continue, true/false/:, type/command, kill.

mvdan.cc/sh/v3/interp/builtin.go in Python: each builtin is a function
``(shell, argv, io) -> status`` in :data:`BUILTINS`; it sees the interpreter
only as a :class:`Shell`, and words its errors in the shell's dialect.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Protocol

from ..userland import command_path
from .control import IO, Exit, LoopControl

if TYPE_CHECKING:  # pragma: no cover
    from ..machine import Machine
    from .dialect import Dialect

__all__ = ["BUILTINS", "Builtin", "Shell"]


class Shell(Protocol):
    """What a builtin may use of the interpreter."""

    machine: "Machine"
    dialect: "Dialect"
    vars: dict[str, str]
    exported: set[str]
    cwd: str
    status: int
    loop_depth: int

    def path(self, name: str) -> str:
        """``name`` made absolute against the working directory."""

    def exported_env(self) -> dict[str, str]:
        """The environment a program started now gets."""

    def execute(self, argv: list[str], env: dict[str, str], io: IO) -> int:
        """Run a builtin or a program (no shell functions, no aliases)."""


def _cd(sh: Shell, argv: list[str], io: IO) -> int:
    target = argv[1] if len(argv) > 1 else sh.vars.get("HOME", "/")
    if target == "-":
        target = sh.vars.get("OLDPWD", sh.cwd)
    path = sh.path(target)
    if not sh.machine.is_dir(path):
        io.err(f"{sh.dialect.error_prefix}cd: can't cd to {target}: No such file or directory\n")
        return sh.dialect.cd_failure_status
    sh.vars["OLDPWD"], sh.cwd = sh.cwd, path
    sh.vars["PWD"] = path
    return 0


def _pwd(sh: Shell, argv: list[str], io: IO) -> int:
    io.out(sh.cwd + "\n")
    return 0


def _export(sh: Shell, argv: list[str], io: IO) -> int:
    if len(argv) == 1 or argv[1] == "-p":
        for name in sorted(sh.exported):
            io.out(f"export {name}='{sh.vars.get(name, '')}'\n")
        return 0
    for item in argv[1:]:
        name, eq, value = item.partition("=")
        if eq:
            sh.vars[name] = value
        sh.exported.add(name)
    return 0


def _unset(sh: Shell, argv: list[str], io: IO) -> int:
    for name in argv[1:]:
        sh.vars.pop(name, None)
        sh.exported.discard(name)
    return 0


def _exit(sh: Shell, argv: list[str], io: IO) -> int:
    if len(argv) > 1 and not argv[1].lstrip("-").isdigit():
        io.err(f"{sh.dialect.error_prefix}exit: Illegal number: {argv[1]}\n")
        raise Exit(2)
    raise Exit(int(argv[1]) & 0xFF if len(argv) > 1 else sh.status)


def _loop_control(sh: Shell, argv: list[str], io: IO) -> int:
    if sh.loop_depth == 0:
        return 0
    raise LoopControl(argv[0], int(argv[1]) if len(argv) > 1 and argv[1].isdigit() else 1)


def _true(sh: Shell, argv: list[str], io: IO) -> int:
    return 0


def _false(sh: Shell, argv: list[str], io: IO) -> int:
    return 1


def _type(sh: Shell, argv: list[str], io: IO) -> int:
    names = argv[2:] if argv[0] == "command" else argv[1:]
    if argv[0] == "command" and (len(argv) < 2 or argv[1] != "-v"):
        return sh.execute(argv[1:], sh.exported_env(), io) if len(argv) > 1 else 0
    status = 0
    for name in names:
        if name in BUILTINS:
            io.out(name + "\n" if argv[0] == "command" else f"{name} is a shell builtin\n")
        elif sh.machine.has_command(name):
            io.out(command_path(name) + "\n" if argv[0] == "command" else f"{name} is {command_path(name)}\n")
        else:
            status = 1 if argv[0] == "command" else 127
            if argv[0] == "type":
                io.out(f"{name}: not found\n")
    return status


_SIGNALS = {
    "1": "HUP",
    "2": "INT",
    "3": "QUIT",
    "9": "KILL",
    "15": "TERM",
    "HUP": "HUP",
    "INT": "INT",
    "QUIT": "QUIT",
    "KILL": "KILL",
    "TERM": "TERM",
}
_KILL_USAGE = "kill: usage: kill [-s sigspec | -signum | -sigspec] pid | jobspec ... or kill -l [sigspec]"


def _kill(sh: Shell, argv: list[str], io: IO) -> int:
    """``kill [-SIGNAL | -s SIGNAL] PID...``: only PID 1, the container's main process, exists to signal."""
    args, signal = argv[1:], "TERM"
    if args and args[0] == "-l":
        io.out(" ".join(f"{n}" for n in ("HUP", "INT", "QUIT", "KILL", "TERM")) + "\n")
        return 0
    if len(args) >= 2 and args[0] == "-s":
        signal, args = args[1], args[2:]
    elif args and args[0].startswith("-") and len(args[0]) > 1:
        signal, args = args[0][1:], args[1:]
    prefix = sh.dialect.error_prefix
    name = _SIGNALS.get(signal.upper().removeprefix("SIG"))
    if name is None:
        io.err(f"{prefix}kill: bad signal name '{signal}'\n")
        return 1
    if not args:
        io.err(f"{prefix}{_KILL_USAGE}\n")
        return 1
    status = 0
    for pid in args:
        if not pid.isdigit():
            io.err(f"{prefix}kill: invalid number '{pid}'\n")
            status = 1
        elif pid != "1" or not hasattr(sh.machine, "signal_init"):
            io.err(f"{prefix}can't kill pid {pid}: No such process\n")
            status = 1
        elif sh.machine.signal_init(name):
            raise Exit(137)  # the container stopped: this shell, running inside it, is gone too
    return status


Builtin = Callable[[Shell, list[str], IO], int]

BUILTINS: dict[str, Builtin] = {
    "cd": _cd,
    "pwd": _pwd,
    "export": _export,
    "unset": _unset,
    "exit": _exit,
    "break": _loop_control,
    "continue": _loop_control,
    "true": _true,
    "false": _false,
    ":": _true,
    "type": _type,
    "command": _type,
    "kill": _kill,
}
