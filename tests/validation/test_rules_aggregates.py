"""A — info signals per EA and per enumerator (only with ``aggregates=True``)."""

from __future__ import annotations

import pandas as pd

from tests.validation.household_tables import check, citizen_id, edit, family, renumbered, together


def _enumeration_area(households: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``households`` copies of the clean family (2 men, 3 women; ages 45, 43, 15, 9, 75) in
    one EA, enumerated by ``wang`` (the first half) and ``li``."""
    copies = [renumbered(*family(), f"{n:03d}") for n in range(1, households + 1)]
    hh = together(*(h for h, _ in copies))
    hh["enumerator"] = pd.Series(
        ["wang"] * (households // 2) + ["li"] * (households - households // 2), dtype="string"
    )
    return hh, together(*(p for _, p in copies))


def _signals(found: pd.DataFrame, rule_id: str) -> list[tuple[object, str]]:
    chosen = found[found["rule_id"] == rule_id]
    assert (chosen["severity"] == "info").all()
    assert chosen["hh_no"].isna().all()
    return [
        (None if pd.isna(ea) else ea, m)
        for ea, m in zip(chosen["ea_id"], chosen["message_en"], strict=True)
    ]


def test_signals_only_when_asked_for():
    hh, pp = _enumeration_area(20)
    assert check(hh, pp).empty


def test_sex_ratio_outside_80_to_125_is_a01():
    hh, pp = _enumeration_area(40)  # 80 men, 120 women: 66.7; 100 persons per enumerator
    found = check(hh, pp, aggregates=True)
    signals = _signals(found, "A-01")
    assert [ea for ea, _ in signals] == [None, None, "370112001001001"]  # enumerators first
    assert signals[2][1].startswith("EA 370112001001001: the sex ratio of the 200 persons")
    assert "66.7 males per 100 females" in signals[2][1]
    assert sorted(m.split(":")[0] for _, m in signals[:2]) == ["Enumerator li", "Enumerator wang"]


def test_sex_ratio_of_a_small_group_is_no_signal():
    hh, pp = _enumeration_area(19)  # 95 persons
    assert "A-01" not in set(check(hh, pp, aggregates=True)["rule_id"])


def test_age_heaping_is_a03():
    hh, pp = _enumeration_area(20)  # ages 23–62: 45 and 43, half of them end in 5
    signals = _signals(check(hh, pp, aggregates=True), "A-03")
    assert signals == [
        (
            "370112001001001",
            "EA 370112001001001: Whipple's index of ages 23–62 is 250 (above 125): ages ending "
            "in 0 or 5 are over-reported; ask for birth year and month, not age.",
        )
    ]


def _with_young_children(hh: pd.DataFrame, pp: pd.DataFrame, born: list[str]) -> pd.DataFrame:
    """Line 4 of each household becomes a child born on the given dates, in turn."""
    out = pp.copy()
    fourth = out.index[out["line_no"] == 4]
    for n, row in enumerate(fourth):
        date = born[n % len(born)]
        out.loc[row, ["birth_year", "birth_month"]] = [int(date[:4]), int(date[4:6])]
        out.loc[row, "id_number"] = citizen_id(date, 2, serial=n % 100)
        out.loc[row, "education"] = pd.NA
    return out


def test_fewer_infants_than_half_the_one_year_olds_is_a02():
    hh, pp = _enumeration_area(20)
    ones = _with_young_children(hh, pp, ["20240315"])
    found = check(edit(hh, births_f=0), ones, aggregates=True)
    assert [ea for ea, _ in _signals(found, "A-02")] == ["370112001001001"]
    balanced = _with_young_children(hh, pp, ["20240315", "20250315"])
    found = check(edit(hh, births_f=1), balanced, aggregates=True)
    assert "A-02" not in set(found["rule_id"])


def test_rates_per_enumerator_and_rule_are_a04():
    hh, pp = _enumeration_area(20)
    hh.loc[hh["hh_no"].isin(["001", "002"]), "n_away"] = 1  # two of wang's households: S-04
    found = check(hh, pp, aggregates=True)
    signals = _signals(found, "A-04")
    assert signals == [
        (
            None,
            "Enumerator wang: 2 of 10 households (20%) have S-04 (error: Persons who spent the "
            "night before the census moment here + persons whose hukou is here but who were away "
            "that night differs from the number of person rows); review these households with the "
            "enumerator.",
        )
    ]
    a04 = found[found["rule_id"] == "A-04"]
    assert list(a04["fields"]) == ["n_present;n_away"]
