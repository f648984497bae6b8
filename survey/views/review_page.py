"""What the household review page shows a supervisor or the office.

The current version as submitted (never the enumerator's unsent draft) with its findings, the
enumerator's explanations, the comment thread, the list of versions and the changes between any
two of them, what stops an approval, and the actions this user may take now.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from survey.accounts.access import User
from survey.context import Survey
from survey.errors import NotFound
from survey.review import history
from survey.review.actions import allowed_actions, require_reviewer
from survey.review.approval import Severity, blocks_approval
from survey.review.thread import Thread, threads
from survey.states import Action
from survey.store import households as household_store
from survey.views import household_form as households
from survey.views.household_form import Finding, HouseholdPage

DIFF_SINCE = (Action.RETURN.value, Action.APPROVE.value)


@dataclass(frozen=True)
class VersionInfo:
    version: int
    source: str
    user: str | None
    at: str
    role: str | None = None  # the submitter's role: the office enters for an enumerator
    started_at: str | None = None  # the interview on the device (paradata), when recorded
    ended_at: str | None = None

    @property
    def interview_hours(self) -> float | None:
        """How long the interview took, in hours (None without paradata)."""
        if not self.started_at or not self.ended_at:
            return None
        start, end = datetime.fromisoformat(self.started_at), datetime.fromisoformat(self.ended_at)
        return (end - start).total_seconds() / 3600


@dataclass(frozen=True)
class Change:
    table: str  # households | persons
    line_no: int | None
    field: str
    old: str
    new: str
    version: int | None  # the version that made the change
    user: str | None
    at: str | None


@dataclass(frozen=True)
class Review:
    page: HouseholdPage  # the current version, its findings and the comment thread
    versions: list[VersionInfo]
    old: int | None  # the two versions compared (None: only one version so far)
    new: int | None
    changes: list[Change]
    actions: frozenset[Action]
    since: str | None = None  # the diff opened on the changes since this action (return, approve)
    threads: list[Thread] = field(default_factory=list)

    @property
    def primary(self) -> Action | None:
        """The action that can succeed now: approve when nothing stands in its way, else return."""
        if self.may(Action.APPROVE) and not self.blocking:
            return Action.APPROVE
        if self.may(Action.RETURN):
            return Action.RETURN
        return None

    @property
    def pairs(self) -> list[tuple[int, int]]:
        """Every two versions, each comparison one link away."""
        numbers = [v.version for v in self.versions]
        return [(a, b) for i, a in enumerate(numbers) for b in numbers[i + 1 :]]

    @property
    def blocking(self) -> list[Finding]:
        """Findings that stop an approval: errors not waived, warnings not explained."""
        return [
            f
            for f in self.page.findings
            if blocks_approval(f.severity, explained=f.explained, waived=f.waived)
        ]

    @property
    def waivable(self) -> list[Finding]:
        """Errors the office may waive."""
        return [f for f in self.page.findings if f.severity == Severity.ERROR and not f.waived]

    def may(self, action: Action | str) -> bool:
        return Action(action) in self.actions


def _changes(frame: pd.DataFrame) -> list[Change]:
    frame = frame.astype(object).where(frame.notna(), None)
    return [
        Change(
            table=str(c["table"]),
            line_no=None if c["line_no"] is None else int(c["line_no"]),
            field=str(c["field"]),
            old=str(c["old"]),
            new=str(c["new"]),
            version=None if c["version"] is None else int(c["version"]),
            user=None if c["user"] is None else str(c["user"]),
            at=None if c["at"] is None else str(c["at"]),
        )
        for c in frame.to_dict("records")
    ]


def review(
    survey: Survey,
    user: User,
    ea_id: str,
    hh_no: str,
    *,
    old: int | None = None,
    new: int | None = None,
) -> Review:
    """The review page of a submitted household; ``old`` and ``new`` choose the versions to
    compare (default: the version last returned, else last approved, and the current; else the
    one before the current and the current)."""
    require_reviewer(user)
    page = households.submitted_page(survey, user, ea_id, hh_no)
    if page.version is None:
        raise NotFound(
            f"household {ea_id}/{hh_no} has not been submitted yet",
            f"户 {ea_id}/{hh_no} 尚未提交",
        )
    current: int = page.version
    found = history.versions(survey, ea_id, hh_no)
    listed = [
        VersionInfo(
            int(v["version"]),
            str(v["source"]),
            v["user"],
            str(v["at"]),
            v["role"],
            _text_or_none(v.get("started_at")),
            _text_or_none(v.get("ended_at")),
        )
        for v in found.to_dict("records")
    ]
    numbers = {v.version for v in listed}
    since = None
    later: int = current if new is None else new
    earlier = (later - 1 if later > 1 else None) if old is None else old
    if old is None and new is None:
        decided = household_store.last_decision(survey.store.read, ea_id, hh_no)
        if decided and decided["action"] in DIFF_SINCE and int(decided["version"]) < current:
            earlier, since = int(decided["version"]), str(decided["action"])
    for chosen in (earlier, later):
        if chosen is not None and chosen not in numbers:
            raise NotFound(
                f"household {ea_id}/{hh_no} has no version {chosen}",
                f"户 {ea_id}/{hh_no} 没有第{chosen}版",
            )
    compared: list[Change] = []
    if earlier is not None:
        earlier, later = min(earlier, later), max(earlier, later)
        if earlier != later:
            compared = _changes(history.changes(survey, ea_id, hh_no, earlier, later))
    return Review(
        page=page,
        versions=listed,
        old=earlier,
        new=later,
        changes=compared,
        actions=allowed_actions(user, page.state),
        since=since,
        threads=threads(page.comments),
    )


def _text_or_none(value: object) -> str | None:
    return None if value is None or pd.isna(value) else str(value)
