"""The header row of a survey or choices sheet in the one spelling the reader uses.

XLSForm has grown several spellings of one column (``bind::relevant`` for ``relevant``, ``list
name`` for ``list_name``) and any capitalisation; each is mapped to its short lower-case name here,
with language suffixes (``label::English (en)``) kept as written.
"""

from __future__ import annotations

import pandas as pd

from collectors.problems import InputError
from collectors.xlsform.workbook import FIRST_DATA_ROW, problem

ALIASES = {
    "list name": "list_name",
    "bind::relevant": "relevant",
    "bind::required": "required",
    "bind::constraint": "constraint",
    "bind::calculate": "calculation",
    "control::jr:count": "repeat_count",
}
"""Older or long spellings of survey and choices sheet headers, and the name used here."""


def normalised(frame: pd.DataFrame, name: str, sheet: str) -> pd.DataFrame:
    """Headers in the spelling used here: lower-case known columns, language suffixes kept.

    Two headers that mean the same column (``relevant`` and ``bind::relevant``) are merged row by
    row, as pyxform reads either: a row fills one of them or both alike; a row filling them with
    different texts is refused, located, since the form would mean two things."""
    renamed = []
    for column in frame.columns:
        key = column.strip()
        head, sep, language = key.partition("::")
        lowered = head.lower()
        if lowered in ("label", "hint", "constraint_message", "required_message") and sep:
            renamed.append(f"{lowered}::{language.strip()}")
        else:
            renamed.append(ALIASES.get(key.lower(), key.lower()))
    merged: dict[str, pd.Series] = {}
    spelled: dict[str, str] = {}
    for original, column in zip(frame.columns, renamed, strict=True):
        cells = frame[original].astype("string").fillna("")
        if column not in merged:
            merged[column], spelled[column] = cells, str(original)
            continue
        before = merged[column]
        clash = (
            (before.str.strip() != "")
            & (cells.str.strip() != "")
            & (before.str.strip() != cells.str.strip())
        )
        if clash.any():
            position = int(clash.to_numpy().nonzero()[0][0])
            raise InputError(
                [
                    problem(
                        "same_column_twice",
                        f"the columns '{spelled[column]}' and '{original}' mean the same and "
                        "hold different texts in this row; keep one of them",
                        f"“{spelled[column]}”列与“{original}”列含义相同，本行却填了不同的内容；"
                        "请只保留其中一列",
                        name,
                        sheet=sheet,
                        row=position + FIRST_DATA_ROW,
                        column=str(original),
                    )
                ]
            )
        merged[column] = before.where(before.str.strip() != "", cells)
    return pd.DataFrame(merged, index=frame.index).astype(object)
