"""Look-ups across households' persons (for survey-wide rules such as ID-05)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import sqlite_utils

from survey.store.tables import read_sql

_CURRENT = (
    "FROM person_rows r JOIN versions v ON v.id = r.version_id "
    "JOIN households h ON h.ea_id = v.ea_id AND h.hh_no = v.hh_no AND v.version = h.current_version "
)


def current_version_ids_with_ids(
    db: sqlite_utils.Database, id_numbers: Sequence[str]
) -> pd.DataFrame:
    """Current versions holding a person with one of ``id_numbers`` (ea_id, hh_no, version_id)."""
    ids = list(dict.fromkeys(id_numbers))
    if not ids:
        return pd.DataFrame(columns=["ea_id", "hh_no", "version_id", "id_number"])
    if len(ids) > 900:
        rows = read_sql(
            db,
            f"SELECT v.ea_id, v.hh_no, r.version_id, r.id_number {_CURRENT}"
            "WHERE r.id_number IS NOT NULL",
        )
        return rows[rows["id_number"].isin(ids)]
    marks = ", ".join("?" for _ in ids)
    return read_sql(
        db,
        f"SELECT v.ea_id, v.hh_no, r.version_id, r.id_number {_CURRENT}"
        f"WHERE r.id_number IN ({marks})",
        ids,
    )
