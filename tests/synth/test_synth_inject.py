"""inject_errors: each rule fires where the report says, and (almost) nothing else."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from survey.synth import ALSO_FIRES, INJECTABLE, SynthSurvey, generate, inject_errors
from tests.synth.engine import engine_findings
from tests.synth.support import questionnaire, survey
from tests.synth.synth_rules import findings

KEY = ["ea_id", "hh_no"]
EXPECTED_RULES = (
    [f"V-0{i}" for i in range(1, 7)]
    + [f"ID-0{i}" for i in range(1, 6)]
    + [f"S-{i:02d}" for i in range(1, 12)]
    + [f"P-0{i}" for i in range(1, 8)]
    + [f"R-0{i}" for i in range(1, 10)]
    + [f"F-0{i}" for i in range(1, 6)]
    + ["C-01", "C-02", "C-03"]
)
BASE = (600, 4)


def _at(frame: pd.DataFrame, ea: str, hh: Any) -> pd.DataFrame:
    return frame[(frame["ea_id"] == ea) & (frame["hh_no"] == hh)]


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def _household_view(data: SynthSurvey, ea: str, hh: Any) -> list[Any]:
    return [
        _records(_at(data.households, ea, hh)),
        _records(_at(data.persons, ea, hh).sort_values("line_no")),
        _records(_at(data.listing, ea, hh)),
    ]


def _changed(before: SynthSurvey, after: SynthSurvey, row: Any) -> bool:
    if pd.isna(row.hh_no):
        return bool(row.ea_id in set(after.eas["ea_id"]) - set(before.eas["ea_id"]))
    if pd.isna(row.line_no):
        return _household_view(before, row.ea_id, row.hh_no) != _household_view(
            after, row.ea_id, row.hh_no
        )
    old, new = (
        _records(p[(p["line_no"] == row.line_no)])
        for p in (
            _at(before.persons, row.ea_id, row.hh_no),
            _at(after.persons, row.ea_id, row.hh_no),
        )
    )
    return old != new


def _exists(before: SynthSurvey, after: SynthSurvey, row: Any) -> bool:
    if pd.isna(row.hh_no):
        return bool((after.eas["ea_id"] == row.ea_id).any())
    if pd.isna(row.line_no):
        return (
            not _at(after.households, row.ea_id, row.hh_no).empty
            or not _at(before.listing, row.ea_id, row.hh_no).empty
        )
    return bool((_at(after.persons, row.ea_id, row.hh_no)["line_no"] == row.line_no).any())


def _at_location(found: pd.DataFrame, row: Any) -> pd.DataFrame:
    hit = found[(found["rule_id"] == row.rule_id) & (found["ea_id"] == row.ea_id)]
    if not pd.isna(row.hh_no):
        hit = hit[hit["hh_no"] == row.hh_no]
    return hit


def test_every_rule_family_is_injectable() -> None:
    assert set(EXPECTED_RULES) <= set(INJECTABLE)
    assert set(ALSO_FIRES) <= set(INJECTABLE)


@pytest.mark.parametrize("rule", INJECTABLE)
def test_injected_rule_fires_where_reported_and_nothing_else(rule: str) -> None:
    q = questionnaire()
    before = survey(*BASE)
    after, report = inject_errors(q, before, [rule], seed=3)
    assert report["rule_id"].tolist() == [rule]
    row = next(report.itertuples())
    assert _exists(before, after, row)
    assert _changed(before, after, row)
    found = findings(q, after)
    assert set(found["rule_id"]) == {rule, *ALSO_FIRES.get(rule, ())}
    assert not _at_location(found, row).empty


@pytest.mark.parametrize("rule", INJECTABLE)
def test_the_rule_engine_agrees_on_each_injection(rule: str) -> None:
    run = engine_findings()
    after, report = inject_errors(questionnaire(), survey(*BASE), [rule], seed=3)
    found = run(after)
    assert set(found["rule_id"]) == {rule, *ALSO_FIRES.get(rule, ())}
    assert not _at_location(found, next(report.itertuples())).empty


def test_many_injections_at_once_are_each_found_in_their_own_household() -> None:
    q = questionnaire()
    before = survey(1500, 5)
    after, report = inject_errors(q, before, INJECTABLE, seed=8, per_rule=2)
    assert len(report) == 2 * len(INJECTABLE)
    located = report.dropna(subset=["hh_no"])
    assert not located.duplicated(KEY).any()
    found = findings(q, after)
    allowed: dict[tuple[str, Any], set[str]] = {}
    for row in report.itertuples():
        hh = None if pd.isna(row.hh_no) else row.hh_no
        allowed.setdefault((row.ea_id, hh), set()).update(
            {row.rule_id, *ALSO_FIRES.get(row.rule_id, ())}
        )
    for row in found.itertuples():
        if row.rule_id == "ID-05":  # reported on both rows of the person counted twice
            continue
        assert row.rule_id in allowed.get((row.ea_id, row.hh_no), set()), row
    assert (found["rule_id"] == "ID-05").sum() == 2 * 2
    for row in report.itertuples():
        assert not _at_location(found, row).empty, row


def test_report_columns_and_types() -> None:
    _, report = inject_errors(questionnaire(), survey(*BASE), ["S-04", "P-03"], per_rule=2)
    assert list(report.columns) == ["rule_id", "ea_id", "hh_no", "line_no", "fields"]
    assert {c: str(t) for c, t in report.dtypes.items()} == {
        "rule_id": "string",
        "ea_id": "string",
        "hh_no": "string",
        "line_no": "Int64",
        "fields": "string",
    }
    assert report.loc[report["rule_id"] == "S-04", "line_no"].isna().all()
    assert report.loc[report["rule_id"] == "P-03", "line_no"].notna().all()
    assert (report.loc[report["rule_id"] == "P-03", "fields"] == "education").all()


def test_injection_leaves_the_original_alone_and_is_deterministic() -> None:
    q = questionnaire()
    original = survey(*BASE)
    untouched = original.copy()
    first, report1 = inject_errors(q, original, ["V-01", "R-05", "C-01"], seed=9)
    second, report2 = inject_errors(q, original, ["V-01", "R-05", "C-01"], seed=9)
    for name in ("eas", "listing", "households", "persons"):
        pd.testing.assert_frame_equal(getattr(original, name), getattr(untouched, name))
        pd.testing.assert_frame_equal(getattr(first, name), getattr(second, name))
    pd.testing.assert_frame_equal(report1, report2)


def test_unknown_rules_and_impossible_requests_are_refused() -> None:
    q = questionnaire()
    with pytest.raises(ValueError, match="X-99"):
        inject_errors(q, survey(*BASE), ["X-99"])
    with pytest.raises(ValueError, match="per_rule"):
        inject_errors(q, survey(*BASE), ["V-01"], per_rule=0)
    small = generate(q, 10, seed=1)
    with pytest.raises(ValueError, match="R-03"):
        inject_errors(q, small, ["R-03"], per_rule=50)


def test_without_dead_households_s07_empties_a_one_person_household() -> None:
    q = questionnaire()
    before = generate(q, 15, seed=2)
    assert not (before.households["hh_no"] == "999").any()
    after, report = inject_errors(q, before, ["S-07"])
    row = next(report.itertuples())
    assert _at(after.persons, row.ea_id, row.hh_no).empty
    assert set(findings(q, after)["rule_id"]) == {"S-07"}
