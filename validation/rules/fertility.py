"""F — fertility of women, and births in the reference year against the household's H3."""

from __future__ import annotations

import numpy as np
import pandas as pd

from validation.context import Context
from validation.findings import combine, hits
from validation.registry import Severity, rule
from validation.rules.common import BIRTH, labels, lookup

BIRTHS_REPORTED = {2: 1, 3: 2}
"""Fewest births in the reference year each ``birth_last_year`` code stands for."""


def _asked(ctx: Context, *names: str) -> np.ndarray:
    states = ctx.applicable("persons")
    out = np.ones(len(ctx.persons), dtype=bool)
    for name in names:
        out &= states[name].required
    return out


@rule(
    "F-01",
    Severity.ERROR,
    fields=("children_born", "children_surviving"),
    en="More children surviving than ever born",
    zh="存活子女数大于生育子女数",
)
def surviving_exceeds_born(ctx: Context) -> pd.DataFrame:
    mask = (ctx.p("children_surviving") > ctx.p("children_born")) & _asked(
        ctx, "children_born", "children_surviving"
    )
    return hits(
        ctx.persons,
        mask,
        level="person",
        en="children_surviving {children_surviving} is more than children_born {children_born}; correct one of them.",
        zh="存活子女数{children_surviving}大于生育子女数{children_born}，请更正其中一项。",
    )


@rule(
    "F-02",
    Severity.ERROR,
    fields=("birth_last_year", "children_born"),
    en="A birth in the reference year but too few children ever born",
    zh="过去一年生育了孩子但生育子女数过少",
)
def births_not_counted(ctx: Context) -> pd.DataFrame:
    last_year, born = ctx.p("birth_last_year"), ctx.p("children_born")
    mask = (np.isin(last_year, (2, 3)) & (born == 0)) | ((last_year == 3) & (born < 2))
    mask &= _asked(ctx, "birth_last_year", "children_born")
    return hits(
        ctx.persons,
        mask,
        level="person",
        en=(
            "birth_last_year is {birth_last_year} ({last_label}) but children_born is "
            "{children_born}; children ever born include last year's births — correct one of them."
        ),
        zh="过去一年生育为{birth_last_year}（{last_label}），但生育子女数为{children_born}；生育子女数应包括过去一年所生，请更正其中一项。",
        values=lambda: {"last_label": labels(ctx, "birth_last_year")},
    )


@rule(
    "F-03",
    Severity.WARNING,
    fields=("children_born", *BIRTH),
    en="More children ever born than age − 12, or more than 15",
    zh="生育子女数大于年龄减12或多于15个",
)
def many_children(ctx: Context) -> pd.DataFrame:
    born, age = ctx.p("children_born"), ctx.p("age")
    youngest, most = ctx.params.min_mother_age, ctx.params.max_children_born
    mask = ((born > age - youngest) | (born > most)) & _asked(ctx, "children_born")
    return hits(
        ctx.persons,
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
    months = ctx.p("birth_year") * 12 + ctx.p("birth_month") - 1
    end = ctx.q.reference.months
    return (months >= end - 12) & (months < end)


@rule(
    "F-04",
    Severity.WARNING,
    fields=("births_m", "births_f", *BIRTH),
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
    for sex, column, en_sex, zh_sex in (
        (1, "births_m", "boy(s)", "男"),
        (2, "births_f", "girl(s)", "女"),
    ):
        counted = ctx.count(babies & (ctx.p("sex") == sex))
        reported = ctx.h(column)
        parts.append(
            hits(
                ctx.households,
                ~np.isnan(reported) & (counted > reported),
                level="household",
                en=(
                    f"the roster has {{counted}} {en_sex} born {period} but {column} reports "
                    f"{{{column}}}; correct H3 or the birth dates."
                ),
                zh=(
                    f"人的记录中有{{counted}}名{period}出生的{zh_sex}孩，但{column}填报"
                    f"{{{column}}}人；请更正H3或出生年月。"
                ),
                fields=f"{column};birth_year;birth_month",
                values={"counted": counted},
            )
        )
    return combine(parts)


@rule(
    "F-05",
    Severity.WARNING,
    fields=("births_m", "births_f", "birth_last_year"),
    en="The household's women report more births in the reference year than births_m + births_f",
    zh="本户妇女过去一年生育数多于H3填报的出生人数",
)
def births_reported_by_women(ctx: Context) -> pd.DataFrame:
    reported_by_women = lookup(ctx.p("birth_last_year"), BIRTHS_REPORTED)
    women = ctx.total(np.where(_asked(ctx, "birth_last_year"), reported_by_women, np.nan))
    births = ctx.h("births_m") + ctx.h("births_f")
    return hits(
        ctx.households,
        ~np.isnan(births) & (women > births),
        level="household",
        en=(
            "the women of the household report at least {women} birth(s) in the last year "
            "(birth_last_year) but H3 reports {births} ({births_m} boys, {births_f} girls); "
            "correct H3 or birth_last_year."
        ),
        zh="本户妇女填报过去一年至少生育{women}个孩子，但H3填报出生{births}人（男{births_m}、女{births_f}）；请更正H3或过去一年是否生育。",
        values={"women": women, "births": births},
    )
