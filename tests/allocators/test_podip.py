"""Pod IPs (allocators/podip.py), as the CNI host-local IPAM plugin hands them out
(containernetworking/plugins plugins/ipam/host-local/backend/allocator): in order from the last address given,
never the network address or the gateway (.1), and a freed address only once the range wraps around."""

from __future__ import annotations

import pytest

from kubesim_nb.allocators import PodIPAllocator, RangeFull


def test_addresses_are_sequential_from_dot_two() -> None:
    pod_ips = PodIPAllocator("10.1.0.0/24")
    assert [pod_ips.allocate_next() for _ in range(3)] == ["10.1.0.2", "10.1.0.3", "10.1.0.4"]


def test_a_released_address_is_not_reused_until_the_range_wraps() -> None:
    pod_ips = PodIPAllocator("10.1.0.0/29")  # usable: .2-.6 (.0 network, .1 gateway, .7 broadcast)
    first = pod_ips.allocate_next()
    pod_ips.release(first)
    assert [pod_ips.allocate_next() for _ in range(4)] == ["10.1.0.3", "10.1.0.4", "10.1.0.5", "10.1.0.6"]
    assert pod_ips.allocate_next() == first  # wrapped around: .2 is free again


def test_wrapping_skips_addresses_still_in_use() -> None:
    pod_ips = PodIPAllocator("10.1.0.0/29")
    given = [pod_ips.allocate_next() for _ in range(5)]
    pod_ips.release("10.1.0.4")
    assert pod_ips.allocate_next() == "10.1.0.4"
    assert given == ["10.1.0.2", "10.1.0.3", "10.1.0.4", "10.1.0.5", "10.1.0.6"]


def test_a_full_range_says_so() -> None:
    pod_ips = PodIPAllocator("10.1.0.0/29")
    for _ in range(5):
        pod_ips.allocate_next()
    with pytest.raises(RangeFull, match="range is full"):
        pod_ips.allocate_next()


def test_a_saved_allocator_continues_where_it_stopped() -> None:
    pod_ips = PodIPAllocator("10.1.0.0/24")
    assert pod_ips.to_state() == {"cidr": "10.1.0.0/24", "last": None}
    in_use = [pod_ips.allocate_next() for _ in range(3)]
    pod_ips.release(in_use[0])
    state = pod_ips.to_state()
    assert state == {"cidr": "10.1.0.0/24", "last": "10.1.0.4"}
    restored = PodIPAllocator(state["cidr"], state["last"], used=in_use[1:])
    assert restored.allocate_next() == pod_ips.allocate_next() == "10.1.0.5"
