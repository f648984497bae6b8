"""Queries of the review workflow: household state, blocking findings, waivers, the queue."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import sqlite_utils

from survey.states import State
from survey.store.tables import read_sql


def household(db: sqlite_utils.Database, ea_id: str, hh_no: str) -> dict[str, Any] | None:
    rows = list(
        db.query(
            "SELECT h.*, v.id AS version_id FROM households h LEFT JOIN versions v "
            "ON v.ea_id = h.ea_id AND v.hh_no = h.hh_no AND v.version = h.current_version "
            "WHERE h.ea_id = ? AND h.hh_no = ?",
            [ea_id, hh_no],
        )
    )
    return rows[0] if rows else None


def open_findings(db: sqlite_utils.Database, version_id: int) -> pd.DataFrame:
    """Findings of a version with, for each, whether it is explained and whether it is waived."""
    return read_sql(
        db,
        """
        SELECT f.rule_id, f.severity, f.line_no, f.fields, f.message_en, f.message_zh,
          EXISTS (SELECT 1 FROM explanations x WHERE x.version_id = f.version_id
                  AND x.rule_id = f.rule_id AND x.line_no IS f.line_no) AS explained,
          EXISTS (SELECT 1 FROM waivers w WHERE w.ea_id = f.ea_id AND w.hh_no = f.hh_no
                  AND w.rule_id = f.rule_id AND w.line_no IS f.line_no) AS waived
        FROM findings f WHERE f.version_id = ? ORDER BY f.severity, f.line_no, f.rule_id
        """,
        [version_id],
    )


def person_lines(db: sqlite_utils.Database, version_id: int) -> set[int]:
    """The line numbers of a version's persons."""
    rows = db.execute(
        "SELECT DISTINCT line_no FROM person_rows WHERE version_id = ? AND line_no IS NOT NULL",
        [version_id],
    ).fetchall()
    return {int(line) for (line,) in rows}


def set_state(db: sqlite_utils.Database, ea_id: str, hh_no: str, state: State, now: str) -> None:
    approved = state == State.APPROVED
    db.execute(
        "UPDATE households SET state = ?, updated_at = ?, "
        "approved_version = CASE WHEN ? THEN current_version ELSE approved_version END, "
        "approved_at = CASE WHEN ? THEN ? ELSE approved_at END "
        "WHERE ea_id = ? AND hh_no = ?",
        [state.value, now, approved, approved, now, ea_id, hh_no],
    )


def insert_waiver(
    db: sqlite_utils.Database,
    *,
    ea_id: str,
    hh_no: str,
    version: int,
    rule_id: str,
    line_no: int | None,
    reason: str,
    user_id: int,
    at: str,
) -> None:
    db.execute(
        "INSERT INTO waivers (ea_id, hh_no, version, rule_id, line_no, reason, user_id, at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [ea_id, hh_no, version, rule_id, line_no, reason, user_id, at],
    )


def queue(db: sqlite_utils.Database, ea_ids: Sequence[str] | None) -> pd.DataFrame:
    """Every household with a current version: state, counts of blocking findings, enumerator,
    first submission time. Filtering and ordering are the caller's."""
    rows = read_sql(
        db,
        """
        SELECT h.ea_id, h.hh_no, h.state, h.current_version AS version, h.listed,
               h.first_submitted_at, h.updated_at, u.name AS enumerator,
          (SELECT COUNT(*) FROM findings f WHERE f.version_id = v.id AND f.severity = 'error'
             AND NOT EXISTS (SELECT 1 FROM waivers w WHERE w.ea_id = h.ea_id
               AND w.hh_no = h.hh_no AND w.rule_id = f.rule_id AND w.line_no IS f.line_no))
             AS errors,
          (SELECT COUNT(*) FROM findings f WHERE f.version_id = v.id AND f.severity = 'warning'
             AND NOT EXISTS (SELECT 1 FROM explanations x WHERE x.version_id = v.id
               AND x.rule_id = f.rule_id AND x.line_no IS f.line_no)) AS unexplained,
          (SELECT COUNT(*) FROM findings f WHERE f.version_id = v.id AND f.severity = 'warning')
             AS warnings,
          (SELECT GROUP_CONCAT(DISTINCT f.rule_id) FROM findings f WHERE f.version_id = v.id)
             AS rules
        FROM households h
        JOIN versions v ON v.ea_id = h.ea_id AND v.hh_no = h.hh_no
             AND v.version = h.current_version
        LEFT JOIN users u ON u.id = h.enumerator_id
        ORDER BY h.first_submitted_at, h.ea_id, h.hh_no
        """,
    )
    if ea_ids is not None:
        rows = rows[rows["ea_id"].isin(list(ea_ids))].reset_index(drop=True)
    return rows


def comments(db: sqlite_utils.Database, ea_id: str, hh_no: str) -> pd.DataFrame:
    """Comments of returns (and other actions with a comment), oldest first."""
    return read_sql(
        db,
        "SELECT e.at, u.name AS user, e.action, e.version, e.comment, e.field, e.line_no "
        "FROM events e LEFT JOIN users u ON u.id = e.user_id "
        "WHERE e.ea_id = ? AND e.hh_no = ? AND e.comment IS NOT NULL ORDER BY e.id",
        [ea_id, hh_no],
    )
