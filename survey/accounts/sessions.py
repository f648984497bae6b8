"""Logging in and out of the web application, sessions kept on the server, password changes.

A session is a random token held by the browser; the database keeps only its hash, with the
CSRF token bound to it. Logging out deletes the session; changing a password (or an office
reset) deletes every session of the user. Repeated failed logins of one account lock it for a
while (``login_max_failures``, ``login_lock_minutes``). Every login, failure, logout and
password change is an audit event.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from survey.accounts.access import User, authenticate, get_user
from survey.accounts.security import hash_password, new_token, token_hash, verify_password
from survey.context import Survey, now
from survey.errors import Refusal
from survey.store import events, users, web_sessions

LANGS = ("zh", "en")
MIN_PASSWORD = 10
TOUCH_EVERY = timedelta(minutes=5)  # how stale ``seen_at`` may get before a request refreshes it


class SessionError(Refusal):
    """A login or account change that is refused; ``code`` is stable, messages in en and zh."""

    def __init__(self, code: str, en: str, zh: str) -> None:
        super().__init__(en, zh)
        self.code = code


@dataclass(frozen=True)
class WebSession:
    user: User
    csrf_token: str
    token: str = ""  # the browser's token: known only when the session starts


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


def _moment() -> datetime:
    return datetime.fromisoformat(now())


def _start(survey: Survey, user: User, at: str) -> WebSession:
    token, csrf = new_token(), secrets.token_urlsafe(32)
    with survey.store.write() as db:
        web_sessions.insert(db, token_hash(token), user.id, csrf, at)
    return WebSession(user, csrf, token)


def log_in(
    survey: Survey, name: str, password: str, *, max_failures: int, lock_minutes: int
) -> WebSession:
    """Start a session for ``name``, or raise :class:`SessionError` (bad login or throttled)."""
    name = name.strip()[:50]
    moment = _moment()
    row = web_sessions.failures(survey.store.read, name)
    if row and row["locked_until"] and str(row["locked_until"]) > _stamp(moment):
        raise _throttled(lock_minutes)
    user = authenticate(survey, name, password)  # slow on purpose: outside the write lock
    at = _stamp(moment)
    if user is None:
        with survey.store.write() as db:
            count = web_sessions.record_failure(db, name)
            locked = count >= max_failures
            if locked:
                web_sessions.lock(db, name, _stamp(moment + timedelta(minutes=lock_minutes)))
            events.record(
                db, at=at, action="login_failed", details={"user": name, "locked": locked}
            )
        if locked:
            raise _throttled(lock_minutes)
        raise SessionError(
            "bad_login",
            "the user name or password is wrong",
            "用户名或密码错误",
        )
    with survey.store.write() as db:
        web_sessions.clear_failures(db, name)
        web_sessions.delete_idle(db, _stamp(moment - timedelta(days=30)))
        events.record(db, at=at, user_id=user.id, action="login")
    return _start(survey, user, at)


def _throttled(minutes: int) -> SessionError:
    return SessionError(
        "throttled",
        f"too many failed logins for this account; wait {minutes} minutes and try again, "
        "or ask the survey office to reset the password",
        f"该账号登录失败次数过多；请{minutes}分钟后再试，或请调查办公室重置密码",
    )


def resume(survey: Survey, token: str, *, hours: int) -> WebSession | None:
    """The live session of this browser token, or None (unknown, ended or idle too long)."""
    if not token:
        return None
    hashed = token_hash(token)
    row = web_sessions.by_token(survey.store.read, hashed)
    if row is None:
        return None
    moment = _moment()
    seen = datetime.fromisoformat(str(row["seen_at"]))
    if moment - seen > timedelta(hours=hours):
        with survey.store.write() as db:
            web_sessions.delete(db, hashed)
        return None
    if moment - seen > TOUCH_EVERY:
        with survey.store.write() as db:
            web_sessions.touch(db, hashed, _stamp(moment))
    return WebSession(get_user(survey, int(row["user_id"])), str(row["csrf_token"]))


def log_out(survey: Survey, token: str) -> None:
    with survey.store.write() as db:
        user_id = web_sessions.delete(db, token_hash(token))
        if user_id:
            events.record(db, at=now(), user_id=user_id, action="logout")


def change_password(survey: Survey, user: User, current: str, new: str) -> WebSession:
    """Set a new password, end every session of the user and start a fresh one."""
    row = users.by_id(survey.store.read, user.id)
    if row is None or not verify_password(current, str(row["password_hash"])):
        raise SessionError("bad_password", "the current password is wrong", "当前密码不正确")
    check_new_password(user.name, new)
    at = now()
    with survey.store.write() as db:
        users.set_password(db, user.id, hash_password(new))
        users.set_one_time(db, user.id, False)
        ended = web_sessions.delete_for_user(db, user.id)
        events.record(
            db, at=at, user_id=user.id, action="password_change", details={"sessions_ended": ended}
        )
    return _start(survey, get_user(survey, user.id), at)


def check_new_password(name: str, password: str) -> None:
    if len(password) < MIN_PASSWORD or password.strip().lower() == name.strip().lower():
        raise SessionError(
            "weak_password",
            f"a password has at least {MIN_PASSWORD} characters and is not the user name",
            f"密码至少{MIN_PASSWORD}个字符，且不能与用户名相同",
        )


def set_language(survey: Survey, user: User, lang: str) -> User:
    if lang not in LANGS:
        raise SessionError("bad_language", "the language is zh or en", "语言只能是 zh 或 en")
    if lang != user.lang:
        with survey.store.write() as db:
            users.set_lang(db, user.id, lang)
            events.record(db, at=now(), user_id=user.id, action="language", details={"lang": lang})
    return get_user(survey, user.id)


def secret_key(survey: Survey) -> str:
    """The key of this database that signs the login form's CSRF token; made on first use."""
    key = web_sessions.secret_key(survey.store.read)
    if key is None:
        with survey.store.write() as db:
            web_sessions.insert_secret_key(db, secrets.token_hex(32))
            key = web_sessions.secret_key(db)
    return str(key)
