"""Statements of the group-committed API intake (``survey.collection.intake``) and of its answers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import sqlite_utils

from survey.store.tables import read_sql


def _marks(ids: Sequence[int]) -> str:
    return ", ".join("?" for _ in ids) or "NULL"


def findings_of(db: sqlite_utils.Database, version_ids: Sequence[int]) -> pd.DataFrame:
    """Findings of these versions, each with whether it is explained and whether it is waived."""
    ids = [int(v) for v in version_ids]
    return read_sql(
        db,
        f"""
        SELECT f.version_id, f.rule_id, f.severity, f.line_no, f.fields, f.message_en,
          f.message_zh,
          EXISTS (SELECT 1 FROM explanations x WHERE x.version_id = f.version_id
                  AND x.rule_id = f.rule_id AND x.line_no IS f.line_no) AS explained,
          EXISTS (SELECT 1 FROM waivers w WHERE w.ea_id = f.ea_id AND w.hh_no = f.hh_no
                  AND w.rule_id = f.rule_id AND w.line_no IS f.line_no) AS waived
        FROM findings f WHERE f.version_id IN ({_marks(ids)})
        ORDER BY f.version_id, f.severity, f.line_no, f.rule_id
        """,
        ids,
    )


def explanations_of(db: sqlite_utils.Database, version_ids: Sequence[int]) -> pd.DataFrame:
    ids = [int(v) for v in version_ids]
    return read_sql(
        db,
        "SELECT version_id, rule_id, line_no, text FROM explanations "
        f"WHERE version_id IN ({_marks(ids)}) ORDER BY version_id, rowid",
        ids,
    )


def states_of(db: sqlite_utils.Database, version_ids: Sequence[int]) -> pd.DataFrame:
    """For each version: its household's state and current version."""
    ids = [int(v) for v in version_ids]
    return read_sql(
        db,
        "SELECT v.id AS version_id, h.state, h.current_version FROM versions v "
        "JOIN households h ON h.ea_id = v.ea_id AND h.hh_no = v.hh_no "
        f"WHERE v.id IN ({_marks(ids)})",
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
            f"WHERE r.version_id IN ({_marks(ids)})",
            ids,
        )
    )
    persons = list(
        db.query(
            f"SELECT * FROM person_rows WHERE version_id IN ({_marks(ids)}) "
            "ORDER BY version_id, line_no IS NULL, line_no, seq",
            ids,
        )
    )
    return households, persons
