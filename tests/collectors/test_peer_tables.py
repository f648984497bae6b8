"""The invalid tables of frictionless-py's own tests, read by our flat-file reader.

They live in ../shared/testdata (not copied into the project); the tests skip when it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from collectors import InputError, read_flat
from schemas import parse_definition

PEER = Path(__file__).parents[2].parent / "shared" / "testdata" / "peer-tests" / "frictionless"
pytestmark = pytest.mark.skipif(not PEER.is_dir(), reason=f"{PEER} is not here (shared testdata)")

DEFINITION = """
id: peer
version: "1"
title: {zh: 测试, en: Peer tables}
reference: {year: 2024, month: 1}
tables:
  households:
    label: {zh: 表, en: Rows}
    key: [id]
    items:
      - {name: id, label: {zh: 编号, en: Id}, type: text}
      - {name: name, label: {zh: 名称, en: Name}, type: text}
      - {name: age, label: {zh: 年龄, en: Age}, type: integer, range: [0, 120], required: false}
  persons:
    label: {zh: 人, en: Persons}
    key: [id]
    items:
      - {name: id, label: {zh: 编号, en: Id}, type: text}
"""
TABLE = parse_definition(DEFINITION).households


def problems(name: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        read_flat(PEER / name, TABLE)
    return [p.message() for p in caught.value.problems]


def test_a_blank_cell_is_read_as_blank_not_refused() -> None:
    flat = read_flat(PEER / "blank-cells.csv", TABLE)
    assert flat.table["name"].isna().tolist() == [False] * 4 + [True]
    assert flat.rows.tolist() == [2, 3, 4, 5, 6]


def test_repeated_header_cells_are_each_named() -> None:
    assert problems("duplicate-headers.csv") == [
        "duplicate-headers.csv, row 1, column id: column 'id' appears twice in the header "
        "(cells 1 and 3); keep one",
        "duplicate-headers.csv, row 1, column id: column 'id' appears twice in the header "
        "(cells 1 and 5); keep one",
    ]


def test_a_repeated_row_is_a_repeated_key() -> None:
    assert problems("duplicate-rows.csv") == [
        "duplicate-rows.csv, row 4, column id: id 1101 is repeated on rows 2 and 4; "
        "keep one row per key"
    ]


def test_a_blank_and_a_repeated_header_cell_are_both_reported() -> None:
    assert problems("invalid.csv") == [
        "invalid.csv, row 1: header cell 3 is blank; give the column its name",
        "invalid.csv, row 1, column name: column 'name' appears twice in the header "
        "(cells 2 and 4); keep one",
    ]
