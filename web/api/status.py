"""Coverage and progress of the caller's EAs through the API."""

from __future__ import annotations

from typing import Any

from flask import g, jsonify

from survey import status_answer
from web.api import bp
from web.db import get_survey


@bp.get("/status")
def status() -> Any:
    return jsonify(status_answer(get_survey(), g.user))
