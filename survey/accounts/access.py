"""Accounts and who may see which enumeration areas.

An enumerator sees and submits only the EAs assigned to them; a supervisor sees the EAs they
supervise; office staff see everything.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from survey.accounts.security import (
    hash_password,
    needs_rehash,
    new_password,
    new_token,
    token_hash,
    verify_password,
    verify_unknown,
)
from survey.audit import AuditAction
from survey.context import Survey, now
from survey.errors import Refusal
from survey.store import events, household_assignments, listings, users


class Role(StrEnum):
    ENUMERATOR = "enumerator"
    SUPERVISOR = "supervisor"
    OFFICE = "office"


class AccountError(Refusal):
    """A request about accounts that cannot be done (unknown EA, name taken, …); ``field`` names
    the part of the account at fault (``name``, ``role``, ``eas``, ``lang``) when there is one."""

    code = "refused_account"
    status = 422

    def __init__(self, en: str, zh: str, field: str | None = None) -> None:
        super().__init__(en, zh)
        self.field = field


NAME_MAX = 50


def check_name(name: str) -> str:
    """The user name without surrounding spaces: 1 to 50 printable characters."""
    name = name.strip()
    hidden = any(unicodedata.category(c)[0] == "C" for c in name)  # control, format (bidi)
    if not name or len(name) > NAME_MAX or hidden:
        raise AccountError(
            f"a user name is 1 to {NAME_MAX} characters that can be seen and typed "
            "(no control or direction characters); choose another",
            f"用户名须为1至{NAME_MAX}个可见、可输入的字符（不含控制字符或文字方向字符）；请另选",
            "name",
        )
    return name


def check_role(role: Role | str) -> Role:
    """The role named, one of the three."""
    try:
        return Role(role)
    except ValueError:
        raise AccountError(
            f"the role is one of {', '.join(Role)}; choose one",
            "角色须为调查员（enumerator）、调查指导员（supervisor）或调查办公室（office）之一；请选择",
            "role",
        ) from None


def check_eas(survey: Survey, ea_ids: Sequence[str]) -> None:
    """Every EA named is written as the questionnaire's EA code says, and is in the frame."""
    q = survey.questionnaire
    items = [t.by_name["ea_id"] for t in (q.tables["eas"], q.households) if "ea_id" in t.by_name]
    pattern = next((i.pattern for i in items if i.pattern), None)
    hint = next((i.hint for i in items if i.hint), None)
    malformed = sorted(ea for ea in set(ea_ids) if pattern and not re.search(pattern, ea))
    if malformed:
        shown = ", ".join(ea[:20] for ea in malformed[:5])
        hint_zh = hint("zh") if hint else "格式不符"
        hint_en = hint("en") if hint else "not in the EA code's format"
        raise AccountError(
            f"EA {shown} is not an EA code: {hint_en}",
            f"调查小区 {shown} 不是有效的小区代码：{hint_zh}",
            "eas",
        )
    unknown = sorted(set(ea_ids) - listings.known_eas(survey.store.read))
    if unknown:
        shown = ", ".join(ea[:20] for ea in unknown[:5])
        raise AccountError(
            f"EA {shown} is not in the survey's frame of EAs; choose one of the list, or ask "
            "the survey office to load the EA into the frame",
            f"调查小区 {shown} 不在本调查的小区抽样框中；请从列表中选择，或请调查办公室先将该小区导入抽样框",
            "eas",
        )


class Forbidden(Refusal):
    """The user may not do this: act on an EA not assigned to them, or an action their role does
    not have. The message (in both languages) says which."""

    code = "forbidden"
    status = 403


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: Role
    lang: str = "zh"
    eas: tuple[str, ...] = field(default=())
    must_change_password: bool = False  # a one-time password from the office
    households: frozenset[tuple[str, str]] = frozenset()  # given to this enumerator by name
    barred: frozenset[tuple[str, str]] = frozenset()  # of their EAs, given to others by name
    whole_eas: tuple[str, ...] = field(default=())  # EAs assigned whole, not by household

    def may_work(self, ea_id: str, hh_no: str) -> bool:
        """An enumerator works the households given to them by name, and those of their whole
        EAs not given by name to someone else; reviewers, every household of their EAs."""
        if self.role != Role.ENUMERATOR:
            return self.may_see(ea_id)
        key = (ea_id, hh_no)
        return key in self.households or (ea_id in self.whole_eas and key not in self.barred)

    def sees_all(self) -> bool:
        return self.role == Role.OFFICE

    def may_see(self, ea_id: str) -> bool:
        return self.sees_all() or ea_id in self.eas

    def visible_eas(self) -> tuple[str, ...] | None:
        """The EAs this user sees, or None for all of them."""
        return None if self.sees_all() else self.eas


def _user(survey: Survey, row: dict[str, object]) -> User:
    user_id = int(row["id"])  # type: ignore[call-overload]
    db = survey.store.read
    whole = tuple(users.assigned_eas(db, user_id))
    given = frozenset(household_assignments.of_user(db, user_id))
    return User(
        id=user_id,
        name=str(row["name"]),
        role=Role(str(row["role"])),
        lang=str(row.get("lang") or "zh"),
        eas=tuple(sorted(set(whole) | {ea for ea, _ in given})),
        must_change_password=bool(row.get("must_change_password") or 0),
        households=given,
        barred=frozenset(household_assignments.taken_from(db, user_id, whole)),
        whole_eas=whole,
    )


def add_user(
    survey: Survey,
    name: str,
    role: Role | str,
    ea_ids: Sequence[str] = (),
    password: str | None = None,
    lang: str = "zh",
) -> tuple[User, str]:
    """Create an account; returns it and its (one-time) password."""
    role = check_role(role)
    name = check_name(name)
    check_eas(survey, ea_ids)
    if users.by_name(survey.store.read, name) is not None:
        raise AccountError(
            f"a user named {name!r} exists already; choose another name",
            f"用户名“{name}”已存在；请另选",
            "name",
        )
    one_time = password is None
    password = password or new_password()
    with survey.store.write() as db:
        user_id = users.insert_user(db, name, role.value, hash_password(password), now(), lang)
        users.set_one_time(db, user_id, one_time)
        users.set_assignments(db, user_id, ea_ids)
        events.record(
            db,
            at=now(),
            action=AuditAction.USER_ADD,
            details={"user": name, "role": role.value, "eas": list(ea_ids)},
        )
    return get_user(survey, user_id), password


def get_user(survey: Survey, user_id: int) -> User:
    row = users.by_id(survey.store.read, user_id)
    if row is None:
        raise AccountError(f"no user with id {user_id}", f"没有编号为 {user_id} 的用户")
    return _user(survey, row)


def user_named(survey: Survey, name: str) -> User:
    row = users.by_name(survey.store.read, name)
    if row is None:
        raise AccountError(
            f"there is no user named {name!r}; create one with 'survey users add'",
            f"没有名为“{name}”的用户；请用“survey users add”创建",
        )
    return _user(survey, row)


def authenticate(survey: Survey, name: str, password: str) -> User | None:
    """The active account ``name`` if ``password`` is its password. One hash verification
    whether or not the account exists (the time of the answer tells nothing); a hash of an older
    scheme or cost is replaced by a current one while the password is at hand."""
    row = users.by_name(survey.store.read, name)
    if row is None or not row["active"]:
        verify_unknown(password)
        return None
    stored = str(row["password_hash"])
    if not verify_password(password, stored):
        return None
    if needs_rehash(stored):
        with survey.store.write() as db:
            users.set_password(db, int(row["id"]), hash_password(password))
            events.record(db, at=now(), user_id=int(row["id"]), action=AuditAction.PASSWORD_REHASH)
    return _user(survey, row)


def issue_token(survey: Survey, name: str) -> str:
    """A new API token for the user; only its hash is stored."""
    user = user_named(survey, name)
    token = new_token()
    with survey.store.write() as db:
        users.insert_token(db, user.id, token_hash(token), now())
        events.record(db, at=now(), user_id=user.id, action=AuditAction.TOKEN_ISSUE)
    return token


def revoke_tokens(survey: Survey, name: str, by: User | None = None) -> int:
    """End every API token of the user (a lost phone, a leaked script); how many were in force.
    Audited, in ``by``'s name (None: the command line)."""
    user = user_named(survey, name)
    with survey.store.write() as db:
        revoked = users.revoke_tokens(db, user.id, now())
        events.record(
            db,
            at=now(),
            user_id=by.id if by else None,
            action=AuditAction.TOKEN_REVOKE,
            details={"user": user.name, "tokens": revoked},
        )
    return revoked


TOKEN_DAYS = 90  # the default of the ``token_days`` setting


def issued_since(days: int) -> str:
    """The moment a token must have been issued at or after to be in force today."""
    return (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="milliseconds")


def user_for_token(survey: Survey, token: str, days: int = TOKEN_DAYS) -> User | None:
    """The user of an API token in force: not revoked, issued less than ``days`` ago, and of
    an active account."""
    row = users.user_for_token(survey.store.read, token_hash(token), issued_since(days))
    return None if row is None else _user(survey, row)


def require_enterer(user: User | None) -> None:
    """Raise :class:`Forbidden` for a supervisor: supervisors review and comment on households,
    they do not save or submit them (enumerators enter; the office may, on their behalf)."""
    if user is not None and user.role == Role.SUPERVISOR:
        raise Forbidden(
            f"{user.name} is a supervisor: supervisors review households, not enter them",
            f"{user.name} 是督导员：督导员审核住户，不录入住户",
        )


def require_household(user: User | None, ea_id: str, hh_no: str) -> None:
    """Raise :class:`Forbidden` unless ``user`` (None = the command line) works the household:
    an enumerator from whom it was reassigned loses it at once."""
    require_eas(user, [ea_id])
    if user is not None and not user.may_work(ea_id, hh_no):
        raise Forbidden(
            f"household {ea_id}/{hh_no} is assigned to another enumerator",
            f"住户 {ea_id}/{hh_no} 已分配给另一名调查员",
        )


def tokens(survey: Survey, user_id: int, days: int = TOKEN_DAYS) -> list[dict[str, object]]:
    """The account's API tokens, newest first: id, issued, expires and state (``in force``,
    ``expired`` or ``revoked``). Neither the token nor its hash."""
    since = issued_since(days)
    listed = []
    for row in users.tokens_of(survey.store.read, user_id):
        issued = str(row["created_at"])
        expires = (datetime.fromisoformat(issued) + timedelta(days=days)).isoformat(
            timespec="minutes"
        )
        state = "revoked" if row["revoked_at"] else ("expired" if issued < since else "in_force")
        listed.append({"id": int(row["id"]), "issued": issued, "expires": expires, "state": state})
    return listed


def revoke_token(survey: Survey, user_id: int, token_id: int, by: User | None = None) -> bool:
    """End one API token of the account (by its id); whether it was in force. Audited."""
    user = get_user(survey, user_id)
    with survey.store.write() as db:
        revoked = users.revoke_token(db, user.id, token_id, now())
        events.record(
            db,
            at=now(),
            user_id=by.id if by else None,
            action=AuditAction.TOKEN_REVOKE,
            details={"user": user.name, "token": token_id, "tokens": revoked},
        )
    return bool(revoked)


def require_eas(user: User | None, ea_ids: Sequence[str]) -> None:
    """Raise :class:`Forbidden` unless ``user`` (None = the command line) sees every EA."""
    if user is None:
        return
    hidden = sorted({ea for ea in ea_ids if not user.may_see(ea)})
    if hidden:
        eas = ", ".join(hidden)
        raise Forbidden(
            f"{user.name} is not assigned EA {eas}: it is not one of yours",
            f"调查小区 {eas} 未分配给 {user.name}，不属于您",
        )
