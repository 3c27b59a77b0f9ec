"""A shell session inside a Pod (``kubectl exec -it POD -- sh``) or on the laptop.

:class:`PodShell` is one interactive session: :meth:`PodShell.run_line` takes
what the learner typed and returns a :class:`ShellResult` (stdout, stderr,
exit status, whether the shell exited, and the interleaved text a terminal
would show). The interpreter runs the grammar of :mod:`.sh_parse` — loops,
pipes, ``&&``/``||``, variables, redirections — with the shell's own error
messages (``sh: foo: not found``, exit 127); programs come from
:mod:`.tools` and exist only if the container's image has them
(:mod:`.userland`). Nothing a learner types raises a Python exception.

:class:`HostShell` is the learner's laptop: ``curl`` to ``localhost`` node
ports, load balancers and port-forwards; cluster IPs and cluster DNS names do
not work there, as on a real laptop. :func:`exec_command` runs one program
without a shell (``kubectl exec POD -- curl ...``).

Infinite loops (``while true; do ...; done``) are stopped after
:data:`MAX_LOOP_ITERATIONS` rounds as if the learner pressed Ctrl-C.
"""

from __future__ import annotations

import ast
import operator
import posixpath
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from ..api.core import Pod
from ..errors import ApiError
from ..kubectl.errors import error_message
from . import tools as _tools  # noqa: F401  (registers the programs)
from .machine import ExecError, HostMachine, HostProfile, Kubectl, Machine, PodMachine
from .sh_parse import AndOr, For, Group, If, Incomplete, Loop, Pipeline, Redirect, Sequence, ShellSyntaxError, Simple, parse
from .tools.base import PROGRAMS, Output, ToolContext
from .userland import command_path

if TYPE_CHECKING:  # pragma: no cover
    from .runtime import Runtime

__all__ = ["ExecError", "HostShell", "PodShell", "ShellResult", "exec_command"]

MAX_LOOP_ITERATIONS = 500


@dataclass(frozen=True)
class ShellResult:
    stdout: str
    stderr: str
    exit_code: int
    exited: bool = False
    output: str = ""  # stdout and stderr interleaved, as a terminal shows them
    incomplete: bool = False  # the line opened a construct; the shell waits for more (prompt "> ")


class _Interrupt(Exception):
    """Ctrl-C: the simulator stopped a command that would never end."""


class _Exit(Exception):
    def __init__(self, status: int):
        self.status = status


class _LoopControl(Exception):
    def __init__(self, kind: str, levels: int = 1):
        self.kind, self.levels = kind, levels


@dataclass
class _IO:
    stdin: str
    out: Callable[[str], None]
    err: Callable[[str], None]
    out_tty: bool
    err_tty: bool


# ------------------------------------------------------------------ expansion
class _Expander:
    """Word expansion: quotes, parameters, command substitution, arithmetic, field splitting."""

    def __init__(self, shell: "_Interpreter", io: _IO):
        self.shell, self.io = shell, io

    def fields(self, raw: str) -> list[str]:
        fields: list[str] = []
        current: list[str] = []
        has_field = False
        for text, quoted in self._pieces(raw):
            if quoted:
                current.append(text)
                has_field = True
                continue
            parts = text.split()
            if not parts:
                if text and current:  # whitespace-only expansion separates fields
                    fields.append("".join(current))
                    current, has_field = [], False
                continue
            if text[0].isspace() and current:
                fields.append("".join(current))
                current = []
            for part in parts[:-1]:
                current.append(part)
                fields.append("".join(current))
                current = []
            current.append(parts[-1])
            has_field = True
            if text[-1].isspace():
                fields.append("".join(current))
                current, has_field = [], False
        if current or has_field:
            fields.append("".join(current))
        return fields

    def word(self, raw: str) -> str:
        """Expansion without field splitting (assignments, redirection targets)."""
        return "".join(text for text, _ in self._pieces(raw))

    def _pieces(self, raw: str):
        """(text, quoted) pieces; unquoted literal text is yielded as quoted (it is not split)."""
        i = 0
        while i < len(raw):
            ch = raw[i]
            if ch == "'":
                end = raw.index("'", i + 1)
                yield raw[i + 1:end], True
                i = end + 1
            elif ch == '"':
                end = self._double_end(raw, i)
                yield "".join(t for t, _ in self._double(raw[i + 1:end])), True
                i = end + 1
            elif ch == "\\":
                yield raw[i + 1:i + 2], True
                i += 2
            elif ch in "$`":
                value, i = self._dollar(raw, i)
                yield value, False
            elif ch == "~" and i == 0 and (len(raw) == 1 or raw[1] == "/"):
                yield self.shell.vars.get("HOME", "/root"), True
                i += 1
            else:
                j = i
                while j < len(raw) and raw[j] not in "'\"\\$`":
                    j += 1
                yield raw[i:j], True
                i = j

    @staticmethod
    def _double_end(raw: str, i: int) -> int:
        j = i + 1
        while raw[j] != '"':
            j += 2 if raw[j] == "\\" else 1
        return j

    def _double(self, inner: str):
        i = 0
        while i < len(inner):
            ch = inner[i]
            if ch == "\\" and i + 1 < len(inner) and inner[i + 1] in '$`"\\\n':
                yield inner[i + 1], True
                i += 2
            elif ch in "$`":
                value, i = self._dollar(inner, i)
                yield value, True
            else:
                yield ch, True
                i += 1

    def _dollar(self, raw: str, i: int) -> tuple[str, int]:
        if raw[i] == "`":
            end = raw.index("`", i + 1)
            return self.shell.substitute(raw[i + 1:end], self.io), end + 1
        if raw.startswith("$((", i) and raw.find("))", i) > 0:
            end = raw.index("))", i)
            return self.shell.arithmetic(raw[i + 3:end]), end + 2
        if raw.startswith("$(", i):
            depth, j = 0, i + 1
            while True:
                depth += {"(": 1, ")": -1}.get(raw[j], 0)
                if depth == 0:
                    break
                j += 1
            return self.shell.substitute(raw[i + 2:j], self.io), j + 1
        if raw.startswith("${", i):
            end = raw.index("}", i)
            return self._braced(raw[i + 2:end]), end + 1
        j = i + 1
        if j < len(raw) and raw[j] in "?$#!@*0123456789-":
            return self.shell.special(raw[j]), j + 1
        while j < len(raw) and (raw[j].isalnum() or raw[j] == "_"):
            j += 1
        if j == i + 1:
            return "$", j
        return self.shell.vars.get(raw[i + 1:j], ""), j

    def _braced(self, body: str) -> str:
        if body.startswith("#"):
            return str(len(self.shell.vars.get(body[1:], "")))
        for op in (":-", "-", ":=", "="):
            name, found, default = body.partition(op)
            if found and name.isidentifier():
                value = self.shell.vars.get(name)
                empty = value is None or (op.startswith(":") and value == "")
                if empty and op.endswith("="):
                    self.shell.vars[name] = default
                return default if empty else value
        return self.shell.vars.get(body, "") if body not in "?$#" else self.shell.special(body)


# ---------------------------------------------------------------- interpreter
_ARITH = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Mod: operator.mod,
          ast.Lt: operator.lt, ast.Gt: operator.gt, ast.LtE: operator.le, ast.GtE: operator.ge, ast.Eq: operator.eq,
          ast.NotEq: operator.ne}


class _Interpreter:
    def __init__(self, machine: Machine, tty: bool, env: dict[str, str]):
        self.machine, self.tty = machine, tty
        self.flavor = machine.flavor  # whose messages: ash, dash, bash, zsh
        self.vars: dict[str, str] = dict(env)
        self.exported: set[str] = set(env)
        self.status = 0
        self.cwd = "/" if not isinstance(machine, HostMachine) else env.get("HOME", "/")
        self.positional: list[str] = []
        self.loop_depth = 0

    # -- entry ----------------------------------------------------------------
    def run_program(self, program: Sequence, io: _IO) -> int:
        return self.sequence(program, io)

    def special(self, name: str) -> str:
        return {"?": str(self.status), "$": "1", "#": str(len(self.positional)), "!": "", "0": "sh", "-": "i",
                "@": " ".join(self.positional), "*": " ".join(self.positional)}.get(name) or (
            self.positional[int(name) - 1] if name.isdigit() and 0 < int(name) <= len(self.positional) else "")

    def substitute(self, script: str, io: _IO) -> str:
        captured: list[str] = []
        sub = _IO(io.stdin, captured.append, io.err, False, io.err_tty)
        try:
            self.sequence(parse(script), sub)
        except ShellSyntaxError as err:
            io.err(self.syntax_message(err.token, err.expecting))
        return "".join(captured).rstrip("\n")

    def arithmetic(self, expression: str) -> str:
        text = _Expander(self, _IO("", lambda s: None, lambda s: None, False, False)).word(expression)
        try:
            tree = ast.parse(text.replace("&&", " and ").replace("||", " or "), mode="eval").body
            return str(int(self._arith(tree)))
        except (SyntaxError, ValueError, KeyError, ZeroDivisionError, TypeError):
            raise _ShellError("arithmetic syntax error", 2) from None

    def _arith(self, node) -> int:
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return node.value
        if isinstance(node, ast.Name):
            value = self.vars.get(node.id, "0") or "0"
            return int(value) if value.lstrip("-").isdigit() else 0
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            left, right = self._arith(node.left), self._arith(node.right)
            return int(left / right)
        if isinstance(node, ast.BinOp):
            return _ARITH[type(node.op)](self._arith(node.left), self._arith(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -self._arith(node.operand)
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            return int(_ARITH[type(node.ops[0])](self._arith(node.left), self._arith(node.comparators[0])))
        raise ValueError(node)

    # -- structure --------------------------------------------------------------
    def sequence(self, seq: Sequence, io: _IO) -> int:
        for item in seq.items:
            self.status = self.and_or(item, io)
        return self.status

    def and_or(self, node: AndOr, io: _IO) -> int:
        status = self.pipeline(node.first, io)
        for op, pipeline in node.rest:
            self.status = status
            if (op == "&&") == (status == 0):
                status = self.pipeline(pipeline, io)
        return status

    def pipeline(self, node: Pipeline, io: _IO) -> int:
        stdin = io.stdin
        status = 0
        for i, command in enumerate(node.commands):
            last = i == len(node.commands) - 1
            if last:
                status = self.command(command, _IO(stdin, io.out, io.err, io.out_tty, io.err_tty))
            else:
                captured: list[str] = []
                self.command(command, _IO(stdin, captured.append, io.err, False, io.err_tty))
                stdin = "".join(captured)
        return (0 if status else 1) if node.negate else status

    def command(self, node, io: _IO) -> int:
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
        except _ShellError as err:
            io.err(f"{self.error_prefix()}{err.message}\n")
            return err.status
        return 0

    def group(self, node: Group, io: _IO) -> int:
        if not node.subshell:
            return self.sequence(node.body, io)
        saved = (dict(self.vars), self.cwd)
        try:
            return self.sequence(node.body, io)
        except _Exit as done:
            return done.status
        finally:
            self.vars, self.cwd = saved

    def for_loop(self, node: For, io: _IO) -> int:
        expander = _Expander(self, io)
        words = [f for w in node.words for f in expander.fields(w)] if node.words is not None else list(self.positional)
        status = 0
        self.loop_depth += 1
        try:
            for value in words:
                self.vars[node.name] = value
                status, broke = self._loop_body(node.body, io, status)
                if broke:
                    break
        finally:
            self.loop_depth -= 1
        return status

    def _loop_body(self, body: Sequence, io: _IO, status: int) -> tuple[int, bool]:
        """One pass of a loop body: (its status, whether ``break`` ended this loop).

        ``break N`` / ``continue N`` with N > 1 go on to the enclosing loop.
        """
        try:
            return self.sequence(body, io), False
        except _LoopControl as ctl:
            if ctl.levels > 1:
                raise _LoopControl(ctl.kind, ctl.levels - 1) from None
            return status, ctl.kind == "break"

    def loop(self, node: Loop, io: _IO) -> int:
        status = 0
        self.loop_depth += 1
        try:
            for _ in range(MAX_LOOP_ITERATIONS):
                condition = self.sequence(node.condition, io)
                if (condition == 0) == node.until:
                    return status
                status, broke = self._loop_body(node.body, io, status)
                if broke:
                    return status
        finally:
            self.loop_depth -= 1
        raise _Interrupt()

    def if_clause(self, node: If, io: _IO) -> int:
        for condition, body in node.branches:
            if self.sequence(condition, io) == 0:
                return self.sequence(body, io)
        return self.sequence(node.otherwise, io) if node.otherwise is not None else 0

    # -- simple commands ----------------------------------------------------------
    def simple(self, node: Simple, io: _IO) -> int:
        expander = _Expander(self, io)
        try:
            argv = [f for w in node.words for f in expander.fields(w)]
            assignments = [(a.partition("=")[0], expander.word(a.partition("=")[2])) for a in node.assignments]
        except (ValueError, IndexError):
            raise _ShellError("syntax error: bad substitution", 2) from None
        io = self.redirected(node.redirects, io)
        if not argv:
            for name, value in assignments:
                self.vars[name] = value
            return 0
        env = {k: v for k, v in self.vars.items() if k in self.exported}
        env.update(assignments)
        return self.execute(argv, env, io)

    def redirected(self, redirects: list[Redirect], io: _IO) -> _IO:
        if not redirects:
            return io
        fds = {0: io.stdin, 1: (io.out, io.out_tty), 2: (io.err, io.err_tty)}
        expander = _Expander(self, io)
        for r in redirects:
            target = expander.word(r.target)
            if r.op in (">&", "<&") and target.isdigit():
                fds[r.fd] = fds.get(int(target), fds[1])
            elif r.op == "<":
                text = self.machine.read_file(self.path(target))
                if text is None:
                    raise _ShellError(f"can't open '{target}': No such file or directory", 1)
                fds[0] = text
            elif r.op == "&>":
                fds[1] = fds[2] = (self.file_writer(target, False), False)
            else:
                fds[r.fd] = (self.file_writer(target, r.op == ">>"), False)
        (out, out_tty), (err, err_tty) = fds[1], fds[2]
        return _IO(fds[0], out, err, out_tty, err_tty)

    def file_writer(self, target: str, append: bool) -> Callable[[str], None]:
        path = self.path(target)
        problem = self.machine.write_file(path, "", append=True if append else False)
        if problem is not None:
            raise _ShellError(f"can't create {target}: {problem}", 1)

        def write(text: str) -> None:
            self.machine.write_file(path, text, append=True)

        return write

    def path(self, name: str) -> str:
        return posixpath.normpath(posixpath.join(self.cwd, name))

    def execute(self, argv: list[str], env: dict[str, str], io: _IO) -> int:
        name = argv[0]
        builtin = _BUILTINS.get(name)
        if builtin is not None:
            return builtin(self, argv, io)
        program_name = posixpath.basename(name)
        if ("/" in name and name != command_path(program_name)) or not self.machine.has_command(program_name):
            return self.not_found(name, io)
        if program_name in ("sh", "ash", "dash", "bash"):
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

    def nested_shell(self, argv: list[str], env: dict[str, str], io: _IO) -> int:
        if len(argv) >= 3 and argv[1] == "-c":
            child = _Interpreter(self.machine, self.tty, env)
            child.cwd, child.positional = self.cwd, argv[3:]
            child.flavor = {"bash": "bash", "dash": "dash"}.get(posixpath.basename(argv[0]), self.flavor)
            try:
                return child.run_program(parse(argv[2]), io)
            except _Exit as done:
                return done.status
            except ShellSyntaxError as err:
                io.err(child.syntax_message(err.token, err.expecting, "-c"))
                return 2
        if len(argv) == 1:
            raise _Nested(posixpath.basename(argv[0]))
        io.err(f"{argv[0]}: can't open '{argv[1]}': No such file or directory\n")
        return 2

    def not_found(self, name: str, io: _IO) -> int:
        flavor = self.flavor
        messages = {"dash": f"sh: 1: {name}: not found\n", "bash": f"bash: {name}: command not found\n",
                    "zsh": f"zsh: command not found: {name}\n"}
        io.err(messages.get(flavor, f"sh: {name}: not found\n"))
        return 127

    def error_prefix(self) -> str:
        return {"dash": "sh: 1: ", "bash": "bash: ", "zsh": "zsh: "}.get(self.flavor, "sh: ")

    def syntax_message(self, token: str, expecting: str | None = None, where: str = "") -> str:
        if self.flavor == "dash":
            what = "end of file unexpected" if not token else f'"{token}" unexpected'
            return f"sh: 1: Syntax error: {what}" + (f' (expecting "{expecting}")' if expecting and not token else "") + "\n"
        if self.flavor in ("bash", "zsh"):
            shown = "newline" if not token else token
            return f"{self.flavor}: syntax error near unexpected token `{shown}'\n"
        if not token:
            return "sh: syntax error: unexpected end of file" + (f' (expecting "{expecting}")' if expecting else "") + "\n"
        return f'sh: syntax error: unexpected "{token}"' + (f' (expecting "{expecting}")' if expecting else "") + "\n"


class _ShellError(Exception):
    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.message, self.status = message, status


class _Nested(Exception):
    """``sh``/``bash`` typed in the session: a shell inside the shell."""

    def __init__(self, name: str):
        self.name = name


# -------------------------------------------------------------------- builtins
def _cd(sh: _Interpreter, argv: list[str], io: _IO) -> int:
    target = argv[1] if len(argv) > 1 else sh.vars.get("HOME", "/")
    if target == "-":
        target = sh.vars.get("OLDPWD", sh.cwd)
    path = sh.path(target)
    if not sh.machine.is_dir(path):
        io.err(f"{sh.error_prefix()}cd: can't cd to {target}: No such file or directory\n")
        return 2 if sh.flavor == "dash" else 1
    sh.vars["OLDPWD"], sh.cwd = sh.cwd, path
    sh.vars["PWD"] = path
    return 0


def _pwd(sh: _Interpreter, argv: list[str], io: _IO) -> int:
    io.out(sh.cwd + "\n")
    return 0


def _export(sh: _Interpreter, argv: list[str], io: _IO) -> int:
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


def _unset(sh: _Interpreter, argv: list[str], io: _IO) -> int:
    for name in argv[1:]:
        sh.vars.pop(name, None)
        sh.exported.discard(name)
    return 0


def _exit(sh: _Interpreter, argv: list[str], io: _IO) -> int:
    if len(argv) > 1 and not argv[1].lstrip("-").isdigit():
        io.err(f"{sh.error_prefix()}exit: Illegal number: {argv[1]}\n")
        raise _Exit(2)
    raise _Exit(int(argv[1]) & 0xFF if len(argv) > 1 else sh.status)


def _loop_control(sh: _Interpreter, argv: list[str], io: _IO) -> int:
    if sh.loop_depth == 0:
        return 0
    raise _LoopControl(argv[0], int(argv[1]) if len(argv) > 1 and argv[1].isdigit() else 1)


def _true(sh, argv, io) -> int:
    return 0


def _false(sh, argv, io) -> int:
    return 1


def _type(sh: _Interpreter, argv: list[str], io: _IO) -> int:
    names = argv[2:] if argv[0] == "command" else argv[1:]
    if argv[0] == "command" and (len(argv) < 2 or argv[1] != "-v"):
        return sh.execute(argv[1:], {k: v for k, v in sh.vars.items() if k in sh.exported}, io) if len(argv) > 1 else 0
    status = 0
    for name in names:
        if name in _BUILTINS:
            io.out(name + "\n" if argv[0] == "command" else f"{name} is a shell builtin\n")
        elif sh.machine.has_command(name):
            io.out(command_path(name) + "\n" if argv[0] == "command" else f"{name} is {command_path(name)}\n")
        else:
            status = 1 if argv[0] == "command" else 127
            if argv[0] == "type":
                io.out(f"{name}: not found\n")
    return status


_SIGNALS = {"1": "HUP", "2": "INT", "3": "QUIT", "9": "KILL", "15": "TERM", "HUP": "HUP", "INT": "INT", "QUIT": "QUIT",
            "KILL": "KILL", "TERM": "TERM"}


def _kill(sh: _Interpreter, argv: list[str], io: _IO) -> int:
    """``kill [-SIGNAL | -s SIGNAL] PID...``: only PID 1, the container's main process, exists to signal."""
    args, signal = argv[1:], "TERM"
    if args and args[0] == "-l":
        io.out(" ".join(f"{n}" for n in ("HUP", "INT", "QUIT", "KILL", "TERM")) + "\n")
        return 0
    if len(args) >= 2 and args[0] == "-s":
        signal, args = args[1], args[2:]
    elif args and args[0].startswith("-") and len(args[0]) > 1:
        signal, args = args[0][1:], args[1:]
    name = _SIGNALS.get(signal.upper().removeprefix("SIG"))
    if name is None:
        io.err(f"{sh.error_prefix()}kill: bad signal name '{signal}'\n")
        return 1
    if not args:
        io.err(f"{sh.error_prefix()}kill: usage: kill [-s sigspec | -signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n")
        return 1
    status = 0
    for pid in args:
        if not pid.isdigit():
            io.err(f"{sh.error_prefix()}kill: invalid number '{pid}'\n")
            status = 1
        elif pid != "1" or not hasattr(sh.machine, "signal_init"):
            io.err(f"{sh.error_prefix()}can't kill pid {pid}: No such process\n")
            status = 1
        elif sh.machine.signal_init(name):
            raise _Exit(137)  # the container stopped: this shell, running inside it, is gone too
    return status


_BUILTINS: dict[str, Callable[[_Interpreter, list[str], _IO], int]] = {
    "cd": _cd, "pwd": _pwd, "export": _export, "unset": _unset, "exit": _exit, "break": _loop_control,
    "continue": _loop_control, "true": _true, "false": _false, ":": _true, "type": _type, "command": _type,
    "kill": _kill,
}


# -------------------------------------------------------------------- sessions
class _Session:
    """What PodShell and HostShell share: a machine, an interpreter, a prompt, pending lines."""

    def __init__(self, machine: Machine, tty: bool):
        self.machine = machine
        self.tty = tty
        env = machine.base_env()
        if tty:
            env.setdefault("TERM", "xterm")
        self.interp = _Interpreter(machine, tty, env)
        self.pending = ""
        self.shells: list[str] = [machine.flavor]
        self.exited = False

    @property
    def prompt(self) -> str:
        if self.pending:
            return "> "
        return _prompt(self.shells[-1], self.machine.hostname, self.interp.cwd, self.interp.vars.get("HOME", "/root"))

    def run_line(self, line: str) -> ShellResult:
        if self.exited:
            return ShellResult("", "", self.interp.status, True)
        self.machine.cluster.settle()
        text = self.pending + line
        output = Output()
        io = _IO("", lambda s: output.write("stdout", s), lambda s: output.write("stderr", s), self.tty, self.tty)
        try:
            program = parse(text)
        except Incomplete:
            self.pending = text + "\n"
            return ShellResult("", "", self.interp.status, False, "", incomplete=True)
        except ShellSyntaxError as err:
            self.pending = ""
            io.err(self.interp.syntax_message(err.token, err.expecting))
            self.interp.status = 2
            return self._result(output)
        self.pending = ""
        self._run(program, io, output)
        return self._result(output)

    def _run(self, program: Sequence, io: _IO, output: Output) -> None:
        self.interp.flavor = self.shells[-1]
        try:
            self.interp.run_program(program, io)
        except _Exit as done:
            self.interp.status = done.status
            if len(self.shells) > 1:
                self.shells.pop()
            else:
                self.exited = True
                if self.tty:
                    output.write("stdout", "exit\n" if self.shells[-1] == "bash" else "")
        except _Nested as nested:
            self.shells.append(self.machine.flavor if nested.name == "sh" else nested.name)
            self.interp.status = 0
        except _Interrupt:
            output.write("stdout", "^C\n")
            self.interp.status = 130
        except _LoopControl:
            pass
        except _ShellError as err:
            io.err(f"{self.interp.error_prefix()}{err.message}\n")
            self.interp.status = err.status
        except ApiError as err:  # the Pod went away under the session
            io.err(f"{error_message(err)}\n")
            self.interp.status = 1
            self.exited = True
        except (ValueError, IndexError, KeyError, RecursionError):  # a corner of sh the simulator does not model
            io.err(f"{self.interp.error_prefix()}this command line is not supported by the simulator\n")
            self.interp.status = 2

    def _result(self, output: Output) -> ShellResult:
        return ShellResult(output.text("stdout"), output.text("stderr"), self.interp.status, self.exited, output.terminal)


def _prompt(flavor: str, hostname: str, cwd: str, home: str) -> str:
    shown = "~" + cwd[len(home):] if cwd == home or cwd.startswith(home + "/") else cwd
    if flavor == "dash":
        return "# "
    if flavor == "bash":
        return f"{hostname}:{shown}# "
    if flavor == "zsh":
        return f"{hostname.split('.')[0]}:{shown} $ "
    return f"{shown} # "


class PodShell(_Session):
    """An interactive shell in a container of a Pod (``kubectl exec -it POD -- sh``)."""

    def __init__(self, cluster: "Runtime", namespace: str, pod_name: str, *, container: str | None = None,
                 tty: bool = True, shell: str = "sh"):
        pod = cluster.api.find(Pod, namespace, pod_name)
        if pod is None:
            raise ApiError.not_found("pods", pod_name)
        check_exec(cluster, pod)
        machine = PodMachine(cluster, namespace, pod_name, container)
        if not machine.has_command(posixpath.basename(shell)):
            raise ExecError(_missing_program(cluster, posixpath.basename(shell)))
        super().__init__(machine, tty)
        name = posixpath.basename(shell)
        self.shells = [machine.flavor if name == "sh" else name]
        self.interp.flavor = self.shells[0]


class HostShell(_Session):
    """The learner's laptop terminal (``curl http://localhost:30007``)."""

    def __init__(self, cluster: "Runtime", profile: HostProfile | None = None, *, kubectl: Kubectl | None = None):
        super().__init__(HostMachine(cluster, profile, kubectl), True)


def check_exec(cluster: "Runtime", pod: Pod) -> None:
    """Raise :class:`ExecError` with kubectl's message when ``kubectl exec`` cannot run in ``pod``."""
    phase = pod.status.phase if pod.status else "Pending"
    if phase in ("Succeeded", "Failed"):
        raise ExecError(f"error: cannot exec into a container in a completed pod; current phase is {phase}")
    statuses = pod.status.container_statuses or []
    if not any(s.state and s.state.running for s in statuses):
        name = (pod.spec.containers or [None])[0]
        raise ExecError(f'error: unable to upgrade connection: container not found ("{name.name if name else ""}")')


def _missing_program(cluster: "Runtime", name: str) -> str:
    runtime = cluster.profile.container_runtime
    core = f'exec: "{name}": executable file not found in $PATH'
    if runtime.startswith("docker"):
        return f"OCI runtime exec failed: exec failed: unable to start container process: {core}: unknown\ncommand terminated with exit code 126"
    return ("error: Internal error occurred: Internal error occurred: error executing command in container: failed to exec in "
            f"container: failed to start exec: OCI runtime exec failed: exec failed: unable to start container process: {core}: unknown")


def exec_command(cluster: "Runtime", namespace: str, pod_name: str, argv: list[str], *, container: str | None = None,
                 tty: bool = False) -> ShellResult:
    """``kubectl exec POD -- ARGV...``: run one program (no shell parsing of ARGV)."""
    pod = cluster.api.find(Pod, namespace, pod_name)
    if pod is None:
        raise ApiError.not_found("pods", pod_name)
    check_exec(cluster, pod)
    machine = PodMachine(cluster, namespace, pod_name, container)
    name = posixpath.basename(argv[0]) if argv else ""
    if not argv or not (machine.has_command(name) or name in _BUILTINS):
        raise ExecError(_missing_program(cluster, argv[0] if argv else ""))
    session = _Session(machine, tty)
    cluster.settle()
    output = Output()
    io = _IO("", lambda s: output.write("stdout", s), lambda s: output.write("stderr", s), tty, tty)
    try:
        status = session.interp.execute(list(argv), session.interp.vars, io)
    except _Exit as done:
        status = done.status
    except (_Nested, _Interrupt):
        status = 0
    return ShellResult(output.text("stdout"), output.text("stderr"), status, True, output.terminal)
