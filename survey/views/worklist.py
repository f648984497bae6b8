"""An enumerator's work list: my EAs, their listing (户主姓名底册) and each household's state.

Returned households come first, each with the comment it was returned with; then the listing in
household order, followed by the households found that were not listed (additions). Each EA
carries its counts by state and the three no-miss figures of ``survey.progress.status``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from survey.accounts.access import User
from survey.context import Survey
from survey.errors import NotFound
from survey.progress.status import status
from survey.states import Action, State
from survey.store import additions, events, households, listings

KEY = ["ea_id", "hh_no"]
LISTING_SHOWN = ("building_no", "unit_no", "head_name", "expected_persons")


@dataclass(frozen=True)
class WorkItem:
    ea_id: str
    hh_no: str
    listed: bool
    listing: dict[str, Any]
    state: State | None  # None: not started
    version: int | None
    has_draft: bool
    errors: int
    unexplained: int
    comment: str | None = None  # why it was returned
    address: str = ""  # listed: building-unit; an addition: as the enumerator gave it
    added_by: int | None = None  # an addition: who added it (who may remove it, unsubmitted)

    @property
    def head_name(self) -> str:
        return str(self.listing.get("head_name") or "")

    def removable_by(self, user: User) -> bool:
        return not self.listed and self.version is None and self.added_by == user.id

    def matches(self, words: str) -> bool:
        """Whether ``words`` (any case) are in its number, address or head's name."""
        wanted = words.strip().casefold()
        return wanted in " ".join((self.hh_no, self.address, self.head_name)).casefold()


@dataclass(frozen=True)
class EaSummary:
    ea_id: str
    name: str
    listed: int
    missing: int
    additions: int
    states: dict[State, int]
    figures: dict[str, float | None]


@dataclass(frozen=True)
class WorkList:
    eas: list[EaSummary]  # of this page
    returned: list[WorkItem]
    households: dict[str, list[WorkItem]] = field(default_factory=dict)  # by EA
    page: int = 1
    pages: int = 1


EAS_PER_PAGE = 50
"""EAs on one page of the home: an enumerator has a few; the office sees every EA of the survey."""


def work_list(survey: Survey, user: User, *, with_listing: bool, page: int = 1) -> WorkList:
    """One page of the user's EAs (:data:`EAS_PER_PAGE`, in EA order) with their figures, the
    households of those EAs returned for correction, and (``with_listing``) every listed or
    found household of each of them."""
    visible = user.visible_eas()
    everyone = sorted(visible if visible is not None else listings.known_eas(survey.store.read))
    pages = max(1, -(-len(everyone) // EAS_PER_PAGE))
    page = min(max(page, 1), pages)
    shown = everyone[(page - 1) * EAS_PER_PAGE : page * EAS_PER_PAGE]
    summary = status(survey, user, only=shown).by_ea
    eas = [_summary(row) for row in summary.to_dict("records")]
    items = [i for i in _items(survey, shown) if user.may_work(i.ea_id, i.hh_no)]
    returned = [item for item in items if item.state == State.RETURNED]
    by_ea: dict[str, list[WorkItem]] = {}
    if with_listing:
        for item in items:
            by_ea.setdefault(item.ea_id, []).append(item)
    return WorkList(eas, returned, by_ea, page, pages)


STATE_FILTERS = ("none", *(s.value for s in State))  # "none": not started


def ea_households(
    survey: Survey, user: User, ea_id: str, *, search: str = "", state: str = ""
) -> tuple[EaSummary, list[WorkItem]]:
    """One EA of the user: its figures and every household, returned ones first; with
    ``search``, those whose number, address or head's name holds it; with ``state`` (one of
    :data:`STATE_FILTERS`), those in that state."""
    if not user.may_see(ea_id) or ea_id not in listings.known_eas(survey.store.read):
        raise NotFound(f"there is no EA {ea_id} for you", f"您没有调查小区 {ea_id}")
    summary = status(survey, user, only=[ea_id]).by_ea
    row = summary[summary["ea_id"] == ea_id].to_dict("records")
    items = [i for i in _items(survey, [ea_id]) if user.may_work(i.ea_id, i.hh_no)]
    if search.strip():
        items = [i for i in items if i.matches(search)]
    if state in STATE_FILTERS:
        items = [i for i in items if (i.state.value if i.state else "none") == state]
    first = [i for i in items if i.state == State.RETURNED]
    return _summary(row[0]), first + [i for i in items if i.state != State.RETURNED]


NO_MISS_FIGURES = ("household_coverage", "person_coverage", "item_completeness")


def _summary(row: dict[str, Any]) -> EaSummary:
    def count(name: str) -> int:
        value = row.get(name)
        return 0 if value is None or pd.isna(value) else int(value)

    return EaSummary(
        ea_id=str(row["ea_id"]),
        name=str(row.get("name") or row["ea_id"]),
        listed=count("listed"),
        missing=count("missing"),
        additions=count("additions"),
        states={s: count(s.value) for s in State},
        figures={
            name: None if row.get(name) is None or pd.isna(row[name]) else float(row[name])
            for name in NO_MISS_FIGURES
        },
    )


def _items(survey: Survey, ea_ids: list[str] | None) -> list[WorkItem]:
    db = survey.store.read
    listing = listings.read(db, survey.questionnaire, "listing", ea_ids)
    shown = [c for c in LISTING_SHOWN if c in listing.columns]
    listing = listing[[*KEY, *shown]].astype(object).assign(_listed=True)
    worked = households.overview(db, ea_ids).astype(object)
    added = additions.of_eas(db, ea_ids).astype(object)
    added = added.rename(columns={"address": "_address", "head_name": "_head_name"})
    merged = listing.merge(worked, on=KEY, how="outer").merge(added, on=KEY, how="left")
    merged = merged.astype(object).where(merged.notna(), None)
    items = []
    for row in merged.to_dict("records"):
        state = State(row["state"]) if row["state"] else None
        listed = bool(row["_listed"])
        details = {c: row[c] for c in shown}
        if not listed and row["_head_name"]:
            details["head_name"] = row["_head_name"]
        items.append(
            WorkItem(
                ea_id=str(row["ea_id"]),
                hh_no=str(row["hh_no"]),
                listed=listed,
                listing=details,
                state=state,
                version=None if row["version"] is None else int(row["version"]),
                has_draft=bool(row["has_draft"]),
                errors=int(row["errors"] or 0),
                unexplained=int(row["unexplained"] or 0),
                comment=_return_comment(survey, row) if state == State.RETURNED else None,
                address=_address(row) if listed else str(row["_address"] or ""),
                added_by=None if row["added_by"] is None else int(row["added_by"]),
            )
        )
    listed_first = sorted(items, key=lambda i: (i.ea_id, not i.listed, i.hh_no))
    return listed_first


def _address(row: dict[str, Any]) -> str:
    """A listed household's address as the work list shows it: building-unit."""
    building, unit = row.get("building_no"), row.get("unit_no")
    if building is None and unit is None:
        return ""
    return f"{building or ''}-{unit or ''}"


def _return_comment(survey: Survey, row: dict[str, Any]) -> str | None:
    comments = events.comments(survey.store.read, str(row["ea_id"]), str(row["hh_no"]))
    returns = comments[comments["action"] == Action.RETURN.value]
    return None if returns.empty else str(returns.iloc[-1]["comment"])
