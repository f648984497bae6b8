"""S — structure, the plausible household: its size, whether it has an adult, its floor area per
person. Warnings: possible but unlikely, so the enumerator checks and explains."""

from __future__ import annotations

import numpy as np
import pandas as pd

from validation.context import Context
from validation.findings import hits
from validation.registry import Severity, rule
from validation.rules.common import regular_households


@rule(
    "S-09",
    Severity.WARNING,
    optional=("persons_present", "persons_away"),
    en="Household size above 10",
    zh="户规模超过10人",
)
def large_household(ctx: Context) -> pd.DataFrame:
    limit = ctx.params.max_household_size
    return hits(
        ctx.households,
        ctx.roster_size > limit,
        level="household",
        en=f"the household has {{rows}} persons, more than {limit}; check that no one is entered twice, and explain if it is right.",
        zh=f"本户有{{rows}}人，超过{limit}人；请核实是否有人重复登记，如无误请说明。",
        fields=ctx.roles.joined("persons_present", "persons_away"),
        values={"rows": ctx.roster_size},
    )


@rule(
    "S-10",
    Severity.WARNING,
    roles=("age",),
    en="Family household with no member aged 15 or over",
    zh="家庭户没有15岁及以上成员",
)
def no_adult(ctx: Context) -> pd.DataFrame:
    age = ctx.roles.number("age")
    adults = ctx.count(age >= 15)
    unknown = ctx.count(np.isnan(age))
    return hits(
        ctx.households,
        ctx.family & regular_households(ctx) & (adults == 0) & (unknown == 0),
        level="household",
        en="no member of this family household is 15 or over; check the birth dates, and explain if they are right.",
        zh="本家庭户没有15岁及以上的成员；请核实出生年月，如无误请说明。",
    )


@rule(
    "S-11",
    Severity.WARNING,
    roles=("floor_area", "persons_present", "dwelling_type"),
    named=("floor_area", "persons_present"),
    en="Floor area per person present below 3 m² or above 200 m²",
    zh="人均住房建筑面积低于3平方米或高于200平方米",
)
def floor_area(ctx: Context) -> pd.DataFrame:
    low, high = ctx.params.floor_area_per_person
    area, present = ctx.roles.number("floor_area"), ctx.roles.number("persons_present")
    usable = ctx.roles.coded("dwelling_type", "ordinary") & ~np.isnan(area) & (present > 0)
    per_person = np.divide(area, present, out=np.full(len(area), np.nan), where=usable)
    mask = usable & ((per_person < low) | (per_person > high))
    return hits(
        ctx.homes,
        mask,
        level="household",
        en=(
            f"{{floor_area}} m² for {{persons_present}} persons present is {{per_person}} m² per "
            f"person, outside {low:g}–{high:g}; check the floor area and H2a, and explain if right."
        ),
        zh=(
            f"住房建筑面积{{floor_area}}平方米、现住{{persons_present}}人，人均{{per_person}}平方米，"
            f"不在{low:g}–{high:g}平方米之间；请核实面积和现住人数，如无误请说明。"
        ),
        values={"per_person": per_person},
    )
