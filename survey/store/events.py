"""The ``events`` table, the audit trail: every state change and edit, with who, when and why."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pandas as pd
import sqlite_utils

from survey.audit import AuditAction
from survey.states import Action
from survey.store.tables import read_sql


def record(
    db: sqlite_utils.Database,
    *,
    at: str,
    action: Action | AuditAction,
    user_id: int | None = None,
    ea_id: str | None = None,
    hh_no: str | None = None,
    version: int | None = None,
    from_state: str | None = None,
    to_state: str | None = None,
    comment: str | None = None,
    field: str | None = None,
    line_no: int | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    db.execute(
        "INSERT INTO events (at, user_id, action, ea_id, hh_no, version, from_state, to_state, "
        "comment, field, line_no, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            at,
            user_id,
            action.value,
            ea_id,
            hh_no,
            version,
            from_state,
            to_state,
            comment,
            field,
            line_no,
            json.dumps(details, ensure_ascii=False) if details else None,
        ],
    )


def for_household(db: sqlite_utils.Database, ea_id: str, hh_no: str) -> pd.DataFrame:
    """Every event of a household in order, with the actor's name."""
    return read_sql(
        db,
        "SELECT e.id, e.at, e.action, u.name AS user, e.version, e.from_state, e.to_state, "
        "e.comment, e.field, e.line_no, e.details FROM events e "
        "LEFT JOIN users u ON u.id = e.user_id WHERE e.ea_id = ? AND e.hh_no = ? ORDER BY e.id",
        [ea_id, hh_no],
    )


def comments(db: sqlite_utils.Database, ea_id: str, hh_no: str) -> pd.DataFrame:
    """Comments of returns (and other actions with a comment), oldest first."""
    return read_sql(
        db,
        "SELECT e.at, u.name AS user, e.action, e.version, e.comment, e.field, e.line_no "
        "FROM events e LEFT JOIN users u ON u.id = e.user_id "
        "WHERE e.ea_id = ? AND e.hh_no = ? AND e.comment IS NOT NULL ORDER BY e.id",
        [ea_id, hh_no],
    )


AUDIT_COLUMNS = [
    "id",
    "at",
    "user",
    "action",
    "ea_id",
    "hh_no",
    "version",
    "from_state",
    "to_state",
    "comment",
    "field",
    "line_no",
    "details",
]


def search(
    db: sqlite_utils.Database, filters: Mapping[str, str | None], limit: int | None = None
) -> pd.DataFrame:
    """Events matching every filter given, newest first, with the actor's name (a failed login,
    which has no actor, is found by the name it tried). ``since``/``until`` compare ISO times."""
    where, params = [], []
    user, since, until = filters.get("user"), filters.get("since"), filters.get("until")
    ea_id, hh_no, action = filters.get("ea_id"), filters.get("hh_no"), filters.get("action")
    if user:
        where.append(
            f"(u.name = ? OR (e.action = '{AuditAction.LOGIN_FAILED}' AND"
            " json_extract(e.details, '$.user') = ?))"
        )
        params += [user, user]
    for column, value in (("e.ea_id", ea_id), ("e.hh_no", hh_no), ("e.action", action)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if since:
        where.append("e.at >= ?")
        params.append(since)
    if until:
        where.append("e.at < ?")
        params.append(until)
    sql = (
        f"SELECT e.id, e.at, COALESCE(u.name, CASE WHEN e.action = '{AuditAction.LOGIN_FAILED}' "
        "THEN json_extract(e.details, '$.user') END) AS user, "
        "e.action, e.ea_id, e.hh_no, e.version, e.from_state, e.to_state, e.comment, e.field, "
        "e.line_no, e.details FROM events e LEFT JOIN users u ON u.id = e.user_id"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY e.id DESC"
        + (f" LIMIT {int(limit)}" if limit is not None else "")
    )
    return read_sql(db, sql, params)


def actions(db: sqlite_utils.Database) -> list[str]:
    """Every kind of action the trail holds."""
    return [str(a) for (a,) in db.execute("SELECT DISTINCT action FROM events ORDER BY action")]
