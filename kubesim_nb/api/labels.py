"""Label selectors, as apimachinery's ``pkg/labels`` and ``metav1`` helpers define them.

This module owns:

- ``format_labels`` (``labels.FormatLabels``) and ``format_label_selector``
  (``metav1.FormatLabelSelector``);
- the selector model: :class:`Requirement` and :class:`Selector` (matching,
  the canonical ``String()`` form, :data:`NOTHING` / :data:`EVERYTHING`);
- ``parse_selector``: the ``kubectl get -l`` grammar (``labels.Parse``), a
  lexer plus a recursive-descent parser that reproduce Go's error texts;
- conversions from object selectors (a Service's map, a
  ``metav1.LabelSelector``) and ``validate_label_selector``.

Syntax of keys and values lives in :mod:`kubesim_nb.api.naming`.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from ..errors import KubeSimError
from .field import FieldError, Path, render_value
from .naming import is_qualified_name, is_valid_label_value, validate_label_name, validate_labels

__all__ = [
    "EVERYTHING",
    "NOTHING",
    "Requirement",
    "Selector",
    "SelectorParseError",
    "format_label_selector",
    "format_labels",
    "new_requirement",
    "parse_selector",
    "requirement_errors",
    "label_selector_as_selector",
    "selector_from_label_selector",
    "selector_from_map",
    "validate_label_selector",
]


class SelectorParseError(KubeSimError):
    """A selector could not be built.

    ``message`` is Go's ``err.Error()``: for ``kubectl get -l`` it is the text
    the server prints after ``field selector "": ``.
    """


# --- operators (k8s.io/apimachinery/pkg/selection) --------------------------

EQUALS = "="
DOUBLE_EQUALS = "=="
NOT_EQUALS = "!="
IN = "in"
NOT_IN = "notin"
EXISTS = "exists"
DOES_NOT_EXIST = "!"
GREATER_THAN = "gt"
LESS_THAN = "lt"

BINARY_OPERATORS = (IN, NOT_IN, EQUALS, DOUBLE_EQUALS, NOT_EQUALS, GREATER_THAN, LESS_THAN)
UNARY_OPERATORS = (EXISTS, DOES_NOT_EXIST)
VALID_OPERATORS = BINARY_OPERATORS + UNARY_OPERATORS

_INT64_RE = re.compile(r"[+-]?[0-9]+")


def _parse_int64(text: str) -> int | None:
    """``strconv.ParseInt(text, 10, 64)``, or None when Go would fail."""
    if _INT64_RE.fullmatch(text) is None:
        return None
    value = int(text)
    return value if -(2**63) <= value < 2**63 else None


# --- the model --------------------------------------------------------------


@dataclass(frozen=True)
class Requirement:
    """One ``key <op> values`` clause. Build validated ones with :func:`new_requirement`."""

    key: str
    operator: str
    values: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", tuple(self.values))

    def matches(self, labels: Mapping[str, str]) -> bool:
        op, has = self.operator, self.key in labels
        if op in (IN, EQUALS, DOUBLE_EQUALS):
            return has and labels[self.key] in self.values
        if op in (NOT_IN, NOT_EQUALS):
            return not has or labels[self.key] not in self.values
        if op == EXISTS:
            return has
        if op == DOES_NOT_EXIST:
            return not has
        if op in (GREATER_THAN, LESS_THAN):
            if not has or len(self.values) != 1:
                return False
            have, want = _parse_int64(labels[self.key]), _parse_int64(self.values[0])
            if have is None or want is None:
                return False
            return have > want if op == GREATER_THAN else have < want
        return False

    def __str__(self) -> str:
        op = self.operator
        if op == EXISTS:
            return self.key
        if op == DOES_NOT_EXIST:
            return "!" + self.key
        symbol = {
            EQUALS: "=",
            DOUBLE_EQUALS: "==",
            NOT_EQUALS: "!=",
            IN: " in ",
            NOT_IN: " notin ",
            GREATER_THAN: ">",
            LESS_THAN: "<",
        }.get(op, "")
        values = self.values[0] if len(self.values) == 1 else ",".join(sorted(self.values))
        if op in (IN, NOT_IN):
            values = f"({values})"
        return f"{self.key}{symbol}{values}"


@dataclass(frozen=True)
class Selector:
    """An AND of requirements, kept sorted by key (stable), like ``internalSelector``."""

    requirements: tuple[Requirement, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "requirements", tuple(sorted(self.requirements, key=lambda r: r.key)))

    def matches(self, labels: Mapping[str, str] | None) -> bool:
        labels = labels or {}
        return all(r.matches(labels) for r in self.requirements)

    def empty(self) -> bool:
        """True when the selector does not restrict anything (matches every object)."""
        return not self.requirements

    def add(self, *requirements: Requirement) -> "Selector":
        return Selector(self.requirements + requirements)

    def equality_pairs(self) -> tuple[tuple[str, str], ...]:
        """The ``(key, value)`` pairs any matching object must carry exactly.

        From ``=``, ``==`` and single-valued ``in`` requirements (what Go's
        ``RequiresExactMatch`` looks at); handy for indexing objects by label.
        """
        return tuple(
            (r.key, r.values[0])
            for r in self.requirements
            if r.operator in (EQUALS, DOUBLE_EQUALS, IN) and len(r.values) == 1
        )

    def __str__(self) -> str:
        return ",".join(str(r) for r in self.requirements)


@dataclass(frozen=True)
class _NothingSelector(Selector):
    """``labels.Nothing()``: what a nil ``metav1.LabelSelector`` converts to."""

    def matches(self, labels: Mapping[str, str] | None) -> bool:
        return False

    def empty(self) -> bool:
        return False

    def add(self, *requirements: Requirement) -> "Selector":
        return self

    def equality_pairs(self) -> tuple[tuple[str, str], ...]:
        return ()

    def __str__(self) -> str:
        return ""

    def __repr__(self) -> str:
        return "NOTHING"


NOTHING: Selector = _NothingSelector()
EVERYTHING: Selector = Selector()


# --- building requirements (labels.NewRequirement) ---------------------------


def _aggregate(errors: Sequence[FieldError]) -> str:
    """``ErrorList.ToAggregate().Error()``: de-duplicated, bracketed when several."""
    texts: list[str] = []
    for err in errors:
        text = err.render()
        if text not in texts:
            texts.append(text)
    return texts[0] if len(texts) == 1 else "[" + ", ".join(texts) + "]"


def _key_error(key: str, path: str) -> FieldError | None:
    """``validateLabelKey``: all details joined by ``; `` in one error."""
    details = is_qualified_name(key)
    return FieldError.invalid(path, key, "; ".join(details)) if details else None


def requirement_errors(key: str, operator: str, values: Sequence[str], path: "str | Path" = "") -> list[FieldError]:
    """The checks of ``labels.NewRequirement``; ``path`` "" stands for Go's nil path."""
    path = Path(path)
    errs: list[FieldError] = []
    key_err = _key_error(key, path.child("key"))
    if key_err:
        errs.append(key_err)
    values_path = path.child("values")
    bad_values: Any = list(values) if values else None  # Go renders a nil slice as null
    if operator in (IN, NOT_IN):
        if not values:
            errs.append(
                FieldError.invalid(values_path, bad_values, "for 'in', 'notin' operators, values set can't be empty")
            )
    elif operator in (EQUALS, DOUBLE_EQUALS, NOT_EQUALS):
        if len(values) != 1:
            errs.append(
                FieldError.invalid(values_path, bad_values, "exact-match compatibility requires one single value")
            )
    elif operator in (EXISTS, DOES_NOT_EXIST):
        if values:
            errs.append(
                FieldError.invalid(values_path, bad_values, "values set must be empty for exists and does not exist")
            )
    elif operator in (GREATER_THAN, LESS_THAN):
        if len(values) != 1:
            errs.append(
                FieldError.invalid(values_path, bad_values, "for 'Gt', 'Lt' operators, exactly one value is required")
            )
        for i, value in enumerate(values):
            if _parse_int64(value) is None:
                errs.append(
                    FieldError.invalid(
                        values_path.index(i), value, "for 'Gt', 'Lt' operators, the value must be an integer"
                    )
                )
    else:
        errs.append(FieldError.not_supported(path.child("operator"), operator, VALID_OPERATORS))
    for i, value in enumerate(values):
        details = is_valid_label_value(value)
        if details:
            errs.append(FieldError.invalid(values_path.index(i).key(key), value, "; ".join(details)))
    return errs


def new_requirement(key: str, operator: str, values: Iterable[str] = (), path: "str | Path" = "") -> Requirement:
    """``labels.NewRequirement``: raises :class:`SelectorParseError` when invalid."""
    values = list(values)
    errs = requirement_errors(key, operator, values, path)
    if errs:
        raise SelectorParseError(_aggregate(errs))
    return Requirement(key, operator, tuple(values))


# --- the lexer (labels.Lexer) ------------------------------------------------


class Tok(enum.Enum):
    ERROR = 0
    END_OF_STRING = enum.auto()
    CLOSED_PAR = enum.auto()
    COMMA = enum.auto()
    DOES_NOT_EXIST = enum.auto()
    DOUBLE_EQUALS = enum.auto()
    EQUALS = enum.auto()
    GREATER_THAN = enum.auto()
    IDENTIFIER = enum.auto()
    IN = enum.auto()
    LESS_THAN = enum.auto()
    NOT_EQUALS = enum.auto()
    NOT_IN = enum.auto()
    OPEN_PAR = enum.auto()


_STRING_TO_TOKEN = {
    ")": Tok.CLOSED_PAR,
    ",": Tok.COMMA,
    "!": Tok.DOES_NOT_EXIST,
    "==": Tok.DOUBLE_EQUALS,
    "=": Tok.EQUALS,
    ">": Tok.GREATER_THAN,
    "in": Tok.IN,
    "<": Tok.LESS_THAN,
    "!=": Tok.NOT_EQUALS,
    "notin": Tok.NOT_IN,
    "(": Tok.OPEN_PAR,
}
_SPECIAL = frozenset("=!(),><")
_WHITESPACE = frozenset(" \t\r\n")
_END = "\0"  # Go's read() yields byte 0 at the end (and for a NUL in the text)


class _Lexer:
    """Splits a selector into ``(token, literal)`` pairs, byte-for-byte like Go's."""

    def __init__(self, text: str):
        self.text = text
        self.pos = 0

    def _read(self) -> str:
        if self.pos < len(self.text):
            self.pos += 1
            return self.text[self.pos - 1]
        return _END

    def _unread(self) -> None:
        self.pos -= 1

    def _scan_id_or_keyword(self) -> tuple[Tok, str]:
        buffer = []
        while True:
            ch = self._read()
            if ch == _END:
                break
            if ch in _SPECIAL or ch in _WHITESPACE:
                self._unread()
                break
            buffer.append(ch)
        literal = "".join(buffer)
        return _STRING_TO_TOKEN.get(literal, Tok.IDENTIFIER), literal

    def _scan_special_symbol(self) -> tuple[Tok, str]:
        last: tuple[Tok, str] | None = None
        buffer = ""
        while True:
            ch = self._read()
            if ch == _END:
                break
            if ch not in _SPECIAL:
                self._unread()
                break
            buffer += ch
            if buffer in _STRING_TO_TOKEN:
                last = (_STRING_TO_TOKEN[buffer], buffer)
            elif last is not None:
                self._unread()
                break
        if last is None:  # unreachable with today's symbol table, kept for fidelity
            return Tok.ERROR, f"error expected: keyword found '{buffer}'"
        return last

    def lex(self) -> tuple[Tok, str]:
        ch = self._read()
        while ch in _WHITESPACE:
            ch = self._read()
        if ch == _END:
            return Tok.END_OF_STRING, ""
        self._unread()
        if ch in _SPECIAL:
            return self._scan_special_symbol()
        return self._scan_id_or_keyword()

    def tokens(self) -> list[tuple[Tok, str]]:
        items = []
        while True:
            item = self.lex()
            items.append(item)
            if item[0] is Tok.END_OF_STRING:
                return items


# --- the parser (labels.Parser) ----------------------------------------------


class _ParseError(Exception):
    """Internal: a parser error before the ``unable to parse requirement:`` wrapping."""


_KEY_AND_OPERATOR, _VALUES = "key-and-operator", "values"


class _Parser:
    """Recursive descent over the token list, one method per grammar rule."""

    def __init__(self, text: str):
        self.items = _Lexer(text).tokens()
        self.position = 0

    # 'in' and 'notin' are plain identifiers where a value (or key) is expected
    def _lookahead(self, context: str) -> tuple[Tok, str]:
        tok, literal = self.items[min(self.position, len(self.items) - 1)]
        if context == _VALUES and tok in (Tok.IN, Tok.NOT_IN):
            tok = Tok.IDENTIFIER
        return tok, literal

    def _consume(self, context: str) -> tuple[Tok, str]:
        item = self._lookahead(context)
        self.position += 1
        return item

    def parse(self) -> list[Requirement]:
        requirements: list[Requirement] = []
        while True:
            tok, literal = self._lookahead(_VALUES)
            if tok in (Tok.IDENTIFIER, Tok.DOES_NOT_EXIST):
                try:
                    requirements.append(self._requirement())
                except (_ParseError, SelectorParseError) as err:
                    raise SelectorParseError(f"unable to parse requirement: {_message(err)}") from None
                tok, literal = self._consume(_VALUES)
                if tok is Tok.END_OF_STRING:
                    return requirements
                if tok is Tok.COMMA:
                    tok2, literal2 = self._lookahead(_VALUES)
                    if tok2 not in (Tok.IDENTIFIER, Tok.DOES_NOT_EXIST):
                        raise SelectorParseError(f"found '{literal2}', expected: identifier after ','")
                else:
                    raise SelectorParseError(f"found '{literal}', expected: ',' or 'end of string'")
            elif tok is Tok.END_OF_STRING:
                return requirements
            else:
                raise SelectorParseError(f"found '{literal}', expected: !, identifier, or 'end of string'")

    def _requirement(self) -> Requirement:
        key, operator = self._key_and_infer_operator()
        if operator in (EXISTS, DOES_NOT_EXIST):
            return new_requirement(key, operator, ())
        operator = self._operator()
        if operator in (IN, NOT_IN):
            values = self._values()
        else:
            values = self._exact_value()
        return new_requirement(key, operator, sorted(values))

    def _key_and_infer_operator(self) -> tuple[str, str]:
        operator = ""
        tok, literal = self._consume(_VALUES)
        if tok is Tok.DOES_NOT_EXIST:
            operator = DOES_NOT_EXIST
            tok, literal = self._consume(_VALUES)
        if tok is not Tok.IDENTIFIER:
            raise _ParseError(f"found '{literal}', expected: identifier")
        key_err = _key_error(literal, "<nil>")  # Go's nil *field.Path prints as <nil>
        if key_err:
            raise _ParseError(key_err.render())
        if self._lookahead(_VALUES)[0] in (Tok.END_OF_STRING, Tok.COMMA) and operator != DOES_NOT_EXIST:
            operator = EXISTS
        return literal, operator

    def _operator(self) -> str:
        tok, literal = self._consume(_KEY_AND_OPERATOR)
        operator = {
            Tok.IN: IN,
            Tok.EQUALS: EQUALS,
            Tok.DOUBLE_EQUALS: DOUBLE_EQUALS,
            Tok.GREATER_THAN: GREATER_THAN,
            Tok.LESS_THAN: LESS_THAN,
            Tok.NOT_IN: NOT_IN,
            Tok.NOT_EQUALS: NOT_EQUALS,
        }.get(tok)
        if operator is None:
            raise _ParseError(f"found '{literal}', expected: {', '.join(BINARY_OPERATORS)}")
        return operator

    def _values(self) -> set[str]:
        tok, literal = self._consume(_VALUES)
        if tok is not Tok.OPEN_PAR:
            raise _ParseError(f"found '{literal}' expected: '('")  # sic: no comma
        tok, literal = self._lookahead(_VALUES)
        if tok in (Tok.IDENTIFIER, Tok.COMMA):
            values = self._identifiers_list()
            if self._consume(_VALUES)[0] is not Tok.CLOSED_PAR:
                raise _ParseError(f"found '{literal}', expected: ')'")
            return values
        if tok is Tok.CLOSED_PAR:  # "()" is the set {""}
            self._consume(_VALUES)
            return {""}
        raise _ParseError(f"found '{literal}', expected: ',', ')' or identifier")

    def _identifiers_list(self) -> set[str]:
        values: set[str] = set()
        while True:
            tok, literal = self._consume(_VALUES)
            if tok is Tok.IDENTIFIER:
                values.add(literal)
                tok2, literal2 = self._lookahead(_VALUES)
                if tok2 is Tok.COMMA:
                    continue
                if tok2 is Tok.CLOSED_PAR:
                    return values
                raise _ParseError(f"found '{literal2}', expected: ',' or ')'")
            if tok is Tok.COMMA:  # empty values: "(,", ",)" and ",,"
                if not values:
                    values.add("")
                tok2 = self._lookahead(_VALUES)[0]
                if tok2 is Tok.CLOSED_PAR:
                    values.add("")
                    return values
                if tok2 is Tok.COMMA:
                    self._consume(_VALUES)
                    values.add("")
                continue
            raise _ParseError(f"found '{literal}', expected: ',', or identifier")

    def _exact_value(self) -> set[str]:
        if self._lookahead(_VALUES)[0] in (Tok.END_OF_STRING, Tok.COMMA):
            return {""}
        tok, literal = self._consume(_VALUES)
        if tok is Tok.IDENTIFIER:
            return {literal}
        raise _ParseError(f"found '{literal}', expected: identifier")


def _message(err: Exception) -> str:
    return err.message if isinstance(err, KubeSimError) else str(err)


def parse_selector(text: str) -> Selector:
    """``labels.Parse``: the ``-l/--selector`` grammar. Raises :class:`SelectorParseError`."""
    return Selector(tuple(_Parser(text).parse()))


# --- selectors stored in objects ---------------------------------------------


def format_labels(mapping: Mapping[str, str] | None) -> str:
    """``labels.FormatLabels``: sorted ``k=v`` joined by ``,``; ``<none>`` when empty."""
    text = ",".join(f"{k}={v}" for k, v in sorted((mapping or {}).items()))
    return text or "<none>"


def selector_from_map(mapping: Mapping[str, str] | None) -> Selector:
    """``labels.SelectorFromSet`` (a Service's ``spec.selector``); no validation.

    An empty or missing map gives :data:`EVERYTHING`; callers decide what an
    empty Service selector means (the endpoints controllers skip those).
    """
    return Selector(tuple(Requirement(k, EQUALS, (v,)) for k, v in (mapping or {}).items()))


_EXPRESSION_OPERATORS = {"In": IN, "NotIn": NOT_IN, "Exists": EXISTS, "DoesNotExist": DOES_NOT_EXIST}


def selector_from_label_selector(
    match_labels: Mapping[str, str] | None,
    match_expressions: Sequence[Mapping[str, Any]] | None,
) -> Selector:
    """``metav1.LabelSelectorAsSelector``.

    Both arguments None stands for a nil selector → :data:`NOTHING`; a present
    but empty selector (pass ``{}``) → :data:`EVERYTHING`. Raises
    :class:`SelectorParseError` on an unknown operator or an invalid key/value.
    """
    if match_labels is None and match_expressions is None:
        return NOTHING
    requirements = [new_requirement(k, EQUALS, (v,)) for k, v in (match_labels or {}).items()]
    for expr in match_expressions or ():
        operator = expr.get("operator") or ""
        if operator not in _EXPRESSION_OPERATORS:
            raise SelectorParseError(f"{render_value(str(operator))} is not a valid label selector operator")
        key, values = expr.get("key") or "", expr.get("values") or ()
        requirements.append(new_requirement(key, _EXPRESSION_OPERATORS[operator], values))
    return Selector(tuple(requirements))


def label_selector_as_selector(selector: Any) -> Selector:
    """``metav1.LabelSelectorAsSelector`` for a typed ``LabelSelector`` (a Deployment's or ReplicaSet's
    ``spec.selector``): None selects nothing, an empty one everything."""
    if selector is None:
        return NOTHING
    expressions = [{"key": e.key, "operator": e.operator, "values": e.values} for e in selector.match_expressions or []]
    return selector_from_label_selector(
        selector.match_labels if selector.match_labels is not None else {}, expressions or None
    )


def format_label_selector(
    match_labels: Mapping[str, str] | None,
    match_expressions: Sequence[Mapping[str, Any]] | None,
) -> str:
    """``metav1.FormatLabelSelector``: ``<none>`` when empty, ``<error>`` when invalid."""
    try:
        text = str(selector_from_label_selector(match_labels, match_expressions))
    except SelectorParseError:
        return "<error>"
    return text or "<none>"


def validate_label_selector(
    match_labels: Mapping[str, str] | None,
    match_expressions: Sequence[Mapping[str, Any]] | None,
    path: "str | Path",
) -> list[FieldError]:
    """``ValidateLabelSelector`` (values validated, as v1.34 apps validation asks).

    ``path`` is the selector's own path (``spec.selector``): matchLabels errors
    go to ``<path>.matchLabels``, expression errors to
    ``<path>.matchExpressions[i].{operator,values,key}``.
    """
    path = Path(path)
    errs = validate_labels(match_labels or {}, path.child("matchLabels"))
    for i, expr in enumerate(match_expressions or ()):
        expr_path = path.child("matchExpressions").index(i)
        operator, values = expr.get("operator") or "", list(expr.get("values") or ())
        if operator in ("In", "NotIn"):
            if not values:
                errs.append(
                    FieldError.required(
                        expr_path.child("values"), "must be specified when `operator` is 'In' or 'NotIn'"
                    )
                )
        elif operator in ("Exists", "DoesNotExist"):
            if values:
                errs.append(
                    FieldError.forbidden(
                        expr_path.child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"
                    )
                )
        else:
            errs.append(FieldError.invalid(expr_path.child("operator"), operator, "not a valid selector operator"))
        errs.extend(validate_label_name(expr.get("key") or "", expr_path.child("key")))
        for j, value in enumerate(values):
            errs.extend(
                FieldError.invalid(expr_path.child("values").index(j), value, msg)
                for msg in is_valid_label_value(value)
            )
    return errs
