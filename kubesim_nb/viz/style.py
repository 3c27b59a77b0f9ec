"""One visual vocabulary for diagrams, legends and the widgets' HTML lists.

Colours are the Okabe–Ito colour-blind-safe palette, and every state is also
told apart without colour: by marker shape, by line style and by a text
symbol, so the diagrams read the same in greyscale or to a colour-blind eye.
"""

from __future__ import annotations

from dataclasses import dataclass

from .snapshot import Membership

__all__ = ["INK", "MUTED", "PALETTE", "STATE_STYLE", "StateStyle"]

# Okabe & Ito (2008), "Color Universal Design"
PALETTE = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#8C8C8C",
}
INK = "#1A1A1A"
MUTED = "#6B6B6B"
PAPER = "#FFFFFF"
NODE_FILL = "#F2F2F2"
CARD_FILL = "#FFFFFF"
SERVICE_FILL = "#E4F1FA"


@dataclass(frozen=True)
class StateStyle:
    label: str  # legend text
    symbol: str  # text symbol used in HTML lists and legends
    color: str
    marker: str  # matplotlib marker: shape differs per state
    linestyle: str  # the line from the Service to the Pod ("none": no line)


STATE_STYLE = {
    Membership.READY: StateStyle("Ready endpoint", "●", PALETTE["blue"], "o", "solid"),
    Membership.NOT_READY: StateStyle("selected, not Ready", "▲", PALETTE["vermillion"], "^", "dashed"),
    Membership.NOT_MATCHED: StateStyle("not selected", "✕", PALETTE["grey"], "X", "none"),
}
