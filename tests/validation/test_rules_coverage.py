"""C — coverage against the listing and the EA frame (房不漏户)."""

from __future__ import annotations

import pandas as pd

from tests.validation.household_tables import (
    check,
    family,
    ids,
    renumbered,
    rows,
    table,
    together,
)

EA = "370112001001001"

LISTING = """
| ea_id           | hh_no | building_no | unit_no | head_name | expected_persons |
|-----------------|-------|-------------|---------|-----------|------------------|
| 370112001001001 | 001   | 3           | 101     | 张伟      | 5                |
| 370112001001001 | 002   | 3           | 102     | 李强      | 3                |
"""

EAS = """
| ea_id           | name          | stratum | psu          | prob  |
|-----------------|---------------|---------|--------------|-------|
| 370112001001001 | 闵子骞社区 001 | 3701    | 370112001001 | 0.01  |
| 370112001001002 | 闵子骞社区 002 | 3701    | 370112001001 | 0.01  |
"""


def test_coverage_rules_need_the_listing():
    hh, pp = family()
    assert check(hh, pp).empty


def test_listed_household_not_submitted_is_c01_on_the_listed_household():
    hh, pp = family()
    found = check(hh, pp, listing=table(LISTING, "listing"))
    assert rows(found, "C-01") == [("error", "002", None, "hh_no")]
    assert ids(found) == ["C-01"]
    assert "李强" not in found["message_en"].iloc[0] + found["message_zh"].iloc[0]


def test_a_skipped_rule_does_not_run_and_the_others_still_do():
    hh1, pp1 = family()
    hh3, pp3 = renumbered(hh1, pp1, "003")
    listing = table(LISTING, "listing")
    found = check(together(hh1, hh3), together(pp1, pp3), listing=listing, skip={"C-01"})
    assert ids(found) == ["C-02"]


def test_household_found_during_enumeration_is_c02():
    hh1, pp1 = family()
    hh2, pp2 = renumbered(hh1, pp1, "002")
    hh3, pp3 = renumbered(hh1, pp1, "003")
    found = check(
        together(hh1, hh2, hh3),
        together(pp1, pp2, pp3),
        listing=table(LISTING, "listing"),
    )
    assert rows(found, "C-02") == [("warning", "003", None, "hh_no")]


def test_persons_far_from_the_expected_count_is_c03():
    hh1, pp1 = family()
    hh2, pp2 = renumbered(hh1, pp1, "002")  # 5 persons where 3 were expected
    listing = table(LISTING, "listing")
    found = check(together(hh1, hh2), together(pp1, pp2), listing=listing)
    assert ids(found) == []  # 2 apart is within the tolerance
    listing.loc[1, "expected_persons"] = 2
    found = check(together(hh1, hh2), together(pp1, pp2), listing=listing)
    assert rows(found, "C-03") == [("warning", "002", None, "n_present;n_away;expected_persons")]
    assert "expected 2" in found["message_en"].iloc[0]


def test_empty_eas_of_the_frame_are_c04_info():
    hh, pp = family()
    found = check(hh, pp, listing=table(LISTING, "listing"), eas=table(EAS, "eas"))
    c04 = found[found["rule_id"] == "C-04"]
    assert list(c04["severity"]) == ["info", "info"]
    assert list(c04["fields"]) == ["ea_id", "ea_id"]
    assert list(c04["ea_id"]) == ["370112001001002", "370112001001002"]
    assert c04["hh_no"].isna().all()
    assert c04["line_no"].isna().all()
    assert any("no listing rows" in message for message in c04["message_en"])
    assert any("no household" in message for message in c04["message_en"])


def test_listing_and_frame_need_only_their_keys():
    hh, pp = family()
    listing = pd.DataFrame({"ea_id": [EA, EA], "hh_no": ["001", "002"]})
    eas = pd.DataFrame({"ea_id": [EA]})
    found = check(hh, pp, listing=listing, eas=eas)
    assert rows(found, "C-01") == [("error", "002", None, "hh_no")]
    assert ids(found) == ["C-01"]
