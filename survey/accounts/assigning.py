"""Who works which household: an EA assigned whole to one or more enumerators (the account
form), or a household given by name to one or more of them (an EA split between two, an ill
enumerator's households moved). Supervisors of the EA and the office reassign, always with a
reason, audited; the household's draft on the server moves with it, and the enumerator it was
taken from loses it at once."""

from __future__ import annotations

from dataclasses import dataclass

from survey.accounts.access import AccountError, Role, User
from survey.audit import AuditAction
from survey.collection.submitting import HH_NO
from survey.context import Survey, now
from survey.errors import NotFound
from survey.review.actions import ReviewError, require_reviewer
from survey.store import events, household_assignments, listings, users


@dataclass(frozen=True)
class Assignment:
    ea_id: str
    hh_no: str
    by_name: bool  # given to these enumerators by name (else: the enumerators of its EA)
    enumerators: list[str]
    choices: list[str]  # every active enumerator, to choose from


def _enumerators(survey: Survey) -> dict[str, dict]:
    return {
        str(u["name"]): u
        for u in users.all_users(survey.store.read)
        if u["role"] == Role.ENUMERATOR.value and u["active"]
    }


def _check_household(survey: Survey, ea_id: str, hh_no: str) -> None:
    if not HH_NO.fullmatch(hh_no) or ea_id not in listings.known_eas(survey.store.read):
        raise NotFound(f"there is no household {ea_id}/{hh_no}", f"没有户 {ea_id}/{hh_no}")


def assignment(survey: Survey, actor: User, ea_id: str, hh_no: str) -> Assignment:
    """Who works the household now, and whom it may be given to."""
    require_reviewer(actor, [ea_id])
    _check_household(survey, ea_id, hh_no)
    everyone = _enumerators(survey)
    ids = household_assignments.assignees(survey.store.read, ea_id, hh_no)
    if ids:
        names = sorted(n for n, u in everyone.items() if u["id"] in ids)
    else:
        names = sorted(n for n, u in everyone.items() if ea_id in u["eas"])
    return Assignment(ea_id, hh_no, bool(ids), names, sorted(everyone))


def reassign(
    survey: Survey, actor: User, ea_id: str, hh_no: str, names: list[str], reason: str | None
) -> Assignment:
    """Give the household to the enumerators ``names`` (one or more), for ``reason``."""
    before = assignment(survey, actor, ea_id, hh_no)
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError(
            "comment_required", 400, "say why the household is reassigned", "请填写改派的理由"
        )
    everyone = _enumerators(survey)
    chosen = list(dict.fromkeys(n.strip() for n in names if n.strip()))
    unknown = [n for n in chosen if n not in everyone]
    if not chosen or unknown:
        raise AccountError(
            "choose one or more active enumerators from the list",
            "请从列表中选择一名或多名在职调查员",
            "enumerators",
        )
    ids = [int(everyone[n]["id"]) for n in chosen]
    at = now()
    with survey.store.write() as db:
        household_assignments.replace(db, ea_id, hh_no, ids)
        household_assignments.hand_over(db, ea_id, hh_no, ids[0])
        events.record(
            db,
            at=at,
            user_id=actor.id,
            action=AuditAction.ASSIGN,
            ea_id=ea_id,
            hh_no=hh_no,
            comment=reason,
            details={"from": before.enumerators, "to": chosen},
        )
    return assignment(survey, actor, ea_id, hh_no)
