"""Control totals for post-stratification and raking: a CSV of cell columns and ``total``.

``prefecture,sex,age_group,total`` is one margin crossed over three variables (post-stratify
on it); several files, each a margin (``sex,total`` and ``age_group,total``), are raked to.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from collectors import InputError, Problem
from survey.sampling.engine import Margin

TOTAL = "total"


@dataclass(frozen=True)
class Controls:
    label: str
    columns: list[str]
    totals: dict[str, float]


def cell_labels(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """One label per row for its cell: the codes joined by commas (1 rather than 1.0)."""
    from survey.sampling.estimation import codes

    parts = [codes(frame[c]).astype("string") for c in columns]
    joined = parts[0]
    for part in parts[1:]:
        joined = joined + "," + part
    return joined


def read_controls(path: str | Path) -> Controls:
    from survey.sampling.reading import read_table

    return controls_from(read_table(path), str(path))


def controls_from(table: pd.DataFrame, label: str) -> Controls:
    if TOTAL not in table.columns or len(table.columns) < 2:
        raise InputError(
            [
                Problem(
                    "controls",
                    "needs the cell columns and a column 'total' (e.g. sex,age_group,total)",
                    "需要分类列和一列 total（例如 sex,age_group,total）",
                    file=label,
                )
            ]
        )
    totals = pd.to_numeric(table[TOTAL], errors="coerce")
    bad = totals.isna() | (totals <= 0)
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0]) + 2
        raise InputError(
            [
                Problem(
                    "controls",
                    "must be a population total above 0",
                    "必须是大于0的总体总数",
                    file=label,
                    row=row,
                    column=TOTAL,
                )
            ]
        )
    columns = [c for c in table.columns if c != TOTAL]
    cells = cell_labels(table, columns)
    if cells.duplicated().any():
        row = int(np.flatnonzero(cells.duplicated().to_numpy())[0]) + 2
        raise InputError(
            [
                Problem(
                    "controls",
                    "repeats a cell given above; give each cell once",
                    "与上面的分类格重复；每个分类格只能给一次",
                    file=label,
                    row=row,
                )
            ]
        )
    return Controls(label, columns, dict(zip(cells, totals.astype(float), strict=True)))


def margin(frame: pd.DataFrame, controls: Controls, data_label: str) -> Margin:
    """The margin of ``controls`` for the rows of ``frame``; every row's cell must have a total."""
    missing = [c for c in controls.columns if c not in frame.columns]
    if missing:
        raise InputError(
            [
                Problem(
                    "controls",
                    f"names column {c}, which the data do not have",
                    f"给出的列 {c} 不在数据中",
                    file=controls.label,
                    column=c,
                )
                for c in missing
            ]
        )
    cells = cell_labels(frame, controls.columns)
    unknown = cells.isna() | ~cells.isin(list(controls.totals))
    if unknown.any():
        row = int(np.flatnonzero(unknown.to_numpy())[0])
        raise InputError(
            [
                Problem(
                    "controls",
                    f"the cell {cells.iloc[row]} ({', '.join(controls.columns)}) has no control total in {controls.label}; add it or correct the data",
                    f"分类格 {cells.iloc[row]}（{'、'.join(controls.columns)}）在 {controls.label} 中没有控制总数；请补上或更正数据",
                    file=data_label,
                    row=row + 2,
                )
            ]
        )
    present = set(cells)
    return Margin(cells, {k: v for k, v in controls.totals.items() if k in present})
