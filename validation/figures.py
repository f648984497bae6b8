"""The three "no-miss" figures of spec/rules.md, per EA, per enumerator or for the whole survey.

- 房不漏户 ``household_coverage`` = listed households that were submitted / listed households;
- 户不漏人 ``person_coverage`` = households whose roster agrees with H2 (no S-04, S-05 or S-07
  finding) / submitted households;
- 项不漏填 ``item_completeness`` = applicable fields filled / applicable fields, over the
  questions (not the key columns) whose applicability is decided — the cells V-01 judges.

Person rows without a household record (S-08) belong to no group and are not counted.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from schemas import Questionnaire
from schemas.keys import key_codes
from validation.context import HOUSEHOLD_KEY, Context

ROSTER_RULES = ("S-04", "S-05", "S-07")
COUNTS = [
    "households_listed",
    "households_submitted_listed",
    "households",
    "households_roster_ok",
    "applicable_fields",
    "filled_fields",
]
FIGURE_COLUMNS = [
    "households_listed",
    "households_submitted_listed",
    "household_coverage",
    "households",
    "households_roster_ok",
    "person_coverage",
    "applicable_fields",
    "filled_fields",
    "item_completeness",
]
_ALL = "_all"


def _roster_ok(households: pd.DataFrame, problems: pd.DataFrame) -> np.ndarray:
    """Per household: no roster finding (S-04, S-05, S-07) names it."""
    submitted, flagged = key_codes(households, problems)
    return ~np.isin(submitted, flagged[flagged >= 0]) | (submitted < 0)


FIELD_COUNTS = ["applicable_fields", "filled_fields"]


def field_counts(q: Questionnaire, households: pd.DataFrame, persons: pd.DataFrame) -> pd.DataFrame:
    """Per household row: its key and the applicable and filled fields, its own and its
    persons' (the counts of 项不漏填). They depend on the household's data alone, so a stored
    version's counts never change and can be kept beside it."""
    return context_field_counts(Context(q, households, persons))


def context_field_counts(ctx: Context) -> pd.DataFrame:
    """:func:`field_counts` of a context already built (for the rules, say)."""
    applicable, filled = _field_counts(ctx)
    return ctx.households[HOUSEHOLD_KEY].assign(
        applicable_fields=applicable.astype(np.int64), filled_fields=filled.astype(np.int64)
    )


def _field_counts(ctx: Context) -> tuple[np.ndarray, np.ndarray]:
    """Per household: applicable and filled fields, its own and its persons'."""
    applicable = np.zeros(ctx.n_households)
    filled = np.zeros(ctx.n_households)
    for table in (ctx.q.households, ctx.q.persons):
        frame = ctx.frame(table.name)
        states = ctx.applicable(table.name)
        for item in table.questions:
            if not item.required:
                continue
            required = states[item.name].required
            done = required & frame[item.name].notna().to_numpy(dtype=bool)
            if table.name == "households":
                applicable += required
                filled += done
            else:
                applicable += ctx.count(required)
                filled += ctx.count(done)
    return applicable, filled


def _listing_groups(households: pd.DataFrame, listing: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """The listing with each row's group columns: from its submitted household when there is
    one, else from the first submitted household of its EA."""
    listed = listing[listing[HOUSEHOLD_KEY].notna().all(axis=1)].drop_duplicates(HOUSEHOLD_KEY)
    listed_codes, submitted_codes = key_codes(listed, households)
    submitted = np.isin(listed_codes, submitted_codes[submitted_codes >= 0])
    extra = [c for c in by if c not in listed.columns]
    if extra:
        own = listed[HOUSEHOLD_KEY].merge(
            households[[*HOUSEHOLD_KEY, *extra]], on=HOUSEHOLD_KEY, how="left"
        )
        area = listed[["ea_id"]].merge(
            households[["ea_id", *extra]].drop_duplicates("ea_id"), on="ea_id", how="left"
        )
        for column in extra:
            own[column] = own[column].fillna(area[column])
        listed = listed.reset_index(drop=True).assign(**{c: own[c] for c in extra})
    return listed.assign(
        households_listed=1, households_submitted_listed=submitted.astype(np.int64)
    )


def no_miss_figures(
    q: Questionnaire,
    households: pd.DataFrame,
    persons: pd.DataFrame,
    findings: pd.DataFrame,
    *,
    listing: pd.DataFrame | None = None,
    by: Sequence[str] = ("ea_id",),
) -> pd.DataFrame:
    """The three figures per group of ``by`` (``[]`` = the whole survey; ``enumerator`` when the
    household table has that column), with the counts they are made of."""
    households = households.drop_duplicates(HOUSEHOLD_KEY).reset_index(drop=True)  # as rules do
    counts = field_counts(q, households, persons)
    with_counts = households.assign(**{c: counts[c].to_numpy() for c in FIELD_COUNTS})
    return summarise(with_counts, findings, listing=listing, by=by)


def summarise(
    households: pd.DataFrame,
    findings: pd.DataFrame,
    *,
    listing: pd.DataFrame | None = None,
    by: Sequence[str] = ("ea_id",),
) -> pd.DataFrame:
    """The three figures per group of ``by`` from one row per household: its key, the ``by``
    columns and its :func:`field_counts` (stored ones will do: no household data is read)."""
    by = list(by)
    unknown = [c for c in by if c not in households.columns]
    if unknown:
        raise ValueError(f"cannot group by {', '.join(unknown)}: not a column of the households")
    problems = findings[findings["rule_id"].isin(ROSTER_RULES)]
    per_household = households[by].assign(
        households=1,
        households_roster_ok=_roster_ok(households, problems).astype(np.int64),
        applicable_fields=households["applicable_fields"].to_numpy(dtype=np.int64),
        filled_fields=households["filled_fields"].to_numpy(dtype=np.int64),
    )
    parts = [per_household]
    if listing is not None:
        parts.append(_listing_groups(households, listing, by)[[*by, *COUNTS[:2]]])
    rows = pd.concat(parts, ignore_index=True)
    for column in COUNTS:
        if column not in rows:
            rows[column] = 0
    rows = rows.assign(**{_ALL: 0})
    keys = by or [_ALL]
    sums = rows.groupby(keys, dropna=False, sort=True)[COUNTS].sum().reset_index()
    out = sums[by].copy()
    for column in COUNTS:
        out[column] = sums[column].astype("Int64")
    if listing is None:
        out[["households_listed", "households_submitted_listed"]] = pd.NA
    out["household_coverage"] = _ratio(out["households_submitted_listed"], out["households_listed"])
    out["person_coverage"] = _ratio(out["households_roster_ok"], out["households"])
    out["item_completeness"] = _ratio(out["filled_fields"], out["applicable_fields"])
    return out[[*by, *FIGURE_COLUMNS]]


def _ratio(part: pd.Series, whole: pd.Series) -> pd.Series:
    whole = whole.astype("Float64")
    return (part.astype("Float64") / whole.where(whole > 0)).astype("Float64")
