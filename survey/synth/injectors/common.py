"""Helpers shared by the injectors: choosing candidates from an editor's context."""

from __future__ import annotations

import pandas as pd

from survey.synth.edits import Editor, NoCandidate
from survey.synth.frame import DEAD_HH_NO


def older_candidates(c: pd.DataFrame) -> pd.Series:
    """Persons who can be made much older without breaking a kinship edit: parents, parents-in-law
    and grandparents, and heads with none of those and no spouse."""
    elder = family(c) & c["relationship"].isin([3, 4, 5])
    lone_head = (
        family(c)
        & (c["relationship"] == 0)
        & (c["spouses"] == 0)
        & (c["parents"] == 0)
        & (c["grandparents"] == 0)
    )
    return elder | lone_head


def with_id(ed: Editor) -> pd.Series:
    """A random untouched person who has an ID number."""
    c = ed.context()
    return ed.pick(c, c["id_number"].notna())


def replace_id(ed: Editor, i: object, new: str) -> str:
    """Give row ``i`` the ID ``new`` (refused if another row has it)."""
    if new in ed.id_numbers:
        raise NoCandidate
    ed.id_numbers.add(new)
    ed.persons.at[i, "id_number"] = new
    return new


def regular(c: pd.DataFrame) -> pd.Series:
    return c["hh_no"] != DEAD_HH_NO


def family(c: pd.DataFrame) -> pd.Series:
    return c["hh_type"] == 1


def household_key(row: pd.Series) -> tuple[str, str]:
    return (str(row["ea_id"]), str(row["hh_no"]))


def member(ed: Editor, key: tuple[str, str], relationship: int) -> object:
    """The first member of household ``key`` with this relationship to the head."""
    p = ed.persons
    found = p.index[
        (p["ea_id"] == key[0]) & (p["hh_no"] == key[1]) & (p["relationship"] == relationship)
    ]
    return found[0]


def spouse_rows(c: pd.DataFrame) -> pd.Series:
    return family(c) & (c["relationship"] == 1) & (c["spouses"] == 1)


def child(ed: Editor, c: pd.DataFrame, extra: pd.Series | None = None) -> pd.Series:
    """A random untouched child (relationship 2) aged 2 or more of a family household."""
    mask = family(c) & (c["relationship"] == 2) & (c["age"] >= 2)
    return ed.pick(c, mask if extra is None else mask & extra)
