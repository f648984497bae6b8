"""The supervisor's review queue: households of my EAs that need action, worst first."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from survey.accounts import User
from survey.context import Survey
from survey.states import State
from survey.store import review as review_store


@dataclass(frozen=True)
class Queue:
    rows: pd.DataFrame  # ea_id, hh_no, state, version, enumerator, errors, unexplained, ...
    counts: dict[str, dict[str, int]]  # filter name → value → households needing action


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
    then the oldest submission; with counts per EA, enumerator and rule for the filters."""
    visible = None if user is None else user.visible_eas()
    rows = review_store.queue(survey.store.read, visible)
    rows = rows[rows["state"].isin([s.value for s in states])]
    rules = rows["rules"].fillna("").str.split(",")
    counts = {
        "ea_id": rows["ea_id"].value_counts().sort_index().to_dict(),
        "enumerator": rows["enumerator"].fillna("-").value_counts().sort_index().to_dict(),
        "rule_id": rules.explode().loc[lambda r: r != ""].value_counts().sort_index().to_dict(),
    }
    if ea_id:
        rows = rows[rows["ea_id"] == ea_id]
    if enumerator:
        rows = rows[rows["enumerator"] == enumerator]
    if rule_id:
        rows = rows[rules.loc[rows.index].apply(lambda listed: rule_id in listed)]
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
