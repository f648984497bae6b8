"""The ``household_assignments`` table: households given to named enumerators."""

from __future__ import annotations

from collections.abc import Sequence

import sqlite_utils


def assignees(db: sqlite_utils.Database, ea_id: str, hh_no: str) -> list[int]:
    """The ids of the enumerators the household is given to by name (none: its EA's)."""
    rows = db.execute(
        "SELECT user_id FROM household_assignments WHERE ea_id = ? AND hh_no = ? ORDER BY user_id",
        [ea_id, hh_no],
    ).fetchall()
    return [int(u) for (u,) in rows]


def replace(db: sqlite_utils.Database, ea_id: str, hh_no: str, user_ids: Sequence[int]) -> None:
    db.execute("DELETE FROM household_assignments WHERE ea_id = ? AND hh_no = ?", [ea_id, hh_no])
    db.conn.executemany(
        "INSERT INTO household_assignments (ea_id, hh_no, user_id) VALUES (?, ?, ?)",
        [(ea_id, hh_no, u) for u in dict.fromkeys(user_ids)],
    )


def of_user(db: sqlite_utils.Database, user_id: int) -> list[tuple[str, str]]:
    """The households given to the user by name."""
    rows = db.execute(
        "SELECT ea_id, hh_no FROM household_assignments WHERE user_id = ? ORDER BY ea_id, hh_no",
        [user_id],
    ).fetchall()
    return [(str(e), str(h)) for e, h in rows]


def taken_from(
    db: sqlite_utils.Database, user_id: int, ea_ids: Sequence[str]
) -> set[tuple[str, str]]:
    """Households of ``ea_ids`` given by name to others only, not to the user."""
    if not ea_ids:
        return set()
    marks = ", ".join("?" for _ in ea_ids)
    rows = db.execute(
        f"SELECT ea_id, hh_no FROM household_assignments WHERE ea_id IN ({marks}) "
        "GROUP BY ea_id, hh_no HAVING SUM(user_id = ?) = 0",
        [*ea_ids, user_id],
    ).fetchall()
    return {(str(e), str(h)) for e, h in rows}


def hand_over(db: sqlite_utils.Database, ea_id: str, hh_no: str, user_id: int) -> None:
    """The household's enumerator and its draft on the server go to ``user_id``."""
    db.execute(
        "UPDATE households SET enumerator_id = ? WHERE ea_id = ? AND hh_no = ?",
        [user_id, ea_id, hh_no],
    )
    db.execute(
        "UPDATE drafts SET user_id = ? WHERE ea_id = ? AND hh_no = ?", [user_id, ea_id, hh_no]
    )
