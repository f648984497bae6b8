"""Reassigning one household to one or more enumerators (supervisors of its EA, the office),
chosen from the list of enumerators, with the reason recorded."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, redirect, render_template, request, url_for

from survey import AccountError, ReviewError, assignment, reassign
from web.auth import login_required
from web.db import get_survey

bp = Blueprint("assign", __name__, url_prefix="/households/<ea_id>/<hh_no>/assignment")


@bp.route("/", methods=["GET", "POST"])
@login_required
def household(ea_id: str, hh_no: str) -> Any:
    survey = get_survey()
    found = assignment(survey, g.user, ea_id, hh_no)  # a stranger: 403 first
    error: AccountError | ReviewError | None = None
    if request.method == "POST":
        try:
            reassign(
                survey,
                g.user,
                ea_id,
                hh_no,
                request.form.getlist("enumerator"),
                request.form.get("reason"),
            )
        except (AccountError, ReviewError) as exc:
            error = exc
        else:
            return redirect(url_for(".household", ea_id=ea_id, hh_no=hh_no, notice="assigned"))
    return (
        render_template(
            "review/assignment.html",
            assignment=found,
            error=error,
            notice=request.args.get("notice") == "assigned",
        ),
        400 if error else 200,
    )
