"""Public-use files: no direct identifiers anywhere, stable pseudonyms, top codes, k-anonymity."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyreadstat
import pytest
from openpyxl import load_workbook

from survey.context import Survey
from survey.export import Manifest, export_dataset
from survey.store import export as export_store
from tests.export.builder import EA_A, EAS, LISTING, PERSONS, Q, fieldwork, typed

PEOPLE = typed("persons", PERSONS)
LISTED = typed("listing", LISTING)
FRAME = typed("eas", EAS)
NAMES = set(PEOPLE["name"]) | set(LISTED["head_name"].dropna())
ID_NUMBERS = set(PEOPLE["id_number"].dropna())
ADDRESSES = {f"{b}/{u}" for b, u in zip(LISTED["building_no"], LISTED["unit_no"], strict=True)}
CODES = set(FRAME["ea_id"]) | set(FRAME["psu"]) | set(FRAME["name"])


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Survey, Manifest, Path]]:
    folder = tmp_path_factory.mktemp("public")
    survey = fieldwork(folder / "survey.db")
    manifest = export_dataset(survey, folder / "out", public=True)
    yield survey, manifest, folder / "out"
    survey.close()


def tables(out: Path) -> Iterator[tuple[str, pd.DataFrame]]:
    """Every data table of the export, as read by its own reader."""
    for table in ("households", "persons"):
        yield f"{table}.csv", pd.read_csv(out / f"{table}.csv", dtype=str, encoding="utf-8-sig")
        yield f"{table}.parquet", pd.read_parquet(out / f"{table}.parquet")
        yield f"{table}.dta", pyreadstat.read_dta(str(out / f"{table}.dta"))[0]
        yield f"{table}.sav", pyreadstat.read_sav(str(out / f"{table}.sav"))[0]
    book = load_workbook(out / "dataset.xlsx", read_only=True)
    for sheet in book.worksheets:
        values = list(sheet.iter_rows(values_only=True))
        yield f"dataset.xlsx:{sheet.title}", pd.DataFrame(values[1:], columns=values[0])
    yield "k_anonymity.csv", pd.read_csv(out / "k_anonymity.csv", dtype=str, encoding="utf-8-sig")


def test_no_column_of_any_public_file_holds_a_name_id_number_address_or_real_code(
    public: tuple[Survey, Manifest, Path],
) -> None:
    _, _, out = public
    seen = 0
    for where, frame in tables(out):
        for column in frame.columns:
            cells = {str(v).strip() for v in frame[column].dropna()}
            seen += len(cells)
            assert not cells & NAMES, (where, column)
            assert not cells & ID_NUMBERS, (where, column)
            assert not cells & CODES, (where, column)
            assert not any(cell.startswith("3701") and len(cell) >= 12 for cell in cells), (
                where,
                column,
            )
    assert seen > 100


def test_no_public_file_holds_those_texts_anywhere_in_its_bytes(
    public: tuple[Survey, Manifest, Path],
) -> None:
    """Codebooks, manifest, report, and the uncompressed parts (metadata, statistics) of data."""
    _, _, out = public
    for path in out.iterdir():
        data = path.read_bytes()
        for text in NAMES | ID_NUMBERS | CODES | ADDRESSES:
            assert text.encode() not in data, (path.name, text)


def test_identifiers_and_birth_month_are_dropped_and_keys_are_pseudonymous(
    public: tuple[Survey, Manifest, Path],
) -> None:
    _, manifest, out = public
    persons = pd.read_parquet(out / "persons.parquet")
    households = pd.read_parquet(out / "households.parquet")
    assert {"name", "id_number", "birth_month", "ea_id", "hh_no", "psu"}.isdisjoint(persons.columns)
    assert {"ea_id", "hh_no", "psu"}.isdisjoint(households.columns)
    assert list(persons.columns[:7]) == [
        "ea_key",
        "hh_key",
        "line_no",
        "stratum",
        "psu_key",
        "prob",
        "weight",
    ]
    assert persons["hh_key"].str.fullmatch(r"[0-9a-f]{16}").all()
    # households and persons still link through the pseudonymous keys
    assert set(persons["hh_key"]) <= set(households["hh_key"])
    assert households["hh_key"].is_unique
    # a plain hash of the code is not the key: the key needs the survey's secret
    assert hashlib.sha256(EA_A.encode()).hexdigest()[:16] not in set(households["ea_key"])
    assert all("ea_key" in e and "ea_id" not in e for e in manifest.left_out)


def test_age_is_top_coded_and_birth_year_bottom_coded(
    public: tuple[Survey, Manifest, Path],
) -> None:
    _, _, out = public
    persons = pd.read_parquet(out / "persons.parquet")
    oldest = persons[persons["relationship"].eq(0) & persons["sex"].eq(2)].iloc[0]
    assert (oldest["age"], oldest["birth_year"]) == (95, 1929)  # born 1925-01: aged 100
    assert persons["age"].max() == Q.params.top_code_age
    _, meta = pyreadstat.read_dta(str(out / "persons.dta"))
    assert meta.variable_value_labels["age"][95] == "95 or older"
    assert meta.variable_value_labels["birth_year"][1929] == "1929 or earlier"


def test_pseudonyms_are_stable_across_exports_and_differ_between_surveys(
    public: tuple[Survey, Manifest, Path], tmp_path: Path
) -> None:
    survey, _, out = public
    first = pd.read_parquet(out / "persons.parquet")
    export_dataset(survey, tmp_path / "again", formats="parquet", public=True)
    again = pd.read_parquet(tmp_path / "again" / "persons.parquet")
    assert first["hh_key"].tolist() == again["hh_key"].tolist()
    assert export_store.pseudonym_secret(survey.store.read) is not None
    with fieldwork(tmp_path / "other.db") as other:
        assert export_store.pseudonym_secret(other.store.read) is None
        export_dataset(other, tmp_path / "other", formats="parquet", public=True)
    elsewhere = pd.read_parquet(tmp_path / "other" / "persons.parquet")
    assert set(elsewhere["hh_key"]).isdisjoint(first["hh_key"])


def test_public_rows_are_ordered_by_pseudonym_not_by_location(
    public: tuple[Survey, Manifest, Path],
) -> None:
    _, _, out = public
    households = pd.read_parquet(out / "households.parquet")
    keys = list(zip(households["ea_key"], households["hh_key"], strict=True))
    assert keys == sorted(keys)


def test_the_k_anonymity_report_lists_the_cells_below_k(
    public: tuple[Survey, Manifest, Path],
) -> None:
    _, manifest, out = public
    report = pd.read_csv(out / "k_anonymity.csv", dtype=str, encoding="utf-8-sig")
    assert list(report.columns) == ["ea_key", "sex", "age_group", "ethnicity", "persons"]
    # six persons in two EAs: every (sex, age group, ethnicity, EA) cell holds one person
    assert len(report) == 6
    assert set(report["persons"]) == {"1"}
    assert "95+" in set(report["age_group"])
    assert manifest.k_anonymity == {
        "k": 3,
        "quasi_identifiers": ["sex", "age group (5 years, top-coded)", "ethnicity", "EA"],
        "cells": 6,
        "persons": 6,
        "cells_below_k": 6,
        "persons_in_cells_below_k": 6,
    }
    written = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert written["k_anonymity"]["cells_below_k"] == 6
