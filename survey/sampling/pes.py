"""The PES report: persons in both, only in the survey, only in the PES, match rate, omission rate
(漏登率), erroneous enumeration rate, and the dual-system estimate with its standard error.

For the EAs of the PES sample, with weights w = 1/π (π of the EA being in the PES, product over
the survey's and the PES's stages), and per EA C persons in the survey, E of them found
erroneous on follow-up, P persons in the PES and M matched:

    omission rate 漏登率        O = 1 - M̂/P̂         (M̂ = Σ w·M, P̂ = Σ w·P)
    erroneous enumeration rate  EE = Ê/Ĉ
    coverage factor             F = (Ĉ - Ê)/Ĉ · P̂/M̂
    dual-system estimate        N̂ = C_all · F

where C_all is every person the survey enumerated (in all its EAs, per stratum): the PES
measures the coverage, the survey supplies the count. O is the share of the persons the PES
found whom the survey missed; in the PES EAs, with N̂ = (Ĉ - Ê)·P̂/M̂, it is also 1 - (Ĉ - Ê)/N̂:
the persons missed among all there were (the census offices' 漏登率 = 漏登人数 / 应登人数). Standard errors are Taylor linearised on the PES design, as R's
``svyratio`` (O, EE) and ``svycontrast`` (N̂) would give them; per EA the rates are shown without.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from collectors import InputError, Problem
from survey.sampling import engine
from survey.sampling.design import Design, prepare

COUNTS = ["survey", "erroneous", "pes", "both", "only_survey", "only_pes"]


def ea_counts(
    survey: pd.DataFrame, pes: pd.DataFrame, matches: pd.DataFrame, erroneous: pd.DataFrame | None
) -> pd.DataFrame:
    """Per PES EA: C, E, P, M and the persons only in one of the two."""
    eas = pes["ea_id"].astype(str).unique()
    ea_s = survey["ea_id"].astype(str)
    c = ea_s[ea_s.isin(eas)].value_counts()
    p = pes["ea_id"].astype(str).value_counts()
    m = matches["ea_id"].astype(str).value_counts()
    e = (
        erroneous["ea_id"].astype(str).value_counts()
        if erroneous is not None
        else pd.Series(dtype=int)
    )
    table = pd.DataFrame(index=pd.Index(sorted(eas), name="ea_id"))
    table["survey"], table["erroneous"] = c, e
    table["pes"], table["both"] = p, m
    table = table.fillna(0).astype(int)
    table["only_survey"] = table["survey"] - table["both"]
    table["only_pes"] = table["pes"] - table["both"]
    return table.reset_index()


def _rates(table: pd.DataFrame) -> pd.DataFrame:
    with np.errstate(divide="ignore", invalid="ignore"):
        table["match_rate"] = table["both"] / table["pes"]
        table["omission_rate"] = 1 - table["both"] / table["pes"]
        table["erroneous_rate"] = table["erroneous"] / table["survey"]
    return table


def report(
    counts: pd.DataFrame,
    eas: pd.DataFrame,
    label: str = "eas",
    enumerated: pd.Series | None = None,
) -> dict[str, pd.DataFrame]:
    """Per EA, per stratum and for the survey; ``eas`` gives ea_id, stratum, psu, prob.

    ``enumerated`` is the stratum of every person the survey enumerated (in all its EAs), which
    the coverage factor scales up to the dual-system estimate; without it, the PES EAs' own
    survey counts weighted up stand for it.
    """
    known = set(eas["ea_id"].astype(str))
    unknown = [ea for ea in counts["ea_id"] if ea not in known]
    if unknown:
        raise InputError(
            [
                Problem(
                    "pes",
                    f"EA {unknown[0]} of the PES is not in {label}; give its stratum, psu and prob "
                    f"there ({len(unknown)} EAs in all)",
                    f"复查的调查小区 {unknown[0]} 不在 {label} 中；请在其中给出其层、初级单位和入样概率"
                    f"（共{len(unknown)}个小区）",
                    file=label,
                )
            ]
        )
    frame = counts.merge(
        eas[["ea_id", "stratum", "psu", "prob"]].astype({"ea_id": str}), on="ea_id", how="left"
    )
    design = Design(strata="stratum", psu="psu", prob="prob", lonely_psu="certainty")
    prepared = prepare(frame, design, label)
    per_ea = _rates(frame.copy())
    if enumerated is None:
        weighted = prepared.groupby("stratum")["_w_"].apply(
            lambda w: float((w * prepared.loc[w.index, "survey"]).sum())
        )
        by_stratum = {str(k): float(v) for k, v in weighted.items()}
    else:
        by_stratum = {str(k): float(v) for k, v in enumerated.astype(str).value_counts().items()}
    whole = _estimates(prepared, None, {"": sum(by_stratum.values())})
    strata = _estimates(prepared, prepared["stratum"], by_stratum)
    return {"ea": per_ea, "stratum": strata, "survey": whole}


def _ratio(prepared: pd.DataFrame, num: str, den: str, by: pd.Series | None) -> pd.DataFrame:
    return engine.taylor(
        prepared, "ratio", prepared[num].astype(float), prepared[den].astype(float),
        [by] if by is not None else None, "certainty",
    )  # fmt: skip


def _estimates(
    prepared: pd.DataFrame, by: pd.Series | None, enumerated_all: dict[str, float]
) -> pd.DataFrame:
    w = prepared["_w_"].to_numpy()
    groups = by.astype(str) if by is not None else pd.Series("", index=prepared.index)
    match = _ratio(prepared, "both", "pes", by)
    erroneous = _ratio(prepared, "erroneous", "survey", by)
    if by is not None:
        match, erroneous = match.set_index("d0"), erroneous.set_index("d0")
    rows = []
    for g in sorted(groups.unique()):
        rows.append(
            _figures(prepared, groups, g, w, match, erroneous, by is not None, enumerated_all)
        )
    table = pd.DataFrame(rows)
    return table.drop(columns="stratum") if by is None else table


def _figures(
    prepared: pd.DataFrame,
    groups: pd.Series,
    g: str,
    w: np.ndarray,
    match: pd.DataFrame,
    erroneous: pd.DataFrame,
    by_stratum: bool,
    enumerated_all: dict[str, float],
) -> dict:
    inside = (groups == g).to_numpy()
    sums = {k: np.float64((w * prepared[k].to_numpy() * inside).sum()) for k in COUNTS}
    c_hat, e_hat, p_hat, m_hat = (sums[k] for k in ("survey", "erroneous", "pes", "both"))
    with np.errstate(divide="ignore", invalid="ignore"):
        ccf = (c_hat - e_hat) * p_hat / (c_hat * m_hat)  # the coverage correction factor
        # linearised: z = ccf·((C-E)/(Ĉ-Ê) + P/P̂ - C/Ĉ - M/M̂), within the group only
        z = (
            ccf
            * (
                (prepared["survey"] - prepared["erroneous"]) / (c_hat - e_hat)
                + prepared["pes"] / p_hat
                - prepared["survey"] / c_hat
                - prepared["both"] / m_hat
            )
        ).where(inside, 0.0)
    z = z.replace([np.inf, -np.inf], np.nan).fillna(0.0)
    total = engine.taylor(prepared, "total", z.astype(float), None, None, "certainty")
    enumerated = enumerated_all.get(g, 0.0)
    m_row = match.loc[g] if by_stratum else match.iloc[0]
    e_row = erroneous.loc[g] if by_stratum else erroneous.iloc[0]
    return {
        "stratum": g,
        **{k: int(prepared.loc[inside, k].sum()) for k in COUNTS},
        "match_rate": m_row["est"],
        "omission_rate": 1 - m_row["est"],
        "omission_rate_se": m_row["se"],
        "erroneous_rate": e_row["est"],
        "erroneous_rate_se": e_row["se"],
        "enumerated": enumerated,
        "coverage_factor": float(ccf),
        "dse": float(enumerated * ccf),
        "dse_se": float(enumerated * total["se"].iloc[0]) if np.isfinite(ccf) else float("nan"),
    }
