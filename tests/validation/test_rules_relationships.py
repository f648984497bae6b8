"""R — relationships within a family household (head 45, spouse 43, children 15 and 9, the
head's mother 75)."""

from __future__ import annotations

import pandas as pd

from tests.validation.household_tables import (
    check,
    citizen_id,
    collective,
    edit,
    family,
    ids,
    rows,
    together,
)

AGE_FIELDS = "relationship;birth_year;birth_month"


def _born(pp: pd.DataFrame, line: int, born: str) -> pd.DataFrame:
    """Line ``line`` born on ``born`` (YYYYMMDD), with a matching ID number."""
    sex = int(pp.loc[pp["line_no"] == line, "sex"].iloc[0])
    return edit(
        pp,
        line,
        birth_year=int(born[:4]),
        birth_month=int(born[4:6]),
        id_number=citizen_id(born, sex, serial=line),
    )


def test_head_under_15_is_r01():
    hh, pp = family()
    young = edit(_born(pp.iloc[[0, 4]], 1, "20110512"), 1, marital_status=None, literate=None)
    young = edit(young, 1, employed=None, education=4)
    young = edit(young, 5, line_no=2, relationship=5)
    found = check(edit(hh, n_present=2), young)
    assert rows(found, "R-01") == [("warning", "001", 1, AGE_FIELDS)]
    assert ids(found) == ["R-01"]


def test_spouse_of_the_same_sex_is_r02():
    hh, pp = family()
    husband = edit(_born(pp, 2, "19820823"), 2, sex=1, id_number=citizen_id("19820823", 1))
    husband = edit(husband, 2, children_born=None, children_surviving=None, birth_last_year=None)
    found = check(hh, husband)
    assert rows(found, "R-02") == [("error", "001", 2, "sex;relationship")]
    assert "the same as the head's" in found["message_en"].iloc[0]


def test_spouse_never_married_is_r03():
    hh, pp = family()
    found = check(hh, edit(pp, 2, marital_status=1))
    assert rows(found, "R-03") == [("error", "001", 2, "marital_status;relationship")]
    assert "spouse" in found["message_en"].iloc[0]


def test_divorced_head_living_with_a_spouse_is_r03():
    hh, pp = family()
    found = check(hh, edit(pp, 1, marital_status=4))
    assert rows(found, "R-03") == [("error", "001", 1, "marital_status;relationship")]


def test_widowed_head_without_a_spouse_is_fine():
    hh, pp = family()
    widower = edit(pp[pp["line_no"] != 2], 1, marital_status=5)
    widower = edit(widower, line_no=pd.Series([1, 2, 3, 4], index=widower.index))
    assert check(edit(hh, n_present=4), widower).empty


def test_spouse_age_gap_of_exactly_20_is_fine_21_is_r04():
    hh, pp = family()
    assert check(hh, _born(pp, 2, "20000823")).empty  # 25 and 45
    found = check(hh, _born(pp, 2, "20010823"))  # 24 and 45
    assert rows(found, "R-04") == [("warning", "001", 2, AGE_FIELDS)]
    assert "21 years apart" in found["message_en"].iloc[0]


def test_child_older_than_the_head_is_r05_not_also_r06():
    hh, pp = family()
    older = edit(_born(pp, 3, "19790312"), 3, employed=1, education=5)
    found = check(hh, older)
    assert rows(found, "R-05") == [("error", "001", 3, AGE_FIELDS)]
    assert "R-06" not in ids(found)


def test_child_exactly_12_years_younger_is_fine_11_is_r06():
    hh, pp = family()
    grown = edit(pp, 3, employed=1, education=5)
    assert check(hh, _born(grown, 3, "19920312")).empty  # 33, the head 45
    found = check(hh, _born(grown, 3, "19910312"))  # 34, the head 45
    assert rows(found, "R-06") == [("warning", "001", 3, AGE_FIELDS)]
    assert "only 11 years apart" in found["message_en"].iloc[0]


def test_parent_exactly_12_years_older_is_fine_11_is_r07():
    hh, pp = family()
    mother = edit(pp, 5, health=None, children_born=2, children_surviving=2)
    assert check(hh, _born(mother, 5, "19680211")).empty  # 57, the head 45
    found = check(hh, _born(mother, 5, "19690211"))  # 56
    assert rows(found, "R-07") == [("warning", "001", 5, AGE_FIELDS)]


def test_grandparent_exactly_24_years_older_is_fine_23_is_r08():
    hh, pp = family()
    grandmother = edit(pp, 5, relationship=5)
    assert check(hh, _born(grandmother, 5, "19560211")).empty  # 69, the head 45
    found = check(hh, _born(grandmother, 5, "19570211"))  # 68
    assert rows(found, "R-08") == [("warning", "001", 5, AGE_FIELDS)]


def test_grandchild_less_than_24_years_younger_is_r08():
    hh, pp = family()
    found = check(hh, edit(pp, 3, relationship=7))  # 15, the head 45: 30 years
    assert "R-08" not in ids(found)
    found = check(hh, edit(_born(pp, 3, "20010312"), 3, relationship=7, employed=1))  # 24
    assert rows(found, "R-08") == [("warning", "001", 3, AGE_FIELDS)]


def test_three_parents_is_r09():
    hh, pp = family()
    father = edit(_born(pp.iloc[[4]], 5, "19480720"), line_no=6, sex=1)
    father = edit(father, id_number=citizen_id("19480720", 1, serial=6), marital_status=2)
    found = check(edit(hh, n_present=7), together(pp, father, edit(father, line_no=7)))
    assert rows(found, "R-09") == [("warning", "001", None, "relationship")]
    assert "3 persons are the head's parent" in found["message_en"].iloc[0]


def test_collective_household_skips_relationship_rules():
    hh, pp = collective()
    # a "child" older than the person responsible: R-05 in a family household
    older = citizen_id("19700302", 1, area="410102", serial=3)
    child = edit(pp, 2, relationship=2, birth_year=1970, id_number=older)
    assert check(hh, child).empty
    as_family = edit(hh, hh_type=1, dwelling_type=1, floor_area=60, rooms=3)
    assert "R-05" in ids(check(as_family, child))
