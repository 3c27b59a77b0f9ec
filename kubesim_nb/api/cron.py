"""The cron schedules a CronJob accepts, as ``github.com/robfig/cron/v3`` ``ParseStandard`` reads them.

Five fields (minute, hour, day of month, month, day of week) of comma-separated
ranges (``*``, ``?``, ``N``, ``N-M``, each with an optional ``/step``; month and
weekday names), or a descriptor (``@hourly``, ``@every 5m``). :func:`schedule_error`
returns the parser's error text, which the API server puts in the Invalid cause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["schedule_error"]


@dataclass(frozen=True)
class _Bounds:
    low: int
    high: int
    names: tuple[str, ...] = ()  # names of the values from ``low`` on

    def named(self, text: str) -> int | None:
        lowered = text.lower()
        return self.names.index(lowered) + self.low if lowered in self.names else None


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_FIELDS = (_Bounds(0, 59), _Bounds(0, 23), _Bounds(1, 31), _Bounds(1, 12, _MONTHS), _Bounds(0, 6, _WEEKDAYS))
_DESCRIPTORS = ("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly")
_GO_INT = re.compile(r"[+-]?[0-9]+")
_GO_DURATION = re.compile(r"[+-]?(([0-9]*\.)?[0-9]+(ns|us|µs|ms|s|m|h))+|[+-]?0")


class _CronError(Exception):
    pass


def _int(text: str) -> int:
    """``mustParseInt``: Go's ``strconv.Atoi``, not negative."""
    if not _GO_INT.fullmatch(text):
        raise _CronError(f'failed to parse int from {text}: strconv.Atoi: parsing "{text}": invalid syntax')
    number = int(text)
    if number < 0:
        raise _CronError(f"negative number ({number}) not allowed: {text}")
    return number


def _int_or_name(text: str, bounds: _Bounds) -> int:
    named = bounds.named(text)
    return _int(text) if named is None else named


def _check_range(expr: str, bounds: _Bounds) -> None:
    """``getRange``: one ``start[-end][/step]`` expression of a field."""
    range_and_step = expr.split("/")
    low_and_high = range_and_step[0].split("-")
    if low_and_high[0] in ("*", "?"):
        start, end = bounds.low, bounds.high
    else:
        start = _int_or_name(low_and_high[0], bounds)
        if len(low_and_high) > 2:
            raise _CronError(f"too many hyphens: {expr}")
        end = _int_or_name(low_and_high[1], bounds) if len(low_and_high) == 2 else start
    step = 1
    if len(range_and_step) == 2:
        step = _int(range_and_step[1])
        if len(low_and_high) == 1:  # "N/step" means "N-max/step"
            end = bounds.high
    elif len(range_and_step) > 2:
        raise _CronError(f"too many slashes: {expr}")
    if start < bounds.low:
        raise _CronError(f"beginning of range ({start}) below minimum ({bounds.low}): {expr}")
    if end > bounds.high:
        raise _CronError(f"end of range ({end}) above maximum ({bounds.high}): {expr}")
    if start > end:
        raise _CronError(f"beginning of range ({start}) beyond end of range ({end}): {expr}")
    if step == 0:
        raise _CronError(f"step of range should be a positive number: {expr}")


def _check_descriptor(spec: str) -> None:
    if spec in _DESCRIPTORS:
        return
    if spec.startswith("@every "):
        if not _GO_DURATION.fullmatch(spec[len("@every ") :]):
            raise _CronError(f'failed to parse duration {spec}: time: invalid duration "{spec[len("@every ") :]}"')
        return
    raise _CronError(f"unrecognized descriptor: {spec}")


def schedule_error(spec: str) -> str | None:
    """Why ``spec`` is not a standard cron schedule, in robfig/cron's words; None when it is one."""
    try:
        if not spec:
            raise _CronError("empty spec string")
        if spec.startswith(("TZ=", "CRON_TZ=")):  # the location itself is the API server's concern
            spec = spec[spec.find(" ") :].strip() if " " in spec else ""
        if spec.startswith("@"):
            _check_descriptor(spec)
            return None
        fields = spec.split()
        if len(fields) != len(_FIELDS):
            raise _CronError(f"expected exactly {len(_FIELDS)} fields, found {len(fields)}: [{' '.join(fields)}]")
        for text, bounds in zip(fields, _FIELDS):
            for expr in filter(None, text.split(",")):
                _check_range(expr, bounds)
    except _CronError as err:
        return str(err)
    return None
