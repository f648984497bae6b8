"""The four flat files of converted microdata, as text cells: households.csv, persons.csv (the
codes of categorical columns in place of their text), eas.csv and listing.csv (every household,
as listed, with its persons as the expected count)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from collectors.microdata.keys import Keys

if TYPE_CHECKING:
    from collectors.microdata.convert import Column

MAX_EXPECTED = 99  # the listing's expected_persons holds 0–99


def _values(cells: pd.Series, column: Column) -> pd.Series:
    codes = column.inferred.codes
    if codes is None or column.identifier or column.inferred.type.value == "integer":
        return cells
    mapping = {value: str(code) for code, value in enumerate(codes, start=1)}
    return cells.map(mapping).fillna("")


def _items(cells: pd.DataFrame, columns: list[Column], table: str) -> dict[str, pd.Series]:
    return {
        c.name: _values(cells[c.source], c).reset_index(drop=True)
        for c in columns
        if c.table == table
    }


def flat_tables(
    keys: Keys,
    household_cells: pd.DataFrame,
    person_cells: pd.DataFrame,
    columns: list[Column],
    eas: pd.DataFrame,
) -> dict[str, pd.DataFrame]:
    hh = keys.households.reset_index(drop=True)
    households = pd.DataFrame(
        {
            "ea_id": hh["ea_id"],
            "hh_no": hh["hh_no"],
            **_items(household_cells, columns, "households"),
        }
    )
    order = np.lexsort((keys.persons["line_no"].to_numpy(), keys.persons["household"].to_numpy()))
    household = keys.persons["household"].to_numpy()[order]
    persons = pd.DataFrame(
        {
            "ea_id": hh["ea_id"].to_numpy()[household],
            "hh_no": hh["hh_no"].to_numpy()[household],
            "line_no": keys.persons["line_no"].to_numpy()[order].astype(str),
            **{
                name: values.to_numpy()[order]
                for name, values in _items(person_cells, columns, "persons").items()
            },
        }
    )
    size = np.bincount(household, minlength=len(hh))
    listing = pd.DataFrame(
        {
            "ea_id": hh["ea_id"],
            "hh_no": hh["hh_no"],
            "building_no": "",
            "unit_no": "",
            "head_name": "",
            "expected_persons": np.where(size <= MAX_EXPECTED, size.astype(str), ""),
        }
    )
    return {"households": households, "persons": persons, "eas": eas, "listing": listing}
