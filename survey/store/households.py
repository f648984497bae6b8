"""Queries about households as units of work: their state beside the listing, new numbers."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import sqlite_utils

from survey.states import State
from survey.store.tables import read_sql

NO_HOUSEHOLD = "999"  # reserved: a household all of whose members died (questionnaire.md)


def overview(db: sqlite_utils.Database, ea_ids: Sequence[str] | None) -> pd.DataFrame:
    """Every household row (drafts included) with its state, current version, whether a draft
    is saved, and the counts of its current version's errors and unexplained warnings."""
    where, params = "", []
    if ea_ids is not None:
        where = f"WHERE h.ea_id IN ({', '.join('?' for _ in ea_ids) or 'NULL'})"
        params = list(ea_ids)
    return read_sql(
        db,
        f"""
        SELECT h.ea_id, h.hh_no, h.state, h.current_version AS version, h.listed,
               h.updated_at, u.name AS enumerator,
               EXISTS (SELECT 1 FROM drafts d WHERE d.ea_id = h.ea_id AND d.hh_no = h.hh_no)
                 AS has_draft,
          (SELECT COUNT(*) FROM findings f WHERE f.version_id = v.id AND f.severity = 'error')
             AS errors,
          (SELECT COUNT(*) FROM findings f WHERE f.version_id = v.id AND f.severity = 'warning'
             AND NOT EXISTS (SELECT 1 FROM explanations x WHERE x.version_id = v.id
               AND x.rule_id = f.rule_id AND x.line_no IS f.line_no)) AS unexplained
        FROM households h
        LEFT JOIN versions v ON v.ea_id = h.ea_id AND v.hh_no = h.hh_no
             AND v.version = h.current_version
        LEFT JOIN users u ON u.id = h.enumerator_id
        {where}
        ORDER BY h.ea_id, h.hh_no
        """,
        params,
    )


def is_listed(db: sqlite_utils.Database, ea_id: str, hh_no: str) -> bool:
    return (
        db.execute("SELECT 1 FROM listing WHERE ea_id = ? AND hh_no = ?", [ea_id, hh_no]).fetchone()
        is not None
    )


def largest_number(db: sqlite_utils.Database, ea_id: str) -> int:
    """The largest household number of the EA, listed or found, leaving out the reserved 999."""
    row = db.execute(
        "SELECT MAX(CAST(hh_no AS INTEGER)) FROM (SELECT hh_no FROM listing WHERE ea_id = ? "
        "UNION SELECT hh_no FROM households WHERE ea_id = ?) WHERE hh_no != ?",
        [ea_id, ea_id, NO_HOUSEHOLD],
    ).fetchone()
    return int(row[0] or 0)


def insert_draft(
    db: sqlite_utils.Database, ea_id: str, hh_no: str, *, listed: bool, user_id: int, now: str
) -> None:
    """A household row in state draft, before its first submission."""
    db.execute(
        "INSERT INTO households (ea_id, hh_no, state, listed, enumerator_id, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [ea_id, hh_no, State.DRAFT.value, int(listed), user_id, now],
    )
