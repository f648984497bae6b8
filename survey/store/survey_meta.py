"""The ``survey_meta`` table: facts about the survey database itself (its questionnaire, when it
was made, whether it is a demo), one value per key."""

from __future__ import annotations

import sqlite_utils


def value(db: sqlite_utils.Database, key: str) -> str | None:
    """The value kept under ``key``, or None."""
    row = db.execute("SELECT value FROM survey_meta WHERE key = ?", [key]).fetchone()
    return None if row is None else str(row[0])


def put(db: sqlite_utils.Database, key: str, value: str) -> None:
    """Keep ``value`` under a new ``key``."""
    db.execute("INSERT INTO survey_meta (key, value) VALUES (?, ?)", [key, value])
