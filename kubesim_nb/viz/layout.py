"""Stable places for Pods: a Pod keeps its slot while it exists.

A force-directed layout (``spring_layout``) moves every node when anything
changes; a learner watching "which Pods does the Service select?" needs the
Pods to stay put. :class:`StableLayout` gives each Node a block of grid
columns and each Pod the first free slot of its Node's block when it is first
seen. Slots are only freed when a Pod disappears, so editing a selector, or
another Pod coming or going, never moves a Pod; a replacement Pod takes the
first free slot (often the one its predecessor left). Rows only grow, so the
picture does not jump when a Pod leaves.

Pure Python: it hands out ``Slot`` s, the diagram turns them into pixels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from .snapshot import PodView

__all__ = ["Slot", "StableLayout"]

UNSCHEDULED = "<unscheduled>"


@dataclass(frozen=True)
class Slot:
    group: int  # index of the Node's block of columns
    column: int  # global column
    row: int


@dataclass
class _Group:
    node: str
    index: int
    taken: dict[int, str] = field(default_factory=dict)  # slot number -> pod uid

    def first_free(self) -> int:
        number = 0
        while number in self.taken:
            number += 1
        return number


class StableLayout:
    """Assigns grid slots to Pods, remembering them between snapshots."""

    def __init__(self, columns: int = 4, min_rows: int = 1):
        self.columns = columns  # total columns, shared out between Nodes when the layout first sees them
        self.per_node = columns
        self.rows = min_rows
        self._groups: dict[str, _Group] = {}
        self._where: dict[str, tuple[str, int]] = {}  # pod uid -> (node, slot number)

    def _group(self, node: str) -> _Group:
        if node not in self._groups:
            self._groups[node] = _Group(node, len(self._groups))
        return self._groups[node]

    def set_nodes(self, nodes: Iterable[str]) -> None:
        """Declare the Nodes (in display order) before the first placement: they share the columns."""
        names = [n for n in nodes if n not in self._groups]
        if not self._groups and names:
            self.per_node = max(1, self.columns // len(names))
        for name in names:
            self._group(name)

    @property
    def groups(self) -> list[str]:
        return [g.node for g in sorted(self._groups.values(), key=lambda g: g.index)]

    @property
    def total_columns(self) -> int:
        return max(1, len(self._groups)) * self.per_node

    def place(self, pods: Iterable[PodView]) -> dict[str, Slot]:
        """Slots for ``pods`` (by Pod name); Pods not seen before get the first free slot of their Node."""
        pods = list(pods)
        present = {p.uid for p in pods}
        for uid in [u for u in self._where if u not in present]:
            node, number = self._where.pop(uid)
            self._groups[node].taken.pop(number, None)
        for pod in sorted(pods, key=lambda p: p.name):
            node = pod.node or UNSCHEDULED
            if pod.uid in self._where and self._where[pod.uid][0] != node:  # bound to a Node since last seen
                old, number = self._where.pop(pod.uid)
                self._groups[old].taken.pop(number, None)
            if pod.uid not in self._where:
                group = self._group(node)
                number = group.first_free()
                group.taken[number] = pod.uid
                self._where[pod.uid] = (node, number)
        slots = {}
        for pod in pods:
            node, number = self._where[pod.uid]
            group = self._groups[node]
            row, col = divmod(number, self.per_node)
            slots[pod.name] = Slot(group.index, group.index * self.per_node + col, row)
        self.rows = max([self.rows] + [s.row + 1 for s in slots.values()])
        return slots
