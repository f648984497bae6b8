"""Error pages: refusals and missing pages rendered in the user's language (JSON under /api/)."""

from __future__ import annotations

from typing import Any

from flask import Flask, make_response, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from survey import Forbidden, NotFound
from web import i18n
from web.api.errors import http_error_body
from web.forms import NOT_A_NUMBER
from web.i18n import UNKNOWN_LANGUAGE

API_PREFIX = "/api/"


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Forbidden, forbidden)
    app.register_error_handler(NotFound, not_found)


def _titles() -> dict[int, str]:
    return {
        400: _("This request cannot be done."),
        401: _("Please log in."),
        403: _("You may not see or change this."),
        404: _("There is no such page."),
        405: _("This request cannot be done."),
        413: _("The request is too large."),
    }


def _page(status: int, detail: str | None = None) -> tuple[str, int]:
    title = _titles().get(status, _("Something went wrong."))
    return render_template("error.html", status=status, title=title, detail=detail), status


def refusal_page(error: Any) -> tuple[str, int]:
    """The error page of a refusal with a ``status`` and its message in the user's language."""
    return _page(int(error.status), i18n.message(error))


def http_error(error: HTTPException) -> Any:
    response = make_response(_http_error(error))
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        response.headers["Allow"] = ", ".join(sorted(error.valid_methods))
    return response


def _http_error(error: HTTPException) -> Any:
    status = error.code or 500
    if request.path.startswith(API_PREFIX):
        return http_error_body(status)
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


def forbidden(error: Forbidden) -> Any:
    return _page(403)


def not_found(error: NotFound) -> Any:
    return _page(404, i18n.message(error))
