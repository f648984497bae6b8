"""SQL of the post-enumeration survey's submissions (tables ``pes_loads``, ``pes_persons``).

A load is one submission of re-enumerated EAs; loading an EA again supersedes its earlier load,
which is kept (nothing is overwritten): the PES persons of an EA are those of its latest load.
"""

from __future__ import annotations

import json

import pandas as pd
import sqlite_utils

from survey.store.tables import read_sql


def insert(db: sqlite_utils.Database, *, at: str, source: str, persons: pd.DataFrame) -> int:
    eas = sorted(persons["ea_id"].astype(str).unique())
    cursor = db.execute(
        "INSERT INTO pes_loads (loaded_at, source, persons, eas) VALUES (?, ?, ?, ?)",
        [at, source, len(persons), json.dumps(eas)],
    )
    load_id = int(cursor.lastrowid or 0)
    rows = [
        (
            load_id,
            str(r["ea_id"]),
            str(r["hh_no"]),
            int(r["line_no"]),
            json.dumps(r, ensure_ascii=False, default=str),
        )
        for r in persons.astype(object).where(persons.notna(), None).to_dict("records")
    ]
    db.conn.executemany(
        "INSERT INTO pes_persons (load_id, ea_id, hh_no, line_no, data) VALUES (?, ?, ?, ?, ?)",
        rows,
    )
    return load_id


def persons(read: sqlite_utils.Database) -> pd.DataFrame:
    """The PES persons of every EA, from its latest load."""
    table = read_sql(
        read,
        "SELECT p.data FROM pes_persons p JOIN (SELECT ea_id, MAX(load_id) AS load_id "
        "FROM pes_persons GROUP BY ea_id) latest USING (ea_id, load_id) "
        "ORDER BY p.ea_id, p.hh_no, p.line_no",
    )
    return pd.DataFrame([json.loads(d) for d in table["data"]]) if len(table) else pd.DataFrame()
