"""The counts of 项不漏填 kept beside each version: its applicable and its filled fields.

They depend on the version's own data alone (immutable), so they are computed once, when the
version is validated, and the coverage figures of dashboards and ``survey status`` add them up
without reading any household's data back.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import sqlite_utils

from survey.store.tables import python_rows, read_sql

COLUMNS = ["version_id", "applicable_fields", "filled_fields"]


def store(db: sqlite_utils.Database, counts: pd.DataFrame) -> None:
    """Keep (or replace) the counts of the versions in ``counts`` (columns :data:`COLUMNS`)."""
    db.conn.executemany(
        "INSERT OR REPLACE INTO version_fields (version_id, applicable_fields, filled_fields) "
        "VALUES (?, ?, ?)",
        python_rows(counts, COLUMNS),
    )


def current(db: sqlite_utils.Database, ea_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per submitted household: key, current version id, submitter's id and the counts
    of that version (blank when they were never computed: a database older than the table)."""
    where, params = "", list(ea_ids or [])
    if ea_ids is not None:
        where = f"WHERE h.ea_id IN ({', '.join('?' for _ in params) or 'NULL'})"
    return read_sql(
        db,
        "SELECT h.ea_id, h.hh_no, v.id AS version_id, h.enumerator_id, "
        "f.applicable_fields, f.filled_fields FROM households h "
        "JOIN versions v ON v.ea_id = h.ea_id AND v.hh_no = h.hh_no "
        "AND v.version = h.current_version "
        f"LEFT JOIN version_fields f ON f.version_id = v.id {where} ORDER BY h.ea_id, h.hh_no",
        params,
    )
