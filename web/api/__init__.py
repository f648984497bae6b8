"""The JSON API ``/api/v1`` of ``spec/interfaces.md``: Bearer tokens, one error body shape."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Flask, g, request

from survey.accounts import user_for_token
from survey.api import ApiError
from web.api import errors
from web.db import get_survey

bp = Blueprint("api", __name__, url_prefix="/api/v1")
PUBLIC = frozenset({"api.openapi"})


@bp.before_request
def authenticate() -> None:
    g.user = None
    if request.endpoint in PUBLIC:
        return
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    user = user_for_token(get_survey(), token.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        raise ApiError(
            "unauthorized",
            401,
            "send a valid API token as 'Authorization: Bearer <token>' "
            "(get one with 'survey users token NAME')",
            "请以“Authorization: Bearer <令牌>”发送有效的 API 令牌（用“survey users token 用户名”获取）",
        )
    g.user = user


def _no_constants(name: str) -> Any:
    raise ValueError(name)


def json_body() -> Any:
    """The request body parsed as JSON (NaN and Infinity refused), or a 400 error body."""
    raw = request.get_data(cache=False)
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_no_constants)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ApiError(
            "invalid_json",
            400,
            "the body is not valid JSON (UTF-8; no NaN or Infinity)",
            "请求体不是有效的 JSON（须为 UTF-8，且不能含 NaN 或 Infinity）",
        ) from None


errors.register(bp)
# The routes, registered on ``bp`` when their modules are imported.
from web.api import households, openapi, review, status  # noqa: E402, F401


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
