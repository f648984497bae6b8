"""Drawing the sample: stratified PPS systematic selection with iterative certainty, or SRS.

Written here, small and audited, because no library does it right: the survey-statistics
library's PPS functions change the frame they are given, its Brewer method is biased for n ≥ 3,
and it neither returns the frame-level π nor logs the random start, nor takes the units whose π
would exceed 1 with certainty.

PPS systematic (Madow): within a stratum, π_i = n·x_i / Σx. A unit with π_i ≥ 1 is taken with
certainty (π = 1) and the others' π recomputed for the remaining n; this is repeated until no
unit exceeds 1 — one pass is not enough, since removing a large unit raises everyone else's π.
The non-certainty units, in frame order, are laid end to end on a line of length n' (their π);
with a random start u in [0, 1) the points u, u+1, …, u+n'-1 select the units they fall in. Every
unit is selected with probability exactly π_i. The frame order acts as implicit stratification
(sort the frame geographically first).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class Draw:
    """One stratum's (or one PSU's) draw: which units, with what π, from what start."""

    selected: np.ndarray  # positions in the stratum's units
    pi: np.ndarray  # inclusion probability of every unit of the stratum
    certainty: np.ndarray  # bool per unit of the stratum
    start: float | None = None  # random start of the systematic pass (None for SRS)
    passes: int = 0  # certainty passes needed
    log: dict = field(default_factory=dict)


def pps_probabilities(size: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, int]:
    """π for a PPS sample of n from units of ``size``, certainty units capped iteratively.

    Returns (π, certainty mask, passes). ``n`` may not exceed the units of positive size.
    """
    size = np.asarray(size, dtype=float)
    certain = np.zeros(len(size), dtype=bool)
    passes = 0
    while True:
        passes += 1
        rest = n - certain.sum()
        total = size[~certain].sum()
        pi = np.where(certain, 1.0, rest * size / total if total > 0 else 0.0)
        over = (~certain) & (pi >= 1 - 1e-12)
        if not over.any() or rest == 0:
            return np.minimum(pi, 1.0), certain | over, passes
        certain |= over


def pps_systematic(size: np.ndarray, n: int, rng: np.random.Generator) -> Draw:
    pi, certain, passes = pps_probabilities(size, n)
    rest = ~certain
    start = float(rng.random())
    cumulative = np.concatenate([[0.0], np.cumsum(pi[rest])])
    points = start + np.arange(round(pi[rest].sum()))
    # unit k of the rest holds the points in [cumulative[k], cumulative[k+1])
    hits = np.searchsorted(cumulative, points, side="right") - 1
    hits = np.minimum(hits, rest.sum() - 1)  # a last point a rounding error past the end
    selected = np.sort(np.concatenate([np.flatnonzero(certain), np.flatnonzero(rest)[hits]]))
    return Draw(selected, pi, certain, start, passes)


def srs(units: int, n: int, rng: np.random.Generator) -> Draw:
    selected = np.sort(rng.choice(units, size=n, replace=False))
    pi = np.full(units, n / units)
    return Draw(selected, pi, pi >= 1)


def draw(
    method: str, size: np.ndarray | None, units: int, n: int, rng: np.random.Generator
) -> Draw:
    if method == "srs" or size is None:
        return srs(units, n, rng)
    return pps_systematic(np.asarray(size, dtype=float), n, rng)
