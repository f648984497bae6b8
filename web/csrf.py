"""CSRF protection of every form.

A signed-in user's forms carry the token bound to their server-side session. The two forms an
anonymous visitor may post (login, language) carry a token signed with the application's key
over a random value the browser holds in a cookie. A post without the right token is refused
and changes nothing. The JSON API is not cookie-authenticated (Bearer tokens), so it needs none.

Why not Flask-WTF's CSRFProtect: it keeps its secret in Flask's ``session``, a client-held signed
cookie this application does not use. Here sessions live on the server (``web_sessions``, whose
row holds the token), so logout, a password reset or a deactivation ends the token with the
session everywhere; CSRFProtect's token would outlive them in the browser's cookie, and its time
limit (one hour by default) would refuse a field app's post after a long offline day. The code
here is only a comparison of an HMAC or a stored value (``hmac.compare_digest``), no cryptography
of its own.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import Flask, Response, abort, current_app, g, request

FIELD = "csrf_token"
HEADER = "X-CSRF-Token"  # the field app's posts (web/static/field.js) carry it as a header
COOKIE = "survey_csrf"
ANONYMOUS_POSTS = frozenset({"auth.login", "auth.language"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def init_app(app: Flask) -> None:
    app.before_request(protect)
    app.after_request(remember_nonce)
    app.jinja_env.globals["csrf_token"] = token


def _sign(nonce: str) -> str:
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, nonce.encode(), hashlib.sha256).hexdigest()


def _nonce() -> str:
    if "csrf_nonce" not in g:
        g.csrf_nonce = request.cookies.get(COOKIE) or secrets.token_urlsafe(24)
    return str(g.csrf_nonce)


def token() -> str:
    """The token to put in this page's forms."""
    session = g.get("web_session")
    if session is not None:
        return str(session.csrf_token)
    return _sign(_nonce())


def expected() -> str | None:
    session = g.get("web_session")
    if session is not None:
        return str(session.csrf_token)
    if request.endpoint in ANONYMOUS_POSTS and request.cookies.get(COOKIE):
        return _sign(request.cookies[COOKIE])
    return None


def protect() -> None:
    if request.method in SAFE_METHODS or request.blueprint == "api":
        return
    if g.get("web_session") is None and request.endpoint not in ANONYMOUS_POSTS:
        return  # the view refuses (login required) without changing anything
    wanted = expected()
    sent = request.headers.get(HEADER) or request.form.get(FIELD, "")
    if wanted is None or not hmac.compare_digest(wanted, sent):
        abort(400, description="csrf")


def remember_nonce(response: Response) -> Response:
    nonce = g.get("csrf_nonce")
    if nonce and request.cookies.get(COOKIE) != nonce:
        response.set_cookie(
            COOKIE,
            nonce,
            httponly=True,
            samesite="Lax",
            secure=bool(current_app.config["SETTINGS"]["secure_cookies"]),
        )
    return response
