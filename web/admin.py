"""The survey office's account pages: list, create, edit (role, EAs, language, active), reset a
password, issue or revoke API tokens. One-time secrets are shown once and never stored in clear."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for

from survey import (
    AccountError,
    Role,
    account,
    account_tokens,
    accounts_list,
    create_account,
    ea_choices,
    issue_token,
    login_failures,
    reset_account_password,
    revoke_account_tokens,
    unlock_logins,
    update_account,
)
from web import forms
from web.auth import office_required
from web.db import get_survey

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _eas(values: list[str]) -> list[str]:
    """The EAs ticked (or, from a script, typed one per line)."""
    return [ea for ea in re.split(r"[\s,;，；]+", " ".join(values)) if ea]


@bp.context_processor
def frame() -> dict[str, Any]:
    if g.get("user") is None or g.user.role != Role.OFFICE:
        return {}
    return {"frame_eas": ea_choices(get_survey(), g.user)}


@bp.get("/users")
@office_required
def users() -> Any:
    return render_template("admin/users.html", users=accounts_list(get_survey(), g.user))


@bp.route("/users/new", methods=["GET", "POST"])
@office_required
def new_user() -> Any:
    error: AccountError | None = None
    form = request.form
    if request.method == "POST":
        try:
            user, password = create_account(
                get_survey(),
                g.user,
                form.get("name", ""),
                form.get("role", ""),
                _eas(form.getlist("eas")),
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
            update_account(
                survey,
                g.user,
                user_id,
                role=form.get("role", ""),
                ea_ids=_eas(form.getlist("eas")),
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
        tokens=account_tokens(survey, g.user, user_id, _token_days()),
        revoked=forms.whole_number(request.args.get("revoked"), refuse=False),
        failures=login_failures(survey, g.user, user_id, _lock_minutes()),
        unlocked=forms.whole_number(request.args.get("unlocked"), refuse=False),
        lock_minutes=_lock_minutes(),
    ), (400 if error else 200)


@bp.post("/users/<int:user_id>/revoke-tokens")
@office_required
def revoke_tokens(user_id: int) -> Any:
    _account(user_id)
    _, revoked = revoke_account_tokens(get_survey(), g.user, user_id)
    return redirect(url_for(".edit_user", user_id=user_id, revoked=revoked))


@bp.post("/users/<int:user_id>/tokens/<int:token_id>/revoke")
@office_required
def revoke_token(user_id: int, token_id: int) -> Any:
    _account(user_id)
    _, revoked = revoke_account_tokens(get_survey(), g.user, user_id, token_id)
    return redirect(url_for(".edit_user", user_id=user_id, revoked=revoked) + "#tokens")


@bp.post("/users/<int:user_id>/unlock")
@office_required
def unlock(user_id: int) -> Any:
    """The owner, made to wait by failed logins, may log in again at once (from any device)."""
    _account(user_id)
    _, cleared = unlock_logins(get_survey(), g.user, user_id)
    return redirect(url_for(".edit_user", user_id=user_id, unlocked=cleared) + "#logins")


def _lock_minutes() -> int:
    return int(current_app.config["SETTINGS"]["login_lock_minutes"])


def _token_days() -> int:
    return int(current_app.config["SETTINGS"]["token_days"])


def _account(user_id: int) -> Any:
    try:
        return account(get_survey(), g.user, user_id)
    except AccountError:
        abort(404)


@bp.post("/users/<int:user_id>/password")
@office_required
def reset_password(user_id: int) -> Any:
    _account(user_id)
    user, password = reset_account_password(get_survey(), g.user, user_id)
    return render_template("admin/secret.html", user=user, password=password)


@bp.post("/users/<int:user_id>/token")
@office_required
def token(user_id: int) -> Any:
    _account(user_id)
    user, token = issue_token(get_survey(), g.user, user_id)
    return render_template("admin/secret.html", user=user, token=token)
