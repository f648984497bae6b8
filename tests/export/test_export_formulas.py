"""CSV and XLSX exports do not let a spreadsheet run a text as a formula."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from openpyxl import load_workbook

from survey.export import export_dataset
from survey.export.writers import neutralise_formulas
from tests.export.builder import APPROVED, HOUSEHOLDS, PERSONS, approve, new_survey, office, submit

RISKY = {
    "张伟": '=HYPERLINK("http://example.com","点击")',
    "李娜": "+86 电话",
    "张子涵": "-2+3",
    "王秀英": "@SUM(A1)",
}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("formulas")
    persons = PERSONS
    for name, risky in RISKY.items():
        persons = persons.replace(f"| {name} ", f"| {risky} ", 1)
    with new_survey(folder / "survey.db") as survey:
        submit(survey, HOUSEHOLDS, persons)
        approve(survey, office(survey), APPROVED)
        export_dataset(survey, folder / "out", formats="csv,xlsx,parquet")
    return folder / "out"


def test_csv_texts_starting_like_a_formula_get_a_leading_apostrophe(out: Path) -> None:
    with (out / "persons.csv").open(encoding="utf-8-sig", newline="") as handle:
        names = [row["name"] for row in csv.DictReader(handle)]
    assert names == [
        "'" + RISKY["张伟"],
        "'+86 电话",
        "'-2+3",
        "'@SUM(A1)",
        "马军",
        "马小雨",
    ]


def test_csv_numbers_and_other_texts_are_untouched(out: Path) -> None:
    frame = pd.read_csv(out / "persons.csv", encoding="utf-8-sig", dtype={"ethnicity": str})
    assert frame["birth_year"].tolist()[:2] == [1980, 1982]
    assert frame["ethnicity"].tolist()[:2] == ["01", "03"]


def test_xlsx_keeps_the_value_as_text_with_excels_quote_prefix(out: Path) -> None:
    sheet = load_workbook(out / "dataset.xlsx")["persons"]
    header = [cell.value for cell in sheet[1]]
    column = header.index("name") + 1
    cells = [sheet.cell(row=row, column=column) for row in range(2, 8)]
    assert [c.value for c in cells[:4]] == list(RISKY.values())
    assert all(c.data_type == "s" and c.quotePrefix for c in cells[:4])
    assert not any(c.quotePrefix for c in cells[4:])
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_parquet_keeps_the_value_as_entered(out: Path) -> None:
    names = pd.read_parquet(out / "persons.parquet")["name"].tolist()
    assert names[:4] == list(RISKY.values())


def test_xlsx_escapes_markup_and_control_characters(tmp_path: Path) -> None:
    odd = {"马军": "马&军 <一>", "马小雨": "马_x0041_雨\x01"}
    persons = PERSONS
    for name, text in odd.items():
        persons = persons.replace(f"| {name} ", f"| {text} ", 1)
    with new_survey(tmp_path / "survey.db") as survey:
        submit(survey, HOUSEHOLDS, persons)
        approve(survey, office(survey), APPROVED)
        export_dataset(survey, tmp_path / "out", formats="xlsx")
    sheet = load_workbook(tmp_path / "out" / "dataset.xlsx")["persons"]
    header = [cell.value for cell in sheet[1]]
    names = [row[header.index("name")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names[-2] == "马&军 <一>"
    # a control character cannot be written in XML: OOXML spells it _xHHHH_ (and a literal
    # "_x0041_" as "_x005F_x0041_"), which Excel decodes; openpyxl shows the escapes as they are
    with zipfile.ZipFile(tmp_path / "out" / "dataset.xlsx") as book:
        xml = book.read("xl/worksheets/sheet2.xml").decode()
    assert ">马_x005F_x0041_雨_x0001_</t>" in xml
    assert ">马&amp;军 &lt;一&gt;</t>" in xml


def test_the_neutraliser_on_its_own() -> None:
    values = pa.array(["=1", "+1", "-1", "@A", "\tx", "\rx", "a=b", "", None, "张三"])
    assert neutralise_formulas(values).to_pylist() == [
        "'=1",
        "'+1",
        "'-1",
        "'@A",
        "'\tx",
        "'\rx",
        "a=b",
        "",
        None,
        "张三",
    ]
