"""`survey sample`: a frame of EAs in, the selected EAs out, ready for `survey load eas`.

One stage: the frame's rows (EAs, or any units) are drawn within each stratum. Two stages
(``psu`` given): the PSUs (villages) are drawn first, by PPS on the sum of their EAs' sizes or by
SRS, then ``ea_per_psu`` EAs within each selected PSU. ``prob`` is the product over stages. A PSU
(or an EA of a one-stage draw) taken with certainty is self-representing: it becomes its own
stratum (``<stratum>-SR<k>``) and its EAs become the PSUs of that stratum, so the estimation
treats it as a stratum, not as a sampled cluster.

The draw is reproducible from its log: the seed, the method and, per stratum and per PSU, the
number drawn, the certainty units, the passes needed to cap them and the random start.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from collectors import InputError, Problem
from survey.sampling.selection import Draw, draw

METHODS = ("pps-systematic", "srs")


@dataclass(frozen=True)
class Plan:
    size: str | None = None
    strata: str | None = None
    n: int | None = None
    allocation: dict[str, int] | None = None
    method: str = "pps-systematic"
    psu: str | None = None
    ea_per_psu: int = 1
    method2: str = "srs"
    unit: str = "ea_id"
    name: str | None = "name"
    seed: int = 1


def _refuse(label: str, column: str | None, en: str, zh: str, row: int | None = None) -> InputError:
    return InputError([Problem("sample", en, zh, file=label, row=row, column=column)])


def _check(frame: pd.DataFrame, plan: Plan, label: str) -> pd.Series | None:
    for column in (plan.unit, plan.strata, plan.psu, plan.size):
        if column and column not in frame.columns:
            raise _refuse(label, column, "is not a column of the frame", "不是抽样框中的列")
    if plan.method not in METHODS or plan.method2 not in METHODS:
        raise _refuse(
            label,
            None,
            f"the method is one of {', '.join(METHODS)}",
            f"抽样方法只能是 {', '.join(METHODS)}",
        )
    if (plan.n is None) == (plan.allocation is None):
        raise _refuse(
            label,
            None,
            "give --n or --allocation (one of them)",
            "请给出 --n 或 --allocation（二选一）",
        )
    if plan.size is None and "pps-systematic" in (
        plan.method,
        plan.method2 if plan.psu else plan.method,
    ):
        raise _refuse(
            label,
            None,
            "PPS selection needs --size (the measure of size)",
            "按规模成比例抽样需要 --size（规模度量）",
        )
    for column in (plan.unit, plan.strata, plan.psu):
        if column and frame[column].isna().any():
            row = int(np.flatnonzero(frame[column].isna().to_numpy())[0]) + 2
            raise _refuse(
                label,
                column,
                "is blank; every unit of the frame needs it",
                "为空；抽样框的每个单位都必须填写",
                row,
            )
    if frame[plan.unit].duplicated().any():
        row = int(np.flatnonzero(frame[plan.unit].duplicated().to_numpy())[0]) + 2
        raise _refuse(
            label, plan.unit, "repeats a unit already in the frame", "与抽样框中已有单位重复", row
        )
    if plan.size is None:
        return None
    size = pd.to_numeric(frame[plan.size], errors="coerce")
    bad = size.isna() | (size < 0)
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0]) + 2
        raise _refuse(
            label,
            plan.size,
            "must be a number of 0 or more (the unit's measure of size)",
            "必须是不小于0的数（单位的规模度量）",
            row,
        )
    return size.astype(float)


def _wanted(plan: Plan, stratum: str, units: int, label: str) -> int:
    n = plan.n if plan.allocation is None else plan.allocation.get(stratum)
    if n is None:
        raise _refuse(
            label,
            plan.strata,
            f"stratum {stratum} is not in the allocation file; give its n",
            f"分配文件中没有层 {stratum}；请给出其样本量",
        )
    if not 0 < n <= units:
        raise _refuse(
            label,
            plan.strata,
            f"stratum {stratum} has {units} units, so {n} cannot be drawn from it",
            f"层 {stratum} 只有 {units} 个单位，无法抽取 {n} 个",
        )
    return int(n)


def _log(d: Draw, n: int, units: list[str]) -> dict:
    return {
        "n": n,
        "units": len(d.pi),
        "random_start": None if d.start is None else round(d.start, 12),
        "certainty": [units[i] for i in np.flatnonzero(d.certainty)],
        "certainty_passes": d.passes,
    }


def select(frame: pd.DataFrame, plan: Plan, label: str = "frame") -> tuple[pd.DataFrame, dict]:
    """The selected units as an ``eas`` table (ea_id, name, stratum, psu, prob) and the draw's log."""
    size = _check(frame, plan, label)
    data = frame.copy()  # nothing done here changes the caller's frame
    data["_size_"] = size if size is not None else 1.0
    data["_stratum_"] = data[plan.strata].astype(str) if plan.strata else "1"
    data["_psu_"] = data[plan.psu].astype(str) if plan.psu else data[plan.unit].astype(str)
    rng = np.random.default_rng(plan.seed)
    log: dict = {"seed": plan.seed, "method": plan.method, "strata": {}}
    chosen = []
    for stratum, block in data.groupby("_stratum_", sort=True):
        psus = block.groupby("_psu_", sort=False)["_size_"].sum()
        n = _wanted(plan, str(stratum), len(psus), label)
        first = draw(plan.method, psus.to_numpy() if size is not None else None, len(psus), n, rng)
        codes = [str(c) for c in psus.index]
        entry = _log(first, n, codes)
        entry["psus"] = {}
        sr = 0
        for position in first.selected:
            code = codes[position]
            eas = block[block["_psu_"] == code].copy()
            eas["_prob1_"] = first.pi[position]
            eas["_stratum_out_"] = str(stratum)
            if first.certainty[position]:
                sr += 1
                eas["_stratum_out_"] = f"{stratum}-SR{sr}"
            if plan.psu:
                m = min(plan.ea_per_psu, len(eas))
                second = draw(
                    plan.method2,
                    eas["_size_"].to_numpy() if size is not None else None,
                    len(eas),
                    m,
                    rng,
                )
                entry["psus"][code] = _log(second, m, [str(u) for u in eas[plan.unit]])
                eas["_prob2_"] = second.pi
                eas = eas.iloc[second.selected]
            else:
                eas["_prob2_"] = 1.0
            if first.certainty[position]:
                eas["_psu_"] = eas[plan.unit].astype(str)  # its EAs are the PSUs of its stratum
            chosen.append(eas)
        log["strata"][str(stratum)] = entry
    picked = pd.concat(chosen)
    eas = pd.DataFrame(
        {
            "ea_id": picked[plan.unit].astype(str).to_numpy(),
            "name": picked[plan.name].astype(str).to_numpy() if plan.name in picked.columns else "",
            "stratum": picked["_stratum_out_"].to_numpy(),
            "psu": picked["_psu_"].to_numpy(),
            "prob": (picked["_prob1_"] * picked["_prob2_"]).to_numpy(),
        }
    )
    return eas, log


def read_allocation(path: str | Path) -> dict[str, int]:
    """The sample size per stratum from a CSV with columns ``stratum`` and ``n``."""
    from survey.sampling.reading import read_table

    table = read_table(path)
    label = str(path)
    for column in ("stratum", "n"):
        if column not in table.columns:
            raise _refuse(
                label,
                column,
                "is missing; the allocation file has columns stratum,n",
                "缺少该列；分配文件应有 stratum,n 两列",
            )
    n = pd.to_numeric(table["n"], errors="coerce")
    bad = n.isna() | (n < 1) | (n != n.round())
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0]) + 2
        raise _refuse(label, "n", "must be a whole number of 1 or more", "必须是不小于1的整数", row)
    return dict(zip(table["stratum"].astype(str), n.astype(int), strict=True))
