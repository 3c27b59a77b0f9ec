"""The POSIX shell grammar the simulator understands: lexer, AST and parser (mvdan.cc/sh/v3/syntax).

Enough of ``sh`` for what learners type in a Pod: simple commands with
quotes, ``$VAR``/``${VAR:-x}``/``$(cmd)``/`` `cmd` ``/``$((n+1))``,
redirections (``>``, ``>>``, ``<``, ``2>``, ``2>&1``, ``&>``), pipelines,
``;`` ``&&`` ``||`` ``&``, ``for``/``while``/``until``/``if``, ``{ ...; }``
and ``( ... )``. Words are kept raw (quotes included) and expanded at run
time by :mod:`.expand`, as a shell does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "AndOr",
    "For",
    "Group",
    "If",
    "Incomplete",
    "Loop",
    "Pipeline",
    "Redirect",
    "Sequence",
    "ShellSyntaxError",
    "Simple",
    "parse",
]

RESERVED = {
    "for",
    "in",
    "do",
    "done",
    "while",
    "until",
    "if",
    "then",
    "elif",
    "else",
    "fi",
    "{",
    "}",
    "!",
    "case",
    "esac",
}
OPERATORS = ("&&", "||", ";;", ";", "&", "|", "(", ")")


class ShellSyntaxError(Exception):
    """A syntax error; ``token`` is what was unexpected ("" at end of input)."""

    def __init__(self, token: str, expecting: str | None = None):
        super().__init__(token)
        self.token, self.expecting = token, expecting


class Incomplete(ShellSyntaxError):
    """The input ends inside a construct (an open quote, ``do`` without ``done``): read another line."""


# ----------------------------------------------------------------------- lexer
@dataclass(frozen=True)
class Tok:
    kind: str  # WORD | OP | REDIR | NL
    text: str
    fd: int | None = None


def _scan_quoted(text: str, i: int, quote: str) -> int:
    """Index just past the closing quote starting at ``text[i] == quote``."""
    j = i + 1
    while j < len(text):
        if quote == '"' and text[j] == "\\":
            j += 2
            continue
        if quote == '"' and text.startswith("$(", j):
            j = _scan_subst(text, j + 1)
            continue
        if quote == '"' and text[j] == "`":
            j = _scan_quoted(text, j, "`")
            continue
        if text[j] == quote:
            return j + 1
        j += 1
    raise Incomplete("", quote)


def _scan_subst(text: str, i: int) -> int:
    """``text[i] == "("`` of ``$(``: index just past the matching ``)``."""
    depth, j = 0, i
    while j < len(text):
        ch = text[j]
        if ch in "'\"`":
            j = _scan_quoted(text, j, ch)
            continue
        if ch == "\\":
            j += 2
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    raise Incomplete("", ")")


def _scan_word(text: str, i: int) -> int:
    j = i
    while j < len(text):
        ch = text[j]
        if ch in " \t\n;&|<>()":
            break
        if ch in "'\"`":
            j = _scan_quoted(text, j, ch)
        elif ch == "\\":
            if j + 1 >= len(text):
                raise Incomplete("", "\\")
            j += 2
        elif text.startswith("$(", j):
            j = _scan_subst(text, j + 1)
        elif text.startswith("${", j):
            end = text.find("}", j)
            if end < 0:
                raise Incomplete("", "}")
            j = end + 1
        else:
            j += 1
    return j


def lex(text: str) -> list[Tok]:
    tokens: list[Tok] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in " \t":
            i += 1
        elif ch == "\\" and text.startswith("\\\n", i):
            i += 2
        elif ch == "#" and (not tokens or tokens[-1].kind != "WORD" or text[i - 1] in " \t\n"):
            while i < len(text) and text[i] != "\n":
                i += 1
        elif ch == "\n":
            tokens.append(Tok("NL", "\n"))
            i += 1
        elif text.startswith("&>", i):
            tokens.append(Tok("REDIR", "&>", 1))
            i += 2
        elif ch in "<>":
            i = _lex_redirect(text, i, None, tokens)
        elif any(text.startswith(op, i) for op in OPERATORS):
            op = next(op for op in OPERATORS if text.startswith(op, i))
            tokens.append(Tok("OP", op))
            i += len(op)
        else:
            j = _scan_word(text, i)
            word = text[i:j]
            if word.isdigit() and j < len(text) and text[j] in "<>":
                i = _lex_redirect(text, j, int(word), tokens)
            else:
                tokens.append(Tok("WORD", word))
                i = j
    return tokens


def _lex_redirect(text: str, i: int, fd: int | None, tokens: list[Tok]) -> int:
    for op in (">>", ">&", "<&", ">|", ">", "<"):
        if text.startswith(op, i):
            default = 0 if op.startswith("<") else 1
            tokens.append(Tok("REDIR", op, default if fd is None else fd))
            return i + len(op)
    raise ShellSyntaxError(text[i])


# ------------------------------------------------------------------------- AST
@dataclass
class Redirect:
    op: str
    fd: int
    target: str  # raw word


@dataclass
class Simple:
    words: list[str]
    assignments: list[str] = field(default_factory=list)
    redirects: list[Redirect] = field(default_factory=list)


@dataclass
class Pipeline:
    commands: list
    negate: bool = False


@dataclass
class AndOr:
    first: Pipeline
    rest: list[tuple[str, Pipeline]]


@dataclass
class Sequence:
    items: list[AndOr]


@dataclass
class For:
    name: str
    words: list[str] | None
    body: Sequence
    redirects: list[Redirect] = field(default_factory=list)


@dataclass
class Loop:
    until: bool
    condition: Sequence
    body: Sequence
    redirects: list[Redirect] = field(default_factory=list)


@dataclass
class If:
    branches: list[tuple[Sequence, Sequence]]
    otherwise: Sequence | None
    redirects: list[Redirect] = field(default_factory=list)


@dataclass
class Group:
    body: Sequence
    subshell: bool
    redirects: list[Redirect] = field(default_factory=list)


# ---------------------------------------------------------------------- parser
class _Parser:
    def __init__(self, tokens: list[Tok]):
        self.tokens, self.pos = tokens, 0

    def peek(self) -> Tok | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> Tok:
        tok = self.peek()
        if tok is None:
            raise Incomplete("")
        self.pos += 1
        return tok

    def is_word(self, *texts: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.kind == "WORD" and tok.text in texts

    def is_op(self, *ops: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.kind == "OP" and tok.text in ops

    def skip_newlines(self) -> None:
        while self.peek() is not None and self.peek().kind == "NL":
            self.pos += 1

    def expect_word(self, text: str) -> None:
        self.skip_newlines()
        tok = self.peek()
        if tok is None:
            raise Incomplete("", text)
        if tok.kind != "WORD" or tok.text != text:
            raise ShellSyntaxError(tok.text, text)
        self.pos += 1

    # -- grammar ------------------------------------------------------------
    def sequence(self, enders: tuple[str, ...] = ()) -> Sequence:
        items: list[AndOr] = []
        while True:
            self.skip_newlines()
            tok = self.peek()
            ends_group = tok is not None and tok.kind == "OP" and tok.text == ")" and ")" in enders
            if tok is None or (tok.kind == "WORD" and tok.text in enders) or ends_group:
                break
            if tok.kind == "OP" and tok.text in (";", "&", ";;", "|", "&&", "||", ")"):
                raise ShellSyntaxError(tok.text)
            items.append(self.and_or())
            if self.is_op(";", "&"):
                self.pos += 1
        if not items and enders:
            tok = self.peek()
            raise ShellSyntaxError(tok.text if tok else "", None) if tok else Incomplete("")
        return Sequence(items)

    def and_or(self) -> AndOr:
        first = self.pipeline()
        rest = []
        while self.is_op("&&", "||"):
            op = self.take().text
            self.skip_newlines()
            rest.append((op, self.pipeline()))
        return AndOr(first, rest)

    def pipeline(self) -> Pipeline:
        negate = False
        if self.is_word("!"):
            self.pos += 1
            negate = True
        commands = [self.command()]
        while self.is_op("|"):
            self.pos += 1
            self.skip_newlines()
            commands.append(self.command())
        return Pipeline(commands, negate)

    def command(self):
        tok = self.peek()
        if tok is None:
            raise Incomplete("")
        if tok.kind == "WORD" and tok.text in ("for", "while", "until", "if", "{"):
            parse_compound = {
                "for": self.for_loop,
                "while": self.loop,
                "until": self.loop,
                "if": self.if_clause,
                "{": self.group,
            }[tok.text]
            node = parse_compound()
            node.redirects = self.redirects()
            return node
        if tok.kind == "OP" and tok.text == "(":
            self.pos += 1
            body = self.sequence((")",))
            if not self.is_op(")"):
                raise Incomplete("", ")")
            self.pos += 1
            return Group(body, True, self.redirects())
        if tok.kind == "WORD" and tok.text in RESERVED:
            raise ShellSyntaxError(tok.text)
        return self.simple()

    def redirects(self) -> list[Redirect]:
        result = []
        while self.peek() is not None and self.peek().kind == "REDIR":
            result.append(self.redirect())
        return result

    def redirect(self) -> Redirect:
        tok = self.take()
        target = self.peek()
        if target is None:
            raise Incomplete("")
        if target.kind != "WORD":
            raise ShellSyntaxError(target.text)
        self.pos += 1
        return Redirect(tok.text, tok.fd if tok.fd is not None else 1, target.text)

    def simple(self) -> Simple:
        node = Simple([])
        while True:
            tok = self.peek()
            if tok is None or tok.kind in ("OP", "NL"):
                break
            if tok.kind == "REDIR":
                node.redirects.append(self.redirect())
                continue
            self.pos += 1
            if not node.words and _is_assignment(tok.text):
                node.assignments.append(tok.text)
            else:
                node.words.append(tok.text)
        if not node.words and not node.assignments and not node.redirects:
            raise ShellSyntaxError(self.peek().text if self.peek() else "")
        return node

    def for_loop(self) -> For:
        self.pos += 1
        name = self.take()
        if name.kind != "WORD":
            raise ShellSyntaxError(name.text)
        words = None
        self.skip_newlines()
        if self.is_word("in"):
            self.pos += 1
            words = []
            while self.peek() is not None and self.peek().kind == "WORD":
                words.append(self.take().text)
        if self.is_op(";"):
            self.pos += 1
        self.expect_word("do")
        body = self.sequence(("done",))
        self.expect_word("done")
        return For(name.text, words, body)

    def loop(self) -> Loop:
        until = self.take().text == "until"
        condition = self.sequence(("do",))
        self.expect_word("do")
        body = self.sequence(("done",))
        self.expect_word("done")
        return Loop(until, condition, body)

    def if_clause(self) -> If:
        self.pos += 1
        branches = []
        condition = self.sequence(("then",))
        self.expect_word("then")
        body = self.sequence(("elif", "else", "fi"))
        branches.append((condition, body))
        otherwise = None
        while True:
            self.skip_newlines()
            if self.is_word("elif"):
                self.pos += 1
                condition = self.sequence(("then",))
                self.expect_word("then")
                branches.append((condition, self.sequence(("elif", "else", "fi"))))
            elif self.is_word("else"):
                self.pos += 1
                otherwise = self.sequence(("fi",))
            else:
                self.expect_word("fi")
                return If(branches, otherwise)

    def group(self) -> Group:
        self.pos += 1
        body = self.sequence(("}",))
        self.expect_word("}")
        return Group(body, False)


def _is_assignment(word: str) -> bool:
    name, eq, _ = word.partition("=")
    return (
        bool(eq) and bool(name) and (name[0].isalpha() or name[0] == "_") and all(c.isalnum() or c == "_" for c in name)
    )


def parse(text: str) -> Sequence:
    """Parse a command line (or several lines); raises :class:`Incomplete` or :class:`ShellSyntaxError`."""
    parser = _Parser(lex(text))
    program = parser.sequence()
    if parser.peek() is not None:
        raise ShellSyntaxError(parser.peek().text)
    return program
