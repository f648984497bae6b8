"""The project's rule engine, when it is there: ``validation.validate`` or a skip."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

from survey.synth import SynthSurvey
from tests.synth.support import questionnaire


def engine_findings() -> Callable[[SynthSurvey], pd.DataFrame]:
    validation = pytest.importorskip("validation")
    validate: Any = getattr(validation, "validate", None)
    if validate is None:
        pytest.skip("validation.validate is not available yet")

    def run(data: SynthSurvey) -> pd.DataFrame:
        found: pd.DataFrame = validate(
            questionnaire(),
            data.households,
            data.persons,
            listing=data.listing,
            eas=data.eas,
            aggregates=True,
        )
        return found

    return run
