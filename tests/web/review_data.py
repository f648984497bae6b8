"""Households for the review, dashboard and export tests, and ways to look at what is stored."""

from __future__ import annotations

import copy
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.web.clients import bearer
from tests.web.survey_data import EA1, citizen_id, family
from web.db import get_survey


def household(
    hh_no: str = "001",
    ea_id: str = EA1,
    *,
    seq: int = 1,
    n_present: int = 3,
    old_head: bool = False,
) -> dict[str, Any]:
    """The clean family of ``survey_data`` with ID numbers of its own (``seq``: no two households
    share a person, so ID-05 stays silent); ``n_present`` other than 3 gives the errors S-04 and
    S-05; ``old_head`` a head 25 years older than his spouse (warning R-04 on line 2)."""
    body = copy.deepcopy(family(hh_no, ea_id))
    body["household"]["n_present"] = n_present
    if old_head:
        body["persons"][0].update(birth_year=1957, health=1)
    for line, person in enumerate(body["persons"], start=1):
        person["id_number"] = citizen_id(
            person["birth_year"], person["birth_month"], 15, seq * 10 + line
        )
    return body


def submit(
    client: FlaskClient, token: str, body: dict[str, Any], explain: str | None = None
) -> dict[str, Any]:
    """Submit through the API (``explain``: the text explaining warning R-04 on line 2)."""
    if explain is not None:
        body = {**body, "explanations": [{"rule_id": "R-04", "line_no": 2, "text": explain}]}
    response = client.post("/api/v1/households", json=body, headers=bearer(token))
    assert response.status_code == 201, response.text
    return dict(response.get_json())


def query(app: Flask, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with app.app_context():
        return [tuple(r) for r in get_survey().store.read.execute(sql, params or []).fetchall()]


def state(app: Flask, ea_id: str, hh_no: str) -> tuple[str, int]:
    """The household's state and current version."""
    rows = query(
        app,
        "SELECT state, current_version FROM households WHERE ea_id = ? AND hh_no = ?",
        [ea_id, hh_no],
    )
    return rows[0][0], rows[0][1]


def actions(app: Flask, ea_id: str, hh_no: str) -> list[tuple[str, int, str | None]]:
    """The audit trail of a household: (action, version, user)."""
    return [
        (a, v, u)
        for a, v, u in query(
            app,
            "SELECT e.action, e.version, u.name FROM events e LEFT JOIN users u "
            "ON u.id = e.user_id WHERE e.ea_id = ? AND e.hh_no = ? ORDER BY e.id",
            [ea_id, hh_no],
        )
    ]
