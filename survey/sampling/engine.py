"""The survey-statistics library (``svy``), behind this one module; nothing else imports it.

``svy`` (pinned exactly in pyproject.toml) computes the Taylor-linearised estimates: totals,
means, proportions and ratios for the whole population and for domains, their standard errors
and design effects, with strata, two stages and finite population corrections at each stage. The
tests in ``tests/sampling`` reproduce R ``survey`` through it and gate every upgrade.

Known faults of the library are kept out here: it is handed a copy (its functions may change the
frame they get), missing values are turned into zero weights *before* it sees them (R's
``na.rm``: the row stays a member of the design, its PSU still counted), and its jackknife, which
ignores the fpc, is not used (``replicates.py`` computes replicate variances).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from survey.sampling.design import N1, N2, PSU, SSU, STRATUM, W

# R's lonely-PSU options → svy's singleton methods (see tests/sampling/test_lonely_psu.py).
_SINGLETON = {
    "certainty": "self_representing",
    "remove": "skip",
    "adjust": "center",
    "average": "scale",
}
VALUE, LEVEL = "_y_", "_level_"


class EngineError(Exception):
    """The library could not compute this estimate on this design (its text is not shown)."""

    def __init__(self, statistic: str) -> None:
        self.statistic = statistic
        super().__init__(statistic)


def _frame(prepared: pd.DataFrame) -> pd.DataFrame:
    return prepared[[c for c in (STRATUM, PSU, SSU, W, N1, N2) if c in prepared.columns]].copy()


def _design(prepared: pd.DataFrame, lonely_psu: str) -> Any:
    import svy

    pop: Any = None
    if N1 in prepared.columns:
        pop = svy.PopSize(psu=N1, ssu=N2) if N2 in prepared.columns else N1
    singleton: Any = _SINGLETON.get(lonely_psu)
    return svy.Design(
        stratum=STRATUM,
        psu=PSU,
        ssu=SSU if SSU in prepared.columns else None,
        wgt=W,
        pop_size=pop,
        singleton=singleton,
    )


def _sample(frame: pd.DataFrame, lonely_psu: str) -> Any:
    import polars as pl
    import svy

    columns = [c for c in (STRATUM, PSU, SSU, W, N1, N2) if c in frame.columns]
    columns += [c for c in frame.columns if c not in columns]
    data = pl.from_pandas(frame[columns].reset_index(drop=True))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return svy.Sample(data=data, design=_design(frame, lonely_psu))


@dataclass(frozen=True)
class Margin:
    """One calibration margin: each row's cell (a label) and the population total of each cell."""

    cells: pd.Series
    totals: dict[str, float]


def _calibrate(sample: Any, margins: list[Margin], names: list[str]) -> Any:
    """Post-stratify on one margin, rake on several (converged to 1e-10, R's fixed point)."""
    if len(margins) == 1:
        return sample.weighting.poststratify(controls=margins[0].totals, cells=names[0])
    controls = {name: m.totals for name, m in zip(names, margins, strict=True)}
    return sample.weighting.rake(controls=controls, tol=1e-10, max_iter=1000)


def calibrated_weights(
    prepared: pd.DataFrame, margins: list[Margin], trim_median: float | None = None
) -> np.ndarray:
    """The weights after post-stratification or raking to ``margins``, then trimming at
    ``trim_median`` × the median weight with the excess redistributed (the total kept)."""
    import svy

    frame = _frame(prepared)
    names = [f"_m{i}_" for i in range(len(margins))]
    for name, margin in zip(names, margins, strict=True):
        frame[name] = margin.cells.astype(str).to_numpy()
    sample = _sample(frame, "certainty")
    column = W
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            if margins:
                sample = _calibrate(sample, margins, names)
                column = "ps_wgt" if len(margins) == 1 else "rk_wgt"
            if trim_median is not None:
                sample = sample.weighting.trim(
                    upper=svy.Threshold("median", trim_median), min_cell_size=1, max_iter=50
                )
                column = "trim_wgt"
        except svy.SvyError:
            raise EngineError("weights") from None
    return sample.data[column].to_numpy()


def lonely_strata(prepared: pd.DataFrame) -> list[str]:
    """Strata with a single PSU (R's 'lonely PSUs')."""
    counts = prepared.groupby(STRATUM)[PSU].nunique()
    return [str(s) for s in counts.index[counts == 1]]


def taylor(
    prepared: pd.DataFrame,
    statistic: str,
    y: pd.Series,
    x: pd.Series | None = None,
    by: list[pd.Series] | None = None,
    lonely_psu: str = "fail",
    margins: list[Margin] | None = None,
) -> pd.DataFrame:
    """Estimates with Taylor SEs and design effects: columns ``d0..dk`` (domain), [level], est, se, deff.

    ``y`` (and ``x`` for a ratio) are aligned with ``prepared``; a missing value gives its row
    zero weight. ``statistic`` is ``mean``, ``total``, ``proportion`` or ``ratio``.
    """
    frame = _frame(prepared)
    missing = (y.isna() if x is None else (y.isna() | x.isna())).to_numpy()
    # R's na.rm: a row with a missing value keeps zero weight in the design. Where the weights
    # are calibrated, the calibration sees every row first and the library drops them after.
    zero = not margins
    if zero:
        frame.loc[missing, W] = 0.0
    if statistic == "proportion":
        values: pd.Series = y.astype("string").fillna("")
    else:
        values = pd.to_numeric(y, errors="coerce").fillna(0.0).astype(float)
    frame[VALUE] = values.to_numpy()
    if not zero:
        frame[VALUE] = frame[VALUE].astype(object).where(~missing, None)
    if x is not None:
        frame["_x_"] = pd.to_numeric(x, errors="coerce").fillna(0.0).astype(float).to_numpy()
    names = [f"d{i}" for i in range(len(by or []))]
    for name, series in zip(names, by or [], strict=True):
        frame[name] = series.astype("string").fillna("").to_numpy()
        if zero:
            frame.loc[series.isna().to_numpy(), W] = 0.0
    import svy

    calibration = [f"_m{i}_" for i in range(len(margins or []))]
    for name, margin in zip(calibration, margins or [], strict=True):
        frame[name] = margin.cells.astype(str).to_numpy()
    sample = _sample(frame, lonely_psu)
    if margins:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                sample = _calibrate(sample, margins, calibration)
            except svy.SvyError:
                raise EngineError("calibration") from None
    est = sample.estimation
    method = {"mean": est.mean, "total": est.total, "ratio": est.ratio, "proportion": est.prop}
    arguments: dict[str, Any] = {"y": VALUE, "by": names or None, "drop_nulls": not zero}
    if statistic == "ratio":
        arguments["x"] = "_x_"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = method[statistic](deff="wor", **arguments)
        except svy.SvyError:
            # no design effect where the weights do not count a population (they sum to at
            # most n, e.g. no weights at all); R returns NaN there too
            try:
                result = method[statistic](**arguments)
            except svy.SvyError:
                raise EngineError(statistic) from None
    table = result.to_polars().to_pandas()
    if statistic == "proportion":
        table = table.rename(columns={VALUE: LEVEL})
        table = table[table[LEVEL] != ""]
    for name, series in zip(names, by or [], strict=True):
        table = table[table[name] != ""] if series.isna().any() else table
    keep = [*names, *([LEVEL] if statistic == "proportion" else []), "est", "se", "deff"]
    if "deff" not in table.columns:
        table["deff"] = np.nan
    return table[keep].reset_index(drop=True)
