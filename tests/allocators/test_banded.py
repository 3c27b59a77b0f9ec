"""What the cluster IP and NodePort allocators share (allocators/banded.py): requested values, release, a random
stream per seed, and dry runs — checked on both, the way kube-apiserver's ipallocator and portallocator behave."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Callable

import pytest

from kubesim_nb.allocators import AlreadyAllocated, ClusterIPAllocator, NodePortAllocator


@dataclass(frozen=True)
class Flavour:
    """One allocator kind on its default range, with a value inside the range to request by hand."""

    name: str
    build: Callable[[random.Random], Any]
    requested: Any

    def new(self, seed: int = 1) -> Any:
        return self.build(random.Random(seed))


FLAVOURS = [
    Flavour("cluster-ip", lambda rng: ClusterIPAllocator("10.96.0.0/12", rng), "10.96.0.10"),
    Flavour("node-port", lambda rng: NodePortAllocator(30000, 32767, rng), 30007),
]


@pytest.fixture(params=FLAVOURS, ids=lambda flavour: flavour.name)
def flavour(request) -> Flavour:
    return request.param


def test_a_requested_value_is_taken_once(flavour: Flavour) -> None:
    allocator = flavour.new()
    assert not allocator.has(flavour.requested)
    assert allocator.allocate(flavour.requested) == flavour.requested
    assert allocator.has(flavour.requested)
    with pytest.raises(AlreadyAllocated):
        allocator.allocate(flavour.requested)
    assert allocator.allocated() == [flavour.requested]


def test_a_released_value_can_be_allocated_again(flavour: Flavour) -> None:
    allocator = flavour.new()
    value = allocator.allocate_next()
    allocator.release(value)
    assert not allocator.has(value) and allocator.allocated() == []
    assert allocator.allocate(value) == value
    allocator.release(value)
    allocator.release(value)  # releasing a free value is no error
    assert allocator.allocated() == []


def test_allocate_next_never_hands_out_a_value_twice(flavour: Flavour) -> None:
    allocator = flavour.new()
    allocator.allocate(flavour.requested)
    drawn = [allocator.allocate_next() for _ in range(500)]
    assert len(set(drawn)) == 500 and flavour.requested not in drawn
    assert sorted(allocator.allocated()) == sorted([*drawn, flavour.requested])


def test_the_same_seed_gives_the_same_values_and_another_seed_others(flavour: Flavour) -> None:
    first, second, other = flavour.new(seed=7), flavour.new(seed=7), flavour.new(seed=8)
    drawn = [first.allocate_next() for _ in range(20)]
    assert [second.allocate_next() for _ in range(20)] == drawn
    assert [other.allocate_next() for _ in range(20)] != drawn


def test_a_dry_run_answers_like_the_allocator_and_leaves_it_untouched(flavour: Flavour) -> None:
    allocator = flavour.new()
    kept = allocator.allocate_next()
    stream = allocator.rng.getstate()
    twin = allocator.dry_run()
    assert twin.has(kept)
    predicted = twin.allocate_next()
    twin.allocate(flavour.requested)
    twin.release(kept)
    assert allocator.allocated() == [kept] and allocator.rng.getstate() == stream
    assert allocator.allocate_next() == predicted  # the twin drew what the allocator draws next
