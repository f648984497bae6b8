"""The survey office's account pages: list, create, edit (role, EAs, language, active), reset a
password, issue or revoke API tokens. One-time secrets are shown once and never stored in clear."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for

from survey import staff
from survey.accounts import AccountError, Role
from web import forms
from web.auth import office_required
from web.db import get_survey

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _eas(text: str) -> list[str]:
    return [ea for ea in re.split(r"[\s,;，；]+", text) if ea]


@bp.get("/users")
@office_required
def users() -> Any:
    return render_template("admin/users.html", users=staff.accounts_list(get_survey(), g.user))


@bp.route("/users/new", methods=["GET", "POST"])
@office_required
def new_user() -> Any:
    error: AccountError | None = None
    form = request.form
    if request.method == "POST":
        try:
            user, password = staff.create_account(
                get_survey(),
                g.user,
                form.get("name", ""),
                form.get("role", ""),
                _eas(form.get("eas", "")),
                form.get("lang", "zh"),
            )
        except AccountError as exc:
            error = exc
        else:
            return render_template("admin/secret.html", user=user, password=password)
    return render_template(
        "admin/user_form.html", user=None, roles=list(Role), error=error, form=form
    ), (400 if error else 200)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@office_required
def edit_user(user_id: int) -> Any:
    survey = get_survey()
    error: AccountError | None = None
    form = request.form
    if request.method == "POST":
        try:
            staff.update_account(
                survey,
                g.user,
                user_id,
                role=form.get("role", ""),
                ea_ids=_eas(form.get("eas", "")),
                lang=form.get("lang", "zh"),
                active=form.get("active") == "1",
            )
        except AccountError as exc:
            error = exc
        else:
            return redirect(url_for(".users"))
    user = _account(user_id)
    return render_template(
        "admin/user_form.html",
        user=user,
        roles=list(Role),
        error=error,
        form=form,
        tokens=staff.tokens(survey, g.user, user_id, _token_days()),
        revoked=forms.whole_number(request.args.get("revoked"), refuse=False),
    ), (400 if error else 200)


@bp.post("/users/<int:user_id>/revoke-tokens")
@office_required
def revoke_tokens(user_id: int) -> Any:
    _account(user_id)
    _, revoked = staff.revoke_tokens(get_survey(), g.user, user_id)
    return redirect(url_for(".edit_user", user_id=user_id, revoked=revoked))


@bp.post("/users/<int:user_id>/tokens/<int:token_id>/revoke")
@office_required
def revoke_token(user_id: int, token_id: int) -> Any:
    _account(user_id)
    revoked = staff.revoke_token(get_survey(), g.user, user_id, token_id)
    return redirect(url_for(".edit_user", user_id=user_id, revoked=int(revoked)) + "#tokens")


def _token_days() -> int:
    return int(current_app.config["SETTINGS"]["token_days"])


def _account(user_id: int) -> Any:
    try:
        return staff.account(get_survey(), g.user, user_id)
    except AccountError:
        abort(404)


@bp.post("/users/<int:user_id>/password")
@office_required
def reset_password(user_id: int) -> Any:
    _account(user_id)
    user, password = staff.reset_password(get_survey(), g.user, user_id)
    return render_template("admin/secret.html", user=user, password=password)


@bp.post("/users/<int:user_id>/token")
@office_required
def token(user_id: int) -> Any:
    _account(user_id)
    user, token = staff.issue_token(get_survey(), g.user, user_id)
    return render_template("admin/secret.html", user=user, token=token)
