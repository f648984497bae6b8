"""The ``findings`` table: findings stored against household versions (and survey-level findings
with no version), read with whether each is explained or waived."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import sqlite_utils

from survey.store.tables import in_eas, insert_rows, marks, python_rows, read_sql
from validation.registry import Severity

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


EXPLAINED = (
    "EXISTS (SELECT 1 FROM explanations x WHERE x.version_id = f.version_id"
    " AND x.rule_id = f.rule_id AND x.line_no IS f.line_no)"
)
"""SQL: the finding ``f`` is explained by the enumerator in its own version."""

WAIVED = (
    "EXISTS (SELECT 1 FROM waivers w WHERE w.ea_id = f.ea_id AND w.hh_no = f.hh_no"
    " AND w.rule_id = f.rule_id AND w.line_no IS f.line_no)"
)
"""SQL: the finding ``f`` is waived by a supervisor for its household."""

OPEN_ERROR = f"(f.severity = '{Severity.ERROR}' AND NOT {WAIVED})"
UNEXPLAINED_WARNING = f"(f.severity = '{Severity.WARNING}' AND NOT {EXPLAINED})"
BLOCKS_APPROVAL = f"({OPEN_ERROR} OR {UNEXPLAINED_WARNING})"
"""SQL: the finding ``f`` blocks approval, as ``survey.review.approval.blocks_approval`` says."""


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


def open_findings(db: sqlite_utils.Database, version_id: int) -> pd.DataFrame:
    """Findings of a version with, for each, whether it is explained and whether it is waived."""
    return read_sql(
        db,
        f"""
        SELECT f.rule_id, f.severity, f.line_no, f.fields, f.message_en, f.message_zh,
          {EXPLAINED} AS explained, {WAIVED} AS waived
        FROM findings f WHERE f.version_id = ? ORDER BY f.severity, f.line_no, f.rule_id
        """,
        [version_id],
    )


def findings_of(db: sqlite_utils.Database, version_ids: Sequence[int]) -> pd.DataFrame:
    """Findings of these versions, each with whether it is explained and whether it is waived."""
    ids = [int(v) for v in version_ids]
    return read_sql(
        db,
        f"""
        SELECT f.version_id, f.rule_id, f.severity, f.line_no, f.fields, f.message_en,
          f.message_zh,
          {EXPLAINED} AS explained, {WAIVED} AS waived
        FROM findings f WHERE f.version_id IN ({marks(ids)})
        ORDER BY f.version_id, f.severity, f.line_no, f.rule_id
        """,
        ids,
    )


def rules_found(db: sqlite_utils.Database, ea_ids: Sequence[str] | None) -> pd.DataFrame:
    """For each household's current version, each rule (error or warning) it has findings of."""
    where, params = in_eas("h.ea_id", ea_ids)
    return read_sql(
        db,
        "SELECT DISTINCT h.ea_id, h.hh_no, u.name AS enumerator, f.rule_id, f.severity "
        "FROM households h JOIN versions v ON v.ea_id = h.ea_id AND v.hh_no = h.hh_no "
        "AND v.version = h.current_version JOIN findings f ON f.version_id = v.id "
        "LEFT JOIN users u ON u.id = h.enumerator_id "
        f"WHERE f.severity IN ('{Severity.ERROR}', '{Severity.WARNING}') {where}",
        params,
    )
