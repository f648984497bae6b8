"""The office's estimates of one export: the standard tables with their SEs, computed as a
background job (a national export holds millions of persons: no web request waits for them) and
kept in ``estimates/<export>.csv`` beside the database, every figure in one long table.

An export is immutable once written, so its tables are computed once; the page reads the stored
file (cached per process by its modification time) and offers the computation while there is none.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import pandas as pd

from collectors.problems import InputError
from survey import jobs
from survey.accounts.access import User
from survey.context import Survey
from survey.errors import Refusal
from survey.export import office as export_runs
from survey.sampling.reading import read_table
from survey.sampling.tables import StandardTables, standard_tables

JOB_KIND = "estimates"
FOLDER = "estimates"


def _persons(survey: Survey, user: User, name: str) -> Path:
    try:
        return export_runs.file(survey, user, name, "persons.parquet")
    except export_runs.NotFound:
        return export_runs.file(survey, user, name, "persons.csv")


def _stored(survey: Survey, name: str) -> Path:
    return survey.store.path.resolve().parent / FOLDER / f"{name}.csv"


@lru_cache(maxsize=8)
def _read(path: str, mtime: float) -> StandardTables:
    return StandardTables.from_long(pd.read_csv(path, dtype=str, keep_default_na=False))


def export_tables(survey: Survey, user: User, name: str) -> StandardTables | None:
    """The stored tables of export ``name``, or None while they are not computed (office only;
    NotFound for an unknown export)."""
    _persons(survey, user, name)  # the export exists and the user may read it
    path = _stored(survey, name)
    if not path.is_file():
        return None
    return _read(str(path), path.stat().st_mtime)


def computed(survey: Survey) -> set[str]:
    """The exports whose tables are stored."""
    folder = survey.store.path.resolve().parent / FOLDER
    return {p.stem for p in folder.glob("*.csv")} if folder.is_dir() else set()


def computing(survey: Survey, name: str) -> jobs.Job | None:
    """The newest job computing the tables of export ``name`` (running, failed or done)."""
    return next((j for j in jobs.latest(survey, JOB_KIND) if j.params.get("export") == name), None)


def start(survey: Survey, user: User, name: str) -> int | None:
    """Compute the tables of export ``name`` as a background job; returns the job's id, or
    None when they are stored already (an export does not change: nothing to recompute)."""
    persons = _persons(survey, user, name)
    if _stored(survey, name).is_file():
        return None

    def work(report: jobs.Report) -> str:
        report(0.0, f"reading {persons.name}")
        try:
            data = read_table(str(persons))
            report(0.2, f"{len(data):,} persons read; estimating the standard tables")
            tables = standard_tables(data, label=persons.name, progress=report)
        except InputError as exc:  # a damaged or foreign persons file: said, located
            raise Refusal("; ".join(exc.messages("en")), "；".join(exc.messages("zh"))) from None
        path = _stored(survey, name)
        path.parent.mkdir(exist_ok=True)
        partial = path.with_suffix(".csv.partial")
        tables.long().to_csv(partial, index=False)
        os.replace(partial, path)  # a reader sees the whole table or none
        report(1.0, f"{len(tables.long())} figures written")
        return name

    return jobs.start(survey, user, JOB_KIND, {"export": name}, work)
