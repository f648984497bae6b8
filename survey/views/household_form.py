"""Households as an enumerator works them: the form page, submitting it, finding new ones.

Each function is what one web page asks for: :func:`page` (the household form with its current
version, draft, findings and return comments), :func:`revise` (the same page after a server round
trip that adds or removes a person or re-applies the universes). Submitting the form is
``survey.collection.submitting``; adding and removing a household not in the listing is
``survey.collection.unlisted``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from survey.accounts.access import User
from survey.collection import drafting as drafts
from survey.collection.entry import (
    Applicable,
    Entry,
    applicability,
    blank,
    check_roster,
    cleaned,
    from_records,
)
from survey.collection.submitting import check_key
from survey.collection.unlisted import Addition, addition_of
from survey.context import Survey
from survey.errors import NotFound
from survey.review.thread import Comment
from survey.states import State
from survey.store import comments as comments_store
from survey.store import findings, households, listings, records


@dataclass(frozen=True)
class Finding:
    rule_id: str
    severity: str
    line_no: int | None
    fields: tuple[str, ...]
    message_en: str
    message_zh: str
    explained: bool = False
    waived: bool = False

    def message(self, lang: str = "en") -> str:
        return self.message_zh if lang == "zh" else self.message_en


@dataclass(frozen=True)
class HouseholdPage:
    ea_id: str
    hh_no: str
    ea_name: str
    listed: bool
    listing: dict[str, Any]
    state: State | None
    version: int | None
    entry: Entry
    applicable: Applicable
    findings: list[Finding]
    comments: list[Comment]
    draft_saved_at: str | None
    addition: Addition | None = None  # a household not in the listing: its address, its adder

    @property
    def editable(self) -> bool:
        return self.state != State.APPROVED

    @property
    def returned(self) -> bool:
        return self.state == State.RETURNED


def _listing_row(survey: Survey, ea_id: str, hh_no: str) -> dict[str, Any]:
    listing = listings.read(survey.store.read, survey.questionnaire, "listing", [ea_id])
    match = listing[listing["hh_no"] == hh_no]
    if match.empty:
        return {}
    row = match.iloc[0]
    return {k: (None if pd.isna(v) else v) for k, v in row.items()}


def _ea_name(survey: Survey, ea_id: str) -> str:
    eas = listings.read(survey.store.read, survey.questionnaire, "eas", [ea_id])
    if eas.empty or "name" not in eas.columns or pd.isna(eas.iloc[0]["name"]):
        return ea_id
    return str(eas.iloc[0]["name"])


def page(survey: Survey, user: User, ea_id: str, hh_no: str) -> HouseholdPage:
    """The household form: its draft if one is saved, else its current version, else blank."""
    return _page(survey, user, ea_id, hh_no, None)


def submitted_page(survey: Survey, user: User, ea_id: str, hh_no: str) -> HouseholdPage:
    """The household's current version exactly as submitted, for its reviewer: no draft, and
    values outside their universes stay visible (V-02 names them)."""
    return _page(survey, user, ea_id, hh_no, None, as_submitted=True)


def revise(
    survey: Survey,
    user: User,
    ea_id: str,
    hh_no: str,
    entry: Entry,
    *,
    add_person: bool = False,
    remove_person: int | None = None,
) -> HouseholdPage:
    """The form again with ``entry`` as typed: a person added or removed, universes re-applied.

    Nothing is stored."""
    if add_person:
        check_roster(survey.questionnaire, entry, adding=True)
        entry = entry.with_person_added()
    if remove_person is not None:
        entry = entry.with_person_removed(remove_person)
    return _page(survey, user, ea_id, hh_no, entry)


def _page(
    survey: Survey,
    user: User,
    ea_id: str,
    hh_no: str,
    typed: Entry | None,
    *,
    as_submitted: bool = False,
) -> HouseholdPage:
    check_key(survey, user, ea_id, hh_no)
    q = survey.questionnaire
    db = survey.store.read
    row = households.household(db, ea_id, hh_no)
    listing = _listing_row(survey, ea_id, hh_no)
    if row is None and not listing:
        raise NotFound(
            f"household {hh_no} is not in the listing of EA {ea_id}; add a household found "
            "during enumeration from the EA's page",
            f"户 {hh_no} 不在调查小区 {ea_id} 的户主姓名底册中；新发现的户请在小区页面添加",
        )
    state = State(row["state"]) if row else None
    version_id = int(row["version_id"]) if row and row["version_id"] is not None else None
    draft = None if as_submitted else drafts.draft_of(survey, ea_id, hh_no)
    addition = None if listing else addition_of(survey, ea_id, hh_no)
    entry = typed
    if entry is None and draft is not None:
        entry = draft.entry
    if entry is None and version_id is not None:
        stored = records.records(db, q, version_ids=[version_id])
        notes = records.explanations(db, version_id).to_dict("records")
        entry = from_records(q, stored.households, stored.persons, notes)
    if entry is None:
        entry = blank(q, listing.get("head_name") or (addition.head_name if addition else None))
    if as_submitted:
        applicable = applicability(q, ea_id, hh_no, entry)
    else:
        entry, applicable = cleaned(q, ea_id, hh_no, entry)
    return HouseholdPage(
        ea_id=ea_id,
        hh_no=hh_no,
        ea_name=_ea_name(survey, ea_id),
        listed=bool(listing),
        listing=listing,
        state=state,
        version=int(row["current_version"]) if row and row["current_version"] else None,
        entry=entry,
        applicable=applicable,
        findings=_findings(survey, version_id),
        comments=_comments(survey, ea_id, hh_no),
        draft_saved_at=draft.saved_at if draft else None,
        addition=addition,
    )


def _findings(survey: Survey, version_id: int | None) -> list[Finding]:
    if version_id is None:
        return []
    found = findings.open_findings(survey.store.read, version_id)
    return [
        Finding(
            rule_id=str(f.rule_id),
            severity=str(f.severity),
            line_no=None if pd.isna(f.line_no) else int(f.line_no),
            fields=tuple(x for x in str(f.fields or "").split(";") if x),
            message_en=str(f.message_en),
            message_zh=str(f.message_zh),
            explained=bool(f.explained),
            waived=bool(f.waived),
        )
        for f in found.itertuples()
    ]


def _comments(survey: Survey, ea_id: str, hh_no: str) -> list[Comment]:
    rows = comments_store.for_household(survey.store.read, ea_id, hh_no)
    return [
        Comment(
            at=str(c.at),
            user=None if pd.isna(c.user) else str(c.user),
            action=str(c.action),
            version=None if pd.isna(c.version) else int(c.version),
            text=str(c.comment),
            field=None if pd.isna(c.field) else str(c.field),
            line_no=None if pd.isna(c.line_no) else int(c.line_no),
            id=int(c.id),
            parent_id=None if pd.isna(c.parent_id) else int(c.parent_id),
            role=None if pd.isna(c.role) else str(c.role),
        )
        for c in rows.itertuples()
    ]
