"""Web login sessions kept on the server, failed logins, and the per-database secret key.

A browser holds only a random session token; the table keeps its SHA-256, so logging out or
changing a password ends the session everywhere (a signed cookie would outlive both).
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

SECRET_KEY = "web_secret_key"


def insert(
    db: sqlite_utils.Database, token_hash: str, user_id: int, csrf_token: str, now: str
) -> None:
    db.execute(
        "INSERT INTO web_sessions (token_hash, user_id, csrf_token, created_at, seen_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [token_hash, user_id, csrf_token, now, now],
    )


def by_token(db: sqlite_utils.Database, token_hash: str) -> dict[str, Any] | None:
    """The session with this token hash, if its user is still active."""
    rows = list(
        db.query(
            "SELECT s.* FROM web_sessions s JOIN users u ON u.id = s.user_id "
            "WHERE s.token_hash = ? AND u.active = 1",
            [token_hash],
        )
    )
    return rows[0] if rows else None


def touch(db: sqlite_utils.Database, token_hash: str, now: str) -> None:
    db.execute("UPDATE web_sessions SET seen_at = ? WHERE token_hash = ?", [now, token_hash])


def delete(db: sqlite_utils.Database, token_hash: str) -> int:
    """Delete one session; returns the user it belonged to (0 when there was none)."""
    row = db.execute(
        "SELECT user_id FROM web_sessions WHERE token_hash = ?", [token_hash]
    ).fetchone()
    db.execute("DELETE FROM web_sessions WHERE token_hash = ?", [token_hash])
    return int(row[0]) if row else 0


def delete_for_user(db: sqlite_utils.Database, user_id: int) -> int:
    """End every session of a user; returns how many there were."""
    return db.execute("DELETE FROM web_sessions WHERE user_id = ?", [user_id]).rowcount


def delete_idle(db: sqlite_utils.Database, before: str) -> None:
    db.execute("DELETE FROM web_sessions WHERE seen_at < ?", [before])


def secret_key(db: sqlite_utils.Database) -> str | None:
    row = db.execute("SELECT value FROM survey_meta WHERE key = ?", [SECRET_KEY]).fetchone()
    return str(row[0]) if row else None


def insert_secret_key(db: sqlite_utils.Database, value: str) -> None:
    db.execute("INSERT OR IGNORE INTO survey_meta (key, value) VALUES (?, ?)", [SECRET_KEY, value])


def record_failure(db: sqlite_utils.Database, name: str, address: str, at: str) -> None:
    db.execute(
        "INSERT INTO login_attempts (name, address, at) VALUES (?, ?, ?)", [name, address, at]
    )


def failures_since(
    db: sqlite_utils.Database, name: str, address: str, since: str
) -> tuple[int, int, str | None]:
    """Failed logins since ``since``: of ``name`` from ``address``, of any name from
    ``address``, and the earliest of the latter (when the address's count starts to fall)."""
    pair = db.execute(
        "SELECT COUNT(*) FROM login_attempts WHERE name = ? AND address = ? AND at >= ?",
        [name, address, since],
    ).fetchone()[0]
    any_name, first = db.execute(
        "SELECT COUNT(*), MIN(at) FROM login_attempts WHERE address = ? AND at >= ?",
        [address, since],
    ).fetchone()
    return int(pair), int(any_name), first


def failures_of(db: sqlite_utils.Database, name: str, since: str) -> tuple[int, int]:
    """Failed logins of ``name`` since ``since``, and from how many client addresses."""
    count, addresses = db.execute(
        "SELECT COUNT(*), COUNT(DISTINCT address) FROM login_attempts WHERE name = ? AND at >= ?",
        [name, since],
    ).fetchone()
    return int(count), int(addresses)


def clear_failures(db: sqlite_utils.Database, name: str, address: str | None = None) -> int:
    """Forget the failed logins of ``name`` (from ``address`` only, when given)."""
    if address is None:
        return db.execute("DELETE FROM login_attempts WHERE name = ?", [name]).rowcount
    return db.execute(
        "DELETE FROM login_attempts WHERE name = ? AND address = ?", [name, address]
    ).rowcount


def prune_failures(db: sqlite_utils.Database, before: str) -> None:
    db.execute("DELETE FROM login_attempts WHERE at < ?", [before])
