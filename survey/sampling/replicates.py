"""Replicate-weight variances (jackknife JK1 and JKn, rescaled bootstrap), as R ``survey`` does them.

Written here, on numpy, because the library's jackknife ignores the finite population correction
(a known fault): R's ``as.svrepdesign`` scales each replicate by (1 - f). A replicate is a vector
of factors per PSU; every statistic here is a ratio of two weighted totals (a total over 1), so
the replicate estimates are PSU totals multiplied by the factor matrix, never a copy of the data
per replicate: 500 bootstrap replicates of a million persons cost one small matrix product.

- ``jk1``: one replicate per PSU, strata ignored; dropping PSU j multiplies the others by
  n/(n-1); variance (1-f)(n-1)/n Σ (θ_r - θ̄)².
- ``jkn``: one replicate per PSU within its stratum; the stratum's other PSUs × n_h/(n_h-1);
  variance Σ_h (1-f_h)(n_h-1)/n_h Σ_j (θ_hj - θ̄)². Strata with one PSU give no replicate.
- ``bootstrap``: Canty & Davison's rescaled bootstrap — n_h-1 PSUs drawn with replacement in
  each stratum, factor n_h/(n_h-1)·count, shrunk towards 1 by √(1-f_h); variance
  Σ (θ_r - θ̄)² / (R-1).

θ̄ is the mean of the replicates (R's default ``mse=FALSE``).

Calibrated estimates (post-stratification, raking) calibrate each replicate's weights anew, as R's
``postStratify``/``rake`` do on a replicate design: the factors are constant within the joint
cells of the margins, so each replicate's calibration is a small iterative fit on the replicate
totals of those cells (cells × replicates), and its estimate stays a matrix product.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from survey.sampling.design import N1, PSU, STRATUM

METHODS = ("jk1", "jkn", "bootstrap")
TOLERANCE = 1e-12  # raking stops when no margin moves by more than this share
MAX_PASSES = 1000


@dataclass(frozen=True)
class Replicates:
    psus: pd.Index  # PSU codes, in the order of the factor rows
    factors: np.ndarray  # PSUs × replicates
    rscales: np.ndarray  # one per replicate
    scale: float


def _strata_table(prepared: pd.DataFrame) -> pd.DataFrame:
    cols = [PSU, STRATUM, *([N1] if N1 in prepared.columns else [])]
    table = prepared[cols].drop_duplicates(PSU).set_index(PSU)
    table["n_h"] = table.groupby(STRATUM)[STRATUM].transform("size").astype(float)
    table["f_h"] = table["n_h"] / table[N1] if N1 in table.columns else 0.0
    return table


def build(prepared: pd.DataFrame, method: str, replicates: int = 500, seed: int = 1) -> Replicates:
    table = _strata_table(prepared)
    psus = table.index
    k = len(psus)
    if method == "jk1":
        n = float(k)
        # strata are ignored: the population of PSUs is the sum over strata
        f = k / table.groupby(STRATUM)[N1].first().sum() if N1 in table.columns else 0.0
        factors = np.full((k, k), n / (n - 1))
        np.fill_diagonal(factors, 0.0)
        return Replicates(psus, factors, np.ones(k), (1 - f) * (n - 1) / n)
    if method == "jkn":
        strata = table[STRATUM].to_numpy()
        n_h = table["n_h"].to_numpy()
        dropped = np.flatnonzero(n_h > 1)
        factors = np.ones((k, len(dropped)))
        for r, j in enumerate(dropped):
            same = strata == strata[j]
            factors[same, r] = n_h[j] / (n_h[j] - 1)
            factors[j, r] = 0.0
        f_h = table["f_h"].to_numpy()[dropped]
        rscales = (1 - f_h) * (n_h[dropped] - 1) / n_h[dropped]
        return Replicates(psus, factors, rscales, 1.0)
    rng = np.random.default_rng(seed)
    factors = np.ones((k, replicates))
    for _, rows in table.groupby(STRATUM).indices.items():
        n = len(rows)
        if n < 2:
            continue
        draws = rng.integers(0, n, size=(replicates, n - 1))
        counts = np.stack([np.bincount(d, minlength=n) for d in draws], axis=1)
        shrink = np.sqrt(1 - table["f_h"].to_numpy()[rows[0]])
        factors[rows, :] = 1 + shrink * (counts * n / (n - 1) - 1)
    return Replicates(psus, factors, np.ones(replicates), 1.0 / (replicates - 1))


def variance(reps: Replicates, thetas: np.ndarray) -> np.ndarray:
    """Replicate variance of each row of ``thetas`` (estimates × replicates)."""
    centred = thetas - thetas.mean(axis=1, keepdims=True)
    return reps.scale * (centred**2 * reps.rscales).sum(axis=1)


@dataclass(frozen=True)
class Calibration:
    """The margins each replicate's weights are calibrated to, over the joint cells of the rows."""

    joint: np.ndarray  # each row's joint cell, 0 … J-1
    weights: np.ndarray  # each row's weight before calibration (every row, missing values too)
    cells: list[np.ndarray]  # per margin: the cell of that margin each joint cell is in
    totals: list[np.ndarray]  # per margin: the population total of each of its cells


def calibration(
    margins: Sequence[tuple[pd.Series, dict[str, float]]], weights: np.ndarray
) -> Calibration:
    """From each margin's (cell label of every row, total of each cell)."""
    codes, labels = zip(*(pd.factorize(cells.astype(str)) for cells, _ in margins), strict=True)
    combos, joint = np.unique(np.stack(codes, axis=1), axis=0, return_inverse=True)
    totals = [
        np.array([total[str(label)] for label in names], dtype=float)
        for names, (_, total) in zip(labels, margins, strict=True)
    ]
    return Calibration(joint.ravel(), weights, [combos[:, m] for m in range(len(margins))], totals)


def _cell_totals(
    reps: Replicates, joint: np.ndarray, columns: np.ndarray, values: np.ndarray, cells: int
) -> np.ndarray:
    """Σ over the rows of each joint cell of value × the row's PSU factor: cells × replicates."""
    by_psu = sparse.csr_matrix((values, (joint, columns)), shape=(cells, len(reps.psus)))
    return np.asarray(by_psu @ reps.factors)


def _calibration_factors(reps: Replicates, cal: Calibration, columns: np.ndarray) -> np.ndarray:
    """Each joint cell's calibration factor in each replicate (raking; one margin is exact)."""
    n = len(cal.cells[0])
    weights = _cell_totals(reps, cal.joint, columns, cal.weights, n)
    factors = np.ones_like(weights)
    for _ in range(MAX_PASSES):
        moved = 0.0
        for cells, totals in zip(cal.cells, cal.totals, strict=True):
            reached = np.zeros((len(totals), weights.shape[1]))
            np.add.at(reached, cells, factors * weights)
            with np.errstate(divide="ignore", invalid="ignore"):
                step = np.where(reached > 0, totals[:, None] / reached, 1.0)
            factors *= step[cells]
            moved = max(moved, float(np.abs(step - 1).max()))
        if moved < TOLERANCE or len(cal.cells) == 1:
            break
    return factors


def ratio_ses(
    reps: Replicates,
    psu: pd.Series,
    group: pd.Series,
    num: np.ndarray,
    den: np.ndarray | None,
    calibration: Calibration | None = None,
) -> pd.Series:
    """SE of Σnum/Σden (of Σnum when ``den`` is None) within each value of ``group``.

    ``psu`` and ``group`` label every row; ``num``/``den`` are already weighted. With
    ``calibration`` each replicate's weights are calibrated to its margins first.
    """
    position = pd.Series(np.arange(len(reps.psus)), index=reps.psus)
    columns = position.loc[psu.to_numpy()].to_numpy()
    if calibration is None:
        joint, cells = np.zeros(len(num), dtype=np.int64), 1
        factors = np.ones((1, reps.factors.shape[1]))
    else:
        joint, cells = calibration.joint, len(calibration.cells[0])
        factors = _calibration_factors(reps, calibration, columns)
    codes, groups = pd.factorize(group.to_numpy())
    out = {}
    for k, g in enumerate(groups):
        rows = codes == k

        def total(values: np.ndarray, rows: np.ndarray = rows) -> np.ndarray:
            sums = _cell_totals(reps, joint[rows], columns[rows], values[rows], cells)
            return np.asarray((sums * factors).sum(axis=0))

        top = total(num)
        if den is None:
            thetas = top
        else:
            bottom = total(den)
            with np.errstate(divide="ignore", invalid="ignore"):
                thetas = np.where(bottom != 0, top / bottom, np.nan)
        out[g] = float(np.sqrt(variance(reps, thetas[None, :])[0]))
    return pd.Series(out)
