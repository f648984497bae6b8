"""The sampling frame's tables ``eas`` and ``listing``: enumeration areas and the household listing."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import sqlite_utils

from schemas import Questionnaire
from survey.store.tables import (
    in_eas,
    plain_values,
    python_rows,
    read_sql,
    rows_for_keys,
    typed_frame,
)


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


def listing_context(
    db: sqlite_utils.Database, questionnaire: Questionnaire, keys: pd.DataFrame
) -> pd.DataFrame:
    """What the coverage rules need to judge these households: their own listing rows, and one
    row of each of their EAs that has a listing (so a household missing from a listed EA is
    recognised as an addition). Not the whole listing, which a single submission does not need."""
    table = questionnaire.tables["listing"]
    own = rows_for_keys(db, "listing", table.columns, keys)
    ea_ids = sorted(set(plain_values(keys["ea_id"].dropna())))
    areas = ", ".join("(?)" for _ in ea_ids) or "(NULL)"
    columns = ", ".join(f'l."{c}"' for c in table.columns)
    one_per_area = read_sql(
        db,
        f"SELECT {columns} FROM (VALUES {areas}) AS area JOIN listing l ON l.rowid = "
        "(SELECT rowid FROM listing WHERE ea_id = area.column1 LIMIT 1)",
        ea_ids,
    )
    rows = pd.concat([frame for frame in (own, one_per_area) if len(frame)] or [own])
    return typed_frame(table, rows.drop_duplicates(subset=list(table.key)).reset_index(drop=True))


def missing(
    db: sqlite_utils.Database, q: Questionnaire, ea_ids: Sequence[str] | None
) -> pd.DataFrame:
    """Listed households with no submitted version (C-01), with every listing column."""
    where, params = in_eas("l.ea_id", ea_ids)
    rows = read_sql(
        db,
        "SELECT l.* FROM listing l WHERE NOT EXISTS (SELECT 1 FROM households h "
        "WHERE h.ea_id = l.ea_id AND h.hh_no = l.hh_no AND h.current_version IS NOT NULL) "
        f"{where} ORDER BY l.ea_id, l.hh_no",
        params,
    )
    return typed_frame(q.tables["listing"], rows)
