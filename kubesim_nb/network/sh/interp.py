"""The interpreter: runs a parsed command line on a machine, as its shell would.

mvdan.cc/sh/v3/interp's Runner for the grammar of :mod:`.syntax`: lists,
``&&``/``||``, pipelines (run one after the other, each stage's output the
next one's input), loops, ``if``, groups and subshells, redirections to the
machine's files, variables and ``export``. A simple command is a builtin
(:mod:`.builtins`), a shell started inside the shell, or a program of
:mod:`kubesim_nb.network.tools` — if the machine has it (:mod:`..userland`).
Words are expanded by :mod:`.expand`; messages are worded by the
:class:`~.dialect.Dialect` of the shell that is talking.

Infinite loops (``while true; do ...; done``) are stopped after
:data:`MAX_LOOP_ITERATIONS` rounds as if the learner pressed Ctrl-C.
"""

from __future__ import annotations

import posixpath
from typing import Callable

from ..machine import HostMachine, Machine
from ..tools import PROGRAMS, Output, ToolContext
from ..tools.base import Interrupted
from ..userland import command_path
from .builtins import BUILTINS
from .control import IO, CommandFailed, Exit, LineAbandoned, LoopControl, NestedShell, ShellError
from .dialect import SHELL_PROGRAMS, Dialect, dialect_for
from .expand import Expander
from .syntax import AndOr, For, Group, If, Loop, Pipeline, Redirect, Sequence, ShellSyntaxError, Simple, parse

__all__ = ["MAX_LOOP_ITERATIONS", "Interpreter"]

MAX_LOOP_ITERATIONS = 500


class Interpreter:
    """One shell's state (variables, working directory, ``$?``) and how it runs commands."""

    def __init__(self, machine: Machine, tty: bool, env: dict[str, str]):
        self.machine, self.tty = machine, tty
        self.dialect: Dialect = dialect_for(machine.flavor)
        self.vars: dict[str, str] = dict(env)
        self.exported: set[str] = set(env)
        self.status = 0
        # the laptop's terminal opens in the home directory; kubectl exec in the container's root
        self.cwd = env.get("HOME", "/") if isinstance(machine, HostMachine) else "/"
        self.positional: list[str] = []
        self.loop_depth = 0

    # -- entry ----------------------------------------------------------------
    def run_program(self, program: Sequence, io: IO) -> int:
        return self.sequence(program, io)

    def report(self, error: ShellError, io: IO) -> int:
        """Print the shell's message for ``error``; its status."""
        io.err(f"{self.dialect.error_prefix}{error.message}\n")
        return error.status

    def special(self, name: str) -> str:
        return {
            "?": str(self.status),
            "$": "1",
            "#": str(len(self.positional)),
            "!": "",
            "0": "sh",
            "-": "i",
            "@": " ".join(self.positional),
            "*": " ".join(self.positional),
        }.get(name) or (
            self.positional[int(name) - 1] if name.isdigit() and 0 < int(name) <= len(self.positional) else ""
        )

    def expander(self, io: IO) -> Expander:
        return Expander(self, lambda script: self.substitute(script, io))

    def substitute(self, script: str, io: IO) -> str:
        """``$(script)``: its output, without trailing newlines."""
        captured: list[str] = []
        sub = IO(io.stdin, captured.append, io.err, False, io.err_tty)
        try:
            self.sequence(parse(script), sub)
        except ShellSyntaxError as err:
            io.err(self.dialect.syntax_message(err.token, err.expecting))
        except LineAbandoned as err:  # the substitution's subshell gives up; the command around it goes on
            self.report(err, io)
        return "".join(captured).rstrip("\n")

    # -- structure --------------------------------------------------------------
    def sequence(self, seq: Sequence, io: IO) -> int:
        for item in seq.items:
            self.status = self.and_or(item, io)
        return self.status

    def and_or(self, node: AndOr, io: IO) -> int:
        status = self.pipeline(node.first, io)
        for op, pipeline in node.rest:
            self.status = status
            if (op == "&&") == (status == 0):
                status = self.pipeline(pipeline, io)
        return status

    def pipeline(self, node: Pipeline, io: IO) -> int:
        stdin = io.stdin
        status = 0
        for i, command in enumerate(node.commands):
            last = i == len(node.commands) - 1
            if last:
                status = self.command(command, IO(stdin, io.out, io.err, io.out_tty, io.err_tty))
            else:
                captured: list[str] = []
                self.command(command, IO(stdin, captured.append, io.err, False, io.err_tty))
                stdin = "".join(captured)
        return (0 if status else 1) if node.negate else status

    def command(self, node, io: IO) -> int:
        try:
            if isinstance(node, Simple):
                return self.simple(node, io)
            io = self.redirected(node.redirects, io)
            if isinstance(node, For):
                return self.for_loop(node, io)
            if isinstance(node, Loop):
                return self.loop(node, io)
            if isinstance(node, If):
                return self.if_clause(node, io)
            if isinstance(node, Group):
                return self.group(node, io)
        except CommandFailed as err:
            return self.report(err, io)
        return 0

    def group(self, node: Group, io: IO) -> int:
        if not node.subshell:
            return self.sequence(node.body, io)
        saved = (dict(self.vars), self.cwd)
        try:
            return self.sequence(node.body, io)
        except Exit as done:
            return done.status
        except LineAbandoned as err:
            return self.report(err, io)
        finally:
            self.vars, self.cwd = saved

    def for_loop(self, node: For, io: IO) -> int:
        expander = self.expander(io)
        words = [f for w in node.words for f in expander.fields(w)] if node.words is not None else list(self.positional)
        status = 0
        self.loop_depth += 1
        try:
            for value in words:
                self.vars[node.name] = value
                status, broke = self.loop_body(node.body, io, status)
                if broke:
                    break
        finally:
            self.loop_depth -= 1
        return status

    def loop_body(self, body: Sequence, io: IO, status: int) -> tuple[int, bool]:
        """One pass of a loop body: (its status, whether ``break`` ended this loop).

        ``break N`` / ``continue N`` with N > 1 go on to the enclosing loop.
        """
        try:
            return self.sequence(body, io), False
        except LoopControl as ctl:
            if ctl.levels > 1:
                raise LoopControl(ctl.kind, ctl.levels - 1) from None
            return status, ctl.kind == "break"

    def loop(self, node: Loop, io: IO) -> int:
        status = 0
        self.loop_depth += 1
        try:
            for _ in range(MAX_LOOP_ITERATIONS):
                condition = self.sequence(node.condition, io)
                if (condition == 0) == node.until:
                    return status
                status, broke = self.loop_body(node.body, io, status)
                if broke:
                    return status
        finally:
            self.loop_depth -= 1
        raise Interrupted()

    def if_clause(self, node: If, io: IO) -> int:
        for condition, body in node.branches:
            if self.sequence(condition, io) == 0:
                return self.sequence(body, io)
        return self.sequence(node.otherwise, io) if node.otherwise is not None else 0

    # -- simple commands ----------------------------------------------------------
    def simple(self, node: Simple, io: IO) -> int:
        expander = self.expander(io)
        argv = [f for w in node.words for f in expander.fields(w)]
        assignments = [(a.partition("=")[0], expander.word(a.partition("=")[2])) for a in node.assignments]
        io = self.redirected(node.redirects, io)
        if not argv:
            for name, value in assignments:
                self.vars[name] = value
            return 0
        env = self.exported_env()
        env.update(assignments)
        return self.execute(argv, env, io)

    def exported_env(self) -> dict[str, str]:
        return {k: v for k, v in self.vars.items() if k in self.exported}

    def redirected(self, redirects: list[Redirect], io: IO) -> IO:
        """The streams after ``redirects``. Simplified: any ``<`` feeds stdin, ``<&word`` reads the file word,
        and an output descriptor that is not open (``>&0``, ``>&5``) is the terminal."""
        if not redirects:
            return io
        stdin = io.stdin
        outputs = {1: (io.out, io.out_tty), 2: (io.err, io.err_tty)}
        expander = self.expander(io)
        for r in redirects:
            target = expander.word(r.target)
            if r.op in (">&", "<&") and target.isdigit():
                if r.fd != 0:  # 0<&N: the command reads what it was given
                    outputs[r.fd] = outputs.get(int(target), outputs[1])
            elif r.op in ("<", "<&"):
                stdin = self.machine.read_file(self.path(target))
                if stdin is None:
                    raise CommandFailed(f"can't open '{target}': No such file or directory", 1)
            elif r.op == "&>":
                outputs[1] = outputs[2] = (self.file_writer(target, False), False)
            else:
                outputs[r.fd] = (self.file_writer(target, r.op == ">>"), False)
                stdin = "" if r.fd == 0 else stdin  # 0>file: nothing to read
        (out, out_tty), (err, err_tty) = outputs[1], outputs[2]
        return IO(stdin, out, err, out_tty, err_tty)

    def file_writer(self, target: str, append: bool) -> Callable[[str], None]:
        path = self.path(target)
        problem = self.machine.write_file(path, "", append=True if append else False)
        if problem is not None:
            raise CommandFailed(f"can't create {target}: {problem}", 1)

        def write(text: str) -> None:
            self.machine.write_file(path, text, append=True)

        return write

    def path(self, name: str) -> str:
        return posixpath.normpath(posixpath.join(self.cwd, name))

    def execute(self, argv: list[str], env: dict[str, str], io: IO) -> int:
        name = argv[0]
        builtin = BUILTINS.get(name)
        if builtin is not None:
            return builtin(self, argv, io)
        program_name = posixpath.basename(name)
        if ("/" in name and name != command_path(program_name)) or not self.machine.has_command(program_name):
            return self.not_found(name, io)
        if program_name in SHELL_PROGRAMS:
            return self.nested_shell(argv, env, io)
        program = PROGRAMS.get(program_name)
        if program is None:
            return self.not_found(name, io)
        output = Output()
        ctx = ToolContext(self.machine, env, output, io.stdin, io.out_tty, io.err_tty, self.cwd)
        status = program(ctx, [program_name, *argv[1:]])
        for stream, text in output.chunks:
            (io.out if stream == "stdout" else io.err)(text)
        return status

    def shell_dialect(self, program: str) -> Dialect:
        """The dialect of a shell program started here: ``sh`` is the machine's own shell."""
        name = posixpath.basename(program)
        return dialect_for(self.machine.flavor if name == "sh" else name)

    def nested_shell(self, argv: list[str], env: dict[str, str], io: IO) -> int:
        if len(argv) >= 3 and argv[1] == "-c":
            child = Interpreter(self.machine, self.tty, env)
            child.cwd, child.positional = self.cwd, argv[3:]
            child.dialect = self.shell_dialect(argv[0])
            try:
                return child.run_program(parse(argv[2]), io)
            except Exit as done:
                return done.status
            except LineAbandoned as err:
                return child.report(err, io)
            except ShellSyntaxError as err:
                io.err(child.dialect.syntax_message(err.token, err.expecting))
                return 2
        if len(argv) == 1:
            raise NestedShell(self.shell_dialect(argv[0]))
        io.err(f"{argv[0]}: can't open '{argv[1]}': No such file or directory\n")
        return 2

    def not_found(self, name: str, io: IO) -> int:
        io.err(self.dialect.command_not_found(name))
        return 127
