"""S — the household record against its roster (户不漏人)."""

from __future__ import annotations

import pandas as pd

import schemas
from tests.validation.household_tables import (
    Q,
    all_died,
    check,
    citizen_id,
    collective,
    edit,
    family,
    households,
    ids,
    renumbered,
    rows,
    together,
)


def test_family_without_a_head_is_s01_once():
    hh, pp = family()
    found = check(hh, edit(pp, 1, relationship=8))
    assert rows(found, "S-01") == [("error", "001", None, "relationship")]
    assert ids(found) == ["S-01"]  # not also S-02 for line 1, nor R rules


def test_family_with_two_heads_is_s01():
    hh, pp = family()
    found = check(hh, edit(pp, 5, relationship=0))
    assert rows(found, "S-01") == [("error", "001", None, "relationship")]
    assert "2 persons" in found["message_en"].iloc[0]


def test_collective_household_needs_no_family_head():
    hh, pp = collective()
    assert check(hh, edit(pp, 3, relationship=0)).empty


def test_line_numbers_with_a_gap_are_s02():
    hh, pp = family()
    found = check(hh, edit(pp, 5, line_no=6))
    assert rows(found, "S-02") == [("error", "001", None, "line_no")]
    assert "from 1 to 6" in found["message_en"].iloc[0]


def test_repeated_line_number_is_s02():
    hh, pp = family()
    found = check(hh, edit(pp, 5, line_no=4))
    assert rows(found, "S-02") == [("error", "001", None, "line_no")]
    assert "1 line number(s) repeated" in found["message_en"].iloc[0]


def test_head_not_on_line_1_is_s02_on_line_1():
    hh, pp = family()
    swapped = edit(edit(pp, 1, relationship=1), 2, relationship=0)
    swapped = edit(
        edit(swapped, 1, sex=2, id_number=citizen_id("19800512", 2)),
        2,
        sex=1,
        id_number=citizen_id("19820823", 1),
        children_born=None,
        children_surviving=None,
        birth_last_year=None,
    )
    found = check(hh, swapped)
    assert rows(found, "S-02") == [("error", "001", 1, "line_no;relationship")]


def test_two_spouses_is_s03():
    hh, pp = family()
    found = check(hh, edit(pp, 5, relationship=1))
    assert rows(found, "S-03") == [("error", "001", None, "relationship")]


def test_h2_not_matching_the_roster_is_s04():
    hh, pp = family()
    found = check(edit(hh, n_away=1), pp)
    assert rows(found, "S-04") == [("error", "001", None, "n_present;n_away")]
    assert ids(found) == ["S-04"]
    assert "6 persons" in found["message_en"].iloc[0]
    assert "5 persons" in found["message_en"].iloc[0]


def test_present_count_not_matching_residence_is_s05():
    hh, pp = family()
    away_at_school = edit(pp, 3, residence=2)  # another EA of this village: hukou here
    found = check(hh, away_at_school)
    assert rows(found, "S-05") == [("error", "001", None, "n_present;residence")]
    assert ids(found) == ["S-05"]


def test_person_away_whose_hukou_is_here_is_fine():
    hh, pp = family()
    working_in_town = edit(pp, 3, residence=4, time_away=3, reason_away=2)
    assert check(edit(hh, n_present=4, n_away=1), working_in_town).empty


def test_person_away_whose_hukou_is_elsewhere_is_s06():
    hh, pp = family()
    lodger = edit(pp, 5, residence=3, hukou_place=2, time_away=4, reason_away=1)
    found = check(edit(hh, n_present=4, n_away=1), lodger)
    assert rows(found, "S-06") == [("error", "001", 5, "residence;hukou_place")]
    assert ids(found) == ["S-06"]


def test_household_without_persons_is_s07():
    hh, _ = family()
    found = check(hh, schemas.empty_table(Q.persons))
    assert rows(found, "S-07") == [("error", "001", None, "hh_no;n_present;n_away")]
    assert ids(found) == ["S-07"]


def test_household_999_without_persons_is_fine():
    assert check(*all_died()).empty


def test_household_999_with_persons_or_counts_is_s07():
    hh, _ = all_died()
    _, pp = family()
    found = check(edit(hh, n_present=1, births_f=1), edit(pp.iloc[[0]], hh_no="999"))
    assert rows(found, "S-07") == [("error", "999", None, "hh_no;line_no;n_present;births_f")]
    message = found[found["rule_id"] == "S-07"]["message_en"].iloc[0]
    assert (
        "1 person rows, persons who spent the night before the census moment here 1, "
        "live births in the reference year (female) 1"
    ) in message  # the questions by their labels


def test_household_listed_twice_is_s08():
    hh, pp = family()
    found = check(together(hh, hh), pp)
    assert rows(found, "S-08") == [("error", "001", None, "ea_id;hh_no")]
    assert "2 times" in found["message_en"].iloc[0]


def test_persons_without_a_household_are_s08():
    hh, pp = family()
    _, other = renumbered(hh, pp.iloc[:2], "007")
    found = check(hh, together(pp, other))
    assert rows(found, "S-08") == [("error", "007", None, "ea_id;hh_no")]
    assert ids(found) == ["S-08"]
    assert "2 person row(s)" in found["message_en"].iloc[0]


def test_more_than_ten_persons_is_s09_warning():
    hh, pp = collective()
    extra = [
        edit(
            pp.iloc[[2]],
            line_no=line,
            id_number=citizen_id("20010111", 1, area="410102", serial=10 + line),
        )
        for line in range(4, 12)
    ]
    found = check(edit(hh, n_present=11), together(pp, *extra))
    assert rows(found, "S-09") == [("warning", "002", None, "n_present;n_away")]
    ten = together(pp, *extra[:7])
    assert check(edit(hh, n_present=10), ten).empty


def test_family_of_children_only_is_s10_warning():
    children = households(
        """
| ea_id           | hh_no | hh_type | n_present | n_away | births_m | births_f | deaths_m | deaths_f | dwelling_type | floor_area | rooms |
| 370112001001001 | 005   | 1       | 1         | 0      | 0        | 0        | 1        | 0        | 1             | 40         | 2     |
"""
    )
    _, pp = family()
    alone = edit(
        pp.iloc[[2]],
        hh_no="005",
        line_no=1,
        relationship=0,
        birth_year=2011,
        id_number=citizen_id("20110315", 1),
        literate=None,
        marital_status=None,
    )
    found = check(children, alone)
    assert rows(found, "S-10") == [("warning", "005", None, "birth_year;birth_month")]
    assert ids(found) == ["R-01", "S-10"]


def test_floor_area_per_person_outside_3_to_200_is_s11():
    hh, pp = family()
    assert rows(check(edit(hh, floor_area=14), pp), "S-11") == [
        ("warning", "001", None, "floor_area;n_present")
    ]
    assert check(edit(hh, floor_area=15), pp).empty  # exactly 3 m² per person
    assert check(edit(hh, floor_area=1000), pp).empty  # exactly 200 m² per person
    found = check(edit(hh, floor_area=1005), pp)
    assert rows(found, "S-11") == [("warning", "001", None, "floor_area;n_present")]
    assert "201 m² per person" in found["message_en"].iloc[0]


def test_every_household_of_a_batch_is_judged_on_its_own_roster():
    hh1, pp1 = family()
    hh2, pp2 = renumbered(hh1, pp1, "002")
    found = check(together(hh1, edit(hh2, n_away=2)), together(pp1, pp2))
    assert rows(found, "S-04") == [("error", "002", None, "n_present;n_away")]
    assert pd.Series(found["hh_no"]).eq("002").all()
