"""From one submitted household (a web form or a JSON API body) to a typed batch.

Values may be typed (from JSON) or text (from a form). Both go through the same cell parser as the
flat files, so ``"abc"`` as a birth year is kept as a cell error exactly as it would be in a CSV.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import pyarrow as pa

from collectors.batch import Batch
from collectors.cells import TEXT, coerce
from schemas import Questionnaire, Table


def cell_text(value: Any) -> str:
    """A JSON or form value as the text a file's cell would carry (None is a blank cell)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def from_submission(
    questionnaire: Questionnaire,
    household: Mapping[str, Any],
    persons: Sequence[Mapping[str, Any]],
) -> Batch:
    """Typed tables for one household; persons inherit the household's key."""
    parent_key = {name: household.get(name) for name in questionnaire.households.key}
    return from_submissions(
        questionnaire, [household], [{**person, **parent_key} for person in persons]
    )


def from_submissions(
    questionnaire: Questionnaire,
    households: Sequence[Mapping[str, Any]],
    persons: Sequence[Mapping[str, Any]],
) -> Batch:
    """Typed tables for many households at once, over columns (each person carries its
    household's key): the same tables as :func:`from_submission` of each, one after another."""
    hh_table, person_table = questionnaire.households, questionnaire.persons
    raw_hh, raw_persons = _texts(hh_table, households), _texts(person_table, persons)
    typed_households, hh_errors = coerce(hh_table, raw_hh)
    typed_persons, person_errors = coerce(person_table, raw_persons)
    errors = (
        pd.concat([hh_errors, person_errors], ignore_index=True)
        if len(person_errors)
        else hh_errors
    )
    return Batch(typed_households, typed_persons, errors)


def _texts(table: Table, rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """The rows' cells as text columns, built straight in Arrow (pandas' own conversion of each
    column costs more than typing it)."""
    return pd.DataFrame(
        {
            name: pd.arrays.ArrowStringArray(pa.array([cell_text(r.get(name)) for r in rows], TEXT))
            for name in table.columns
        },
        index=pd.RangeIndex(len(rows)),
    )
