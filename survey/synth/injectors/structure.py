"""Injectors for household structure problems (S): 户不漏人."""

from __future__ import annotations

import numpy as np
import pandas as pd

from survey.synth.edits import Editor, NoCandidate
from survey.synth.frame import DEAD_HH_NO
from survey.synth.injectors.common import (
    family,
    household_key,
    member,
)
from survey.synth.registry import Injected, Registry, at_household, at_person

COPIED_FROM_SPOUSE = [
    "sex", "birth_year", "birth_month", "ethnicity", "education", "literate", "marital_status",
    "employed", "children_born", "children_surviving", "birth_last_year", "health",
]  # fmt: skip


STRUCTURE = Registry()


@STRUCTURE("S-01")
def two_heads(ed: Editor) -> Injected:
    """The spouse also recorded as head (in a household where the spouse could be the head)."""
    c = ed.context()
    row = ed.pick(
        c,
        family(c)
        & (c["relationship"] == 1)
        & (c["spouses"] == 1)
        & (c["parents"] == 0)
        & (c["grandparents"] == 0)
        & (c["grandkids"] == 0),
    )
    ed.persons.at[row.name, "relationship"] = 0
    return at_household(row, "relationship")


@STRUCTURE("S-02")
def line_gap(ed: Editor) -> Injected:
    """The last line number skips one."""
    c = ed.context()
    row = ed.pick(c, (c["size"] >= 2) & (c["line_no"] == c["size"]))
    ed.persons.at[row.name, "line_no"] = int(row["line_no"]) + 1
    return at_household(row, "line_no")


@STRUCTURE("S-03")
def second_spouse(ed: Editor) -> Injected:
    """A member replaced by a second spouse (a copy of the first with a new name and ID)."""
    c = ed.context()
    row = ed.pick(
        c,
        family(c)
        & (c["spouses"] == 1)
        & ~c["relationship"].isin([0, 1])
        & (c["residence"] == 1)
        & c["id_number"].notna()
        & (c["age"] >= 2)
        & ~c["birth_last_year"].isin([2, 3]),
    )
    key = household_key(row)
    spouse = member(ed, key, 1)
    for name in COPIED_FROM_SPOUSE:
        ed.persons.at[row.name, name] = ed.persons.at[spouse, name]
    ed.persons.at[row.name, "relationship"] = 1
    if not pd.isna(ed.persons.at[row.name, "birth_last_year"]):
        ed.persons.at[row.name, "birth_last_year"] = 1
    ed.rename(row.name)
    ed.new_id(row.name)
    ed.settle(row.name)
    return at_household(row, "relationship")


@STRUCTURE("S-04")
def wrong_total(ed: Editor) -> Injected:
    """One more person away than the roster has."""
    h = ed.household_context()
    row = ed.pick(h, (h["hh_no"] != DEAD_HH_NO) & (h["n_away"] < 99))
    ed.households.at[row.name, "n_away"] = int(row["n_away"]) + 1
    return at_household(row, "n_present", "n_away")


@STRUCTURE("S-05")
def present_count_differs(ed: Editor) -> Injected:
    """A member moved to another EA of the village (residence 2) without updating H2."""
    c = ed.context()
    row = ed.pick(
        c,
        (c["line_no"] != c["head_line"])
        & (c["residence"] == 1)
        & (c["hukou_place"] == 1)
        & (c["time_away"] == 1),
    )
    ed.persons.at[row.name, "residence"] = 2
    return at_household(row, "n_present", "residence")


@STRUCTURE("S-06")
def away_without_hukou(ed: Editor) -> Injected:
    """Someone away at the census moment whose hukou is not here."""
    c = ed.context()
    try:
        row = ed.pick(c, (c["residence"] != 1) & (c["hukou_place"] == 1) & (c["time_away"] >= 2))
        ed.persons.at[row.name, "hukou_place"] = 4
        return at_person(row, "residence", "hukou_place")
    except NoCandidate:
        pass
    high = ed.lim.area_per_person[1]
    roomy = c["floor_area"].isna() | (c["floor_area"] <= high * (c["n_present"] - 1) - 1)
    row = ed.pick(
        c,
        (c["line_no"] != c["head_line"])
        & (c["residence"] == 1)
        & c["hukou_place"].isin([2, 3, 4])
        & (c["n_present"] >= 2)
        & roomy,
    )
    ed.persons.at[row.name, "residence"] = 5
    h = ed.household_index(household_key(row))
    ed.households.at[h, "n_present"] = int(row["n_present"]) - 1
    ed.households.at[h, "n_away"] = int(row["n_away"]) + 1
    return at_person(row, "residence", "hukou_place")


@STRUCTURE("S-07")
def dead_household_with_birth(ed: Editor) -> Injected:
    """A ``999`` household reporting a birth; without one, a one-person household emptied."""
    h = ed.household_context()
    try:
        row = ed.pick(h, h["hh_no"] == DEAD_HH_NO)
        ed.households.at[row.name, "births_f"] = 1
        return at_household(row, "births_m", "births_f")
    except NoCandidate:
        pass
    row = ed.pick(h, (h["hh_no"] != DEAD_HH_NO) & (h["size"] == 1) & (h["hh_type"] == 1))
    ed.s.persons = ed.persons.drop(ed.members(household_key(row)))
    for name in ("n_present", "n_away", "births_m", "births_f"):
        ed.households.at[row.name, name] = 0
    return at_household(row, "n_present", "n_away")


@STRUCTURE("S-08")
def duplicate_household(ed: Editor) -> Injected:
    """The same household record submitted twice."""
    h = ed.household_context()
    row = ed.pick(h, h["hh_no"] != DEAD_HH_NO)
    copy = ed.households.loc[[row.name]]
    copy.index = [int(ed.households.index.max()) + 1]
    ed.s.households = pd.concat([ed.households, copy])
    return at_household(row, "ea_id", "hh_no")


@STRUCTURE("S-09")
def too_many_persons(ed: Editor) -> Injected:
    """Residents added until the household is one over the size limit (listing updated too, so
    only the size rule fires): a collective household, else a roomy family household."""
    c = ed.context()
    limit = ed.lim.max_size + 1
    adult = (c["age"] >= 16) & (c["residence"] == 1) & ~c["heaped"]
    try:
        row = ed.pick(c, (c["hh_type"] == 2) & adult & (c["relationship"] == 9))
    except NoCandidate:
        low = ed.lim.area_per_person[0]
        room = c["floor_area"].isna() | (c["floor_area"] >= low * (c["n_present"] + limit) + 1)
        row = ed.pick(c, family(c) & adult & room & ~c["relationship"].isin([0, 1]))
    key = household_key(row)
    for _ in range(limit - len(ed.members(key))):
        ed.add_person(key, row.name, relationship=9)
    return at_household(row, "n_present", "n_away")


@STRUCTURE("S-10")
def child_alone(ed: Editor) -> Injected:
    """A one-person family household whose only member is 14 (the head is then under 15, so
    R-01 fires as well)."""
    c = ed.context()
    row = ed.pick(c, family(c) & (c["size"] == 1) & (c["relationship"] == 0))
    ed.set_age(row.name, 14)
    return at_household(row, "birth_year")


@STRUCTURE("S-11")
def crowded(ed: Editor) -> Injected:
    """Floor area below the minimum per person present."""
    h = ed.household_context()
    row = ed.pick(h, (h["dwelling_type"] == 1) & h["floor_area"].notna() & (h["n_present"] >= 1))
    low = ed.lim.area_per_person[0]
    ed.households.at[row.name, "floor_area"] = max(1, int(np.ceil(low * row["n_present"])) - 1)
    return at_household(row, "floor_area", "n_present")
