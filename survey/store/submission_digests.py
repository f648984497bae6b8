"""What each API submission_id was sent with: the SHA-256 of its body, never the body itself."""

from __future__ import annotations

from collections.abc import Sequence

import sqlite_utils


def record(
    db: sqlite_utils.Database, ids: Sequence[str | None], digests: Sequence[str | None]
) -> None:
    db.conn.executemany(
        "INSERT OR IGNORE INTO submission_digests (submission_id, digest) VALUES (?, ?)",
        [(i, d) for i, d in zip(ids, digests, strict=True) if i and d],
    )


def digest_of(db: sqlite_utils.Database, submission_id: str) -> str | None:
    row = db.execute(
        "SELECT digest FROM submission_digests WHERE submission_id = ?", [submission_id]
    ).fetchone()
    return None if row is None else str(row[0])
