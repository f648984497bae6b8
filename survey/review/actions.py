"""The review workflow: approve, return, reopen, waive — each on a named version, each audited.

Every action runs in one transaction that first re-reads the household, so two supervisors acting
on the same version cannot both succeed: the second finds the state moved on (or a newer version)
and gets :class:`ReviewError` with ``status`` 409, changing nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from survey.accounts.access import Forbidden, Role, User, require_eas
from survey.context import Survey, now
from survey.errors import Detail, Refusal
from survey.review.approval import Severity, blocking_rows
from survey.states import TRANSITIONS, Action, State, TransitionRefused, next_state
from survey.store import Database, events, findings, households, records, waivers
from survey.store import comments as comments_store

ROLES_FOR: dict[Action, frozenset[Role]] = {
    Action.APPROVE: frozenset({Role.SUPERVISOR, Role.OFFICE}),
    Action.RETURN: frozenset({Role.SUPERVISOR, Role.OFFICE}),
    Action.REOPEN: frozenset({Role.OFFICE}),
    Action.WAIVE: frozenset({Role.OFFICE}),
}


class ReviewError(Refusal):
    """A review action that cannot be done; ``code`` is stable, ``status`` the HTTP status,
    ``details`` what stands in the way (the findings that stop an approval)."""

    def __init__(
        self, code: str, status: int, en: str, zh: str, details: Sequence[Detail] = ()
    ) -> None:
        super().__init__(en, zh, code=code, status=status, details=details)


def require_reviewer(user: User, ea_ids: Sequence[str] = ()) -> None:
    """Raise :class:`Forbidden` unless ``user`` reviews households (supervisor or office) of
    every EA of ``ea_ids``."""
    if user.role not in ROLES_FOR[Action.APPROVE]:
        raise Forbidden(
            f"{user.name} is an {user.role.value} and does not review households",
            f"{user.name} 的角色为 {user.role.value}，不审核住户",
        )
    require_eas(user, ea_ids)


def allowed_actions(user: User, state: State | None) -> frozenset[Action]:
    """The review actions ``user`` may take on a household in ``state``."""
    return frozenset(
        action
        for action, roles in ROLES_FOR.items()
        if user.role in roles and (state, action) in TRANSITIONS
    )


@dataclass(frozen=True)
class ReviewResult:
    ea_id: str
    hh_no: str
    version: int
    state: State


def blocking(db: Database, version_id: int) -> pd.DataFrame:
    """Findings that stop approval: errors not waived, warnings not explained."""
    found = findings.open_findings(db, version_id)
    return found[blocking_rows(found)].reset_index(drop=True)


def act(
    survey: Survey,
    user: User,
    ea_id: str,
    hh_no: str,
    action: Action | str,
    *,
    version: int,
    comment: str | None = None,
    rule_id: str | None = None,
    line_no: int | None = None,
    field: str | None = None,
) -> ReviewResult:
    action = Action(action)
    if action == Action.SUBMIT:
        raise ReviewError("bad_action", 400, "submit is not a review action", "提交不是审核操作")
    require_eas(user, [ea_id])
    if user.role not in ROLES_FOR[action]:
        raise Forbidden(
            f"a {user.role.value} may not {action.value} households",
            f"角色 {user.role.value} 不能对住户执行 {action.value} 操作",
        )
    comment = (comment or "").strip() or None
    field = check_field(survey, field, line_no)
    if action in (Action.RETURN, Action.WAIVE, Action.REOPEN) and not comment:
        raise ReviewError(
            "comment_required",
            400,
            f"{action.value} needs a comment saying why",
            "退回、豁免和重新打开都需要填写理由",
        )
    with survey.store.write() as db:
        row = submitted(db, ea_id, hh_no)
        if int(row["current_version"]) != int(version):
            raise ReviewError(
                "stale_version",
                409,
                f"household {ea_id}/{hh_no} is at version {row['current_version']}, not {version};"
                " reload it and review the newest version",
                f"户 {ea_id}/{hh_no} 当前为第{row['current_version']}版而非第{version}版；请刷新后审核最新版本",
            )
        state = State(row["state"])
        try:
            after = next_state(state, action)
        except TransitionRefused:
            raise ReviewError(
                "refused_transition",
                409,
                f"cannot {action.value} household {ea_id}/{hh_no}: it is {state.value}",
                f"户 {ea_id}/{hh_no} 当前状态为“{state.value}”，不能执行该操作",
            ) from None
        if action == Action.RETURN and line_no is not None:
            check_line(db, int(row["version_id"]), line_no)
        at = now()
        if action == Action.APPROVE:
            stops = blocking(db, int(row["version_id"]))
            if len(stops):
                first = stops.iloc[0]
                raise ReviewError(
                    "unresolved_findings",
                    409,
                    f"cannot approve: {len(stops)} finding(s) stand, e.g. {first.rule_id}: "
                    f"{first.message_en} — return the household or (office) waive the error",
                    f"不能审核通过：还有{len(stops)}个问题，例如 {first.rule_id}：{first.message_zh}"
                    "——请退回或（办公室）豁免该错误",
                    _reasons(stops),
                )
        if action == Action.WAIVE:
            _check_waivable(db, int(row["version_id"]), rule_id, line_no)
            waivers.insert_waiver(
                db,
                ea_id=ea_id,
                hh_no=hh_no,
                version=int(version),
                rule_id=str(rule_id),
                line_no=line_no,
                reason=str(comment),
                user_id=user.id,
                at=at,
            )
        households.set_state(db, ea_id, hh_no, after, at)
        events.record(
            db,
            at=at,
            user_id=user.id,
            action=action,
            ea_id=ea_id,
            hh_no=hh_no,
            version=int(version),
            from_state=state.value,
            to_state=after.value,
            comment=comment,
            field=field,
            line_no=line_no,
            details={"rule_id": rule_id} if rule_id else None,
        )
        if comment:
            comments_store.insert(
                db,
                ea_id=ea_id,
                hh_no=hh_no,
                version=int(version),
                user_id=user.id,
                action=action,
                text=comment,
                at=at,
                field=field,
                line_no=line_no,
            )
    return ReviewResult(ea_id, hh_no, int(version), after)


def _reasons(stops: pd.DataFrame) -> list[Detail]:
    """Each finding that stops an approval, located, saying what it needs."""
    out = []
    for f in stops.itertuples():
        where = "household" if pd.isna(f.line_no) else f"persons[line_no={int(f.line_no)}]"
        if f.severity == Severity.ERROR:
            en, zh = "error, not waived", "错误，未豁免"
        else:
            en, zh = "warning, not explained", "警告，调查员未说明"
        reason = Detail(
            where, f"{f.rule_id} ({en}): {f.message_en}", f"{f.rule_id}（{zh}）：{f.message_zh}"
        )
        out.append(reason)
    return out


def submitted(db: Database, ea_id: str, hh_no: str) -> dict[str, Any]:
    """The household's row; :class:`ReviewError` (404) when it has not been submitted."""
    row = households.household(db, ea_id, hh_no)
    if row is None or row["current_version"] is None:
        raise ReviewError(
            "not_found",
            404,
            f"household {ea_id}/{hh_no} has not been submitted",
            f"户 {ea_id}/{hh_no} 尚未提交",
        )
    return row


def check_field(survey: Survey, field: str | None, line_no: int | None) -> str | None:
    """The question a comment names (``None`` when left blank): a question of the
    questionnaire; a person's question with a line, a household question without."""
    field = (field or "").strip() or None
    q = survey.questionnaire
    household = {i.name for i in q.households.questions}
    person = {i.name for i in q.persons.questions}
    if (
        field is None
        or (field in household and line_no is None)
        or (field in person and line_no is not None)
    ):
        return field
    if field in person:
        en, zh = (
            f"{field} is a person's question: name the person's line_no",
            (f"{field} 是个人项目：请指明人员序号 line_no"),
        )
    elif field in household:
        en, zh = (
            f"{field} is a household question: leave line_no out",
            (f"{field} 是户项目：不要填写 line_no"),
        )
    else:
        en, zh = f"{field} is not a question of this questionnaire", f"{field} 不是本问卷的项目"
    raise ReviewError("unknown_field", 422, en, zh)


def check_line(db: Database, version_id: int, line_no: int) -> None:
    """A comment on a person names a line of the version's roster."""
    lines = sorted(records.person_lines(db, version_id))
    if line_no in lines:
        return
    shown = ", ".join(str(n) for n in lines[:10]) or "—"
    number = str(line_no)[:20]
    raise ReviewError(
        "no_such_person",
        422,
        f"this version has no person on line {number} (its lines are {shown}); name a line of "
        "the roster, or leave line_no out to comment on the household",
        f"该版本没有第{number}号人员（现有 {shown} 号）；请填写名单中的人员序号，"
        "对整户的意见不填 line_no",
    )


def _check_waivable(
    db: Database, version_id: int, rule_id: str | None, line_no: int | None
) -> None:
    found = findings.open_findings(db, version_id)
    line = found["line_no"].astype("Int64")
    match = (
        (found["rule_id"] == rule_id)
        & (found["severity"] == Severity.ERROR)
        & (line.isna() if line_no is None else line.eq(line_no).fillna(False))
    )
    if not match.any():
        raise ReviewError(
            "no_such_error",
            422,
            f"the current version has no error {rule_id} on line {line_no}; only an error "
            "finding can be waived",
            f"当前版本没有第{line_no}人的错误 {rule_id}；只能豁免错误类问题",
        )


def bulk_approve(
    survey: Survey, user: User, households: Sequence[tuple[str, str, int]]
) -> list[ReviewResult]:
    """Approve each (ea_id, hh_no, version) that is clean; skip (not fail on) the others."""
    done = []
    for ea_id, hh_no, version in households:
        try:
            done.append(act(survey, user, ea_id, hh_no, Action.APPROVE, version=version))
        except ReviewError:
            continue
    return done
