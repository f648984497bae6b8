"""A population pyramid with confidence bars, drawn on the server as SVG (``estimates/show.html``).

Only geometry: men to the left of the centre, women to the right, one row per five-year age
group from the oldest at the top; each bar is the estimated number of persons, the thin line
across its end the 95 % confidence interval.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

WIDTH, LABEL, ROW, GAP, TOP = 640, 60, 16, 4, 24


@dataclass(frozen=True)
class Side:
    x: float  # left edge of the bar
    width: float
    ci_from: float
    ci_to: float
    value: float


@dataclass(frozen=True)
class Row:
    label: str
    y: float
    men: Side | None
    women: Side | None


@dataclass(frozen=True)
class Pyramid:
    width: int
    height: int
    centre: float
    row_height: int
    rows: list[Row]
    scale_max: float


def pyramid(figures: Iterable[Mapping[str, Any]], groups: list[str]) -> Pyramid:
    """``figures``: rows with sex (1 men, 2 women), age_group, estimate, ci_low, ci_high."""
    cells = {(str(f["sex"]), str(f["age_group"])): f for f in figures}
    biggest = max([float(f["ci_high"]) for f in cells.values()] + [1.0])
    half = (WIDTH - LABEL) / 2
    centre = half + LABEL / 2
    scale = half / biggest

    def side(sex: str, group: str, left: bool) -> Side | None:
        f = cells.get((sex, group))
        if f is None:
            return None
        value, low, high = (float(f[k]) for k in ("estimate", "ci_low", "ci_high"))
        low = max(low, 0.0)
        edge = centre - LABEL / 2 if left else centre + LABEL / 2
        if left:
            return Side(
                edge - value * scale, value * scale, edge - high * scale, edge - low * scale, value
            )
        return Side(edge, value * scale, edge + low * scale, edge + high * scale, value)

    rows = [
        Row(group, TOP + i * (ROW + GAP), side("1", group, True), side("2", group, False))
        for i, group in enumerate(reversed(groups))
    ]
    return Pyramid(WIDTH, TOP + len(rows) * (ROW + GAP), centre, ROW, rows, biggest)
