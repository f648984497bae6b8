"""The home page (my EAs, returned households first, the no-miss figures), the EA pages (searched
and filtered by state), and adding or removing a household that is not in the listing."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, g, redirect, render_template, request, url_for

from schemas.keys import HOUSEHOLD_NUMBER
from survey import (
    Role,
    UnlistedRefused,
    add_unlisted,
    ea_households,
    household_page,
    may_add_unlisted,
    remove_unlisted,
    work_list,
)
from web import forms
from web.auth import login_required
from web.db import get_survey

bp = Blueprint("home", __name__)
NOTICES = ("password_changed",)
EA_NOTICES = ("removed",)
SEARCH_MAX = 100  # characters of a search kept


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
    search = (request.args.get("q") or "")[:SEARCH_MAX]
    state = request.args.get("state") or ""
    summary, items = ea_households(get_survey(), g.user, ea_id, search=search, state=state)
    notice, removed = request.args.get("notice"), request.args.get("hh") or ""
    return render_template(
        "ea.html",
        ea=summary,
        items=items,
        search=search,
        state=state,
        notice=notice if notice in EA_NOTICES else None,
        removed=removed
        if notice == "removed" and re.fullmatch(HOUSEHOLD_NUMBER, removed)
        else None,
    )


@bp.get("/ea/<ea_id>/additions/new")
@login_required
def new_household(ea_id: str) -> Any:
    may_add_unlisted(get_survey(), g.user, ea_id)
    return render_template("additions/new.html", ea_id=ea_id, typed={}, error=None)


@bp.post("/ea/<ea_id>/additions")
@login_required
def add_household(ea_id: str) -> Any:
    typed = {name: request.form.get(name, "") for name in ("address", "head_name")}
    try:
        hh_no = add_unlisted(get_survey(), g.user, ea_id, typed["address"], typed["head_name"])
    except UnlistedRefused as refused:
        if refused.field is None:
            raise
        page = render_template("additions/new.html", ea_id=ea_id, typed=typed, error=refused)
        return page, refused.status
    return redirect(url_for("households.show", ea_id=ea_id, hh_no=hh_no))


@bp.get("/ea/<ea_id>/additions/<hh_no>/remove")
@login_required
def confirm_removal(ea_id: str, hh_no: str) -> Any:
    page = household_page(get_survey(), g.user, ea_id, hh_no)
    return render_template("additions/remove.html", page=page, error=None)


@bp.post("/ea/<ea_id>/additions/<hh_no>/remove")
@login_required
def remove_household(ea_id: str, hh_no: str) -> Any:
    survey = get_survey()
    try:
        remove_unlisted(survey, g.user, ea_id, hh_no)
    except UnlistedRefused as refused:
        page = household_page(survey, g.user, ea_id, hh_no)
        return render_template("additions/remove.html", page=page, error=refused), refused.status
    return redirect(url_for(".ea", ea_id=ea_id, notice="removed", hh=hh_no))


@bp.get("/healthz")
def health() -> Any:
    return {"ok": True}
