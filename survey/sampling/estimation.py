"""Estimates with their sampling errors: totals, means, proportions and ratios, by domain.

Every row of the result is one estimate with the columns of ``COLUMNS``. Semantics follow R
``survey`` (the field's reference, reproduced by ``tests/sampling``):

- a domain is a subset of the *design*, not of the data: rows outside it keep zero weight and
  their PSUs still count; a missing value is treated the same way (``na.rm``);
- the confidence interval of a total, mean or ratio is est ± z·se (R's ``confint``); that of a
  proportion is the logit interval with the design's degrees of freedom (R's ``svyciprop``,
  ``method="logit"``): expit(logit p ± t_df · se / (p(1-p)));
- ``df`` is R's ``degf``: PSUs minus strata among the rows with a nonzero weight in the domain;
  ``n`` the unweighted count of rows in the domain with the variable present;
- ``deff`` is the design effect against simple random sampling without replacement of the same
  size (R's ``deff=TRUE``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from collectors import InputError, Problem
from survey.sampling import engine, replicates
from survey.sampling.controls import Controls, margin
from survey.sampling.design import PSU, STRATUM, Design, W, prepare

COLUMNS = [
    "statistic",
    "variable",
    "by",
    "domain",
    "level",
    "estimate",
    "se",
    "ci_low",
    "ci_high",
    "deff",
    "df",
    "n",
]
STATISTICS = ("total", "mean", "proportion", "ratio")
VARIANCES = ("taylor", *replicates.METHODS)


@dataclass(frozen=True)
class Request:
    statistic: str  # total | mean | proportion | ratio
    variable: str  # a column, or NUM/DEN for a ratio

    def columns(self) -> list[str]:
        return self.variable.split("/", 1) if self.statistic == "ratio" else [self.variable]


@dataclass(frozen=True)
class Options:
    by: list[str] = field(default_factory=list)
    variance: str = "taylor"
    level: float = 0.95
    replicates: int = 500
    seed: int = 1
    controls: list[Controls] = field(default_factory=list)  # post-stratify on one, rake on several


def _refuse(label: str, column: str | None, en: str, zh: str) -> InputError:
    return InputError([Problem("estimate", en, zh, file=label, column=column)])


def _check(
    frame: pd.DataFrame, design: Design, requests: list[Request], options: Options, label: str
) -> None:
    problems = []
    if not requests:
        raise _refuse(
            label,
            None,
            "ask for at least one estimate (--mean, --total, --proportion or --ratio)",
            "请至少要求一项估计（--mean、--total、--proportion 或 --ratio）",
        )
    if options.variance not in VARIANCES:
        raise _refuse(
            label,
            None,
            f"unknown variance method {options.variance!r}",
            f"未知的方差估计方法 {options.variance!r}",
        )
    if not 0 < options.level < 1:
        raise _refuse(
            label,
            None,
            "the confidence level must lie between 0 and 1, e.g. 0.95",
            "置信水平必须在0和1之间，例如0.95",
        )
    for column in design.columns():
        if column not in frame.columns:
            problems.append(
                Problem(
                    "estimate",
                    "is not a column of the file; name one of its columns",
                    "不是该文件的列；请给出文件中的列名",
                    file=label,
                    column=column,
                )
            )
    for request in requests:
        names = request.columns()
        if request.statistic == "ratio" and len(names) != 2:
            raise _refuse(
                label,
                request.variable,
                "a ratio is written NUMERATOR/DENOMINATOR",
                "比率写作 分子/分母",
            )
        for name in names + options.by:
            if name not in frame.columns:
                problems.append(
                    Problem(
                        "estimate",
                        "is not a column of the file",
                        "不是该文件的列",
                        file=label,
                        column=name,
                    )
                )
        if request.statistic != "proportion":
            for name in names:
                if name in frame.columns:
                    values = pd.to_numeric(frame[name], errors="coerce")
                    bad = values.isna() & frame[name].notna()
                    if bad.any():
                        row = int(np.flatnonzero(bad.to_numpy())[0]) + 2
                        problems.append(
                            Problem(
                                "estimate",
                                f"is not a number, so its {request.statistic} cannot be estimated (use --proportion for a category)",
                                f"不是数字，无法估计其{request.statistic}（分类变量请用 --proportion）",
                                file=label,
                                row=row,
                                column=name,
                            )
                        )
    if problems:
        raise InputError(list(dict.fromkeys(problems)))


def estimate(
    frame: pd.DataFrame,
    design: Design,
    requests: list[Request],
    options: Options | None = None,
    label: str = "data",
) -> pd.DataFrame:
    """One row per estimate (``COLUMNS``); ``frame`` is left untouched."""
    options = options or Options()
    _check(frame, design, requests, options, label)
    prepared = prepare(frame, design, label)
    for column in {*options.by, *(r.variable for r in requests if r.statistic == "proportion")}:
        prepared[column] = codes(prepared[column])
    lonely = engine.lonely_strata(prepared)
    if lonely and design.lonely_psu == "fail":
        raise _refuse(
            label,
            design.strata,
            f"stratum {lonely[0]} has only one PSU, so its variance cannot be estimated; choose "
            "--lonely-psu certainty, remove, adjust or average (see the README)",
            f"层 {lonely[0]} 只有一个初级抽样单位，无法估计方差；请用 --lonely-psu 选择 certainty、"
            "remove、adjust 或 average（见 README）",
        )
    from scipy import stats

    z = stats.norm.ppf(0.5 + options.level / 2)
    margins = [margin(prepared, c, label) for c in options.controls]
    by = [prepared[c] for c in options.by]
    domain = _domains(prepared, options.by)
    in_domain = (
        prepared[options.by].notna().all(axis=1)
        if options.by
        else pd.Series(True, index=prepared.index)
    )
    reps = (
        replicates.build(prepared, options.variance, options.replicates, options.seed)
        if options.variance != "taylor"
        else None
    )
    calibrated = (
        replicates.calibration(
            [(m.cells, m.totals) for m in margins], prepared[W].to_numpy(dtype=float)
        )
        if margins and reps is not None
        else None
    )
    out = []
    for request in requests:
        names = request.columns()
        y = prepared[names[0]]
        x = prepared[names[1]] if request.statistic == "ratio" else None
        try:
            table = engine.taylor(prepared, request.statistic, y, x, by, design.lonely_psu, margins)
        except engine.EngineError:
            raise _refuse(
                label,
                request.variable,
                f"the {request.statistic} of this variable cannot be estimated on this design; "
                "check that every domain and stratum has units with a nonzero weight",
                f"无法在该抽样设计上估计此变量的{request.statistic}；请检查每个域和层都有权数非零的单位",
            ) from None
        table["domain"] = (
            table[[f"d{i}" for i in range(len(by))]].agg(",".join, axis=1) if by else ""
        )
        present = y.notna() & (x.notna() if x is not None else True) & in_domain
        weights = prepared[W].where(present, 0.0)
        table["n"] = table["domain"].map(present.groupby(domain).sum()).fillna(0).astype(int)
        table["df"] = table["domain"].map(
            {d: _degf(prepared, weights.where(domain == d, 0.0)) for d in table["domain"].unique()}
        )
        if reps is not None:
            table["se_taylor"] = table["se"]
            table["se"] = _replicate_ses(
                prepared, request, reps, table, domain, weights, calibrated
            )
            with np.errstate(divide="ignore", invalid="ignore"):
                table["deff"] = table["deff"] * (table["se"] / table["se_taylor"]) ** 2
        if request.statistic == "proportion":
            low, high = _logit_interval(table["est"], table["se"], table["df"], options.level)
        else:
            low, high = table["est"] - z * table["se"], table["est"] + z * table["se"]
        out.append(
            pd.DataFrame(
                {
                    "statistic": request.statistic,
                    "variable": request.variable,
                    "by": ",".join(options.by),
                    "domain": table["domain"],
                    "level": table[engine.LEVEL] if engine.LEVEL in table.columns else "",
                    "estimate": table["est"].astype(float),
                    "se": table["se"].astype(float),
                    "ci_low": np.asarray(low, dtype=float),
                    "ci_high": np.asarray(high, dtype=float),
                    "deff": table["deff"].astype(float),
                    "df": table["df"].astype(int),
                    "n": table["n"],
                }
            )
        )
    return pd.concat(out, ignore_index=True)[COLUMNS]


OUTSIDE = "\x1f"  # the domain label of a row with a blank in a --by column: no domain's


def _domains(prepared: pd.DataFrame, by: list[str]) -> pd.Series:
    """Each row's domain, its --by values joined by commas (column by column, not row by row)."""
    if not by:
        return pd.Series("", index=prepared.index)
    joined = prepared[by[0]].astype("string")
    for column in by[1:]:
        joined = joined + "," + prepared[column].astype("string")
    return joined.fillna(OUTSIDE)


def codes(series: pd.Series) -> pd.Series:
    """Category codes as people write them: 1, not 1.0 (CSV columns with blanks read as floats)."""
    if pd.api.types.is_float_dtype(series):
        present = series.dropna()
        if (present == present.round()).all():
            return series.astype("Int64")
    return series


def _degf(prepared: pd.DataFrame, weights: pd.Series) -> int:
    inset = weights.to_numpy() != 0
    return int(prepared.loc[inset, PSU].nunique() - prepared.loc[inset, STRATUM].nunique())


def _logit_interval(p: pd.Series, se: pd.Series, df: pd.Series, level: float):
    from scipy import stats

    t = stats.t.ppf(0.5 + level / 2, np.maximum(df.to_numpy(), 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        logit = np.log(p / (1 - p))
        half = t * se / (p * (1 - p))
        low, high = 1 / (1 + np.exp(-(logit - half))), 1 / (1 + np.exp(-(logit + half)))
    # p of 0 or 1: the interval collapses onto the estimate (R gives the same bounds)
    return np.where(np.isfinite(low), low, p), np.where(np.isfinite(high), high, p)


def _replicate_ses(
    prepared: pd.DataFrame,
    request: Request,
    reps: replicates.Replicates,
    table: pd.DataFrame,
    domain: pd.Series,
    weights: pd.Series,
    calibrated: replicates.Calibration | None,
) -> pd.Series:
    w = weights.to_numpy(dtype=float)
    names = request.columns()
    if request.statistic == "proportion":
        level = prepared[names[0]].astype("string")
        group = domain + "\x1e" + level.fillna("")
        ses = []
        for d, lv in zip(table["domain"], table[engine.LEVEL], strict=True):
            num = w * (group == d + "\x1e" + lv).to_numpy()
            den = w * (domain == d).to_numpy()
            ses.append(
                replicates.ratio_ses(
                    reps, prepared[PSU], pd.Series("x", index=prepared.index), num, den, calibrated
                ).iloc[0]
            )
        return pd.Series(ses, index=table.index)
    y = pd.to_numeric(prepared[names[0]], errors="coerce").fillna(0.0).to_numpy()
    den = None
    if request.statistic == "ratio":
        den = w * pd.to_numeric(prepared[names[1]], errors="coerce").fillna(0.0).to_numpy()
    elif request.statistic == "mean":
        den = w
    ses = replicates.ratio_ses(reps, prepared[PSU], domain, w * y, den, calibrated)
    return table["domain"].map(ses)
