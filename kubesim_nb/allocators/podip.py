"""Pod IPs from a node's pod CIDR, the way CNI ``host-local`` IPAM hands them out.

Sequential upward from the last allocated address, skipping the network
address and the gateway (``.1``), not reusing a freed address until the range
wraps — so a replaced Pod visibly gets a *new* IP.
"""

from __future__ import annotations

import ipaddress

from .errors import RangeFull


class PodIPAllocator:
    def __init__(self, cidr: str, last: str | None = None, used: list[str] | None = None):
        self.network = ipaddress.ip_network(cidr)
        self._first = int(self.network.network_address) + 2  # .0 network, .1 gateway
        self._last_usable = int(self.network.broadcast_address) - 1
        self.last = int(ipaddress.ip_address(last)) if last else self._first - 1
        self.used: set[int] = {int(ipaddress.ip_address(ip)) for ip in used or ()}

    def allocate_next(self) -> str:
        span = self._last_usable - self._first + 1
        candidate = self.last
        for _ in range(span):
            candidate = candidate + 1 if candidate < self._last_usable else self._first
            if candidate not in self.used:
                self.used.add(candidate)
                self.last = candidate
                return str(ipaddress.ip_address(candidate))
        raise RangeFull()

    def release(self, ip: str) -> None:
        self.used.discard(int(ipaddress.ip_address(ip)))

    def to_state(self) -> dict:
        return {
            "cidr": str(self.network),
            "last": str(ipaddress.ip_address(self.last)) if self.last >= self._first else None,
        }
