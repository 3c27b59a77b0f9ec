"""The traffic-path diagram: how a request reaches a Service's Pods, for its type.

:func:`traffic_figure` draws :func:`~kubesim_nb.viz.graph.traffic_graph`
left to right, one titled column per layer: clients, the load balancer, each node's nodePort (and a Pod in
the cluster, which goes straight to the ClusterIP), the ClusterIP, the
endpoint Pods. Every box carries the Service's real address and port; a Pod
that is selected but not Ready gets a dashed box, a ▲ and a dashed grey arrow
(no traffic); a pending load balancer a dashed box. :func:`traffic_path` gives
the same as PNG bytes.
"""

from __future__ import annotations

import networkx as nx
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from .graph import traffic_graph
from .service_map import MONO, encode_png
from .snapshot import Membership, Snapshot
from .style import INK, MUTED, PALETTE, SERVICE_FILL, STATE_STYLE

__all__ = ["traffic_figure", "traffic_path"]

BOX_H = 0.62  # inches
BOX_W = {0: 1.75, 1: 1.75, 2: 2.05, 3: 2.05, 4: 2.75}
GAP = 0.95  # between columns, room for the arrows' labels
ROW_H = 0.85
TOP = 0.8
LAYER_TITLE = {
    0: "outside the cluster",
    1: "load balancer",
    2: "nodes (nodePort); a Pod",
    3: "Service (ClusterIP)",
    4: "endpoints (Pod IP:targetPort)",
}
LAYER_FILL = {0: "#FFFFFF", 1: "#FFF5E0", 2: "#F2F2F2", 3: SERVICE_FILL, 4: "#FFFFFF"}


def _columns(graph: nx.DiGraph) -> dict[int, float]:
    """Left edge (inches) of each layer's column."""
    lefts, x = {}, 0.3
    for layer in sorted({d["layer"] for _, d in graph.nodes(data=True)}):
        lefts[layer] = x
        x += BOX_W[layer] + GAP
    return lefts


def _positions(graph: nx.DiGraph) -> dict:
    """Box centres in inches: one column per layer, boxes in the graph's order, columns centred vertically."""
    lefts = _columns(graph)
    by_layer: dict[int, list] = {}
    for node, data in graph.nodes(data=True):
        by_layer.setdefault(data["layer"], []).append(node)
    tallest = max(len(nodes) for nodes in by_layer.values())
    pos = {}
    for layer, nodes in by_layer.items():
        offset = (tallest - len(nodes)) * ROW_H / 2
        for row, node in enumerate(nodes):
            pos[node] = (lefts[layer] + BOX_W[layer] / 2, TOP + offset + row * ROW_H + BOX_H / 2)
    return pos


def _box_style(data: dict) -> dict:
    if data.get("state") is Membership.NOT_READY or data.get("pending"):
        return dict(edgecolor=STATE_STYLE[Membership.NOT_READY].color, linestyle="--")
    if data.get("state") is Membership.READY:
        return dict(edgecolor=STATE_STYLE[Membership.READY].color, linestyle="-")
    return dict(edgecolor="#9A9A9A", linestyle="-")


def traffic_figure(snapshot: Snapshot, service: str, max_pods: int = 6) -> Figure:
    graph = traffic_graph(snapshot, service, max_pods)
    pos = _positions(graph)
    lefts = _columns(graph)
    last = max(lefts)
    width = lefts[last] + BOX_W[last] + 0.3
    height = max(y for _, y in pos.values()) + BOX_H / 2 + 0.3
    fig = Figure(figsize=(width, height), dpi=90, facecolor="white")
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.set_axis_off()
    svc = snapshot.service(service)
    ax.text(
        0.3,
        0.22,
        f"How a request reaches Service {svc.name} ({svc.type})",
        fontsize=12,
        fontweight="bold",
        color=INK,
        va="center",
    )
    for layer, left in lefts.items():
        title = LAYER_TITLE[layer] if layer != 2 or len(lefts) > 3 else "inside the cluster"
        ax.text(left, 0.55, title, fontsize=8, color=MUTED, va="center")
    for u, v, data in graph.edges(data=True):
        _arrow(ax, pos[u], pos[v], graph.nodes[u]["layer"], graph.nodes[v]["layer"], data)
    for node, data in graph.nodes(data=True):
        _box(ax, pos[node], data)
    return fig


def _box(ax, center: tuple[float, float], data: dict) -> None:
    x, y = center
    w = BOX_W[data["layer"]]
    ax.add_patch(
        FancyBboxPatch(
            (x - w / 2, y - BOX_H / 2),
            w,
            BOX_H,
            boxstyle="round,pad=0,rounding_size=0.06",
            facecolor=LAYER_FILL[data["layer"]],
            linewidth=1.6,
            zorder=2,
            **_box_style(data),
        )
    )
    title = data["title"]
    if data.get("state") in STATE_STYLE:
        title = f"{STATE_STYLE[data['state']].symbol} {title}"
    ax.text(x - w / 2 + 0.08, y - 0.12, title, fontsize=8, fontweight="bold", color=INK, va="center", zorder=3)
    ax.text(x - w / 2 + 0.08, y + 0.13, data["detail"], fontsize=8, color=INK, va="center", family=MONO, zorder=3)


def _arrow(ax, start, end, start_layer: int, end_layer: int, data: dict) -> None:
    dead = data.get("state") in (Membership.NOT_READY, Membership.NOT_MATCHED)
    color = MUTED if dead else PALETTE["blue"]
    a, b = (start[0] + BOX_W[start_layer] / 2, start[1]), (end[0] - BOX_W[end_layer] / 2, end[1])
    ax.add_patch(
        FancyArrowPatch(
            a,
            b,
            arrowstyle="-|>",
            mutation_scale=12,
            color=color,
            linewidth=1.3,
            linestyle="--" if dead else "-",
            zorder=1,
            shrinkA=2,
            shrinkB=2,
        )
    )
    if data.get("label"):
        ax.text(
            (a[0] + b[0]) / 2,
            (a[1] + b[1]) / 2 - 0.05,
            data["label"],
            fontsize=6.5,
            color=MUTED,
            ha="center",
            va="bottom",
            zorder=3,
            bbox=dict(facecolor="white", edgecolor="none", pad=0.5, alpha=0.85),
        )


def traffic_path(snapshot: Snapshot, service: str, max_pods: int = 6) -> bytes:
    """The traffic-path diagram of ``service`` as PNG bytes."""
    fig = traffic_figure(snapshot, service, max_pods)
    fig.canvas.draw()
    return encode_png(fig.canvas)
