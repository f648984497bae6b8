"""The comment thread of a household: a reviewer's question, anyone's reply. Both go back to
the page they were sent from (the review page or the enumerator's form)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, redirect, request

from survey import ask_in_thread, reply_in_thread
from web import forms
from web.auth import login_required, safe_next
from web.db import get_survey

bp = Blueprint("thread", __name__, url_prefix="/households/<ea_id>/<hh_no>/comments")


def _back(ea_id: str, hh_no: str, anchor: str) -> Any:
    return redirect(safe_next(request.form.get("next")) + anchor)


@bp.post("/")
@login_required
def ask(ea_id: str, hh_no: str) -> Any:
    table, _, name = request.form.get("field", "").partition(".")
    line_no = forms.whole_number(request.form.get("line_no")) if table == "p" else None
    found = ask_in_thread(
        get_survey(),
        g.user,
        ea_id,
        hh_no,
        request.form.get("text"),
        field=name or None,
        line_no=line_no,
    )
    return _back(ea_id, hh_no, f"#c-{found}")


@bp.post("/<int:comment_id>/replies")
@login_required
def reply(ea_id: str, hh_no: str, comment_id: int) -> Any:
    found = reply_in_thread(
        get_survey(), g.user, ea_id, hh_no, comment_id, request.form.get("text")
    )
    return _back(ea_id, hh_no, f"#c-{found}")
