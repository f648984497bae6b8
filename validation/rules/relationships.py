"""R — relationships within a family household.

Applied to family households (the ``household_type`` role's family code; every household when
the definition has no such role) that have exactly one head (the ``relationship`` role's head
code); a household without exactly one head is S-01's. Collective households are skipped. Ages are compared in completed years, so a child exactly
12 years younger than the head is not R-06.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from validation.context import Context
from validation.findings import combine, hits
from validation.registry import Severity, rule
from validation.rules.common import by_lang

AGE_ROLES = ("relationship", "age")


def _members(ctx: Context, relationship: str) -> np.ndarray:
    """Persons of a kin household whose relationship is the named code (``"spouse"`` …)."""
    return ctx.kin_household & ctx.roles.coded("relationship", relationship)


def _gap_hits(
    ctx: Context, mask: np.ndarray, head_age: np.ndarray, *, en: str, zh: str
) -> pd.DataFrame:
    return hits(
        ctx.people,
        mask,
        level="person",
        en=en,
        zh=zh,
        values={"head_age": head_age, "gap": np.abs(ctx.roles.number("age") - head_age)},
    )


@rule(
    "R-01",
    Severity.WARNING,
    roles=AGE_ROLES,
    en="Head aged under 15",
    zh="户主不满15岁",
)
def young_head(ctx: Context) -> pd.DataFrame:
    return hits(
        ctx.people,
        _members(ctx, "head") & (ctx.roles.number("age") < 15),
        level="person",
        en="the head of household is {age}, under 15; check the head and the birth date, and explain if right.",
        zh="户主年龄{age}岁，不满15岁；请核实户主和出生年月，如无误请说明。",
    )


@rule(
    "R-02",
    Severity.ERROR,
    roles=("sex", "relationship"),
    en="A spouse's sex equals the head's sex",
    zh="配偶与户主性别相同",
)
def spouse_sex(ctx: Context) -> pd.DataFrame:
    sex = ctx.roles.sex  # 1 male, 2 female, NaN otherwise: compared whatever the codes
    head_sex = ctx.head_value(sex)
    mask = _members(ctx, "spouse") & ctx.known(sex, head_sex) & (sex == head_sex)
    return hits(
        ctx.people,
        mask,
        level="person",
        en="the spouse's sex is {sex} ({sex_label}), the same as the head's; correct the sex or the relationship.",
        zh="配偶性别为{sex}（{sex_label}），与户主相同；请更正性别或与户主关系。",
        values=lambda: {"sex_label": ctx.roles.labels("sex")},
    )


@rule(
    "R-03",
    Severity.ERROR,
    roles=("marital_status", "relationship", "age"),
    named=("marital_status", "relationship"),
    en="A head with a spouse in the household, or the spouse, is not married (aged 15+)",
    zh="有配偶同住的户主或其配偶的婚姻状况不是有配偶",
)
def couple_married(ctx: Context) -> pd.DataFrame:
    roles = ctx.roles
    spouses = ctx.count(roles.coded("relationship", "spouse"))
    has_spouse = ctx.to_persons(spouses > 0, fill=False).astype(bool)
    partner = _members(ctx, "spouse") | (_members(ctx, "head") & has_spouse)
    filled = roles.filled("marital_status")
    married = roles.coded("marital_status", "married")
    mask = partner & (roles.number("age") >= 15) & filled & ~married
    head = ctx.is_head
    codes = " or ".join(roles.code_text("marital_status", "married").split(", "))
    return hits(
        ctx.people,
        mask,
        level="person",
        en=(
            "the {role} of a couple living in this household has marital status {marital_status} "
            f"({{marital_label}}); a married person is {codes} — correct the marital status or "
            "the relationship."
        ),
        zh=(
            "本户有户主及其配偶，但{role}的婚姻状况为{marital_status}（{marital_label}），"
            f"有配偶者应为{codes.replace(' or ', '或')}；请更正婚姻状况或与户主关系。"
        ),
        values={"marital_label": roles.labels("marital_status")},
        at_rows=lambda found: {
            "role": by_lang(
                np.where(head[found], "head", "spouse"), np.where(head[found], "户主", "配偶")
            )
        },
    )


@rule(
    "R-04",
    Severity.WARNING,
    roles=AGE_ROLES,
    en="Head–spouse age difference above 20 years",
    zh="户主与配偶年龄相差超过20岁",
)
def spouse_age_gap(ctx: Context) -> pd.DataFrame:
    limit = ctx.params.spouse_age_gap
    age = ctx.roles.number("age")
    head_age = ctx.head_value(age)
    mask = _members(ctx, "spouse") & (np.abs(age - head_age) > limit)
    return _gap_hits(
        ctx,
        mask,
        head_age,
        en=(
            f"the spouse is {{age}} and the head {{head_age}}, {{gap}} years apart (more than "
            f"{limit}); check both birth dates, and explain if right."
        ),
        zh=(
            f"配偶{{age}}岁，户主{{head_age}}岁，相差{{gap}}岁（超过{limit}岁）；"
            "请核实两人的出生年月，如无误请说明。"
        ),
    )


@rule(
    "R-05",
    Severity.ERROR,
    roles=AGE_ROLES,
    en="A child is not younger than the head",
    zh="子女年龄不小于户主",
)
def child_older(ctx: Context) -> pd.DataFrame:
    age = ctx.roles.number("age")
    head_age = ctx.head_value(age)
    mask = _members(ctx, "child") & (age >= head_age)
    return _gap_hits(
        ctx,
        mask,
        head_age,
        en=(
            "this child of the head is {age}, not younger than the head ({head_age}); correct the "
            "relationship or the birth dates."
        ),
        zh="户主的子女{age}岁，不小于户主（{head_age}岁）；请更正与户主关系或出生年月。",
    )


@rule(
    "R-06",
    Severity.WARNING,
    roles=AGE_ROLES,
    en="A child is less than 12 years younger than the head",
    zh="子女比户主小不到12岁",
)
def child_close_in_age(ctx: Context) -> pd.DataFrame:
    limit = ctx.params.child_min_gap
    age = ctx.roles.number("age")
    head_age = ctx.head_value(age)
    mask = _members(ctx, "child") & (age < head_age) & (head_age - age < limit)
    return _gap_hits(
        ctx,
        mask,
        head_age,
        en=(
            f"this child is {{age}} and the head {{head_age}}, only {{gap}} years apart (less than "
            f"{limit}); check the relationship and birth dates, and explain if right."
        ),
        zh=(
            f"子女{{age}}岁，户主{{head_age}}岁，仅相差{{gap}}岁（不到{limit}岁）；"
            "请核实与户主关系和出生年月，如无误请说明。"
        ),
    )


@rule(
    "R-07",
    Severity.WARNING,
    roles=AGE_ROLES,
    en="A parent is less than 12 years older than the head",
    zh="父母比户主大不到12岁",
)
def parent_close_in_age(ctx: Context) -> pd.DataFrame:
    limit = ctx.params.parent_min_gap
    age = ctx.roles.number("age")
    head_age = ctx.head_value(age)
    mask = _members(ctx, "parent") & (age - head_age < limit)
    return _gap_hits(
        ctx,
        mask,
        head_age,
        en=(
            f"this parent of the head is {{age}} and the head {{head_age}}, less than {limit} "
            "years apart; check the relationship and birth dates, and explain if right."
        ),
        zh=(
            f"户主的父母{{age}}岁，户主{{head_age}}岁，相差不到{limit}岁；"
            "请核实与户主关系和出生年月，如无误请说明。"
        ),
    )


@rule(
    "R-08",
    Severity.WARNING,
    roles=AGE_ROLES,
    en="A grandchild less than 24 years younger, or a grandparent less than 24 years older, than the head",
    zh="孙子女比户主小不到24岁，或祖父母比户主大不到24岁",
)
def generations(ctx: Context) -> pd.DataFrame:
    limit = ctx.params.grand_min_gap
    age = ctx.roles.number("age")
    head_age = ctx.head_value(age)
    return combine(
        [
            _gap_hits(
                ctx,
                _members(ctx, "grandchild") & (head_age - age < limit),
                head_age,
                en=(
                    f"this grandchild of the head is {{age}} and the head {{head_age}}, less than "
                    f"{limit} years apart; check the relationship and birth dates, and explain if right."
                ),
                zh=(
                    f"户主的孙子女{{age}}岁，户主{{head_age}}岁，相差不到{limit}岁；"
                    "请核实与户主关系和出生年月，如无误请说明。"
                ),
            ),
            _gap_hits(
                ctx,
                _members(ctx, "grandparent") & (age - head_age < limit),
                head_age,
                en=(
                    f"this grandparent of the head is {{age}} and the head {{head_age}}, less than "
                    f"{limit} years apart; check the relationship and birth dates, and explain if right."
                ),
                zh=(
                    f"户主的祖父母{{age}}岁，户主{{head_age}}岁，相差不到{limit}岁；"
                    "请核实与户主关系和出生年月，如无误请说明。"
                ),
            ),
        ]
    )


@rule(
    "R-09",
    Severity.WARNING,
    roles=("relationship",),
    en="More than two parents or more than two parents-in-law",
    zh="父母或岳父母（公婆）多于两人",
)
def too_many_parents(ctx: Context) -> pd.DataFrame:
    kin = ctx.family & (ctx.head_count == 1) & ~ctx.all_died
    parts = []
    item = ctx.roles.item("relationship")
    for name in ("parent", "parent_in_law"):
        code = ctx.roles.code_value("relationship", name)
        if code is None:
            continue
        label_en, label_zh = item.code_label(code, "en"), item.code_label(code, "zh")
        code = ctx.roles.code_text("relationship", name)
        number = ctx.count(ctx.roles.coded("relationship", name))
        parts.append(
            hits(
                ctx.households,
                kin & (number > 2),
                level="household",
                en=(
                    f"{{number}} persons are the head's {label_en} (relationship {code}), more than "
                    "two; check the relationships, and explain if right."
                ),
                zh=f"有{{number}}人为户主的{label_zh}（{code}），多于两人；请核实与户主关系，如无误请说明。",
                values={"number": number},
            )
        )
    return combine(parts)
