"""Cell helpers every server-side printer shares.

This module owns apimachinery's ``duration.HumanDuration``
(``staging/src/k8s.io/apimachinery/pkg/util/duration/duration.go``) as :func:`human_duration`,
``translateTimestampSince`` (``pkg/printers/internalversion/printers.go``) as :func:`since`, and the
``first 3 + N more...`` shortening the printers apply to long lists of addresses, ports and hosts.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Iterable, Sequence

from ..clock import parse_time

__all__ = ["human_duration", "join_with_more", "parse_timestamp", "since", "summarize"]


def human_duration(seconds: float) -> str:
    """apimachinery ``duration.HumanDuration`` (all divisions truncate)."""
    secs = math.trunc(seconds)
    if secs < -1:
        return "<invalid>"
    if secs < 0:
        return "0s"
    if secs < 120:
        return f"{secs}s"
    minutes = secs // 60
    if minutes < 10:
        return _two_units(minutes, "m", secs % 60, "s")
    if minutes < 180:
        return f"{minutes}m"
    hours = secs // 3600
    if hours < 8:
        return _two_units(hours, "h", minutes % 60, "m")
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        return _two_units(hours // 24, "d", hours % 24, "h")
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        return _two_units(hours // 24 // 365, "y", (hours // 24) % 365, "d")
    return f"{hours // 24 // 365}y"


def _two_units(big: int, big_unit: str, small: int, small_unit: str) -> str:
    return f"{big}{big_unit}" if small == 0 else f"{big}{big_unit}{small}{small_unit}"


def parse_timestamp(text: str) -> datetime:
    """An RFC 3339 timestamp (second precision preferred, fractions accepted)."""
    try:
        return parse_time(text)
    except ValueError:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))


def since(timestamp: str | None, now: datetime) -> str:
    """``translateTimestampSince``: ``<unknown>`` for an unset timestamp."""
    if not timestamp:
        return "<unknown>"
    return human_duration((now - parse_timestamp(timestamp)).total_seconds())


def join_with_more(shown: Sequence[str], more: bool, count: int, limit: int = 3) -> str:
    """``a,b,c + N more...`` (N = count - limit) when ``more``, else ``a,b,c``."""
    text = ",".join(shown)
    return f"{text} + {count - limit} more..." if more else text


def summarize(items: Iterable[str], limit: int = 3) -> str:
    """The first ``limit`` items joined by ``,`` and `` + N more...`` for the rest."""
    items = list(items)
    return join_with_more(items[:limit], len(items) > limit, len(items), limit)
