"""The supervisor's side: the review queue (with bulk approval of clean households) and the
household review page with its actions. Each action names the version it was taken on; a stale
version, a refused approval or a missing comment re-renders the page with the reason and changes
nothing."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from survey import (
    BULK_ACTIONS,
    QUEUE_FILTERS,
    Action,
    ReviewError,
    act,
    approve_clean_households,
    bulk_act,
    plan_bulk,
    queue_corrections,
    require_reviewer,
    review_page,
    supervisor_queue,
)
from web import forms
from web.auth import login_required
from web.db import get_survey

bp = Blueprint("review", __name__, url_prefix="/review")
SHOWN = 200  # households listed on the queue page (the filters narrow it)
BULK = 500  # clean households one press of "approve" takes (the page names each one's version)
ACTIONS = {a.value: a for a in Action if a != Action.SUBMIT}


@bp.context_processor
def globals_() -> dict[str, Any]:
    return {"Action": Action}


def _filters(values: MultiDict[str, str]) -> dict[str, str | None]:
    return {name: (values.get(name) or "").strip() or None for name in QUEUE_FILTERS}


def _count(name: str) -> int | None:
    return forms.whole_number(request.args.get(name))


@bp.get("/")
@login_required
def index() -> Any:
    filters = _filters(request.args)
    survey = get_survey()
    found = supervisor_queue(survey, g.user, **filters)
    items = found.items()
    clean = [i for i in items if i.bulk_clean]
    return render_template(
        "review/queue.html",
        items=items[:SHOWN],
        total=len(items),
        clean=clean[:BULK],
        clean_total=len(clean),
        corrections=queue_corrections(survey, items[:SHOWN]),
        counts=found.counts,
        filters=filters,
        done={k: _count(k) for k in ("approved", "returned", "skipped")},
    )


def _seen(values: list[str]) -> list[tuple[str, str, int]]:
    out = []
    for value in values:
        ea_id, _, rest = value.partition("/")
        hh_no, _, version = rest.partition("/")
        number = forms.whole_number(version, refuse=False)
        if ea_id and hh_no and number is not None:
            out.append((ea_id, hh_no, number))
    return out


def _back(shown: dict[str, Any]) -> Any:
    values: dict[str, Any] = {k: v for k, v in _filters(request.form).items() if v}
    return redirect(url_for(".index", **values, **shown))


@bp.post("/approve-clean")
@login_required
def approve_clean() -> Any:
    """Approve every clean household the page listed, after a page that names them."""
    filters = _filters(request.form)
    seen = _seen(request.form.getlist("household"))
    survey = get_survey()
    if not request.form.get("confirm"):
        plan = plan_bulk(survey, g.user, Action.APPROVE, seen)
        return render_template("review/confirm.html", plan=plan, filters=filters, clean=True)
    done = approve_clean_households(survey, g.user, seen, **filters)
    return _back({"approved": len(done.approved), "skipped": done.skipped})


@bp.post("/bulk")
@login_required
def bulk() -> Any:
    """Approve, or return with one comment, the rows selected: first a page stating how many
    and which (and which are left out, and why); the action only once that is confirmed."""
    require_reviewer(g.user)  # before reading the form: an enumerator learns nothing
    action = ACTIONS.get(request.form.get("action", ""))
    if action not in BULK_ACTIONS:
        abort(400)
    filters = _filters(request.form)
    seen = _seen(request.form.getlist("household"))
    comment = (request.form.get("comment") or "").strip()
    survey = get_survey()
    error = None
    if request.form.get("confirm"):
        try:
            done = bulk_act(survey, g.user, action, seen, comment)
        except ReviewError as exc:
            error = exc
        else:
            word = "approved" if action == Action.APPROVE else "returned"
            return _back({word: len(done.done), "skipped": done.left})
    plan = plan_bulk(survey, g.user, action, seen)
    return (
        render_template(
            "review/confirm.html",
            plan=plan,
            filters=filters,
            clean=False,
            comment=comment,
            error=error,
        ),
        400 if error else 200,
    )


def _render(
    ea_id: str,
    hh_no: str,
    *,
    error: ReviewError | None = None,
    status: int = 200,
    old: int | None = None,
    new: int | None = None,
) -> Any:
    survey = get_survey()
    found = review_page(survey, g.user, ea_id, hh_no, old=old, new=new)
    notice = request.args.get("notice")
    return (
        render_template(
            "review/household.html",
            review=found,
            page=found.page,
            spec=forms.form_spec(survey.questionnaire),
            placed=forms.place(found.page, survey.questionnaire),
            notice=notice if notice in ACTIONS else None,
            error=error,
            form=request.form,
        ),
        status,
    )


@bp.get("/<ea_id>/<hh_no>")
@login_required
def household(ea_id: str, hh_no: str) -> Any:
    old = request.args.get("old", type=int)
    new = request.args.get("new", type=int)
    return _render(ea_id, hh_no, old=old, new=new)


def _where(form: MultiDict[str, str], action: Action) -> dict[str, Any]:
    """The field, person line or finding an action names, read from its form."""
    if action == Action.WAIVE:
        rule_id, _, line = form.get("finding", "").partition("|")
        return {"rule_id": rule_id or None, "line_no": forms.whole_number(line)}
    if action != Action.RETURN:
        return {}
    table, _, name = form.get("field", "").partition(".")
    line_no = forms.whole_number(form.get("line_no"))
    if table == "h":
        return {"field": name or None, "line_no": None}
    return {"field": name or None, "line_no": line_no}


@bp.post("/<ea_id>/<hh_no>")
@login_required
def take(ea_id: str, hh_no: str) -> Any:
    require_reviewer(g.user, [ea_id])  # before reading the form: a stranger learns nothing
    form = request.form
    action = ACTIONS.get(form.get("action", ""))
    version = form.get("version", type=int)
    if action is None or version is None:
        abort(400)
    try:
        act(
            get_survey(),
            g.user,
            ea_id,
            hh_no,
            action,
            version=version,
            comment=form.get("comment"),
            **_where(form, action),
        )
    except ReviewError as exc:
        return _render(ea_id, hh_no, error=exc, status=exc.status)
    return redirect(url_for(".household", ea_id=ea_id, hh_no=hh_no, notice=action.value))
