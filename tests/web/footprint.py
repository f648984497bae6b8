"""What a refused request must leave as it was: every table a request can write to, counted, and
every household's state and current version."""

from __future__ import annotations

from typing import Any

from flask import Flask

from web.db import get_survey

TABLES = (
    "versions",
    "explanations",
    "findings",
    "waivers",
    "events",
    "drafts",
    "users",
    "api_tokens",
)


def footprint(app: Flask) -> dict[str, Any]:
    """Row counts of the tables a request can write to, and each household's state."""
    with app.app_context():
        db = get_survey().store.read
        counts = {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}
        states = db.execute(
            "SELECT ea_id, hh_no, state, current_version FROM households ORDER BY 1, 2"
        ).fetchall()
    return {**counts, "households": states}
