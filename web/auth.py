"""Logging in and out, the password page, the language switch; who is asking.

The browser holds a random session token in an HttpOnly, SameSite=Lax cookie (Secure unless the
``secure_cookies`` setting is off); the session itself lives on the server (``survey.accounts.sessions``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from survey import (
    LoginThrottle,
    Role,
    SessionError,
    change_password,
    log_in,
    log_out,
    resume,
    secret_key,
    set_language,
)
from web import i18n
from web.db import get_survey

bp = Blueprint("auth", __name__)
COOKIE = "survey_session"


def init_app(app: Flask) -> None:
    key = app.config["SETTINGS"].get("secret_key") or secret_key(app.extensions["survey"])
    app.config["SECRET_KEY"] = key
    app.before_request(load_user)


def load_user() -> None:
    """Find the signed-in user of a page request (the API authenticates by token instead)."""
    g.user = None
    g.web_session = None
    if request.blueprint == "api" or request.endpoint == "static":
        return
    token = request.cookies.get(COOKIE, "")
    hours = int(current_app.config["SETTINGS"]["session_hours"])
    found = resume(get_survey(), token, hours=hours) if token else None
    if found is not None:
        g.web_session = found
        g.user = found.user


def login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if g.user is None:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if g.user.must_change_password and request.endpoint != "auth.password":
            return redirect(url_for("auth.password"))  # a one-time password is changed first
        return view(*args, **kwargs)

    return wrapped


def office_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if g.user.role != Role.OFFICE:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def safe_next(target: str | None) -> str:
    """A local path to go back to; anything pointing elsewhere becomes the home page."""
    target = target or ""
    parts = urlsplit(target)
    local = target.startswith("/") and not target.startswith("//") and "\\" not in target
    if local and not parts.scheme and not parts.netloc:
        return target
    return url_for("home.index")


def _landing(user: Any, target: str | None) -> str:
    """Where a login goes: the page asked for; else a supervisor's review queue (their work);
    else the home page."""
    if not target and user.role == Role.SUPERVISOR:
        return url_for("review.index")
    return safe_next(target)


def _set_session_cookie(response: Response, token: str) -> None:
    response.set_cookie(
        COOKIE,
        token,
        httponly=True,
        samesite="Lax",
        secure=bool(current_app.config["SETTINGS"]["secure_cookies"]),
        path="/",
    )


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    if request.method == "GET" and g.user is not None:
        return redirect(safe_next(request.args.get("next")))
    error, status = None, 200
    name = ""
    if request.method == "POST":
        settings = current_app.config["SETTINGS"]
        name = request.form.get("name", "")
        try:
            started = log_in(
                get_survey(),
                name,
                request.form.get("password", ""),
                throttle=LoginThrottle(
                    per_account=int(settings["login_max_failures"]),
                    per_address=int(settings["login_max_failures_per_address"]),
                    minutes=int(settings["login_lock_minutes"]),
                ),
                address=request.remote_addr or "",
                user_agent=request.headers.get("User-Agent", ""),
            )
        except SessionError as exc:
            error = i18n.message(exc)
            status = 429 if exc.code == "throttled" else 401
        else:
            response = redirect(_landing(started.user, request.args.get("next")))
            _set_session_cookie(response, started.token)
            return response
    return render_template("login.html", error=error, name=name), status


@bp.post("/logout")
def logout() -> Any:
    token = request.cookies.get(COOKIE)
    if token and g.web_session is not None:
        log_out(get_survey(), token)
    response = redirect(url_for("auth.login"))
    response.delete_cookie(COOKIE, path="/")
    return response


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password() -> Any:
    error = None
    if request.method == "POST":
        new = request.form.get("new", "")
        if new != request.form.get("repeat", ""):
            error = _("The two new passwords differ.")
        else:
            try:
                started = change_password(
                    get_survey(), g.user, request.form.get("current", ""), new
                )
            except SessionError as exc:
                error = i18n.message(exc)
            else:
                response = redirect(url_for("home.index", notice="password_changed"))
                _set_session_cookie(response, started.token)
                return response
    return render_template("password.html", error=error), (400 if error else 200)


@bp.post("/language")
def language() -> Any:
    chosen = request.form.get("lang", "")
    if chosen not in i18n.LANGS:
        abort(400, description=i18n.UNKNOWN_LANGUAGE)
    response = redirect(safe_next(request.form.get("next")))
    if g.user is not None:
        set_language(get_survey(), g.user, chosen)
    response.set_cookie(
        i18n.COOKIE,
        chosen,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        httponly=True,
        secure=bool(current_app.config["SETTINGS"]["secure_cookies"]),
    )
    return response
