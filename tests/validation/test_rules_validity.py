"""V — validity: blanks, universes, codes and ranges, birth dates, names."""

from __future__ import annotations

import pandas as pd
import yaml

import schemas
from tests.validation.household_tables import (
    Q,
    check,
    citizen_id,
    edit,
    family,
    ids,
    rows,
)
from validation import validate


def test_clean_family_has_no_findings():
    hh, pp = family()
    assert check(hh, pp).empty


def test_blank_applicable_field_is_v01():
    hh, pp = family()
    found = check(hh, edit(pp, 3, education=None))
    assert rows(found, "V-01") == [("error", "001", 3, "education")]
    message = found["message_en"].iloc[0]
    assert "education" in message
    assert "line 3" in message
    assert "fill it in" in message
    assert "第3人" in found["message_zh"].iloc[0]


def test_blank_household_item_is_v01_without_line():
    hh, pp = family()
    found = check(edit(hh, floor_area=None), pp)
    assert rows(found, "V-01") == [("error", "001", None, "floor_area")]


def test_blank_key_column_is_v01():
    hh, pp = family()
    found = check(hh, edit(pp, 5, line_no=None))
    assert rows(found, "V-01") == [("error", "001", None, "line_no")]


def test_blank_field_outside_its_universe_is_fine():
    hh, pp = family()  # line 4 is 9: literate, marital status, employment are rightly blank
    assert pp.loc[3, "literate"] is pd.NA
    assert check(hh, pp).empty


def test_unknown_age_gives_one_finding_not_one_per_dependent_item():
    hh, pp = family()
    found = check(hh, edit(pp, 2, birth_year=None))
    assert rows(found, "V-01") == [("error", "001", 2, "birth_year")]
    assert ids(found) == ["V-01"]


def test_not_required_item_never_fires_v01():
    data = yaml.safe_load(schemas.default_definition_text())
    for item in data["tables"]["persons"]["items"]:
        if item["name"] == "ethnicity":
            item["required"] = False
    relaxed = schemas.parse_definition(yaml.safe_dump(data, allow_unicode=True))
    hh, pp = family()
    assert validate(relaxed, hh, edit(pp, 1, ethnicity=None)).empty
    assert rows(check(hh, edit(pp, 1, ethnicity=None)), "V-01") == [
        ("error", "001", 1, "ethnicity")
    ]


def test_filled_outside_universe_is_v02_with_the_values():
    hh, pp = family()
    found = check(hh, edit(pp, 4, literate=1))
    assert rows(found, "V-02") == [("error", "001", 4, "literate")]
    message = found["message_en"].iloc[0]
    assert "age 9" in message
    assert "year of birth, month of birth" in message


def test_fertility_items_for_a_man_are_v02():
    hh, pp = family()
    found = check(hh, edit(pp, 1, children_born=0, children_surviving=0))
    assert rows(found, "V-02") == [
        ("error", "001", 1, "children_born"),
        ("error", "001", 1, "children_surviving"),
    ]


def test_item_after_a_rightly_blank_item_is_decided():
    hh, pp = family()  # hukou not settled: no ID number, no time away, so no reason either
    unsettled = edit(pp, 5, hukou_place=5, id_number=None, time_away=None)
    assert check(hh, unsettled).empty
    found = check(hh, edit(unsettled, 5, reason_away=3))
    assert rows(found, "V-02") == [("error", "001", 5, "reason_away")]


def test_dwelling_items_of_household_999_are_v02():
    hh = schemas.empty_table(Q.persons)
    died = pd.DataFrame(
        {
            "ea_id": ["370112001001001"],
            "hh_no": ["999"],
            "hh_type": [1],
            "n_present": [0],
            "n_away": [0],
            "births_m": [0],
            "births_f": [0],
            "deaths_m": [1],
            "deaths_f": [0],
            "dwelling_type": [1],
            "floor_area": [80],
            "rooms": [2],
        }
    )
    found = check(died, hh)
    assert rows(found, "V-02") == [("error", "999", None, "dwelling_type")]


def test_code_outside_its_list_is_v03():
    hh, pp = family()
    found = check(edit(hh, hh_type=3), edit(pp, 3, education=12, ethnicity="99"))
    assert rows(found, "V-03") == [
        ("error", "001", None, "hh_type"),
        ("error", "001", 3, "education"),
        ("error", "001", 3, "ethnicity"),
    ]
    education = found[found["fields"] == "education"]["message_en"].iloc[0]
    assert "12" in education
    assert "1–9" in education
    assert "01–56, 97, 98" in found[found["fields"] == "ethnicity"]["message_en"].iloc[0]


def test_number_outside_its_range_is_v03():
    hh, pp = family()
    found = check(edit(hh, rooms=100), edit(pp, 2, children_born=21, children_surviving=2))
    assert rows(found, "V-03") == [
        ("error", "001", None, "rooms"),
        ("error", "001", 2, "children_born"),
    ]
    assert "outside its range 1–99" in found["message_en"].iloc[0]


def test_text_too_long_is_v03_without_showing_the_name():
    hh, pp = family()
    long_name = "张" * 51
    found = check(hh, edit(pp, 2, name=long_name))
    assert rows(found, "V-03") == [("error", "001", 2, "name")]
    assert "51 characters" in found["message_en"].iloc[0]
    assert long_name not in found["message_en"].iloc[0] + found["message_zh"].iloc[0]


def test_unparseable_cell_is_v03_with_the_raw_text_and_not_v01():
    hh, pp = family()
    cell_errors = pd.DataFrame(
        {
            "table": ["persons"],
            "row": [3],
            "ea_id": ["370112001001001"],
            "hh_no": ["001"],
            "line_no": [2],
            "field": ["birth_year"],
            "value": ["abc"],
        }
    )
    found = check(hh, edit(pp, 2, birth_year=None), cell_errors=cell_errors)
    assert rows(found, "V-03") == [("error", "001", 2, "birth_year")]
    assert ids(found) == ["V-03"]
    assert "'abc'" in found["message_en"].iloc[0]
    assert "whole number" in found["message_en"].iloc[0]


def test_malformed_id_number_is_id01_not_v03():
    hh, pp = family()
    found = check(hh, edit(pp, 1, id_number="37010219800512001"))
    assert ids(found) == ["ID-01"]


def test_birth_at_or_after_the_census_moment_is_v04():
    hh, pp = family()
    baby = edit(
        pp.iloc[[3]],
        line_no=6,
        name="张小花",
        id_number=citizen_id("20251001", 2),
        birth_year=2025,
        birth_month=10,
        education=None,
    )
    household = edit(hh, n_present=6, births_f=1)
    assert check(household, pd.concat([pp, baby], ignore_index=True)).empty

    late = edit(baby, birth_month=11, id_number=citizen_id("20251101", 2))
    found = check(household, pd.concat([pp, late], ignore_index=True))
    assert rows(found, "V-04") == [("error", "001", 6, "birth_year;birth_month")]
    assert ids(found) == ["V-04"]


def test_birth_year_out_of_range_is_v04_not_also_v03():
    hh, pp = family()
    found = check(hh, edit(pp, 5, birth_year=1899, id_number=citizen_id("18990211", 2)))
    assert rows(found, "V-04") == [("error", "001", 5, "birth_year")]
    assert "V-03" not in ids(found)
    assert "V-05" not in ids(found)


def test_age_over_100_is_v05_warning():
    hh, pp = family()
    found = check(hh, edit(pp, 5, birth_year=1920, id_number=citizen_id("19200211", 2)))
    assert rows(found, "V-05") == [("warning", "001", 5, "birth_year;birth_month")]
    assert "age 105" in found["message_en"].iloc[0]
    exactly_100 = edit(pp, 5, birth_year=1925, birth_month=10, id_number=citizen_id("19251011", 2))
    assert check(hh, exactly_100).empty


def test_name_of_digits_or_spaces_is_v06():
    hh, pp = family()
    found = check(hh, edit(edit(pp, 2, name="123"), 3, name="  "))
    assert rows(found, "V-06") == [("error", "001", 2, "name"), ("error", "001", 3, "name")]
    assert "only digits or punctuation" in found["message_en"].iloc[0]
    assert "only spaces" in found["message_en"].iloc[1]
    assert "123" not in found["message_en"].iloc[0]


def test_names_with_letters_are_names():
    hh, pp = family()
    assert check(hh, edit(edit(pp, 2, name="O'Brien"), 3, name="阿依古丽·买买提")).empty


def _employment_asked_in_families_only() -> schemas.Questionnaire:
    data = yaml.safe_load(schemas.default_definition_text())
    for item in data["tables"]["persons"]["items"]:
        if item["name"] == "employed":
            item["universe"] = "age >= 16 and hh_type == 1"
    return schemas.parse_definition(yaml.safe_dump(data, allow_unicode=True))


def test_person_universe_may_read_the_household():
    q = _employment_asked_in_families_only()
    hh, pp = family()
    assert validate(q, hh, pp).empty
    found = validate(q, edit(hh, hh_type=2), pp)
    assert rows(found, "V-02") == [
        ("error", "001", 1, "employed"),
        ("error", "001", 2, "employed"),
        ("error", "001", 5, "employed"),
    ]
    assert "household type 2" in found["message_en"].iloc[0]


def test_blank_household_item_leaves_person_universes_undecided():
    q = _employment_asked_in_families_only()
    hh, pp = family()
    found = validate(q, edit(hh, hh_type=None), pp)
    assert rows(found, "V-01") == [("error", "001", None, "hh_type")]
    assert ids(found) == ["V-01"]
