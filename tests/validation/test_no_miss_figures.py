"""The three no-miss figures: 房不漏户, 户不漏人, 项不漏填."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.validation.household_tables import (
    Q,
    check,
    edit,
    family,
    renumbered,
    table,
    together,
)
from validation import FIGURE_COLUMNS, no_miss_figures

LISTING = """
| ea_id           | hh_no | expected_persons |
|-----------------|-------|------------------|
| 370112001001001 | 001   | 5                |
| 370112001001001 | 002   | 5                |
| 370112001001001 | 003   | 4                |
| 370112001001002 | 001   | 4                |
"""


def _survey() -> tuple[pd.DataFrame, pd.DataFrame]:
    """EA 001: households 001 (clean) and 002 (H2 off by one, one blank education);
    EA 002: household 001 (clean). Listed: 001, 002, 003 in EA 001 and 001 in EA 002."""
    hh1, pp1 = family()
    hh2, pp2 = renumbered(hh1, pp1, "002")
    hh3, pp3 = renumbered(hh1, pp1, "001", ea_id="370112001001002")
    households = together(hh1, edit(hh2, n_away=1), hh3)
    households["enumerator"] = pd.Series(["wang", "wang", "li"], dtype="string")
    return households, together(pp1, edit(pp2, 3, education=None), pp3)


def test_figures_per_ea():
    hh, pp = _survey()
    listing = table(LISTING, "listing")
    figures = no_miss_figures(Q, hh, pp, check(hh, pp, listing=listing), listing=listing)
    assert list(figures.columns) == ["ea_id", *FIGURE_COLUMNS]
    first, second = figures.to_dict("records")
    assert first["ea_id"] == "370112001001001"
    assert (first["households_listed"], first["households_submitted_listed"]) == (3, 2)
    assert first["household_coverage"] == pytest.approx(2 / 3)
    assert (first["households"], first["households_roster_ok"]) == (2, 1)
    assert first["person_coverage"] == pytest.approx(0.5)
    assert first["applicable_fields"] - first["filled_fields"] == 1
    assert first["item_completeness"] == pytest.approx(
        first["filled_fields"] / first["applicable_fields"]
    )
    assert second["household_coverage"] == 1
    assert second["person_coverage"] == 1
    assert second["item_completeness"] == 1


def test_applicable_fields_follow_the_universes():
    hh, pp = family()
    figures = no_miss_figures(Q, hh, pp, check(hh, pp), by=[])
    # 10 household questions; every person 10 (name … time_away), plus education, literacy,
    # marriage and work for the head (45), fertility too for his wife (43), no work at 15,
    # only education at 9, and health but no fertility for his mother (75)
    assert figures["applicable_fields"].iloc[0] == 10 + 14 + 17 + 13 + 11 + 15
    assert figures["filled_fields"].iloc[0] == figures["applicable_fields"].iloc[0]


def test_figures_for_the_whole_survey_and_per_enumerator():
    hh, pp = _survey()
    listing = table(LISTING, "listing")
    found = check(hh, pp, listing=listing)
    whole = no_miss_figures(Q, hh, pp, found, listing=listing, by=[])
    assert list(whole.columns) == FIGURE_COLUMNS
    assert whole["households_listed"].iloc[0] == 4
    assert whole["household_coverage"].iloc[0] == pytest.approx(3 / 4)
    assert whole["person_coverage"].iloc[0] == pytest.approx(2 / 3)
    per_enumerator = no_miss_figures(Q, hh, pp, found, listing=listing, by=["enumerator"])
    rows = per_enumerator.set_index("enumerator")
    assert rows.loc["wang", "households_listed"] == 3  # the missed 003 is in wang's EA
    assert rows.loc["li", "household_coverage"] == 1


def test_without_a_listing_household_coverage_is_blank():
    hh, pp = family()
    figures = no_miss_figures(Q, hh, pp, check(hh, pp))
    assert figures["households_listed"].isna().all()
    assert figures["household_coverage"].isna().all()
    assert figures["person_coverage"].iloc[0] == 1


def test_unknown_grouping_is_misuse():
    hh, pp = family()
    with pytest.raises(ValueError, match="cannot group by enumerator"):
        no_miss_figures(Q, hh, pp, check(hh, pp), by=["enumerator"])
