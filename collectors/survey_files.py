"""Reading a whole survey's flat files: households and persons together, and frame files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from collectors.batch import Batch
from collectors.flatfile import read_flat
from collectors.problems import InputError, Problem
from schemas import Questionnaire


def read_survey_files(
    questionnaire: Questionnaire,
    households: str | Path,
    persons: str | Path,
    *,
    repeats: bool = False,
) -> Batch:
    """Both record files as one batch; structural problems of either file are raised together.
    ``repeats`` keeps rows with a repeated key (for a check, which reports them) instead of
    refusing the file."""
    problems = []
    tables = {}
    for name, path in (("households", households), ("persons", persons)):
        try:
            tables[name] = read_flat(path, questionnaire.tables[name], repeats=repeats)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    errors = pd.concat(
        [t.cell_errors for t in tables.values() if len(t.cell_errors)]
        or [tables["households"].cell_errors],
        ignore_index=True,
    )
    return Batch(tables["households"].table, tables["persons"].table, errors)


def read_frame(questionnaire: Questionnaire, table_name: str, path: str | Path) -> pd.DataFrame:
    """A frame file (``eas``, ``listing``): any unparseable cell is a structural problem here,
    since a frame is reference data, not a respondent's answer."""
    flat = read_flat(path, questionnaire.tables[table_name])
    if len(flat.cell_errors):
        raise InputError(
            [
                Problem(
                    code="unparseable",
                    message_en=f"'{row.value}' is not a valid {row.field}; correct the cell",
                    message_zh=f"“{row.value}”不是有效的{row.field}；请更正",
                    file=flat.source,
                    row=int(row.row),
                    column=str(row.field),
                )
                for row in flat.cell_errors.head(50).itertuples()
            ]
        )
    return flat.table
