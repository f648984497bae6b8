"""Queries of the dataset export: which household versions go out, those left out, their rows.

An export reads inside one read transaction (a snapshot: approvals made meanwhile wait for the
next export). The households to export are first put, in file order, into a temporary table
``export_selection`` of the reader connection; rows are then read in ranges of it, so that memory
holds one chunk at a time however large the survey is.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sqlite_utils

from schemas import Questionnaire
from survey.states import State
from survey.store.findings import OPEN_ERROR, UNEXPLAINED_WARNING

SECRET_KEY = "export_pseudonym_secret"
PSEUDONYM_FUNCTION = "export_pseudonym"

#: Columns of the selection that exported rows may carry (beside the record's own items).
SELECTION_COLUMNS = (
    "ea_id",
    "hh_no",
    "version_id",
    "version",
    "state",
    "stratum",
    "psu",
    "prob",
    "ea_key",
    "hh_key",
    "psu_key",
    "started_at",  # the version's interview (paradata), blank without it
    "ended_at",
)

Pseudonym = Callable[[str, str | None], str | None]


def pseudonym_secret(db: sqlite_utils.Database) -> str | None:
    """The survey's secret for pseudonymous keys of public-use files, if one was made."""
    row = db.execute("SELECT value FROM survey_meta WHERE key = ?", [SECRET_KEY]).fetchone()
    return str(row[0]) if row else None


def ensure_pseudonym_secret(db: sqlite_utils.Database) -> str:
    """The secret, made (32 random bytes, hex) on first use. Call inside ``Store.write()``."""
    db.execute(
        "INSERT OR IGNORE INTO survey_meta (key, value) VALUES (?, ?)",
        [SECRET_KEY, secrets.token_hex(32)],
    )
    secret = pseudonym_secret(db)
    assert secret is not None
    return secret


@contextmanager
def snapshot(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One read transaction on a reader connection; the temporary selection is dropped after."""
    conn = db.conn
    conn.execute("BEGIN")
    try:
        yield db
    finally:
        conn.execute("DROP TABLE IF EXISTS temp.export_selection")
        if conn.in_transaction:
            conn.execute("COMMIT")


def select_households(
    db: sqlite_utils.Database,
    *,
    include_unapproved: bool,
    pseudonym: Pseudonym | None,
) -> int:
    """Fill ``temp.export_selection`` in file order; returns the number of households.

    Approved households give their approved version; with ``include_unapproved`` every household
    with a submitted version gives its current one. A household whose EA has no frame row or no
    valid inclusion probability cannot be weighted and is not selected. With ``pseudonym``
    (public-use files) keys are pseudonymised and the order is that of the pseudonyms, which tells
    nothing about where households are.
    """
    conn = db.conn
    conn.execute("DROP TABLE IF EXISTS temp.export_selection")
    conn.execute(
        "CREATE TEMP TABLE export_selection (ord INTEGER PRIMARY KEY, ea_id TEXT, hh_no TEXT, "
        "version_id INTEGER, version INTEGER, state TEXT, stratum TEXT, psu TEXT, prob REAL, "
        "ea_key TEXT, hh_key TEXT, psu_key TEXT, started_at TEXT, ended_at TEXT)"
    )
    params: list[Any] = []
    if include_unapproved:
        version_column, where = "h.current_version", "h.current_version IS NOT NULL"
    else:
        version_column, where = "h.approved_version", "h.state = ?"
        params.append(State.APPROVED.value)
    if pseudonym is not None:
        conn.create_function(PSEUDONYM_FUNCTION, 2, pseudonym, deterministic=True)
        keys = (
            f"{PSEUDONYM_FUNCTION}('ea', h.ea_id) AS ea_key, "
            f"{PSEUDONYM_FUNCTION}('hh', h.ea_id || '/' || h.hh_no) AS hh_key, "
            f"{PSEUDONYM_FUNCTION}('psu', e.psu) AS psu_key"
        )
        order = "ea_key, hh_key"
    else:
        keys, order = "NULL, NULL, NULL", "h.ea_id, h.hh_no"
    conn.execute(
        "INSERT INTO temp.export_selection (ea_id, hh_no, version_id, version, state, stratum, "
        "psu, prob, ea_key, hh_key, psu_key, started_at, ended_at) "
        f"SELECT h.ea_id, h.hh_no, v.id, v.version, h.state, e.stratum, e.psu, e.prob, {keys}, "
        "p.started_at, p.ended_at FROM households h "
        f"JOIN versions v ON v.ea_id = h.ea_id AND v.hh_no = h.hh_no AND v.version = {version_column} "
        "JOIN eas e ON e.ea_id = h.ea_id LEFT JOIN version_paradata p ON p.version_id = v.id "
        f"WHERE {where} AND e.prob > 0 AND e.prob <= 1 ORDER BY {order}",
        params,
    )
    conn.execute("CREATE INDEX temp.export_selection_key ON export_selection (ea_id, hh_no)")
    return int(conn.execute("SELECT COUNT(*) FROM temp.export_selection").fetchone()[0])


def count_persons(db: sqlite_utils.Database) -> int:
    return int(
        db.execute(
            "SELECT COUNT(*) FROM temp.export_selection s "
            "JOIN person_rows r ON r.version_id = s.version_id"
        ).fetchone()[0]
    )


def left_out(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Households not in the selection, and listed households never submitted, with what the
    reason for leaving each out is decided from: state, versions, weightability and the
    unresolved findings of the current version (errors not waived, warnings not explained)."""
    cursor = db.execute(
        f"""
        SELECT h.ea_id, h.hh_no, h.state, h.current_version, h.approved_version, h.listed,
          (e.ea_id IS NOT NULL AND e.prob > 0 AND e.prob <= 1) AS weighted,
          (SELECT COUNT(*) FROM findings f WHERE f.version_id = v.id AND {OPEN_ERROR})
             AS errors,
          (SELECT COUNT(*) FROM findings f WHERE f.version_id = v.id AND {UNEXPLAINED_WARNING})
             AS unexplained
        FROM households h
        LEFT JOIN eas e ON e.ea_id = h.ea_id
        LEFT JOIN versions v ON v.ea_id = h.ea_id AND v.hh_no = h.hh_no
             AND v.version = h.current_version
        WHERE NOT EXISTS (SELECT 1 FROM temp.export_selection s
                          WHERE s.ea_id = h.ea_id AND s.hh_no = h.hh_no)
        UNION ALL
        SELECT l.ea_id, l.hh_no, NULL, NULL, NULL, 1,
          (e.ea_id IS NOT NULL AND e.prob > 0 AND e.prob <= 1), 0, 0
        FROM listing l LEFT JOIN eas e ON e.ea_id = l.ea_id
        WHERE NOT EXISTS (SELECT 1 FROM households h
                          WHERE h.ea_id = l.ea_id AND h.hh_no = l.hh_no)
        ORDER BY 1, 2
        """
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _record_table(table: str) -> str:
    return {"households": "hh_rows", "persons": "person_rows"}[table]


def rows(
    db: sqlite_utils.Database,
    questionnaire: Questionnaire,
    table: str,
    selection_columns: Sequence[str],
    item_columns: Sequence[str],
    *,
    chunk_households: int,
) -> Iterator[list[tuple[Any, ...]]]:
    """Rows of ``table`` (``households`` or ``persons``) for the selection, in file order, one list
    of tuples per ``chunk_households`` selected households: the selection columns, then the items.

    Persons are ordered by line number within their household.
    """
    unknown = set(selection_columns) - set(SELECTION_COLUMNS)
    known_items = set(questionnaire.tables[table].columns)
    if unknown or set(item_columns) - known_items:
        raise ValueError(
            f"unknown export columns {sorted(unknown | (set(item_columns) - known_items))}"
        )
    names = [f's."{c}"' for c in selection_columns] + [f'r."{c}"' for c in item_columns]
    order = "s.ord, r.line_no, r.seq" if table == "persons" else "s.ord"
    sql = (
        f"SELECT {', '.join(names)} FROM temp.export_selection s "
        f"JOIN {_record_table(table)} r ON r.version_id = s.version_id "
        f"WHERE s.ord > ? AND s.ord <= ? ORDER BY {order}"
    )
    total = int(db.execute("SELECT COALESCE(MAX(ord), 0) FROM temp.export_selection").fetchone()[0])
    for start in range(0, total, chunk_households):
        yield db.execute(sql, [start, start + chunk_households]).fetchall()
