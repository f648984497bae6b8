"""Each format read back with pandas / pyreadstat / openpyxl equals the approved data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pyreadstat
import pytest
from openpyxl import load_workbook

from survey.context import Survey
from survey.export import ExportError, Manifest, export_dataset
from tests.export.builder import fieldwork
from tests.export.expected import approved, rows

TABLES = ("households", "persons")
TEXT = {"ea_id", "hh_no", "stratum", "psu", "name", "id_number", "ethnicity"}


@pytest.fixture(scope="module")
def done(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Survey, Manifest, Path]]:
    folder = tmp_path_factory.mktemp("roundtrip")
    survey = fieldwork(folder / "survey.db")
    manifest = export_dataset(survey, folder / "out")
    yield survey, manifest, folder / "out"
    survey.close()


def expected_rows(survey: Survey, table: str, columns: list[str]) -> list[dict[str, Any]]:
    return rows(approved(survey)[table], columns)


def test_the_files_hold_the_approved_households_and_their_persons(
    done: tuple[Survey, Manifest, Path],
) -> None:
    _, manifest, out = done
    persons = pd.read_parquet(out / "persons.parquet")
    households = pd.read_parquet(out / "households.parquet")
    assert households[["ea_id", "hh_no"]].values.tolist() == [
        ["370102001001001", "001"],
        ["370102001001001", "002"],
        ["370102001002001", "001"],
        ["370102001002001", "999"],
    ]
    assert persons.groupby(["ea_id", "hh_no"]).size().to_dict() == {
        ("370102001001001", "001"): 3,
        ("370102001001001", "002"): 1,
        ("370102001002001", "001"): 2,
    }
    assert (manifest.households, manifest.persons) == (4, 6)


@pytest.mark.parametrize("table", TABLES)
def test_parquet_reads_back_typed_and_equal(
    done: tuple[Survey, Manifest, Path], table: str
) -> None:
    survey, _, out = done
    frame = pd.read_parquet(out / f"{table}.parquet")
    assert str(frame["hh_no"].dtype) == "string"
    assert str(frame["weight"].dtype) == "Float64"
    if table == "persons":
        assert str(frame["age"].dtype) == "Int64"
    assert rows(frame) == expected_rows(survey, table, list(frame.columns))
    labels = pq.read_schema(out / f"{table}.parquet").field("ea_id").metadata
    assert labels[b"label_zh"].decode() == "调查小区代码"


@pytest.mark.parametrize("table", TABLES)
def test_csv_reads_back_equal_with_a_byte_order_mark(
    done: tuple[Survey, Manifest, Path], table: str
) -> None:
    survey, _, out = done
    assert (out / f"{table}.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(out / f"{table}.csv", encoding="utf-8-sig", dtype={c: str for c in TEXT})
    assert rows(frame) == expected_rows(survey, table, list(frame.columns))


@pytest.mark.parametrize("table", TABLES)
def test_stata_reads_back_equal_with_variable_and_value_labels(
    done: tuple[Survey, Manifest, Path], table: str
) -> None:
    survey, _, out = done
    frame, meta = pyreadstat.read_dta(str(out / f"{table}.dta"))
    frame = frame.replace({"": None})  # Stata has no blank text: "" is how it stores one
    if table == "persons":
        # ethnicity is stored as integer codes with value labels: 01 -> 1
        assert meta.variable_value_labels["ethnicity"][1] == "Han"
        frame["ethnicity"] = frame["ethnicity"].map(lambda v: f"{int(v):02d}", na_action="ignore")
        assert meta.variable_value_labels["sex"] == {1: "male", 2: "female"}
        assert meta.column_names_to_labels["age"] == "Age in completed years at the census moment"
    else:
        assert meta.variable_value_labels["hh_type"] == {
            1: "family household",
            2: "collective household",
        }
        assert meta.column_names_to_labels["weight"] == "Base weight (1 / inclusion probability)"
    assert rows(frame) == expected_rows(survey, table, list(frame.columns))


@pytest.mark.parametrize("table", TABLES)
def test_spss_reads_back_equal_with_variable_and_value_labels(
    done: tuple[Survey, Manifest, Path], table: str
) -> None:
    survey, _, out = done
    frame, meta = pyreadstat.read_sav(str(out / f"{table}.sav"))
    frame = frame.replace({"": None})
    if table == "persons":
        ethnicity: dict[Any, str] = meta.variable_value_labels["ethnicity"]
        assert ethnicity["01"] == "Han"  # text codes kept
        assert meta.variable_value_labels["relationship"][0] == "head"
    else:
        assert meta.variable_value_labels["dwelling_type"][5] == "no dwelling"
    assert meta.column_names_to_labels["hh_no"] == "Household number"
    assert rows(frame) == expected_rows(survey, table, list(frame.columns))


def test_xlsx_has_a_sheet_per_table_equal_to_the_data(done: tuple[Survey, Manifest, Path]) -> None:
    survey, _, out = done
    book = load_workbook(out / "dataset.xlsx", read_only=True)
    assert book.sheetnames == ["households", "persons"]
    for table in TABLES:
        values = list(book[table].iter_rows(values_only=True))
        frame = pd.DataFrame(values[1:], columns=values[0])
        assert rows(frame) == expected_rows(survey, table, list(frame.columns))
    sheet = load_workbook(out / "dataset.xlsx")["persons"]
    assert sheet["A2"].data_type == "s"  # ea_id stays text: leading zeros are kept
    assert sheet["A1"].font.b
    assert sheet.freeze_panes == "A2"


def test_chinese_labels_in_stata_when_asked(tmp_path: Path) -> None:
    with fieldwork(tmp_path / "survey.db") as survey:
        export_dataset(survey, tmp_path / "out", formats="dta", lang="zh")
    _, meta = pyreadstat.read_dta(str(tmp_path / "out" / "persons.dta"))
    assert meta.column_names_to_labels["sex"] == "性别"
    assert meta.variable_value_labels["ethnicity"][1] == "汉族"


def test_a_file_stata_refuses_is_one_sentence_not_a_library_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise pyreadstat.ReadstatError("A provided label is too long for the file format")

    monkeypatch.setattr(pyreadstat, "write_dta", refuse)
    with fieldwork(tmp_path / "survey.db") as survey, pytest.raises(ExportError) as caught:
        export_dataset(survey, tmp_path / "out", formats="csv,dta")
    assert caught.value.message() == (
        "cannot write households.dta: a name, label or value does not fit the Stata format; "
        "leave dta out of --format and report the problem"
    )
    assert not (tmp_path / "out").exists()
