"""Service cluster IPs from the service CIDR (default 10.96.0.0/12).

Like kube-apiserver's bitmap allocator: the network and broadcast addresses
are never used; the lowest ``min(max(16, size/16), 256)`` addresses form the
static band that ``kubernetes`` (.1) and ``kube-dns`` (.10) are taken from.
"""

from __future__ import annotations

import ipaddress
import random

from .banded import BandedAllocator, BandedRange
from .errors import NotInRange


class ClusterIPAllocator(BandedAllocator):
    def __init__(self, cidr: str, rng: random.Random):
        self.network = ipaddress.ip_network(cidr)
        size = self.network.num_addresses
        usable = max(size - 2, 0)
        static = 0 if size <= 16 else min(max(16, size // 16), 256)
        self._range = BandedRange(usable, static, rng)
        self._base = int(self.network.network_address) + 1

    def _offset(self, ip: str) -> int:
        address = ipaddress.ip_address(ip)
        offset = int(address) - self._base
        if address not in self.network or not 0 <= offset < self._range.size:
            raise NotInRange(f"provided IP {ip} is not in the valid range")
        return offset

    def has(self, ip: str) -> bool:
        try:
            return self._range.has(self._offset(ip))
        except NotInRange:
            return False

    def allocate(self, ip: str) -> str:
        offset = self._offset(ip)
        self._range.allocate(offset)
        return ip

    def allocate_next(self) -> str:
        return str(ipaddress.ip_address(self._base + self._range.allocate_next()))

    def release(self, ip: str) -> None:
        try:
            self._range.release(self._offset(ip))
        except NotInRange:
            pass

    def contains(self, ip: str) -> bool:
        try:
            return ipaddress.ip_address(ip) in self.network
        except ValueError:
            return False

    def allocated(self) -> list[str]:
        return [str(ipaddress.ip_address(self._base + o)) for o in sorted(self._range.used)]
