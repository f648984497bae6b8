"""Saving a household's entry as a draft, at any time, before or between submissions.

A household never saved before becomes a household in state draft (an entry in the work list
whose number is taken). Saving a draft of a submitted or returned household keeps its state: the
draft is the correction in progress, and the next submission replaces it with a new version. An
approved household takes no draft until the office reopens it. Every save is an audit event.
"""

from __future__ import annotations

from dataclasses import dataclass

from survey.accounts.access import User, require_enterer, require_household
from survey.audit import AuditAction
from survey.collection.entry import Entry, check_roster, cleaned
from survey.context import Survey, now
from survey.errors import Refusal
from survey.states import State
from survey.store import drafts as store
from survey.store import events, households


class DraftRefused(Refusal):
    """A draft that cannot be saved here (e.g. the household is approved)."""

    code = "refused_draft"
    status = 409


@dataclass(frozen=True)
class Draft:
    entry: Entry
    saved_at: str
    user: str | None


def save_draft(survey: Survey, user: User, ea_id: str, hh_no: str, entry: Entry) -> Entry:
    """Store the entry (blanked outside its universes) as the household's draft."""
    require_household(user, ea_id, hh_no)
    require_enterer(user)
    check_roster(survey.questionnaire, entry)
    entry, _ = cleaned(survey.questionnaire, ea_id, hh_no, entry)
    at = now()
    with survey.store.write() as db:
        row = households.household(db, ea_id, hh_no)
        if row is None:
            listed = households.is_listed(db, ea_id, hh_no)
            households.insert_draft(db, ea_id, hh_no, listed=listed, user_id=user.id, now=at)
            state = State.DRAFT
        else:
            state = State(row["state"])
        if state == State.APPROVED:
            raise DraftRefused(
                f"household {ea_id}/{hh_no} is approved; the survey office must reopen it "
                "before it can be changed",
                f"户 {ea_id}/{hh_no} 已审核通过；需由调查办公室重新打开后才能修改",
            )
        store.save(db, ea_id, hh_no, entry.to_json(), user.id, at)
        events.record(
            db,
            at=at,
            user_id=user.id,
            action=AuditAction.DRAFT_SAVE,
            ea_id=ea_id,
            hh_no=hh_no,
            from_state=state.value,
            to_state=state.value,
            details={"persons": len(entry.persons)},
        )
    return entry


def draft_of(survey: Survey, ea_id: str, hh_no: str) -> Draft | None:
    row = store.get(survey.store.read, ea_id, hh_no)
    if row is None:
        return None
    return Draft(Entry.from_json(str(row["entry"])), str(row["saved_at"]), row["user"])


def discard(survey: Survey, ea_id: str, hh_no: str) -> None:
    """Drop the draft once it has been submitted (the submission is its audit event)."""
    with survey.store.write() as db:
        store.delete(db, ea_id, hh_no)
