"""Which shell is talking: busybox ash, dash, bash or zsh, and everything that differs between them.

One :class:`Dialect` per shell (:data:`ASH`, :data:`DASH`, :data:`BASH`,
:data:`ZSH`); the interpreter asks its dialect for the words and numbers it
prints — a command that is not found, a syntax error, a failed ``cd``, an
arithmetic error, the prompt — and for the arithmetic it understands
(:class:`~.arith.ArithSyntax`). mvdan.cc/sh/v3/syntax names the same idea
``LangVariant`` (LangPOSIX, LangBash, ...). :func:`dialect_for` maps a
machine's shell (``Machine.flavor``: Alpine and busybox images have ash,
Debian images dash, the laptop zsh or bash) to its dialect, in one place.

The texts are those of busybox 1.37 ``shell/ash.c`` and ``shell/math.c``,
dash 0.5 ``src/error.c`` and ``src/arith_yacc.c``, bash 5.2 ``expr.c`` and
``parse.y``, and zsh 5.9 ``Src/math.c`` as an interactive shell prints them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Callable, Mapping

from .arith import ArithError, ArithProblem, ArithSyntax

__all__ = ["ASH", "BASH", "DASH", "Dialect", "SHELL_PROGRAMS", "ZSH", "dialect_for"]

SHELL_PROGRAMS = ("sh", "ash", "dash", "bash")  # programs that start a shell inside the shell


@dataclass(frozen=True, eq=False)  # one instance per shell: compared by identity
class Dialect:
    name: str  # the shell's program name: ash, dash, bash, zsh
    error_prefix: str  # before every message the shell itself prints
    not_found: str  # an unknown command (exit 127); {name} is the command
    prompt_format: str  # {host}, {short_host} (up to the first dot), {cwd} (~ for the home directory)
    unexpected: Callable[[str, "str | None"], str]  # a syntax error: (unexpected token, "" at the end; expected word)
    cd_failure_status: int  # ``cd /nowhere``
    exit_echo: str  # what the interactive shell prints as it exits
    arith: ArithSyntax
    arith_messages: Mapping[ArithProblem, str] = field(repr=False)  # {expression} {stripped} {token} {at}
    arith_failure_status: int  # $? after an arithmetic error made the shell give up the command line

    def command_not_found(self, name: str) -> str:
        return self.not_found.format(name=name) + "\n"

    def prompt(self, hostname: str, cwd: str, home: str) -> str:
        shown = "~" + cwd[len(home) :] if cwd == home or cwd.startswith(home + "/") else cwd
        return self.prompt_format.format(host=hostname, short_host=hostname.split(".")[0], cwd=shown)

    def syntax_message(self, token: str, expecting: str | None = None) -> str:
        return self.error_prefix + self.unexpected(token, expecting) + "\n"

    def arith_message(self, error: ArithError) -> str:
        """The text after :attr:`error_prefix` for an arithmetic error."""
        at = "end of string" if error.at_end else f"`{error.token}'"
        template = self.arith_messages[error.problem]
        expression = error.expression
        return template.format(expression=expression, stripped=expression.lstrip(), token=error.token, at=at)


def _ash_unexpected(token: str, expecting: str | None) -> str:
    what = "unexpected end of file" if not token else f'unexpected "{token}"'
    return f"syntax error: {what}" + (f' (expecting "{expecting}")' if expecting else "")


def _dash_unexpected(token: str, expecting: str | None) -> str:
    what = "end of file unexpected" if not token else f'"{token}" unexpected'
    return f"Syntax error: {what}" + (f' (expecting "{expecting}")' if expecting and not token else "")


def _bash_unexpected(token: str, expecting: str | None) -> str:
    return f"syntax error near unexpected token `{token or 'newline'}'"


def _messages(default: str, **by_problem: str) -> Mapping[ArithProblem, str]:
    return MappingProxyType({problem: by_problem.get(problem.name, default) for problem in ArithProblem})


def _bash_arith(text: str) -> str:
    """bash names the expression and the text from the offending token on."""
    return "{stripped}: " + text + ' (error token is "{token}")'


ASH = Dialect(
    name="ash",
    error_prefix="sh: ",
    not_found="sh: {name}: not found",
    prompt_format="{cwd} # ",
    unexpected=_ash_unexpected,
    cd_failure_status=1,
    exit_echo="",
    arith=ArithSyntax(
        c_operators=True,
        variables_are_expressions=True,
        short_circuit=False,
        leading_zero_octal=True,
        empty_is_zero=True,
    ),
    arith_messages=_messages(
        "arithmetic syntax error",
        DIVISION_BY_ZERO="divide by zero",
        COLON_EXPECTED="malformed ?: operator",
        NEGATIVE_EXPONENT="exponent less than 0",
        RECURSION="expression recursion loop detected",
    ),
    arith_failure_status=2,
)

DASH = Dialect(
    name="dash",
    error_prefix="sh: 1: ",
    not_found="sh: 1: {name}: not found",
    prompt_format="# ",
    unexpected=_dash_unexpected,
    cd_failure_status=2,
    exit_echo="",
    arith=ArithSyntax(
        c_operators=False,
        variables_are_expressions=False,
        short_circuit=True,
        leading_zero_octal=True,
        empty_is_zero=False,
    ),
    arith_messages=_messages(
        'arithmetic expression: expecting EOF: "{expression}"',
        OPERAND_EXPECTED='arithmetic expression: expecting primary: "{expression}"',
        COLON_EXPECTED="arithmetic expression: expecting ':': \"{expression}\"",
        PAREN_EXPECTED="arithmetic expression: expecting ')': \"{expression}\"",
        DIVISION_BY_ZERO='arithmetic expression: division by zero: "{expression}"',
        ILLEGAL_NUMBER="Illegal number: {token}",
    ),
    arith_failure_status=2,
)

BASH = Dialect(
    name="bash",
    error_prefix="bash: ",
    not_found="bash: {name}: command not found",
    prompt_format="{host}:{cwd}# ",
    unexpected=_bash_unexpected,
    cd_failure_status=1,
    exit_echo="exit\n",
    arith=ArithSyntax(
        c_operators=True,
        variables_are_expressions=True,
        short_circuit=True,
        leading_zero_octal=True,
        empty_is_zero=True,
    ),
    arith_messages=_messages(
        _bash_arith("syntax error in expression"),
        OPERAND_EXPECTED=_bash_arith("syntax error: operand expected"),
        COLON_EXPECTED=_bash_arith("`:' expected for conditional expression"),
        PAREN_EXPECTED=_bash_arith("missing `)'"),
        NOT_ASSIGNABLE=_bash_arith("attempted assignment to non-variable"),
        DIVISION_BY_ZERO=_bash_arith("division by 0"),
        NEGATIVE_EXPONENT=_bash_arith("exponent less than 0"),
        RECURSION=_bash_arith("expression recursion level exceeded"),
        BAD_NUMBER=_bash_arith("value too great for base"),
    ),
    arith_failure_status=1,
)

ZSH = Dialect(
    name="zsh",
    error_prefix="zsh: ",
    not_found="zsh: command not found: {name}",
    prompt_format="{short_host}:{cwd} $ ",
    unexpected=_bash_unexpected,
    cd_failure_status=1,
    exit_echo="",
    arith=ArithSyntax(
        c_operators=True,
        variables_are_expressions=True,
        short_circuit=True,
        leading_zero_octal=False,
        empty_is_zero=True,
    ),
    arith_messages=_messages(
        "bad math expression: operator expected at {at}",
        OPERAND_EXPECTED="bad math expression: operand expected at {at}",
        COLON_EXPECTED="bad math expression: ':' expected",
        PAREN_EXPECTED="bad math expression: ')' expected",
        NOT_ASSIGNABLE="bad math expression: lvalue required",
        DIVISION_BY_ZERO="division by zero",
        # zsh answers 2 ** -1 with the float 0.5; integer arithmetic can only refuse it
        NEGATIVE_EXPONENT="bad math expression: exponent less than 0",
        RECURSION="math recursion limit exceeded: {token}",
    ),
    arith_failure_status=1,
)

_BY_NAME = {dialect.name: dialect for dialect in (ASH, DASH, BASH, ZSH)}


def dialect_for(shell: str) -> Dialect:
    """The dialect of a shell program or ``Machine.flavor`` (busybox ash when the name is unknown)."""
    return _BY_NAME.get(shell, ASH)
