"""The enumerator's pages as an installable web app that opens offline.

Served here: the web app manifest, the service worker (``/sw.js``, at the root so its scope is the
whole site), the favicon, and the two *shells* the worker precaches — the work list (``/app``) and
a blank household form (``/app/household``) generated from the questionnaire like the real form.
Shells hold no respondent's data: the device fills them from IndexedDB. The release is named by a
hash of the static files, the templates and the questionnaire definition, so a new release or a
new questionnaire installs a new worker whose cache replaces the old one.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, current_app, g, render_template, send_from_directory, url_for
from flask_babel import gettext as _

from web import forms
from web.auth import login_required
from web.db import get_survey

bp = Blueprint("fieldapp", __name__)
WEB = Path(__file__).parent
RELEASE = "survey_release"
SHELL_STATIC = (
    "style.css",
    "expr.js",
    "form.js",
    "sections.js",
    "review.js",
    "store.js",
    "field.js",
    "worklist.js",
    "icon-192.png",
    "icon-512.png",
)


def release() -> str:
    """The release's name: a hash of what the device caches (static files, templates, the
    questionnaire definition), computed once per application."""
    cached = current_app.extensions.get(RELEASE)
    if cached is None:
        digest = hashlib.sha256()
        for folder in ("static", "templates"):
            for path in sorted((WEB / folder).rglob("*")):
                if path.is_file():
                    digest.update(path.relative_to(WEB).as_posix().encode())
                    digest.update(path.read_bytes())
        digest.update(get_survey().questionnaire.model_dump_json().encode())
        cached = current_app.extensions[RELEASE] = digest.hexdigest()[:16]
    return str(cached)


def shell_urls() -> list[str]:
    """What the service worker precaches: the shells, the manifest and the static files."""
    static = [
        url_for("static", filename=name)
        for name in SHELL_STATIC
        if (WEB / "static" / name).exists()
    ]
    return [url_for(".worklist_shell"), url_for(".household_shell"), url_for(".manifest"), *static]


@bp.get("/favicon.ico")
def favicon() -> Any:
    return send_from_directory(WEB / "static", "icon-32.png", mimetype="image/png", max_age=86400)


@bp.get("/manifest.webmanifest")
def manifest() -> Any:
    body = {
        "name": "人口抽样调查 · Population sample survey",
        "short_name": "抽样调查",
        "start_url": url_for(".worklist_shell"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1d4e89",
        "icons": [
            {
                "src": url_for("static", filename=f"icon-{n}.png"),
                "sizes": f"{n}x{n}",
                "type": "image/png",
            }
            for n in (192, 512)
        ],
    }
    response = current_app.response_class(
        current_app.json.dumps(body), mimetype="application/manifest+json"
    )
    return response


@bp.get("/sw.js")
def service_worker() -> Any:
    response = send_from_directory(WEB / "static", "sw.js", mimetype="text/javascript", max_age=0)
    response.headers["Service-Worker-Allowed"] = "/"
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/app/shell.json")
@login_required
def shell() -> Any:
    """What the service worker of this release precaches."""
    return {"release": release(), "urls": shell_urls()}


@bp.get("/app")
@login_required
def worklist_shell() -> Any:
    """The work list, drawn by the device from IndexedDB (works offline)."""
    return render_template("app/worklist.html")


@bp.get("/app/household")
@login_required
def household_shell() -> Any:
    """A blank household form for any household: the device fills in the key and the answers."""
    q = get_survey().questionnaire
    return render_template("app/household.html", spec=forms.form_spec(q))


def field_texts() -> dict[str, str]:
    """What the field app's scripts say, in the page's language (``{n}`` etc. filled there)."""
    return {
        "waiting": _("{n} waiting to be sent"),
        "kept": _("Kept on this phone; it is sent as soon as there is a connection."),
        "send_now": _("Send now ({n} waiting)"),
        "sent": _("Sent: stored on the server as version {version}."),
        "conflict": _("Not sent, kept on this phone: {reason}"),
        "refused": _("Refused, kept on this phone: {reason}"),
        "login": _("Your login has expired: log in again to send. Nothing typed is lost."),
        "login_link": _("Log in"),
        "logout_refused": _(
            "{n} household(s) are not sent yet. Send them (or resolve them) before logging out."
        ),
        "required": _("Answer this question."),
        "range": _("Enter a number from {min} to {max}."),
        "whole": _("Enter a whole number."),
        "pattern": _("This answer does not have the expected form."),
        "new_question": _("New question: it applies because of an answer"),
        "remove_confirm": _("Remove person {n} and all their answers?"),
        "remove_yes": _("Remove"),
        "remove_no": _("Keep"),
        "removed": _("Person {n} removed."),
        "undo": _("Undo"),
        "offline": _("No connection: you are working on this phone's copy."),
        "to_fix": _("{n} question(s) need an answer or a correction before submitting:"),
        "live_count": _("The server's checks of the answers so far: {n} to look at"),
        "autosaved": _("Kept on this phone at {time}."),
        "no_households": _("No household on this phone yet: open the app once with a connection."),
        "not_sent": _("not sent"),
        "refreshed": _("Work list as last read from the server: {time}"),
        "addition": _("addition"),
        "waiting_filter": _("waiting to be sent"),
    }


def section_texts() -> dict[str, str]:
    """What the household form's sections say (web/static/sections.js, review.js), in the page's
    language, for every user of the form, not only the field app's."""
    return {
        "household": _("Household"),
        "review": _("Review and submit"),
        "review_step": _("Review"),
        "steps": _("Sections of the household"),
        "progress": _("Section {n} of {total}: {title}"),
        "answered": _("Required questions answered: {done} of {total}"),
        "back": _("Back"),
        "next": _("Continue"),
        "roster": _("Persons in the household (tap one to open their section)"),
        "no_persons": _("No person entered yet."),
        "issues": _("To correct or explain before submitting: {n}"),
        "no_issues": _("Nothing marked to correct or explain."),
        "device": _("checked on this phone"),
    }


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)

    @app.context_processor
    def field_app() -> dict[str, Any]:
        return {
            "release": release,
            "field_texts": field_texts,
            "section_texts": section_texts,
            "field_user": g.get("user"),
        }
