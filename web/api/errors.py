"""The one error body of the JSON API: ``{"error": {"code", "message", "details"}}`` with a 4xx."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify
from werkzeug.exceptions import HTTPException

from survey import ApiError, Forbidden, ReviewError, SubmitError, TransitionRefused
from web.i18n import lang


def error_body(
    code: str, status: int, en: str, zh: str, details: list[dict[str, Any]] | None = None
) -> tuple[Response, int]:
    message = zh if lang() == "zh" else en
    body = {"error": {"code": code, "message": message, "details": details or []}}
    response = jsonify(body)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="survey"'
    return response, status


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


def http_error_body(status: int) -> tuple[Response, int]:
    code, en, zh = HTTP_ERRORS.get(status, (f"http_{status}", "the request failed", "请求失败"))
    return error_body(code, status, en, zh)


def register(bp: Blueprint) -> None:
    @bp.errorhandler(ApiError)
    def api_error(error: ApiError) -> Any:
        details = [d.as_json(lang()) for d in error.details]
        return error_body(error.code, error.status, error.en, error.zh, details)

    @bp.errorhandler(Forbidden)
    def forbidden(error: Forbidden) -> Any:
        return error_body("forbidden", 403, error.en, error.zh)

    @bp.errorhandler(SubmitError)
    def refused(error: SubmitError) -> Any:
        details = [
            {"location": "household", "message": zh if lang() == "zh" else en}
            for en, zh in error.problems
        ]
        return error_body(
            "refused_submission",
            422,
            "the household cannot be stored; see details",
            "该户无法保存；详见 details",
            details,
        )

    @bp.errorhandler(TransitionRefused)
    def transition(error: TransitionRefused) -> Any:
        return error_body(
            "refused_transition",
            409,
            f"{error}; the survey office must reopen an approved household first",
            "该户已审核通过，不能再提交；需由调查办公室重新打开",
        )

    @bp.errorhandler(ReviewError)
    def review(error: ReviewError) -> Any:
        details = [{"location": r.location, "message": r.message(lang())} for r in error.reasons]
        return error_body(error.code, error.status, error.en, error.zh, details)

    @bp.errorhandler(HTTPException)
    def http(error: HTTPException) -> Any:
        return http_error_body(error.code or 500)
