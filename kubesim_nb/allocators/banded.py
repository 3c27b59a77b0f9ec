"""A random allocator over a range of integers split into a static and a dynamic band.

Both the cluster IP and NodePort allocators choose a random free value from the
upper (dynamic) band first and use the lower (static) band only when the upper
one is full, so values users request by hand rarely collide with allocated ones.
"""

from __future__ import annotations

import copy
import random

from .errors import AlreadyAllocated, RangeFull


class BandedRange:
    def __init__(self, size: int, static_size: int, rng: random.Random):
        self.size = size
        self.static_size = static_size
        self.rng = rng
        self.used: set[int] = set()

    def copy(self, rng: random.Random) -> "BandedRange":
        """An independent copy with the same values in use, drawing from ``rng``."""
        twin = BandedRange(self.size, self.static_size, rng)
        twin.used = set(self.used)
        return twin

    def has(self, offset: int) -> bool:
        return offset in self.used

    def allocate(self, offset: int) -> None:
        if offset in self.used:
            raise AlreadyAllocated()
        self.used.add(offset)

    def release(self, offset: int) -> None:
        self.used.discard(offset)

    def allocate_next(self) -> int:
        for low, high in ((self.static_size, self.size), (0, self.static_size)):
            offset = self._random_free(low, high)
            if offset is not None:
                self.used.add(offset)
                return offset
        raise RangeFull()

    def _random_free(self, low: int, high: int) -> int | None:
        span = high - low
        if span <= 0:
            return None
        # Random probing, then a scan from a random start when the band is crowded.
        for _ in range(32):
            candidate = low + self.rng.randrange(span)
            if candidate not in self.used:
                return candidate
        start = self.rng.randrange(span)
        for i in range(span):
            candidate = low + (start + i) % span
            if candidate not in self.used:
                return candidate
        return None


class BandedAllocator:
    """What the cluster IP and NodePort allocators share: their range, its random stream, and dry runs."""

    _range: BandedRange

    @property
    def rng(self) -> random.Random:
        """The random stream free values are drawn from (the API server keeps it unchanged by a failed request)."""
        return self._range.rng

    def dry_run(self, rng: random.Random | None = None):
        """An allocator that answers as this one would but changes nothing here (ipallocator's ``DryRun``).

        It draws from ``rng``, by default a copy of this allocator's random stream in its present state;
        allocators that share one stream should be given one shared copy, so a dry run draws what the
        real request would.
        """
        twin = copy.copy(self)
        twin._range = self._range.copy(rng or copy_of_stream(self.rng))
        return twin


def copy_of_stream(rng: random.Random) -> random.Random:
    """A random stream in the same state as ``rng`` that moves on without it."""
    twin = random.Random()
    twin.setstate(rng.getstate())
    return twin
