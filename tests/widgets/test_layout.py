"""A Pod keeps its slot while it exists; newcomers take the first free slot."""

from __future__ import annotations

from kubesim_nb.viz.layout import StableLayout
from kubesim_nb.viz.snapshot import PodView


def pod(name: str, node: str | None = "n1") -> PodView:
    return PodView(name, "default", f"uid-{name}", (), "10.0.0.1", node, "1/1", "Running")


def test_slots_survive_other_pods_leaving_and_arriving() -> None:
    layout = StableLayout(columns=2)
    layout.set_nodes(["n1"])
    first = layout.place([pod("a"), pod("b"), pod("c")])
    assert [(first[n].column, first[n].row) for n in "abc"] == [(0, 0), (1, 0), (0, 1)]
    second = layout.place([pod("a"), pod("c"), pod("d")])  # b left, d arrived
    assert second["a"] == first["a"] and second["c"] == first["c"]
    assert second["d"] == first["b"]  # the replacement takes the freed slot


def test_rows_only_grow() -> None:
    layout = StableLayout(columns=2)
    layout.set_nodes(["n1"])
    layout.place([pod(x) for x in "abcde"])
    assert layout.rows == 3
    layout.place([pod("a")])
    assert layout.rows == 3


def test_nodes_get_their_own_columns() -> None:
    layout = StableLayout(columns=4)
    layout.set_nodes(["n1", "n2"])
    slots = layout.place([pod("a", "n1"), pod("b", "n2"), pod("c", "n2"), pod("d", "n2")])
    assert layout.per_node == 2
    assert slots["a"].column == 0
    assert [slots[n].column for n in "bcd"] == [2, 3, 2] and slots["d"].row == 1


def test_a_pod_bound_to_a_node_moves_out_of_the_unscheduled_block() -> None:
    layout = StableLayout(columns=2)
    layout.set_nodes(["n1"])
    before = layout.place([pod("a", None)])
    after = layout.place([pod("a", "n1")])
    assert before["a"].group == 1 and after["a"].group == 0
