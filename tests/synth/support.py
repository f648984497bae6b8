"""Shared, cached synthetic surveys for the synth tests (generation is deterministic)."""

from __future__ import annotations

from functools import cache

import schemas
from schemas import Questionnaire
from survey.synth import SynthSurvey, generate


@cache
def questionnaire() -> Questionnaire:
    return schemas.default_questionnaire()


@cache
def _survey(n_households: int, seed: int, n_eas: int | None) -> SynthSurvey:
    return generate(questionnaire(), n_households, seed=seed, n_eas=n_eas)


def survey(n_households: int, seed: int = 0, n_eas: int | None = None) -> SynthSurvey:
    """A fresh copy of a cached survey (tests may modify it)."""
    return _survey(n_households, seed, n_eas).copy()
