"""Word expansion: quotes, parameters, command substitution, arithmetic, field splitting.

What mvdan.cc/sh/v3/expand does (``expand.Fields``, ``expand.Literal``) for
the words :mod:`.syntax` keeps raw, in the order of POSIX XCU 2.6 "Word
Expansions": tilde, ``$NAME``/``${NAME:-default}``, ``$(...)``/`` `...` ``,
``$((...))`` (:mod:`.arith`), then field splitting of the unquoted results.
The expander knows the shell only as an :class:`Environment` and a way to
run a command substitution, so it does not depend on the interpreter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterator, Protocol

from .arith import ArithError, evaluate
from .control import CommandFailed, LineAbandoned

if TYPE_CHECKING:  # pragma: no cover
    from .dialect import Dialect

__all__ = ["Environment", "Expander"]


class Environment(Protocol):
    """What expansion reads of the shell: its variables, its special parameters, its dialect."""

    vars: dict[str, str]
    dialect: "Dialect"

    def special(self, name: str) -> str:
        """``$?``, ``$$``, ``$#``, ``$1``..."""


class Expander:
    """Expands words for one command; ``substitute(script)`` runs a command substitution and returns its output."""

    def __init__(self, env: Environment, substitute: Callable[[str], str]):
        self.env, self.substitute = env, substitute

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

    def _pieces(self, raw: str) -> Iterator[tuple[str, bool]]:
        """(text, quoted) pieces; unquoted literal text is yielded as quoted (it is not split)."""
        i = 0
        while i < len(raw):
            ch = raw[i]
            if ch == "'":
                end = _closing(raw, "'", i + 1)
                yield raw[i + 1 : end], True
                i = end + 1
            elif ch == '"':
                end = self._double_end(raw, i)
                yield "".join(t for t, _ in self._double(raw[i + 1 : end])), True
                i = end + 1
            elif ch == "\\":
                yield raw[i + 1 : i + 2], True
                i += 2
            elif ch in "$`":
                value, i = self._dollar(raw, i)
                yield value, False
            elif ch == "~" and i == 0 and (len(raw) == 1 or raw[1] == "/"):
                yield self.env.vars.get("HOME", "/root"), True
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
        while j < len(raw) and raw[j] != '"':
            j += 2 if raw[j] == "\\" else 1
        if j >= len(raw):
            raise _bad_substitution()
        return j

    def _double(self, inner: str) -> Iterator[tuple[str, bool]]:
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
            end = _closing(raw, "`", i + 1)
            return self.substitute(raw[i + 1 : end]), end + 1
        end = _arithmetic_end(raw, i)
        if end >= 0:
            return self.arithmetic(raw[i + 3 : end]), end + 2
        if raw.startswith("$(", i):
            depth, j = 0, i + 1
            while True:
                if j == len(raw):
                    raise _bad_substitution()
                depth += {"(": 1, ")": -1}.get(raw[j], 0)
                if depth == 0:
                    break
                j += 1
            return self.substitute(raw[i + 2 : j]), j + 1
        if raw.startswith("${", i):
            end = _closing(raw, "}", i)
            return self._braced(raw[i + 2 : end]), end + 1
        j = i + 1
        if j < len(raw) and raw[j] in "?$#!@*0123456789-":
            return self.env.special(raw[j]), j + 1
        while j < len(raw) and (raw[j].isalnum() or raw[j] == "_"):
            j += 1
        if j == i + 1:
            return "$", j
        return self.env.vars.get(raw[i + 1 : j], ""), j

    def arithmetic(self, expression: str) -> str:
        """``$((expression))``: expanded first (``$i``, ``$(cmd)``), then evaluated in the shell's dialect."""
        dialect = self.env.dialect
        try:
            return str(evaluate(self.word(expression), dialect.arith, self.env.vars))
        except ArithError as err:
            raise LineAbandoned(dialect.arith_message(err), dialect.arith_failure_status) from None

    def _braced(self, body: str) -> str:
        variables = self.env.vars
        if body.startswith("#"):
            return str(len(variables.get(body[1:], "")))
        for op in (":-", "-", ":=", "="):
            name, found, default = body.partition(op)
            if found and name.isidentifier():
                value = variables.get(name)
                empty = value is None or (op.startswith(":") and value == "")
                if empty and op.endswith("="):
                    variables[name] = default
                return default if empty else value
        return variables.get(body, "") if body not in "?$#" else self.env.special(body)


def _bad_substitution() -> CommandFailed:
    """A word the lexer let through but expansion cannot take apart (``$(( ${x ))``)."""
    return CommandFailed("syntax error: bad substitution", 2)


def _closing(raw: str, char: str, start: int) -> int:
    """Where ``char`` closes what opened before ``raw[start]``."""
    end = raw.find(char, start)
    if end < 0:
        raise _bad_substitution()
    return end


def _arithmetic_end(raw: str, i: int) -> int:
    """Where the ``))`` closing ``$((`` at ``raw[i]`` is, or -1 when ``raw[i]`` starts no arithmetic expansion
    (``$((cmd1); (cmd2))`` is a command substitution whose first command is a subshell)."""
    if not raw.startswith("$((", i):
        return -1
    depth = 0
    for j in range(i + 3, len(raw)):
        if raw[j] == "(":
            depth += 1
        elif raw[j] == ")":
            if depth == 0:
                return j if raw.startswith("))", j) else -1
            depth -= 1
    return -1
