"""tile: copies of a survey in EAs of their own, with ID numbers of their own that the ID rules
judge as they judged the base's, so each copy has exactly the base's findings."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from schemas.idnumber import check_chars
from survey.synth import SynthSurvey, inject_errors
from survey.synth.frame import ea_ids
from survey.synth.ids import days_in_month
from survey.synth.tile import IdSlots, tile, write_tiled
from tests.synth.engine import engine_findings
from tests.synth.support import questionnaire, survey

COPIES = 4
SEEDED = ["ID-01", "ID-02", "ID-03", "ID-05", "S-04", "C-02", "C-04"]


@pytest.fixture(scope="module")
def base() -> SynthSurvey:
    data, _ = inject_errors(questionnaire(), survey(400, 5), SEEDED, seed=5, per_rule=2)
    return data


@pytest.fixture(scope="module")
def copies(base: SynthSurvey) -> list[SynthSurvey]:
    return list(tile(base, COPIES))


def _whole(copies: list[SynthSurvey], table: str) -> pd.DataFrame:
    return pd.concat([getattr(c, table) for c in copies], ignore_index=True)


def _valid(ids: pd.Series) -> pd.Series:
    dates = pd.to_datetime(ids.str[6:14], format="%Y%m%d", errors="coerce")
    return (check_chars(ids.str[:17]) == ids.str[17]).fillna(False) & dates.notna()


def test_every_copy_has_its_own_eas_of_one_frame(
    base: SynthSurvey, copies: list[SynthSurvey]
) -> None:
    eas = _whole(copies, "eas")
    frame_ids, psu, _ = ea_ids(COPIES * base.eas["ea_id"].nunique())
    assert eas["ea_id"].is_unique
    assert set(eas["ea_id"]) <= set(frame_ids)
    assert (eas["psu"] == eas["ea_id"].str[:12]).all()
    assert set(eas["psu"]) <= set(psu)
    for copy in copies:
        assert len(copy.households) == len(base.households)
        assert set(copy.households["ea_id"]) <= set(copy.eas["ea_id"])


def test_household_keys_are_unique_and_sorted_across_copies(copies: list[SynthSurvey]) -> None:
    households = _whole(copies, "households")
    keys = households[["ea_id", "hh_no"]]
    # S-04 seeds nothing twice; a duplicate key would be an S-08 the base did not have
    assert not keys.duplicated().any()
    assert keys.equals(keys.sort_values(["ea_id", "hh_no"], ignore_index=True))


def test_id_numbers_stay_valid_and_unique_except_where_the_base_repeats_one(
    base: SynthSurvey, copies: list[SynthSurvey]
) -> None:
    persons = _whole(copies, "persons")
    ids = persons["id_number"].dropna()
    base_ids = base.persons["id_number"].dropna()
    assert _valid(ids).sum() == COPIES * _valid(base_ids).sum()
    repeated = base_ids.duplicated().sum()
    assert repeated >= 2  # the seeded ID-05s
    assert ids.duplicated().sum() == COPIES * repeated


def test_a_copy_keeps_birth_month_and_sex_in_every_id_number(
    base: SynthSurvey, copies: list[SynthSurvey]
) -> None:
    before, after = base.persons["id_number"], copies[2].persons["id_number"]
    has = before.notna()
    assert (after[has] != before[has]).all()
    assert (after[has].str[:12] == before[has].str[:12]).all()
    assert (after[has].str[16].astype(int) % 2 == before[has].str[16].astype(int) % 2).all()


def test_each_copy_has_the_base_findings_in_its_own_eas(
    base: SynthSurvey, copies: list[SynthSurvey]
) -> None:
    run = engine_findings()
    whole = SynthSurvey(*(_whole(copies, t) for t in ("eas", "listing", "households", "persons")))
    found = run(whole)
    keys = ["rule_id", "hh_no", "line_no", "fields"]
    expected = run(base)[keys].sort_values(keys, ignore_index=True)
    assert {"ID-01", "ID-02", "ID-03", "ID-05", "C-04"} <= set(expected["rule_id"])
    for copy in copies:
        own = found[found["ea_id"].isin(set(copy.eas["ea_id"]))]
        assert own[keys].sort_values(keys, ignore_index=True).equals(expected)
    assert len(found) == COPIES * len(expected)


def test_numbers_keep_what_every_id_rule_reads() -> None:
    base = pd.Series(
        [
            "370112199002280014",  # valid, a man born in February 1990
            "37011219900228001X",  # the same but a wrong check character
            "370112199002300025",  # the 30th of February: not a real date
            "370112199002280014",  # the first again (counted twice)
            "3701121990022800",  # not well formed
            None,
        ],
        dtype="string",
    )
    slots = IdSlots.of(base)
    for copy in (1, 2, 3):
        new = base.map(slots.renumbered(copy))
        assert new.isna().tolist() == [False, False, False, False, True, True]
        assert new[0] == new[3]
        assert new[[0, 1, 2]].str[:12].eq("370112199002").all()
        assert new[[0, 1, 2]].str[16].astype(int).mod(2).tolist() == [1, 1, 0]
        assert _valid(new[[0, 1, 2]]).tolist() == [True, False, False]
        assert check_chars(new[[1]].str[:17]).iloc[0] != new[1][17]
        assert new[2][12:14] == "30"
        assert not set(new.dropna()) & set(base.dropna())
    again = {copy: base[:3].map(slots.renumbered(copy)) for copy in (1, 2, 3)}
    assert len(set(np.concatenate([s.to_numpy() for s in again.values()]))) == 9


def test_a_crowded_month_runs_out_of_numbers_with_a_clear_error() -> None:
    days = int(days_in_month(np.array([1990]), np.array([2]))[0])
    first17 = [f"37011219900201{2 * k + 1:03d}" for k in range(500)]
    full = pd.Series(first17, dtype="string")
    slots = IdSlots.of(full + check_chars(full))
    assert slots.renumbered(days - 1) is not None
    with pytest.raises(ValueError, match="too many copies"):
        slots.renumbered(days)


def test_written_files_are_the_copies_one_after_another(
    base: SynthSurvey, copies: list[SynthSurvey], tmp_path: Path
) -> None:
    paths = write_tiled(base, COPIES, tmp_path)
    persons = pd.read_csv(paths["persons"], dtype=str)
    assert len(persons) == COPIES * len(base.persons)
    assert persons["id_number"].dropna().tolist() == (
        _whole(copies, "persons")["id_number"].dropna().tolist()
    )
    households = pd.read_csv(paths["households"], dtype=str)
    assert households["ea_id"].tolist() == _whole(copies, "households")["ea_id"].tolist()
