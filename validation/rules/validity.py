"""V — validity of single fields: 项不漏填, codes and ranges, birth dates, names."""

from __future__ import annotations

import numpy as np
import pandas as pd

from schemas import Item, Table
from validation import text
from validation.adapter import cell_error_findings, schema_findings
from validation.context import Context
from validation.findings import combine, empty_findings, hits
from validation.messages import Level, item_label
from validation.registry import Severity, rule
from validation.rules.common import by_lang


def _tables(ctx: Context) -> list[tuple[Table, Level]]:
    return [(ctx.q.households, "household"), (ctx.q.persons, "person")]


def _universe_values(ctx: Context, table: Table, item: Item) -> dict[str, pd.Series]:
    """Values of the universe's inputs that live in the parent table (households)."""
    if item.universe_expr is None or table.name != "persons":
        return {}
    own = ctx.persons.columns
    return {
        name: ctx.household_column_for_persons(name)
        for name in item.universe_expr.names
        if name not in own
    }


def _answers(ctx: Context, names: frozenset[str]) -> list[str]:
    """The items behind ``names``: a derived variable (age) stands for the items it is computed
    from (birth_year, birth_month), which are what an enumerator can correct."""
    sources = {derived.name: derived.from_ for derived in ctx.q.derived}
    out: list[str] = []
    for name in sorted(names):
        for answer in sources.get(name, (name,)):
            if answer not in out:
                out.append(answer)
    return out


def _inputs(item: Item) -> tuple[str, str]:
    """``age {age}, sex {sex}`` — the universe's inputs as a template fragment (en, zh)."""
    assert item.universe_expr is not None
    names = sorted(item.universe_expr.names)
    fragment = ", ".join(f"{name} {{{name}}}" for name in names)
    return fragment, "，".join(f"{name} {{{name}}}" for name in names)


@rule(
    "V-01",
    Severity.ERROR,
    en="An applicable field is blank",
    zh="适用的项目未填报",
)
def blank_applicable(ctx: Context) -> pd.DataFrame:
    parts = []
    for table, level in _tables(ctx):
        frame = ctx.frame(table.name)
        states = ctx.applicable(table.name)
        for item in table.items:
            if not item.required:
                continue
            mask = ctx.blank(table.name, item.name) & states[item.name].required
            if not mask.any():
                continue
            label_en, label_zh = item_label(item, "en"), item_label(item, "zh")
            if item.universe_expr is None:
                en = f"{label_en} is blank; fill it in."
                zh = f"{label_zh}未填报，请补填。"
            else:
                inputs_en, inputs_zh = _inputs(item)
                rule_text = item.universe_expr.source
                en = f"{label_en} is blank but applies here ({rule_text}: {inputs_en}); fill it in."
                zh = f"{label_zh}未填报，本项适用（{rule_text}：{inputs_zh}），请补填。"
            values = _universe_values(ctx, table, item)
            parts.append(
                hits(frame, mask, level=level, en=en, zh=zh, fields=item.name, values=values)
            )
    return combine(parts)


@rule(
    "V-02",
    Severity.ERROR,
    en="A field outside its universe is filled",
    zh="不适用的项目填报了内容",
)
def filled_outside_universe(ctx: Context) -> pd.DataFrame:
    parts = []
    for table, level in _tables(ctx):
        frame = ctx.frame(table.name)
        states = ctx.applicable(table.name)
        for item in table.items:
            if item.universe_expr is None:
                continue
            mask = ~ctx.blank(table.name, item.name) & states[item.name].excluded
            if not mask.any():
                continue
            label_en, label_zh = item_label(item, "en"), item_label(item, "zh")
            inputs_en, inputs_zh = _inputs(item)
            rule_text = item.universe_expr.source
            names = ", ".join(_answers(ctx, item.universe_expr.names))
            value_en, value_zh = ("", "") if item.identifier else (" ({value})", "（{value}）")
            en = (
                f"{label_en} is filled{value_en} but is asked only when {rule_text}, and here "
                f"{inputs_en}; clear it, or correct {names}."
            )
            zh = (
                f"{label_zh}填报了内容{value_zh}，但本项仅在 {rule_text} 时填报，本人{inputs_zh}；"
                f"请删除该项，或更正 {names}。"
            )
            parts.append(
                hits(
                    frame,
                    mask,
                    level=level,
                    en=en,
                    zh=zh,
                    fields=item.name,
                    values={"value": frame[item.name], **_universe_values(ctx, table, item)},
                )
            )
    return combine(parts)


@rule(
    "V-03",
    Severity.ERROR,
    en="A coded field holds a value outside its code list; a number outside its range",
    zh="代码超出代码表，或数值超出取值范围",
    supersedes=("V-01",),
)
def invalid_values(ctx: Context) -> pd.DataFrame:
    return combine(
        [
            cell_error_findings(ctx),
            schema_findings(ctx, "households"),
            schema_findings(ctx, "persons"),
        ]
    )


def _earliest_birth_year(ctx: Context) -> float:
    item = ctx.q.persons.by_name[str(ctx.roles.role("birth").year)]
    return item.range[0] if item.range is not None else 1900


@rule(
    "V-04",
    Severity.ERROR,
    roles=("birth",),
    en="Birth year-month after the census moment or before 1900",
    zh="出生年月晚于调查时点或早于1900年",
    supersedes=("V-03",),
)
def birth_date(ctx: Context) -> pd.DataFrame:
    year, month = ctx.roles.number("birth_year"), ctx.roles.number("birth_month")
    ref = ctx.q.reference
    earliest = _earliest_birth_year(ctx)
    real_month = (month >= 1) & (month <= 12)
    by_year = (year > ref.year) | (year < earliest)
    by_month = (year == ref.year) & real_month & (month >= ref.month)
    limit_en = f"{ref.year}-{ref.month:02d}"
    common = {"earliest": np.full(len(year), f"{earliest:g}")}
    return combine(
        [
            hits(
                ctx.people,
                by_year,
                level="person",
                en=(
                    "birth year {birth_year} is not possible: it must lie between {earliest} and "
                    f"the census moment ({limit_en}); correct the birth year."
                ),
                zh=(
                    "出生年{birth_year}不可能：应在{earliest}年至调查时点"
                    f"（{ref.year}年{ref.month}月）之间，请更正出生年。"
                ),
                fields=ctx.roles.joined("birth_year"),
                values=common,
            ),
            hits(
                ctx.people,
                by_month,
                level="person",
                en=(
                    "born {birth_year}-{birth_month}, which is at or after the census moment "
                    f"({limit_en}); correct the birth year or month."
                ),
                zh=(
                    "出生年月为{birth_year}年{birth_month}月，不早于调查时点"
                    f"（{ref.year}年{ref.month}月），请更正出生年或出生月。"
                ),
                fields=ctx.roles.joined("birth"),
            ),
        ]
    )


@rule(
    "V-05",
    Severity.WARNING,
    roles=("age",),
    en="Age above 100",
    zh="年龄超过100岁",
)
def very_old(ctx: Context) -> pd.DataFrame:
    limit = ctx.params.age_warning
    roles = ctx.roles
    mask = roles.number("age") > limit
    if "age" not in ctx.q.roles:  # age derived from the birth year and month
        mask &= roles.number("birth_year") >= _earliest_birth_year(ctx)
        return hits(
            ctx.people,
            mask,
            level="person",
            en=(
                f"age {{age}} (born {{birth_year}}-{{birth_month}}) is over {limit}; check the "
                "birth year and month, and explain if they are right."
            ),
            zh=(
                f"年龄{{age}}岁（{{birth_year}}年{{birth_month}}月出生），超过{limit}岁；"
                "请核实出生年月，如无误请说明。"
            ),
        )
    return hits(
        ctx.people,
        mask,
        level="person",
        en=f"age {{age}} is over {limit}; check the age, and explain if it is right.",
        zh=f"年龄{{age}}岁，超过{limit}岁；请核实年龄，如无误请说明。",
    )


@rule(
    "V-06",
    Severity.ERROR,
    roles=("name",),
    en="Name blank after trimming, or only digits and punctuation",
    zh="姓名去掉空格后为空，或只有数字和标点",
)
def not_a_name(ctx: Context) -> pd.DataFrame:
    names = ctx.roles.series("name")
    written = names.notna().to_numpy(dtype=bool)
    if not written.any():
        return empty_findings()
    has_letter = text.contains(names, r"\pL")
    mask = written & ~has_letter

    def what(found: np.ndarray) -> dict[str, object]:
        blank = (names.iloc[found].str.strip() == "").fillna(False).to_numpy(dtype=bool)
        return {
            "what": by_lang(
                np.where(blank, "only spaces", "only digits or punctuation"),
                np.where(blank, "只有空格", "只有数字或标点"),
            )
        }

    return hits(
        ctx.people,
        mask,
        level="person",
        en="the name holds {what}; write the person's name.",
        zh="姓名{what}，请填写本人姓名。",
        at_rows=what,
    )
