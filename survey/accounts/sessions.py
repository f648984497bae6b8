"""Logging in and out of the web application, sessions kept on the server, password changes.

A session is a random token held by the browser; the database keeps only its hash, with the
CSRF token bound to it. Logging out deletes the session; changing a password (or an office
reset) deletes every session and API token of the user. Repeated failed logins of one account
from one client address, or of many accounts from one address, make that address wait
(``login_max_failures``, ``login_max_failures_per_address``, ``login_lock_minutes``). Every
login, failure, logout and password change is an audit event; logins and failures record the
client's address and user agent (never the password tried).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from survey.accounts.access import User, authenticate, get_user
from survey.accounts.security import hash_password, new_token, token_hash, verify_password
from survey.audit import AuditAction
from survey.context import Survey, now
from survey.errors import Refusal
from survey.store import events, users, web_sessions

LANGS = ("zh", "en")
MIN_PASSWORD = 10
TOUCH_EVERY = timedelta(minutes=5)  # how stale ``seen_at`` may get before a request refreshes it


class SessionError(Refusal):
    """A login or account change that is refused; ``code`` is stable, messages in en and zh."""

    status = 401

    def __init__(self, code: str, en: str, zh: str) -> None:
        super().__init__(en, zh, code=code, status=429 if code == "throttled" else None)


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


@dataclass(frozen=True)
class Throttle:
    """How many failed logins are allowed within ``minutes``: of one account from one client
    address (``per_account``), and of one address whatever the names (``per_address``)."""

    per_account: int
    per_address: int
    minutes: int


@dataclass(frozen=True)
class Client:
    """Who is knocking: the client's address and user agent, for throttling and the audit."""

    address: str = ""
    user_agent: str = ""

    def details(self) -> dict[str, str]:
        return {"address": self.address[:64], "user_agent": self.user_agent[:200]}


def log_in(
    survey: Survey,
    name: str,
    password: str,
    *,
    throttle: Throttle,
    address: str = "",
    user_agent: str = "",
) -> WebSession:
    """Start a session for ``name``, or raise :class:`SessionError` (bad login or throttled).

    Failures are counted per account *and* client address over the last ``throttle.minutes``:
    after ``per_account`` failures that address waits before trying that account again, but the
    owner elsewhere is not locked out by a stranger; after ``per_address`` failures (many names
    tried) the address waits for every name. The answer takes as long whether or not the name
    exists, and old password hashes are upgraded to argon2id on a successful login."""
    client = Client(address, user_agent)
    name = name.strip()[:50]
    moment = _moment()
    since = _stamp(moment - timedelta(minutes=throttle.minutes))
    pair, from_address, _ = web_sessions.failures_since(
        survey.store.read, name, client.address, since
    )
    if pair >= throttle.per_account or from_address >= throttle.per_address:
        authenticate(survey, name, "")  # the same time as any other answer
        raise _throttled(throttle.minutes)
    user = authenticate(survey, name, password)  # slow on purpose: outside the write lock
    at = _stamp(moment)
    if user is None:
        with survey.store.write() as db:
            web_sessions.prune_failures(db, _stamp(moment - timedelta(days=1)))
            web_sessions.record_failure(db, name, client.address, at)
            locked = pair + 1 >= throttle.per_account or from_address + 1 >= throttle.per_address
            events.record(
                db,
                at=at,
                action=AuditAction.LOGIN_FAILED,
                details={"user": name, "locked": locked, **client.details()},
            )
        if locked:
            raise _throttled(throttle.minutes)
        raise SessionError(
            "bad_login",
            "the user name or password is wrong",
            "用户名或密码错误",
        )
    with survey.store.write() as db:
        web_sessions.clear_failures(db, name, client.address)
        web_sessions.delete_idle(db, _stamp(moment - timedelta(days=30)))
        events.record(
            db, at=at, user_id=user.id, action=AuditAction.LOGIN, details=client.details()
        )
    return _start(survey, user, at)


def _throttled(minutes: int) -> SessionError:
    return SessionError(
        "throttled",
        f"too many failed logins from this device; wait {minutes} minutes and try again, "
        "or ask the survey office to reset the password",
        f"此设备登录失败次数过多；请{minutes}分钟后再试，或请调查办公室重置密码",
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
            events.record(db, at=now(), user_id=user_id, action=AuditAction.LOGOUT)


def change_password(survey: Survey, user: User, current: str, new: str) -> WebSession:
    """Set a new password, end every session and API token of the user, start a fresh session."""
    row = users.by_id(survey.store.read, user.id)
    if row is None or not verify_password(current, str(row["password_hash"])):
        raise SessionError("bad_password", "the current password is wrong", "当前密码不正确")
    check_new_password(user.name, new)
    at = now()
    with survey.store.write() as db:
        users.set_password(db, user.id, hash_password(new))
        users.set_one_time(db, user.id, False)
        ended = web_sessions.delete_for_user(db, user.id)
        tokens_ended = users.revoke_tokens(db, user.id, at)
        events.record(
            db,
            at=at,
            user_id=user.id,
            action=AuditAction.PASSWORD_CHANGE,
            details={"sessions_ended": ended, "tokens_ended": tokens_ended},
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
            events.record(
                db, at=now(), user_id=user.id, action=AuditAction.LANGUAGE, details={"lang": lang}
            )
    return get_user(survey, user.id)


def secret_key(survey: Survey) -> str:
    """The key of this database that signs the login form's CSRF token; made on first use."""
    key = web_sessions.secret_key(survey.store.read)
    if key is None:
        with survey.store.write() as db:
            web_sessions.insert_secret_key(db, secrets.token_hex(32))
            key = web_sessions.secret_key(db)
    return str(key)
