"""Paradata of each version: when its interview started and ended on the device.

Reported by the field app (the first answer typed into the version and the moment Submit was
pressed) or by the form without JavaScript (when the form was opened, when it was submitted).
Imports and versions stored before the table have no row.
"""

from __future__ import annotations

import pandas as pd
import sqlite_utils

from survey.store.tables import python_rows, read_sql

COLUMNS = ["version_id", "started_at", "ended_at"]


def store(db: sqlite_utils.Database, rows: pd.DataFrame) -> None:
    """Keep the interview times of the versions in ``rows`` (columns :data:`COLUMNS`)."""
    db.conn.executemany(
        "INSERT OR REPLACE INTO version_paradata (version_id, started_at, ended_at) "
        "VALUES (?, ?, ?)",
        python_rows(rows, COLUMNS),
    )


def for_household(db: sqlite_utils.Database, ea_id: str, hh_no: str) -> pd.DataFrame:
    """The household's versions that carry interview times: version, started_at, ended_at."""
    return read_sql(
        db,
        "SELECT v.version, p.started_at, p.ended_at FROM versions v "
        "JOIN version_paradata p ON p.version_id = v.id "
        "WHERE v.ea_id = ? AND v.hh_no = ? ORDER BY v.version",
        [ea_id, hh_no],
    )
