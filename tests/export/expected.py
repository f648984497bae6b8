"""What an export should hold, computed independently of the export code: the approved records
read with ``survey.store.records``, joined to the frame with pandas, age by ``schemas.with_derived``.

Values are compared as plain Python values (None for blank, numbers as float), so every format —
typed Parquet, text CSV, Stata, SPSS, XLSX — is compared against the same expectation.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from schemas import with_derived
from survey.context import Survey
from survey.states import State
from survey.store import listings
from survey.store.records import records
from tests.export.builder import Q

KEYS = {"households": ["ea_id", "hh_no"], "persons": ["ea_id", "hh_no", "line_no"]}


def approved(survey: Survey) -> dict[str, pd.DataFrame]:
    """Approved households and their persons, with design variables and age, in file order."""
    found = records(survey.store.read, Q, which="approved")
    households = found.households[found.households["state"] == State.APPROVED.value]
    eas = listings.read(survey.store.read, Q, "eas")[["ea_id", "stratum", "psu", "prob"]]
    out = {}
    for table, frame in (("households", households), ("persons", found.persons)):
        own = Q.tables[table].columns
        frame = frame[own].merge(households[["ea_id", "hh_no"]], on=["ea_id", "hh_no"])
        frame = frame.merge(eas, on="ea_id")
        frame["weight"] = 1 / frame["prob"]
        if table == "persons":
            frame = with_derived(Q, "persons", frame)
        else:
            frame = frame.merge(interviews(survey), on=["ea_id", "hh_no"], how="left")
        out[table] = frame.sort_values(KEYS[table]).reset_index(drop=True)
    return out


def interviews(survey: Survey) -> pd.DataFrame:
    """The paradata of each household's approved version (none for households imported)."""
    found = survey.store.read.execute(
        "SELECT h.ea_id, h.hh_no, p.started_at, p.ended_at FROM households h "
        "JOIN versions v ON v.ea_id = h.ea_id AND v.hh_no = h.hh_no "
        "AND v.version = h.approved_version "
        "JOIN version_paradata p ON p.version_id = v.id"
    ).fetchall()
    columns = ["ea_id", "hh_no", "interview_start", "interview_end"]
    return pd.DataFrame([tuple(r) for r in found], columns=columns, dtype=object)


def plain(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return float(value)
    if hasattr(value, "item"):  # numpy scalars
        return plain(value.item())
    return value


def rows(frame: pd.DataFrame, columns: list[str] | None = None) -> list[dict[str, Any]]:
    """The frame's rows as dicts of plain values, in ``columns`` order."""
    frame = frame[columns] if columns is not None else frame
    return [
        {name: plain(value) for name, value in zip(frame.columns, row, strict=True)}
        for row in frame.itertuples(index=False, name=None)
    ]
