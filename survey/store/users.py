"""The tables ``users``, ``assignments`` and ``api_tokens``: accounts, their EAs and API tokens."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import sqlite_utils

from survey.store.tables import in_eas, read_sql


def insert_user(
    db: sqlite_utils.Database, name: str, role: str, password_hash: str, now: str, lang: str = "zh"
) -> int:
    cursor = db.execute(
        "INSERT INTO users (name, role, password_hash, lang, created_at) VALUES (?, ?, ?, ?, ?)",
        [name, role, password_hash, lang, now],
    )
    return int(cursor.lastrowid or 0)


def by_name(db: sqlite_utils.Database, name: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM users WHERE name = ?", [name]))
    return rows[0] if rows else None


def by_id(db: sqlite_utils.Database, user_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM users WHERE id = ?", [user_id]))
    return rows[0] if rows else None


def all_users(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    users = list(
        db.query("SELECT id, name, role, lang, active, created_at FROM users ORDER BY name")
    )
    eas = read_sql(db, "SELECT user_id, ea_id FROM assignments ORDER BY ea_id")
    by_user = eas.groupby("user_id")["ea_id"].apply(list).to_dict() if len(eas) else {}
    for user in users:
        user["eas"] = by_user.get(user["id"], [])
    return users


def set_assignments(db: sqlite_utils.Database, user_id: int, ea_ids: Sequence[str]) -> None:
    db.execute("DELETE FROM assignments WHERE user_id = ?", [user_id])
    db.conn.executemany(
        "INSERT INTO assignments (user_id, ea_id) VALUES (?, ?)",
        [(user_id, ea) for ea in dict.fromkeys(ea_ids)],
    )


def assigned_eas(db: sqlite_utils.Database, user_id: int) -> list[str]:
    return [
        r[0]
        for r in db.execute(
            "SELECT ea_id FROM assignments WHERE user_id = ? ORDER BY ea_id", [user_id]
        ).fetchall()
    ]


def set_password(db: sqlite_utils.Database, user_id: int, password_hash: str) -> None:
    db.execute("UPDATE users SET password_hash = ? WHERE id = ?", [password_hash, user_id])


def set_one_time(db: sqlite_utils.Database, user_id: int, one_time: bool) -> None:
    """Whether the account's password is a one-time one, to be changed at the next login."""
    db.execute("UPDATE users SET must_change_password = ? WHERE id = ?", [int(one_time), user_id])


def set_lang(db: sqlite_utils.Database, user_id: int, lang: str) -> None:
    db.execute("UPDATE users SET lang = ? WHERE id = ?", [lang, user_id])


def set_active(db: sqlite_utils.Database, user_id: int, active: bool) -> None:
    db.execute("UPDATE users SET active = ? WHERE id = ?", [int(active), user_id])


def insert_token(db: sqlite_utils.Database, user_id: int, token_hash: str, now: str) -> None:
    db.execute(
        "INSERT INTO api_tokens (token_hash, user_id, created_at) VALUES (?, ?, ?)",
        [token_hash, user_id, now],
    )


def revoke_tokens(db: sqlite_utils.Database, user_id: int, now: str) -> int:
    """Revoke every API token of the user still in force; how many there were."""
    cursor = db.execute(
        "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
        [now, user_id],
    )
    return int(cursor.rowcount)


def revoke_token(db: sqlite_utils.Database, user_id: int, token_id: int, now: str) -> int:
    """Revoke one API token of the user (by its id) if still in force; 1 if it was, else 0."""
    cursor = db.execute(
        "UPDATE api_tokens SET revoked_at = ? "
        "WHERE rowid = ? AND user_id = ? AND revoked_at IS NULL",
        [now, token_id, user_id],
    )
    return int(cursor.rowcount)


def tokens_of(db: sqlite_utils.Database, user_id: int) -> list[dict[str, Any]]:
    """Every API token of the user, newest first: id, created_at, revoked_at (never the hash)."""
    return list(
        db.query(
            "SELECT rowid AS id, created_at, revoked_at FROM api_tokens WHERE user_id = ? "
            "ORDER BY created_at DESC, rowid DESC",
            [user_id],
        )
    )


def user_for_token(
    db: sqlite_utils.Database, token_hash: str, issued_since: str
) -> dict[str, Any] | None:
    """The active user of a token in force (not revoked, issued at or after ``issued_since``)."""
    rows = list(
        db.query(
            "SELECT u.* FROM api_tokens t JOIN users u ON u.id = t.user_id "
            "WHERE t.token_hash = ? AND t.revoked_at IS NULL AND t.created_at >= ? "
            "AND u.active = 1",
            [token_hash, issued_since],
        )
    )
    return rows[0] if rows else None


def assigned(db: sqlite_utils.Database, ea_ids: Sequence[str] | None, role: str) -> pd.DataFrame:
    """The users of ``role`` assigned to each EA: ea_id, enumerator (the user's name)."""
    where, params = in_eas("a.ea_id", ea_ids)
    return read_sql(
        db,
        "SELECT a.ea_id, u.name AS enumerator FROM assignments a "
        f"JOIN users u ON u.id = a.user_id WHERE u.role = ? {where} ORDER BY a.ea_id, u.name",
        [role, *params],
    )


def user_names(db: sqlite_utils.Database) -> dict[int, str]:
    """Every account's name by its id."""
    return dict(db.execute("SELECT id, name FROM users").fetchall())


def user_roles(db: sqlite_utils.Database) -> dict[int, str]:
    """Every account's role by its id."""
    return dict(db.execute("SELECT id, role FROM users").fetchall())


def set_role(db: sqlite_utils.Database, user_id: int, role: str) -> None:
    db.execute("UPDATE users SET role = ? WHERE id = ?", [role, user_id])
