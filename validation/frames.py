"""Checking a frame table (``eas``, ``listing``) against its schema, for loading the frame.

A frame is reference data, not a respondent's answers: the caller refuses the whole file when this
returns anything. Rows are located by their position (``row`` = position + 2, the header being
row 1), since a frame row has no household key to name.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from schemas import Questionnaire
from validation.adapter import check_templates, failure_cases, shown_values
from validation.context import typed
from validation.messages import render

COLUMNS = ["rule_id", "row", "field", "message_en", "message_zh"]


def check_table(q: Questionnaire, table_name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """V-03 findings of a typed frame table: one row per bad cell (blank keys are the reader's)."""
    table = q.tables[table_name]
    frame = typed(table, frame)
    cases = failure_cases(q, table_name, frame)
    parts = []
    for (name, check), group in cases.groupby(["column", "check_name"], sort=True):
        item = table.by_name[str(name)]
        positions = group["index"].dropna().to_numpy(dtype=np.int64)
        column = frame[item.name].iloc[positions]
        values = {
            "value": shown_values(item, column).reset_index(drop=True),
            "length": column.astype("string").str.len().reset_index(drop=True),
        }
        en, zh = check_templates(item, str(check))
        parts.append(
            pd.DataFrame(
                {
                    "rule_id": "V-03",
                    "row": positions + 2,
                    "field": item.name,
                    "message_en": render(en, values, len(positions), "en").to_numpy(),
                    "message_zh": render(zh, values, len(positions), "zh").to_numpy(),
                }
            )
        )
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS})
    return pd.concat(parts, ignore_index=True).sort_values(["row", "field"], ignore_index=True)
