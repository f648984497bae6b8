"""Citizen ID numbers: valid by GB 11643, agreeing with birth date and sex, unique."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from schemas.idnumber import PROVINCE_CODES, check_chars
from survey.synth import SynthSurvey
from survey.synth.ids import days_in_month, make_ids
from tests.synth.support import survey


@pytest.fixture(scope="module")
def persons() -> pd.DataFrame:
    return survey(2500, 3).persons


def test_check_characters_are_right(persons: pd.DataFrame) -> None:
    ids = persons["id_number"].dropna()
    assert ids.str.fullmatch(r"\d{17}[\dX]").all()
    assert (check_chars(ids.str[:17]) == ids.str[17]).all()


def test_birth_dates_are_real_and_match_birth_year_and_month(persons: pd.DataFrame) -> None:
    has = persons[persons["id_number"].notna()]
    ids = has["id_number"]
    assert pd.to_datetime(ids.str[6:14], format="%Y%m%d", errors="coerce").notna().all()
    assert (ids.str[6:10].astype(int) == has["birth_year"]).all()
    assert (ids.str[10:12].astype(int) == has["birth_month"]).all()


def test_sequence_parity_matches_sex(persons: pd.DataFrame) -> None:
    has = persons[persons["id_number"].notna()]
    odd = has["id_number"].str[16].astype(int) % 2 == 1
    assert (odd == (has["sex"] == 1)).all()


def test_address_codes_start_with_a_province(persons: pd.DataFrame) -> None:
    provinces = persons["id_number"].dropna().str[:2].astype(int)
    assert provinces.isin(sorted(PROVINCE_CODES)).all()
    assert provinces.between(11, 65).all()


def test_ids_are_unique_and_missing_only_without_hukou(persons: pd.DataFrame) -> None:
    assert not persons["id_number"].dropna().duplicated().any()
    assert (persons["id_number"].isna() == (persons["hukou_place"] == 5)).all()


def test_hukou_pending_occurs_in_a_large_survey() -> None:
    data: SynthSurvey = survey(2500, 3)
    assert (data.persons["hukou_place"] == 5).any()


def test_days_in_month_knows_leap_years() -> None:
    years = np.array([2024, 2023, 1900, 2000, 2025])
    months = np.array([2, 2, 2, 2, 4])
    assert days_in_month(years, months).tolist() == [29, 28, 28, 29, 30]


def test_make_ids_avoids_taken_numbers() -> None:
    rng = np.random.default_rng(0)
    args = (np.array([370112] * 50), np.array([1990] * 50), np.array([5] * 50), np.ones(50, int))
    first = make_ids(rng, *args)
    again = make_ids(np.random.default_rng(0), *args, taken=set(first))
    assert len(set(first)) == 50
    assert not set(first) & set(again)
