"""The survey office's export page: choose formats, public-use or not, unapproved households or
not; the export is written into its own folder beside the database; its manifest (files, rows,
SHA-256, households left out and why, weighted population per stratum) is shown and its files
are offered for download."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, g, redirect, render_template, request, send_file, url_for

from survey import (
    EXPORT_FORMATS,
    EXPORT_JOB_KIND,
    ExportError,
    JobRefused,
    export_file,
    export_listing,
    export_manifest,
    export_reason_label,
    job_of,
    latest_jobs,
    start_export,
)
from web import i18n
from web.auth import office_required
from web.db import get_survey

bp = Blueprint("exports", __name__, url_prefix="/exports")
DEFAULT_FORMATS = ("csv", "parquet")
INLINE = frozenset({"codebook.html"})


def _page(error: str | None = None, chosen: tuple[str, ...] = DEFAULT_FORMATS) -> Any:
    return render_template(
        "exports/index.html",
        exports=export_listing(get_survey(), g.user),
        jobs=latest_jobs(get_survey(), EXPORT_JOB_KIND)[:5],
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
    """Start the export as a background job and show its progress."""
    form = request.form
    chosen = [f for f in EXPORT_FORMATS if f in form.getlist("format")]
    try:
        job_id = start_export(
            get_survey(),
            g.user,
            formats=chosen,
            public=form.get("public") == "1",
            include_unapproved=form.get("include_unapproved") == "1",
            lang=i18n.lang(),
        )
    except (ExportError, JobRefused) as exc:
        return _page(i18n.message(exc), tuple(chosen)), 400 if isinstance(exc, ExportError) else 409
    return redirect(url_for(".job", job_id=job_id))


@bp.get("/jobs/<int:job_id>")
@office_required
def job(job_id: int) -> Any:
    """A job's progress bar and log (the page reloads itself while the job runs); its export
    once done."""
    found = job_of(get_survey(), job_id)
    if found is None or found.kind != EXPORT_JOB_KIND:
        abort(404)
    return render_template("exports/job.html", job=found)


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
    inline = filename in INLINE  # the codebook is read in the browser, not saved
    return send_file(path, as_attachment=not inline, download_name=filename)
