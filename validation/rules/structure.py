"""S — structure: 户不漏人, the household record against its roster of persons.

Households numbered 999 (all members died) and households without person rows are S-07's; the
roster rules below skip them so one problem gives one finding.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from validation.context import HOUSEHOLD_KEY, Context
from validation.findings import combine, hits
from validation.registry import Severity, rule
from validation.rules.common import by_lang, listing, regular_households, text

PERSON_KEY = [*HOUSEHOLD_KEY, "line_no"]


def _regular(ctx: Context) -> np.ndarray:
    """Households with person rows that are not numbered 999."""
    return ~ctx.all_died & (ctx.roster_size > 0)


@rule(
    "S-01",
    Severity.ERROR,
    roles=("relationship",),
    en="A family household does not have exactly one head",
    zh="家庭户户主不是恰好一人",
)
def one_head(ctx: Context) -> pd.DataFrame:
    heads = ctx.head_count
    mask = ctx.family & regular_households(ctx)
    head = ctx.roles.code_text("relationship", "head")
    return combine(
        [
            hits(
                ctx.households,
                mask & (heads == 0),
                level="household",
                en=f"this family household has no head (relationship {head}); mark its head with relationship {head}.",
                zh=f"本家庭户没有户主（与户主关系为{head}），请标明户主。",
            ),
            hits(
                ctx.households,
                mask & (heads > 1),
                level="household",
                en=(
                    f"{{heads}} persons are marked as head (relationship {head}); a family "
                    "household has exactly one head — correct the relationships."
                ),
                zh=f"有{{heads}}人的与户主关系为户主（{head}），家庭户只能有一位户主，请更正与户主关系。",
                values={"heads": heads},
            ),
        ]
    )


def _line_ranges(ctx: Context) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per household: lowest and highest line number, repeated lines, rows without a line."""
    lines = ctx.p("line_no")
    where = ctx.household_of_person
    numbered = ctx.has_household & ~np.isnan(lines)
    low = np.full(ctx.n_households, np.inf)
    high = np.full(ctx.n_households, -np.inf)
    np.minimum.at(low, where[numbered], lines[numbered])
    np.maximum.at(high, where[numbered], lines[numbered])
    return (
        low,
        high,
        _repeats(where, lines, numbered, ctx.n_households),
        ctx.count(np.isnan(lines)),
    )


def _repeats(
    where: np.ndarray, lines: np.ndarray, numbered: np.ndarray, households: int
) -> np.ndarray:
    """Per household: person rows whose line number an earlier row of it already has."""
    pairs = np.stack([where[numbered], lines[numbered]])
    if pairs.shape[1] == 0:
        return np.zeros(households, dtype=np.int64)
    order = np.lexsort(pairs[::-1])
    ordered = pairs[:, order]
    again = np.r_[False, (np.diff(ordered, axis=1) == 0).all(axis=0)]
    return np.bincount(ordered[0, again].astype(np.int64), minlength=households)


@rule(
    "S-02",
    Severity.ERROR,
    fields=("line_no",),
    optional=("relationship",),
    en="Line 1 is not the head, or line numbers are not 1..n without gaps or repeats",
    zh="第1人不是户主，或人的序号不是从1起连续不重复",
)
def line_numbers(ctx: Context) -> pd.DataFrame:
    low, high, repeated, unnumbered = _line_ranges(ctx)
    rows = ctx.roster_size
    broken = (
        regular_households(ctx) & (unnumbered == 0) & ((low != 1) | (high != rows) | (repeated > 0))
    )

    def repeats(found: np.ndarray) -> dict[str, object]:
        times = pd.Series(text(repeated[found])).where(pd.Series(repeated[found] > 0))
        return {
            "repeats": by_lang(
                (", " + times + " line number(s) repeated").fillna(""),
                ("，有" + times + "个序号重复").fillna(""),
            )
        }

    numbering = hits(
        ctx.households,
        broken,
        level="household",
        en=(
            "the {rows} person rows are numbered from {low} to {high}{repeats}; number them 1 to "
            "{rows} without gaps or repeats, the head on line 1."
        ),
        zh="{rows}条人的记录序号为{low}至{high}{repeats}；请按1至{rows}连续编号、不重复，户主为第1人。",
        fields="line_no",
        values={"rows": rows, "low": low, "high": high},
        at_rows=repeats,
    )
    if not ctx.roles.declared("relationship"):
        return numbering
    headless_family = ctx.to_persons(ctx.family & (ctx.head_count == 0), fill=False).astype(bool)
    not_head = (ctx.p("line_no") == 1) & ctx.roles.filled("relationship") & ~ctx.is_head
    first_line = hits(
        ctx.people,
        not_head & ~headless_family & ~ctx.to_persons(ctx.all_died, fill=False).astype(bool),
        level="person",
        en=(
            "line 1 is for the head of household, but this person's relationship is "
            "{relationship} ({relationship_label}); put the head on line 1."
        ),
        zh="第1人应为户主，但本人与户主关系为{relationship}（{relationship_label}），请将户主登记为第1人。",
        fields=ctx.roles.joined("relationship", first=("line_no",)),
        values=lambda: {"relationship_label": ctx.roles.labels("relationship")},
    )
    return combine([numbering, first_line])


@rule(
    "S-03",
    Severity.ERROR,
    roles=("relationship",),
    en="More than one spouse",
    zh="配偶多于一人",
)
def one_spouse(ctx: Context) -> pd.DataFrame:
    spouses = ctx.count(ctx.roles.coded("relationship", "spouse"))
    code = ctx.roles.code_text("relationship", "spouse")
    return hits(
        ctx.households,
        regular_households(ctx) & (spouses > 1),
        level="household",
        en=f"{{spouses}} persons are marked as the head's spouse (relationship {code}); there can be only one — correct the relationships.",
        zh=f"有{{spouses}}人的与户主关系为配偶（{code}），配偶只能有一人，请更正与户主关系。",
        values={"spouses": spouses},
    )


@rule(
    "S-04",
    Severity.ERROR,
    either=(("persons_present", "persons_away"), ("household_size",)),
    en="n_present + n_away differs from the number of person rows",
    zh="本户现住人数与外出人数之和与人的记录数不符",
)
def persons_counted(ctx: Context) -> pd.DataFrame:
    if not (ctx.roles.declared("persons_present") and ctx.roles.declared("persons_away")):
        size = ctx.roles.number("household_size")
        return hits(
            ctx.homes,
            regular_households(ctx) & ~np.isnan(size) & (size != ctx.roster_size),
            level="household",
            en=(
                "the household reports {household_size} persons but the roster has {rows}; add "
                "the missing persons or correct the household size."
            ),
            zh="本户填报{household_size}人，但登记了{rows}人；请补登漏登的人或更正户人数。",
            values={"rows": ctx.roster_size},
        )
    present, away = ctx.roles.number("persons_present"), ctx.roles.number("persons_away")
    total = present + away
    mask = regular_households(ctx) & ctx.known(present, away) & (total != ctx.roster_size)
    return hits(
        ctx.homes,
        mask,
        level="household",
        en=(
            "H2 reports {persons_present} present and {persons_away} away ({total} persons) but "
            "the roster has {rows} persons; add the missing persons or correct H2."
        ),
        zh="H2填报现住{persons_present}人、外出{persons_away}人（共{total}人），但登记了{rows}人；请补登漏登的人或更正H2。",
        values={"total": total, "rows": ctx.roster_size},
    )


@rule(
    "S-05",
    Severity.ERROR,
    roles=("persons_present", "residence"),
    en="n_present differs from the number of persons with residence == 1",
    zh="本户现住人数与普查时点居住在本调查小区的人数不符",
)
def present_counted(ctx: Context) -> pd.DataFrame:
    present = ctx.roles.number("persons_present")
    here = ctx.count(ctx.roles.coded("residence", "present"))
    undecided = ctx.count(~ctx.roles.filled("residence")) > 0
    mask = regular_households(ctx) & ~np.isnan(present) & ~undecided & (present != here)
    code = ctx.roles.code_text("residence", "present")
    return hits(
        ctx.homes,
        mask,
        level="household",
        en=(
            "H2a reports {persons_present} persons present but {here} persons of the roster were "
            f"in this EA at the census moment (residence {code}); correct H2a or the residence "
            "of the persons."
        ),
        zh=f"H2a填报现住{{persons_present}}人，但普查时点居住在本调查小区（residence为{code}）的有{{here}}人；请更正H2a或有关人员的普查时点居住地。",
        values={"here": here},
    )


@rule(
    "S-06",
    Severity.ERROR,
    roles=("residence", "hukou_place"),
    en="A person away at the census moment whose hukou is not here",
    zh="普查时点不在本户居住的人户口不在本地",
)
def away_not_registered_here(ctx: Context) -> pd.DataFrame:
    roles = ctx.roles
    away = roles.filled("residence") & ~roles.coded("residence", "present")
    mask = away & roles.filled("hukou_place") & ~roles.coded("hukou_place", "here")
    return hits(
        ctx.people,
        mask,
        level="person",
        en=(
            "this person was away at the census moment (residence {residence}: {residence_label}) "
            "and the hukou is not here (hukou_place {hukou_place}: {hukou_label}); only persons "
            "whose hukou is here are recorded while away — remove the person or correct residence "
            "or hukou_place."
        ),
        zh=(
            "本人普查时点不在本小区居住（{residence}：{residence_label}），户口也不在本地"
            "（{hukou_place}：{hukou_label}）；外出人员只登记户口在本户的人——请删除此人，"
            "或更正普查时点居住地、户口登记地。"
        ),
        values=lambda: {
            "residence_label": roles.labels("residence"),
            "hukou_label": roles.labels("hukou_place"),
        },
    )


@rule(
    "S-07",
    Severity.ERROR,
    fields=("hh_no",),
    optional=("persons_present", "persons_away", "births_male", "births_female"),
    en="A household other than 999 has no person rows; a 999 household has persons or nonzero H2/H3",
    zh="非999户没有人的记录；999户有人的记录或H2、H3不为0",
)
def empty_or_died(ctx: Context) -> pd.DataFrame:
    households = ctx.households
    rows = ctx.roster_size
    empty = hits(
        households,
        ~ctx.all_died & (rows == 0),
        level="household",
        en=(
            "the household has no person rows; enter every person of the household (a household "
            "all of whose members died is numbered 999)."
        ),
        zh="本户没有人的记录，请登记本户每一个人（全户死亡的户编号为999）。",
        fields=ctx.roles.joined("persons_present", "persons_away", first=("hh_no",)),
    )
    counts = [
        name
        for name in ("persons_present", "persons_away", "births_male", "births_female")
        if ctx.roles.declared(name)
    ]
    wrong = rows > 0
    for name in counts:
        wrong = wrong | (ctx.roles.number(name) > 0)
    found = np.flatnonzero(ctx.all_died & wrong)
    if found.size == 0:
        return empty
    # the messages name what is wrong in each such household: built for those rows only
    died_households = households.iloc[found].reset_index(drop=True)
    persons = rows[found]
    parts_en: list[tuple[np.ndarray, pd.Series | str]] = [
        (persons > 0, text(persons) + " person rows")
    ]
    parts_zh: list[tuple[np.ndarray, pd.Series | str]] = [
        (persons > 0, text(persons) + "条人的记录")
    ]
    fields: list[tuple[np.ndarray, pd.Series | str]] = [(persons > 0, "line_no")]
    for name in counts:
        nonzero = ctx.roles.number(name)[found] > 0
        item = ctx.roles.item(name).name
        shown = item + " " + text(ctx.roles.series(name).iloc[found])
        parts_en.append((nonzero, shown))
        parts_zh.append((nonzero, shown))
        fields.append((nonzero, item))
    died = hits(
        died_households,
        np.ones(found.size, dtype=bool),
        level="household",
        en=(
            "household 999 is for a household all of whose members died, but it has {what}; it "
            "must have no persons and 0 in H2 and H3 — remove them, or give the household its "
            "regular number."
        ),
        zh="999户为全户死亡户，但本户有{what}；999户不应有人的记录，H2、H3应为0——请删除，或改用正常户编号。",
        fields=("hh_no;" + listing(fields, ";")).to_numpy(),
        values={"what": by_lang(listing(parts_en, ", "), listing(parts_zh, "，"))},
    )
    return combine([empty, died])
