"""Findings stored against household versions (and survey-level findings with no version)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import sqlite_utils

from survey.store.tables import insert_rows, python_rows, read_sql

COLUMNS = [
    "version_id",
    "ea_id",
    "hh_no",
    "line_no",
    "rule_id",
    "severity",
    "fields",
    "message_en",
    "message_zh",
]


def replace_for_versions(
    db: sqlite_utils.Database, version_ids: Sequence[int], findings: pd.DataFrame
) -> None:
    """Replace the findings of these versions with ``findings`` (which carries ``version_id``)."""
    ids = [int(v) for v in version_ids]
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        marks = ", ".join("?" for _ in chunk)
        db.execute(f"DELETE FROM findings WHERE version_id IN ({marks})", chunk)
    if len(findings):
        insert_rows(db, "findings", COLUMNS, python_rows(findings, COLUMNS))


def replace_survey_level(db: sqlite_utils.Database, findings: pd.DataFrame) -> None:
    """Replace the findings attached to no version (coverage C-01, C-04, aggregate signals)."""
    db.execute("DELETE FROM findings WHERE version_id IS NULL")
    if len(findings):
        frame = findings.assign(version_id=None)
        insert_rows(db, "findings", COLUMNS, python_rows(frame, COLUMNS))


def for_household(db: sqlite_utils.Database, ea_id: str, hh_no: str) -> pd.DataFrame:
    """Findings of the household's current version."""
    return read_sql(
        db,
        "SELECT f.rule_id, f.severity, f.line_no, f.fields, f.message_en, f.message_zh "
        "FROM findings f JOIN households h ON f.version_id = "
        "(SELECT id FROM versions v WHERE v.ea_id = h.ea_id AND v.hh_no = h.hh_no "
        " AND v.version = h.current_version) "
        "WHERE h.ea_id = ? AND h.hh_no = ? ORDER BY f.severity, f.line_no, f.rule_id",
        [ea_id, hh_no],
    )


def current(db: sqlite_utils.Database, ea_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Findings of every current version (and survey-level ones), optionally for some EAs."""
    where, params = "", list(ea_ids or [])
    if ea_ids is not None:  # the EAs' findings only, through the index on (ea_id, hh_no)
        where = f" AND f.ea_id IN ({', '.join('?' for _ in params) or 'NULL'})"
    return read_sql(
        db,
        "SELECT f.* FROM findings f LEFT JOIN versions v ON v.id = f.version_id "
        "LEFT JOIN households h ON h.ea_id = v.ea_id AND h.hh_no = v.hh_no "
        f"WHERE (f.version_id IS NULL OR v.version = h.current_version){where}",
        params,
    )
