"""The household form: show, re-apply universes, add or remove persons, save a draft, submit.

Every button of the form posts the whole form here; ``action`` says what to do. Without
JavaScript each round trip re-renders the form with the universes applied by the server.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from survey import (
    DraftRefused,
    HouseholdPage,
    RosterTooLong,
    SubmitError,
    TransitionRefused,
    household_page,
    revise_household,
    save_draft,
    submit_entry,
)
from web import forms, i18n
from web.auth import login_required
from web.db import get_survey

bp = Blueprint("households", __name__, url_prefix="/households")
NOTICES = ("sent", "saved")


def opened() -> str:
    """Now, UTC: when the form without JavaScript starts timing an interview (paradata)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def render(page: HouseholdPage, *, problems: list[str] | None = None, status: int = 200) -> Any:
    q = get_survey().questionnaire
    notice = request.args.get("notice")
    return (
        render_template(
            "household.html",
            page=page,
            spec=forms.form_spec(q),
            placed=forms.place(page, q),
            submission_id=str(uuid.uuid4()),
            # Without JavaScript the interview starts when the form is first opened (carried
            # through every round trip) and ends when it is submitted; the field app sends its own.
            started_at=request.form.get("started_at") or opened(),
            notice=notice if notice in NOTICES else None,
            problems=problems or [],
        ),
        status,
    )


@bp.get("/<ea_id>/<hh_no>")
@login_required
def show(ea_id: str, hh_no: str) -> Any:
    return render(household_page(get_survey(), g.user, ea_id, hh_no))


@bp.post("/<ea_id>/<hh_no>")
@login_required
def post(ea_id: str, hh_no: str) -> Any:
    survey = get_survey()
    entry = forms.parse_entry(request.form, survey.questionnaire)
    action = request.form.get("action", "update")
    remove = forms.whole_number(request.form.get("remove"))
    try:
        if remove is not None:
            page = revise_household(survey, g.user, ea_id, hh_no, entry, remove_person=remove)
        elif action == "add_person":
            page = revise_household(survey, g.user, ea_id, hh_no, entry, add_person=True)
        elif action == "save":
            save_draft(survey, g.user, ea_id, hh_no, entry)
            return redirect(
                url_for(".show", ea_id=ea_id, hh_no=hh_no, notice="saved", _anchor="notice")
            )
        elif action == "submit":
            started = request.form.get("started_at") or opened()
            submit_entry(
                survey, g.user, ea_id, hh_no, entry, request.form.get("submission_id"), started
            )
            # The anchor: the page reopens at the banner, not at the field the enumerator last
            # jumped to (a fragment the browser would otherwise keep across the redirect).
            return redirect(
                url_for(".show", ea_id=ea_id, hh_no=hh_no, notice="sent", _anchor="notice")
            )
        else:
            page = revise_household(survey, g.user, ea_id, hh_no, entry)
    except SubmitError as exc:
        problems = exc.messages(i18n.lang())
    except (DraftRefused, RosterTooLong) as exc:
        problems = [i18n.message(exc)]
    except TransitionRefused:
        problems = [
            _("This household is approved and cannot be changed until the office reopens it.")
        ]
    else:
        return render(page)
    page = revise_household(survey, g.user, ea_id, hh_no, entry)
    return render(page, problems=problems, status=409)
