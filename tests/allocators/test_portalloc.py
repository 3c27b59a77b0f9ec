"""NodePorts (allocators/portalloc.py), as kube-apiserver's port allocator
(pkg/registry/core/service/portallocator/allocator.go): one range, 30000-32767 by default, whose lowest 86 ports
(30000-30085) are the static band random allocation uses only when the rest is taken."""

from __future__ import annotations

import random

import pytest

from kubesim_nb.allocators import NodePortAllocator, NotInRange, RangeFull

RANGE_ERROR = "provided port is not in the valid range. The range of valid ports is 30000-32767"


def allocator(low: int = 30000, high: int = 32767, seed: int = 1) -> NodePortAllocator:
    return NodePortAllocator(low, high, random.Random(seed))


def test_the_range_reads_as_the_flag_value() -> None:
    assert allocator().range_text == "30000-32767"


def test_random_ports_fill_the_dynamic_band_then_the_static_band() -> None:
    ports = allocator()
    dynamic = [ports.allocate_next() for _ in range(32767 - 30086 + 1)]
    assert sorted(dynamic) == list(range(30086, 32768))
    static = [ports.allocate_next() for _ in range(86)]
    assert sorted(static) == list(range(30000, 30086))
    with pytest.raises(RangeFull, match="range is full"):
        ports.allocate_next()


def test_a_port_in_the_static_band_can_be_requested() -> None:
    ports = allocator()
    assert ports.allocate(30000) == 30000 and ports.allocate(30085) == 30085
    assert ports.has(30000) and ports.allocated() == [30000, 30085]


@pytest.mark.parametrize("port", [29999, 32768, 80, 0])
def test_a_port_outside_the_range_is_refused_with_the_range_in_the_message(port: int) -> None:
    ports = allocator()
    with pytest.raises(NotInRange) as refused:
        ports.allocate(port)
    assert str(refused.value) == RANGE_ERROR
    assert not ports.has(port) and ports.allocated() == []


@pytest.mark.parametrize("high", [31002, 31016, 31019])  # 3 ports: no static band; 17 and 20: a band of 16
def test_a_small_range_hands_out_each_of_its_ports_then_runs_full(high: int) -> None:
    ports = allocator(31000, high)
    assert sorted(ports.allocate_next() for _ in range(high - 31000 + 1)) == list(range(31000, high + 1))
    with pytest.raises(RangeFull):
        ports.allocate_next()
    ports.release(31001)
    assert ports.allocate_next() == 31001
