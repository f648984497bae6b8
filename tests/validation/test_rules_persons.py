"""P — consistency of one person's answers (人不漏项)."""

from __future__ import annotations

from tests.validation.household_tables import check, citizen_id, edit, family, ids, rows


def test_not_away_though_living_at_the_hukou_place_is_required_p01():
    hh, pp = family()
    found = check(hh, edit(pp, 3, time_away=2, reason_away=2))
    assert rows(found, "P-01") == [("error", "001", 3, "time_away;hukou_place;residence")]
    assert "use 1 (not away)" in found["message_en"].iloc[0]


def test_not_away_though_registered_elsewhere_is_p01():
    hh, pp = family()
    found = check(hh, edit(pp, 5, hukou_place=3))
    assert rows(found, "P-01") == [("error", "001", 5, "time_away;hukou_place;residence")]
    assert "another township of this county" in found["message_en"].iloc[0]
    assert ids(found) == ["P-01"]


def test_away_longer_than_alive_is_p02():
    hh, pp = family()  # line 4 was born 2016-09: 110 months old at the census moment
    moved_in = edit(pp, 4, hukou_place=2, time_away=9, reason_away=3)
    found = check(hh, moved_in)
    assert rows(found, "P-02") == [("error", "001", 4, "time_away;birth_year;birth_month")]
    assert "at least 120 months" in found["message_en"].iloc[0]
    assert "110 months" in found["message_en"].iloc[0]
    assert check(hh, edit(moved_in, 4, time_away=8)).empty  # five years or more: 60 months


def test_away_since_birth_month_is_not_p02():
    hh, pp = family()
    baby = edit(pp, 4, birth_year=2025, birth_month=5, id_number=citizen_id("20250501", 2))
    baby = edit(baby, 4, education=None, hukou_place=2, time_away=3, reason_away=3)
    found = check(hh, baby)  # six months old, away "six months to a year": possible
    assert "P-02" not in ids(found)


def test_education_too_high_for_age_is_p03_warning():
    hh, pp = family()
    found = check(hh, edit(edit(pp, 3, education=6), 4, education=4))
    assert rows(found, "P-03") == [
        ("warning", "001", 3, "education;birth_year;birth_month"),
        ("warning", "001", 4, "education;birth_year;birth_month"),
    ]
    assert "rarely reached before 17" in found["message_en"].iloc[0]


def test_education_at_exactly_the_usual_age_is_fine():
    hh, pp = family()  # line 3 is 15: senior secondary is usual from 15
    assert check(hh, edit(pp, 3, education=5)).empty


def test_pre_school_at_15_is_p03():
    hh, pp = family()
    found = check(hh, edit(pp, 3, education=2))
    assert rows(found, "P-03") == [("warning", "001", 3, "education;birth_year;birth_month")]
    assert "pre-school" in found["message_en"].iloc[0]


def test_educated_but_illiterate_is_p04():
    hh, pp = family()
    found = check(hh, edit(pp, 1, literate=2))
    assert rows(found, "P-04") == [("warning", "001", 1, "education;literate")]


def _son(born: str, marital_status: int):
    hh, pp = family()
    year, month = int(born[:4]), int(born[4:6])
    son = edit(pp, 3, birth_year=year, birth_month=month, id_number=citizen_id(born, 1))
    return hh, edit(son, 3, marital_status=marital_status, employed=1, education=5)


def test_married_man_at_exactly_22_is_fine():
    assert check(*_son("20031015", 2)).empty  # born 2003-10: 22 at the census moment


def test_married_man_of_21_is_p05():
    found = check(*_son("20031115", 2))  # born 2003-11: 21 at the census moment
    assert rows(found, "P-05") == [
        ("warning", "001", 3, "marital_status;sex;birth_year;birth_month")
    ]
    assert "legal marriage age of 22 for a male" in found["message_en"].iloc[0]


def test_married_woman_at_20_is_fine_at_19_is_p05():
    hh, pp = family()
    daughter = edit(pp, 4, marital_status=2, employed=2, literate=1, education=5)
    at_20 = edit(daughter, 4, birth_year=2005, birth_month=10, id_number=citizen_id("20051001", 2))
    assert check(hh, edit(at_20, 4, children_born=0, children_surviving=0, birth_last_year=1)).empty
    at_19 = edit(at_20, 4, birth_month=11, id_number=citizen_id("20051101", 2))
    found = check(hh, edit(at_19, 4, children_born=0, children_surviving=0, birth_last_year=1))
    assert rows(found, "P-05") == [
        ("warning", "001", 4, "marital_status;sex;birth_year;birth_month")
    ]


def test_marital_status_below_15_is_v02_not_p05():
    hh, pp = family()
    found = check(hh, edit(pp, 4, marital_status=2))
    assert ids(found) == ["V-02"]


def test_working_at_80_is_p06_at_79_fine():
    hh, pp = family()
    at_80 = edit(pp, 5, birth_year=1945, birth_month=10, id_number=citizen_id("19451001", 2))
    found = check(hh, edit(at_80, 5, employed=1))
    assert rows(found, "P-06") == [("warning", "001", 5, "employed;birth_year;birth_month")]
    at_79 = edit(at_80, 5, birth_month=11, id_number=citizen_id("19451101", 2))
    assert check(hh, edit(at_79, 5, employed=1)).empty


def test_working_though_not_able_to_care_for_self_is_p07():
    hh, pp = family()
    found = check(hh, edit(pp, 5, health=4, employed=1))
    assert rows(found, "P-07") == [("warning", "001", 5, "health;employed")]
