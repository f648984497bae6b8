"""The EA frame of converted data: each EA's stratum, PSU and inclusion probability.

``prob`` is 1/weight when the weight column (``--weight``) holds one weight of at least 1 in
every household of the EA; otherwise the EA's ``prob`` is left blank, saying why, and the weight
stays an item. The stratum (``--stratum``) must be one value per EA.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from collectors.microdata.keys import first_varying
from collectors.microdata.problems import refuse
from collectors.microdata.reading import Source
from collectors.notes import Note


@dataclass(frozen=True)
class Design:
    eas: pd.DataFrame  # ea_id, stratum, psu, prob (text)
    notes: tuple[Note, ...]
    weight_kept: bool  # the weight stays an item since some EA's prob is blank


def _varies(values: pd.Series, households: pd.DataFrame, per: str) -> pd.Series:
    return values.groupby(households[per].to_numpy()).transform("nunique").gt(1)


def design(
    households: pd.DataFrame,
    cells: pd.DataFrame,
    source: Source,
    weight: str | None,
    stratum: str | None,
    weight_varies_in_household: bool,
) -> Design:
    """``households`` holds ea_id, psu and the source position ``first``; ``cells`` the household
    source's cells."""
    frame = households[["ea_id", "psu"]].reset_index(drop=True)
    notes: list[Note] = []
    frame["stratum"] = ""
    if stratum is not None:
        values = cells[stratum].iloc[households["first"]].reset_index(drop=True)
        position = first_varying(values, frame["ea_id"])
        if position is not None:
            raise refuse(
                f"the stratum '{values.iloc[position]}' differs from the one of the first household "
                f"of EA {frame['ea_id'].iloc[position]}; --stratum must name one stratum per EA",
                f"抽样层“{values.iloc[position]}”与调查小区 {frame['ea_id'].iloc[position]} 第一户的"
                "不同；--stratum 指定的列在每个调查小区内只能有一个值",
                source.name,
                row=source.row(int(households["first"].iloc[position])),
                column=stratum,
            )
        frame["stratum"] = values
    frame["prob"] = ""
    kept = False
    if weight is None:
        notes.append(
            Note(
                "prob",
                "no weight column (--weight): prob is blank in eas.csv; exports leave households "
                "without a design weight out until it is filled",
                "未指定权数列（--weight）：eas.csv 的 prob 为空；填写之前导出会略去无设计权数的住户",
            )
        )
    elif weight_varies_in_household:
        kept = True
        notes.append(
            Note(
                weight,
                "the weight differs between persons of a household, so it is no household's "
                "design weight: prob is blank and the weight stays a person item",
                "同一户内各人的权数不同，不是住户的设计权数：prob 为空，权数保留为人员项",
            )
        )
    else:
        numbers = pd.to_numeric(cells[weight].iloc[households["first"]], errors="coerce")
        numbers = numbers.reset_index(drop=True)
        uneven = _varies(numbers.fillna(-1), frame, "ea_id")
        unusable = numbers.isna() | ~np.isfinite(numbers) | (numbers < 1)
        bad_ea = (uneven | unusable).groupby(frame["ea_id"]).transform("any")
        frame["prob"] = (1 / numbers).map(repr).where(~bad_ea, "")
        if bad_ea.any():
            kept = True
            eas = frame["ea_id"][bad_ea].unique()
            first = int(np.flatnonzero(bad_ea.to_numpy())[0])
            why_en = (
                "differs between households of the EA"
                if uneven[bad_ea].any()
                else "is blank, not a number or below 1"
            )
            why_zh = "同一调查小区内各户不同" if uneven[bad_ea].any() else "为空、非数值或小于 1"
            notes.append(
                Note(
                    weight,
                    f"in {len(eas)} EA(s) (the first {eas[0]}, row "
                    f"{source.row(int(households['first'].iloc[first]))}) the weight {why_en}, "
                    "so their prob is left blank; the weight stays an item",
                    f"有 {len(eas)} 个调查小区（第一个为 {eas[0]}，第"
                    f"{source.row(int(households['first'].iloc[first]))}行）的权数{why_zh}，故其 prob "
                    "为空；权数保留为调查项",
                )
            )
        if not bad_ea.all():
            notes.append(
                Note(
                    weight,
                    "one weight per EA: prob = 1/weight in eas.csv, and the exports' weight is it "
                    "again (the weight is not kept as an item)",
                    "每个调查小区一个权数：eas.csv 中 prob = 1/权数，导出的 weight 即为该权数"
                    "（权数不再作为调查项保留）",
                )
            )
    eas = frame.drop_duplicates("ea_id").reset_index(drop=True)
    return Design(eas[["ea_id", "stratum", "psu", "prob"]], tuple(notes), kept)
