"""What the interpreter's parts pass each other: a command's streams, and the ways a command ends early.

mvdan.cc/sh/v3/interp keeps these in its Runner (``stdin``/``stdout``/
``stderr``, ``exitShell``, ``breakEnclosing``/``contnEnclosing``); here the
interpreter (:mod:`.interp`), its builtins (:mod:`.builtins`), word expansion
(:mod:`.expand`) and the sessions (:mod:`kubesim_nb.network.shell`) share
them. Every exception here carries what the shell prints or returns; none
reaches the learner as a Python error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:  # pragma: no cover
    from .dialect import Dialect

__all__ = ["IO", "CommandFailed", "Exit", "LineAbandoned", "LoopControl", "NestedShell", "ShellError"]


@dataclass(frozen=True)
class IO:
    """Where a command reads and writes; ``*_tty``: whether that stream is the terminal."""

    stdin: str
    out: Callable[[str], None]
    err: Callable[[str], None]
    out_tty: bool
    err_tty: bool


class Exit(Exception):
    """``exit N``: the shell ends with status N."""

    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


class LoopControl(Exception):
    """``break [N]`` / ``continue [N]`` (``kind`` is the builtin's name)."""

    def __init__(self, kind: str, levels: int = 1):
        super().__init__(kind, levels)
        self.kind, self.levels = kind, levels


class ShellError(Exception):
    """The shell reports ``message`` (after its dialect's error prefix); ``$?`` becomes ``status``."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.message, self.status = message, status


class CommandFailed(ShellError):
    """One command fails with the shell's own message (``cd: can't cd to ...``); the command line goes on."""


class LineAbandoned(ShellError):
    """An expansion error (an arithmetic error): as POSIX says for an interactive shell (XCU 2.8.1 "Consequences
    of Shell Errors"), the rest of the command line does not run; a subshell, ``$(...)`` or ``sh -c`` ends."""


class NestedShell(Exception):
    """``sh``/``bash`` typed in the session: a shell inside the shell, speaking ``dialect``."""

    def __init__(self, dialect: "Dialect"):
        super().__init__(dialect.name)
        self.dialect = dialect
