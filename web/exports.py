"""The survey office's export page: choose formats, public-use or not, unapproved households or
not; the export is written into its own folder beside the database; its manifest (files, rows,
SHA-256, households left out and why, weighted population per stratum) is shown and its files
are offered for download."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, redirect, render_template, request, send_file, url_for

from survey import (
    EXPORT_FORMATS,
    ExportError,
    export_file,
    export_listing,
    export_manifest,
    export_reason_label,
    run_export,
)
from web import i18n
from web.auth import office_required
from web.db import get_survey

bp = Blueprint("exports", __name__, url_prefix="/exports")
DEFAULT_FORMATS = ("csv", "parquet")


def _page(error: str | None = None, chosen: tuple[str, ...] = DEFAULT_FORMATS) -> Any:
    return render_template(
        "exports/index.html",
        exports=export_listing(get_survey(), g.user),
        formats=EXPORT_FORMATS,
        chosen=chosen,
        error=error,
        form=request.form,
    )


@bp.get("/")
@office_required
def index() -> Any:
    return _page()


@bp.post("/")
@office_required
def create() -> Any:
    form = request.form
    chosen = [f for f in EXPORT_FORMATS if f in form.getlist("format")]
    try:
        name, _ = run_export(
            get_survey(),
            g.user,
            formats=chosen,
            public=form.get("public") == "1",
            include_unapproved=form.get("include_unapproved") == "1",
            lang=i18n.lang(),
        )
    except ExportError as exc:
        return _page(i18n.message(exc), tuple(chosen)), 400
    return redirect(url_for(".show", name=name))


@bp.get("/<name>/")
@office_required
def show(name: str) -> Any:
    document = export_manifest(get_survey(), g.user, name)
    return render_template(
        "exports/show.html",
        name=name,
        manifest=document,
        reason=lambda code: export_reason_label(code, i18n.lang()),
    )


@bp.get("/<name>/<filename>")
@office_required
def download(name: str, filename: str) -> Any:
    path = export_file(get_survey(), g.user, name, filename)
    return send_file(path, as_attachment=True, download_name=filename)
