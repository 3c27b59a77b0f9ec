"""The Service map: Services, the Pods they select, and the Nodes the Pods run on.

This module owns :class:`ServiceMap`, one persistent matplotlib Figure that
redraws a :class:`~kubesim_nb.viz.snapshot.Snapshot`:

- Nodes are grey blocks of columns (name and IP in the header); each Pod is a
  card in its Node's block (name, IP, STATUS, READY, labels), placed by
  :class:`~kubesim_nb.viz.layout.StableLayout` so it never moves while it exists.
- Services are boxes on the left (name, type, ClusterIP, ports, external
  address, selector, endpoint counts). Each Service reaches its selected Pods
  through a bus: a trunk, a branch above each row, a drop onto each Pod —
  solid for a Ready endpoint, dashed for a selected Pod that is not Ready.
- The first Service is the *focus*: Pod markers and card borders show its
  verdict by colour **and** shape (● Ready endpoint, ▲ selected but not
  Ready, ✕ not selected; unselected cards are dimmed). A legend says so.

Speed (measured with benchmarks/widget_latency.py: text is what costs):

- a Pod card is painted once per distinct content into a small bitmap
  (:class:`CardPainter`), so a Pod coming or going repaints one card, not
  fifty;
- what does not change with a selector (frame, cards, legend) is kept as a
  background bitmap (cards are pasted into it as pixels); a selector edit
  only redraws the few *animated* artists
  (markers, lines, borders, Service texts) over it (blitting), then encodes
  the PNG with a 256-colour palette worked out once per background.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch
from matplotlib.text import Text
from PIL import Image as PILImage

from .layout import UNSCHEDULED, Slot, StableLayout
from .snapshot import Membership, PodView, ServiceView, Snapshot
from .style import CARD_FILL, INK, MUTED, NODE_FILL, PALETTE, SERVICE_FILL, STATE_STYLE

__all__ = ["CardPainter", "ServiceMap", "encode_png", "fit_text", "palette_of", "render_service_map"]

DPI = 100
MARGIN = 12
SERVICE_W = 200
CELL_W, CELL_H = 236, 64  # a Pod card
GAP_X, GAP_Y = 10, 22  # between cards; branch lines run in GAP_Y above each row
NODE_HEADER = 30
LEGEND_H = 112
SERVICE_GAP = 14
LABEL_WRAP = 36
NAME_PX = 10.5  # a Pod's name on its card; smaller when the name would not fit
MONO = "DejaVu Sans Mono"
SERVICE_COLORS = (PALETTE["blue"], PALETTE["green"], PALETTE["purple"], PALETTE["orange"], PALETTE["sky"])


def _pt(px: float) -> float:
    """Font size in points for a height in pixels at DPI."""
    return px * 72 / DPI


def fit_text(artist: Text, renderer, room: float, min_px: float = 7.5) -> None:
    """Shrink ``artist``'s font until its text is at most ``room`` pixels wide (names are never clipped);
    below ``min_px`` the middle of the text gives way to "…", keeping the ends (a Pod's unique suffix).
    Agg draws glyphs at whole-pixel sizes, so the width is measured again after each step."""
    px = artist.get_fontsize() * DPI / 72
    while artist.get_window_extent(renderer).width > room and px > min_px:
        px -= 0.5
        artist.set_fontsize(_pt(px))
    text = artist.get_text()
    while artist.get_window_extent(renderer).width > room and len(text) > 8:
        middle = len(text) // 2
        text = text[: middle - 1] + text[middle + 1 :]
        artist.set_text(text[: middle - 1] + "…" + text[middle - 1 :])


def _rgb(canvas: FigureCanvasAgg) -> PILImage.Image:
    width, height = canvas.get_width_height()
    return PILImage.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1).convert("RGB")


def palette_of(canvas: FigureCanvasAgg) -> PILImage.Image:
    """A 256-colour palette for the canvas as drawn now (octree: the costly part of quantising)."""
    return _rgb(canvas).quantize(256, method=PILImage.Quantize.FASTOCTREE, dither=PILImage.Dither.NONE)


def encode_png(canvas: FigureCanvasAgg, palette: PILImage.Image | None = None) -> bytes:
    """The canvas as a 256-colour PNG (nothing visible is lost in a diagram; 3x faster to encode than RGB).

    With ``palette`` (from :func:`palette_of`) the colours are only mapped, not searched for: four times
    faster again. A palette stays right while the background does, because the legend shows every state colour.
    """
    image = _rgb(canvas)
    indexed = (
        image.quantize(palette=palette, dither=PILImage.Dither.NONE)
        if palette is not None
        else image.quantize(256, method=PILImage.Quantize.FASTOCTREE, dither=PILImage.Dither.NONE)
    )
    out = io.BytesIO()
    indexed.save(out, format="PNG", compress_level=1)
    return out.getvalue()


# ------------------------------------------------------------------ geometry
@dataclass(frozen=True)
class _Geometry:
    """Pixel positions (y grows downwards) for one static layout."""

    columns: int
    rows: int
    service_heights: tuple[int, ...]

    @property
    def services(self) -> int:
        return len(self.service_heights)

    @property
    def grid_left(self) -> int:
        return MARGIN + SERVICE_W + 14 + 8 * max(1, self.services)

    @property
    def grid_top(self) -> int:
        return MARGIN + NODE_HEADER + GAP_Y

    @property
    def width(self) -> int:
        return self.grid_left + self.columns * (CELL_W + GAP_X) + MARGIN

    @property
    def height(self) -> int:
        grid = self.grid_top + self.rows * (CELL_H + GAP_Y) + MARGIN
        side = self.legend_top() + LEGEND_H + MARGIN
        return max(grid, side)

    def card(self, slot: Slot) -> tuple[float, float]:
        """Top-left corner of a Pod card."""
        return self.grid_left + slot.column * (CELL_W + GAP_X), self.grid_top + slot.row * (CELL_H + GAP_Y)

    def marker(self, slot: Slot) -> tuple[float, float]:
        x, y = self.card(slot)
        return x + 11, y + 12

    def branch_y(self, row: int, service: int) -> float:
        top = self.grid_top + row * (CELL_H + GAP_Y)
        return top - GAP_Y + GAP_Y * (service + 1) / (self.services + 1)

    def trunk_x(self, service: int) -> float:
        return MARGIN + SERVICE_W + 8 + 8 * service

    def service_box(self, index: int) -> tuple[float, float, float]:
        """x, y (top), height of a Service box."""
        y = MARGIN + NODE_HEADER + sum(self.service_heights[:index]) + SERVICE_GAP * index
        return MARGIN, y, self.service_heights[index]

    def legend_top(self) -> float:
        return MARGIN + NODE_HEADER + sum(self.service_heights) + SERVICE_GAP * self.services + 4


def _rect(x: float, y: float, w: float = CELL_W, h: float = CELL_H) -> list[tuple[float, float]]:
    return [(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)]


# ------------------------------------------------------------------ the cards
def _label_order(pair: tuple[str, str]) -> tuple[bool, str]:
    """A learner's labels first; the ones controllers add (pod-template-hash, prefixed keys) last."""
    key = pair[0]
    return key.endswith("-hash") or "/" in key, key


def card_lines(pod: PodView) -> list[str]:
    """The text of a Pod card under its name: address and state, then the labels (wrapped, at most two lines)."""
    labels = ", ".join(f"{k}={v}" for k, v in sorted(pod.labels, key=_label_order)) or "<no labels>"
    wrapped = textwrap.wrap(labels, LABEL_WRAP, break_long_words=True, break_on_hyphens=False)
    if len(wrapped) > 2:
        wrapped = [wrapped[0], wrapped[1][: LABEL_WRAP - 1] + "…"]
    return [f"{pod.ip or 'no IP yet'}  {pod.status} {pod.ready}", *wrapped]


class CardPainter:
    """Paints Pod cards into RGBA bitmaps, once per distinct content (the text is what costs)."""

    def __init__(self, limit: int = 1024):
        self.limit = limit
        self._cache: dict[tuple, np.ndarray] = {}
        self.painted = 0
        figure = Figure(figsize=(CELL_W / DPI, CELL_H / DPI), dpi=DPI, facecolor=NODE_FILL)
        self._canvas = FigureCanvasAgg(figure)
        ax = figure.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, CELL_W)
        ax.set_ylim(CELL_H, 0)
        ax.set_axis_off()
        ax.add_patch(
            FancyBboxPatch(
                (0.5, 0.5),
                CELL_W - 1,
                CELL_H - 1,
                boxstyle="round,pad=0,rounding_size=5",
                facecolor=CARD_FILL,
                edgecolor="#BDBDBD",
                linewidth=0.8,
            )
        )
        self._name = ax.text(20, 12, "", fontsize=_pt(NAME_PX), fontweight="bold", color=INK, va="center")
        self._body = ax.text(7, 22, "", fontsize=_pt(10), color=INK, va="top", linespacing=1.2, family=MONO)

    def paint(self, pod: PodView) -> np.ndarray:
        key = (pod.name, tuple(card_lines(pod)))
        image = self._cache.get(key)
        if image is None:
            if len(self._cache) >= self.limit:
                self._cache.clear()
            image = self._cache[key] = self._draw(*key)
        return image

    def _draw(self, name: str, lines: tuple[str, ...]) -> np.ndarray:
        self.painted += 1
        self._name.set_text(name)
        self._name.set_fontsize(_pt(NAME_PX))
        fit_text(self._name, self._canvas.get_renderer(), CELL_W - 20 - 6)
        self._body.set_text("\n".join(lines))
        self._canvas.draw()
        return np.array(self._canvas.buffer_rgba())


# ------------------------------------------------------------------ text of a Service box
def _service_static_text(svc: ServiceView) -> str:
    ports = ", ".join(f"{p.port}→{p.target_port}" + (f" node {p.node_port}" if p.node_port else "") for p in svc.ports)
    lines = [f"{svc.type}  {svc.cluster_ip or '<none>'}", f"port {ports or 'none'}"]
    if svc.type == "LoadBalancer":
        lines.append(f"external {svc.external}")
    return "\n".join(lines)


def _service_dynamic_text(svc: ServiceView) -> str:
    ready, not_ready = svc.endpoints_in(Membership.READY), svc.endpoints_in(Membership.NOT_READY)
    selector = textwrap.wrap("selector " + svc.selector_text, 30)[:2]
    return "\n".join([*selector, f"endpoints: {ready} ready, {not_ready} not ready"])


def _service_height(svc: ServiceView) -> int:
    return 104 + (16 if svc.type == "LoadBalancer" else 0)


class ServiceMap:
    """A live diagram of one namespace; call :meth:`render` with each new snapshot."""

    def __init__(self, columns: int | None = None):
        self.columns = columns  # None: 3 or 4, by how many Pods the first snapshot has (fixed from then on)
        self.layout: StableLayout | None = None
        self.cards = CardPainter()
        self.figure = Figure(dpi=DPI, facecolor="white")
        self.canvas = FigureCanvasAgg(self.figure)
        self.slots: dict[str, Slot] = {}
        self.geometry: _Geometry | None = None
        self._static_key: object = None
        self._background = None
        self._palette: PILImage.Image | None = None
        self.full_redraws = 0  # how often the background had to be rebuilt (tests and benchmarks read it)

    # --------------------------------------------------------------- public
    def render(self, snapshot: Snapshot) -> bytes:
        """Redraw for ``snapshot`` and return the picture as PNG bytes."""
        if self.update(snapshot) or self._palette is None:
            self._palette = palette_of(self.canvas)
        return encode_png(self.canvas, self._palette)

    def update(self, snapshot: Snapshot) -> bool:
        """Bring the figure up to date (without encoding it); True when the background had to be rebuilt."""
        if self.layout is None:
            self.layout = StableLayout(self.columns or (3 if len(snapshot.pods) <= 3 else 4))
        self.layout.set_nodes(n.name for n in snapshot.nodes)
        self.slots = self.layout.place(snapshot.pods)
        key = self._static_signature(snapshot)
        rebuilt = key != self._static_key
        if rebuilt:
            self._build_static(snapshot)
            self._static_key = key
        self._set_dynamic(snapshot)
        self.canvas.restore_region(self._background)
        for artist in self._animated:
            self.figure.draw_artist(artist)
        return rebuilt

    @property
    def service_texts(self) -> list[str]:
        """What each Service box says about its selector and endpoints (the part redrawn on every edit)."""
        return [text.get_text() for text in self._service_texts]

    def position(self, pod: str) -> tuple[float, float]:
        """Where a Pod's card is (top-left, pixels): it stays put while the Pod exists."""
        return self.geometry.card(self.slots[pod])

    # --------------------------------------------------------------- static
    def _static_signature(self, snapshot: Snapshot) -> tuple:
        pods = tuple((p.name, tuple(card_lines(p)), self.slots[p.name]) for p in snapshot.pods)
        services = tuple((s.name, s.type, s.cluster_ip, s.external, s.ports) for s in snapshot.services)
        return pods, services, tuple(self.layout.groups), self.layout.rows, self.layout.total_columns, snapshot.nodes

    def _build_static(self, snapshot: Snapshot) -> None:
        self.full_redraws += 1
        fig = self.figure
        fig.clear()
        geo = self.geometry = _Geometry(
            self.layout.total_columns, self.layout.rows, tuple(_service_height(s) for s in snapshot.services)
        )
        fig.set_size_inches(geo.width / DPI, geo.height / DPI)
        frame = self._pixel_axes(geo, zorder=0)
        self._draw_nodes(frame, geo, snapshot)
        self._draw_service_boxes(frame, geo, snapshot)
        self._draw_legend(frame, geo)
        self._make_animated(self._pixel_axes(geo, zorder=2), snapshot)
        self.canvas.draw()  # the frame; animated artists are left out
        self._paste_cards(geo, snapshot)
        self._background = self.canvas.copy_from_bbox(fig.bbox)

    def _paste_cards(self, geo: _Geometry, snapshot: Snapshot) -> None:
        """Copy each card's bitmap into the drawn frame (pixels, no resampling: a figimage per card costs 2 ms)."""
        pixels = np.asarray(self.canvas.buffer_rgba())
        for pod in snapshot.pods:
            x, y = (int(v) for v in geo.card(self.slots[pod.name]))
            pixels[y : y + CELL_H, x : x + CELL_W] = self.cards.paint(pod)

    def _pixel_axes(self, geo: _Geometry, zorder: float):
        ax = self.figure.add_axes((0, 0, 1, 1), zorder=zorder)
        ax.set_xlim(0, geo.width)
        ax.set_ylim(geo.height, 0)
        ax.set_axis_off()
        ax.patch.set_visible(False)
        return ax

    def _draw_nodes(self, ax, geo: _Geometry, snapshot: Snapshot) -> None:
        ips = {n.name: n.internal_ip for n in snapshot.nodes}
        per = self.layout.per_node
        for index, node in enumerate(self.layout.groups):
            x = geo.grid_left + index * per * (CELL_W + GAP_X) - GAP_X / 2
            ax.add_patch(
                FancyBboxPatch(
                    (x, MARGIN),
                    per * (CELL_W + GAP_X) - 2,
                    geo.height - 2 * MARGIN,
                    boxstyle="round,pad=0,rounding_size=8",
                    facecolor=NODE_FILL,
                    edgecolor="#C8C8C8",
                    linewidth=1,
                )
            )
            title = "Pods not on a node yet" if node == UNSCHEDULED else f"node {node}  {ips.get(node, '')}"
            ax.text(x + 8, MARGIN + NODE_HEADER / 2, title, fontsize=_pt(13), fontweight="bold", color=INK, va="center")
        ax.text(
            MARGIN,
            MARGIN + NODE_HEADER / 2,
            f"namespace {snapshot.namespace}",
            fontsize=_pt(13),
            color=MUTED,
            va="center",
        )

    def _draw_service_boxes(self, ax, geo: _Geometry, snapshot: Snapshot) -> None:
        for index, svc in enumerate(snapshot.services):
            x, y, h = geo.service_box(index)
            ax.add_patch(
                FancyBboxPatch(
                    (x, y),
                    SERVICE_W,
                    h,
                    boxstyle="round,pad=0,rounding_size=6",
                    facecolor=SERVICE_FILL,
                    edgecolor=SERVICE_COLORS[index % len(SERVICE_COLORS)],
                    linewidth=2,
                )
            )
            title = ax.text(
                x + 8, y + 13, f"Service {svc.name}", fontsize=_pt(13), fontweight="bold", color=INK, va="center"
            )
            fit_text(title, self.canvas.get_renderer(), SERVICE_W - 14)
            ax.text(
                x + 8,
                y + 24,
                _service_static_text(svc),
                fontsize=_pt(10.5),
                color=INK,
                va="top",
                linespacing=1.2,
                family=MONO,
            )

    def _draw_legend(self, ax, geo: _Geometry) -> None:
        top = geo.legend_top()
        focus = "Pods, as the first Service sees them:" if geo.services > 1 else "Pods, as the Service sees them:"
        ax.text(MARGIN, top, focus, fontsize=_pt(11), color=INK, va="top", fontweight="bold")
        for i, style in enumerate(STATE_STYLE.values()):
            y = top + 22 + i * 18
            ax.plot([MARGIN + 8], [y], linestyle="none", marker=style.marker, markersize=8, color=style.color)
            ax.text(MARGIN + 20, y, style.label, fontsize=_pt(11), color=INK, va="center")
        ax.text(
            MARGIN,
            top + 22 + 3 * 18,
            "Ready endpoints get the traffic;\ndashed line: selected, not Ready",
            fontsize=_pt(10.5),
            color=MUTED,
            va="top",
            linespacing=1.2,
        )

    # -------------------------------------------------------------- dynamic
    def _make_animated(self, ax, snapshot: Snapshot) -> None:
        self._dim = PolyCollection([], facecolors=(1, 1, 1, 0.62), edgecolors="none")
        self._borders = {
            state: LineCollection(
                [],
                colors=STATE_STYLE[state].color,
                linewidths=1.6,
                linestyles="solid" if state is Membership.READY else (0, (4, 2)),
            )
            for state in (Membership.READY, Membership.NOT_READY)
        }
        self._markers = {
            state: Line2D(
                [],
                [],
                linestyle="none",
                marker=style.marker,
                markersize=9,
                color=style.color,
                markeredgecolor="white",
                markeredgewidth=0.8,
            )
            for state, style in STATE_STYLE.items()
        }
        self._lines = {style: LineCollection([], linewidths=1.4, linestyles=style) for style in ("solid", "dashed")}
        self._service_texts = []
        for index, _ in enumerate(snapshot.services):
            x, y, h = self.geometry.service_box(index)
            self._service_texts.append(
                ax.text(x + 8, y + h - 7, "", fontsize=_pt(11), color=INK, va="bottom", linespacing=1.25)
            )
        self._animated = [
            self._dim,
            *self._lines.values(),
            *self._borders.values(),
            *self._markers.values(),
            *self._service_texts,
        ]
        for artist in self._animated:
            if artist.axes is None:
                ax.add_artist(artist)
            artist.set_animated(True)

    def _set_dynamic(self, snapshot: Snapshot) -> None:
        geo = self.geometry
        focus = snapshot.services[0] if snapshot.services else None
        by_state: dict[Membership, list[Slot]] = {state: [] for state in Membership}
        for pod in snapshot.pods:
            member = focus.member(pod.name) if focus else None
            by_state[member.state if member else Membership.NOT_MATCHED].append(self.slots[pod.name])
        for state, line in self._markers.items():
            points = [geo.marker(s) for s in by_state[state]]
            line.set_data([p[0] for p in points], [p[1] for p in points])
        self._dim.set_verts([_rect(*geo.card(s))[:4] for s in by_state[Membership.NOT_MATCHED]] if focus else [])
        for state, borders in self._borders.items():
            borders.set_segments([_rect(*geo.card(s)) for s in by_state[state]])
        self._set_lines(snapshot)
        for text, svc in zip(self._service_texts, snapshot.services):
            text.set_text(_service_dynamic_text(svc))

    def _set_lines(self, snapshot: Snapshot) -> None:
        segments: dict[str, list] = {"solid": [], "dashed": []}
        colors: dict[str, list] = {"solid": [], "dashed": []}
        for index, svc in enumerate(snapshot.services):
            for style, segs in self._bus(index, svc).items():
                segments[style] += segs
                colors[style] += [SERVICE_COLORS[index % len(SERVICE_COLORS)]] * len(segs)
        for style, collection in self._lines.items():
            collection.set_segments(segments[style])
            collection.set_color(colors[style] or "none")

    def _bus(self, index: int, svc: ServiceView) -> dict[str, list]:
        """Trunk, a branch per row and a drop per Pod, from one Service to the Pods it selects."""
        geo = self.geometry
        lines: dict[str, list] = {"solid": [], "dashed": []}
        rows: dict[int, float] = {}  # row -> right end of its branch
        for member in svc.members:
            if member.state is Membership.NOT_MATCHED:
                continue
            slot = self.slots[member.pod]
            x = geo.marker(slot)[0] + 5 * index
            end = (
                geo.marker(slot)[1] if index == 0 else geo.card(slot)[1]
            )  # the focus Service's drop ends on the marker
            rows[slot.row] = max(rows.get(slot.row, x), x)
            lines[STATE_STYLE[member.state].linestyle].append([(x, geo.branch_y(slot.row, index)), (x, end)])
        if rows:
            bx, by, bh = geo.service_box(index)
            exit_y, trunk = by + bh / 2, geo.trunk_x(index)
            ys = [exit_y, *(geo.branch_y(r, index) for r in rows)]
            lines["solid"] += [[(bx + SERVICE_W, exit_y), (trunk, exit_y)], [(trunk, min(ys)), (trunk, max(ys))]]
            lines["solid"] += [
                [(trunk, geo.branch_y(r, index)), (right, geo.branch_y(r, index))] for r, right in rows.items()
            ]
        return lines


def render_service_map(snapshot: Snapshot) -> bytes:
    """A one-off PNG of ``snapshot`` (``IPython.display.Image(data)`` shows it; write it to a file to keep it)."""
    return ServiceMap().render(snapshot)
