"""The supervisor's review queue: households of my EAs that need action, worst first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from survey.accounts.access import User
from survey.context import Survey
from survey.review.actions import ReviewResult, bulk_approve, require_reviewer
from survey.states import State
from survey.store import households

FILTERS = ("ea_id", "enumerator", "rule_id")
NO_ENUMERATOR = "-"  # households imported from files, submitted by no account


@dataclass(frozen=True)
class QueueItem:
    """One household of the queue, as the queue page lists it."""

    ea_id: str
    hh_no: str
    state: State
    version: int
    listed: bool
    enumerator: str | None
    first_submitted_at: str | None
    errors: int
    unexplained: int
    warnings: int
    rules: tuple[str, ...]

    @property
    def clean(self) -> bool:
        """No error and no warning at all: bulk approval takes it."""
        return self.errors == 0 and self.warnings == 0


@dataclass(frozen=True)
class Queue:
    rows: pd.DataFrame  # ea_id, hh_no, state, version, enumerator, errors, unexplained, ...
    counts: dict[str, dict[str, int]]  # filter name → value → households needing action

    def items(self, limit: int | None = None) -> list[QueueItem]:
        shown = self.rows if limit is None else self.rows.head(limit)
        return [
            QueueItem(
                ea_id=str(r.ea_id),
                hh_no=str(r.hh_no),
                state=State(r.state),
                version=int(r.version),
                listed=bool(r.listed),
                enumerator=None if pd.isna(r.enumerator) else str(r.enumerator),
                first_submitted_at=None
                if pd.isna(r.first_submitted_at)
                else str(r.first_submitted_at),
                errors=int(r.errors),
                unexplained=int(r.unexplained),
                warnings=int(r.warnings),
                rules=tuple(x for x in str(r.rules or "").split(",") if x),
            )
            for r in shown.itertuples()
        ]


def _matches(rows: pd.DataFrame, rules: pd.Series, filters: dict[str, str | None]) -> pd.Series:
    keep = pd.Series(True, index=rows.index)
    if filters.get("ea_id"):
        keep &= rows["ea_id"] == filters["ea_id"]
    if filters.get("enumerator"):
        keep &= rows["enumerator"].fillna(NO_ENUMERATOR) == filters["enumerator"]
    if filters.get("rule_id"):
        wanted = filters["rule_id"]
        keep &= rules.apply(lambda listed: wanted in listed)
    return keep.fillna(False).astype(bool)


def _counts(rows: pd.DataFrame, rules: pd.Series) -> dict[str, dict[str, int]]:
    return {
        "ea_id": rows["ea_id"].value_counts().sort_index().to_dict(),
        "enumerator": rows["enumerator"]
        .fillna(NO_ENUMERATOR)
        .value_counts()
        .sort_index()
        .to_dict(),
        "rule_id": rules.explode().loc[lambda r: r != ""].value_counts().sort_index().to_dict(),
    }


def review_queue(
    survey: Survey,
    user: User | None,
    *,
    ea_id: str | None = None,
    enumerator: str | None = None,
    rule_id: str | None = None,
    states: tuple[State, ...] = (State.SUBMITTED,),
) -> Queue:
    """Households in ``states`` visible to ``user``: errors first, then unexplained warnings,
    then the oldest submission. The counts of each filter (EA, enumerator, rule) are taken with
    the other two filters applied, so each says how many households choosing it would list."""
    visible = None if user is None else user.visible_eas()
    rows = households.queue(survey.store.read, visible)
    rows = rows[rows["state"].isin([s.value for s in states])]
    rules = rows["rules"].fillna("").str.split(",")
    filters = {"ea_id": ea_id, "enumerator": enumerator, "rule_id": rule_id}
    counts = {}
    for name in FILTERS:
        others = {k: v for k, v in filters.items() if k != name}
        keep = _matches(rows, rules, others)
        counts[name] = _counts(rows[keep], rules[keep])[name]
    rows = rows[_matches(rows, rules, filters)]
    rows = rows.assign(
        _has_errors=rows["errors"] > 0, _has_unexplained=rows["unexplained"] > 0
    ).sort_values(
        ["_has_errors", "_has_unexplained", "first_submitted_at", "ea_id", "hh_no"],
        ascending=[False, False, True, True, True],
    )
    return Queue(
        rows.drop(columns=["_has_errors", "_has_unexplained"]).reset_index(drop=True),
        {k: {str(a): int(b) for a, b in v.items()} for k, v in counts.items()},
    )


def clean_households(queue: Queue) -> list[tuple[str, str, int]]:
    """The (ea_id, hh_no, version) of the queue's households with no error and no warning."""
    clean = queue.rows[(queue.rows["errors"] == 0) & (queue.rows["warnings"] == 0)]
    return [(r.ea_id, r.hh_no, int(r.version)) for r in clean.itertuples()]


def supervisor_queue(
    survey: Survey,
    user: User,
    *,
    ea_id: str | None = None,
    enumerator: str | None = None,
    rule_id: str | None = None,
) -> Queue:
    """The queue page of a supervisor (or the office); enumerators do not review."""
    require_reviewer(user)
    return review_queue(survey, user, ea_id=ea_id, enumerator=enumerator, rule_id=rule_id)


@dataclass(frozen=True)
class BulkApproval:
    """What a bulk approval did: households approved, and those of the filter left as they were
    (findings, changed since the page was shown, or approved by someone else meanwhile)."""

    approved: list[ReviewResult] = field(default_factory=list)
    skipped: int = 0


def approve_clean(
    survey: Survey,
    user: User,
    seen: Iterable[tuple[str, str, int]],
    *,
    ea_id: str | None = None,
    enumerator: str | None = None,
    rule_id: str | None = None,
) -> BulkApproval:
    """Approve the clean households of the filter that the supervisor saw (each named with the
    version shown), each as an audited action of its own. A household seen at another version,
    or no longer clean, is skipped, as is every other household of the filter."""
    require_reviewer(user)
    queue = review_queue(survey, user, ea_id=ea_id, enumerator=enumerator, rule_id=rule_id)
    wanted = set(seen)
    chosen = [key for key in clean_households(queue) if key in wanted]
    approved = bulk_approve(survey, user, chosen)
    in_filter = len(queue.rows)
    return BulkApproval(approved, max(in_filter - len(approved), 0))
