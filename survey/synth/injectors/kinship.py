"""Injectors for relationships within a family household (R) and its births (F-04, F-05)."""

from __future__ import annotations

from survey.synth.edits import KEY, Editor, NoCandidate
from survey.synth.injectors.common import (
    child,
    family,
    household_key,
    spouse_rows,
)
from survey.synth.registry import Injected, Registry, at_household, at_person

KINSHIP = Registry()


@KINSHIP("R-01")
def head_too_young(ed: Editor) -> Injected:
    """A head of 14 living with parents or siblings (so the household still has an adult)."""
    c = ed.context()
    households = c[
        family(c)
        & (c["relationship"].isin([3, 4, 5, 8]))
        & (c["age"] >= 15)
        & (c["spouses"] == 0)
        & (c["kids"] == 0)
        & (c["grandkids"] == 0)
    ]
    heads = c[
        (c["relationship"] == 0) & c.set_index(KEY).index.isin(households.set_index(KEY).index)
    ]
    row = ed.pick(heads)
    ed.set_age(row.name, 14)
    return at_person(row, "birth_year", "relationship")


@KINSHIP("R-02")
def same_sex_spouse(ed: Editor) -> Injected:
    c = ed.context()
    row = ed.pick(c, spouse_rows(c))
    ed.set_sex(row.name, int(row["head_sex"]))
    return at_person(row, "sex", "relationship")


@KINSHIP("R-03")
def spouse_not_married(ed: Editor) -> Injected:
    c = ed.context()
    row = ed.pick(c, spouse_rows(c))
    ed.persons.at[row.name, "marital_status"] = 1
    return at_person(row, "marital_status", "relationship")


@KINSHIP("R-04")
def spouse_age_gap(ed: Editor) -> Injected:
    c = ed.context()
    row = ed.pick(c, spouse_rows(c))
    head, gap, lim = int(row["head_age"]), ed.params_gap("spouse_age_gap"), ed.lim
    older = [a for a in range(head + gap + 1, head + gap + 6) if a <= lim.max_age]
    younger = [a for a in range(head - gap - 5, head - gap) if a >= lim.marry_age]
    ed.set_age(row.name, ed.choose_age(older or younger))
    return at_person(row, "birth_year", "relationship")


@KINSHIP("R-05")
def child_older_than_head(ed: Editor) -> Injected:
    c = ed.context()
    row = child(ed, c, c["head_age"] + 3 <= ed.lim.max_age)
    head = int(row["head_age"])
    ed.set_age(row.name, ed.choose_age(range(head + 1, head + 4)))
    return at_person(row, "birth_year", "relationship")


@KINSHIP("R-06")
def child_close_to_head(ed: Editor) -> Injected:
    c = ed.context()
    gap = ed.params_gap("child_min_gap")
    row = child(ed, c, c["head_age"] - (gap - 1) >= 2)
    head = int(row["head_age"])
    ed.set_age(row.name, ed.choose_age(range(head - gap + 1, head - max(1, gap // 2) + 1)))
    return at_person(row, "birth_year", "relationship")


@KINSHIP("R-07")
def parent_close_to_head(ed: Editor) -> Injected:
    """A parent less than 12 years older than the head; without parents, one is added."""
    c = ed.context()
    gap = ed.params_gap("parent_min_gap")
    fits = c["head_age"] + gap - 1 <= ed.lim.max_age
    try:
        row = ed.pick(c, family(c) & (c["relationship"] == 3) & fits)
    except NoCandidate:
        head = ed.pick(
            c, family(c) & (c["relationship"] == 0) & fits & (c["size"] < ed.lim.max_size)
        )
        label = ed.add_person(household_key(head), head.name, relationship=3)
        row = ed.context(fresh=True).loc[label]
    target = ed.choose_age(range(int(row["head_age"]) + 3, int(row["head_age"]) + gap))
    ed.set_age(row.name, target)
    return at_person(row, "birth_year", "relationship")


@KINSHIP("R-08")
def grandchild_close_to_head(ed: Editor) -> Injected:
    """A grandchild less than 24 years younger than the head, or a grandparent less than 24 years
    older; without either, a child recorded as a grandchild at that age."""
    c = ed.context()
    gap = ed.params_gap("grand_min_gap")
    head = c["head_age"]
    try:
        row = ed.pick(
            c,
            family(c)
            & (
                ((c["relationship"] == 7) & (c["age"] >= 2) & (head - gap + 1 >= 2))
                | ((c["relationship"] == 5) & (head + gap - 1 <= ed.lim.max_age))
            ),
        )
    except NoCandidate:
        row = child(ed, c, head - gap + 1 >= 2)
        ed.persons.at[row.name, "relationship"] = 7
    h = int(row["head_age"])
    if row["relationship"] == 5:
        ages = range(h + gap // 2 + 1, h + gap)
    else:
        ages = range(max(2, h - gap + 1), h - gap // 2)
    ed.set_age(row.name, ed.choose_age(ages))
    return at_person(row, "birth_year", "relationship")


@KINSHIP("R-09")
def three_parents(ed: Editor) -> Injected:
    """Parents added until the head has three."""
    c = ed.context()
    heads = c[family(c) & (c["relationship"] == 0)]
    room = heads["size"] + 3 - heads["parents"] <= ed.lim.max_size
    fits = heads["head_age"] + ed.lim.parent_gap + 2 <= ed.lim.max_age
    try:
        head = ed.pick(heads, room & fits & heads["parents"].between(1, 2))
    except NoCandidate:
        head = ed.pick(heads, room & fits & (heads["head_age"] <= 60))
    key = household_key(head)
    p = ed.persons
    existing = list(
        p.index[(p["ea_id"] == key[0]) & (p["hh_no"] == key[1]) & (p["relationship"] == 3)]
    )
    added = None
    for k in range(3 - len(existing)):
        template = existing[0] if existing else head.name
        added = ed.add_person(key, template, relationship=3, sex=1 + (k + len(existing)) % 2)
        ed.set_age(
            added,
            ed.choose_age(
                range(
                    int(head["age"]) + ed.lim.parent_gap, int(head["age"]) + ed.lim.parent_gap + 3
                )
            ),
        )
    assert added is not None
    return Injected(key[0], key[1], None, ("relationship",))


@KINSHIP("F-04")
def infant_not_counted(ed: Editor) -> Injected:
    """An infant in the roster missing from H3 (the mother's L5 lowered with it); without
    infants, a small child recorded as born in the reference year."""
    c = ed.context()
    try:
        row = ed.pick(c, c["age"] == 0)
    except NoCandidate:
        row = ed.pick(
            c,
            c["relationship"].isin([2, 7])
            & c["age"].between(1, 5)
            & (c["time_away"].isna() | (c["time_away"] == 1)),
        )
        ed.set_age(row.name, 0)
        return at_household(row, "births_m", "births_f", "birth_year")
    key = household_key(row)
    h = ed.household_index(key)
    column = "births_m" if row["sex"] == 1 else "births_f"
    ed.households.at[h, column] = int(ed.households.at[h, column]) - 1
    births = int(ed.households.at[h, "births_m"]) + int(ed.households.at[h, "births_f"])
    if int(row["reported"]) > births:
        p = ed.persons
        mothers = p.index[
            (p["ea_id"] == key[0]) & (p["hh_no"] == key[1]) & (p["birth_last_year"] >= 2)
        ]
        mother = mothers[0]
        p.at[mother, "birth_last_year"] = int(p.at[mother, "birth_last_year"]) - 1
    return at_household(row, "births_m", "births_f")


@KINSHIP("F-05")
def birth_not_in_household(ed: Editor) -> Injected:
    """A woman reporting a birth in the reference year that H3 does not count."""
    c = ed.context()
    births = c["births_m"] + c["births_f"]
    woman = (c["birth_last_year"] == 1) & (c["reported"] == births)
    try:
        row = ed.pick(c, woman & (c["children_born"] >= 1))
    except NoCandidate:
        row = ed.pick(c, woman & (c["children_born"] == 0))
        ed.persons.at[row.name, "children_born"] = 1
        ed.persons.at[row.name, "children_surviving"] = 1
    ed.persons.at[row.name, "birth_last_year"] = 2
    return at_household(row, "births_m", "births_f", "birth_last_year")
