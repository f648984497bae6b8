"""The survey office's estimates page: the standard tables of an export with their sampling
errors — population by sex and five-year age group (a pyramid with confidence bars), by stratum
and by prefecture — and every figure as CSV with its SE."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, g, render_template
from flask_babel import gettext

from survey import export_listing, export_tables, group_order
from web.auth import office_required
from web.db import get_survey
from web.pyramid import pyramid

bp = Blueprint("estimates", __name__, url_prefix="/estimates")


@bp.get("/")
@office_required
def index() -> Any:
    return render_template("estimates/index.html", exports=export_listing(get_survey(), g.user))


@bp.get("/<name>/")
@office_required
def show(name: str) -> Any:
    tables = export_tables(get_survey(), g.user, name)
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


@bp.get("/<name>/estimates.csv")
@office_required
def download(name: str) -> Any:
    tables = export_tables(get_survey(), g.user, name)
    body = "\ufeff" + tables.long().to_csv(index=False)
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="estimates-{name}.csv"'},
    )
