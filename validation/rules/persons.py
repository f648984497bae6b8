"""P — consistency within one person's answers: 人不漏项.

A rule reads only answers that are in their universe: an answer outside it is V-02's, so an
11-year-old with a marital status gets V-02, not also P-05.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from validation.context import Context
from validation.findings import combine, hits
from validation.registry import Severity, rule
from validation.rules.common import lookup


def _asked(ctx: Context, role: str) -> np.ndarray:
    """Rows where the role's item is within its universe (decided)."""
    return ctx.applicable("persons")[ctx.roles.item(role).name].required


@rule(
    "P-01",
    Severity.ERROR,
    roles=("time_away", "hukou_place", "residence"),
    en="time_away == 1 must hold exactly when hukou_place == 1 and residence is 1 or 2",
    zh="离开户口登记地时间为“没有离开”当且仅当户口在本村（居）委会且普查时点居住在本村（居）委会",
)
def time_away_consistent(ctx: Context) -> pd.DataFrame:
    roles = ctx.roles
    filled = roles.filled("time_away") & roles.filled("hukou_place") & roles.filled("residence")
    checked = filled & ~roles.coded("hukou_place", "unsettled")
    at_home = roles.coded("hukou_place", "here") & roles.coded(
        "residence", "present", "same_community"
    )
    not_away = roles.coded("time_away", "not_away")

    def values() -> dict[str, object]:
        return {
            "hukou_label": roles.labels("hukou_place"),
            "residence_label": roles.labels("residence"),
        }

    return combine(
        [
            hits(
                ctx.people,
                checked & at_home & ~not_away,
                level="person",
                en=(
                    "the hukou is in this village or community (hukou_place 1) and the person lives "
                    "here (residence {residence}), yet time_away is {time_away}; use 1 (not away), "
                    "or correct hukou_place or residence."
                ),
                zh=(
                    "户口在本村（居）委会且普查时点居住在本村（居）委会（{residence}），但离开户口登记地"
                    "时间为{time_away}；应填1（没有离开），或更正户口登记地、普查时点居住地。"
                ),
                values=values,
            ),
            hits(
                ctx.people,
                checked & ~at_home & not_away,
                level="person",
                en=(
                    "time_away is 1 (not away) but the person is away from the place of hukou "
                    "(hukou_place {hukou_place}: {hukou_label}; residence {residence}: "
                    "{residence_label}); enter how long the person has been away (2–9)."
                ),
                zh=(
                    "离开户口登记地时间为1（没有离开），但本人户口登记地为{hukou_place}"
                    "（{hukou_label}）、普查时点居住地为{residence}（{residence_label}），已离开户口"
                    "登记地；请填写离开时间（2–9）。"
                ),
                values=values,
            ),
        ]
    )


@rule(
    "P-02",
    Severity.ERROR,
    roles=("time_away", "birth"),
    en="The time_away category is longer than the person has been alive",
    zh="离开户口登记地时间长于本人年龄",
)
def away_longer_than_alive(ctx: Context) -> pd.DataFrame:
    ref = ctx.q.reference
    roles = ctx.roles
    year, month = roles.number("birth_year"), roles.number("birth_month")
    alive = (ref.year - year) * 12 + (ref.month - month)
    shortest = lookup(roles.number("time_away"), ctx.params.time_away_min_months)
    possible_birth = ~np.isnan(roles.number("age"))
    mask = ctx.known(alive, shortest) & (shortest > alive) & _asked(ctx, "time_away")
    mask &= possible_birth
    return hits(
        ctx.people,
        mask,
        level="person",
        en=(
            "time_away {time_away} ({away_label}) is at least {shortest} months, but the person "
            "born {birth_year}-{birth_month} is {alive} months old; correct time_away or the birth date."
        ),
        zh=(
            "离开户口登记地时间{time_away}（{away_label}）至少{shortest}个月，但本人"
            "{birth_year}年{birth_month}月出生，只有{alive}个月；请更正离开时间或出生年月。"
        ),
        values=lambda: {
            "away_label": roles.labels("time_away"),
            "shortest": shortest,
            "alive": alive,
        },
    )


@rule(
    "P-03",
    Severity.WARNING,
    roles=("education", "age"),
    en="Education too high for age, or pre-school at 15 or over",
    zh="受教育程度与年龄不符",
)
def education_for_age(ctx: Context) -> pd.DataFrame:
    roles = ctx.roles
    education, age = roles.number("education"), roles.number("age")
    minimum = lookup(education, ctx.params.education_min_age)
    asked = _asked(ctx, "education")
    preschool_age = ctx.params.preschool_max_age
    preschool = roles.code_text("education", "preschool")

    def values() -> dict[str, object]:
        return {"education_label": roles.labels("education"), "minimum": minimum}

    return combine(
        [
            hits(
                ctx.people,
                asked & (age < minimum),
                level="person",
                en=(
                    "education {education} ({education_label}) is unusual at age {age}: it is "
                    "rarely reached before {minimum}; check the education and birth date, and "
                    "explain if right."
                ),
                zh=(
                    "受教育程度{education}（{education_label}）与年龄{age}岁不相称（一般{minimum}岁"
                    "以后才能达到）；请核实受教育程度和出生年月，如无误请说明。"
                ),
                values=values,
            ),
            hits(
                ctx.people,
                asked & roles.coded("education", "preschool") & (age >= preschool_age),
                level="person",
                en=(
                    f"education is pre-school ({preschool}) at age {{age}} ({preschool_age} or over); "
                    "check the education and birth date, and explain if right."
                ),
                zh=(
                    f"年龄{{age}}岁（{preschool_age}岁及以上）受教育程度为学前教育（{preschool}）；"
                    "请核实受教育程度和出生年月，如无误请说明。"
                ),
                values=values,
            ),
        ]
    )


@rule(
    "P-04",
    Severity.WARNING,
    roles=("education", "literate"),
    en="Junior secondary education or more but not literate",
    zh="初中及以上文化程度但不识字",
)
def educated_illiterate(ctx: Context) -> pd.DataFrame:
    roles = ctx.roles
    educated = roles.coded("education", "secondary_or_more")
    mask = educated & roles.coded("literate", "unable") & _asked(ctx, "literate")
    no = roles.code_text("literate", "unable")
    return hits(
        ctx.people,
        mask,
        level="person",
        en=(
            f"education {{education}} ({{education_label}}) but literate is {no} (no); check "
            "both, and explain if right."
        ),
        zh=f"受教育程度为{{education}}（{{education_label}}），但是否识字为{no}（否）；请核实，如无误请说明。",
        values=lambda: {"education_label": roles.labels("education")},
    )


@rule(
    "P-05",
    Severity.WARNING,
    roles=("marital_status", "sex", "age"),
    en="Ever married below the legal marriage age (men 22, women 20)",
    zh="未到法定婚龄（男22岁、女20岁）但婚姻状况不是未婚",
)
def married_young(ctx: Context) -> pd.DataFrame:
    legal = ctx.params.marriage_age
    roles = ctx.roles
    sex, age = roles.sex, roles.number("age")  # sex 1 male, 2 female whatever the codes
    minimum = np.select([sex == 1, sex == 2], [legal.male, legal.female], np.nan)
    ever = roles.filled("marital_status") & ~roles.coded("marital_status", "never_married")
    mask = _asked(ctx, "marital_status") & ever & (age < minimum)
    return hits(
        ctx.people,
        mask,
        level="person",
        en=(
            "marital status {marital_status} ({marital_label}) at age {age}, below the legal "
            "marriage age of {minimum} for a {sex_label}; check marital status and birth date, "
            "and explain if right."
        ),
        zh=(
            "年龄{age}岁，未到{sex_label}性法定婚龄{minimum}岁，但婚姻状况为{marital_status}"
            "（{marital_label}）；请核实婚姻状况和出生年月，如无误请说明。"
        ),
        values=lambda: {
            "marital_label": roles.labels("marital_status"),
            "sex_label": roles.labels("sex"),
            "minimum": minimum,
        },
    )


@rule(
    "P-06",
    Severity.WARNING,
    roles=("employed", "age"),
    en="Working at age 80 or over",
    zh="80岁及以上仍在工作",
)
def working_old(ctx: Context) -> pd.DataFrame:
    limit = ctx.params.elderly_work_age
    working = ctx.roles.coded("employed", "working")
    mask = working & (ctx.roles.number("age") >= limit) & _asked(ctx, "employed")
    yes = ctx.roles.code_text("employed", "working")
    return hits(
        ctx.people,
        mask,
        level="person",
        en=f"employed is {yes} (worked for pay last week) at age {{age}} ({limit} or over); check it, and explain if right.",
        zh=f"年龄{{age}}岁（{limit}岁及以上）上周为取得收入而工作（{yes}）；请核实，如无误请说明。",
    )


@rule(
    "P-07",
    Severity.WARNING,
    roles=("health", "employed"),
    en="Cannot care for self (health 4) but worked for pay",
    zh="生活不能自理但在工作",
)
def working_dependent(ctx: Context) -> pd.DataFrame:
    roles = ctx.roles
    mask = roles.coded("health", "dependent") & roles.coded("employed", "working")
    mask &= _asked(ctx, "health") & _asked(ctx, "employed")
    dependent, yes = roles.code_text("health", "dependent"), roles.code_text("employed", "working")
    return hits(
        ctx.people,
        mask,
        level="person",
        en=f"health is {dependent} (cannot care for self) but employed is {yes} (worked for pay); check both, and explain if right.",
        zh=f"身体健康状况为{dependent}（生活不能自理），但上周为取得收入而工作（{yes}）；请核实，如无误请说明。",
    )
