"""Injectors for coverage problems against the listing (C): 房不漏户."""

from __future__ import annotations

import pandas as pd

from survey.synth import names
from survey.synth.edits import KEY, Editor, NoCandidate
from survey.synth.frame import DEAD_HH_NO, MAX_REGULAR_PER_EA
from survey.synth.injectors.common import (
    household_key,
    regular,
)
from survey.synth.registry import Injected, Registry, at_household
from survey.synth.tables import typed

COVERAGE = Registry()


@COVERAGE("C-01")
def missed_household(ed: Editor) -> Injected:
    """A listed household with no records (one without infants, in an EA that keeps others)."""
    h = ed.household_context()
    regular = h["hh_no"] != DEAD_HH_NO
    per_ea = h[regular].groupby("ea_id").size()
    c = ed.context()
    with_infant = c[c["age"] == 0].set_index(KEY).index
    keyed = h.set_index(KEY).index
    mask = regular & h["ea_id"].map(per_ea).ge(2) & ~keyed.isin(with_infant)
    row = ed.pick(h, mask.to_numpy())
    key = household_key(row)
    ed.s.persons = ed.persons.drop(ed.members(key))
    ed.s.households = ed.households.drop(index=row.name)
    return at_household(row, "hh_no")


@COVERAGE("C-02")
def unlisted_household(ed: Editor) -> Injected:
    """A household found during enumeration: a copy of another (new names and IDs) numbered after
    the largest listed number of its EA."""
    c = ed.context()
    young = c[c["age"] <= 1].set_index(KEY).index
    source = ed.pick(c, regular(c) & (c["line_no"] == 1) & ~c.set_index(KEY).index.isin(young))
    ea = str(source["ea_id"])
    taken = set(ed.s.listing.loc[ed.s.listing["ea_id"] == ea, "hh_no"]) | set(
        ed.households.loc[ed.households["ea_id"] == ea, "hh_no"]
    )
    numbers = [int(n) for n in taken if n != DEAD_HH_NO]
    new_no = max(numbers, default=0) + 1
    if new_no > MAX_REGULAR_PER_EA:
        raise NoCandidate
    new = f"{new_no:03d}"
    hh_row = ed.households.loc[[ed.household_index(household_key(source))]].copy()
    hh_row["hh_no"] = new
    hh_row.index = [int(ed.households.index.max()) + 1]
    ed.s.households = pd.concat([ed.households, hh_row])
    members = ed.persons.loc[ed.members(household_key(source))].copy()
    members["hh_no"] = new
    start = int(ed.persons.index.max()) + 1
    members.index = range(start, start + len(members))
    ed.s.persons = pd.concat([ed.persons, members])
    surname = names.surnames(ed.rng, 1)[0]
    given = names.given_names(ed.rng, members["sex"].to_numpy(dtype=int))
    for label, first in zip(members.index, given, strict=True):
        ed.persons.at[label, "name"] = surname + first
        if not pd.isna(ed.persons.at[label, "id_number"]):
            ed.new_id(label)
    ed.touch((ea, new))
    return Injected(ea, new, None, ("hh_no",))


@COVERAGE("C-03")
def listing_count_differs(ed: Editor) -> Injected:
    """The listing expected three more persons than were enumerated."""
    h = ed.household_context()
    listing = ed.s.listing
    row = ed.pick(h, (h["hh_no"] != DEAD_HH_NO) & (h["size"] + 3 <= 99))
    listed = (listing["ea_id"] == row["ea_id"]) & (listing["hh_no"] == row["hh_no"])
    if not listed.any():
        raise NoCandidate
    expected = int(row["size"]) + ed.q.params.listing_person_tolerance + 1
    listing.loc[listed, "expected_persons"] = expected
    return at_household(row, "expected_persons")


@COVERAGE("C-04")
def empty_ea(ed: Editor) -> Injected:
    """An EA in the frame with no listing and no households."""
    eas = ed.s.eas
    last = str(eas["ea_id"].max())
    new_id = f"{int(last) + 1:015d}"
    name = f"{eas['name'].iloc[-1].split(' ')[0]} 第{new_id[-3:]}调查小区"
    row = typed(
        ed.q.tables["eas"],
        {
            "ea_id": [new_id],
            "name": [name],
            "stratum": [new_id[:4]],
            "psu": [new_id[:12]],
            "prob": [float(eas["prob"].iloc[-1])],
        },
    )
    ed.s.eas = pd.concat([eas, row], ignore_index=True)
    return Injected(new_id, None, None, ("ea_id",))
