"""Injectors for person consistency (P) and a woman's own fertility items (F-01 … F-03)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from survey.synth.edits import Editor, NoCandidate
from survey.synth.limits import TIME_AWAY_MIN_MONTHS
from survey.synth.registry import Injected, Registry, at_person

PERSON = Registry()


@PERSON("P-01")
def away_at_home(ed: Editor) -> Injected:
    """Someone living at their hukou place recorded as away from it (time away < 6 months)."""
    c = ed.context()
    row = ed.pick(c, (c["hukou_place"] == 1) & (c["residence"] == 1) & (c["time_away"] == 1))
    ed.persons.at[row.name, "time_away"] = 2
    ed.persons.at[row.name, "reason_away"] = 10
    return at_person(row, "time_away", "reason_away")


@PERSON("P-02")
def away_longer_than_alive(ed: Editor) -> Injected:
    """A child not yet ten years old (in months, as P-02 counts) away from the hukou place for
    ten years or more."""
    c = ed.context()
    months = ed.lim.months_alive(c["birth_year"].to_numpy(int), c["birth_month"].to_numpy(int))
    young = months < TIME_AWAY_MIN_MONTHS[9]
    row = ed.pick(c, young & (c["residence"] == 1) & c["time_away"].notna().to_numpy())
    fields = ["time_away"]
    if row["hukou_place"] == 1:
        ed.persons.at[row.name, "hukou_place"] = 4
        fields.append("hukou_place")
    if pd.isna(row["reason_away"]):
        ed.persons.at[row.name, "reason_away"] = 3
    ed.persons.at[row.name, "time_away"] = 9
    return at_person(row, *fields)


@PERSON("P-03")
def schooled_too_young(ed: Editor) -> Injected:
    """Junior secondary school at an age below its threshold (e.g. 9)."""
    c = ed.context()
    young = c["age"].between(6, ed.lim.edu_min_age[4] - 1)
    try:
        row = ed.pick(c, young & (c["education"] == 3))
    except NoCandidate:
        row = ed.pick(c, c["age"].between(3, ed.lim.edu_min_age[4] - 1))
    ed.persons.at[row.name, "education"] = 4
    return at_person(row, "education")


@PERSON("P-04")
def schooled_but_illiterate(ed: Editor) -> Injected:
    c = ed.context()
    row = ed.pick(c, (c["education"] >= 4) & (c["literate"] == 1))
    ed.persons.at[row.name, "literate"] = 2
    return at_person(row, "education", "literate")


@PERSON("P-05")
def married_too_young(ed: Editor) -> Injected:
    """A son or daughter below the legal marriage age recorded as married."""
    c = ed.context()
    legal = np.where(c["sex"] == 1, ed.lim.legal_male, ed.lim.legal_female)
    row = ed.pick(
        c,
        ~c["relationship"].isin([0, 1])
        & (c["marital_status"] == 1)
        & (c["age"] >= 15)
        & (c["age"] < legal),
    )
    ed.persons.at[row.name, "marital_status"] = 2
    return at_person(row, "marital_status")


@PERSON("P-06")
def working_at_eighty(ed: Editor) -> Injected:
    c = ed.context()
    row = ed.pick(c, (c["age"] >= ed.lim.work_max_age) & (c["employed"] == 2) & (c["health"] != 4))
    ed.persons.at[row.name, "employed"] = 1
    return at_person(row, "employed")


@PERSON("P-07")
def working_but_dependent(ed: Editor) -> Injected:
    c = ed.context()
    row = ed.pick(c, c["age"].between(60, ed.lim.work_max_age - 1) & c["health"].notna())
    ed.persons.at[row.name, "health"] = 4
    ed.persons.at[row.name, "employed"] = 1
    return at_person(row, "health", "employed")


@PERSON("F-01")
def more_surviving_than_born(ed: Editor) -> Injected:
    c = ed.context()
    row = ed.pick(c, c["children_born"].notna())
    ed.persons.at[row.name, "children_surviving"] = int(row["children_born"]) + 1
    return at_person(row, "children_surviving")


@PERSON("F-02")
def birth_without_children(ed: Editor) -> Injected:
    """A mother of an infant recorded with no children ever born; if there is none, a childless
    woman recorded as having given birth (with the household's births raised to match)."""
    c = ed.context()
    try:
        row = ed.pick(c, (c["birth_last_year"] == 2) & (c["children_born"] >= 1))
        ed.persons.at[row.name, "children_born"] = 0
        ed.persons.at[row.name, "children_surviving"] = 0
        return at_person(row, "children_born", "children_surviving")
    except NoCandidate:
        pass
    row = ed.pick(c, (c["birth_last_year"] == 1) & (c["children_born"] == 0) & (c["births_f"] < 9))
    ed.persons.at[row.name, "birth_last_year"] = 2
    h = ed.household_index((row["ea_id"], row["hh_no"]))
    ed.households.at[h, "births_f"] = int(ed.households.at[h, "births_f"]) + 1
    return at_person(row, "birth_last_year", "children_born")


@PERSON("F-03")
def too_many_children(ed: Editor) -> Injected:
    c = ed.context()
    row = ed.pick(c, c["children_born"].notna())
    ed.persons.at[row.name, "children_born"] = ed.lim.max_children_born + 1
    return at_person(row, "children_born")
