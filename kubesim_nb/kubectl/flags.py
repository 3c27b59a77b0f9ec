"""Command-line flags the way cobra/pflag parse them, with their error messages.

Flags may come anywhere before ``--``; ``--flag=value``, ``--flag value``,
``-n value``, ``-nvalue``, ``-n=value`` and grouped booleans (``-it``) all work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import UsageError

__all__ = ["Flag", "ParsedArgs", "invalid_argument", "invalid_syntax", "parse_duration", "parse_flags"]


@dataclass(frozen=True)
class Flag:
    name: str
    short: str | None = None
    # str | bool | int | int32 | duration (seconds) | list (StringSlice: comma-split, repeatable) | array (repeatable)
    kind: str = "str"
    default: Any = None
    # for str flags that may be given bare (--dry-run means --dry-run=client)
    no_value: str | None = None


@dataclass
class ParsedArgs:
    positional: list[str]
    flags: dict[str, Any]
    rest: list[str] = field(default_factory=list)  # after "--"
    dash_at: int | None = None

    def __getitem__(self, name: str) -> Any:
        return self.flags[name]

    def get(self, name: str, default: Any = None) -> Any:
        return self.flags.get(name, default)


def invalid_syntax(function: str, raw: str) -> str:
    """Go's strconv error for text that is not a number (``strconv.ParseInt: parsing "x": invalid syntax``)."""
    return f'{function}: parsing "{raw}": invalid syntax'


def invalid_argument(raw: str, shown: str, why: str) -> str:
    """pflag's message for a flag value that does not parse."""
    return f'invalid argument "{raw}" for "{shown}" flag: {why}'


_DURATION_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "μs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
_DURATION_NUMBER = re.compile(r"[0-9]*(\.[0-9]*)?")
_DURATION_UNIT = re.compile(r"[^0-9.]*")


def parse_duration(text: str) -> float:
    """Go's ``time.ParseDuration`` (``1m30s``, ``500ms``, ``-1.5h``) in seconds; ValueError with Go's message."""
    quoted = f'"{text}"'
    rest = text[1:] if text[:1] in "+-" else text
    sign = -1.0 if text[:1] == "-" else 1.0
    if rest == "0":
        return 0.0
    if not rest:
        raise ValueError(f"time: invalid duration {quoted}")
    total = 0.0
    while rest:
        number = _DURATION_NUMBER.match(rest).group()
        if number in ("", "."):
            raise ValueError(f"time: invalid duration {quoted}")
        unit = _DURATION_UNIT.match(rest, len(number)).group()
        if not unit:
            raise ValueError(f"time: missing unit in duration {quoted}")
        if unit not in _DURATION_UNITS:
            raise ValueError(f'time: unknown unit "{unit}" in duration {quoted}')
        total += float(number) * _DURATION_UNITS[unit]
        rest = rest[len(number) + len(unit) :]
    return sign * total


def _usage(message: str, command: str) -> UsageError:
    return UsageError(message, hint=f"See 'kubectl {command} --help' for usage.")


def _convert(flag: Flag, raw: str, command: str) -> Any:
    # pflag names a flag in its errors by both its forms, whichever was typed
    shown = f"-{flag.short}, --{flag.name}" if flag.short else f"--{flag.name}"
    if flag.kind in ("int", "int32"):
        try:
            value = int(raw)
        except ValueError:
            raise _usage(invalid_argument(raw, shown, invalid_syntax("strconv.ParseInt", raw)), command) from None
        bits = 32 if flag.kind == "int32" else 64
        if not -(1 << (bits - 1)) <= value < 1 << (bits - 1):
            why = f'strconv.ParseInt: parsing "{raw}": value out of range'
            raise _usage(invalid_argument(raw, shown, why), command)
        return value
    if flag.kind == "duration":
        try:
            return parse_duration(raw)
        except ValueError as err:
            raise _usage(invalid_argument(raw, shown, str(err)), command) from None
    if flag.kind == "bool":
        lowered = raw.lower()
        if lowered in ("true", "1", "t"):
            return True
        if lowered in ("false", "0", "f"):
            return False
        raise _usage(invalid_argument(raw, shown, invalid_syntax("strconv.ParseBool", raw)), command)
    return raw


def parse_flags(tokens: list[str], specs: list[Flag], command: str) -> ParsedArgs:
    by_name = {f.name: f for f in specs}
    by_short = {f.short: f for f in specs if f.short}
    values: dict[str, Any] = {
        f.name: (list(f.default or []) if f.kind in ("list", "array") else f.default) for f in specs
    }
    positional: list[str] = []
    i = 0

    def store(flag: Flag, value: Any) -> None:
        if flag.kind == "list":
            values[flag.name].extend(v for v in value.split(",") if v)
        elif flag.kind == "array":
            values[flag.name].append(value)
        else:
            values[flag.name] = value

    while i < len(tokens):
        token = tokens[i]
        if token == "--":
            return ParsedArgs(positional, values, tokens[i + 1 :], dash_at=len(positional))
        if token.startswith("--") and len(token) > 2:
            name, eq, raw = token[2:].partition("=")
            flag = by_name.get(name)
            if flag is None:
                raise _usage(f"unknown flag: --{name}", command)
            if eq:
                store(flag, _convert(flag, raw, command))
            elif flag.kind == "bool":
                store(flag, True)
            elif flag.no_value is not None:
                store(flag, flag.no_value)
            else:
                if i + 1 >= len(tokens):
                    raise _usage(f"flag needs an argument: --{name}", command)
                i += 1
                store(flag, _convert(flag, tokens[i], command))
        elif token.startswith("-") and len(token) > 1 and not _is_number(token):
            letters = token[1:]
            j = 0
            while j < len(letters):
                letter = letters[j]
                flag = by_short.get(letter)
                if flag is None:
                    raise _usage(f"unknown shorthand flag: '{letter}' in {token}", command)
                remainder = letters[j + 1 :]
                if flag.kind == "bool":
                    if remainder.startswith("="):
                        store(flag, _convert(flag, remainder[1:], command))
                        break
                    store(flag, True)
                    j += 1
                    continue
                if remainder:
                    store(flag, _convert(flag, remainder[1:] if remainder.startswith("=") else remainder, command))
                else:
                    if i + 1 >= len(tokens):
                        raise _usage(f"flag needs an argument: '{letter}' in {token}", command)
                    i += 1
                    store(flag, _convert(flag, tokens[i], command))
                break
        else:
            positional.append(token)
        i += 1
    return ParsedArgs(positional, values)


def _is_number(token: str) -> bool:
    try:
        float(token)
        return True
    except ValueError:
        return False
