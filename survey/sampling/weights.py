"""`survey weights`: from the base weight 1/π to the final weight, every factor kept as a column.

1. **Base weight** ``base_weight`` = the weight column, or 1/prob.
2. **Non-response** within classes (EAs, strata, any column constant within an EA): the
   households listed but not enumerated are represented by those enumerated in their class,
   ``factor_nonresponse`` = Σ base weight of the listed households / Σ base weight of the
   enumerated ones (a household enumerated but not listed — an addition — counts as both).
3. **Calibration** to control totals: post-stratification on one table of cells, raking on
   several margins (iterated to convergence); ``factor_calibration``.
4. **Trimming** at k × the median weight, the excess spread over the others so the total stays;
   ``factor_trim``.

``final_weight`` is the product. The report gives the distribution of the final weights, the
design effect due to weighting (Kish: n Σw² / (Σw)²), the trimming, and each control cell's
target beside what the final weights give.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from collectors import InputError, Problem
from survey.sampling import engine
from survey.sampling.controls import Controls, cell_labels, margin
from survey.sampling.design import Design, W, prepare


@dataclass(frozen=True)
class WeightPlan:
    weight: str | None = None
    prob: str | None = None
    listing: pd.DataFrame | None = None
    nonresponse_by: str = "ea_id"
    household: list[str] = field(default_factory=lambda: ["ea_id", "hh_no"])
    controls: list[Controls] = field(default_factory=list)
    trim: float | None = None
    listing_label: str = "listing"


def _refuse(label: str, column: str | None, en: str, zh: str, row: int | None = None) -> InputError:
    return InputError([Problem("weights", en, zh, file=label, column=column, row=row)])


def _households(data: pd.DataFrame, plan: WeightPlan, label: str) -> pd.DataFrame:
    """One row per enumerated household: its keys, class and base weight."""
    keys = plan.household
    for column in [*keys, plan.nonresponse_by]:
        if column not in data.columns:
            raise _refuse(label, column, "is not a column of the data", "不是数据中的列")
    ea = keys[0]
    per_ea = data.groupby(ea)[[plan.nonresponse_by, "base_weight"]].nunique()
    varies = per_ea[(per_ea > 1).any(axis=1)]
    if len(varies):
        raise _refuse(
            label,
            plan.nonresponse_by
            if per_ea.loc[varies.index[0], plan.nonresponse_by] > 1
            else "base_weight",
            f"differs within EA {varies.index[0]}; the class and the base weight are one per EA",
            f"在调查小区 {varies.index[0]} 内取值不同；调整组和基础权数每个小区只有一个",
        )
    households = data.drop_duplicates(keys)
    return pd.DataFrame(
        {
            **{k: households[k].astype(str) for k in keys},
            "_class_": households[plan.nonresponse_by],
            "base_weight": households["base_weight"],
        }
    )


def nonresponse(data: pd.DataFrame, plan: WeightPlan, label: str) -> tuple[pd.Series, dict]:
    """The non-response factor of every row of ``data``, and what the report says about it."""
    keys, ea = plan.household, plan.household[0]
    enumerated = _households(data, plan, label)
    listing = plan.listing
    assert listing is not None
    for column in keys:
        if column not in listing.columns:
            raise _refuse(
                plan.listing_label, column, "is not a column of the listing", "不是底册中的列"
            )
    eas = enumerated.drop_duplicates(ea).set_index(ea)
    listed = listing[keys].astype(str).drop_duplicates()
    absent = ~listed[ea].isin(eas.index)
    both = pd.concat([listed[~absent], enumerated[keys]]).drop_duplicates()
    both["_class_"] = both[ea].map(eas["_class_"])
    both["w"] = both[ea].map(eas["base_weight"])
    resp = enumerated
    numer = both.groupby("_class_")["w"].sum()
    denom = resp.groupby("_class_")["base_weight"].sum()
    factor = numer / denom
    report = {
        "class": plan.nonresponse_by,
        "households_listed": len(both),
        "households_enumerated": len(resp),
        "eas_listed_without_any_household_enumerated": sorted(set(listed.loc[absent, ea])),
        "factor_min": float(factor.min()),
        "factor_max": float(factor.max()),
    }
    return data[plan.nonresponse_by].map(factor).astype(float), report


def make_weights(
    data: pd.DataFrame, plan: WeightPlan, label: str = "data"
) -> tuple[pd.DataFrame, dict]:
    if not (plan.weight or plan.prob):
        raise _refuse(
            label,
            None,
            "give the base weight (--weight) or the probability (--prob)",
            "请给出基础权数（--weight）或入样概率（--prob）",
        )
    prepared = prepare(data, Design(weight=plan.weight, prob=plan.prob), label)
    out = data.copy()
    out["base_weight"] = prepared[W].to_numpy()
    report: dict = {}
    current = out["base_weight"].copy()
    out["factor_nonresponse"] = 1.0
    if plan.listing is not None:
        out["factor_nonresponse"], report["nonresponse"] = nonresponse(out, plan, label)
        current = current * out["factor_nonresponse"]
    out["factor_calibration"] = 1.0
    if plan.controls:
        prepared[W] = current.to_numpy()
        margins = [margin(out, c, label) for c in plan.controls]
        new = _library(engine.calibrated_weights, prepared, margins, None, label)
        out["factor_calibration"] = new / current.to_numpy()
        current = pd.Series(new, index=out.index)
    out["factor_trim"] = 1.0
    if plan.trim is not None:
        prepared[W] = current.to_numpy()
        new = _library(engine.calibrated_weights, prepared, [], plan.trim, label)
        out["factor_trim"] = new / current.to_numpy()
        trimmed = out["factor_trim"] < 1 - 1e-12
        report["trimming"] = {
            "cap": float(plan.trim * np.median(current[current > 0])),
            "times_median": plan.trim,
            "weights_trimmed": int(trimmed.sum()),
            "weight_removed": float((current * (1 - out["factor_trim"]))[trimmed].sum()),
        }
        current = pd.Series(new, index=out.index)
    out["final_weight"] = current.to_numpy()
    report["distribution"] = distribution(out["final_weight"])
    report["controls"] = [matched(out, c) for c in plan.controls]
    return out, report


def _library(function, prepared, margins, trim, label):  # type: ignore[no-untyped-def]
    try:
        return function(prepared, margins, trim)
    except engine.EngineError:
        raise _refuse(
            label,
            None,
            "the weights cannot be adjusted to these controls (a cell with no sample, or a trimming "
            "cap below the mean weight); merge cells or raise --trim",
            "无法按这些控制总数调整权数（某分类格没有样本，或截尾上限低于平均权数）；请合并分类格或提高 --trim",
        ) from None


def distribution(w: pd.Series) -> dict:
    positive = w[w > 0]
    n = len(positive)
    return {
        "n": int(n),
        "sum": float(w.sum()),
        "min": float(positive.min()) if n else 0.0,
        "p25": float(positive.quantile(0.25)) if n else 0.0,
        "median": float(positive.median()) if n else 0.0,
        "p75": float(positive.quantile(0.75)) if n else 0.0,
        "max": float(positive.max()) if n else 0.0,
        "max_over_min": float(positive.max() / positive.min()) if n else 0.0,
        "kish_deff": float(n * (positive**2).sum() / positive.sum() ** 2) if n else 0.0,
    }


def matched(out: pd.DataFrame, controls: Controls) -> dict:
    achieved = out.groupby(cell_labels(out, controls.columns))["final_weight"].sum()
    got = {cell: float(achieved.get(cell, 0.0)) for cell in controls.totals}
    cells = [
        {"cell": cell, "target": target, "achieved": got[cell]}
        for cell, target in controls.totals.items()
    ]
    worst = max(abs(got[c] - t) / t for c, t in controls.totals.items())
    return {
        "file": controls.label,
        "columns": controls.columns,
        "largest_relative_gap": worst,
        "cells": cells,
    }
