"""Shell arithmetic, ``$(( ... ))``: a small precedence-climbing parser that evaluates as it parses.

The grammar is C's integer expressions as POSIX puts them in the shell
(XCU 2.6.4 "Arithmetic Expansion"), the way busybox ash (``shell/math.c``),
dash (``src/arith_yacc.c``), bash (``expr.c``) and zsh (``Src/math.c``)
evaluate them, and what mvdan.cc/sh/v3/expand/arith.go does for Go:

- integers: decimal, ``0x`` hex, leading-``0`` octal; 64-bit, wrapping around;
- variables, bare (``i``) or already expanded (``$i``): unset or empty is 0;
  ash, bash and zsh evaluate a value that is itself an expression (``y=x+2``),
  dash wants a number;
- unary ``+ - ! ~``, then ``**``, ``* / %``, ``+ -``, ``<< >>``, ``< <= > >=``,
  ``== !=``, ``&``, ``^``, ``|``, ``&&``, ``||``, ``?:``, assignment
  (``= += -= *= /= %= <<= >>= &= ^= |=``) and ``,``; ``++``/``--`` and ``**``
  and ``,`` only where the shell has them (:class:`ArithSyntax`).

The work is bounded: no Python ``eval``, powers are taken modulo 2**64,
nesting (parentheses and variables holding expressions) stops at
:data:`MAX_DEPTH` and variable look-ups at :data:`MAX_LOOKUPS`. A problem is
an :class:`ArithError` naming what went wrong and where; each shell words it
its own way (:mod:`.dialect`).
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from enum import Enum
from typing import Callable

__all__ = ["ArithError", "ArithProblem", "ArithSyntax", "evaluate"]

MAX_DEPTH = 32  # nested parentheses plus variables whose values are expressions
MAX_LOOKUPS = 1000  # variable look-ups in one expansion (x=y+y, y=z+z, ... doubles the work at each level)

_BITS = 64
_MASK = (1 << _BITS) - 1

# binary operators by precedence, loosest first (C's table; ** binds tighter than * and looser than unary minus)
_PRECEDENCE = {
    "||": 1,
    "&&": 2,
    "|": 3,
    "^": 4,
    "&": 5,
    "==": 6,
    "!=": 6,
    "<": 7,
    "<=": 7,
    ">": 7,
    ">=": 7,
    "<<": 8,
    ">>": 8,
    "+": 9,
    "-": 9,
    "*": 10,
    "/": 10,
    "%": 10,
    "**": 11,
}
_ASSIGNMENTS = ("=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "^=", "|=")
_UNARY = ("+", "-", "!", "~")
_C_OPERATORS = ("**", "++", "--", ",")  # only in shells with ArithSyntax.c_operators
_ARITHMETIC: dict[str, Callable[[int, int], int | bool]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "&": operator.and_,
    "^": operator.xor,
    "|": operator.or_,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
    "&&": lambda left, right: bool(left and right),
    "||": lambda left, right: bool(left or right),
}
_OPERATORS = sorted({*_PRECEDENCE, *_ASSIGNMENTS, *_UNARY, *_C_OPERATORS, "?", ":", "(", ")"}, key=len, reverse=True)


@dataclass(frozen=True)
class ArithSyntax:
    """Where one shell's arithmetic differs from another's."""

    c_operators: bool  # ``**``, ``++``/``--`` and ``,`` (ash, bash, zsh; dash has none of them)
    variables_are_expressions: bool  # ``y=x+2; $((y))`` evaluates x+2 (dash: "Illegal number: x+2")
    short_circuit: bool  # ``0 && 1/0`` skips the right side (busybox ash evaluates both sides)
    leading_zero_octal: bool  # ``010`` is 8 (zsh reads 10)
    empty_is_zero: bool  # ``$(( ))`` is 0 (dash: "expecting primary")


class ArithProblem(Enum):
    OPERAND_EXPECTED = "operand expected"
    OPERATOR_EXPECTED = "operator expected"
    COLON_EXPECTED = "':' expected"
    PAREN_EXPECTED = "')' expected"
    NOT_ASSIGNABLE = "not assignable"
    DIVISION_BY_ZERO = "division by zero"
    NEGATIVE_EXPONENT = "negative exponent"
    RECURSION = "recursion"
    BAD_NUMBER = "bad number"  # 08, 0x: digits the base does not have
    ILLEGAL_NUMBER = "illegal number"  # dash: a variable's value is not a number


class ArithError(Exception):
    """What went wrong, in which expression, and where: the text from the offending token on (bash's "error
    token"; at the end of the expression, from the last token on) and whether the expression had ended."""

    def __init__(self, problem: ArithProblem, expression: str, token: str, at_end: bool = False):
        super().__init__(f"{problem.value}: {token!r} in {expression!r}")
        self.problem, self.expression, self.token, self.at_end = problem, expression, token, at_end


def evaluate(expression: str, syntax: ArithSyntax, variables: dict[str, str]) -> int:
    """The value of ``expression``; assignments in it change ``variables``. Raises :class:`ArithError`."""
    return _Parser(expression, syntax, variables, _Budget(), ()).run()


class _Budget:
    """Variable look-ups left for one expansion, shared by the nested evaluations of variables' values."""

    def __init__(self) -> None:
        self.lookups = MAX_LOOKUPS


def _wrap(value: int) -> int:
    """Two's complement in 64 bits, as the shells' ``intmax_t``."""
    value &= _MASK
    return value - (1 << _BITS) if value >> (_BITS - 1) else value


def _number(word: str, leading_zero_octal: bool) -> int | None:
    """A numeric literal's value (wrapped to 64 bits, as bash does), or None when the base lacks a digit."""
    if word[:2].lower() == "0x":
        digits, base = word[2:], 16
    elif leading_zero_octal and word.startswith("0") and len(word) > 1:
        digits, base = word[1:], 8
    else:
        digits, base = word, 10
    if not digits or any(c not in "0123456789abcdef"[:base] for c in digits.lower()):
        return None
    value = 0
    for c in digits.lower():
        value = (value * base + int(c, 16)) & _MASK
    return _wrap(value)


def _is_name(token: str) -> bool:
    return bool(token) and (token[0].isalpha() or token[0] == "_") and token.isascii()


def _divide(left: int, right: int) -> int:
    """C division: the quotient truncated toward zero."""
    quotient = abs(left) // abs(right)
    return quotient if (left < 0) == (right < 0) else -quotient


def _binary(op: str, left: int, right: int) -> int:
    """Apply a binary operator (its divisor and exponent already checked)."""
    if op in ("/", "%"):
        quotient = _divide(left, right)
        return _wrap(quotient if op == "/" else left - right * quotient)
    if op == "**":
        return _wrap(pow(left, right, 1 << _BITS))
    if op in ("<<", ">>"):
        shift = right & (_BITS - 1)  # what x86 does with the count, and so the shells
        return _wrap(left << shift if op == "<<" else left >> shift)
    return _wrap(int(_ARITHMETIC[op](left, right)))


class _Parser:
    """One expression; ``live=False`` parses a branch that is not taken (no look-ups, no assignments, no errors
    of value such as division by zero)."""

    def __init__(
        self, text: str, syntax: ArithSyntax, variables: dict[str, str], budget: _Budget, evaluating: tuple[str, ...]
    ):
        self.text, self.syntax, self.variables, self.budget = text, syntax, variables, budget
        self.evaluating = evaluating  # the variables whose values this expression is (loop detection)
        self.pos = 0
        self.token_start = 0  # where the token under the cursor starts
        self.previous_start = 0  # where the token before it starts
        self.depth = len(evaluating)
        self.operators = [op for op in _OPERATORS if syntax.c_operators or op not in _C_OPERATORS]

    # -- tokens ----------------------------------------------------------------
    def peek(self) -> str:
        """The next token ("" at the end): a number or name, an operator, or one character no rule knows."""
        text, i = self.text, self.pos
        while i < len(text) and text[i] in " \t\n":
            i += 1
        self.token_start = i
        if i == len(text):
            return ""
        if text[i].isalnum() or text[i] == "_":
            j = i
            while j < len(text) and (text[j].isalnum() or text[j] == "_"):
                j += 1
            return text[i:j]
        return next((op for op in self.operators if text.startswith(op, i)), text[i])

    def advance(self, token: str) -> None:
        """Consume ``token``, which :meth:`peek` just returned (or its first character)."""
        self.previous_start = self.token_start
        self.pos = self.token_start + len(token)

    def rest(self) -> str:
        """The text from the next token on."""
        self.peek()
        return self.text[self.token_start :]

    def fail(self, problem: ArithProblem, token: str | None = None) -> ArithError:
        """An error at the token under the cursor, or at the one before it when the text has ended."""
        if token is not None:
            return ArithError(problem, self.text, token)
        at_end = not self.peek()
        return ArithError(problem, self.text, self.text[self.previous_start if at_end else self.token_start :], at_end)

    # -- grammar -------------------------------------------------------------------
    def run(self) -> int:
        if self.peek() == "" and self.syntax.empty_is_zero:
            return 0
        value = self.comma(True)
        if self.peek():
            raise self.fail(ArithProblem.OPERATOR_EXPECTED)
        return value

    def comma(self, live: bool) -> int:
        value = self.assignment(live)
        while self.syntax.c_operators and self.peek() == ",":
            self.advance(",")
            value = self.assignment(live)
        return value

    def assignment(self, live: bool) -> int:
        """``NAME op= VALUE`` when a name and an assignment operator come next, else a conditional expression."""
        saved = self.pos, self.previous_start
        name = self.peek()
        if _is_name(name):
            self.advance(name)
            op = self.peek()
            if op in _ASSIGNMENTS:
                self.advance(op)
                right_text = self.rest()
                value = self.assignment(live)
                if op != "=":
                    value = self.apply(op, self.variable(name, live), value, live, right_text)
                return self.assign(name, value, live)
        self.pos, self.previous_start = saved
        return self.conditional(live)

    def conditional(self, live: bool) -> int:
        condition = self.binary(1, live)
        if self.peek() != "?":
            return condition
        self.advance("?")
        chosen = self.comma(live and condition != 0)  # the middle is parsed as if parenthesized, as in C
        if self.peek() != ":":
            raise self.fail(ArithProblem.COLON_EXPECTED)
        self.advance(":")
        other = self.conditional(live and condition == 0)
        return chosen if condition else other

    def binary(self, min_precedence: int, live: bool) -> int:
        left = self.unary(live)
        while True:
            op = self.peek()
            if op in ("++", "--"):  # after a value that is not a variable: 7+++v is 7 + ++v (busybox math.c)
                op = op[0]
            if op in _ASSIGNMENTS:
                raise self.fail(ArithProblem.NOT_ASSIGNABLE)
            precedence = _PRECEDENCE.get(op, 0)
            if precedence < min_precedence:
                return left
            self.advance(op)
            if op in ("&&", "||") and self.syntax.short_circuit:
                decided = (left == 0) if op == "&&" else (left != 0)
                right = self.binary(precedence + 1, live and not decided)
                left = int(op == "||") if decided else _binary(op, left, right)
                continue
            right_text = self.rest()
            right = self.binary(precedence + (op != "**"), live)  # ** groups to the right
            left = self.apply(op, left, right, live, right_text)

    def apply(self, op: str, left: int, right: int, live: bool, right_text: str) -> int:
        if not live:
            return 0
        if op in ("/", "%", "/=", "%=") and right == 0:
            raise self.fail(ArithProblem.DIVISION_BY_ZERO, right_text)
        if op == "**" and right < 0:
            raise self.fail(ArithProblem.NEGATIVE_EXPONENT, self.text[self.previous_start :])
        return _binary(op.removesuffix("=") if op in _ASSIGNMENTS else op, left, right)

    def unary(self, live: bool) -> int:
        signs: list[str] = []
        while True:
            token = self.peek()
            if token in ("++", "--") and not self.names_next(len(token)):
                token = token[0]  # --7 is - -7
            if token not in _UNARY:
                break
            signs.append(token)
            self.advance(token)
        value = self.primary(live)
        for sign in reversed(signs):
            value = {"+": value, "-": _wrap(-value), "!": int(value == 0), "~": ~value}[sign]
        return value

    def names_next(self, skip: int) -> bool:
        """Whether a name follows the operator under the cursor (``++i`` increments i)."""
        return _is_name(self.text[self.token_start + skip :].lstrip(" \t\n")[:1])

    def primary(self, live: bool) -> int:
        token = self.peek()
        if token == "(":
            self.advance(token)
            self.descend()
            value = self.comma(live)
            if self.peek() != ")":
                raise self.fail(ArithProblem.PAREN_EXPECTED)
            self.advance(")")
            self.depth -= 1
            return value
        if token in ("++", "--"):  # unary() saw a name after it
            self.advance(token)
            name = self.peek()
            self.advance(name)
            return self.assign(name, _wrap(self.variable(name, live) + (1 if token == "++" else -1)), live)
        if token[:1].isdigit():
            value = _number(token, self.syntax.leading_zero_octal)
            if value is None:
                raise self.fail(ArithProblem.BAD_NUMBER, token)
            self.advance(token)
            return value
        if not _is_name(token):
            raise self.fail(ArithProblem.OPERAND_EXPECTED)
        self.advance(token)
        after = self.peek()
        if after in ("++", "--"):
            self.advance(after)
            old = self.variable(token, live)
            self.assign(token, _wrap(old + (1 if after == "++" else -1)), live)
            return old
        return self.variable(token, live)

    def descend(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail(ArithProblem.RECURSION)

    # -- variables -------------------------------------------------------------------
    def variable(self, name: str, live: bool) -> int:
        raw = self.variables.get(name, "") if live else ""
        if not raw.strip():
            return 0
        if not self.syntax.variables_are_expressions:
            value = self.plain_number(raw)
            if value is None:
                raise self.fail(ArithProblem.ILLEGAL_NUMBER, raw)
            return value
        self.budget.lookups -= 1
        if name in self.evaluating or len(self.evaluating) >= MAX_DEPTH or self.budget.lookups < 0:
            raise self.fail(ArithProblem.RECURSION, name)
        return _Parser(raw, self.syntax, self.variables, self.budget, (*self.evaluating, name)).run()

    def plain_number(self, raw: str) -> int | None:
        """dash reads a variable with strtoimax: an optional sign, a number, blanks around it."""
        word = raw.strip(" \t\n")
        sign = -1 if word.startswith("-") else 1
        word = word[1:] if word[:1] in "+-" else word
        value = _number(word, self.syntax.leading_zero_octal) if word[:1].isdigit() else None
        return None if value is None else _wrap(sign * value)

    def assign(self, name: str, value: int, live: bool) -> int:
        if live:
            self.variables[name] = str(value)
        return value
