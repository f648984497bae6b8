"""One household submitted from the form or from the field app: the door both go through.

The form without JavaScript and the device post the same fields (survey.collection.entry); here
they become one version of the household. A repeated ``submission_id`` answers the first result
(``submission.once``, the one idempotency rule, which the API's group commit follows too); a
device's edit names the version it was made on, and a household changed on the server since is a
conflict (``device.check_base``), checked only for a submission that is new.
"""

from __future__ import annotations

import re

from survey.accounts.access import User, require_enterer, require_household
from survey.collection import drafting as drafts
from survey.collection.device import Base, check_base
from survey.collection.entry import Entry, batch, check_roster, cleaned
from survey.collection.explanations import misplaced
from survey.collection.paradata import interview
from survey.collection.submission import (
    SubmitError,
    SubmitResult,
    explanations_frame,
    once,
    submit,
)
from survey.context import Survey, now
from survey.errors import NotFound
from survey.store import listings

HH_NO = re.compile(r"[0-9]{3}")  # ASCII digits: \d also matches "００１"


def check_key(survey: Survey, user: User, ea_id: str, hh_no: str) -> None:
    """Raise unless ``user`` works on household ``hh_no`` of the frame's EA ``ea_id``."""
    require_household(user, ea_id, hh_no)
    if not HH_NO.fullmatch(hh_no) or ea_id not in listings.known_eas(survey.store.read):
        raise NotFound(f"there is no household {ea_id}/{hh_no}", f"没有户 {ea_id}/{hh_no}")


def submit_entry(
    survey: Survey,
    user: User,
    ea_id: str,
    hh_no: str,
    entry: Entry,
    submission_id: str | None = None,
    started_at: str | None = None,
    ended_at: str | None = None,
    base: Base | None = None,
) -> SubmitResult:
    """Submit the entry as a new version (fields outside their universes blanked) and drop the
    household's draft. A repeated ``submission_id`` (a double click, a device's retry after a
    lost answer) answers the first result, marked ``replayed``. ``base`` is the version and
    state a device's edit was made on (:class:`~survey.collection.device.Conflict` when the
    household has moved on). ``started_at`` and ``ended_at`` are when the interview started and
    ended on the device (the version's paradata, see survey.collection.paradata); with a start
    and no end it ends now. Times that cannot be read raise :class:`SubmitError`, storing
    nothing."""
    check_key(survey, user, ea_id, hh_no)
    require_enterer(user)

    def store() -> SubmitResult:
        if base is not None:
            check_base(survey, ea_id, hh_no, base)
        q = survey.questionnaire
        times = interview(started_at, now() if started_at and ended_at is None else ended_at)
        check_roster(q, entry)
        typed, _ = cleaned(q, ea_id, hh_no, entry)
        wrong = misplaced(typed.explanations, range(1, len(typed.persons) + 1))
        if wrong:
            raise SubmitError([(w.en, w.zh) for w in wrong])
        return submit(
            survey,
            batch(q, ea_id, hh_no, typed),
            source="form",
            user=user,
            submission_ids=[submission_id or None],
            explanations=explanations_frame(typed.explanations, ea_id, hh_no),
            paradata=times.frame(ea_id, hh_no) if times else None,
        )

    result = once(survey, submission_id, store)
    if not result.replayed:
        drafts.discard(survey, ea_id, hh_no)
    return result
