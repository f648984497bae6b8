"""The JSON API's operations: check a body, act, and build the answer (``spec/interfaces.md``).

A body is checked with the questionnaire's strict pydantic model; this is the one place that reads
its error objects, turning each into a located, bilingual detail — pydantic's own text never
reaches a caller. Values outside code lists or ranges are not refused here: they are stored and
reported as findings, like every other mistake in the data.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, StrictInt, StrictStr, ValidationError

from schemas import ItemType, Questionnaire, submission_model
from schemas.records import record_name
from survey.accounts.access import User, require_eas, require_household
from survey.collection.explanations import misplaced
from survey.collection.intake import Intake, Job
from survey.collection.submission import replay
from survey.context import Survey
from survey.errors import Detail, Refusal
from survey.progress.status import status
from survey.review.actions import ReviewResult, act
from survey.review.queue import review_queue
from survey.states import Action
from survey.store import households, listings, submission_digests
from survey.views.answers import plain_records, version_answer, version_answers

SUBMISSION_ID_MAX = 100
_TYPE_TEXT: dict[ItemType, tuple[str, str]] = {
    ItemType.INTEGER: (
        "must be a whole number (or null when blank)",
        "必须是整数（空白时为 null）",
    ),
    ItemType.NUMBER: ("must be a number (or null when blank)", "必须是数字（空白时为 null）"),
    ItemType.TEXT: (
        "must be text in quotes (or null when blank)",
        "必须是带引号的文本（空白时为 null）",
    ),
}
_ERROR_TEXT: dict[str, tuple[str, str]] = {
    "missing": ("is required", "缺少此项"),
    "extra_forbidden": (
        "is not an item of this questionnaire; remove it or correct its spelling",
        "不是本问卷的项目；请删除或更正拼写",
    ),
    "model_type": ("must be a JSON object", "必须是 JSON 对象"),
    "dict_type": ("must be a JSON object", "必须是 JSON 对象"),
    "list_type": ("must be a JSON list", "必须是 JSON 列表"),
    "too_long": ("has too many entries", "条目过多"),
    "string_too_long": ("is too long", "过长"),
    "string_too_short": ("must not be empty", "不能为空"),
    "int_type": ("must be a whole number", "必须是整数"),
    "int_parsing": ("must be a whole number", "必须是整数"),
    "string_type": ("must be text in quotes", "必须是带引号的文本"),
    "enum": ("is not one of the allowed values", "不是允许的取值"),
    "literal_error": ("is not one of the allowed values", "不是允许的取值"),
}


class ApiError(Refusal):
    """A request the API refuses: stable ``code``, HTTP ``status``, messages and details."""

    def __init__(
        self, code: str, status: int, en: str, zh: str, details: Sequence[Detail] = ()
    ) -> None:
        super().__init__(en, zh, code=code, status=status, details=details)


def bad_body(en: str, zh: str, details: Sequence[Detail] = ()) -> ApiError:
    return ApiError("invalid_body", 422, en, zh, details)


# --- reading pydantic's errors -----------------------------------------------------------------


def _location(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """The part of pydantic's location that names the data (not the union member tried)."""
    if not loc:
        return ()
    depth = {"household": 2, "persons": 3, "explanations": 3}.get(str(loc[0]), 1)
    return loc[:depth]


def _path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(body)"


def _item_type(q: Questionnaire, loc: tuple[Any, ...]) -> ItemType | None:
    if len(loc) == 2 and loc[0] == "household":
        item = q.households.by_name.get(str(loc[1]))
    elif len(loc) == 3 and loc[0] == "persons":
        item = q.persons.by_name.get(str(loc[2]))
    else:
        return None
    return item.type if item else None


def details_of(q: Questionnaire, error: ValidationError) -> list[Detail]:
    """One located, bilingual detail per place pydantic found wrong."""
    seen: dict[str, Detail] = {}
    for problem in error.errors():
        loc = _location(tuple(problem["loc"]))
        where = _path(loc)
        if where in seen:
            continue
        kind = str(problem["type"])
        item_type = _item_type(q, loc)
        if kind not in ("missing", "extra_forbidden") and item_type is not None:
            en, zh = _TYPE_TEXT[item_type]
        else:
            en, zh = _ERROR_TEXT.get(kind, ("has a value of the wrong type", "取值类型错误"))
        seen[where] = Detail(where, f"{where} {en}", f"{where} {zh}")
    return list(seen.values())


# --- households ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Submitted:
    answer: dict[str, Any]
    replayed: bool


def api_intake(survey: Survey) -> Intake:
    """The group commit of ``POST /api/v1/households``, answering each request with its stored
    version and findings."""
    return Intake(survey, answers=version_answers)


def submit_payload(intake: Intake, user: User, body: Any, lang: str = "en") -> Submitted:
    """``POST /api/v1/households``: check the body, submit the household (or replay the earlier
    result of the same ``submission_id``), answer the stored version with its findings.

    Households submitted at the same moment are stored together (``survey.collection.intake``)."""
    survey = intake.survey
    q = survey.questionnaire
    if not isinstance(body, Mapping):
        raise bad_body(
            "the body must be a JSON object with household, persons and submission_id",
            "请求体必须是包含 household、persons 和 submission_id 的 JSON 对象",
        )
    try:
        parsed = submission_model(q).model_validate(body)
    except ValidationError as exc:
        raise bad_body(
            "the household does not match the questionnaire; see details",
            "户数据与问卷不符；详见 details",
            details_of(q, exc),
        ) from None
    submission_id: str | None = parsed.submission_id  # type: ignore[attr-defined]
    if submission_id is not None and not 0 < len(submission_id) <= SUBMISSION_ID_MAX:
        raise bad_body(
            f"submission_id must be 1 to {SUBMISSION_ID_MAX} characters (a UUID)",
            f"submission_id 必须为1至{SUBMISSION_ID_MAX}个字符（UUID）",
            [
                Detail(
                    "submission_id",
                    "submission_id is empty or too long",
                    "submission_id 为空或过长",
                )
            ],
        )
    explanations = [n.model_dump() for n in parsed.explanations]  # type: ignore[attr-defined]
    wrong = misplaced(explanations, [p.line_no for p in parsed.persons])  # type: ignore[attr-defined]
    if wrong:
        raise bad_body(
            "an explanation names no rule or no person of this household; see details",
            "有说明未对应本户的规则或人员；详见 details",
            [Detail(w.location, w.en, w.zh) for w in wrong],
        )
    digest = body_digest(body)
    if submission_id:
        earlier = replay(survey, submission_id)
        if earlier is not None:
            first = earlier.households.iloc[0]
            require_eas(user, [str(first["ea_id"])])
            refuse_reuse(survey, submission_id, digest)
            return Submitted(version_answer(survey, int(first["version_id"]), lang), True)
    household = parsed.household.model_dump()  # type: ignore[attr-defined]
    if isinstance(household.get("ea_id"), str):
        require_eas(user, [household["ea_id"]])
    job = intake.submit(
        Job(
            user=user,
            household=household,
            persons=[p.model_dump() for p in parsed.persons],  # type: ignore[attr-defined]
            explanations=explanations,
            submission_id=submission_id,
            lang=lang,
            digest=digest,
        )
    )
    if job.replayed and submission_id:  # the same id raced in from another request
        refuse_reuse(survey, submission_id, digest)
    assert job.answer is not None
    return Submitted(job.answer, job.replayed)


def body_digest(body: Mapping[str, Any]) -> str:
    """The SHA-256 of the body as sent (keys in any order; the submission_id left out)."""
    content = {k: v for k, v in body.items() if k != "submission_id"}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def refuse_reuse(survey: Survey, submission_id: str, digest: str) -> None:
    """A submission_id already stored with another body: 422, nothing stored (a client whose
    ids repeat would otherwise lose the second household without knowing)."""
    stored = submission_digests.digest_of(survey.store.read, submission_id)
    if stored is not None and stored != digest:
        raise ApiError(
            "submission_id_reused",
            422,
            "this submission_id was already used for another household body; send each new "
            "submission with a new submission_id (a UUID), and resend one unchanged only to "
            "retry it",
            "该 submission_id 已用于另一份不同的户数据；每次新提交请使用新的 submission_id"
            "（UUID），仅在原样重发时才沿用",
            [
                Detail(
                    "submission_id",
                    "already used with another body",
                    "已用于另一份不同的数据",
                )
            ],
        )


def household_answer(survey: Survey, user: User, ea_id: str, hh_no: str, lang: str) -> dict:
    """``GET /api/v1/households/{ea_id}/{hh_no}``: the current version, state, findings."""
    require_household(user, ea_id, hh_no)
    row = households.household(survey.store.read, ea_id, hh_no)
    if row is None or row["version_id"] is None:
        raise ApiError(
            "not_found",
            404,
            f"household {ea_id}/{hh_no} has no submitted version",
            f"户 {ea_id}/{hh_no} 尚无已提交的版本",
        )
    return version_answer(survey, int(row["version_id"]), lang)


# --- status, queue, review -----------------------------------------------------------------------


def status_answer(survey: Survey, user: User) -> dict[str, Any]:
    """``GET /api/v1/status``: coverage and progress of the caller's EAs."""
    found = status(survey, user)
    overall = plain_records(found.overall)
    return {
        "eas": plain_records(found.by_ea),
        "enumerators": plain_records(found.by_enumerator),
        "overall": overall[0] if overall else {},
    }


def queue_answer(
    survey: Survey,
    user: User,
    *,
    ea_id: str | None = None,
    enumerator: str | None = None,
    rule_id: str | None = None,
) -> dict[str, Any]:
    """``GET /api/v1/queue``: households of the caller's EAs that need review, worst first,
    optionally filtered by EA, enumerator and rule (counts per filter value beside them)."""
    found = review_queue(survey, user, ea_id=ea_id, enumerator=enumerator, rule_id=rule_id)
    return {"households": plain_records(found.rows), "counts": found.counts}


class ReviewBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: StrictStr
    version: StrictInt
    comment: StrictStr | None = None
    rule_id: StrictStr | None = None
    line_no: StrictInt | None = None
    field: StrictStr | None = None


def review_payload(survey: Survey, user: User, ea_id: str, hh_no: str, body: Any) -> ReviewResult:
    """``POST /api/v1/households/{ea_id}/{hh_no}/review``: one review action on a version."""
    if not isinstance(body, Mapping):
        raise bad_body(
            'the body must be a JSON object such as {"action": "approve", "version": 1}',
            '请求体必须是 JSON 对象，例如 {"action": "approve", "version": 1}',
        )
    try:
        parsed = ReviewBody.model_validate(body)
    except ValidationError as exc:
        raise bad_body(
            "the review request is not valid; see details",
            "审核请求无效；详见 details",
            details_of(survey.questionnaire, exc),
        ) from None
    allowed = [a.value for a in Action if a != Action.SUBMIT]
    if parsed.action not in allowed:
        raise bad_body(
            f"action must be one of {', '.join(allowed)}",
            f"action 必须是 {', '.join(allowed)} 之一",
            [Detail("action", f"action is not one of {', '.join(allowed)}", "action 取值无效")],
        )
    return act(
        survey,
        user,
        ea_id,
        hh_no,
        Action(parsed.action),
        version=parsed.version,
        comment=parsed.comment,
        rule_id=parsed.rule_id,
        line_no=parsed.line_no,
        field=parsed.field,
    )


DOCUMENTED_EAS = 1000
"""A frame of at most this many EAs is listed in the document: the EA codes the API takes."""


def submission_schema(survey: Survey, ref_template: str) -> dict[str, Any]:
    """JSON Schema of the ``POST /api/v1/households`` body, for the OpenAPI document: the
    questionnaire's model, with the frame's EA codes when the frame is small enough to list."""
    q = survey.questionnaire
    schema = submission_model(q).model_json_schema(ref_template=ref_template)
    eas = sorted(listings.known_eas(survey.store.read))
    record = schema.get("$defs", {}).get(record_name(q.households), {})
    ea = record.get("properties", {}).get("ea_id")
    if ea is not None and 0 < len(eas) <= DOCUMENTED_EAS:
        ea["enum"] = eas
    return schema


def review_schema() -> dict[str, Any]:
    """JSON Schema of the review action body, for the OpenAPI document."""
    return ReviewBody.model_json_schema()
