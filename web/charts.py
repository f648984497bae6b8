"""Small horizontal bar charts drawn on the server as SVG (``templates/_charts.html``).

This module only does the geometry: where each bar and label goes in a ``viewBox``. The SVG
scales to the width of the page, so the same chart reads on a phone and on a desktop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 600
LABEL = 150  # room for the labels on the left
VALUE = 70  # room for the value on the right
BAR = 20
GAP = 8


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    kind: str  # the CSS class: its colour
    value: float


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    segments: list[Segment]
    text: str  # the value written after the bar
    href: str | None = None


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    bars: list[Bar]
    legend: list[tuple[str, str]]  # (kind, words)
    bar_height: int = BAR

    @property
    def text_y(self) -> float:
        """The baseline of a label within its bar's row."""
        return round(self.bar_height * 0.72, 1)


def stacked(
    rows: Sequence[tuple[str, Sequence[tuple[str, float]], str, str | None]],
    legend: Sequence[tuple[str, str]] = (),
    *,
    maximum: float | None = None,
) -> Chart:
    """One bar per row ``(label, [(kind, value), ...], text, href)``, its parts side by side;
    bars share one scale whose end is ``maximum`` (default: the longest bar)."""
    span = WIDTH - LABEL - VALUE
    totals = [sum(v for _, v in parts) for _, parts, _, _ in rows]
    top = maximum if maximum is not None else max(totals, default=0)
    scale = span / top if top > 0 else 0.0
    bars = []
    for index, (label, parts, text, href) in enumerate(rows):
        x = float(LABEL)
        segments = []
        for kind, value in parts:
            width = max(value, 0) * scale
            if width > 0:
                segments.append(Segment(round(x, 2), round(width, 2), kind, value))
            x += width
        bars.append(Bar(label, index * (BAR + GAP), segments, text, href))
    height = max(len(rows) * (BAR + GAP) - GAP, BAR)
    return Chart(WIDTH, height, LABEL, bars, list(legend))


def bars(
    rows: Sequence[tuple[str, float, str, str | None]],
    kind: str = "bar",
    *,
    maximum: float | None = None,
) -> Chart:
    """One single-coloured bar per row ``(label, value, text, href)``."""
    return stacked(
        [(label, [(kind, value)], text, href) for label, value, text, href in rows],
        maximum=maximum,
    )
