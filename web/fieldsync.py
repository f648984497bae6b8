"""The device's JSON routes, authenticated by the login session (``/field/...``).

The field app (web/static/field.js) sends what the enumerator typed exactly as the household
form posts it (``h.<item>``, ``p<line>.<item>``, ``x.<rule>.<line>``), so the device and the form
without JavaScript go through the same parsing and the same submission. Posts carry the session's
CSRF token in the ``X-CSRF-Token`` header. Answers: 201 stored, 200 the same submission again
(stored once), 409 the household changed since the device read it (or is approved), 422 refused
with the reasons, 401 log in again, 403 not your EA. Respondents' data here is never cached by the
service worker.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

import pandas as pd
from flask import Blueprint, Flask, current_app, g, jsonify, request

from survey import (
    DeviceBase,
    DeviceChecker,
    Finding,
    HouseholdPage,
    Refusal,
    Severity,
    household_page,
    submit_entry,
    work_list,
)
from validation import wording
from web import csrf, forms, i18n
from web.db import get_survey
from web.errors import json_error

bp = Blueprint("field", __name__, url_prefix="/field")
CHECKER = "survey_checker"


def session_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if g.get("user") is None:
            return json_error(
                Refusal(
                    "your login has expired: log in again; nothing typed on this device is lost",
                    "登录已过期：请重新登录；本设备上已填写的内容不会丢失",
                    code="login_required",
                    status=401,
                )
            )
        return view(*args, **kwargs)

    return wrapped


def _checker() -> DeviceChecker:
    checker = current_app.extensions.get(CHECKER)
    if checker is None:
        checker = current_app.extensions[CHECKER] = DeviceChecker(get_survey())
    return checker


def _finding_json(finding: Finding) -> dict[str, Any]:
    lang = i18n.lang()
    q = get_survey().questionnaire
    return {
        "rule_id": finding.rule_id,
        "severity": finding.severity,
        "line_no": finding.line_no,
        "fields": list(finding.fields),
        "message": wording.form_message(q, finding.message(lang), lang),
        "explained": finding.explained,
        "waived": finding.waived,
    }


def _found_json(found: pd.DataFrame) -> list[dict[str, Any]]:
    """The live check's errors and warnings as the device shows them (most checks find none:
    they answer without building a table of them)."""
    found = found[found["severity"].isin([Severity.ERROR, Severity.WARNING])]
    if found.empty:
        return []
    rows = found.astype(object).where(found.notna(), None).to_dict("records")
    return [
        _finding_json(
            Finding(
                rule_id=str(r["rule_id"]),
                severity=str(r["severity"]),
                line_no=None if r.get("line_no") is None else int(r["line_no"]),
                fields=tuple(x for x in str(r.get("fields") or "").split(";") if x),
                message_en=str(r["message_en"]),
                message_zh=str(r["message_zh"]),
            )
        )
        for r in rows
    ]


def _fields(page: HouseholdPage) -> list[list[str]]:
    """The page's answers as the form's field names and values."""
    out = [[f"h.{k}", v] for k, v in page.entry.household.items()]
    for line, person in enumerate(page.entry.persons, start=1):
        out.append([f"p{line}._row", "1"])
        out.extend([f"p{line}.{k}", v] for k, v in person.items())
    for note in page.entry.explanations:
        out.append([f"x.{note['rule_id']}.{note.get('line_no') or 0}", str(note["text"])])
    return out


def _household_json(page: HouseholdPage) -> dict[str, Any]:
    return {
        "ea_id": page.ea_id,
        "hh_no": page.hh_no,
        "state": page.state.value if page.state else None,
        "version": page.version,
        "listed": page.listed,
        "listing": {k: (None if v is None else str(v)) for k, v in page.listing.items()},
        "fields": _fields(page),
        "findings": [_finding_json(f) for f in page.findings],
        "comments": [
            {"version": c.version, "at": c.at, "user": c.user, "text": c.text}
            for c in page.comments
            if c.text
        ],
    }


@bp.get("/session")
@session_required
def session() -> Any:
    return jsonify({"user": g.user.name, "lang": i18n.lang(), "csrf": csrf.token()})


@bp.get("/worklist")
@session_required
def work() -> Any:
    """Every household of the enumerator's EAs, listed or found, with its state."""
    survey = get_survey()
    eas: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    page, pages = 1, 1
    while page <= pages:
        work = work_list(survey, g.user, with_listing=True, page=page)
        eas.extend({"ea_id": e.ea_id, "name": e.name} for e in work.eas)
        for ea_items in work.households.values():
            items.extend(
                {
                    "ea_id": i.ea_id,
                    "hh_no": i.hh_no,
                    "listed": i.listed,
                    "listing": {k: (None if v is None else str(v)) for k, v in i.listing.items()},
                    "address": i.address,
                    "state": i.state.value if i.state else None,
                    "state_label": i18n.state_label(i.state),
                    "version": i.version,
                    "errors": i.errors,
                    "unexplained": i.unexplained,
                    "comment": i.comment,
                }
                for i in ea_items
            )
        page, pages = page + 1, work.pages
    return jsonify({"eas": eas, "households": items})


@bp.get("/households/<ea_id>/<hh_no>")
@session_required
def household(ea_id: str, hh_no: str) -> Any:
    return jsonify(_household_json(household_page(get_survey(), g.user, ea_id, hh_no)))


@bp.post("/households/<ea_id>/<hh_no>")
@session_required
def submit(ea_id: str, hh_no: str) -> Any:
    survey = get_survey()
    submission_id = (request.form.get("submission_id") or "").strip()[:100] or None
    base = DeviceBase(
        forms.whole_number(request.form.get("base_version")),
        request.form.get("base_state") or None,
    )
    entry = forms.parse_entry(request.form, survey.questionnaire)
    started, ended = request.form.get("started_at", ""), request.form.get("ended_at", "")
    result = submit_entry(survey, g.user, ea_id, hh_no, entry, submission_id, started, ended, base)
    page = household_page(survey, g.user, ea_id, hh_no)
    return jsonify(_household_json(page)), 200 if result.replayed else 201  # 200: stored once


@bp.post("/check/<ea_id>/<hh_no>")
@session_required
def check(ea_id: str, hh_no: str) -> Any:
    """The findings of the household as typed so far; nothing is stored."""
    survey = get_survey()
    entry = forms.parse_entry(request.form, survey.questionnaire)
    found = _checker().check(g.user, ea_id, hh_no, entry)
    return jsonify({"findings": _found_json(found)})


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
