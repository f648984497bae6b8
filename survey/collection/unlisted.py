"""Households found during enumeration that the listing (户主姓名底册) lacks: adding and removing.

The enumerator adds one with its address (required) and the head's name (optional); it takes
the EA's next free household number and starts as a draft. While no version of it exists (only
a draft, or nothing typed yet) the enumerator who added it may remove it again, with its draft,
for a household added by mistake; once it has been submitted it stays (the supervisor decides
on it like on any other). Both are audit events; a removed household's number is not reused.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from survey.accounts.access import Forbidden, User, require_eas, require_enterer, require_household
from survey.audit import AuditAction
from survey.context import Survey, now
from survey.errors import Refusal
from survey.states import State
from survey.store import additions, events, households, listings

ADDRESS_MAX = 100  # characters; the listing's building and unit numbers are 20 each
HEAD_NAME_MAX = 50  # the listing's head_name, when the questionnaire does not say
LAST_NUMBER = 998  # 999 is reserved for a household all of whose members died


class UnlistedRefused(Refusal):
    """An addition or removal refused: ``status`` for the web, ``field`` the input it is about
    (``address`` or ``head_name``) when the refusal is about what was typed."""

    code = "refused_addition"
    status = 409

    def __init__(self, en: str, zh: str, *, status: int = 409, field: str | None = None):
        super().__init__(en, zh, status=status)
        self.field = field


@dataclass(frozen=True)
class Addition:
    """A household not in the listing, as it was added."""

    ea_id: str
    hh_no: str
    address: str | None
    head_name: str | None
    added_by: int | None
    added_by_name: str | None
    submitted: bool  # a version of it exists

    def removable_by(self, user: User | None) -> bool:
        return not self.submitted and user is not None and user.id == self.added_by


def addition_of(survey: Survey, ea_id: str, hh_no: str) -> Addition | None:
    """The household's addition, or None for a listed household."""
    row = additions.get(survey.store.read, ea_id, hh_no)
    return None if row is None else _addition(row)


def _addition(row: dict[str, Any]) -> Addition:
    return Addition(
        ea_id=str(row["ea_id"]),
        hh_no=str(row["hh_no"]),
        address=row["address"] or None,
        head_name=row["head_name"] or None,
        added_by=None if row["added_by"] is None else int(row["added_by"]),
        added_by_name=row["added_by_name"],
        submitted=bool(row["has_versions"]),
    )


def _text(
    value: str | None, limit: int, field: str, *, required: bool, en: str, zh: str
) -> str | None:
    text = " ".join((value or "").split())  # line breaks and runs of spaces become one space
    if not text:
        if required:
            raise UnlistedRefused(
                f"Give the {en}: it is how the household is found again.",
                f"请填写{zh}：凭此可再次找到该户。",
                status=422,
                field=field,
            )
        return None
    if len(text) > limit:
        raise UnlistedRefused(
            f"The {en} is too long: at most {limit} characters (now {len(text)}).",
            f"{zh}过长：最多 {limit} 个字符（现为 {len(text)} 个）。",
            status=422,
            field=field,
        )
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in text):
        raise UnlistedRefused(
            f"The {en} holds a hidden or control character: type it again.",
            f"{zh}含有不可见字符或控制字符：请重新输入。",
            status=422,
            field=field,
        )
    return text


def _head_limit(survey: Survey) -> int:
    listing = survey.questionnaire.tables.get("listing")
    item = listing.by_name.get("head_name") if listing is not None else None
    return int(item.max_length) if item is not None and item.max_length else HEAD_NAME_MAX


def may_add(survey: Survey, user: User, ea_id: str) -> None:
    """Raise unless ``user`` may add a household to the EA (an enumerator or the office, of a
    known EA they see)."""
    require_eas(user, [ea_id])
    require_enterer(user)
    if ea_id not in listings.known_eas(survey.store.read):
        raise UnlistedRefused(f"there is no EA {ea_id}", f"没有调查小区 {ea_id}", status=404)


def add_unlisted(
    survey: Survey, user: User, ea_id: str, address: str | None, head_name: str | None = None
) -> str:
    """Add a household found that is not in the listing at ``address``; its number (the EA's
    next free one) is returned. A blank or too long address is refused and nothing is stored."""
    may_add(survey, user, ea_id)
    where = _text(
        address, ADDRESS_MAX, "address", required=True, en="household's address", zh="该户的地址"
    )
    head = _text(
        head_name, _head_limit(survey), "head_name", required=False, en="head's name", zh="户主姓名"
    )
    at = now()
    with survey.store.write() as db:
        number = max(households.largest_number(db, ea_id), additions.numbers_ever_added(db, ea_id))
        if number + 1 > LAST_NUMBER:
            raise UnlistedRefused(
                f"EA {ea_id} has no free household number left (001–{LAST_NUMBER})",
                f"调查小区 {ea_id} 已无可用户编号（001–{LAST_NUMBER}）",
            )
        hh_no = f"{number + 1:03d}"
        households.insert_draft(db, ea_id, hh_no, listed=False, user_id=user.id, now=at)
        additions.insert(
            db, ea_id, hh_no, address=str(where), head_name=head, user_id=user.id, now=at
        )
        events.record(
            db,
            at=at,
            user_id=user.id,
            action=AuditAction.ADDITION,
            ea_id=ea_id,
            hh_no=hh_no,
            to_state=State.DRAFT.value,
            details={"address": where, "head_name": head},
        )
    return hh_no


def remove_unlisted(survey: Survey, user: User, ea_id: str, hh_no: str) -> Addition:
    """Remove a household the user added that has never been submitted, with its draft.

    Refused (nothing changed) for a listed household, a household with a version, and a
    household added by someone else."""
    require_household(user, ea_id, hh_no)
    require_enterer(user)
    at = now()
    with survey.store.write() as db:
        row = additions.get(db, ea_id, hh_no)
        if row is None:
            raise UnlistedRefused(
                f"household {ea_id}/{hh_no} is not an addition: only a household added during "
                "enumeration can be removed",
                f"户 {ea_id}/{hh_no} 不是新发现的户：只有普查中添加的户才能删除",
                status=404,
            )
        found = _addition(row)
        if found.submitted:
            raise UnlistedRefused(
                f"household {ea_id}/{hh_no} has been submitted, so it cannot be removed; if it "
                "does not exist, tell your supervisor",
                f"户 {ea_id}/{hh_no} 已提交，不能删除；如该户不存在，请告知督导员",
            )
        if not found.removable_by(user):
            raise Forbidden(
                f"household {ea_id}/{hh_no} was added by {found.added_by_name or 'another user'}:"
                " only they can remove it",
                f"户 {ea_id}/{hh_no} 由 {found.added_by_name or '其他用户'} 添加：只有添加者可以删除",
            )
        additions.remove(db, ea_id, hh_no)
        events.record(
            db,
            at=at,
            user_id=user.id,
            action=AuditAction.ADDITION_REMOVE,
            ea_id=ea_id,
            hh_no=hh_no,
            from_state=str(row["state"] or State.DRAFT.value),
            details={
                "address": found.address,
                "head_name": found.head_name,
                "draft": bool(row["has_draft"]),
            },
        )
    return found
