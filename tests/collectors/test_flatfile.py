"""Reading flat files: typed tables, kept cell errors, and located refusals of bad structure."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from collectors import InputError, coerce, read_flat, read_survey_files
from schemas import default_questionnaire
from tests.tables import EA, HOUSEHOLDS, md, write_csv

Q = default_questionnaire()


def test_a_csv_with_a_byte_order_mark_reads_into_typed_columns(tmp_path: Path) -> None:
    flat = read_flat(write_csv(tmp_path, "households.csv", HOUSEHOLDS, bom=True), Q.households)
    table = flat.table
    assert table["ea_id"].tolist() == [EA, EA]
    assert table["hh_no"].tolist() == ["001", "002"]
    assert str(table["n_present"].dtype) == "Int64"
    assert table["floor_area"].isna().tolist() == [False, True]
    assert flat.rows.tolist() == [2, 3]
    assert flat.cell_errors.empty


def test_an_unparseable_cell_is_kept_as_a_cell_error_not_refused(tmp_path: Path) -> None:
    text = HOUSEHOLDS.replace("| 2         | 0      |", "| abc       | 0      |", 1)
    flat = read_flat(write_csv(tmp_path, "households.csv", text), Q.households)
    assert flat.table["n_present"].isna().tolist() == [True, False]
    errors = flat.cell_errors
    assert errors[["row", "hh_no", "field", "value"]].values.tolist() == [
        [2, "001", "n_present", "abc"]
    ]


def test_a_fraction_in_an_integer_item_is_a_cell_error(tmp_path: Path) -> None:
    text = HOUSEHOLDS.replace("| 80         |", "| 80.5       |")
    flat = read_flat(write_csv(tmp_path, "households.csv", text), Q.households)
    assert flat.cell_errors["value"].tolist() == ["80.5"]


@pytest.mark.parametrize(
    ("item", "cell"),
    [
        ("n_present", "0x1F"),  # Arrow reads hexadecimal integers
        ("n_present", "0X2"),
        ("n_present", "inf"),
        ("n_away", "nan"),
        ("n_present", "9007199254740993"),  # 2**53 + 1: a float64 would store 2**53
        ("n_present", "9007199254740992"),  # 2**53 itself: beside a number it cannot tell apart
    ],
)
def test_a_cell_that_only_a_parser_calls_a_number_is_a_cell_error(
    tmp_path: Path, item: str, cell: str
) -> None:
    frame = md(HOUSEHOLDS).astype(object)
    frame.loc[0, item] = cell
    frame.to_csv(tmp_path / "households.csv", index=False)
    flat = read_flat(tmp_path / "households.csv", Q.households)
    assert flat.cell_errors[["field", "value"]].values.tolist() == [[item, cell]]
    assert flat.table[item].isna().tolist() == [True, False]


@pytest.mark.parametrize("cell", ["nan", "inf", "-Infinity", "0x1p3"])
def test_a_probability_that_is_not_a_finite_number_is_a_cell_error(cell: str) -> None:
    eas = pd.DataFrame(
        {
            "ea_id": [EA, EA[:-1] + "2"],
            "name": ["一区", "二区"],
            "stratum": ["3701", "3701"],
            "psu": ["370102001001"] * 2,
            "prob": [cell, "0.02"],
        }
    )
    typed, errors = coerce(Q.tables["eas"], eas)
    assert errors[["field", "value"]].values.tolist() == [["prob", cell]]
    assert typed["prob"].isna().tolist() == [True, False]


def refusal(path: Path, table: str = "households") -> list[str]:
    with pytest.raises(InputError) as caught:
        read_flat(path, Q.tables[table])
    return [p.message() for p in caught.value.problems]


def test_a_missing_column_is_refused_with_its_name(tmp_path: Path) -> None:
    frame = md(HOUSEHOLDS).drop(columns=["rooms"])
    path = tmp_path / "households.csv"
    frame.to_csv(path, index=False)
    assert refusal(path) == [
        "households.csv, row 1, column rooms: the required column 'rooms' (Number of rooms) is "
        "missing; add it to the header (leave its cells blank where there is no answer)"
    ]


def test_an_unknown_column_is_refused(tmp_path: Path) -> None:
    frame = md(HOUSEHOLDS).assign(colour="red")
    path = tmp_path / "households.csv"
    frame.to_csv(path, index=False)
    (message,) = refusal(path)
    assert message.startswith("households.csv, row 1, column colour: 'colour' is not a column")


def test_a_duplicate_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "households.csv"
    path.write_text("ea_id,hh_no,hh_no\n1,2,3\n", encoding="utf-8")
    assert refusal(path) == [
        "households.csv, row 1, column hh_no: column 'hh_no' appears twice in the header "
        "(cells 2 and 3); keep one"
    ]


def test_a_duplicate_key_is_refused_with_both_rows(tmp_path: Path) -> None:
    text = HOUSEHOLDS.replace("| 002   |", "| 001   |")
    assert refusal(write_csv(tmp_path, "households.csv", text)) == [
        f"households.csv, row 3, column hh_no: ea_id/hh_no {EA}/001 is repeated on rows 2 and 3; "
        "keep one row per key"
    ]


def test_a_blank_key_is_refused(tmp_path: Path) -> None:
    text = HOUSEHOLDS.replace("| 002   |", "| .     |")
    (message,) = refusal(write_csv(tmp_path, "households.csv", text))
    assert message.startswith(
        "households.csv, row 3, column hh_no: the key column 'hh_no' is blank"
    )


def test_a_row_with_extra_cells_is_refused_with_its_row(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "households.csv", HOUSEHOLDS)
    path.write_text(path.read_text() + f"{EA},003,1,1,0,0,0,0,0,1,50,2,surplus\n")
    (message,) = refusal(path)
    assert message.startswith("households.csv, row 4: has 13 cells but the header has 12")


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "persons.csv"
    path.write_bytes("ea_id,hh_no,name\n1,001,张伟\n".encode("gb18030"))
    (message,) = refusal(path, "persons")
    assert message.startswith("persons.csv, row 2: is not UTF-8 text")


def test_an_empty_or_missing_file_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "households.csv"
    empty.write_text("")
    assert refusal(empty) == ["households.csv: is empty; it needs a header row and data rows"]
    (message,) = refusal(tmp_path / "nowhere.csv")
    assert message.startswith("nowhere.csv: cannot be read")


def test_an_xlsx_workbook_reads_its_named_sheet(tmp_path: Path) -> None:
    path = tmp_path / "survey.xlsx"
    with pd.ExcelWriter(path) as book:
        pd.DataFrame({"note": ["cover sheet"]}).to_excel(book, sheet_name="readme", index=False)
        md(HOUSEHOLDS).to_excel(book, sheet_name="households", index=False)
    flat = read_flat(path, Q.households)
    assert flat.table["hh_no"].tolist() == ["001", "002"]
    assert flat.table["n_present"].tolist() == [2, 1]


def test_an_xlsx_without_the_sheet_says_which_sheets_it_has(tmp_path: Path) -> None:
    path = tmp_path / "survey.xlsx"
    with pd.ExcelWriter(path) as book:
        md(HOUSEHOLDS).to_excel(book, sheet_name="hh", index=False)
        md(HOUSEHOLDS).to_excel(book, sheet_name="other", index=False)
    (message,) = refusal(path)
    assert "has no sheet named 'households'" in message
    assert "sheets found: hh, other" in message


def test_problems_of_both_record_files_are_reported_together(tmp_path: Path) -> None:
    households = tmp_path / "households.csv"
    households.write_text("ea_id,hh_no\n", encoding="utf-8")
    persons = tmp_path / "persons.csv"
    persons.write_text("ea_id,hh_no,line_no,shoe_size\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_survey_files(Q, households, persons)
    files = {p.file for p in caught.value.problems}
    assert files == {"households.csv", "persons.csv"}
    assert any(p.column == "shoe_size" for p in caught.value.problems)


def test_messages_are_given_in_chinese_too(tmp_path: Path) -> None:
    text = HOUSEHOLDS.replace("| 002   |", "| 001   |")
    with pytest.raises(InputError) as caught:
        read_flat(write_csv(tmp_path, "households.csv", text), Q.households)
    assert caught.value.messages("zh") == [
        f"households.csv，第3行，列 hh_no: ea_id/hh_no {EA}/001 在第2行和第3行重复；每个编号只能有一行"
    ]
