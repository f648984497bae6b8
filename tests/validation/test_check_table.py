"""``check_table``: V-03 findings of a frame file (EAs, listing), located by row."""

from __future__ import annotations

from tests.validation.household_tables import Q, table
from validation import check_table

EAS = """
| ea_id           | name           | stratum | psu          | prob |
|-----------------|----------------|---------|--------------|------|
| 370112001001001 | 闵子骞社区 001 | 3701    | 370112001001 | 0.5  |
| 37011200100100  | 闵子骞社区 002 | 3701    | 370112001001 | 1.5  |
"""


def test_bad_cells_of_a_frame_are_v03_by_row():
    found = check_table(Q, "eas", table(EAS, "eas"))
    assert list(found.columns) == ["rule_id", "row", "field", "message_en", "message_zh"]
    assert found[["rule_id", "row", "field"]].values.tolist() == [
        ["V-03", 3, "ea_id"],
        ["V-03", 3, "prob"],
    ]
    assert "(15 digits)" in found["message_en"].iloc[0]
    assert "15位数字" in found["message_zh"].iloc[0]


def test_a_clean_frame_has_no_findings():
    assert check_table(Q, "eas", table(EAS, "eas").iloc[:1]).empty


def test_listing_names_are_never_shown():
    listing = table(
        """
| ea_id           | hh_no | head_name |
|-----------------|-------|-----------|
| 370112001001001 | 001   | 张三      |
""",
        "listing",
    )
    listing.loc[0, "head_name"] = "张" * 51
    found = check_table(Q, "listing", listing)
    assert found["field"].tolist() == ["head_name"]
    assert "张张" not in found["message_en"].iloc[0] + found["message_zh"].iloc[0]
