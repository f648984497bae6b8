"""Checking flat files without a database (``survey check``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from collectors import read_frame, read_survey_files
from schemas import Questionnaire
from validation import validate


def check_files(
    questionnaire: Questionnaire,
    households: str | Path,
    persons: str | Path,
    *,
    listing: str | Path | None = None,
    eas: str | Path | None = None,
) -> pd.DataFrame:
    """Every finding of the files (structural problems raise ``InputError``). A repeated
    household key is not such a problem here: it is S-08's finding, and the rest is checked."""
    batch = read_survey_files(questionnaire, households, persons, repeats=True)
    listing_table = read_frame(questionnaire, "listing", listing) if listing else None
    eas_table = read_frame(questionnaire, "eas", eas) if eas else None
    return validate(
        questionnaire,
        batch.households,
        batch.persons,
        cell_errors=batch.cell_errors,
        listing=listing_table,
        eas=eas_table,
        aggregates=True,
    )
