"""The supervisor's review queue: households of my EAs that need action, worst first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from survey.accounts.access import User
from survey.context import Survey
from survey.review import history
from survey.review.actions import ReviewError, ReviewResult, act, bulk_approve, require_reviewer
from survey.states import Action, State
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
    resubmitted: bool = False  # submitted again after a return: read the correction first
    returned_version: int | None = None
    return_comment: str | None = None
    unanswered: int = 0  # reviewers' questions the enumerator has not answered

    @property
    def clean(self) -> bool:
        """No error and no warning at all: bulk approval takes it."""
        return self.errors == 0 and self.warnings == 0

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.ea_id, self.hh_no, self.version)

    @property
    def bulk_clean(self) -> bool:
        """What "approve all clean" takes: clean and nothing to read first."""
        return self.clean and not self.needs_opening

    @property
    def needs_opening(self) -> bool:
        """Approved only from its own page: a correction after a return, or an open question."""
        return self.resubmitted or self.unanswered > 0


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
                rules=_rules(r.rules),
                resubmitted=bool(r.resubmitted),
                returned_version=int(r.decided_version) if r.resubmitted else None,
                return_comment=None
                if not r.resubmitted or pd.isna(r.decision_comment)
                else str(r.decision_comment),
                unanswered=int(r.unanswered),
            )
            for r in shown.itertuples()
        ]


def _rules(listed: object) -> tuple[str, ...]:
    """The rule ids of a GROUP_CONCAT (NULL, read as NaN, for a household without findings)."""
    if not isinstance(listed, str):
        return ()
    return tuple(x for x in listed.split(",") if x)


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
    then resubmissions after a return, then the oldest submission. The counts of each filter (EA, enumerator, rule) are taken with
    the other two filters applied, so each says how many households choosing it would list."""
    visible = None if user is None else user.visible_eas()
    rows = households.queue(survey.store.read, visible)
    rows = rows[rows["state"].isin([s.value for s in states])]
    rows = rows.assign(
        resubmitted=(rows["decision"] == Action.RETURN.value)
        & (rows["state"] == State.SUBMITTED.value)
    )
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
        ["_has_errors", "_has_unexplained", "resubmitted", "first_submitted_at", "ea_id", "hh_no"],
        ascending=[False, False, False, True, True, True],
    )
    return Queue(
        rows.drop(columns=["_has_errors", "_has_unexplained"]).reset_index(drop=True),
        {k: {str(a): int(b) for a, b in v.items()} for k, v in counts.items()},
    )


def _approvable(rows: pd.DataFrame) -> pd.Series:
    """Rows bulk approval may take: clean, not a resubmission after a return, no question of a
    reviewer waiting for its answer."""
    clean = (rows["errors"] == 0) & (rows["warnings"] == 0)
    return clean & ~rows["resubmitted"].astype(bool) & (rows["unanswered"] == 0)


def clean_households(queue: Queue) -> list[tuple[str, str, int]]:
    """The (ea_id, hh_no, version) of the queue's households that "approve all clean" takes:
    no error and no warning, not resubmitted after a return, no unanswered question."""
    clean = queue.rows[_approvable(queue.rows)]
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


BULK_ACTIONS = (Action.APPROVE, Action.RETURN)


@dataclass(frozen=True)
class BulkPlan:
    """What a bulk action on selected rows would do: the households it takes, and those it
    leaves with the reason (``"open"``: approve it from its own page after reading it;
    ``"findings"``: an error or an unexplained warning stands; ``"gone"``: no longer waiting
    for review at the version shown)."""

    action: Action
    taken: list[QueueItem]
    left: list[tuple[tuple[str, str, int], str]]


def plan_bulk(
    survey: Survey, user: User, action: Action | str, seen: Iterable[tuple[str, str, int]]
) -> BulkPlan:
    """The plan of ``action`` on the households selected (each with the version shown)."""
    require_reviewer(user)
    action = Action(action)
    if action not in BULK_ACTIONS:
        raise ReviewError(
            "bad_action",
            400,
            "only approve and return act on many households at once",
            "只有审核通过和退回可以批量操作",
        )
    waiting = {item.key: item for item in review_queue(survey, user).items()}
    taken, left = [], []
    for key in dict.fromkeys(seen):
        item = waiting.get(key)
        if item is None:
            left.append((key, "gone"))
        elif action == Action.APPROVE and item.needs_opening:
            left.append((key, "open"))
        elif action == Action.APPROVE and (item.errors or item.unexplained):
            left.append((key, "findings"))
        else:
            taken.append(item)
    return BulkPlan(action, taken, left)


@dataclass(frozen=True)
class BulkDone:
    action: Action
    done: list[ReviewResult]
    left: int


def bulk_act(
    survey: Survey,
    user: User,
    action: Action | str,
    seen: Iterable[tuple[str, str, int]],
    comment: str | None = None,
) -> BulkDone:
    """Carry out a confirmed plan: each household of it approved, or returned with the one
    comment, as an audited action of its own; one that moved on meanwhile is left as it is."""
    plan = plan_bulk(survey, user, action, seen)
    if plan.action == Action.RETURN and not (comment or "").strip():
        raise ReviewError(
            "comment_required",
            400,
            "return needs a comment saying why",
            "退回需要填写理由",
        )
    done = []
    for item in plan.taken:
        try:
            done.append(
                act(
                    survey,
                    user,
                    item.ea_id,
                    item.hh_no,
                    plan.action,
                    version=item.version,
                    comment=comment,
                )
            )
        except ReviewError:
            continue
    return BulkDone(plan.action, done, len(plan.left) + len(plan.taken) - len(done))


CORRECTIONS_SHOWN = 50  # resubmissions of one queue page whose changes are listed


def corrections(
    survey: Survey, items: Iterable[QueueItem]
) -> dict[tuple[str, str], list[tuple[str, int | None, str]]]:
    """For each resubmission after a return among ``items`` (the first 50), what the enumerator
    changed since the version returned: (table, person line, field) of each changed answer."""
    out: dict[tuple[str, str], list[tuple[str, int | None, str]]] = {}
    for item in [i for i in items if i.resubmitted][:CORRECTIONS_SHOWN]:
        if item.returned_version is None:
            continue
        found = history.diff(survey, item.ea_id, item.hh_no, item.returned_version, item.version)
        out[(item.ea_id, item.hh_no)] = [
            (str(c.table), None if pd.isna(c.line_no) else int(c.line_no), str(c.field))
            for c in found.itertuples()
        ]
    return out
