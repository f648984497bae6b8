"""generate: shapes, types, keys, rosters, universes, the frame, determinism."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import schemas
from survey.synth import SynthSurvey, generate
from tests.synth.support import questionnaire, survey

KEY = ["ea_id", "hh_no"]
SURVEY_SIZES = [(1, 0, None), (60, 1, None), (900, 2, 3), (2500, 3, None)]


@pytest.fixture(scope="module", params=SURVEY_SIZES, ids=lambda p: f"n{p[0]}-seed{p[1]}")
def data(request: pytest.FixtureRequest) -> SynthSurvey:
    n, seed, n_eas = request.param
    return survey(n, seed, n_eas)


def test_every_table_has_the_definitions_columns_and_dtypes(data: SynthSurvey) -> None:
    q = questionnaire()
    for name, frame in (
        ("eas", data.eas),
        ("listing", data.listing),
        ("households", data.households),
        ("persons", data.persons),
    ):
        assert {c: str(t) for c, t in frame.dtypes.items()} == schemas.dtypes(q.tables[name])


def test_keys_are_unique_and_every_person_has_a_household(data: SynthSurvey) -> None:
    assert not data.households.duplicated(KEY).any()
    assert not data.persons.duplicated([*KEY, "line_no"]).any()
    assert not data.listing.duplicated(KEY).any()
    assert not data.eas.duplicated("ea_id").any()
    households = pd.MultiIndex.from_frame(data.households[KEY])
    assert pd.MultiIndex.from_frame(data.persons[KEY]).isin(households).all()


def test_lines_run_from_one_with_the_head_first(data: SynthSurvey) -> None:
    p = data.persons
    for _, group in p.groupby(KEY):
        assert group["line_no"].tolist() == list(range(1, len(group) + 1))
        assert group["relationship"].iloc[0] == 0
    q = questionnaire()
    sizes = p.groupby(KEY).size()
    assert sizes.max() <= q.params.max_household_size


def test_household_counts_agree_with_the_roster(data: SynthSurvey) -> None:
    p, h = data.persons, data.households.set_index(KEY)
    here = (p["residence"] == 1).groupby([p["ea_id"], p["hh_no"]]).sum()
    away = (p["residence"] != 1).groupby([p["ea_id"], p["hh_no"]]).sum()
    assert (h.loc[here.index, "n_present"] == here).all()
    assert (h.loc[away.index, "n_away"] == away).all()
    assert (p.loc[p["residence"] != 1, "hukou_place"] == 1).all()


def test_fields_are_blank_exactly_outside_their_universe(data: SynthSurvey) -> None:
    q = questionnaire()
    for name in ("households", "persons"):
        frame = getattr(data, name)
        work = schemas.with_derived(q, name, frame)
        for item in q.tables[name].items:
            inside = (
                item.universe_expr.evaluate(work).to_numpy(dtype=bool)
                if item.universe_expr is not None
                else np.ones(len(frame), dtype=bool)
            )
            filled = frame[item.name].notna().to_numpy(dtype=bool)
            assert (filled == inside).all(), f"{name}.{item.name}"


def test_coded_fields_hold_codes_and_numbers_their_range(data: SynthSurvey) -> None:
    q = questionnaire()
    for name in ("households", "persons"):
        frame = getattr(data, name)
        for item in q.tables[name].items:
            values = frame[item.name].dropna()
            if item.codes is not None:
                assert values.isin(list(item.code_values)).all(), item.name
            if item.range is not None:
                assert values.between(*item.range).all(), item.name


def test_dead_households_have_no_persons_and_no_dwelling(data: SynthSurvey) -> None:
    h = data.households
    dead = h[h["hh_no"] == "999"]
    assert not data.persons["hh_no"].eq("999").any()
    assert (dead[["n_present", "n_away", "births_m", "births_f"]] == 0).all().all()
    assert (dead["deaths_m"] + dead["deaths_f"] >= 1).all()
    assert dead[["dwelling_type", "floor_area", "rooms"]].isna().all().all()
    assert (dead["hh_type"] == 1).all()


def test_collective_households_have_a_responsible_person_and_others(data: SynthSurvey) -> None:
    h, p = data.households, data.persons
    keys = h.loc[h["hh_type"] == 2, KEY]
    members = p.merge(keys, on=KEY)
    assert (members.loc[members["line_no"] == 1, "relationship"] == 0).all()
    assert (members.loc[members["line_no"] > 1, "relationship"] == 9).all()
    assert (h.loc[h["hh_type"] == 2, "dwelling_type"] == 2).all()


def test_the_listing_lists_every_household_with_its_head_and_size(data: SynthSurvey) -> None:
    listing, h, p = data.listing, data.households, data.persons
    assert sorted(map(tuple, listing[KEY].to_numpy())) == sorted(map(tuple, h[KEY].to_numpy()))
    sizes = p.groupby(KEY).size()
    listed = listing.set_index(KEY)
    regular = listed.index.get_level_values("hh_no") != "999"
    assert (listed.loc[regular, "expected_persons"] == sizes.reindex(listed.index[regular])).all()
    assert (listed.loc[~regular, "expected_persons"] == 0).all()
    heads = p[p["line_no"] == 1].set_index(KEY)["name"]
    assert (listed.loc[regular, "head_name"] == heads.reindex(listed.index[regular])).all()
    for _, numbers in listing[listing["hh_no"] != "999"].groupby("ea_id")["hh_no"]:
        assert numbers.tolist() == [f"{k:03d}" for k in range(1, len(numbers) + 1)]
    assert listing[["building_no", "unit_no"]].notna().all().all()


def test_eas_are_communities_of_one_street(data: SynthSurvey) -> None:
    eas = data.eas
    assert eas["ea_id"].str.fullmatch(r"\d{15}").all()
    assert (eas["psu"] == eas["ea_id"].str[:12]).all()
    assert (eas["stratum"] == eas["ea_id"].str[:4]).all()
    assert eas["prob"].between(0.01, 0.05).all()
    assert eas["name"].str.contains("山大路街道").all()
    assert eas["name"].str.endswith("调查小区").all()
    assert set(data.households["ea_id"]) == set(eas["ea_id"])


def test_names_are_chinese_and_not_blank(data: SynthSurvey) -> None:
    assert data.persons["name"].str.fullmatch(r"[\u4e00-\u9fff]{2,4}").all()


def test_the_same_seed_gives_the_same_survey() -> None:
    q = questionnaire()
    first, second = generate(q, 300, seed=5), generate(q, 300, seed=5)
    for name in ("eas", "listing", "households", "persons"):
        pd.testing.assert_frame_equal(getattr(first, name), getattr(second, name))
    other = generate(q, 300, seed=6)
    assert not first.persons["name"].equals(other.persons["name"])


def test_default_ea_count_is_one_per_eighty_households() -> None:
    data = survey(2500, 3)
    assert len(data.eas) == 2500 // 80
    assert len(data.households) == 2500


def test_a_large_survey_is_generated_whole() -> None:
    q = questionnaire()
    data = generate(q, 20_000, seed=11)
    assert len(data.households) == 20_000
    assert 2.8 * 20_000 < len(data.persons) < 4.0 * 20_000
    work = schemas.with_derived(q, "persons", data.persons)
    males, females = (work["sex"] == 1).sum(), (work["sex"] == 2).sum()
    assert 100 < 100 * males / females < 110
    assert 0.1 < (work["age"] >= 60).mean() < 0.35
    assert (work["age"] <= q.params.age_warning).all()


@pytest.mark.parametrize(("n_households", "n_eas"), [(0, None), (10, 11), (10, 0), (5000, 2)])
def test_impossible_sizes_are_refused(n_households: int, n_eas: int | None) -> None:
    with pytest.raises(ValueError, match="n_"):
        generate(questionnaire(), n_households, n_eas=n_eas)


def test_births_are_the_rosters_infants(data: SynthSurvey) -> None:
    q = questionnaire()
    p = schemas.with_derived(q, "persons", data.persons)
    h = data.households.set_index(KEY)
    for sex, column in ((1, "births_m"), (2, "births_f")):
        infants = ((p["age"] == 0) & (p["sex"] == sex)).groupby([p["ea_id"], p["hh_no"]]).sum()
        assert (h.loc[infants.index, column] == infants).all()


def test_mothers_have_borne_at_least_their_children_in_the_household(data: SynthSurvey) -> None:
    p = data.persons
    family = data.households.loc[data.households["hh_type"] == 1, KEY]
    p = p.merge(family, on=KEY)
    children = (p["relationship"] == 2).groupby([p["ea_id"], p["hh_no"]]).sum().rename("kids")
    mothers = p[p["relationship"].isin([0, 1]) & (p["sex"] == 2) & p["children_born"].notna()]
    mothers = mothers.join(children, on=KEY)
    assert (mothers["children_born"] >= mothers["kids"]).all()
    assert (p["children_surviving"].dropna() <= p["children_born"].dropna()).all()
