"""The home page (my EAs, returned households first, the no-miss figures) and the EA pages."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, redirect, render_template, request, url_for

from survey import Role, add_unlisted, ea_households, work_list
from web import forms
from web.auth import login_required
from web.db import get_survey

bp = Blueprint("home", __name__)
NOTICES = ("password_changed",)


@bp.get("/")
@login_required
def index() -> Any:
    listing = g.user.role == Role.ENUMERATOR
    page = forms.whole_number(request.args.get("page"), refuse=False) or 1
    work = work_list(get_survey(), g.user, with_listing=listing, page=page)
    notice = request.args.get("notice")
    return render_template("home.html", work=work, notice=notice if notice in NOTICES else None)


@bp.get("/ea/<ea_id>")
@login_required
def ea(ea_id: str) -> Any:
    summary, items = ea_households(get_survey(), g.user, ea_id)
    return render_template("ea.html", ea=summary, items=items)


@bp.post("/ea/<ea_id>/additions")
@login_required
def add_household(ea_id: str) -> Any:
    hh_no = add_unlisted(get_survey(), g.user, ea_id)
    return redirect(url_for("households.show", ea_id=ea_id, hh_no=hh_no))


@bp.get("/healthz")
def health() -> Any:
    return {"ok": True}
