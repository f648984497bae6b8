"""F — fertility of women, and births in the reference year against the household's H3."""

from __future__ import annotations

import numpy as np
import pandas as pd

from validation.context import Context
from validation.findings import combine, hits
from validation.registry import Severity, rule


def _asked(ctx: Context, *roles: str) -> np.ndarray:
    """Rows where every one of the roles' items is within its universe (decided)."""
    states = ctx.applicable("persons")
    out = np.ones(len(ctx.persons), dtype=bool)
    for role in roles:
        out &= states[ctx.roles.item(role).name].required
    return out


@rule(
    "F-01",
    Severity.ERROR,
    roles=("children_born", "children_surviving"),
    en="More children surviving than ever born",
    zh="存活子女数大于生育子女数",
)
def surviving_exceeds_born(ctx: Context) -> pd.DataFrame:
    more = ctx.roles.number("children_surviving") > ctx.roles.number("children_born")
    mask = more & _asked(ctx, "children_born", "children_surviving")
    return hits(
        ctx.people,
        mask,
        level="person",
        en="children_surviving {children_surviving} is more than children_born {children_born}; correct one of them.",
        zh="存活子女数{children_surviving}大于生育子女数{children_born}，请更正其中一项。",
    )


@rule(
    "F-02",
    Severity.ERROR,
    roles=("birth_last_year", "children_born"),
    en="A birth in the reference year but too few children ever born",
    zh="过去一年生育了孩子但生育子女数过少",
)
def births_not_counted(ctx: Context) -> pd.DataFrame:
    roles = ctx.roles
    born = roles.number("children_born")
    several = roles.coded("birth_last_year", "two_or_more")
    mask = (roles.coded("birth_last_year", "one", "two_or_more") & (born == 0)) | (
        several & (born < 2)
    )
    mask &= _asked(ctx, "birth_last_year", "children_born")
    return hits(
        ctx.people,
        mask,
        level="person",
        en=(
            "birth_last_year is {birth_last_year} ({last_label}) but children_born is "
            "{children_born}; children ever born include last year's births — correct one of them."
        ),
        zh="过去一年生育为{birth_last_year}（{last_label}），但生育子女数为{children_born}；生育子女数应包括过去一年所生，请更正其中一项。",
        values=lambda: {"last_label": roles.labels("birth_last_year")},
    )


@rule(
    "F-03",
    Severity.WARNING,
    roles=("children_born", "age"),
    en="More children ever born than age − 12, or more than 15",
    zh="生育子女数大于年龄减12或多于15个",
)
def many_children(ctx: Context) -> pd.DataFrame:
    born, age = ctx.roles.number("children_born"), ctx.roles.number("age")
    youngest, most = ctx.params.min_mother_age, ctx.params.max_children_born
    mask = ((born > age - youngest) | (born > most)) & _asked(ctx, "children_born")
    return hits(
        ctx.people,
        mask,
        level="person",
        en=(
            f"children_born {{children_born}} is unusually high for a woman of {{age}} (at most "
            f"{most}, and not more than her age minus {youngest}); check it and the birth date, "
            "and explain if right."
        ),
        zh=(
            f"生育子女数{{children_born}}对{{age}}岁的妇女而言偏多（一般不超过{most}个，且不超过"
            f"年龄减{youngest}）；请核实生育子女数和出生年月，如无误请说明。"
        ),
    )


def born_in_reference_year(ctx: Context) -> np.ndarray:
    """Persons born in the twelve months before the census moment."""
    months = ctx.roles.number("birth_year") * 12 + ctx.roles.number("birth_month") - 1
    end = ctx.q.reference.months
    return (months >= end - 12) & (months < end)


@rule(
    "F-04",
    Severity.WARNING,
    roles=("births_male", "births_female", "sex", "birth"),
    named=("births_male", "births_female", "birth"),
    en="More persons born in the reference year in the roster than H3 reports, for a sex",
    zh="人的记录中上一年度出生人数多于H3填报的出生人数",
)
def babies_not_reported(ctx: Context) -> pd.DataFrame:
    babies = born_in_reference_year(ctx)
    ref = ctx.q.reference
    start_year, start_month = divmod(ref.months - 12, 12)
    end_year, end_month = divmod(ref.months - 1, 12)
    period = f"{start_year}-{start_month + 1:02d} … {end_year}-{end_month + 1:02d}"
    parts = []
    for sex, role, en_sex, zh_sex in (
        (1, "births_male", "boy(s)", "男"),
        (2, "births_female", "girl(s)", "女"),
    ):
        counted = ctx.count(babies & (ctx.roles.sex == sex))
        reported = ctx.roles.number(role)
        column = ctx.roles.item(role).name
        parts.append(
            hits(
                ctx.homes,
                ~np.isnan(reported) & (counted > reported),
                level="household",
                en=(
                    f"the roster has {{counted}} {en_sex} born {period} but {column} reports "
                    f"{{{role}}}; correct H3 or the birth dates."
                ),
                zh=(
                    f"人的记录中有{{counted}}名{period}出生的{zh_sex}孩，但{column}填报"
                    f"{{{role}}}人；请更正H3或出生年月。"
                ),
                fields=ctx.roles.joined(role, "birth"),
                values={"counted": counted},
            )
        )
    return combine(parts)


@rule(
    "F-05",
    Severity.WARNING,
    roles=("births_male", "births_female", "birth_last_year"),
    en="The household's women report more births in the reference year than births_m + births_f",
    zh="本户妇女过去一年生育数多于H3填报的出生人数",
)
def births_reported_by_women(ctx: Context) -> pd.DataFrame:
    roles = ctx.roles
    reported_by_women = np.select(
        [roles.coded("birth_last_year", "one"), roles.coded("birth_last_year", "two_or_more")],
        [1.0, 2.0],
        np.nan,
    )  # the fewest births each answer stands for
    women = ctx.total(np.where(_asked(ctx, "birth_last_year"), reported_by_women, np.nan))
    births = roles.number("births_male") + roles.number("births_female")
    return hits(
        ctx.homes,
        ~np.isnan(births) & (women > births),
        level="household",
        en=(
            "the women of the household report at least {women} birth(s) in the last year "
            "(birth_last_year) but H3 reports {births} ({births_male} boys, {births_female} girls); "
            "correct H3 or birth_last_year."
        ),
        zh="本户妇女填报过去一年至少生育{women}个孩子，但H3填报出生{births}人（男{births_male}、女{births_female}）；请更正H3或过去一年是否生育。",
        values={"women": women, "births": births},
    )
