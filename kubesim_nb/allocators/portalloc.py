"""NodePorts from ``--service-node-port-range`` (default 30000-32767).

One range for all namespaces and protocols; the static band is
``min(max(16, size/32), 128)`` ports (30000-30085 by default), and none in a
range of 16 ports or fewer (portallocator's ``calculateRangeOffset``).
"""

from __future__ import annotations

import random

from .banded import BandedAllocator, BandedRange
from .errors import NotInRange


class NodePortAllocator(BandedAllocator):
    def __init__(self, low: int, high: int, rng: random.Random):
        self.low, self.high = low, high
        size = high - low + 1
        static = 0 if size <= 16 else min(max(16, size // 32), 128)  # a band wider than the range would leave it
        self._range = BandedRange(size, static, rng)

    @property
    def range_text(self) -> str:
        return f"{self.low}-{self.high}"

    def _offset(self, port: int) -> int:
        if not self.low <= port <= self.high:
            raise NotInRange(f"provided port is not in the valid range. The range of valid ports is {self.range_text}")
        return port - self.low

    def has(self, port: int) -> bool:
        return self.low <= port <= self.high and self._range.has(port - self.low)

    def allocate(self, port: int) -> int:
        self._range.allocate(self._offset(port))
        return port

    def allocate_next(self) -> int:
        return self.low + self._range.allocate_next()

    def release(self, port: int) -> None:
        if self.low <= port <= self.high:
            self._range.release(port - self.low)

    def allocated(self) -> list[int]:
        return [self.low + o for o in sorted(self._range.used)]
