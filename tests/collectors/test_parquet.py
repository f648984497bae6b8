"""Parquet record files: read as the CSV of the same table would be, cell for cell, so the same
rules find the same problems, whole, in chunks of EAs and on Dask."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from collectors import InputError, read_flat
from schemas import default_questionnaire
from survey import synth
from survey.cli import main
from tests.tables import HOUSEHOLDS, md

Q = default_questionnaire()


def typed(text: str) -> pd.DataFrame:
    """The markdown table as another organisation's tool would write it: numbers as float64
    (a blank becomes NaN), codes with leading zeros as text."""
    frame = md(text)
    for column in frame.columns:
        if column not in ("ea_id", "hh_no"):
            frame[column] = pd.to_numeric(frame[column].replace("", None), errors="coerce")
    return frame


def test_a_parquet_file_reads_into_the_typed_columns_a_csv_gives(tmp_path: Path) -> None:
    path = tmp_path / "households.parquet"
    typed(HOUSEHOLDS).to_parquet(path, index=False)
    flat = read_flat(path, Q.households)
    assert flat.table["hh_no"].tolist() == ["001", "002"]  # leading zeros kept: a text column
    assert str(flat.table["n_present"].dtype) == "Int64"  # 2.0 written as a float is 2
    assert flat.table["n_present"].tolist() == [2, 1]
    assert flat.table["floor_area"].tolist()[0] == 80  # 80.0 as a float
    assert flat.table["rooms"].isna().tolist() == [False, True]  # NaN is a blank
    assert flat.rows.tolist() == [2, 3]  # numbered as the same table's CSV: header = row 1
    assert flat.cell_errors.empty


def test_text_in_a_numeric_item_is_a_located_cell_error(tmp_path: Path) -> None:
    path = tmp_path / "households.parquet"
    md(HOUSEHOLDS.replace("| 3     |", "| three |")).to_parquet(path, index=False)  # all text
    flat = read_flat(path, Q.households)
    assert flat.cell_errors[["row", "hh_no", "field", "value"]].values.tolist() == [
        [2, "001", "rooms", "three"]
    ]


def test_a_damaged_file_is_refused_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "households.parquet"
    path.write_bytes(b"ea_id,hh_no\n")  # a CSV saved under the wrong name
    with pytest.raises(InputError) as refused:
        read_flat(path, Q.households)
    [problem] = refused.value.problems
    assert (problem.file, problem.code) == ("households.parquet", "unreadable")
    assert "CSV" in problem.message_en
    assert "Parquet" in problem.message_zh


def test_a_column_of_lists_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "households.parquet"
    table = pa.Table.from_pandas(typed(HOUSEHOLDS), preserve_index=False)
    rooms = pa.array([[3], [1, 2]])
    pq.write_table(table.set_column(table.schema.get_field_index("rooms"), "rooms", rooms), path)
    with pytest.raises(InputError) as refused:
        read_flat(path, Q.households)
    [problem] = refused.value.problems
    assert problem.column == "rooms"
    assert "one value per cell" in problem.message_en


def test_a_repeated_column_name_is_refused_like_a_repeated_csv_header(tmp_path: Path) -> None:
    path = tmp_path / "households.parquet"
    table = pa.Table.from_pandas(typed(HOUSEHOLDS), preserve_index=False)
    pq.write_table(table.append_column("rooms", table.column("rooms")), path)
    with pytest.raises(InputError) as refused:
        read_flat(path, Q.households)
    assert [p.column for p in refused.value.problems] == ["rooms"]


@pytest.mark.slow
def test_every_engine_finds_in_parquet_what_it_finds_in_csv(tmp_path: Path) -> None:
    data, _ = synth.inject_errors(Q, synth.generate(Q, 600, seed=4), synth.INJECTABLE, seed=4)
    files: dict[str, dict[str, Path]] = {"csv": {}, "parquet": {}}
    for name in ("households", "persons"):
        table = getattr(data, name).sample(frac=1.0, random_state=3)
        for kind in files:
            files[kind][name] = tmp_path / f"{name}.{kind}"
        table.to_csv(files["csv"][name], index=False)
        table.to_parquet(files["parquet"][name], index=False, row_group_size=500)

    def check(kind: str, *options: str) -> str:
        out = tmp_path / f"{kind}{len(options)}.csv"
        given = [a for name, path in files[kind].items() for a in (f"--{name}", str(path))]
        assert main(["check", *given, *options, "--findings", str(out)]) == 1
        return out.read_text(encoding="utf-8").replace(f".{kind}", ".FILE")

    from_csv = check("csv", "--memory-mb", "0")
    assert from_csv.count("\n") > 40  # one of each injectable problem, and what follows
    assert check("parquet", "--memory-mb", "0") == from_csv  # whole
    assert check("parquet", "--memory-mb", "1") == from_csv  # in chunks of EAs
    assert check("parquet", "--engine", "dask", "--memory-mb", "1") == from_csv
