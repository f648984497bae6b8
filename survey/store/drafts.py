"""Drafts: a household as typed so far, saved before (or between) submissions.

One draft per household, replaced by each save and deleted when the household is submitted. The
entry is kept as JSON text exactly as typed (a draft is not validated and never exported).
"""

from __future__ import annotations

from typing import Any

import sqlite_utils


def save(
    db: sqlite_utils.Database, ea_id: str, hh_no: str, entry: str, user_id: int, now: str
) -> None:
    db.execute(
        "INSERT OR REPLACE INTO drafts (ea_id, hh_no, entry, user_id, saved_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [ea_id, hh_no, entry, user_id, now],
    )


def get(db: sqlite_utils.Database, ea_id: str, hh_no: str) -> dict[str, Any] | None:
    rows = list(
        db.query(
            "SELECT d.entry, d.saved_at, u.name AS user FROM drafts d "
            "LEFT JOIN users u ON u.id = d.user_id WHERE d.ea_id = ? AND d.hh_no = ?",
            [ea_id, hh_no],
        )
    )
    return rows[0] if rows else None


def delete(db: sqlite_utils.Database, ea_id: str, hh_no: str) -> bool:
    cursor = db.execute("DELETE FROM drafts WHERE ea_id = ? AND hh_no = ?", [ea_id, hh_no])
    return cursor.rowcount > 0
