"""The survey office's estimates page: the standard tables of an export with their sampling
errors — population by sex and five-year age group (a pyramid with confidence bars), by stratum
and by prefecture — and every figure as CSV with its SE. The tables are computed once per export
by a background job the page starts and follows."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, g, redirect, render_template, url_for
from flask_babel import gettext

from survey import (
    JobRefused,
    estimate_tables,
    estimates_computed,
    estimates_computing,
    export_listing,
    group_order,
    start_estimates,
)
from web import i18n
from web.auth import office_required
from web.db import get_survey
from web.pyramid import pyramid

bp = Blueprint("estimates", __name__, url_prefix="/estimates")


@bp.get("/")
@office_required
def index() -> Any:
    survey = get_survey()
    return render_template(
        "estimates/index.html",
        exports=export_listing(survey, g.user),
        computed=estimates_computed(survey),
    )


@bp.get("/<name>/")
@office_required
def show(name: str) -> Any:
    """The tables once computed; until then the job computing them, or the button to start it."""
    survey = get_survey()
    tables = estimate_tables(survey, g.user, name)
    if tables is None:
        job = estimates_computing(survey, name)
        return render_template("estimates/compute.html", name=name, job=job)
    records = tables.sex_age.to_dict("records")
    sexes = {"1": gettext("Men"), "2": gettext("Women")}
    sex_age = [
        {**r, "label": f"{sexes.get(str(r['sex']), r['sex'])} {r['age_group']}"} for r in records
    ]
    return render_template(
        "estimates/show.html",
        name=name,
        tables=tables,
        chart=pyramid(records, group_order()),
        sex_age=sex_age,
    )


@bp.post("/<name>/")
@office_required
def compute(name: str) -> Any:
    survey = get_survey()
    try:
        start_estimates(survey, g.user, name)
    except JobRefused as exc:
        page = render_template(
            "estimates/compute.html",
            name=name,
            job=estimates_computing(survey, name),
            error=i18n.message(exc),
        )
        return page, 409
    return redirect(url_for(".show", name=name))


@bp.get("/<name>/estimates.csv")
@office_required
def download(name: str) -> Any:
    tables = estimate_tables(get_survey(), g.user, name)
    if tables is None:
        abort(404)
    body = "\ufeff" + tables.long().to_csv(index=False)
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="estimates-{name}.csv"'},
    )
