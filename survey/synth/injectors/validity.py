"""Injectors for validity (V) and ID-number (ID) problems of one person."""

from __future__ import annotations

import pandas as pd

from survey.synth.edits import Editor, NoCandidate
from survey.synth.ids import checked
from survey.synth.injectors.common import (
    older_candidates,
    replace_id,
    with_id,
)
from survey.synth.registry import Injected, Registry, at_person

NOT_PROVINCES = [
    "00",
    "10",
    "19",
    "20",
    "24",
    "30",
    "38",
    "40",
    "49",
    "55",
    "60",
    "66",
    "70",
    "90",
    "99",
]


VALIDITY = Registry()


@VALIDITY("V-01")
def blank_applicable(ed: Editor) -> Injected:
    """Ethnicity left blank (no other rule reads it)."""
    c = ed.context()
    row = ed.pick(c, c["ethnicity"].notna())
    ed.persons.at[row.name, "ethnicity"] = pd.NA
    return at_person(row, "ethnicity")


@VALIDITY("V-02")
def fill_outside_universe(ed: Editor) -> Injected:
    """State of health recorded for someone under 60."""
    c = ed.context()
    row = ed.pick(c, (c["age"] < 60) & c["health"].isna())
    ed.persons.at[row.name, "health"] = 1
    return at_person(row, "health")


@VALIDITY("V-03")
def code_outside_list(ed: Editor) -> Injected:
    """Ethnicity ``99``, not a code of GB/T 3304."""
    c = ed.context()
    row = ed.pick(c, c["ethnicity"].notna())
    ed.persons.at[row.name, "ethnicity"] = "99"
    return at_person(row, "ethnicity")


@VALIDITY("V-04")
def born_after_census(ed: Editor) -> Injected:
    """An infant recorded as born in the census month (ID number updated to match). Prefers EAs
    with infants to spare, so the infant-omission signal stays quiet."""
    c = ed.context()
    no_time = c["time_away"].isna() | (c["time_away"] == 1)
    age, ea = ed.ages(), ed.persons["ea_id"].to_numpy(dtype=str)  # current, not cached
    n0 = pd.Series(age == 0).groupby(ea).sum()
    n1 = pd.Series(age == 1).groupby(ea).sum()
    spare = n0.index[2 * (n0 - 1) >= n1 + 1]
    try:
        row = ed.pick(c, (c["age"] == 0) & no_time & c["ea_id"].isin(spare))
    except NoCandidate:
        row = ed.pick(c, c["age"].between(1, 2) & c["relationship"].isin([2, 7]) & no_time)
    ed.set_birth(row.name, ed.lim.ref_year, ed.lim.ref_month)
    return at_person(row, "birth_year", "birth_month")


@VALIDITY("V-05")
def over_hundred(ed: Editor) -> Injected:
    """An elderly person recorded as over 100 (birth year and ID number changed)."""
    c = ed.context()
    row = ed.pick(c, older_candidates(c) & (c["age"] >= 65) & (c["employed"] != 1))
    ed.set_age(row.name, ed.lim.max_age + 1 + int(ed.rng.integers(0, 3)))
    return at_person(row, "birth_year")


@VALIDITY("V-06")
def digits_for_name(ed: Editor) -> Injected:
    """A name that is only digits."""
    c = ed.context()
    try:
        row = ed.pick(c, c["line_no"] >= 2)
    except NoCandidate:
        row = ed.pick(c)
    ed.persons.at[row.name, "name"] = "12345"
    return at_person(row, "name")


@VALIDITY("ID-01")
def wrong_check_character(ed: Editor) -> Injected:
    row = with_id(ed)
    old = str(row["id_number"])
    others = [ch for ch in "0123456789X" if ch != old[17]]
    replace_id(ed, row.name, old[:17] + others[int(ed.rng.integers(len(others)))])
    return at_person(row, "id_number")


@VALIDITY("ID-02")
def birth_month_differs(ed: Editor) -> Injected:
    """Birth month changed, the ID number kept (the age stays the same)."""
    c = ed.context()
    row = ed.pick(c, c["id_number"].notna() & (c["age"] >= 11))
    month = int(row["birth_month"])
    if month >= ed.lim.ref_month:
        choices = [m for m in range(ed.lim.ref_month, 13) if m != month]
    else:
        choices = [m for m in range(1, ed.lim.ref_month) if m != month]
    if not choices:
        raise NoCandidate
    ed.persons.at[row.name, "birth_month"] = choices[int(ed.rng.integers(len(choices)))]
    return at_person(row, "birth_month", "id_number")


@VALIDITY("ID-03")
def parity_differs(ed: Editor) -> Injected:
    """The sequence digit's parity flipped (the check character recomputed)."""
    row = with_id(ed)
    old = str(row["id_number"])
    replace_id(ed, row.name, checked(old[:16] + str(int(old[16]) ^ 1)))
    return at_person(row, "id_number", "sex")


@VALIDITY("ID-04")
def not_a_province(ed: Editor) -> Injected:
    row = with_id(ed)
    old = str(row["id_number"])
    prefix = NOT_PROVINCES[int(ed.rng.integers(len(NOT_PROVINCES)))]
    replace_id(ed, row.name, checked(prefix + old[2:17]))
    return at_person(row, "id_number")


@VALIDITY("ID-05")
def counted_twice(ed: Editor) -> Injected:
    """A person present in one household also recorded, present, in another (as "other")."""
    c = ed.context()
    source = ed.pick(
        c,
        c["id_number"].notna()
        & (c["residence"] == 1)
        & (c["age"] >= 2)
        & ~c["heaped"]
        & (c["birth_last_year"].isna() | (c["birth_last_year"] == 1)),
    )
    low = ed.lim.area_per_person[0]
    roomy = c["floor_area"].isna() | (c["floor_area"] >= low * (c["n_present"] + 1) + 1)
    target = ed.pick(
        c,
        (c["hh_type"] == 1)
        & (c["size"] < ed.lim.max_size)
        & roomy
        & ((c["ea_id"] != source["ea_id"]) | (c["hh_no"] != source["hh_no"])),
    )
    key = (target["ea_id"], target["hh_no"])
    label = ed.add_person(key, source.name, keep_identity=True, relationship=9)
    ed.touch((source["ea_id"], source["hh_no"]))
    return Injected(key[0], key[1], int(ed.persons.at[label, "line_no"]), ("id_number",))
