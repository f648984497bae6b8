"""The survey office manages accounts: create them, change role, EAs, language or activity,
reset a password (printing a new one-time password), issue an API token. Each change is an
audit event naming the office user who made it; a deactivated account or a reset password
ends the user's sessions and API tokens at once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import pandas as pd

from survey.accounts import access as accounts
from survey.accounts.access import AccountError, Forbidden, Role, User
from survey.accounts.security import hash_password, new_password
from survey.accounts.sessions import LANGS
from survey.audit import AuditAction
from survey.context import Survey, now
from survey.store import events, listings, users, web_sessions


def _require_office(actor: User) -> None:
    if actor.role != Role.OFFICE:
        raise Forbidden(
            f"{actor.name} is not survey office staff",
            f"{actor.name} 不是调查办公室人员",
        )


def _check_eas(survey: Survey, ea_ids: Sequence[str]) -> list[str]:
    wanted = list(dict.fromkeys(ea.strip() for ea in ea_ids if ea.strip()))
    accounts.check_eas(survey, wanted)
    return wanted


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise AccountError(
            "the language is zh or en; choose 中文 or English",
            "语言须为 zh 或 en；请选择中文或 English",
            "lang",
        )


def accounts_list(survey: Survey, actor: User) -> list[dict[str, Any]]:
    _require_office(actor)
    return users.all_users(survey.store.read)


def ea_choices(survey: Survey, actor: User) -> list[tuple[str, str]]:
    """Every EA of the frame with its name, to assign from."""
    _require_office(actor)
    eas = listings.read(survey.store.read, survey.questionnaire, "eas")
    names = eas["name"] if "name" in eas.columns else eas["ea_id"]
    return [
        (str(ea), "" if pd.isna(name) else str(name))
        for ea, name in zip(eas["ea_id"], names, strict=True)
    ]


def account(survey: Survey, actor: User, user_id: int) -> dict[str, Any]:
    """One account as the office sees it: id, name, role, lang, active, eas."""
    _require_office(actor)
    for row in users.all_users(survey.store.read):
        if row["id"] == user_id:
            return row
    raise AccountError(f"no user with id {user_id}", f"没有编号为 {user_id} 的用户")


def create_account(
    survey: Survey, actor: User, name: str, role: str, ea_ids: Sequence[str], lang: str
) -> tuple[User, str]:
    """A new account and its one-time password."""
    _require_office(actor)
    _check_lang(lang)
    user, password = accounts.add_user(
        survey, name, accounts.check_role(role), _check_eas(survey, ea_ids), lang=lang
    )
    with survey.store.write() as db:
        events.record(
            db, at=now(), user_id=actor.id, action=AuditAction.USER_ADD_BY, details={"user": name}
        )
    return user, password


def update_account(
    survey: Survey,
    actor: User,
    user_id: int,
    *,
    role: str,
    ea_ids: Sequence[str],
    lang: str,
    active: bool,
) -> User:
    _require_office(actor)
    before = accounts.get_user(survey, user_id)
    role = accounts.check_role(role).value
    _check_lang(lang)
    if user_id == actor.id and (not active or role != Role.OFFICE):
        raise AccountError(
            "you cannot deactivate your own account or take away its office role; ask another "
            "office user",
            "不能停用自己的账户或取消自己的办公室角色；请由其他办公室用户操作",
        )
    eas = _check_eas(survey, ea_ids)
    with survey.store.write() as db:
        users.set_role(db, user_id, role)
        users.set_assignments(db, user_id, eas)
        users.set_lang(db, user_id, lang)
        users.set_active(db, user_id, active)
        ended = 0 if active else web_sessions.delete_for_user(db, user_id)
        tokens_ended = 0 if active else users.revoke_tokens(db, user_id, now())
        events.record(
            db,
            at=now(),
            user_id=actor.id,
            action=AuditAction.USER_UPDATE,
            details={
                "user": before.name,
                "role": role,
                "eas": eas,
                "lang": lang,
                "active": active,
                "sessions_ended": ended,
                "tokens_ended": tokens_ended,
            },
        )
    return accounts.get_user(survey, user_id)


def reset_password(survey: Survey, actor: User, user_id: int) -> tuple[User, str]:
    """A new one-time password for the user; their sessions and API tokens end."""
    _require_office(actor)
    user = accounts.get_user(survey, user_id)
    password = new_password()
    with survey.store.write() as db:
        users.set_password(db, user_id, hash_password(password))
        users.set_one_time(db, user_id, True)
        ended = web_sessions.delete_for_user(db, user_id)
        tokens_ended = users.revoke_tokens(db, user_id, now())
        events.record(
            db,
            at=now(),
            user_id=actor.id,
            action=AuditAction.PASSWORD_RESET,
            details={"user": user.name, "sessions_ended": ended, "tokens_ended": tokens_ended},
        )
    return user, password


def login_failures(survey: Survey, actor: User, user_id: int, minutes: int) -> tuple[int, int]:
    """The account's failed logins of the last ``minutes`` (those that can make a device wait)
    and from how many addresses."""
    _require_office(actor)
    user = accounts.get_user(survey, user_id)
    moment = datetime.fromisoformat(now()) - timedelta(minutes=minutes)
    since = moment.isoformat(timespec="milliseconds")  # as the failures are stamped
    return web_sessions.failures_of(survey.store.read, user.name, since)


def unlock_logins(survey: Survey, actor: User, user_id: int) -> tuple[User, int]:
    """Forget the account's failed logins, so a device made to wait may log in at once (the
    office has checked with the owner); how many were forgotten. Audited."""
    _require_office(actor)
    user = accounts.get_user(survey, user_id)
    with survey.store.write() as db:
        cleared = web_sessions.clear_failures(db, user.name)
        events.record(
            db,
            at=now(),
            user_id=actor.id,
            action=AuditAction.LOGIN_UNLOCK,
            details={"user": user.name, "failures_forgotten": cleared},
        )
    return user, cleared


def issue_token(survey: Survey, actor: User, user_id: int) -> tuple[User, str]:
    _require_office(actor)
    user = accounts.get_user(survey, user_id)
    token = accounts.issue_token(survey, user.name)
    with survey.store.write() as db:
        events.record(
            db,
            at=now(),
            user_id=actor.id,
            action=AuditAction.TOKEN_ISSUE_BY,
            details={"user": user.name},
        )
    return user, token


def revoke_tokens(
    survey: Survey, actor: User, user_id: int, token_id: int | None = None
) -> tuple[User, int]:
    """End every API token of the account, or only ``token_id``; how many were in force."""
    _require_office(actor)
    user = accounts.get_user(survey, user_id)
    if token_id is not None:
        return user, int(accounts.revoke_token(survey, user_id, token_id, by=actor))
    return user, accounts.revoke_tokens(survey, user.name, by=actor)


def tokens(survey: Survey, actor: User, user_id: int, days: int) -> list[dict[str, Any]]:
    """The account's API tokens as :func:`survey.accounts.tokens` lists them."""
    _require_office(actor)
    return accounts.tokens(survey, user_id, days)
