"""ID — citizen ID numbers (GB 11643-1999)."""

from __future__ import annotations

from tests.validation.household_tables import (
    check,
    citizen_id,
    edit,
    family,
    ids,
    renumbered,
    rows,
    together,
)

HEAD_ID = "370102198005120019"


def test_wrong_check_character_is_id01():
    hh, pp = family()
    found = check(hh, edit(pp, 1, id_number=HEAD_ID[:-1] + "8"))
    assert rows(found, "ID-01") == [("error", "001", 1, "id_number")]
    assert "check character" in found["message_en"].iloc[0]
    assert HEAD_ID[:-1] not in found["message_en"].iloc[0] + found["message_zh"].iloc[0]


def test_not_17_digits_and_a_check_character_is_id01():
    hh, pp = family()
    for wrong in (
        "37010219800512001",
        "3701021980051200199",
        "37010219800512001Y",
        "37010219800512 019",
    ):
        found = check(hh, edit(pp, 1, id_number=wrong))
        assert rows(found, "ID-01") == [("error", "001", 1, "id_number")], wrong
        assert ids(found) == ["ID-01"], wrong


def test_impossible_birth_date_in_the_id_is_id01():
    hh, pp = family()
    found = check(hh, edit(pp, 1, id_number=citizen_id("19800230", 1)))
    assert rows(found, "ID-01") == [("error", "001", 1, "id_number")]
    assert "not a real date" in found["message_en"].iloc[0]


def test_29_february_only_in_leap_years():
    hh, pp = family()
    leap = edit(pp, 1, birth_year=2000, birth_month=2, id_number=citizen_id("20000229", 1))
    assert "ID-01" not in ids(check(hh, leap))
    not_leap = edit(pp, 1, birth_year=1900, birth_month=2, id_number=citizen_id("19000229", 1))
    assert rows(check(hh, not_leap), "ID-01") == [("error", "001", 1, "id_number")]


def test_lower_case_x_is_accepted_as_check_character():
    hh, pp = family()
    spouse_id = "37010219820823004X"
    assert check(hh, edit(pp, 2, id_number=spouse_id)).empty
    assert check(hh, edit(pp, 2, id_number=spouse_id.lower())).empty


def test_birth_month_differing_from_the_id_is_id02():
    hh, pp = family()
    found = check(hh, edit(pp, 1, birth_month=6))
    assert rows(found, "ID-02") == [("error", "001", 1, "id_number;birth_year;birth_month")]
    assert "1980-6" in found["message_en"].iloc[0]


def test_id02_and_id03_wait_for_a_well_formed_number():
    hh, pp = family()
    found = check(hh, edit(pp, 1, birth_month=6, sex=2, id_number=HEAD_ID[:-1] + "8"))
    assert "ID-02" not in ids(found)
    assert "ID-03" not in ids(found)
    assert rows(found, "ID-01") == [("error", "001", 1, "id_number")]


def test_sex_digit_differing_from_sex_is_id03():
    hh, pp = family()
    found = check(hh, edit(pp, 1, id_number=citizen_id("19800512", 2)))
    assert rows(found, "ID-03") == [("error", "001", 1, "id_number;sex")]
    assert "female" in found["message_en"].iloc[0]
    assert "女" in found["message_zh"].iloc[0]


def test_unknown_province_is_id04_warning():
    hh, pp = family()
    found = check(hh, edit(pp, 1, id_number=citizen_id("19800512", 1, area="990102")))
    assert rows(found, "ID-04") == [("warning", "001", 1, "id_number")]
    assert check(hh, edit(pp, 1, id_number=citizen_id("19800512", 1, area="820102"))).empty


def test_same_person_present_in_two_households_is_id05_on_both():
    hh1, pp1 = family()
    hh2, pp2 = renumbered(hh1, pp1, "002")
    pp2 = edit(pp2, 1, id_number=HEAD_ID)
    found = check(together(hh1, hh2), together(pp1, pp2))
    assert rows(found, "ID-05") == [
        ("error", "001", 1, "id_number;residence"),
        ("error", "002", 1, "id_number;residence"),
    ]
    assert "household 002 line 1" in found["message_en"].iloc[0]
    assert "household 001 line 1" in found["message_en"].iloc[1]


def test_person_present_elsewhere_and_away_from_hukou_home_is_a_link_not_id05():
    hh1, pp1 = family()
    hh2, pp2 = renumbered(hh1, pp1, "002")
    # line 1 of household 002 is the same man, recorded at his hukou home while away
    pp2 = edit(pp2, 1, id_number=HEAD_ID, residence=3, time_away=2, reason_away=1)
    hh2 = edit(hh2, n_present=4, n_away=1)
    assert check(together(hh1, hh2), together(pp1, pp2)).empty
