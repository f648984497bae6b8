"""A — aggregate signals for supervisors (severity info, attached to no household).

Computed only with ``validate(..., aggregates=True)`` (the batch run), per EA and — when the
household table has an ``enumerator`` column — per enumerator:

- **A-01** sex ratio (males per 100 females) outside 80–125 *(param ``sex_ratio``)*;
- **A-02** infant omission: fewer children aged 0 than half the number aged 1;
- **A-03** age heaping: Whipple's index on ages 23–62 above 125 *(param ``whipple_max``)*;
- **A-04** error and warning rate per enumerator and rule: one signal per enumerator and rule
  that has findings, with the share of the enumerator's households it hits.

A-01 … A-03 count the persons present at the census moment (the ``residence`` role's present
code; every person when the definition has no such role) and need a group
of at least ``sex_ratio_min_persons`` (100) such persons: smaller groups give no signal.
EA-level signals carry the ``ea_id``; enumerator-level ones have a blank ``ea_id`` and name the
enumerator in the message.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from validation.context import HOUSEHOLD_KEY, Context
from validation.findings import combine, empty_findings, hits
from validation.messages import Level
from validation.registry import RULES, Needs, Severity, rule

ENUMERATOR = "enumerator"


def _groupings(ctx: Context) -> Iterator[tuple[Level, str, pd.Series]]:
    """(level, column, label of each person) for every grouping of the signals."""
    yield "ea", "ea_id", ctx.persons["ea_id"]
    if ENUMERATOR in ctx.households.columns:
        labels = ctx.household_column_for_persons(ENUMERATOR).astype("string")
        yield "enumerator", ENUMERATOR, labels


def _tally(ctx: Context, labels: pd.Series, column: str) -> pd.DataFrame:
    """Per group of present persons: counts the A-01 … A-03 signals read (once per run)."""
    return ctx.shared(f"tally:{column}", lambda: _count(ctx, labels, column))


def _count(ctx: Context, labels: pd.Series, column: str) -> pd.DataFrame:
    roles = ctx.roles
    grouped = labels.notna().to_numpy(dtype=bool)
    present = (
        grouped & roles.coded("residence", "present") if roles.declared("residence") else grouped
    )
    codes, groups = pd.factorize(labels[present])
    nothing = np.full(len(ctx.persons), np.nan)
    age = (roles.number("age") if roles.declared("age") else nothing)[present]
    sex = (roles.sex if roles.declared("sex") else nothing)[present]
    span = (age >= 23) & (age <= 62)

    def count(mask: np.ndarray) -> np.ndarray:
        return np.bincount(codes[mask], minlength=len(groups))

    return pd.DataFrame(
        {
            column: pd.Series(groups, dtype="string"),
            "persons": count(np.ones(len(codes), dtype=bool)),
            "males": count(sex == 1),
            "females": count(sex == 2),
            "age0": count(age == 0),
            "age1": count(age == 1),
            "span": count(span),
            "heaped": count(span & (age % 5 == 0)),
        }
    )


@rule(
    "A-01",
    Severity.INFO,
    roles=("sex",),
    optional=("residence",),
    en="Sex ratio outside 80–125 in a group of at least 100 persons",
    zh="性别比不在80–125之间（至少100人）",
    needs=(Needs.AGGREGATES,),
)
def sex_ratio(ctx: Context) -> pd.DataFrame:
    low, high = ctx.params.sex_ratio
    parts = []
    for level, column, labels in _groupings(ctx):
        tally = _tally(ctx, labels, column)
        females = tally["females"].to_numpy()
        ratio = np.divide(
            100.0 * tally["males"].to_numpy(),
            females,
            out=np.full(len(tally), np.nan),
            where=females > 0,
        )
        big = tally["persons"].to_numpy() >= ctx.params.sex_ratio_min_persons
        parts.append(
            hits(
                tally,
                big & ((ratio < low) | (ratio > high)),
                level=level,
                en=(
                    f"the sex ratio of the {{persons}} persons present is {{ratio}} males per 100 "
                    f"females, outside {low:g}–{high:g}; look for missed men or women."
                ),
                zh=(
                    f"现住{{persons}}人的性别比为{{ratio}}（女性=100），不在{low:g}–{high:g}之间；"
                    "请检查有无漏登男性或女性。"
                ),
                values={"ratio": ratio},
            )
        )
    return combine(parts)


@rule(
    "A-02",
    Severity.INFO,
    roles=("age",),
    optional=("residence",),
    en="Fewer children aged 0 than half those aged 1 (infant omission)",
    zh="0岁人数少于1岁人数的一半（婴儿漏报）",
    needs=(Needs.AGGREGATES,),
)
def infants(ctx: Context) -> pd.DataFrame:
    parts = []
    for level, column, labels in _groupings(ctx):
        tally = _tally(ctx, labels, column)
        age0, age1 = tally["age0"].to_numpy(), tally["age1"].to_numpy()
        big = tally["persons"].to_numpy() >= ctx.params.sex_ratio_min_persons
        parts.append(
            hits(
                tally,
                big & (age1 > 0) & (age0 < age1 / 2),
                level=level,
                en=(
                    "{age0} children aged 0 against {age1} aged 1 among {persons} persons "
                    "present: infants may have been missed; check households with young children."
                ),
                zh="现住{persons}人中0岁{age0}人、1岁{age1}人，0岁人数不到1岁的一半，可能漏报婴儿；请复查有幼儿的户。",
            )
        )
    return combine(parts)


@rule(
    "A-03",
    Severity.INFO,
    roles=("age",),
    optional=("residence",),
    en="Age heaping: Whipple's index on ages 23–62 above 125",
    zh="年龄堆积：23–62岁的惠普尔指数高于125",
    needs=(Needs.AGGREGATES,),
)
def age_heaping(ctx: Context) -> pd.DataFrame:
    limit = ctx.params.whipple_max
    parts = []
    for level, column, labels in _groupings(ctx):
        tally = _tally(ctx, labels, column)
        span, heaped = tally["span"].to_numpy(), tally["heaped"].to_numpy()
        whipple = np.divide(500.0 * heaped, span, out=np.full(len(tally), np.nan), where=span > 0)
        big = tally["persons"].to_numpy() >= ctx.params.sex_ratio_min_persons
        parts.append(
            hits(
                tally,
                big & (whipple > limit),
                level=level,
                en=(
                    f"Whipple's index of ages 23–62 is {{whipple}} (above {limit:g}): ages ending "
                    "in 0 or 5 are over-reported; ask for birth year and month, not age."
                ),
                zh=(
                    f"23–62岁人口的惠普尔指数为{{whipple}}（高于{limit:g}），尾数为0或5的年龄偏多；"
                    "请询问出生年月而不是年龄。"
                ),
                values={"whipple": whipple},
            )
        )
    return combine(parts)


@rule(
    "A-04",
    Severity.INFO,
    en="Error and warning rate per enumerator, per rule",
    zh="各调查员各规则的错误和警告比例",
    needs=(Needs.AGGREGATES, Needs.FINDINGS),
)
def enumerator_rates(ctx: Context) -> pd.DataFrame:
    findings = ctx.findings
    if findings is None or ENUMERATOR not in ctx.households.columns or findings.empty:
        return empty_findings()
    households = ctx.households[[*HOUSEHOLD_KEY, ENUMERATOR]].astype({ENUMERATOR: "string"})
    flagged = findings[findings["severity"].isin([Severity.ERROR, Severity.WARNING])]
    flagged = flagged[[*HOUSEHOLD_KEY, "rule_id", "severity"]].drop_duplicates()
    flagged = flagged.merge(households, on=HOUSEHOLD_KEY, how="inner")
    flagged = flagged[flagged[ENUMERATOR].notna()]
    if flagged.empty:
        return empty_findings()
    rates = flagged.groupby([ENUMERATOR, "rule_id", "severity"], as_index=False).size()
    workload = households.groupby(ENUMERATOR).size().rename("households")
    rates = rates.merge(workload, left_on=ENUMERATOR, right_index=True, how="left")
    rate = 100.0 * rates["size"].to_numpy() / rates["households"].to_numpy()
    catalogue = {rule_id: RULES[rule_id] for rule_id in RULES}
    title = {
        lang: rates["rule_id"]
        .map({k: r.title(lang) for k, r in catalogue.items()})
        .astype("string")
        for lang in ("en", "zh")
    }
    fields = rates["rule_id"].map({k: ";".join(r.fields_in(ctx.q)) for k, r in catalogue.items()})
    return hits(
        rates.reset_index(drop=True),
        np.ones(len(rates), dtype=bool),
        level="enumerator",
        en=(
            "{size} of {households} households ({rate}%) have {rule_id} ({severity}: {title}); "
            "review these households with the enumerator."
        ),
        zh="{households}户中有{size}户（{rate}%）出现{rule_id}（{severity}：{title}）；请与调查员一起复查。",
        fields=fields.astype("string").reset_index(drop=True),
        values={"rate": rate, "title": {k: v.reset_index(drop=True) for k, v in title.items()}},
    )
