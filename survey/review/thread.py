"""A household's comment thread: reviewers ask on the household or one question of one person,
and anyone working the household replies. The thread belongs to the household, not to a
version, so it is read the same on every version and by both sides; each comment is audited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from survey.accounts.access import User, require_household
from survey.audit import AuditAction
from survey.context import Survey, now
from survey.review.actions import (
    ReviewError,
    check_field,
    check_line,
    require_reviewer,
    submitted,
)
from survey.store import Database, comments, events
from survey.store import households as household_store

TEXT_MAX = 2000


@dataclass(frozen=True)
class Comment:
    at: str
    user: str | None
    action: str
    version: int | None
    text: str
    field: str | None
    line_no: int | None
    id: int = 0
    parent_id: int | None = None
    role: str | None = None  # the author's role


@dataclass(frozen=True)
class Thread:
    """One comment and the replies to it, oldest first."""

    root: Comment
    replies: list[Comment]

    @property
    def answered(self) -> bool:
        return any(r.user != self.root.user for r in self.replies)

    @property
    def waiting(self) -> bool:
        """A reviewer's question nobody else has replied to yet."""
        return self.root.action == comments.QUESTION and not self.answered


def threads(found: list[Comment]) -> list[Thread]:
    """The comments grouped as threads, in the order they were started."""
    roots = [c for c in found if c.parent_id is None]
    replies: dict[int, list[Comment]] = {}
    for c in found:
        if c.parent_id is not None:
            replies.setdefault(c.parent_id, []).append(c)
    return [Thread(r, replies.get(r.id, [])) for r in roots]


def _text(text: str | None) -> str:
    text = (text or "").strip()
    if not text or len(text) > TEXT_MAX:
        raise ReviewError(
            "comment_required",
            400,
            f"write a comment of 1 to {TEXT_MAX} characters",
            f"请填写1至{TEXT_MAX}个字的意见",
        )
    return text


def ask(
    survey: Survey,
    user: User,
    ea_id: str,
    hh_no: str,
    text: str | None,
    *,
    field: str | None = None,
    line_no: int | None = None,
) -> int:
    """A reviewer's comment on a submitted household (or one of its questions) that waits for
    the enumerator's reply; it does not change the household's state."""
    require_reviewer(user, [ea_id])
    text = _text(text)
    field = check_field(survey, field, line_no)
    at = now()
    with survey.store.write() as db:
        row = submitted(db, ea_id, hh_no)
        if line_no is not None:
            check_line(db, int(row["version_id"]), line_no)
        new = _NewComment(ea_id, hh_no, int(row["current_version"]), user, at, text)
        return new.write(db, comments.QUESTION, field=field, line_no=line_no)


def reply(survey: Survey, user: User, ea_id: str, hh_no: str, to: int, text: str | None) -> int:
    """A reply to one comment of the household's thread, by anyone who works the household."""
    require_household(user, ea_id, hh_no)
    text = _text(text)
    at = now()
    with survey.store.write() as db:
        parent = comments.get(db, to)
        if parent is None or (parent["ea_id"], parent["hh_no"]) != (ea_id, hh_no):
            raise ReviewError(
                "no_such_comment",
                404,
                f"household {ea_id}/{hh_no} has no comment {to}",
                f"户 {ea_id}/{hh_no} 没有这条意见",
            )
        root = int(parent["parent_id"] or parent["id"])
        row = household_store.household(db, ea_id, hh_no)
        version = None if row is None else row["current_version"]
        new = _NewComment(ea_id, hh_no, version, user, at, text)
        return new.write(db, comments.REPLY, parent_id=root, details={"to": root})


@dataclass(frozen=True)
class _NewComment:
    """A comment about to be written: on which household (and its current version), by whom,
    when, and what it says."""

    ea_id: str
    hh_no: str
    version: int | None
    user: User
    at: str
    text: str

    def write(
        self,
        db: Database,
        action: AuditAction,
        *,
        field: str | None = None,
        line_no: int | None = None,
        parent_id: int | None = None,
        details: dict[str, Any] | None = None,
    ) -> int:
        """The comment in the thread and its audit event, in the caller's transaction."""
        found = comments.insert(
            db,
            ea_id=self.ea_id,
            hh_no=self.hh_no,
            version=self.version,
            user_id=self.user.id,
            action=action,
            text=self.text,
            at=self.at,
            field=field,
            line_no=line_no,
            parent_id=parent_id,
        )
        events.record(
            db,
            at=self.at,
            user_id=self.user.id,
            action=action,
            ea_id=self.ea_id,
            hh_no=self.hh_no,
            version=self.version,
            comment=self.text,
            field=field,
            line_no=line_no,
            details=details,
        )
        return found
