"""The one place a refusal or an HTTP error becomes an answer, in the user's language.

Every refusal of the application is a ``survey.Refusal`` carrying its code, status, messages and
details; one handler renders it by route — the JSON error body ``{"error": {"code", "message",
"details"}}`` under the JSON routes (``/api/``, the device's ``/field/``), the error page
elsewhere. A view catches a refusal itself only to show it on its own page (a form's message).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from survey import Refusal
from web import i18n
from web.forms import NOT_A_NUMBER
from web.i18n import UNKNOWN_LANGUAGE

JSON_PREFIXES = ("/api/", "/field/")

HTTP_ERRORS: dict[int, tuple[str, str, str]] = {
    400: ("bad_request", "the request cannot be read", "无法读取该请求"),
    401: (
        "unauthorized",
        "send an API token as 'Authorization: Bearer <token>' (from 'survey users token')",
        "请以“Authorization: Bearer <令牌>”发送 API 令牌（由“survey users token”生成）",
    ),
    403: ("forbidden", "you may not do this", "您无权执行此操作"),
    404: ("not_found", "there is no such resource", "没有该资源"),
    405: ("method_not_allowed", "this method is not allowed here", "此处不允许该请求方法"),
    413: ("too_large", "the request body is too large", "请求体过大"),
    415: (
        "unsupported_media_type",
        "send the body as application/json",
        "请求体须为 application/json",
    ),
}


def init_app(app: Flask) -> None:
    app.register_error_handler(Refusal, refusal)
    app.register_error_handler(HTTPException, http_error)


def wants_json() -> bool:
    """Whether this request is one of the JSON routes (answered with the JSON error body)."""
    return request.path.startswith(JSON_PREFIXES)


def json_error(refused: Refusal) -> tuple[Response, int]:
    """The JSON error body of a refusal, with its status."""
    response = jsonify(refused.body(i18n.lang()))
    if refused.status == 401 and request.path.startswith("/api/"):
        response.headers["WWW-Authenticate"] = 'Bearer realm="survey"'
    return response, refused.status


def refusal(refused: Refusal) -> Any:
    if wants_json():
        return json_error(refused)
    return refusal_page(refused)


def refusal_page(refused: Refusal) -> tuple[str, int]:
    """The error page of a refusal: its status, its message and its details in the user's
    language."""
    lang = i18n.lang()
    details = [d.message(lang) for d in refused.details]
    return _page(refused.status, refused.message(lang), details)


def http_refusal(status: int) -> Refusal:
    """An HTTP error (a missing route, a wrong method, a body too large) as a refusal."""
    code, en, zh = HTTP_ERRORS.get(status, (f"http_{status}", "the request failed", "请求失败"))
    return Refusal(en, zh, code=code, status=status)


def _titles() -> dict[int, str]:
    return {
        400: _("This request cannot be done."),
        401: _("Please log in."),
        403: _("You may not see or change this."),
        404: _("There is no such page."),
        405: _("This request cannot be done."),
        409: _("This cannot be done now."),
        413: _("The request is too large."),
        422: _("This cannot be done."),
        429: _("Too many attempts."),
        503: _("The service cannot be used now."),
    }


def _page(
    status: int, detail: str | None = None, details: list[str] | None = None
) -> tuple[str, int]:
    title = _titles().get(status, _("Something went wrong."))
    page = render_template("error.html", status=status, title=title, detail=detail, details=details)
    return page, status


def http_error(error: HTTPException) -> Any:
    response = make_response(_http_error(error))
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        response.headers["Allow"] = ", ".join(sorted(error.valid_methods))
    return response


def _http_error(error: HTTPException) -> Any:
    status = error.code or 500
    if wants_json():
        return json_error(http_refusal(status))
    detail = None
    if status == 400 and error.description == "csrf":
        detail = _(
            "The form has expired or did not come from this site. Go back, reload the page "
            "and try again."
        )
    elif status == 400 and error.description == NOT_A_NUMBER:
        detail = _(
            "A line, version or count in the request is not a whole number. Go back, reload "
            "the page and try again."
        )
    elif status == 400 and error.description == UNKNOWN_LANGUAGE:
        detail = _("There is no such language here: choose 中文 or English.")
    return _page(status, detail)
