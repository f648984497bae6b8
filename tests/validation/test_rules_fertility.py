"""F — fertility, and births of the reference year (2024-11 … 2025-10) against H3."""

from __future__ import annotations

import pandas as pd

from tests.validation.household_tables import check, citizen_id, edit, family, ids, rows


def _with_baby(born: str, sex: int = 2) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The family with a sixth member, the head's child born ``born`` (YYYYMMDD)."""
    hh, pp = family()
    baby = edit(
        pp.iloc[[3]],
        line_no=6,
        name="张小宝",
        sex=sex,
        birth_year=int(born[:4]),
        birth_month=int(born[4:6]),
        id_number=citizen_id(born, sex, serial=6),
        education=None,
    )
    return edit(hh, n_present=6), pd.concat([pp, baby], ignore_index=True)


def test_more_children_surviving_than_born_is_f01():
    hh, pp = family()
    found = check(hh, edit(pp, 2, children_surviving=3))
    assert rows(found, "F-01") == [("error", "001", 2, "children_born;children_surviving")]


def test_birth_last_year_without_children_born_is_f02():
    hh, pp = family()
    found = check(
        edit(hh, births_m=1), edit(pp, 2, birth_last_year=2, children_born=0, children_surviving=0)
    )
    assert rows(found, "F-02") == [("error", "001", 2, "birth_last_year;children_born")]


def test_two_births_last_year_but_one_child_ever_is_f02():
    hh, pp = family()
    found = check(
        edit(hh, births_f=2), edit(pp, 2, birth_last_year=3, children_born=1, children_surviving=1)
    )
    assert rows(found, "F-02") == [("error", "001", 2, "birth_last_year;children_born")]
    fine = edit(pp, 2, birth_last_year=3, children_born=4, children_surviving=4)
    assert "F-02" not in ids(check(edit(hh, births_f=2), fine))


def test_very_many_children_is_f03_warning():
    hh, pp = family()
    found = check(hh, edit(pp, 2, children_born=16, children_surviving=10))
    assert rows(found, "F-03") == [("warning", "001", 2, "children_born;birth_year;birth_month")]


def test_more_children_than_years_past_12_is_f03():
    hh, pp = family()
    young = edit(pp, 2, birth_year=2005, birth_month=5, id_number=citizen_id("20050523", 2))
    assert "F-03" not in ids(check(hh, edit(young, 2, children_born=8, children_surviving=8)))
    found = check(hh, edit(young, 2, children_born=9, children_surviving=9))  # 20 years old
    assert rows(found, "F-03") == [("warning", "001", 2, "children_born;birth_year;birth_month")]


def test_baby_of_the_reference_year_missing_from_h3_is_f04():
    hh, pp = _with_baby("20250301")
    found = check(hh, pp)
    assert rows(found, "F-04") == [("warning", "001", None, "births_f;birth_year;birth_month")]
    assert "1 girl(s) born 2024-11 … 2025-10" in found["message_en"].iloc[0]
    assert check(edit(hh, births_f=1), pp).empty


def test_reference_year_starts_in_november():
    hh, pp = _with_baby("20241101", sex=1)
    assert rows(check(hh, pp), "F-04") == [
        ("warning", "001", None, "births_m;birth_year;birth_month")
    ]
    hh, pp = _with_baby("20241001", sex=1)  # a year old: born before the reference year
    assert check(hh, pp).empty


def test_women_reporting_more_births_than_h3_is_f05():
    hh, pp = family()
    found = check(hh, edit(pp, 2, birth_last_year=2, children_born=3, children_surviving=3))
    assert rows(found, "F-05") == [("warning", "001", None, "births_m;births_f;birth_last_year")]
    assert check(
        edit(hh, births_m=1), edit(pp, 2, birth_last_year=2, children_born=3, children_surviving=3)
    ).empty
