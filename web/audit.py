"""The survey office's audit page: the event trail filtered by user, EA, household, action and
time, and the same as a CSV download."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, g, render_template, request

from survey import AUDIT_FILTERS, accounts_list, audit_trail, audit_trail_csv
from web.auth import office_required
from web.db import get_survey

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")


def _filters() -> dict[str, str | None]:
    return {name: (request.args.get(name) or "").strip()[:100] or None for name in AUDIT_FILTERS}


@bp.get("/")
@office_required
def index() -> Any:
    survey = get_survey()
    filters = _filters()
    found = audit_trail(survey, g.user, filters)
    return render_template(
        "admin/audit.html",
        trail=found,
        rows=found.rows.astype(object).where(found.rows.notna(), None).to_dict("records"),
        filters=filters,
        accounts=[u["name"] for u in accounts_list(survey, g.user)],
    )


@bp.get("/events.csv")
@office_required
def download() -> Any:
    text = audit_trail_csv(get_survey(), g.user, _filters())
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=audit.csv"},
    )
