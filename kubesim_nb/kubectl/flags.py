"""Command-line flags the way pflag parses them (``github.com/spf13/pflag`` flag.go), with its error messages.

Flags may come anywhere before ``--``; ``--flag=value``, ``--flag value``, ``-n value``, ``-nvalue``, ``-n=value``
and grouped booleans (``-it``) all work, and ``_`` in a long name is ``-`` (kubectl's ``WordSepNormalizeFunc``).
A value is converted as pflag's value types convert it (``strconv.ParseBool``, ``ParseInt`` with base 0,
``time.ParseDuration``), and a value that does not convert is pflag's ``invalid argument`` error.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import UsageError

__all__ = [
    "FALSE_WORDS",
    "Flag",
    "ParsedArgs",
    "TRUE_WORDS",
    "flag_usages",
    "go_duration",
    "go_list",
    "go_quote",
    "invalid_argument",
    "invalid_syntax",
    "parse_flags",
    "takes_value",
]

# strconv.ParseBool's spellings
TRUE_WORDS = ("1", "t", "T", "TRUE", "true", "True")
FALSE_WORDS = ("0", "f", "F", "FALSE", "false", "False")
# Go integer literals as strconv.ParseInt(s, 0, bits) reads them: a prefix picks the base, "_" separates digits
_GO_INT = re.compile(r"[+-]?(0[xX](_?[0-9a-fA-F])+|0[bB](_?[01])+|0[oO]?(_?[0-7])+|[1-9](_?[0-9])*|0)")
_DURATION_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "μs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
_DURATION_PART = re.compile(r"([0-9]*(?:\.[0-9]*)?)([^0-9.]*)")


@dataclass(frozen=True)
class Flag:
    """One flag: ``kind`` is its pflag value type: ``str``, ``bool``, ``int`` (``bits`` wide), ``duration``
    (seconds), ``list`` (StringSlice: comma-split, repeatable), ``array`` (StringArray: repeatable) or ``text``
    (a string of a type of its own, whose default the help shows unquoted).
    ``usage`` is kubectl's text for ``--help``; a ``required`` flag must be given (cobra's MarkFlagRequired);
    a flag kubesim does not implement (``implemented=False``) is accepted by the parser and refused when set."""

    name: str
    short: str | None = None
    kind: str = "str"
    default: Any = None
    # the value a bare --flag means (pflag's NoOptDefVal: --cascade means --cascade=background)
    no_value: str | None = None
    usage: str = ""
    required: bool = False
    implemented: bool = True
    bits: int = 64
    # pflag's Deprecated (and ShorthandDeprecated) message: the flag still works, is not listed, and warns
    deprecated: str = ""

    @property
    def shown(self) -> str:
        """How pflag names the flag in an error: ``-r, --replicas`` or ``--image``."""
        return f"-{self.short}, --{self.name}" if self.short else f"--{self.name}"

    def default_text(self) -> str:
        """The default as ``--help`` shows it (pflag's ``DefValue``, quoted for strings)."""
        if self.kind == "bool":
            return "true" if self.default else "false"
        if self.kind in ("list", "array"):
            return "[" + ",".join(self.default or []) + "]"
        if self.kind == "duration":
            return go_duration(self.default or 0)
        if self.kind == "int":
            return str(self.default if self.default is not None else 0)
        if self.kind == "text":
            return self.default or ""
        return f"'{self.default or ''}'"


@dataclass
class ParsedArgs:
    positional: list[str]
    flags: dict[str, Any]
    rest: list[str] = field(default_factory=list)  # after "--"
    dash_at: int | None = None
    given: set[str] = field(default_factory=set)  # the flags the command line set (pflag's Changed)
    warnings: list[str] = field(default_factory=list)  # what pflag printed while parsing (deprecated flags)

    def __getitem__(self, name: str) -> Any:
        return self.flags[name]

    def get(self, name: str, default: Any = None) -> Any:
        return self.flags.get(name, default)


def takes_value(flag: Flag | None) -> bool:
    """Whether ``--flag`` alone reads the next word as its value (an unknown flag is assumed to, as cobra does)."""
    return flag is None or (flag.kind != "bool" and flag.no_value is None)


def go_quote(text: str) -> str:
    """Go's ``%q`` of a string: double quotes, with ``"``, ``\\`` and unprintable characters escaped."""
    escapes = {'"': '\\"', "\\": "\\\\", "\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r"}
    escapes |= {"\t": "\\t", "\v": "\\v"}
    out = []
    for char in text:
        if char in escapes:
            out.append(escapes[char])
        elif char.isprintable():
            out.append(char)
        elif ord(char) < 0x100:
            out.append(f"\\x{ord(char):02x}")
        else:
            out.append(f"\\u{ord(char):04x}" if ord(char) < 0x10000 else f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


def go_list(values: list[str]) -> str:
    """Go's ``%v`` of a ``[]string``: ``[a b]``."""
    return "[" + " ".join(values) + "]"


def go_duration(seconds: float) -> str:
    """Go's ``time.Duration.String``: ``0s``, ``20s``, ``1m0s``, ``1h30m0s``, ``1.5s``."""
    if seconds == 0:
        return "0s"
    sign, seconds = ("-", -seconds) if seconds < 0 else ("", seconds)
    if seconds < 1:
        for unit, size in (("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
            if seconds >= size:
                return f"{sign}{seconds / size:g}{unit}"
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{secs:.9f}".rstrip("0").rstrip(".") + "s"
    if hours or minutes:
        text = f"{int(minutes)}m{text}"
    if hours:
        text = f"{int(hours)}h{text}"
    return sign + text


def invalid_syntax(function: str, raw: str) -> str:
    """Go's strconv error for text that is not a number (``strconv.ParseInt: parsing "x": invalid syntax``)."""
    return f"{function}: parsing {go_quote(raw)}: invalid syntax"


def invalid_argument(raw: str, shown: str, why: str) -> str:
    """pflag's message for a flag value that does not parse."""
    return f"invalid argument {go_quote(raw)} for {go_quote(shown)} flag: {why}"


def parse_go_int(raw: str, bits: int = 64) -> int:
    """``strconv.ParseInt(raw, 0, bits)``; ValueError carries strconv's message."""
    if not _GO_INT.fullmatch(raw):
        raise ValueError(invalid_syntax("strconv.ParseInt", raw))
    sign, digits = (-1, raw[1:]) if raw[0] == "-" else (1, raw.lstrip("+"))
    digits = digits.replace("_", "")
    base = {"0x": 16, "0X": 16, "0b": 2, "0B": 2, "0o": 8, "0O": 8}.get(digits[:2])
    if base:
        value = int(digits[2:], base)
    else:
        value = int(digits, 8) if len(digits) > 1 and digits[0] == "0" else int(digits)
    value *= sign
    if not -(2 ** (bits - 1)) <= value < 2 ** (bits - 1):
        raise ValueError(f"strconv.ParseInt: parsing {go_quote(raw)}: value out of range")
    return value


def parse_go_duration(raw: str) -> float:
    """``time.ParseDuration`` in seconds (``30s``, ``1m30s``, ``1.5h``, ``0``); ValueError carries its message."""
    text = raw[1:] if raw[:1] in ("+", "-") else raw
    invalid = f"time: invalid duration {go_quote(raw)}"
    if text == "0":
        return 0.0
    if not text:
        raise ValueError(invalid)
    total, position = 0.0, 0
    while position < len(text):
        match = _DURATION_PART.match(text, position)
        number, unit = match.group(1), match.group(2)
        if number in ("", "."):
            raise ValueError(invalid)
        if not unit:
            raise ValueError(f"time: missing unit in duration {go_quote(raw)}")
        if unit not in _DURATION_UNITS:
            raise ValueError(f"time: unknown unit {go_quote(unit)} in duration {go_quote(raw)}")
        total += float(number) * _DURATION_UNITS[unit]
        position = match.end()
    return -total if raw.startswith("-") else total


def _convert(flag: Flag, raw: str) -> Any:
    """The flag's value from its text, or ValueError with the reason pflag gives."""
    if flag.kind == "int":
        return parse_go_int(raw, flag.bits)
    if flag.kind == "bool":
        if raw in TRUE_WORDS or raw in FALSE_WORDS:
            return raw in TRUE_WORDS
        raise ValueError(invalid_syntax("strconv.ParseBool", raw))
    if flag.kind == "duration":
        return parse_go_duration(raw)
    return raw


def _csv_fields(raw: str) -> list[str]:
    """pflag's ``readAsCSV``: the fields of one CSV line, none for an empty value."""
    return next(csv.reader([raw])) if raw else []


def _quote_letter(letter: str) -> str:
    """Go's ``%q`` of one byte: ``'x'``."""
    return "'\\''" if letter == "'" else f"'{letter}'"


def _initial(flag: Flag) -> Any:
    """A flag's value before the command line sets it."""
    if flag.kind in ("list", "array"):
        return list(flag.default or [])
    if flag.kind == "bool":
        return bool(flag.default)
    if flag.kind in ("int", "duration"):
        return flag.default or 0
    return flag.default


def flag_usages(flags: list[Flag]) -> str:
    """The flags as kubectl's help lists them (``templates.flagsUsages``): sorted by name, the usage indented."""
    entries = []
    for flag in sorted((f for f in flags if not f.deprecated), key=lambda f: f.name):
        short = f"-{flag.short}, " if flag.short else ""
        entries.append(f"    {short}--{flag.name}={flag.default_text()}:\n\t{flag.usage}")
    return "\n\n".join(entries)


def parse_flags(tokens: list[str], specs: list[Flag], command: str) -> ParsedArgs:
    """Parse ``tokens`` with ``specs`` as pflag's ``FlagSet.Parse`` does; ``command`` is the command's path
    for the hint under an error (``See 'kubectl get --help' for usage.``)."""
    by_name = {f.name: f for f in specs}
    by_short = {f.short: f for f in specs if f.short}
    values: dict[str, Any] = {f.name: _initial(f) for f in specs}
    given: set[str] = set()
    positional: list[str] = []

    def fail(message: str) -> UsageError:
        # templater.go FlagErrorFunc: where to look, after the error
        if command == "options":
            return UsageError(message, hint="Run 'kubectl options' without flags.")
        return UsageError(message, hint=f"See '{' '.join(['kubectl', *command.split()])} --help' for usage.")

    warnings: list[str] = []

    def store(flag: Flag, raw: str, shorthand: bool = False) -> None:
        if flag.deprecated:
            if shorthand:
                warnings.append(f"Flag shorthand -{flag.short} has been deprecated, {flag.deprecated}")
            warnings.append(f"Flag --{flag.name} has been deprecated, {flag.deprecated}")
        try:
            value = _convert(flag, raw)
        except ValueError as err:
            raise fail(invalid_argument(raw, flag.shown, str(err))) from None
        if flag.kind in ("list", "array"):
            # the first value given replaces the default; a StringSlice value is a line of CSV
            values[flag.name] = (values[flag.name] if flag.name in given else []) + (
                _csv_fields(raw) if flag.kind == "list" else [value]
            )
        else:
            values[flag.name] = value
        given.add(flag.name)

    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if token == "--":
            return ParsedArgs(positional, values, tokens[i:], len(positional), given, warnings)
        if token.startswith("--"):
            name, eq, raw = token[2:].partition("=")
            if not name or name[0] in "-=":
                raise fail(f"bad flag syntax: {token}")
            flag = by_name.get(name.replace("_", "-"))
            if flag is None:
                raise fail(f"unknown flag: --{name}")
            if eq:
                store(flag, raw)
            elif not takes_value(flag):
                store(flag, "true" if flag.kind == "bool" else flag.no_value or "")
            elif i < len(tokens):
                store(flag, tokens[i])
                i += 1
            else:
                raise fail(f"flag needs an argument: --{name}")
        elif token.startswith("-") and len(token) > 1:
            letters = token[1:]
            while letters:
                flag = by_short.get(letters[0])
                if flag is None:
                    raise fail(f"unknown shorthand flag: {_quote_letter(letters[0])} in -{letters}")
                if len(letters) > 2 and letters[1] == "=":
                    store(flag, letters[2:], shorthand=True)
                    letters = ""
                elif not takes_value(flag):
                    store(flag, "true" if flag.kind == "bool" else flag.no_value or "", shorthand=True)
                    letters = letters[1:]
                elif len(letters) > 1:
                    store(flag, letters[1:], shorthand=True)
                    letters = ""
                elif i < len(tokens):
                    store(flag, tokens[i], shorthand=True)
                    i += 1
                    letters = ""
                else:
                    raise fail(f"flag needs an argument: {_quote_letter(letters[0])} in -{letters}")
        else:
            positional.append(token)
    return ParsedArgs(positional, values, given=given, warnings=warnings)
