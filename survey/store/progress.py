"""Counts of households by EA and state, for status pages and dashboards."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import sqlite_utils

from survey.states import State
from survey.store.tables import read_sql


def by_ea(db: sqlite_utils.Database, ea_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Per EA of the frame: listed, submitted (any version), each state, missing, additions."""
    states = ", ".join(
        f"SUM(CASE WHEN h.state = '{s.value}' THEN 1 ELSE 0 END) AS {s.value}" for s in State
    )
    name = "e.name" if "name" in db["eas"].columns_dict else "NULL"  # the frame may have no names
    rows = read_sql(
        db,
        f"""
        SELECT e.ea_id, {name} AS name,
          (SELECT COUNT(*) FROM listing l WHERE l.ea_id = e.ea_id) AS listed,
          (SELECT COUNT(*) FROM listing l WHERE l.ea_id = e.ea_id AND NOT EXISTS (
              SELECT 1 FROM households x WHERE x.ea_id = l.ea_id AND x.hh_no = l.hh_no
              AND x.current_version IS NOT NULL)) AS missing,
          COUNT(h.current_version) AS received,
          COALESCE(SUM(CASE WHEN h.listed = 0 THEN 1 ELSE 0 END), 0) AS additions,
          {states}
        FROM eas e LEFT JOIN households h ON h.ea_id = e.ea_id
        GROUP BY e.ea_id ORDER BY e.ea_id
        """,
    )
    if ea_ids is not None:
        rows = rows[rows["ea_id"].isin(list(ea_ids))]
    for s in State:
        rows[s.value] = rows[s.value].fillna(0).astype(int)
    return rows.reset_index(drop=True)


def user_names(db: sqlite_utils.Database) -> dict[int, str]:
    """Every account's name by its id."""
    return dict(db.execute("SELECT id, name FROM users").fetchall())
