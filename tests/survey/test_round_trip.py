"""Generated households survive the trip to flat files (CSV and XLSX) and into the store."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from schemas import default_questionnaire
from survey import synth
from survey.collection.frame import store_frame
from survey.collection.importing import import_files
from survey.context import Survey
from survey.store.records import records

Q = default_questionnaire()


def write(data: synth.SynthSurvey, folder: Path, kind: str) -> tuple[Path, Path]:
    if kind == "csv":
        households, persons = folder / "households.csv", folder / "persons.csv"
        data.households.to_csv(households, index=False, encoding="utf-8-sig")
        data.persons.to_csv(persons, index=False)
        return households, persons
    book = folder / "survey.xlsx"
    with pd.ExcelWriter(book) as writer:
        data.households.to_excel(writer, sheet_name="households", index=False)
        data.persons.to_excel(writer, sheet_name="persons", index=False)
    return book, book


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_generated_files_import_and_read_back_equal(tmp_path: Path, kind: str) -> None:
    data = synth.generate(Q, 60, seed=3)
    with Survey.create(tmp_path / "s.db", Q) as survey:
        store_frame(survey, "eas", data.eas, "eas")
        store_frame(survey, "listing", data.listing, "listing")
        result = import_files(survey, *write(data, tmp_path, kind))
        assert result.findings.empty
        stored = records(survey.store.read, Q)
    key = ["ea_id", "hh_no"]
    expected_hh = data.households.sort_values(key, ignore_index=True)
    pd.testing.assert_frame_equal(stored.households[Q.households.columns], expected_hh)
    expected_people = data.persons.sort_values([*key, "line_no"], ignore_index=True)
    got_people = stored.persons[Q.persons.columns].sort_values([*key, "line_no"], ignore_index=True)
    pd.testing.assert_frame_equal(got_people, expected_people)
