"""Dashboards of supervisors and the survey office: per EA and per enumerator.

Each row counts the households listed, submitted (received at least once), awaiting review,
returned, approved and missing (listed but never submitted: C-01), gives the three no-miss
figures of ``rules.md`` (computed as ``survey status`` computes them) and the median time from a
household's first submission to its approval. Beside the rows: the share of submitted households
with findings of each rule, and on the page of an EA or an enumerator the missing households with
their listing address.

An enumerator's listed and missing households are those of the EAs assigned to them (an EA shared
by two enumerators counts for both); their other counts are the households they submitted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from survey.accounts.access import Role, User, require_eas
from survey.context import Survey
from survey.errors import NotFound
from survey.progress.figures import no_miss
from survey.review.actions import require_reviewer
from survey.states import State
from survey.store import findings, households, listings, users

FIGURES = ("household_coverage", "person_coverage", "item_completeness")
KEY = ["ea_id", "hh_no"]


@dataclass(frozen=True)
class Row:
    """The figures of an EA, an enumerator, or everything the user sees (``key`` "")."""

    key: str
    name: str
    listed: int = 0
    submitted: int = 0
    awaiting: int = 0
    returned: int = 0
    approved: int = 0
    missing: int = 0
    household_coverage: float | None = None
    person_coverage: float | None = None
    item_completeness: float | None = None
    median_hours_to_approval: float | None = None


@dataclass(frozen=True)
class RuleRate:
    rule_id: str
    severity: str
    households: int  # submitted households whose current version has findings of the rule
    rate: float  # … as a share of the submitted households


@dataclass(frozen=True)
class MissingHousehold:
    ea_id: str
    hh_no: str
    listing: dict[str, Any]  # the listing's columns: building_no, unit_no, head_name, …


@dataclass(frozen=True)
class Dashboard:
    overall: Row
    eas: list[Row]
    enumerators: list[Row]
    rules: list[RuleRate]
    missing: list[MissingHousehold] = field(default_factory=list)


# --- the pages -----------------------------------------------------------------------------------


def _visible(survey: Survey, user: User) -> list[str]:
    require_reviewer(user)
    known = sorted(listings.known_eas(survey.store.read))
    return [ea for ea in known if user.may_see(ea)]


def overview(survey: Survey, user: User) -> Dashboard:
    """Every EA the user sees, every enumerator working in them, the rules found there."""
    return _dashboard(survey, _visible(survey, user))


def for_ea(survey: Survey, user: User, ea_id: str) -> Dashboard:
    """One EA: its figures, its enumerators, its rules and its missing households."""
    require_reviewer(user)
    if ea_id not in listings.known_eas(survey.store.read):
        raise NotFound(f"there is no EA {ea_id}", f"没有调查小区 {ea_id}")
    require_eas(user, [ea_id])
    return _dashboard(survey, [ea_id], with_missing=True)


def for_enumerator(survey: Survey, user: User, name: str) -> Dashboard:
    """One enumerator within the EAs the user sees: their figures, the EAs assigned to them,
    the rules found in their households and the missing households of their EAs."""
    visible = _visible(survey, user)
    found = users.by_name(survey.store.read, name)
    assigned = (
        set(users.assigned_eas(survey.store.read, int(found["id"]))) if found is not None else set()
    )
    submitted = households.submitted(survey.store.read, visible)
    worked = set(submitted.loc[submitted["enumerator"] == name, "ea_id"])
    eas = [ea for ea in visible if ea in assigned | worked]
    if found is None or found["role"] != Role.ENUMERATOR.value or not eas:
        raise NotFound(
            f"there is no enumerator {name} in your EAs", f"您的调查小区中没有调查员 {name}"
        )
    return _dashboard(survey, eas, with_missing=True, enumerator=name)


# --- building one ----------------------------------------------------------------------------------


def _dashboard(
    survey: Survey,
    ea_ids: Sequence[str],
    *,
    with_missing: bool = False,
    enumerator: str | None = None,
) -> Dashboard:
    db = survey.store.read
    q = survey.questionnaire
    eas = list(ea_ids)
    received = households.submitted(db, eas)
    listing = listings.read(db, q, "listing", eas)
    missing = listings.missing(db, q, eas)
    assigned = users.assigned(db, eas, Role.ENUMERATOR.value)
    rules = findings.rules_found(db, eas)
    names = listings.read(db, q, "eas", eas)
    figures = no_miss(survey, eas)

    ea_rows = _rows(
        _counts(received, ["ea_id"]),
        _listed(listing, missing, ["ea_id"]),
        figures["ea_id"],
        "ea_id",
        eas,
        dict(zip(names["ea_id"], names["name"].fillna(names["ea_id"]), strict=True)),
    )
    listed_by_enumerator = _listed(
        listing.merge(assigned, on="ea_id"), missing.merge(assigned, on="ea_id"), ["enumerator"]
    )
    people = sorted(set(received["enumerator"].dropna()) | set(assigned["enumerator"]))
    enumerator_rows = _rows(
        _counts(received, ["enumerator"]),
        listed_by_enumerator,
        figures["enumerator"],
        "enumerator",
        people,
        {},
    )
    if enumerator is None:
        overall = _rows(
            _counts(received, []), _listed(listing, missing, []), figures[""], "", [""], {}
        )[0]
        scope_households, scope_rules = received, rules
    else:
        overall = next(r for r in enumerator_rows if r.key == enumerator)
        enumerator_rows = [overall]
        scope_households = received[received["enumerator"] == enumerator]
        scope_rules = rules[rules["enumerator"] == enumerator]
        assigned_eas = set(assigned.loc[assigned["enumerator"] == enumerator, "ea_id"])
        missing = missing[missing["ea_id"].isin(assigned_eas)]
    return Dashboard(
        overall=overall,
        eas=ea_rows,
        enumerators=enumerator_rows,
        rules=_rule_rates(scope_rules, len(scope_households)),
        missing=_missing(missing) if with_missing else [],
    )


def _hours(households: pd.DataFrame) -> pd.Series:
    start = pd.to_datetime(households["first_submitted_at"], utc=True, format="ISO8601")
    end = pd.to_datetime(households["approved_at"], utc=True, format="ISO8601")
    return (end - start).dt.total_seconds() / 3600


def _counts(households: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Households by state per group, and the median hours from first submission to approval."""
    frame = households.assign(
        _all="",
        submitted=1,
        awaiting=(households["state"] == State.SUBMITTED.value).astype(int),
        returned=(households["state"] == State.RETURNED.value).astype(int),
        approved=(households["state"] == State.APPROVED.value).astype(int),
    )
    keys = by or ["_all"]
    counts = frame.groupby(keys, dropna=True)[["submitted", "awaiting", "returned", "approved"]]
    out = counts.sum()
    done = frame[frame["approved"] == 1]
    if len(done):
        hours = done.assign(_hours=_hours(done)).groupby(keys)["_hours"].median()
        out = out.join(hours.rename("median_hours_to_approval"))
    else:
        out["median_hours_to_approval"] = None
    return out


def _listed(listing: pd.DataFrame, missing: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    keys = by or ["_all"]
    listed = listing.assign(_all="").groupby(keys).size().rename("listed")
    absent = missing.assign(_all="").groupby(keys).size().rename("missing")
    return pd.concat([listed, absent], axis=1).fillna(0).astype(int)


def _number(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _whole(name: str, row: pd.Series | None) -> int:
    return 0 if row is None else int(row[name])


def _rows(
    counts: pd.DataFrame,
    listed: pd.DataFrame,
    figures: pd.DataFrame,
    column: str,
    keys: Sequence[str],
    names: dict[str, Any],
) -> list[Row]:
    figures = figures.assign(_all="").set_index(column or "_all")
    out = []
    for key in keys:
        count = counts.loc[key] if key in counts.index else None
        listing = listed.loc[key] if key in listed.index else None
        figure = figures.loc[key] if key in figures.index else None
        out.append(
            Row(
                key=str(key),
                name=str(names.get(key, key)),
                listed=_whole("listed", listing),
                missing=_whole("missing", listing),
                submitted=_whole("submitted", count),
                awaiting=_whole("awaiting", count),
                returned=_whole("returned", count),
                approved=_whole("approved", count),
                median_hours_to_approval=None
                if count is None
                else _number(count["median_hours_to_approval"]),
                **{f: None if figure is None else _number(figure[f]) for f in FIGURES},
            )
        )
    return out


def _rule_rates(rules: pd.DataFrame, submitted: int) -> list[RuleRate]:
    if rules.empty or not submitted:
        return []
    counted = (
        rules.drop_duplicates([*KEY, "rule_id", "severity"])
        .groupby(["rule_id", "severity"])
        .size()
        .reset_index(name="households")
        .sort_values(["households", "rule_id"], ascending=[False, True])
    )
    return [
        RuleRate(str(r.rule_id), str(r.severity), int(r.households), r.households / submitted)
        for r in counted.itertuples()
    ]


def _missing(frame: pd.DataFrame) -> list[MissingHousehold]:
    shown = [c for c in frame.columns if c not in KEY]
    plain = frame.astype(object).where(frame.notna(), None)
    return [
        MissingHousehold(str(r["ea_id"]), str(r["hh_no"]), {c: r[c] for c in shown})
        for r in plain.to_dict("records")
    ]
