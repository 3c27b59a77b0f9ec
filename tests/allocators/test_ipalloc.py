"""Service cluster IPs (allocators/ipalloc.py), as kube-apiserver's bitmap allocator
(pkg/registry/core/service/ipallocator/bitmap.go): the static band holds the addresses chosen by hand,
random allocation fills the dynamic band first, and the network and broadcast addresses are never used."""

from __future__ import annotations

import ipaddress
import random

import pytest

from kubesim_nb.allocators import ClusterIPAllocator, NotInRange, RangeFull

SERVICE_CIDR = "10.96.0.0/12"
STATIC_BAND_END = ipaddress.ip_address("10.96.1.0")  # the lowest 256 usable addresses: min(max(16, size/16), 256)


def allocator(cidr: str = SERVICE_CIDR, seed: int = 1) -> ClusterIPAllocator:
    return ClusterIPAllocator(cidr, random.Random(seed))


def test_random_addresses_come_from_the_dynamic_band() -> None:
    ips = allocator()
    drawn = [ipaddress.ip_address(ips.allocate_next()) for _ in range(300)]
    assert all(ip > STATIC_BAND_END and ip in ipaddress.ip_network(SERVICE_CIDR) for ip in drawn)


def test_kubernetes_and_kube_dns_addresses_are_in_the_static_band() -> None:
    ips = allocator()
    assert ips.allocate("10.96.0.1") == "10.96.0.1" and ips.allocate("10.96.0.10") == "10.96.0.10"
    assert ips.allocated() == ["10.96.0.1", "10.96.0.10"]


def test_the_static_band_is_used_only_once_the_dynamic_band_is_full() -> None:
    ips = allocator("10.0.0.0/24")  # 254 usable addresses: .1-.16 static, .17-.254 dynamic
    dynamic = [ips.allocate_next() for _ in range(254 - 16)]
    assert sorted(int(ip.split(".")[3]) for ip in dynamic) == list(range(17, 255))
    static = [ips.allocate_next() for _ in range(16)]
    assert sorted(int(ip.split(".")[3]) for ip in static) == list(range(1, 17))
    with pytest.raises(RangeFull, match="range is full"):
        ips.allocate_next()


def test_a_tiny_range_never_hands_out_its_network_or_broadcast_address() -> None:
    ips = allocator("10.0.0.0/29")
    assert sorted(ips.allocate_next() for _ in range(6)) == [f"10.0.0.{i}" for i in range(1, 7)]
    with pytest.raises(RangeFull):
        ips.allocate_next()


@pytest.mark.parametrize("ip", ["10.96.0.0", "10.111.255.255", "10.112.0.1", "192.168.1.1"])
def test_an_address_outside_the_usable_range_is_refused(ip: str) -> None:
    ips = allocator()
    with pytest.raises(NotInRange, match=f"provided IP {ip} is not in the valid range"):
        ips.allocate(ip)
    assert not ips.has(ip) and ips.allocated() == []
    ips.release(ip)  # nothing to release, and no error


def test_contains_is_membership_of_the_cidr_and_tolerates_garbage() -> None:
    ips = allocator()
    assert ips.contains("10.100.1.2") and ips.contains("10.96.0.0")
    assert not ips.contains("10.112.0.0") and not ips.contains("not-an-ip")
