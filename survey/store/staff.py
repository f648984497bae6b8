"""Account changes made by the survey office that ``survey.store.users`` does not cover."""

from __future__ import annotations

import sqlite_utils


def set_role(db: sqlite_utils.Database, user_id: int, role: str) -> None:
    db.execute("UPDATE users SET role = ? WHERE id = ?", [role, user_id])
