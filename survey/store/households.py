"""The ``households`` table: each household's state and versions beside the listing, state
changes, new numbers, and the per-household counts the queue, work list and status pages show."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import sqlite_utils

from survey.states import State
from survey.store import comments as comments_store
from survey.store.findings import OPEN_ERROR, UNEXPLAINED_WARNING
from survey.store.tables import in_eas, marks, read_sql
from validation.registry import Severity

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
          (SELECT COUNT(*) FROM findings f WHERE f.version_id = v.id AND {OPEN_ERROR})
             AS errors,
          (SELECT COUNT(*) FROM findings f WHERE f.version_id = v.id AND {UNEXPLAINED_WARNING})
             AS unexplained
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


def set_state(db: sqlite_utils.Database, ea_id: str, hh_no: str, state: State, now: str) -> None:
    approved = state == State.APPROVED
    db.execute(
        "UPDATE households SET state = ?, updated_at = ?, "
        "approved_version = CASE WHEN ? THEN current_version ELSE approved_version END, "
        "approved_at = CASE WHEN ? THEN ? ELSE approved_at END "
        "WHERE ea_id = ? AND hh_no = ?",
        [state.value, now, approved, approved, now, ea_id, hh_no],
    )


DECISIONS = ("approve", "return", "reopen")  # the review actions that end or restart a review


def queue(db: sqlite_utils.Database, ea_ids: Sequence[str] | None) -> pd.DataFrame:
    """Every household with a current version: state, counts of blocking findings, enumerator,
    first submission time, the last review decision (action, version, comment) and the count of
    reviewers' questions not answered. Filtering and ordering are the caller's."""
    decisions = ", ".join(f"'{a}'" for a in DECISIONS)
    rows = read_sql(
        db,
        f"""
        WITH last AS (SELECT ea_id, hh_no, MAX(id) AS id FROM events
                      WHERE action IN ({decisions}) GROUP BY ea_id, hh_no)
        SELECT h.ea_id, h.hh_no, h.state, h.current_version AS version, h.listed,
               h.first_submitted_at, h.updated_at, u.name AS enumerator,
               d.action AS decision, d.version AS decided_version,
               d.comment AS decision_comment, d.field AS decision_field,
               d.line_no AS decision_line,
          (SELECT COUNT(*) FROM findings f WHERE f.version_id = v.id AND {OPEN_ERROR})
             AS errors,
          (SELECT COUNT(*) FROM findings f WHERE f.version_id = v.id AND {UNEXPLAINED_WARNING})
             AS unexplained,
          (SELECT COUNT(*) FROM findings f WHERE f.version_id = v.id AND f.severity = '{Severity.WARNING}')
             AS warnings,
          (SELECT GROUP_CONCAT(DISTINCT f.rule_id) FROM findings f WHERE f.version_id = v.id)
             AS rules,
          ({comments_store.UNANSWERED_SQL}) AS unanswered
        FROM households h
        JOIN versions v ON v.ea_id = h.ea_id AND v.hh_no = h.hh_no
             AND v.version = h.current_version
        LEFT JOIN users u ON u.id = h.enumerator_id
        LEFT JOIN last ON last.ea_id = h.ea_id AND last.hh_no = h.hh_no
        LEFT JOIN events d ON d.id = last.id
        ORDER BY h.first_submitted_at, h.ea_id, h.hh_no
        """,
    )
    if ea_ids is not None:
        rows = rows[rows["ea_id"].isin(list(ea_ids))].reset_index(drop=True)
    return rows


def last_decision(db: sqlite_utils.Database, ea_id: str, hh_no: str) -> dict[str, Any] | None:
    """The household's last approval, return or reopening: action and version."""
    decisions = ", ".join(f"'{a}'" for a in DECISIONS)
    rows = list(
        db.query(
            f"SELECT action, version FROM events WHERE ea_id = ? AND hh_no = ? "
            f"AND action IN ({decisions}) ORDER BY id DESC LIMIT 1",
            [ea_id, hh_no],
        )
    )
    return rows[0] if rows else None


def states_of(db: sqlite_utils.Database, version_ids: Sequence[int]) -> pd.DataFrame:
    """For each version: its household's state and current version."""
    ids = [int(v) for v in version_ids]
    return read_sql(
        db,
        "SELECT v.id AS version_id, h.state, h.current_version FROM versions v "
        "JOIN households h ON h.ea_id = v.ea_id AND h.hh_no = v.hh_no "
        f"WHERE v.id IN ({marks(ids)})",
        ids,
    )


def submitted(db: sqlite_utils.Database, ea_ids: Sequence[str] | None) -> pd.DataFrame:
    """Every household with a submitted version: its EA, state, enumerator, whether it is
    listed, when it was first submitted and (last) approved."""
    where, params = in_eas("h.ea_id", ea_ids)
    return read_sql(
        db,
        "SELECT h.ea_id, h.hh_no, h.state, h.listed, u.name AS enumerator, "
        "h.first_submitted_at, h.approved_at FROM households h "
        "LEFT JOIN users u ON u.id = h.enumerator_id "
        f"WHERE h.current_version IS NOT NULL {where} ORDER BY h.ea_id, h.hh_no",
        params,
    )


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
