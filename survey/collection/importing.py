"""Bulk submission of flat files (e.g. from offline devices): each household becomes a version
exactly as if it had been entered through the form."""

from __future__ import annotations

from pathlib import Path

from collectors import read_survey_files
from survey.accounts.access import User
from survey.collection.submission import SubmitResult, submit
from survey.context import Survey


def import_files(
    survey: Survey, households: str | Path, persons: str | Path, *, user: User | None = None
) -> SubmitResult:
    """Read both files whole (refusing them, unchanged, on any structural problem) and submit."""
    batch = read_survey_files(survey.questionnaire, households, persons)
    return submit(survey, batch, source="import", user=user)
