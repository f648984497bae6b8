"""Queries of the supervisors' dashboards: households' review times, rules found, missed
households of the listing, the enumerators assigned to each EA."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import sqlite_utils

from schemas import Questionnaire
from survey.store.tables import read_sql, typed_frame


def _in_eas(column: str, ea_ids: Sequence[str] | None) -> tuple[str, list[Any]]:
    if ea_ids is None:
        return "", []
    marks = ", ".join("?" for _ in ea_ids) or "NULL"
    return f" AND {column} IN ({marks})", list(ea_ids)


def submitted(db: sqlite_utils.Database, ea_ids: Sequence[str] | None) -> pd.DataFrame:
    """Every household with a submitted version: its EA, state, enumerator, whether it is
    listed, when it was first submitted and (last) approved."""
    where, params = _in_eas("h.ea_id", ea_ids)
    return read_sql(
        db,
        "SELECT h.ea_id, h.hh_no, h.state, h.listed, u.name AS enumerator, "
        "h.first_submitted_at, h.approved_at FROM households h "
        "LEFT JOIN users u ON u.id = h.enumerator_id "
        f"WHERE h.current_version IS NOT NULL {where} ORDER BY h.ea_id, h.hh_no",
        params,
    )


def rules_found(db: sqlite_utils.Database, ea_ids: Sequence[str] | None) -> pd.DataFrame:
    """For each household's current version, each rule (error or warning) it has findings of."""
    where, params = _in_eas("h.ea_id", ea_ids)
    return read_sql(
        db,
        "SELECT DISTINCT h.ea_id, h.hh_no, u.name AS enumerator, f.rule_id, f.severity "
        "FROM households h JOIN versions v ON v.ea_id = h.ea_id AND v.hh_no = h.hh_no "
        "AND v.version = h.current_version JOIN findings f ON f.version_id = v.id "
        "LEFT JOIN users u ON u.id = h.enumerator_id "
        f"WHERE f.severity IN ('error', 'warning') {where}",
        params,
    )


def missing(
    db: sqlite_utils.Database, q: Questionnaire, ea_ids: Sequence[str] | None
) -> pd.DataFrame:
    """Listed households with no submitted version (C-01), with every listing column."""
    where, params = _in_eas("l.ea_id", ea_ids)
    rows = read_sql(
        db,
        "SELECT l.* FROM listing l WHERE NOT EXISTS (SELECT 1 FROM households h "
        "WHERE h.ea_id = l.ea_id AND h.hh_no = l.hh_no AND h.current_version IS NOT NULL) "
        f"{where} ORDER BY l.ea_id, l.hh_no",
        params,
    )
    return typed_frame(q.tables["listing"], rows)


def assigned(db: sqlite_utils.Database, ea_ids: Sequence[str] | None, role: str) -> pd.DataFrame:
    """The users of ``role`` assigned to each EA: ea_id, enumerator (the user's name)."""
    where, params = _in_eas("a.ea_id", ea_ids)
    return read_sql(
        db,
        "SELECT a.ea_id, u.name AS enumerator FROM assignments a "
        f"JOIN users u ON u.id = a.user_id WHERE u.role = ? {where} ORDER BY a.ea_id, u.name",
        [role, *params],
    )
