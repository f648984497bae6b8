"""Households through the API: submit one (idempotent by ``submission_id``), read one."""

from __future__ import annotations

from typing import Any

from flask import g, jsonify

from survey import household_answer, submit_payload
from web.api import bp, json_body
from web.db import get_intake, get_survey
from web.i18n import lang


@bp.post("/households")
def submit() -> Any:
    done = submit_payload(get_intake(), g.user, json_body(), lang())
    return jsonify(done.answer), (200 if done.replayed else 201)


@bp.get("/households/<ea_id>/<hh_no>")
def household(ea_id: str, hh_no: str) -> Any:
    return jsonify(household_answer(get_survey(), g.user, ea_id, hh_no, lang()))
