"""The ``comments`` table: a household's comment thread across its versions, with replies."""

from __future__ import annotations

from typing import Any

import pandas as pd
import sqlite_utils

from survey.audit import AuditAction
from survey.states import Action
from survey.store.tables import read_sql

#: Comments that ask the enumerator something and wait for a reply (a return is answered by a
#: new version instead).
QUESTION = AuditAction.COMMENT
REPLY = AuditAction.REPLY


def insert(
    db: sqlite_utils.Database,
    *,
    ea_id: str,
    hh_no: str,
    version: int | None,
    user_id: int | None,
    action: Action | AuditAction,
    text: str,
    at: str,
    field: str | None = None,
    line_no: int | None = None,
    parent_id: int | None = None,
) -> int:
    cursor = db.execute(
        "INSERT INTO comments (ea_id, hh_no, version, parent_id, user_id, action, field, "
        "line_no, text, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [ea_id, hh_no, version, parent_id, user_id, action, field, line_no, text, at],
    )
    return int(cursor.lastrowid or 0)


def get(db: sqlite_utils.Database, comment_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM comments WHERE id = ?", [comment_id]))
    return rows[0] if rows else None


def for_household(db: sqlite_utils.Database, ea_id: str, hh_no: str) -> pd.DataFrame:
    """Every comment of the household, oldest first, with its author's name and role."""
    return read_sql(
        db,
        "SELECT c.id, c.parent_id, c.at, u.name AS user, u.role, c.action, c.version, "
        "c.text AS comment, c.field, c.line_no FROM comments c "
        "LEFT JOIN users u ON u.id = c.user_id WHERE c.ea_id = ? AND c.hh_no = ? ORDER BY c.id",
        [ea_id, hh_no],
    )


UNANSWERED_SQL = f"""
    SELECT COUNT(*) FROM comments q WHERE q.ea_id = h.ea_id AND q.hh_no = h.hh_no
      AND q.parent_id IS NULL AND q.action = '{QUESTION}'
      AND NOT EXISTS (SELECT 1 FROM comments r WHERE r.parent_id = q.id
                      AND r.user_id IS NOT q.user_id)
"""
"""A correlated count, for a query over households ``h``, of their reviewers' questions that
nobody else has replied to yet."""
