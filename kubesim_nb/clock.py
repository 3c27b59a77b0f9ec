"""The simulated clock: all ages, phases and delays are read from it.

Time only moves when told to (``advance``) — the Cluster moves it a little
before each kubectl command (its *think time*) so the lesson's steps show what
a learner would see, and controllers ask to be woken at a future instant with
:meth:`SimClock.wake_at`. Wake-ups are plain data (time, sequence, key) so the
clock survives a save/load.
"""

from __future__ import annotations

import functools
import heapq
import re
from datetime import datetime, timezone

__all__ = ["SimClock", "format_micro_time", "format_time", "imf_fixdate", "parse_duration", "parse_time"]

# when the lesson starts (a Monday morning), on a cluster set up a few days earlier: after the release of the
# Kubernetes it runs (profiles.BUILD_DATE) and after every image in the catalogue was built, so that no timestamp
# the learner sees (an HTTP Date beside nginx's Last-Modified, an object's age) is earlier than what it depends on
EPOCH = datetime(2026, 10, 5, 9, 0, 0, tzinfo=timezone.utc)
_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h|d)")


def parse_duration(value: str | float | int) -> float:
    """``30s``, ``2m``, ``1h30m``, ``1.5`` (seconds) -> seconds."""
    if isinstance(value, (int, float)):
        if value < 0:
            raise ValueError("a duration cannot be negative")
        return float(value)
    text = value.strip()
    try:
        return parse_duration(float(text))
    except ValueError:
        pass
    parts = _DURATION.findall(text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise ValueError(f'invalid duration "{value}": use a number of seconds or e.g. 30s, 2m, 1h30m')
    scale = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}
    return sum(float(n) * scale[u] for n, u in parts)


@functools.lru_cache(maxsize=65536)
def format_time(moment: datetime) -> str:
    """RFC 3339, UTC, second precision: ``2026-10-05T09:00:00Z``."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def imf_fixdate(seconds: float) -> str:
    """HTTP's date format (RFC 9110 IMF-fixdate) for epoch ``seconds``: ``Mon, 05 Oct 2026 09:00:00 GMT``."""
    return datetime.fromtimestamp(seconds, tz=timezone.utc).strftime("%a, %d %b %Y %H:%M:%S GMT")


@functools.lru_cache(maxsize=65536)
def format_micro_time(moment: datetime) -> str:
    """A ``metav1.MicroTime`` (an Event's ``eventTime``): RFC 3339 to the microsecond."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@functools.lru_cache(maxsize=65536)
def parse_time(text: str) -> datetime:
    """An RFC 3339 time, to the second (``metav1.Time``) or finer (``metav1.MicroTime``)."""
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))


class SimClock:
    def __init__(self, start: datetime = EPOCH):
        self._now = start
        self._seq = 0
        self._wakeups: list[tuple[float, int, str]] = []  # (epoch seconds, seq, key)

    def now(self) -> datetime:
        return self._now

    def timestamp(self) -> str:
        return format_time(self._now)

    def seconds(self) -> float:
        return self._now.timestamp()

    def wake_at(self, when: float, key: str) -> None:
        """Ask for ``key`` to be handed back once the clock reaches ``when`` (epoch seconds)."""
        self._seq += 1
        heapq.heappush(self._wakeups, (when, self._seq, key))

    def wake_after(self, delay: float, key: str) -> None:
        self.wake_at(self.seconds() + delay, key)

    def next_wakeup(self) -> float | None:
        return self._wakeups[0][0] if self._wakeups else None

    def pop_due(self, until: float) -> tuple[float, str] | None:
        """The next wake-up at or before ``until`` (moving the clock to it), or ``None``."""
        if self._wakeups and self._wakeups[0][0] <= until:
            when, _, key = heapq.heappop(self._wakeups)
            if when > self.seconds():
                self._now = datetime.fromtimestamp(when, tz=timezone.utc)
            return when, key
        return None

    def set_seconds(self, when: float) -> None:
        if when > self.seconds():
            self._now = datetime.fromtimestamp(when, tz=timezone.utc)

    # -- persistence ---------------------------------------------------------
    def to_state(self) -> dict:
        return {"now": self.seconds(), "seq": self._seq, "wakeups": [list(w) for w in sorted(self._wakeups)]}

    @classmethod
    def from_state(cls, state: dict) -> "SimClock":
        clock = cls(datetime.fromtimestamp(state["now"], tz=timezone.utc))
        clock._seq = state["seq"]
        clock._wakeups = [(float(w), int(s), str(k)) for w, s, k in state["wakeups"]]
        heapq.heapify(clock._wakeups)
        return clock
