"""The review queue and review actions through the API (thin wrappers over ``survey``)."""

from __future__ import annotations

from typing import Any

from flask import g, jsonify, request

from survey import queue_answer, review_payload
from web.api import bp, json_body
from web.db import get_survey


@bp.get("/queue")
def queue() -> Any:
    args = request.args
    return jsonify(
        queue_answer(
            get_survey(),
            g.user,
            ea_id=args.get("ea_id") or None,
            enumerator=args.get("enumerator") or None,
            rule_id=args.get("rule_id") or None,
        )
    )


@bp.post("/households/<ea_id>/<hh_no>/review")
def review(ea_id: str, hh_no: str) -> Any:
    done = review_payload(get_survey(), g.user, ea_id, hh_no, json_body())
    return jsonify(
        {"ea_id": done.ea_id, "hh_no": done.hh_no, "version": done.version, "state": done.state}
    )
