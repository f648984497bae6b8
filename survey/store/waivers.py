"""Waivers: a supervisor's decision that an error of a household does not block approval."""

from __future__ import annotations

import sqlite_utils


def insert_waiver(
    db: sqlite_utils.Database,
    *,
    ea_id: str,
    hh_no: str,
    version: int,
    rule_id: str,
    line_no: int | None,
    reason: str,
    user_id: int,
    at: str,
) -> None:
    db.execute(
        "INSERT INTO waivers (ea_id, hh_no, version, rule_id, line_no, reason, user_id, at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [ea_id, hh_no, version, rule_id, line_no, reason, user_id, at],
    )
