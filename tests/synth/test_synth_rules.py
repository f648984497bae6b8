"""Generated data breaks no rule of rules.md: no error, warning or info signal."""

from __future__ import annotations

import pytest

from survey.synth import generate
from tests.synth.engine import engine_findings
from tests.synth.support import questionnaire, survey
from tests.synth.synth_rules import findings

CASES = [(1, 0, None), (25, 1, None), (60, 2, None), (500, 7, 1), (900, 2, 3), (2500, 3, None)]


@pytest.mark.parametrize(("n", "seed", "n_eas"), CASES)
def test_reference_rules_find_nothing(n: int, seed: int, n_eas: int | None) -> None:
    found = findings(questionnaire(), survey(n, seed, n_eas))
    assert found.empty, found["rule_id"].value_counts().to_dict()


@pytest.mark.parametrize(("n", "seed", "n_eas"), CASES)
def test_the_rule_engine_finds_nothing(n: int, seed: int, n_eas: int | None) -> None:
    run = engine_findings()
    data = survey(n, seed, n_eas)
    found = run(data)
    assert found.empty, found[["rule_id", "ea_id", "hh_no", "line_no"]].head(20).to_string()


def test_the_reference_rules_do_see_problems() -> None:
    """The reference reading is not blind: a few hand-made problems are all reported."""
    data = survey(60, 2)
    p, h = data.persons, data.households
    p.loc[0, "sex"] = 3 - int(p.loc[0, "sex"])  # ID-03 (and fertility items out of universe)
    h.loc[h.index[1], "n_away"] = int(h.loc[h.index[1], "n_away"]) + 1  # S-04
    data.listing = data.listing.iloc[1:]  # C-02 for the first household
    rules = set(findings(questionnaire(), data)["rule_id"])
    assert {"ID-03", "S-04", "C-02"} <= rules


def test_a_survey_with_other_thresholds_is_generated_within_them() -> None:
    """Thresholds come from the definition's params, not from constants."""
    q = questionnaire()
    params = q.params.model_copy(
        update={
            "max_household_size": 6,
            "child_min_gap": 16,
            "spouse_age_gap": 10,
            "marriage_age": q.params.marriage_age.model_copy(update={"male": 25, "female": 23}),
            "elderly_work_age": 75,
            "education_min_age": {4: 13, 5: 16, 6: 18, 7: 19, 8: 23, 9: 26},
            "preschool_max_age": 10,
            "age_warning": 95,
            "floor_area_per_person": (8, 100),
        }
    )
    strict = q.model_copy(update={"params": params})
    data = generate(strict, 1500, seed=21)
    found = findings(strict, data)
    assert found.empty, found["rule_id"].value_counts().to_dict()
    assert data.persons.groupby(["ea_id", "hh_no"]).size().max() <= 6
