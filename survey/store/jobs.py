"""The ``jobs`` table: long work run outside the request, with its progress and log."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import sqlite_utils

RUNNING, DONE, FAILED = "running", "done", "failed"
LOG_MAX = 20_000  # characters of log kept (the latest)


def start(
    db: sqlite_utils.Database,
    kind: str,
    params: dict[str, Any],
    user_id: int,
    at: str,
    owner: str,
) -> int | None:
    """A new running job of the process ``owner``; None when one of the kind runs already."""
    try:
        cursor = db.execute(
            "INSERT INTO jobs (kind, state, params, user_id, owner, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [kind, RUNNING, json.dumps(params, ensure_ascii=False), user_id, owner, at],
        )
    except sqlite3.IntegrityError:
        return None
    return int(cursor.lastrowid or 0)


def report(db: sqlite_utils.Database, job_id: int, progress: float | None, lines: str) -> None:
    """Lines added to the job's log (the latest kept) and its share done (None: as it was)."""
    db.execute(
        "UPDATE jobs SET progress = COALESCE(?, progress), "
        "log = substr(log || ? || char(10), -?) WHERE id = ?",
        [progress, lines, LOG_MAX, job_id],
    )


def finish(
    db: sqlite_utils.Database,
    job_id: int,
    at: str,
    *,
    result: str | None = None,
    error: tuple[str, str] | None = None,
) -> None:
    db.execute(
        "UPDATE jobs SET state = ?, progress = CASE WHEN ? THEN 1 ELSE progress END, result = ?, "
        "error_en = ?, error_zh = ?, finished_at = ? WHERE id = ?",
        [
            FAILED if error else DONE,
            error is None,
            result,
            error[0] if error else None,
            error[1] if error else None,
            at,
            job_id,
        ],
    )


def interrupt_others(db: sqlite_utils.Database, owner: str, at: str) -> int:
    """Jobs left running by another process, which ended (a restart): failed, so another may
    start."""
    cursor = db.execute(
        "UPDATE jobs SET state = ?, error_en = ?, error_zh = ?, finished_at = ? "
        "WHERE state = ? AND owner != ?",
        [FAILED, "stopped by a restart of the server", "服务器重启，任务中断", at, RUNNING, owner],
    )
    return int(cursor.rowcount or 0)


def get(db: sqlite_utils.Database, job_id: int) -> dict[str, Any] | None:
    rows = list(
        db.query(
            "SELECT j.*, u.name AS user FROM jobs j LEFT JOIN users u ON u.id = j.user_id "
            "WHERE j.id = ?",
            [job_id],
        )
    )
    return rows[0] if rows else None


def latest(db: sqlite_utils.Database, kind: str, limit: int = 10) -> list[dict[str, Any]]:
    return list(
        db.query(
            "SELECT j.*, u.name AS user FROM jobs j LEFT JOIN users u ON u.id = j.user_id "
            "WHERE j.kind = ? ORDER BY j.id DESC LIMIT ?",
            [kind, limit],
        )
    )
