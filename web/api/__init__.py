"""The JSON API ``/api/v1`` of ``spec/interfaces.md``: Bearer tokens, one error body shape."""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Blueprint, Flask, current_app, g, request

from survey import ApiError, Detail, user_for_token
from web.db import get_survey

bp = Blueprint("api", __name__, url_prefix="/api/v1")
PUBLIC = frozenset({"api.openapi"})
SURROGATE = re.compile("[\ud800-\udfff]")


@bp.before_request
def authenticate() -> None:
    g.user = None
    if request.endpoint in PUBLIC:
        return
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    days = int(current_app.config["SETTINGS"]["token_days"])
    bearer = scheme.lower() == "bearer"
    user = user_for_token(get_survey(), token.strip(), days) if bearer else None
    if user is None:
        raise ApiError(
            "unauthorized",
            401,
            "send a valid API token as 'Authorization: Bearer <token>' "
            "(get one with 'survey users token NAME'; a token ends when revoked, after a password "
            "reset or when it expires)",
            "请以“Authorization: Bearer <令牌>”发送有效的 API 令牌（用“survey users token 用户名”获取；"
            "令牌被吊销、密码重置或过期后即失效）",
        )
    g.user = user


def _no_constants(name: str) -> Any:
    raise ValueError(name)


def _json_media_type() -> None:
    """Refuse a body not sent as ``application/json`` (UTF-8), e.g. a form posted by ``curl -d``."""
    mimetype = request.mimetype
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if (mimetype == "application/json" or mimetype.endswith("+json")) and charset in (
        "utf-8",
        "utf8",
    ):
        return
    sent = request.headers.get("Content-Type", "")[:100] or "none"
    raise ApiError(
        "unsupported_media_type",
        415,
        f"send the body as application/json in UTF-8 (header 'Content-Type: application/json');"
        f" it was sent as {sent}",
        f"请求体须以 UTF-8 的 application/json 发送（请求头“Content-Type: application/json”）；"
        f"实际为 {sent}",
    )


def _path(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(body)"


def lone_surrogates(value: Any) -> list[str]:
    """Where the parsed body holds text with a lone UTF-16 surrogate (JSON's "\\ud800" escape
    decodes to one): such text is no character and can never be stored as UTF-8."""
    found: list[str] = []
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), value)]
    while stack and len(found) < 10:
        path, item = stack.pop()
        if isinstance(item, str):
            if not item.isascii() and SURROGATE.search(item):
                found.append(_path(path))
        elif isinstance(item, dict):
            for key, child in item.items():
                if SURROGATE.search(key):
                    found.append(_path(path))
                stack.append(((*path, key), child))
        elif isinstance(item, list):
            stack.extend(((*path, i), child) for i, child in enumerate(item))
    return sorted(found)


def json_body() -> Any:
    """The request body parsed as JSON (NaN and Infinity refused), or a 4xx error body."""
    _json_media_type()
    raw = request.get_data(cache=False)
    try:
        body = json.loads(raw.decode("utf-8"), parse_constant=_no_constants)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ApiError(
            "invalid_json",
            400,
            "the body is not valid JSON (UTF-8; no NaN or Infinity)",
            "请求体不是有效的 JSON（须为 UTF-8，且不能含 NaN 或 Infinity）",
        ) from None
    broken = lone_surrogates(body)
    if broken:
        raise ApiError(
            "invalid_json",
            400,
            "the body holds text with a lone surrogate escape (such as \\ud800), which is no "
            "character; send the text as UTF-8 or escape both halves of a surrogate pair",
            "请求体的文本含有单独的代理项转义（如 \\ud800），它不是字符；请以 UTF-8 发送文本，"
            "或成对转义代理项",
            [
                Detail(
                    at,
                    f"{at} holds a lone surrogate escape (\\ud800–\\udfff)",
                    f"{at} 含有单独的代理项转义（\\ud800–\\udfff）",
                )
                for at in broken
            ],
        )
    return body


# The routes, registered on ``bp`` when their modules are imported.
from web.api import households, openapi, review, status  # noqa: E402, F401


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
