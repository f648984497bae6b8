"""Tables whose columns come from the questionnaire: the frame files and the record rows.

``hh_rows`` and ``person_rows`` hold the items of every stored version (immutable; one row per
household version, one per person of it). Their columns are the definition's items, so a survey
with another questionnaire gets other columns without any code change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
import sqlite_utils

from schemas import ItemType, Questionnaire, Table, dtypes, empty_table

SQL_TYPES = {ItemType.INTEGER: "INTEGER", ItemType.NUMBER: "REAL", ItemType.TEXT: "TEXT"}
RECORD_TABLES = {"households": "hh_rows", "persons": "person_rows"}


def _columns_sql(table: Table) -> str:
    return ", ".join(f'"{item.name}" {SQL_TYPES[item.type]}' for item in table.items)


def create_definition_tables(db: sqlite_utils.Database, questionnaire: Questionnaire) -> None:
    for table in questionnaire.tables.values():
        if table.frame:
            key = ", ".join(table.key)
            db.execute(f'CREATE TABLE "{table.name}" ({_columns_sql(table)}, PRIMARY KEY ({key}))')
    db.execute(
        f"CREATE TABLE hh_rows (version_id INTEGER PRIMARY KEY REFERENCES versions(id), "
        f"{_columns_sql(questionnaire.households)})"
    )
    db.execute(
        f"CREATE TABLE person_rows (version_id INTEGER NOT NULL REFERENCES versions(id), "
        f"seq INTEGER NOT NULL, {_columns_sql(questionnaire.persons)}, "
        f"PRIMARY KEY (version_id, seq))"
    )
    index_id_numbers(db)


ID_NUMBER = "id_number"
"""The person item the duplicate-ID check (ID-05) looks up across the whole survey."""


def index_id_numbers(db: sqlite_utils.Database) -> None:
    """Index the persons' ID numbers, so checking a submission's IDs against every stored person
    is a search, not a scan of all person rows; a questionnaire without the item needs none."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(person_rows)").fetchall()}
    if ID_NUMBER in columns:
        db.execute(
            f'CREATE INDEX IF NOT EXISTS person_rows_id_number ON person_rows("{ID_NUMBER}")'
        )


def python_rows(frame: pd.DataFrame, columns: Sequence[str]) -> list[tuple[Any, ...]]:
    """Rows of plain Python values (None for blank) in ``columns`` order, ready to bind."""
    return list(zip(*(plain_values(frame[column]) for column in columns), strict=True))


def plain_values(column: pd.Series) -> list[Any]:
    """A column as plain Python values (int, float, str; None for blank), ready to bind."""
    return column.to_numpy(dtype=object, na_value=None).tolist()  # type: ignore[no-any-return]


def insert_rows(
    db: sqlite_utils.Database, table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]
) -> None:
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    db.conn.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)


def typed_frame(table: Table, rows: pd.DataFrame, extra: Sequence[str] = ()) -> pd.DataFrame:
    """A frame read from SQL, cast to the definition's dtypes (extra columns kept as they are)."""
    if rows.empty:
        frame = empty_table(table)
        for column in extra:
            frame[column] = pd.Series(dtype="object")
        return frame
    out = rows.astype(dtypes(table))
    return out[[*table.columns, *[c for c in extra if c in out.columns]]]


def read_sql(db: sqlite_utils.Database, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
    cursor = db.conn.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return pd.DataFrame(cursor.fetchall(), columns=names)


SMALL_BATCH = 500


def rows_for_keys(
    db: sqlite_utils.Database, table: str, columns: Sequence[str], keys: pd.DataFrame
) -> pd.DataFrame:
    """Rows of ``table`` whose (ea_id, hh_no) is among ``keys``: looked up by key for a few
    households, read whole and joined for many."""
    names = ", ".join(f'"{c}"' for c in columns)
    pairs = keys[["ea_id", "hh_no"]].drop_duplicates().astype(object)
    if len(pairs) > SMALL_BATCH:
        rows = read_sql(db, f'SELECT {names} FROM "{table}"')
        return rows.merge(pairs, on=["ea_id", "hh_no"]) if len(rows) else rows
    if pairs.empty:
        return read_sql(db, f'SELECT {names} FROM "{table}" WHERE 0')
    marks = ", ".join("(?, ?)" for _ in range(len(pairs)))
    params = [
        v for pair in zip(*(plain_values(pairs[c]) for c in pairs), strict=True) for v in pair
    ]
    # A subquery over VALUES, not ``IN (VALUES ...)`` itself: SQLite searches the key's index
    # for the former and scans the whole table for the latter.
    return read_sql(
        db,
        f'SELECT {names} FROM "{table}" WHERE (ea_id, hh_no) IN '
        f"(SELECT column1, column2 FROM (VALUES {marks}))",
        params,
    )


def marks(ids: Sequence[object]) -> str:
    """SQL placeholders for ``ids`` (``NULL`` for none, so ``IN (NULL)`` matches nothing)."""
    return ", ".join("?" for _ in ids) or "NULL"


def in_eas(column: str, ea_ids: Sequence[str] | None) -> tuple[str, list[Any]]:
    """An ``AND column IN (...)`` clause and its parameters; nothing when ``ea_ids`` is None."""
    if ea_ids is None:
        return "", []
    return f" AND {column} IN ({marks(ea_ids)})", list(ea_ids)
