"""A survey design on a table of sampled units, with the semantics of R's ``svydesign``.

One design object holds strata, clusters (PSUs, optionally SSUs within them), weights and
finite population corrections; every estimator is a function of (variable, design). The rules
are R ``survey``'s, so its published results are reproduced:

- a design is always *nested*: a PSU is identified by its stratum and its own code, an SSU by its
  PSU and its own code (R's ``nest=TRUE``);
- ``fpc`` above 1 is a population count (PSUs in the stratum, SSUs in the PSU), at most 1 a
  sampling fraction; one column may not mix the two;
- without weights or probabilities, the probabilities come from the fpc (n/N at each stage,
  multiplied); without any of them every unit weighs 1;
- a unit with weight 0 stays a member of the design (its PSU is still counted) — that is how
  domains and missing values are handled (R's ``subset`` and ``na.rm``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from collectors import InputError, Problem

LONELY_PSU = ("fail", "certainty", "remove", "adjust", "average")

# Internal column names of a prepared design (never clash with a survey's item names).
W, STRATUM, PSU, SSU, N1, N2 = "_w_", "_stratum_", "_psu_", "_ssu_", "_N1_", "_N2_"


@dataclass(frozen=True)
class Design:
    """Which columns carry the design, as the user named them."""

    strata: str | None = None
    psu: str | None = None
    ssu: str | None = None
    weight: str | None = None
    prob: str | None = None
    fpc: str | None = None
    fpc2: str | None = None
    lonely_psu: str = "fail"

    def columns(self) -> list[str]:
        named = (self.strata, self.psu, self.ssu, self.weight, self.prob, self.fpc, self.fpc2)
        return [c for c in named if c]


def _problem(label: str, column: str | None, en: str, zh: str, row: int | None = None) -> Problem:
    return Problem(code="design", message_en=en, message_zh=zh, file=label, row=row, column=column)


def _located(label: str, frame: pd.DataFrame, mask: pd.Series, column: str, en: str, zh: str):
    """One problem naming the first offending row (header = row 1) and how many there are."""
    rows = np.flatnonzero(mask.to_numpy())
    more_en = f" ({len(rows)} rows in all)" if len(rows) > 1 else ""
    more_zh = f"（共{len(rows)}行）" if len(rows) > 1 else ""
    return _problem(label, column, en + more_en, zh + more_zh, row=int(rows[0]) + 2)


def _numbers(frame: pd.DataFrame, column: str, label: str, problems: list[Problem]) -> pd.Series:
    values = pd.to_numeric(frame[column], errors="coerce")
    bad = values.isna() & frame[column].notna()
    if bad.any():
        problems.append(_located(label, frame, bad, column, "is not a number", "不是数字"))
    return values.astype(float)


def _population(
    fpc: pd.Series, sampled: pd.Series, column: str, label: str, problems: list[Problem]
) -> pd.Series:
    """Population counts from an fpc column: counts above 1, sampling fractions at most 1."""
    if (fpc <= 1).all():
        with np.errstate(divide="ignore"):
            return sampled / fpc
    if (fpc < 1).any():
        problems.append(
            _problem(
                label,
                column,
                "mixes population counts (above 1) and sampling fractions (below 1); use one kind",
                "混用了总体单位数（大于1）和抽样比（小于1）；请只用一种",
            )
        )
    return fpc


def prepare(frame: pd.DataFrame, design: Design, label: str) -> pd.DataFrame:
    """The rows of ``frame`` with the design's internal columns added, or a located refusal.

    Nothing in ``frame`` is changed; the result is a copy.
    """
    problems: list[Problem] = []
    missing = [c for c in design.columns() if c not in frame.columns]
    for column in missing:
        problems.append(
            _problem(
                label,
                column,
                "is not a column of the file; name one of its columns",
                "不是该文件的列；请给出文件中的列名",
            )
        )
    if design.lonely_psu not in LONELY_PSU:
        problems.append(
            _problem(
                label,
                None,
                f"unknown lonely-PSU option {design.lonely_psu!r}; use one of {', '.join(LONELY_PSU)}",
                f"未知的单PSU层处理方式 {design.lonely_psu!r}；可用 {', '.join(LONELY_PSU)}",
            )
        )
    if design.weight and design.prob:
        problems.append(
            _problem(
                label, None, "give --weight or --prob, not both", "只能给出 --weight 或 --prob 之一"
            )
        )
    if design.ssu and not design.psu:
        problems.append(
            _problem(label, design.ssu, "an SSU needs a PSU (--psu)", "指定二级单位需先指定 --psu")
        )
    if design.fpc2 and not (design.fpc and design.ssu):
        problems.append(
            _problem(
                label,
                design.fpc2,
                "--fpc2 needs --fpc and --ssu",
                "--fpc2 需要同时给出 --fpc 和 --ssu",
            )
        )
    if problems:
        raise InputError(problems)
    for code in (design.strata, design.psu, design.ssu):
        if code and frame[code].isna().any():
            problems.append(
                _located(
                    label,
                    frame,
                    frame[code].isna(),
                    code,
                    "is blank; every sampled unit needs its design codes",
                    "为空；每个样本单位都必须有抽样设计代码",
                )
            )
    out = frame.copy()
    n = len(out)
    strata = out[design.strata].astype(str) if design.strata else pd.Series("1", index=out.index)
    psu = (
        strata + "\x1f" + out[design.psu].astype(str)
        if design.psu
        else pd.Series(np.arange(n).astype(str), index=out.index)
    )
    out[STRATUM], out[PSU] = strata, psu
    if design.ssu:
        out[SSU] = psu + "\x1f" + out[design.ssu].astype(str)
    weights = None
    for named, invert in ((design.weight, False), (design.prob, True)):
        if named:
            values = _numbers(out, named, label, problems)
            bad = (
                values.isna()
                | (values <= 0 if invert else values < 0)
                | (values > 1 if invert else False)
            )
            if bad.any():
                rule_en = (
                    "must be a probability above 0 and at most 1"
                    if invert
                    else "must be a weight of 0 or more"
                )
                rule_zh = "必须是大于0且不超过1的概率" if invert else "必须是不小于0的权数"
                problems.append(_located(label, out, bad, named, rule_en, rule_zh))
            weights = 1.0 / values if invert else values
    probs = pd.Series(1.0, index=out.index)
    if design.fpc:
        n1 = psu.groupby(strata).transform("nunique").astype(float)
        fpc = _numbers(out, design.fpc, label, problems)
        if fpc.isna().any() or (fpc <= 0).any():
            problems.append(
                _located(
                    label, out, fpc.isna() | (fpc <= 0), design.fpc, "must be above 0", "必须大于0"
                )
            )
        out[N1] = _population(fpc, n1, design.fpc, label, problems)
        _check_population(out, N1, n1, strata, design.fpc, "stratum", "层", label, problems)
        probs = probs * n1 / out[N1]
    if design.fpc2:
        n2 = out[SSU].groupby(psu).transform("nunique").astype(float)
        fpc2 = _numbers(out, design.fpc2, label, problems)
        if fpc2.isna().any() or (fpc2 <= 0).any():
            problems.append(
                _located(
                    label,
                    out,
                    fpc2.isna() | (fpc2 <= 0),
                    design.fpc2,
                    "must be above 0",
                    "必须大于0",
                )
            )
        out[N2] = _population(fpc2, n2, design.fpc2, label, problems)
        _check_population(out, N2, n2, psu, design.fpc2, "PSU", "初级单位", label, problems)
        probs = probs * n2 / out[N2]
    if problems:
        raise InputError(problems)
    out[W] = weights if weights is not None else 1.0 / probs
    return out


def _check_population(
    out: pd.DataFrame,
    column: str,
    sampled: pd.Series,
    groups: pd.Series,
    named: str,
    unit_en: str,
    unit_zh: str,
    label: str,
    problems: list[Problem],
) -> None:
    varies = out[column].groupby(groups).transform("nunique") > 1
    if varies.any():
        problems.append(
            _located(
                label,
                out,
                varies,
                named,
                f"differs within one {unit_en}; the population size is one value per {unit_en}",
                f"在同一{unit_zh}内取值不同；总体单位数每个{unit_zh}只有一个值",
            )
        )
    small = out[column] < sampled - 1e-9
    if small.any():
        problems.append(
            _located(
                label,
                out,
                small,
                named,
                f"is smaller than the number of units sampled in its {unit_en}",
                f"小于该{unit_zh}中的样本单位数",
            )
        )


def degrees_of_freedom(prepared: pd.DataFrame, weights: pd.Series | np.ndarray) -> int:
    """R's ``degf``: PSUs with a nonzero weight minus strata with a nonzero weight."""
    inset = np.asarray(weights) != 0
    return int(prepared.loc[inset, PSU].nunique() - prepared.loc[inset, STRATUM].nunique())
