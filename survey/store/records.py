"""The record rows (``hh_rows``, ``person_rows``) and explanations read back: typed tables of the
current, approved or one version, or plain rows of many versions for API answers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import sqlite_utils

from schemas import CELL_ERROR_COLUMNS, Questionnaire
from survey.store.tables import marks, read_sql, typed_frame

HH_EXTRA = ["version_id", "version", "state", "enumerator_id", "listed"]
PERSON_EXTRA = ["version_id"]


@dataclass(frozen=True)
class Records:
    households: pd.DataFrame
    persons: pd.DataFrame
    cell_errors: pd.DataFrame


def _where_eas(ea_ids: Sequence[str] | None, alias: str) -> tuple[str, list[str]]:
    if ea_ids is None:
        return "", []
    marks = ", ".join("?" for _ in ea_ids) or "NULL"
    return f" AND {alias}.ea_id IN ({marks})", list(ea_ids)


def _join(which: str) -> str:
    column = {"current": "current_version", "approved": "approved_version"}[which]
    return (
        "JOIN versions v ON v.id = r.version_id "
        f"JOIN households h ON h.ea_id = v.ea_id AND h.hh_no = v.hh_no AND v.version = h.{column}"
    )


def records(
    db: sqlite_utils.Database,
    questionnaire: Questionnaire,
    *,
    which: str = "current",
    ea_ids: Sequence[str] | None = None,
    version_ids: Sequence[int] | None = None,
) -> Records:
    """Typed tables of the current (or approved) version of households, or of given versions."""
    params: list[int | str]
    if version_ids is not None:
        marks = ", ".join("?" for _ in version_ids) or "NULL"
        join = (
            "JOIN versions v ON v.id = r.version_id "
            "JOIN households h ON h.ea_id = v.ea_id AND h.hh_no = v.hh_no"
        )
        where, params = f" AND r.version_id IN ({marks})", [int(v) for v in version_ids]
    else:
        join = _join(which)
        where, ea_params = _where_eas(ea_ids, "v")
        params = list(ea_params)
    hh = read_sql(
        db,
        f"SELECT r.*, v.version, h.state, h.enumerator_id, h.listed FROM hh_rows r {join} "
        f"WHERE 1 {where} ORDER BY r.ea_id, r.hh_no",
        params,
    )
    people = read_sql(
        db,
        f"SELECT r.* FROM person_rows r {join} WHERE 1 {where} ORDER BY r.ea_id, r.hh_no, r.seq",
        params,
    )
    errors = read_sql(
        db,
        f'SELECT c.table_name AS "table", NULL AS row, v.ea_id, v.hh_no, c.line_no, c.field, '
        f"c.value FROM cell_errors c JOIN versions v ON v.id = c.version_id "
        f"JOIN households h ON h.ea_id = v.ea_id AND h.hh_no = v.hh_no "
        f"WHERE c.version_id IN (SELECT r.version_id FROM hh_rows r {join} WHERE 1 {where})",
        params,
    )
    return Records(
        households=typed_frame(questionnaire.households, hh, HH_EXTRA),
        persons=typed_frame(questionnaire.persons, people, PERSON_EXTRA),
        cell_errors=_typed_errors(errors),
    )


def _typed_errors(errors: pd.DataFrame) -> pd.DataFrame:
    dtypes = {
        "table": "string",
        "row": "Int64",
        "ea_id": "string",
        "hh_no": "string",
        "line_no": "Int64",
        "field": "string",
        "value": "string",
    }
    if errors.empty:
        return pd.DataFrame({c: pd.Series(dtype=dtypes[c]) for c in CELL_ERROR_COLUMNS})
    out = errors[CELL_ERROR_COLUMNS].astype(object)
    return out.where(out.notna(), None).astype(dtypes)


def version_ids(db: sqlite_utils.Database, ea_id: str, hh_no: str) -> pd.DataFrame:
    return read_sql(
        db,
        "SELECT id AS version_id, version, source, submitted_by, submitted_at FROM versions "
        "WHERE ea_id = ? AND hh_no = ? ORDER BY version",
        [ea_id, hh_no],
    )


def explanations(db: sqlite_utils.Database, version_id: int) -> pd.DataFrame:
    return read_sql(
        db, "SELECT rule_id, line_no, text FROM explanations WHERE version_id = ?", [version_id]
    )


def person_lines(db: sqlite_utils.Database, version_id: int) -> set[int]:
    """The line numbers of a version's persons."""
    rows = db.execute(
        "SELECT DISTINCT line_no FROM person_rows WHERE version_id = ? AND line_no IS NOT NULL",
        [version_id],
    ).fetchall()
    return {int(line) for (line,) in rows}


def explanations_of(db: sqlite_utils.Database, version_ids: Sequence[int]) -> pd.DataFrame:
    ids = [int(v) for v in version_ids]
    return read_sql(
        db,
        "SELECT version_id, rule_id, line_no, text FROM explanations "
        f"WHERE version_id IN ({marks(ids)}) ORDER BY version_id, rowid",
        ids,
    )


def version_rows(
    db: sqlite_utils.Database, version_ids: Sequence[int]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The stored household row (with its version number and listed flag) and person rows of
    each version, as plain values straight from SQLite (the API answers need no typing)."""
    ids = [int(v) for v in version_ids]
    households = list(
        db.query(
            "SELECT r.*, v.version, h.listed FROM hh_rows r JOIN versions v ON v.id = r.version_id "
            "JOIN households h ON h.ea_id = v.ea_id AND h.hh_no = v.hh_no "
            f"WHERE r.version_id IN ({marks(ids)})",
            ids,
        )
    )
    persons = list(
        db.query(
            f"SELECT * FROM person_rows WHERE version_id IN ({marks(ids)}) "
            "ORDER BY version_id, line_no IS NULL, line_no, seq",
            ids,
        )
    )
    return households, persons


def rows_per_ea(db: sqlite_utils.Database, which: str = "current") -> pd.Series:
    """Household and person rows of the current (or approved) versions per EA (index
    ``ea_id``), for cutting a whole-survey run into chunks of EAs."""
    join = _join(which)
    counts = read_sql(
        db,
        f"SELECT ea_id, SUM(n) AS n FROM (SELECT r.ea_id, COUNT(*) AS n FROM hh_rows r {join} "
        f"GROUP BY r.ea_id UNION ALL SELECT r.ea_id, COUNT(*) AS n FROM person_rows r {join} "
        "GROUP BY r.ea_id) GROUP BY ea_id",
        [],
    )
    return pd.Series(counts["n"].to_numpy(dtype="int64"), index=counts["ea_id"].astype(str))
