"""``-o go-template=...``: the part of Go's ``text/template`` learners use, with its error messages.

Mirrors ``text/template/parse`` (``lex.go``, ``parse.go``) and ``text/template``
(``exec.go``, ``funcs.go``) as cli-runtime's ``pkg/printers/template.go`` runs
them: the template is named ``output``, missing map keys print ``<no value>``
(``missingkey=default``), and the functions are Go's builtins plus kubectl's
``exists`` and ``base64decode``. Supported: text and ``{{...}}`` actions with
``{{-``/``-}}`` trimming and comments, field chains (``.metadata.name``),
``.``, ``$`` and variables (``$x :=``, ``$x =``), string, raw string, number,
boolean and ``nil`` literals, pipelines (``|``) and parenthesised pipelines,
``if``/``else if``/``else``, ``range`` (with ``$i, $e :=``, ``else``,
``break``, ``continue``), ``with``, ``define`` and ``template``, and the functions ``and or not len index
slice print printf println eq ne lt le gt ge exists base64decode``. A template may be given more functions
(``Funcs``: ``kubectl explain`` runs kubectl's own explain template with its functions) and run by the name of
one it defines (``ExecuteTemplate``).

The object is JSON decoded as k8s.io/apimachinery's ``json.Unmarshal`` does
(whole numbers are int64), so values are Python's JSON values; a missing value
is :data:`NO_VALUE` (Go's invalid ``reflect.Value``).
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable

__all__ = [
    "CallError",
    "NO_VALUE",
    "Template",
    "TemplateError",
    "TemplateExecError",
    "go_format",
    "go_quote",
    "go_repr",
    "go_sprintf",
    "parse_template",
    "render_template",
]

OUTPUT = "output"  # template.New("output") in cli-runtime


class TemplateError(Exception):
    """The template does not parse (``template: output:LINE: ...``)."""


class TemplateExecError(Exception):
    """The template failed while running; ``printed`` is what it wrote before; ``cause`` is the error a
    function returned, if one did (Go wraps it: ``errors.As`` finds it)."""

    def __init__(self, message: str, printed: str = "", cause: Exception | None = None):
        super().__init__(message)
        self.printed = printed
        self.cause = cause


class _NoValue:
    """Go's invalid reflect.Value: a missing map key or an untyped nil; printed ``<no value>``."""

    def __repr__(self) -> str:
        return "<no value>"


NO_VALUE: Any = _NoValue()


# ----------------------------------------------------------------------------------------------- lexer
@dataclass
class _Item:
    kind: str  # text, left, right, space, field, variable, identifier, dot, string, raw, number, char, bool,
    # nil, pipe, declare, assign, lparen, rparen, keyword, eof, error
    value: str
    pos: int
    line: int

    def describe(self) -> str:
        """parse/lex.go item.String, as ``unexpected ...`` messages show it."""
        if self.kind == "eof":
            return "EOF"
        if self.kind == "error":
            return self.value
        if self.kind == "keyword":
            return f"<{self.value}>"
        if len(self.value) > 10:
            return go_quote(self.value[:10]) + "..."
        return go_quote(self.value)


KEYWORDS = {"if", "else", "end", "range", "with", "define", "template", "block", "break", "continue"}
_SPACE = " \t\r\n"
_TERMINATORS = set(" \t\r\n.,|:)(")


def _trim_marker(text: str, at: int) -> bool:
    """``- `` right after ``{{`` (or `` -`` before ``}}``): a trim marker needs the space."""
    return text.startswith("-", at) and at + 1 < len(text) and text[at + 1] in _SPACE


class _Lexer:
    """lex.go: text, then inside ``{{ }}`` one item per token (spaces are tokens too)."""

    def __init__(self, text: str):
        self.text, self.pos, self.line, self.items = text, 0, 1, []
        self.paren_depth = 0

    def emit(self, kind: str, start: int, end: int) -> None:
        self.items.append(_Item(kind, self.text[start:end], start, self.line))
        self.line += self.text.count("\n", start, end)
        self.pos = end

    def skip(self, end: int) -> None:
        self.line += self.text.count("\n", self.pos, end)
        self.pos = end

    def error(self, message: str) -> bool:
        self.items.append(_Item("error", message, self.pos, self.line))
        return False

    def run(self) -> list[_Item]:
        text = self.text
        while True:
            left = text.find("{{", self.pos)
            if left < 0:
                if self.pos < len(text):
                    self.emit("text", self.pos, len(text))
                self.items.append(_Item("eof", "", len(text), self.line))
                return self.items
            trim = _trim_marker(text, left + 2)
            end = left
            if trim:
                while end > self.pos and text[end - 1] in _SPACE:
                    end -= 1
            if end > self.pos:
                self.emit("text", self.pos, end)
            self.skip(left)
            after = left + 2 + (2 if trim else 0)
            if text.startswith("/*", after):
                self.skip(after)
                if not self._comment():
                    return self.items
                continue
            self.emit("left", left, left + 2)
            self.skip(after)
            self.paren_depth = 0
            if not self._inside_action():
                return self.items

    def _at_right(self) -> tuple[bool, bool]:
        """atRightDelim: (at ``}}``, after a `` -`` trim marker)."""
        text, pos = self.text, self.pos
        if text[pos : pos + 1] in tuple(_SPACE) and text.startswith("-}}", pos + 1):
            return True, True
        return text.startswith("}}", pos), False

    def _right_delim(self, trim: bool) -> None:
        if trim:
            self.skip(self.pos + 2)
        self.emit("right", self.pos, self.pos + 2)
        if trim:
            self._skip_spaces()

    def _skip_spaces(self) -> None:
        end = self.pos
        while end < len(self.text) and self.text[end] in _SPACE:
            end += 1
        self.skip(end)

    def _comment(self) -> bool:
        close = self.text.find("*/", self.pos + 2)
        if close < 0:
            return self.error("unclosed comment")
        self.skip(close + 2)
        at_right, trim = self._at_right()
        if not at_right:
            return self.error("comment ends before closing delimiter")
        self.skip(self.pos + (2 if trim else 0) + 2)
        if trim:
            self._skip_spaces()
        return True

    def _inside_action(self) -> bool:  # noqa: C901 - one branch per character class, as lexInsideAction
        text = self.text
        while True:
            at_right, trim = self._at_right()
            if at_right:
                if self.paren_depth:
                    return self.error("unclosed left paren")
                self._right_delim(trim)
                return True
            if self.pos >= len(text):
                return self.error("unclosed action")
            char, start = text[self.pos], self.pos
            if char in _SPACE:
                self._space()
            elif char == "=":
                self.emit("assign", start, start + 1)
            elif char == ":":
                if not text.startswith(":=", start):
                    return self.error("expected :=")
                self.emit("declare", start, start + 2)
            elif char == "|":
                self.emit("pipe", start, start + 1)
            elif char == '"':
                if not self._quote(start):
                    return False
            elif char == "`":
                close = text.find("`", start + 1)
                if close < 0:
                    return self.error("unterminated raw quoted string")
                self.emit("raw", start, close + 1)
            elif char == "'":
                match = re.match(r"'(\\.[^']*|[^'\\])'", text[start:])
                if not match:
                    return self.error("unterminated character constant")
                self.emit("char_constant", start, start + match.end())
            elif char == "$":
                if not self._word(start, start + 1, "variable"):
                    return False
            elif char == "." and not text[start + 1 : start + 2].isdigit():
                if text[start + 1 : start + 2].isalnum() or text[start + 1 : start + 2] == "_":
                    if not self._word(start, start + 1, "field"):
                        return False
                else:
                    self.emit("dot", start, start + 1)
            elif char in "+-." or char.isdigit():
                if not self._number(start):
                    return False
            elif char.isalpha() or char == "_":
                if not self._word(start, start, "identifier"):
                    return False
            elif char == "(":
                self.paren_depth += 1
                self.emit("lparen", start, start + 1)
            elif char == ")":
                self.paren_depth -= 1
                if self.paren_depth < 0:
                    return self.error("unexpected right paren")
                self.emit("rparen", start, start + 1)
            elif ord(char) < 128 and char.isprintable():
                self.emit("char", start, start + 1)
            else:
                return self.error(f"unrecognized character in action: {_unicode_name(char)}")

    def _space(self) -> None:
        """lexSpace: the space before a `` -}}`` marker belongs to the marker."""
        start = end = self.pos
        while end < len(self.text) and self.text[end] in _SPACE:
            end += 1
        if self.text.startswith("-}}", end) and end - start >= 1:
            end -= 1
            if end == start:
                return
        self.emit("space", start, end)

    def _number(self, start: int) -> bool:
        match = _NUMBER.match(self.text, start)
        end = match.end() if match and match.end() > start else start + 1
        if end < len(self.text) and (self.text[end].isalnum() or self.text[end] == "."):
            return self.error(f"bad number syntax: {go_quote(self.text[start : end + 1])}")
        self.emit("number", start, end)
        return True

    def _quote(self, start: int) -> bool:
        text, i = self.text, start + 1
        while i < len(text) and text[i] != "\n":
            if text[i] == "\\":
                i += 2
                continue
            if text[i] == '"':
                self.emit("string", start, i + 1)
                return True
            i += 1
        return self.error("unterminated quoted string")

    def _word(self, start: int, begin: int, kind: str) -> bool:
        """An identifier, ``.field`` or ``$variable``; it must end at a terminator."""
        text, end = self.text, begin
        while end < len(text) and (text[end].isalnum() or text[end] == "_"):
            end += 1
        self.pos = end
        if end < len(text) and text[end] not in _TERMINATORS and not self._at_right()[0]:
            return self.error(f"bad character {_unicode_name(text[end])}")
        word = text[start:end]
        if kind == "identifier":
            kind = "keyword" if word in KEYWORDS else "bool" if word in ("true", "false") else kind
            kind = "nil" if word == "nil" else kind
        self.emit(kind, start, end)
        return True


_NUMBER = re.compile(r"[+-]?(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(\d[\d_]*)?\.?\d*([eE][+-]?\d+)?)")


def _unicode_name(char: str) -> str:
    """Go's ``%#U``: ``U+007D '}'``."""
    return f"U+{ord(char):04X} {_go_char(char)}"


def _go_char(char: str) -> str:
    return "'" + char + "'" if char.isprintable() else ""


def go_quote(text: str) -> str:
    """Go's ``%q`` of a string."""
    out = ['"']
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif char == "\r":
            out.append("\\r")
        elif char.isprintable():
            out.append(char)
        elif ord(char) < 0x10000:
            out.append(f"\\x{ord(char):02x}" if ord(char) < 0x80 else f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return "".join(out) + '"'


# ----------------------------------------------------------------------------------------------- nodes
@dataclass
class _Node:
    pos: int


@dataclass
class _Text(_Node):
    text: str


@dataclass
class _Field(_Node):
    names: list[str]

    def __str__(self) -> str:
        return "".join("." + n for n in self.names)


@dataclass
class _Variable(_Node):
    names: list[str]  # "$x", then fields

    def __str__(self) -> str:
        return ".".join(self.names)


@dataclass
class _Dot(_Node):
    def __str__(self) -> str:
        return "."


@dataclass
class _Nil(_Node):
    def __str__(self) -> str:
        return "nil"


@dataclass
class _Literal(_Node):
    value: Any
    source: str

    def __str__(self) -> str:
        return self.source


@dataclass
class _Identifier(_Node):
    name: str

    def __str__(self) -> str:
        return self.name


@dataclass
class _Chain(_Node):
    node: _Node
    names: list[str]

    def __str__(self) -> str:
        inner = f"({self.node})" if isinstance(self.node, _Pipe) else str(self.node)
        return inner + "".join("." + n for n in self.names)


@dataclass
class _Command(_Node):
    args: list[_Node] = field(default_factory=list)

    def __str__(self) -> str:
        return " ".join(f"({a})" if isinstance(a, _Pipe) else str(a) for a in self.args)


@dataclass
class _Pipe(_Node):
    decl: list[str] = field(default_factory=list)
    is_assign: bool = False
    cmds: list[_Command] = field(default_factory=list)

    def __str__(self) -> str:
        head = (", ".join(self.decl) + (" = " if self.is_assign else " := ")) if self.decl else ""
        return head + " | ".join(str(c) for c in self.cmds)


@dataclass
class _Action(_Node):
    pipe: _Pipe

    def __str__(self) -> str:
        return "{{" + str(self.pipe) + "}}"


@dataclass
class _Control(_Node):
    keyword: str  # if, range, with
    pipe: _Pipe
    body: list[_Node]
    otherwise: list[_Node] | None


@dataclass
class _Invoke(_Node):
    """``{{template "name" pipeline}}``: run a defined template with the pipeline's value as dot."""

    name: str
    pipe: _Pipe | None

    def __str__(self) -> str:
        return "{{template " + go_quote(self.name) + (f" {self.pipe}" if self.pipe else "") + "}}"


@dataclass
class _Jump(_Node):
    keyword: str  # break, continue


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


# ---------------------------------------------------------------------------------------------- parser
# the items a command of a pipeline may start with
_OPERAND_STARTS = frozenset(
    {"bool", "char_constant", "dot", "field", "identifier", "number", "nil", "raw", "string", "variable", "lparen"}
)


class _Parser:
    def __init__(self, text: str, name: str, functions: set[str]):
        self.items = _Lexer(text).run()
        self.index = 0
        self.name = name
        self.functions = functions
        self.vars: list[str] = ["$"]
        self.range_depth = 0
        self.defined: dict[str, list[_Node]] = {}  # the templates {{define}} adds beside this one

    # token access, skipping nothing
    def peek(self) -> _Item:
        return self.items[self.index]

    def next(self) -> _Item:
        item = self.items[self.index]
        if item.kind == "error":
            self.fail(item.value, item)
        self.index += 1
        return item

    def backup(self, count: int = 1) -> None:
        self.index -= count

    def next_non_space(self) -> _Item:
        item = self.next()
        while item.kind == "space":
            item = self.next()
        return item

    def peek_non_space(self) -> _Item:
        item = self.next_non_space()
        self.backup()
        return item

    def fail(self, message: str, item: _Item | None = None) -> None:
        item = item or self.items[max(self.index - 1, 0)]
        raise TemplateError(f"template: {self.name}:{item.line}: {message}")

    def unexpected(self, item: _Item, context: str) -> None:
        if item.kind == "error":
            self.fail(item.value, item)
        self.fail(f"unexpected {item.describe()} in {context}", item)

    def parse(self) -> list[_Node]:
        nodes, stop = self.item_list(top=True)
        return nodes

    def item_list(self, top: bool = False) -> tuple[list[_Node], str]:
        """Nodes up to ``{{end}}``/``{{else}}`` (returned as the stop word), or to EOF at the top."""
        nodes: list[_Node] = []
        while True:
            item = self.peek()
            if item.kind == "error":
                self.next()
            if item.kind == "eof":
                if top:
                    return nodes, "eof"
                self.fail("unexpected EOF", item)
            if item.kind == "text":
                self.next()
                nodes.append(_Text(item.pos, item.value))
                continue
            self.next()  # {{
            word = self.peek_non_space()
            if word.kind == "keyword" and word.value in ("end", "else"):
                self.next_non_space()
                if top:
                    self.fail(f"unexpected {{{{{word.value}}}}}", word)
                return nodes, self._after_stop(word)
            if top and word.kind == "keyword" and word.value == "define":
                self.define()
                continue
            nodes.append(self.action())

    def define(self) -> None:
        """``{{define "name"}}...{{end}}`` (parse.go parseDefinition): a template of its own, with its own ``$``."""
        self.next_non_space()  # define
        name = self.next_non_space()
        if name.kind not in ("string", "raw"):
            self.unexpected(name, "define clause")
        self.expect_right("define clause")
        outer, self.vars = self.vars, ["$"]
        body, stop = self.item_list()
        if stop != "end":
            self.fail("unexpected {{else}} in define clause")
        self.vars = outer
        self.defined[_unquote(name.value) if name.kind == "string" else name.value[1:-1]] = body

    def _after_stop(self, word: _Item) -> str:
        if word.value == "end":
            self.expect_right("end")
            return "end"
        following = self.peek_non_space()
        if following.kind == "keyword" and following.value in ("if", "with"):
            return "else " + following.value  # the action is reopened by the caller
        self.expect_right("else")
        return "else"

    def expect_right(self, context: str) -> None:
        item = self.next_non_space()
        if item.kind != "right":
            self.unexpected(item, context)

    def action(self) -> _Node:
        item = self.next_non_space()
        if item.kind == "keyword":
            if item.value in ("if", "range", "with"):
                return self.control(item)
            if item.value == "template":
                return self.invoke(item)
            if item.value in ("break", "continue"):
                if self.range_depth == 0:
                    self.fail(f"{{{{{item.value}}}}} outside {{{{range}}}}", item)
                self.expect_right(item.value)
                return _Jump(item.pos, item.value)
            self.fail(f"{{{{{item.value}}}}} is not supported here", item)
        self.backup()
        return _Action(item.pos, self.pipeline("command", "right"))

    def invoke(self, keyword: _Item) -> _Node:
        """``{{template "name" [pipeline]}}`` (parse.go templateControl)."""
        name = self.next_non_space()
        if name.kind not in ("string", "raw"):
            self.unexpected(name, "template clause")
        following = self.peek_non_space()
        pipe = None if following.kind == "right" else self.pipeline("template clause", "right")
        if pipe is None:
            self.expect_right("template clause")
        text = _unquote(name.value) if name.kind == "string" else name.value[1:-1]
        return _Invoke(keyword.pos, text or "", pipe)

    def control(self, keyword: _Item) -> _Node:
        scope = len(self.vars)
        pipe = self.pipeline(keyword.value, "right")
        if keyword.value == "range":
            self.range_depth += 1
        body, stop = self.item_list()
        if keyword.value == "range":
            self.range_depth -= 1
        otherwise = None
        if stop.startswith("else "):
            # {{else if ...}} is {{else}}{{if ...}}{{end}}{{end}}
            inner = self.next_non_space()
            otherwise = [self.control(inner)]
        elif stop == "else":
            otherwise, stop = self.item_list()
            if stop != "end":
                self.fail(f"expected end; found {{{{{stop}}}}}")
        del self.vars[scope:]
        return _Control(keyword.pos, keyword.value, pipe, body, otherwise)

    def pipeline(self, context: str, end: str) -> _Pipe:
        pipe = _Pipe(self.peek_non_space().pos)
        while True:
            variable = self.peek_non_space()
            if variable.kind != "variable":
                break
            self.next_non_space()
            following = self.peek_non_space()
            if following.kind in ("declare", "assign"):
                self.next_non_space()
                pipe.is_assign = following.kind == "assign"
                pipe.decl.append(variable.value)
                if following.kind == "declare":
                    self.vars.append(variable.value)
                elif variable.value not in self.vars:
                    self.fail(f"undefined variable {go_quote(variable.value)}", variable)
                break
            if following.kind == "char" and following.value == ",":
                self.next_non_space()
                pipe.decl.append(variable.value)
                self.vars.append(variable.value)
                if context == "range" and len(pipe.decl) < 2:
                    if self.peek_non_space().kind in ("variable", "right", "rparen"):
                        continue
                    self.fail("range can only initialize variables")
                self.fail(f"too many declarations in {context}")
            # an operand, not a declaration: put it back
            self.index = self.items.index(variable)
            break
        while True:
            item = self.next_non_space()
            if item.kind == end:
                if not pipe.cmds:
                    self.fail(f"missing value for {context}", item)
                for stage, command in enumerate(pipe.cmds[1:], start=2):
                    if isinstance(command.args[0], (_Literal, _Dot, _Nil)):
                        self.fail(f"non executable command in pipeline stage {stage}", item)
                return pipe
            if item.kind in _OPERAND_STARTS:
                self.backup()
                pipe.cmds.append(self.command())
            else:
                self.unexpected(item, context)

    def command(self) -> _Command:
        command = _Command(self.peek_non_space().pos)
        while True:
            self.peek_non_space()
            operand = self.operand()
            if operand is not None:
                command.args.append(operand)
            item = self.next()
            if item.kind == "space":
                continue
            if item.kind in ("right", "rparen"):
                self.backup()
            elif item.kind != "pipe":
                self.unexpected(item, "operand")
            break
        if not command.args:
            self.fail("empty command")
        return command

    def operand(self) -> _Node | None:
        node = self.term()
        if node is None:
            return None
        if self.peek().kind == "field":
            chain_pos = self.peek().pos
            names = []
            while self.peek().kind == "field":
                names.append(self.next().value[1:])
            if isinstance(node, _Field):
                return _Field(chain_pos, node.names + names)
            if isinstance(node, _Variable):
                return _Variable(chain_pos, node.names + names)
            if isinstance(node, (_Literal, _Nil, _Dot)):
                self.fail(f"unexpected . after term {go_quote(str(node))}")
            return _Chain(chain_pos, node, names)
        return node

    def term(self) -> _Node | None:
        item = self.next_non_space()
        kind = item.kind
        if kind == "identifier":
            if item.value not in self.functions:
                self.fail(f"function {go_quote(item.value)} not defined", item)
            return _Identifier(item.pos, item.value)
        if kind == "dot":
            return _Dot(item.pos)
        if kind == "nil":
            return _Nil(item.pos)
        if kind == "variable":
            if item.value not in self.vars:
                self.fail(f"undefined variable {go_quote(item.value)}", item)
            return _Variable(item.pos, [item.value])
        if kind == "field":
            return _Field(item.pos, [item.value[1:]])
        if kind == "bool":
            return _Literal(item.pos, item.value == "true", item.value)
        if kind in ("number", "char_constant"):
            return _Literal(item.pos, self.number(item), item.value)
        if kind == "lparen":
            return self.pipeline("parenthesized pipeline", "rparen")
        if kind in ("string", "raw"):
            text = item.value[1:-1] if kind == "raw" else _unquote(item.value)
            if text is None:
                self.fail("invalid syntax", item)
            return _Literal(item.pos, text, item.value)
        self.backup()
        return None

    def number(self, item: _Item) -> int | float:
        text = item.value
        if item.kind == "char_constant":
            inner = _unquote('"' + text[1:-1] + '"')
            return ord(inner) if inner and len(inner) == 1 else 0
        try:
            return int(text.replace("_", ""), 0)
        except ValueError:
            pass
        try:
            return float(text.replace("_", ""))
        except ValueError:
            self.fail(f"illegal number syntax: {go_quote(text)}", item)
        return 0


def _unquote(quoted: str) -> str | None:
    try:
        value = json.loads(quoted)
        return value if isinstance(value, str) else None
    except ValueError:
        try:
            return quoted[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")
        except UnicodeDecodeError:
            return None


# ----------------------------------------------------------------------------------------- Go values
def go_format(value: Any) -> str:
    """Go's ``%v`` of a decoded JSON value (``map[k:v]``, ``[a b]``, ``<nil>``)."""
    if value is NO_VALUE:
        return "<no value>"
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{go_format(value[k])}" for k in sorted(value)) + "]"
    if isinstance(value, list):
        return "[" + " ".join(go_format(v) for v in value) + "]"
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _go_float(value, "g", -1)
    return str(value)


def go_repr(value: Any) -> str:
    """Go's ``%#v`` of a decoded JSON value (what kubectl dumps when a jsonpath fails)."""
    if isinstance(value, dict):
        return (
            "map[string]interface {}{"
            + ", ".join(f"{json.dumps(k, ensure_ascii=False)}:{go_repr(v)}" for k, v in sorted(value.items()))
            + "}"
        )
    if isinstance(value, list):
        return "[]interface {}{" + ", ".join(go_repr(v) for v in value) + "}"
    if value is None:
        return "interface {}(nil)"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return go_format(value)


def _go_float(value: float, verb: str = "g", precision: int = -1) -> str:
    """strconv.FormatFloat as fmt uses it: ``%v`` is the shortest ``%g`` (exponent from 1e+06 and below 1e-04)."""
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if math.isnan(value):
        return "NaN"
    if verb != "g" or precision >= 0:
        return format(value, f".{6 if precision < 0 else precision}{verb}")
    if value == 0:
        return "0"
    number = Decimal(repr(abs(value)))
    digits = "".join(map(str, number.as_tuple().digits)).rstrip("0") or "0"
    exponent, sign = number.adjusted(), "-" if value < 0 else ""
    if exponent < -4 or exponent >= 6:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{mantissa}e{'-' if exponent < 0 else '+'}{abs(exponent):02d}"
    if exponent < 0:
        return f"{sign}0.{'0' * (-exponent - 1)}{digits}"
    whole, fraction = digits[: exponent + 1].ljust(exponent + 1, "0"), digits[exponent + 1 :]
    return sign + whole + ("." + fraction if fraction else "")


# the Go types of decoded JSON values (bool before int: a Python bool is an int)
_GO_TYPES = ((bool, "bool"), (int, "int64"), (float, "float64"), (str, "string"))
_GO_TYPES += ((dict, "map[string]interface {}"), (list, "[]interface {}"))


def _type_name(value: Any) -> str:
    return next((name for kind, name in _GO_TYPES if isinstance(value, kind)), "<nil>")


def _truth(value: Any) -> bool:
    if value is NO_VALUE or value is None:
        return False
    if isinstance(value, (str, list, dict)):
        return len(value) > 0
    return bool(value)


# ---------------------------------------------------------------------------------------------- printf
_VERB = re.compile(r"%([-+# 0]*)(\*|\d+)?(?:\.(\*|\d+)?)?([a-zA-Z%])")


def go_sprintf(fmt: Any, *args: Any) -> str:
    """The part of Go's fmt.Sprintf templates use: %v %s %d %q %t %f %e %g %x %X %c %%, flags and widths."""
    if not isinstance(fmt, str):
        raise CallError(f"wrong type for value; expected string; got {_type_name(fmt)}")
    out, used, pos = [], 0, 0
    for match in _VERB.finditer(fmt):
        out.append(fmt[pos : match.start()])
        pos = match.end()
        flags, width, precision, verb = match.groups()
        if verb == "%":
            out.append("%")
            continue
        if used >= len(args):
            out.append(f"%!{verb}(MISSING)")
            continue
        value = args[used]
        used += 1
        text = _format_verb(verb, value, flags, -1 if precision is None else int(precision or 0))
        if width and width != "*":
            size = int(width)
            if "-" in flags:
                text = text.ljust(size)
            elif "0" in flags and verb in "dfegxX" and not isinstance(value, str):
                sign = text[0] if text[:1] in "+-" else ""
                text = sign + text[len(sign) :].rjust(size - len(sign), "0")
            else:
                text = text.rjust(size)
        out.append(text)
    out.append(fmt[pos:])
    if used < len(args):
        extra = ", ".join(f"{_type_name(a)}={go_format(a)}" for a in args[used:])
        out.append(f"%!(EXTRA {extra})")
    return "".join(out)


def _bad_verb(verb: str, value: Any) -> str:
    if value is None or value is NO_VALUE:
        return f"%!{verb}(<nil>)"
    return f"%!{verb}({_type_name(value)}={go_format(value)})"


def _format_verb(verb: str, value: Any, flags: str, precision: int) -> str:
    if verb == "v":
        if "#" in flags:
            return json.dumps(value) if isinstance(value, str) else go_format(value)
        return go_format(value)
    if verb == "T":
        return _type_name(value)
    if verb in "sq":
        if isinstance(value, str):
            text = value if precision < 0 else value[:precision]
            return go_quote(text) if verb == "q" else text
        if isinstance(value, list):  # fmt formats each element with the verb
            return "[" + " ".join(_format_verb(verb, v, flags, precision) for v in value) + "]"
        if isinstance(value, dict):
            items = (f"{k}:{_format_verb(verb, value[k], flags, precision)}" for k in sorted(value))
            return "map[" + " ".join(items) + "]"
        return _bad_verb(verb, value)
    if verb == "t":
        return ("true" if value else "false") if isinstance(value, bool) else _bad_verb(verb, value)
    if verb in "dxXobc":
        if isinstance(value, bool) or not isinstance(value, int):
            if verb in "xX" and isinstance(value, str):
                return value.encode().hex() if verb == "x" else value.encode().hex().upper()
            return _bad_verb(verb, value)
        sign = "+" if "+" in flags and value >= 0 else ""
        if verb == "d":
            return sign + str(value)
        if verb == "c":
            return chr(value)
        return sign + format(value, {"x": "x", "X": "X", "o": "o", "b": "b"}[verb])
    if verb in "feEgG":
        if isinstance(value, bool) or not isinstance(value, float):
            return _bad_verb(verb, value)
        sign = "+" if "+" in flags and value >= 0 else ""
        return sign + _go_float(float(value), verb.lower() if verb in "fF" else verb, precision)
    return _bad_verb(verb, value)


def _sprint(*args: Any) -> str:
    """fmt.Sprint: a space between operands when neither is a string."""
    out = []
    for i, arg in enumerate(args):
        if i > 0 and not isinstance(arg, str) and not isinstance(args[i - 1], str):
            out.append(" ")
        out.append(go_format(arg))
    return "".join(out)


# ------------------------------------------------------------------------------------------- functions
class CallError(Exception):
    """A function returned an error (``error calling <name>: ...``); ``cause`` is the error it wraps."""

    def __init__(self, message: str, cause: Exception | None = None):
        super().__init__(message)
        self.cause = cause


def _basic_kind(value: Any) -> str:
    """funcs.go basicKind: what eq and lt compare (any other value is not comparable by them)."""
    return {"bool": "bool", "int64": "int", "float64": "float", "string": "string"}.get(_type_name(value), "other")


def _incompatible(left: Any, right: Any) -> CallError:
    return CallError(f"incompatible types for comparison: {_type_name(left)} and {_type_name(right)}")


def _eq(first: Any, *others: Any) -> bool:
    """funcs.go eq: true if ``first`` equals any of the others; values of two kinds cannot be compared."""
    if not others:
        raise CallError("missing argument for comparison")
    for other in others:
        missing = first in (None, NO_VALUE), other in (None, NO_VALUE)
        if _basic_kind(first) != _basic_kind(other):
            if not any(missing):
                raise _incompatible(first, other)
            if all(missing):
                return True
            continue
        if isinstance(first, (dict, list)):
            raise CallError(f"non-comparable type {go_format(first)}: {_type_name(first)}")
        if first == other:
            return True
    return False


def _ordered(name: str) -> Callable[[Any, Any], bool]:
    """funcs.go lt, le, gt, ge: numbers with numbers, strings with strings."""

    def compare(left: Any, right: Any) -> bool:
        kinds = _basic_kind(left), _basic_kind(right)
        if "other" in kinds or "bool" in kinds:
            raise CallError("invalid type for comparison")
        if kinds[0] != kinds[1]:
            raise _incompatible(left, right)
        return {"lt": left < right, "le": left <= right, "gt": left > right, "ge": left >= right}[name]

    return compare


def _len(value: Any) -> int:
    if value is None or value is NO_VALUE:
        raise CallError("len of nil pointer")
    if isinstance(value, (str, list, dict)):
        return len(value.encode()) if isinstance(value, str) else len(value)
    raise CallError(f"len of type {_type_name(value)}")


def _index(item: Any, *indexes: Any) -> Any:
    if item is NO_VALUE or item is None:
        raise CallError("index of untyped nil")
    for index in indexes:
        if item is None:
            raise CallError("index of nil pointer")
        if isinstance(item, (list, str)):
            if isinstance(index, bool) or not isinstance(index, int):
                if index is None or index is NO_VALUE:
                    raise CallError("cannot index slice/array with nil")
                raise CallError(f"cannot index slice/array with type {_type_name(index)}")
            size = len(item.encode()) if isinstance(item, str) else len(item)
            if index < 0 or index > size:
                raise CallError(f"index out of range: {index}")
            if index == size:
                raise CallError(f"reflect: {'string' if isinstance(item, str) else 'slice'} index out of range")
            item = item.encode()[index] if isinstance(item, str) else item[index]
        elif isinstance(item, dict):
            if not isinstance(index, str):
                raise CallError(f"value has type {_type_name(index)}; should be string")
            item = item.get(index)
            if item is None:
                item = NO_VALUE
        else:
            raise CallError(f"can't index item of type {_type_name(item)}")
    return item


def _slice(item: Any, *indexes: Any) -> Any:
    if not isinstance(item, (list, str)):
        raise CallError(f"can't slice item of type {_type_name(item)}")
    if len(indexes) > 2:
        raise CallError(f"too many slice indexes: {len(indexes)}")
    bounds = [int(i) for i in indexes]
    start = bounds[0] if bounds else 0
    end = bounds[1] if len(bounds) > 1 else len(item)
    if not 0 <= start <= end <= len(item):
        raise CallError(f"invalid slice index: {start} > {end}" if start > end else f"index out of range: {end}")
    return item[start:end]


def _exists(item: Any, *path: Any) -> bool:
    """kubectl's ``exists``: the path of keys and indexes leads somewhere."""
    for step in path:
        if isinstance(item, dict) and isinstance(step, str) and step in item:
            item = item[step]
        elif isinstance(item, list) and isinstance(step, int) and 0 <= step < len(item):
            item = item[step]
        else:
            return False
    return True


def _base64decode(value: Any) -> str:
    if not isinstance(value, str):
        raise CallError(f"wrong type for value; expected string; got {_type_name(value)}")
    try:
        return base64.b64decode(value, validate=True).decode("utf-8", "replace")
    except (binascii.Error, ValueError) as err:
        raise CallError(f"base64 decode failed: {err}") from None


def _not(value: Any) -> bool:
    return not _truth(value)


# the functions with their arguments evaluated first; ``and`` and ``or`` stop at the first that decides
FUNCTIONS: dict[str, Callable] = {
    "not": _not,
    "len": _len,
    "index": _index,
    "slice": _slice,
    "print": _sprint,
    "printf": go_sprintf,
    "println": lambda *args: " ".join(go_format(a) for a in args) + "\n",
    "eq": _eq,
    "ne": lambda a, b: not _eq(a, b),
    "lt": _ordered("lt"),
    "le": _ordered("le"),
    "gt": _ordered("gt"),
    "ge": _ordered("ge"),
    "exists": _exists,
    "base64decode": _base64decode,
}


# ------------------------------------------------------------------------------------------- execution
class _State:
    def __init__(self, template: "Template", name: str, root: Any):
        self.template, self.executing = template, name  # the template running now: a defined one, or the main one
        self.out: list[str] = []
        self.vars: list[tuple[str, Any]] = [("$", root)]
        self.node: _Node | None = None

    def fail(self, message: str, cause: Exception | None = None) -> None:
        name = self.template.name
        if self.node is None:
            raise TemplateExecError(f"template: {name}: {message}", "".join(self.out), cause)
        pos = self.node.pos
        before = self.template.source[:pos]
        line = before.count("\n") + 1
        column = pos if "\n" not in before else pos - before.rindex("\n") - 1
        context = str(self.node)
        raise TemplateExecError(
            f'template: {name}:{line}:{column}: executing "{self.executing}" at <{context}>: {message}',
            "".join(self.out),
            cause,
        )

    def walk(self, dot: Any, nodes: list[_Node]) -> None:
        for node in nodes:
            if isinstance(node, _Text):
                self.out.append(node.text)
            elif isinstance(node, _Action):
                self.node = node
                value = self.pipeline(dot, node.pipe)
                if not node.pipe.decl:
                    self.node = node
                    self.out.append(go_format(value))
            elif isinstance(node, _Control):
                self.control(dot, node)
            elif isinstance(node, _Invoke):
                self.invoke(dot, node)
            elif isinstance(node, _Jump):
                raise _Break() if node.keyword == "break" else _Continue()

    def invoke(self, dot: Any, node: _Invoke) -> None:
        """exec.go walkTemplate: the named template runs with dot (and ``$``) set to the pipeline's value."""
        self.node = node
        body = self.template.defined.get(node.name)
        if body is None:
            self.fail(f"no such template {go_quote(node.name)}")
            return
        self.run(node.name, body, self.pipeline(dot, node.pipe) if node.pipe else NO_VALUE)

    def run(self, name: str, body: list[_Node], value: Any) -> None:
        outer = self.vars, self.executing
        self.vars, self.executing = [("$", value)], name
        try:
            self.walk(value, body)
        finally:
            self.vars, self.executing = outer

    def control(self, dot: Any, node: _Control) -> None:
        mark = len(self.vars)
        value = self.pipeline(dot, node.pipe, declare=node.keyword != "range")
        if node.keyword == "range":
            self.range(dot, node, value)
        elif _truth(value):
            self.walk(value if node.keyword == "with" else dot, node.body)
        elif node.otherwise is not None:
            self.walk(dot, node.otherwise)
        del self.vars[mark:]

    def range(self, dot: Any, node: _Control, value: Any) -> None:
        if isinstance(value, dict):
            pairs = [(k, value[k]) for k in sorted(value)]
        elif isinstance(value, list):
            pairs = list(enumerate(value))
        elif isinstance(value, int) and not isinstance(value, bool):
            pairs = [(i, i) for i in range(value)]
        elif value is NO_VALUE or value is None:
            pairs = []
        else:  # the error points at the last node evaluated
            self.fail(f"range can't iterate over {go_format(value)}")
            return
        if not pairs:
            if node.otherwise is not None:
                self.walk(dot, node.otherwise)
            return
        mark = len(self.vars)
        for key, element in pairs:
            if len(node.pipe.decl) == 1:
                self.vars.append((node.pipe.decl[0], element))
            elif len(node.pipe.decl) == 2:
                self.vars += [(node.pipe.decl[0], key), (node.pipe.decl[1], element)]
            try:
                self.walk(element, node.body)
            except _Continue:
                pass
            except _Break:
                break
            finally:
                del self.vars[mark:]

    def pipeline(self, dot: Any, pipe: _Pipe, declare: bool = True) -> Any:
        value: Any = _MISSING
        for command in pipe.cmds:
            value = self.command(dot, command, value)
            if value is None:  # evalPipeline digs into interface{}: a nil in it is no value at all
                value = NO_VALUE
        if declare or pipe.is_assign:
            for name in pipe.decl:
                if pipe.is_assign:
                    self.assign(name, value)
                else:
                    self.vars.append((name, value))
        return value

    def assign(self, name: str, value: Any) -> None:
        for i in range(len(self.vars) - 1, -1, -1):
            if self.vars[i][0] == name:
                self.vars[i] = (name, value)
                return
        self.fail(f"undefined variable: {name}")

    def variable(self, name: str) -> Any:
        for var, value in reversed(self.vars):
            if var == name:
                return value
        self.fail(f"undefined variable: {name}")
        return NO_VALUE

    def command(self, dot: Any, command: _Command, final: Any) -> Any:
        first = command.args[0]
        if isinstance(first, _Identifier):
            return self.call(dot, command, final)
        has_args = len(command.args) > 1 or final is not _MISSING
        if (
            has_args
            and not isinstance(first, (_Field, _Chain))
            and not (isinstance(first, _Variable) and len(first.names) > 1)
        ):
            self.node = first
            self.fail(f"can't give argument to non-function {first}")
        return self.operand(dot, first, has_args)

    def operand(self, dot: Any, node: _Node, has_args: bool = False) -> Any:
        """The value of an operand; ``has_args``: a field given arguments (only a method could take them)."""
        self.node = node
        if isinstance(node, _Field):
            return self.fields(dot, node.names, node, has_args)
        if isinstance(node, _Variable):
            value = self.variable(node.names[0])
            return self.fields(value, node.names[1:], node, has_args) if len(node.names) > 1 else value
        if isinstance(node, _Chain):
            base = self.operand(dot, node.node)
            self.node = node
            return self.fields(base, node.names, node, has_args)
        if isinstance(node, _Pipe):
            return self.pipeline(dot, node)
        if isinstance(node, _Dot):
            return dot
        if isinstance(node, _Literal):
            return node.value
        if isinstance(node, _Nil):
            self.fail("nil is not a command")
        if isinstance(node, _Identifier):
            return self.call(dot, _Command(node.pos, [node]), _MISSING)
        self.fail(f"can't evaluate command {node}")
        return NO_VALUE

    def fields(self, value: Any, names: list[str], node: _Node, has_args: bool = False) -> Any:
        """evalFieldChain: each name looks up a map key; a missing key is <no value> from then on. Every
        value below the object is an ``interface {}`` to Go, which is what its errors name."""
        self.node = node
        for index, name in enumerate(names):
            if value is NO_VALUE:
                return NO_VALUE
            if value is None:
                self.fail(f"nil pointer evaluating interface {{}}.{name}")
            if not isinstance(value, dict):
                self.fail(f"can't evaluate field {name} in type interface {{}}")
            if has_args and index == len(names) - 1:
                self.fail(f"{name} is not a method but has arguments")
            value = value.get(name, NO_VALUE)
        return value

    def call(self, dot: Any, command: _Command, final: Any) -> Any:
        """A function call; its errors point at the whole command (evalCall)."""
        name, args = str(command.args[0]), command.args[1:]
        if name in ("and", "or"):
            values = [lambda a=a: self.operand(dot, a) for a in args]
            if final is not _MISSING:
                values.append(lambda: final)
            if not values:
                self.node = command
                self.fail(f"wrong number of args for {name}: want at least 1 got 0")
            result = NO_VALUE
            for get in values:
                result = get()
                if _truth(result) == (name == "or"):
                    return result
            return result
        values = [self.operand(dot, a) for a in args]
        if final is not _MISSING:
            values.append(final)
        self.node = command
        need = {"not": 1, "len": 1, "ne": 2, "lt": 2, "le": 2, "gt": 2, "ge": 2, "base64decode": 1}.get(name)
        if need is not None and len(values) != need:
            self.fail(f"wrong number of args for {name}: want {need} got {len(values)}")
        if name in ("index", "slice", "exists", "eq", "printf") and not values:
            self.fail(f"wrong number of args for {name}: want at least 1 got 0")
        try:
            return self.template.functions[name](*values)
        except CallError as err:
            self.node = command
            self.fail(f"error calling {name}: {err}", err.cause)
        return NO_VALUE


_MISSING: Any = object()  # no value piped in from a previous command


@dataclass
class Template:
    source: str
    nodes: list[_Node]
    name: str = OUTPUT
    functions: dict[str, Callable] = field(default_factory=lambda: dict(FUNCTIONS))
    defined: dict[str, list[_Node]] = field(default_factory=dict)  # {{define "name"}} bodies


def parse_template(text: str, name: str = OUTPUT, functions: dict[str, Callable] | None = None) -> Template:
    """Parse as ``template.New(name).Funcs(functions).Parse(text)``: the builtins and kubectl's printer functions,
    plus ``functions`` (a function raises :class:`CallError` to fail); raises :class:`TemplateError`."""
    every = {**FUNCTIONS, **(functions or {})}
    parser = _Parser(text, name, {*every, "and", "or"})
    nodes = parser.parse()
    return Template(text, nodes, name, every, parser.defined)


def render_template(template: Template, data: Any, name: str | None = None) -> str:
    """Execute the template (or the one it defines as ``name``, as ``ExecuteTemplate``) on ``data``; raises
    :class:`TemplateExecError` with the output so far."""
    state = _State(template, template.name, data)
    if name is None:
        state.walk(data, template.nodes)
    elif name in template.defined:
        state.run(name, template.defined[name], data)
    else:
        raise TemplateExecError(
            f"template: no template {go_quote(name)} associated with template {go_quote(template.name)}"
        )
    return "".join(state.out)
