"""The sampling frame: enumeration areas and the household listing."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import sqlite_utils

from schemas import Questionnaire
from survey.store.tables import python_rows, read_sql, typed_frame


def upsert(
    db: sqlite_utils.Database, questionnaire: Questionnaire, name: str, frame: pd.DataFrame
) -> None:
    """Insert the rows, replacing any with the same key."""
    table = questionnaire.tables[name]
    columns = table.columns
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    db.conn.executemany(
        f'INSERT OR REPLACE INTO "{name}" ({names}) VALUES ({marks})',
        python_rows(frame.reindex(columns=columns), columns),
    )


def read(
    db: sqlite_utils.Database,
    questionnaire: Questionnaire,
    name: str,
    ea_ids: Sequence[str] | None = None,
) -> pd.DataFrame:
    table = questionnaire.tables[name]
    if ea_ids is None:
        rows = read_sql(db, f'SELECT * FROM "{name}" ORDER BY {", ".join(table.key)}')
    else:
        marks = ", ".join("?" for _ in ea_ids) or "NULL"
        rows = read_sql(
            db,
            f'SELECT * FROM "{name}" WHERE ea_id IN ({marks}) ORDER BY {", ".join(table.key)}',
            list(ea_ids),
        )
    return typed_frame(table, rows)


def known_eas(db: sqlite_utils.Database) -> set[str]:
    return {row[0] for row in db.execute("SELECT ea_id FROM eas").fetchall()}
