"""Typed tables from column arrays, and blanking of fields outside their universe."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

import schemas
from schemas import Questionnaire, Table


def typed(table: Table, columns: Mapping[str, Any]) -> pd.DataFrame:
    """A frame with exactly the table's columns and dtypes; missing columns are blank."""
    n = len(next(iter(columns.values())))
    out = {}
    for name, dtype in schemas.dtypes(table).items():
        values = columns.get(name)
        if values is None:
            out[name] = pd.Series(pd.NA, index=range(n), dtype=dtype)
        else:
            out[name] = pd.Series(pd.array(values, dtype=dtype), index=range(n))
    return pd.DataFrame(out)


def apply_universes(q: Questionnaire, table_name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Blank every field outside its universe (repeated until stable, since a universe may read a
    field that is itself blanked, e.g. ``reason_away`` reads ``time_away``)."""
    table = q.tables[table_name]
    out = frame.copy()
    work = schemas.with_derived(q, table_name, out)
    for _ in range(len(table.items)):
        changed = False
        for item in table.items:
            if item.universe_expr is None:
                continue
            outside = ~item.universe_expr.evaluate(work).to_numpy(dtype=bool)
            blank_now = outside & out[item.name].notna().to_numpy(dtype=bool)
            if blank_now.any():
                out.loc[blank_now, item.name] = pd.NA
                work[item.name] = out[item.name]
                changed = True
        if not changed:
            break
    return out


def outside_universe(q: Questionnaire, table_name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Boolean frame: True where a field is outside its universe (for checks and tests)."""
    table = q.tables[table_name]
    work = schemas.with_derived(q, table_name, frame)
    return pd.DataFrame(
        {
            item.name: (
                ~item.universe_expr.evaluate(work).to_numpy(dtype=bool)
                if item.universe_expr is not None
                else np.zeros(len(frame), dtype=bool)
            )
            for item in table.items
        },
        index=frame.index,
    )
