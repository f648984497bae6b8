"""The ``additions`` table: households found that the listing lacks, as the enumerator added
them (address, head's name, who and when), and removing one that was never submitted."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import sqlite_utils

from survey.audit import AuditAction
from survey.store.tables import in_eas, read_sql


def insert(
    db: sqlite_utils.Database,
    ea_id: str,
    hh_no: str,
    *,
    address: str,
    head_name: str | None,
    user_id: int | None,
    now: str,
) -> None:
    db.execute(
        "INSERT INTO additions (ea_id, hh_no, address, head_name, added_by, added_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [ea_id, hh_no, address, head_name, user_id, now],
    )


def get(db: sqlite_utils.Database, ea_id: str, hh_no: str) -> dict[str, Any] | None:
    """The addition with the name of who added it, its state, and whether a version and a
    draft of it exist."""
    rows = list(
        db.query(
            "SELECT a.*, u.name AS added_by_name, h.state, h.current_version, "
            "EXISTS (SELECT 1 FROM versions v WHERE v.ea_id = a.ea_id AND v.hh_no = a.hh_no) "
            "AS has_versions, "
            "EXISTS (SELECT 1 FROM drafts d WHERE d.ea_id = a.ea_id AND d.hh_no = a.hh_no) "
            "AS has_draft FROM additions a "
            "LEFT JOIN users u ON u.id = a.added_by "
            "LEFT JOIN households h ON h.ea_id = a.ea_id AND h.hh_no = a.hh_no "
            "WHERE a.ea_id = ? AND a.hh_no = ?",
            [ea_id, hh_no],
        )
    )
    return rows[0] if rows else None


def of_eas(db: sqlite_utils.Database, ea_ids: Sequence[str] | None) -> pd.DataFrame:
    """ea_id, hh_no, address, head_name and added_by of the additions of those EAs."""
    where, params = in_eas("ea_id", ea_ids)
    return read_sql(
        db,
        f"SELECT ea_id, hh_no, address, head_name, added_by FROM additions WHERE 1 = 1 {where} "
        "ORDER BY ea_id, hh_no",
        params,
    )


def numbers_ever_added(db: sqlite_utils.Database, ea_id: str) -> int:
    """The largest household number ever added in the EA, removed ones included (the audit
    trail keeps them), so a removed household's number is never given to another."""
    row = db.execute(
        "SELECT MAX(CAST(hh_no AS INTEGER)) FROM events WHERE ea_id = ? AND action = ?",
        [ea_id, AuditAction.ADDITION.value],
    ).fetchone()
    return int(row[0] or 0)


def remove(db: sqlite_utils.Database, ea_id: str, hh_no: str) -> None:
    """Delete the household, its draft, its assignments and its addition row. The caller has
    checked that no version of it exists."""
    key = [ea_id, hh_no]
    for table in ("drafts", "household_assignments", "additions", "households"):
        db.execute(f"DELETE FROM {table} WHERE ea_id = ? AND hh_no = ?", key)
