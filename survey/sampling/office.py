"""The office's estimates page, read-only: the standard tables of one export, with their SEs.

An export is immutable once written, so its tables are computed once per process and kept
(keyed by the persons file and its modification time).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from survey.accounts.access import User
from survey.context import Survey
from survey.sampling.reading import read_table
from survey.sampling.tables import StandardTables, standard_tables
from survey.views import export_runs


def _persons(survey: Survey, user: User, name: str) -> Path:
    try:
        return export_runs.file(survey, user, name, "persons.parquet")
    except export_runs.NotFound:
        return export_runs.file(survey, user, name, "persons.csv")


@lru_cache(maxsize=8)
def _tables(path: str, mtime: float) -> StandardTables:
    return standard_tables(read_table(path), label=Path(path).name)


def export_tables(survey: Survey, user: User, name: str) -> StandardTables:
    """The standard tables of export ``name`` (office only; NotFound for an unknown export)."""
    path = _persons(survey, user, name)
    return _tables(str(path), path.stat().st_mtime)
