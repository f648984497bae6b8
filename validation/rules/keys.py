"""S-08 — the keys: one household record per (ea_id, hh_no), and every person row with its
household record."""

from __future__ import annotations

import numpy as np
import pandas as pd

from validation.context import HOUSEHOLD_KEY, Context
from validation.findings import combine, empty_findings, hits
from validation.registry import Severity, rule


@rule(
    "S-08",
    Severity.ERROR,
    fields=("ea_id", "hh_no"),
    en="(ea_id, hh_no) appears twice, or a person row has no household row",
    zh="户编号重复，或人的记录没有对应的户记录",
)
def keys(ctx: Context) -> pd.DataFrame:
    return combine([_repeated_households(ctx), _orphan_persons(ctx)])


def _repeated_households(ctx: Context) -> pd.DataFrame:
    if not ctx.repeated_households:
        return empty_findings()
    households = ctx.households_all
    keyed = households[HOUSEHOLD_KEY].notna().all(axis=1).to_numpy(dtype=bool)
    times = households.groupby(HOUSEHOLD_KEY, sort=False)["hh_no"].transform("size").to_numpy()
    first = ~households.duplicated(HOUSEHOLD_KEY).to_numpy(dtype=bool)
    return hits(
        households,
        keyed & first & (times > 1),
        level="household",
        en="this household number appears {times} times in the household table; keep one record per household.",
        zh="本户编号在户表中出现{times}次，每户只能有一条户记录。",
        values={"times": times},
    )


def _orphan_persons(ctx: Context) -> pd.DataFrame:
    if ctx.has_household.all():
        return empty_findings()
    persons = ctx.persons
    person_keyed = persons[HOUSEHOLD_KEY].notna().all(axis=1).to_numpy(dtype=bool)
    orphan = person_keyed & ~ctx.has_household
    codes, _ = pd.factorize(
        (persons["ea_id"] + "\x1f" + persons["hh_no"]).where(pd.Series(orphan), None)
    )
    if not orphan.any():
        return empty_findings()
    rows = np.bincount(codes[codes >= 0])
    first_orphan = orphan & ~persons.duplicated(HOUSEHOLD_KEY).to_numpy(dtype=bool)
    return hits(
        persons,
        first_orphan,
        level="household",
        en=(
            "{rows} person row(s) have no household record; enter the household record (H1–H7) "
            "or correct ea_id and hh_no of these persons."
        ),
        zh="有{rows}条人的记录没有对应的户记录，请补填户记录（H1–H7），或更正这些人的调查小区代码和户编号。",
        values={"rows": np.where(codes >= 0, rows[np.maximum(codes, 0)], 0)},
    )
