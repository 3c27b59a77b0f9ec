"""The traffic-path diagram: how a request reaches a Service's Pods, for its type.

:func:`traffic_figure` draws :func:`~kubesim_nb.viz.graph.traffic_graph`
left to right, one titled column per layer: clients, the load balancer, each node's nodePort (and a Pod in
the cluster, which goes straight to the ClusterIP), the ClusterIP, the
endpoint Pods. Every box carries the Service's real address and port; a Pod
that is selected but not Ready gets a dashed box, a ▲ and a dashed grey arrow
(no traffic); a pending load balancer a dashed box. :func:`traffic_path` gives
the same as PNG bytes.

Columns and the gaps between them are as wide as their text (measured, not
guessed), so a long Pod name is never clipped; the fonts are large enough to
read when the picture is scaled down to a notebook's width.
"""

from __future__ import annotations

from functools import lru_cache

import networkx as nx
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from .graph import traffic_graph
from .service_map import MONO, encode_png
from .snapshot import Membership, Snapshot
from .style import INK, MUTED, PALETTE, SERVICE_FILL, STATE_STYLE

__all__ = ["traffic_figure", "traffic_path"]

DPI = 90
BOX_H = 0.66  # inches
MIN_BOX_W = 1.5
BOX_PAD = 0.1  # text inset, each side
MIN_GAP = 0.7  # between columns; wider when an arrow's label needs it
ROW_H = 0.9
TOP = 0.85
TITLE_PT, DETAIL_PT, EDGE_PT, LAYER_PT = 9.5, 9, 8.5, 9
LAYER_TITLE = {
    0: "outside the cluster",
    1: "load balancer",
    2: "nodes (nodePort); a Pod",
    3: "Service (ClusterIP)",
    4: "endpoints (Pod IP:targetPort)",
}
LAYER_FILL = {0: "#FFFFFF", 1: "#FFF5E0", 2: "#F2F2F2", 3: SERVICE_FILL, 4: "#FFFFFF"}


@lru_cache(maxsize=1024)
def _text_width(text: str, size: float, bold: bool = False, mono: bool = False) -> float:
    """Inches ``text`` takes at ``size`` points."""
    font = FontProperties(size=size, weight="bold" if bold else "normal", family=MONO if mono else None)
    width, _, _ = RendererAgg(10, 10, DPI).get_text_width_height_descent(text, font, ismath=False)
    return width / DPI


def _title(data: dict) -> str:
    state = data.get("state")
    return f"{STATE_STYLE[state].symbol} {data['title']}" if state in STATE_STYLE else data["title"]


def _box_widths(graph: nx.DiGraph) -> dict[int, float]:
    """Each layer's box width: its widest title or detail, padded."""
    widths: dict[int, float] = {}
    for _, data in graph.nodes(data=True):
        text = max(_text_width(_title(data), TITLE_PT, bold=True), _text_width(data["detail"], DETAIL_PT, mono=True))
        widths[data["layer"]] = max(widths.get(data["layer"], MIN_BOX_W), text + 2 * BOX_PAD)
    return widths


def _columns(graph: nx.DiGraph, widths: dict[int, float]) -> dict[int, float]:
    """Left edge (inches) of each layer's column; a gap is as wide as the widest arrow label crossing it."""
    labels: dict[int, float] = {}
    for u, _, data in graph.edges(data=True):
        layer = graph.nodes[u]["layer"]
        labels[layer] = max(labels.get(layer, 0.0), _text_width(data.get("label", ""), EDGE_PT))
    lefts, x = {}, 0.3
    for layer in sorted(widths):
        lefts[layer] = x
        x += widths[layer] + max(MIN_GAP, labels.get(layer, 0.0) + 0.3)
    return lefts


def _positions(graph: nx.DiGraph, widths: dict[int, float], lefts: dict[int, float]) -> dict:
    """Box centres in inches: one column per layer, boxes in the graph's order, columns centred vertically."""
    by_layer: dict[int, list] = {}
    for node, data in graph.nodes(data=True):
        by_layer.setdefault(data["layer"], []).append(node)
    tallest = max(len(nodes) for nodes in by_layer.values())
    pos = {}
    for layer, nodes in by_layer.items():
        offset = (tallest - len(nodes)) * ROW_H / 2
        for row, node in enumerate(nodes):
            pos[node] = (lefts[layer] + widths[layer] / 2, TOP + offset + row * ROW_H + BOX_H / 2)
    return pos


def _box_style(data: dict) -> dict:
    if data.get("state") is Membership.NOT_READY or data.get("pending"):
        return dict(edgecolor=STATE_STYLE[Membership.NOT_READY].color, linestyle="--")
    if data.get("state") is Membership.READY:
        return dict(edgecolor=STATE_STYLE[Membership.READY].color, linestyle="-")
    return dict(edgecolor="#9A9A9A", linestyle="-")


def traffic_figure(snapshot: Snapshot, service: str, max_pods: int = 6) -> Figure:
    graph = traffic_graph(snapshot, service, max_pods)
    widths = _box_widths(graph)
    lefts = _columns(graph, widths)
    pos = _positions(graph, widths, lefts)
    last = max(lefts)
    width = lefts[last] + widths[last] + 0.3
    height = max(y for _, y in pos.values()) + BOX_H / 2 + 0.3
    fig = Figure(figsize=(width, height), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.set_axis_off()
    svc = snapshot.service(service)
    ax.text(
        0.3,
        0.24,
        f"How a request reaches Service {svc.name} ({svc.type})",
        fontsize=13,
        fontweight="bold",
        color=INK,
        va="center",
    )
    for layer, left in lefts.items():
        title = LAYER_TITLE[layer] if layer != 2 or len(lefts) > 3 else "inside the cluster"
        ax.text(left, 0.6, title, fontsize=LAYER_PT, color=MUTED, va="center")
    for u, v, data in graph.edges(data=True):
        start, end = graph.nodes[u]["layer"], graph.nodes[v]["layer"]
        _arrow(ax, pos[u], pos[v], widths[start], widths[end], data)
    for node, data in graph.nodes(data=True):
        _box(ax, pos[node], widths[data["layer"]], data)
    return fig


def _box(ax, center: tuple[float, float], w: float, data: dict) -> None:
    x, y = center
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
    left = x - w / 2 + BOX_PAD
    ax.text(left, y - 0.13, _title(data), fontsize=TITLE_PT, fontweight="bold", color=INK, va="center", zorder=3)
    ax.text(left, y + 0.14, data["detail"], fontsize=DETAIL_PT, color=INK, va="center", family=MONO, zorder=3)


def _arrow(ax, start, end, start_w: float, end_w: float, data: dict) -> None:
    dead = data.get("state") in (Membership.NOT_READY, Membership.NOT_MATCHED)
    color = MUTED if dead else PALETTE["blue"]
    a, b = (start[0] + start_w / 2, start[1]), (end[0] - end_w / 2, end[1])
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
            fontsize=EDGE_PT,
            color=INK,
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
