"""The manifest, households left out with their reasons, weights, and re-exports."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from survey.export import ExportError, export_dataset, run, select
from survey.export.batches import to_batch
from survey.review.actions import act
from tests.export.builder import EA_A, EA_B, EA_C, PERSONS, approve, fieldwork, office, submit


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_manifest_names_every_file_with_its_rows_and_sha256(tmp_path: Path) -> None:
    with fieldwork(tmp_path / "survey.db") as survey:
        export_dataset(survey, tmp_path / "out", formats="csv,parquet")
    out = tmp_path / "out"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    files = {f["name"]: f for f in manifest["files"]}
    assert sorted(files) == sorted(p.name for p in out.iterdir() if p.name != "manifest.json")
    assert sorted(files) == [
        "codebook.html",
        "codebook.json",
        "codebook.md",
        "households.csv",
        "households.parquet",
        "persons.csv",
        "persons.parquet",
    ]
    for name, entry in files.items():
        assert entry["sha256"] == sha256(out / name)
        assert entry["bytes"] == (out / name).stat().st_size
    assert (
        files["persons.parquet"]["rows"] == pq.read_metadata(out / "persons.parquet").num_rows == 6
    )
    assert files["households.csv"]["rows"] == 4
    assert manifest["questionnaire"]["id"] == "cn-1pct-2025"
    assert manifest["questionnaire"]["version"] == "2025.1"
    assert manifest["ruleset"]["version"].startswith("sha256:")
    assert manifest["ruleset"]["rules"] > 0
    assert manifest["dataset_version"].startswith("sha256:")
    assert manifest["created_at"].startswith("20")
    assert manifest["options"] == {
        "formats": ["csv", "parquet"],
        "public": False,
        "include_unapproved": False,
        "lang": "en",
    }


def test_households_left_out_are_listed_with_their_reason(tmp_path: Path) -> None:
    with fieldwork(tmp_path / "survey.db") as survey:
        manifest = export_dataset(survey, tmp_path / "out", formats="csv")
    reasons = {(e["ea_id"], e["hh_no"]): (e["state"], e["reason"]) for e in manifest.left_out}
    assert reasons == {
        (EA_A, "003"): ("submitted", "awaiting_review"),
        (EA_A, "004"): ("returned", "returned"),
        (EA_A, "005"): (None, "not_enumerated"),
        (EA_B, "002"): ("submitted", "unresolved_errors"),
        (EA_C, "001"): ("submitted", "reopened"),
    }
    assert manifest.left_out_counts == {
        "not_enumerated": 1,
        "returned": 1,
        "reopened": 1,
        "unresolved_errors": 1,
        "awaiting_review": 1,
    }
    error = next(e for e in manifest.left_out if e["reason"] == "unresolved_errors")
    assert error["errors"] == 1
    assert error["reason_en"] == "its current version has errors not waived"
    written = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert written["left_out"]["households"] == 5
    assert written["left_out"]["list"] == manifest.left_out


def test_include_unapproved_exports_every_submitted_household_with_its_state(
    tmp_path: Path,
) -> None:
    with fieldwork(tmp_path / "survey.db") as survey:
        manifest = export_dataset(
            survey, tmp_path / "out", formats="parquet", include_unapproved=True
        )
    households = pq.read_table(tmp_path / "out" / "households.parquet").to_pandas()
    states = dict(
        zip(
            households["ea_id"] + "/" + households["hh_no"], households["review_state"], strict=True
        )
    )
    assert states[f"{EA_A}/003"] == "submitted"
    assert states[f"{EA_A}/004"] == "returned"
    assert states[f"{EA_C}/001"] == "submitted"
    assert states[f"{EA_A}/001"] == "approved"
    assert [(e["hh_no"], e["reason"]) for e in manifest.left_out] == [("005", "not_enumerated")]


def test_weights_are_one_over_the_inclusion_probability_and_summed_per_stratum(
    tmp_path: Path,
) -> None:
    with fieldwork(tmp_path / "survey.db") as survey:
        user = office(survey)
        act(survey, user, EA_C, "001", "approve", version=1)  # approved again after its reopening
        manifest = export_dataset(survey, tmp_path / "out", formats="parquet")
    persons = pq.read_table(tmp_path / "out" / "persons.parquet").to_pandas()
    by_ea = persons.groupby("ea_id")[["prob", "weight"]].first().to_dict("index")
    assert by_ea == {
        EA_A: {"prob": 0.01, "weight": 100.0},
        EA_B: {"prob": 0.02, "weight": 50.0},
        EA_C: {"prob": 0.5, "weight": 2.0},
    }
    strata = {s.stratum: s for s in manifest.strata}
    # 3701: A holds 2 households / 4 persons at 100, B 2 households / 2 persons at 50
    assert (strata["3701"].eas, strata["3701"].households, strata["3701"].persons) == (2, 4, 6)
    assert strata["3701"].weighted_households == pytest.approx(300)
    assert strata["3701"].weighted_persons == pytest.approx(500)
    assert strata["3702"].weighted_persons == pytest.approx(2)
    total = manifest.to_dict()["weighted_population"]["total"]
    assert total["weighted_persons"] == pytest.approx(502)


def test_exporting_unchanged_data_again_gives_identical_csv_parquet_and_xlsx(
    tmp_path: Path,
) -> None:
    with fieldwork(tmp_path / "survey.db") as survey:
        first = export_dataset(survey, tmp_path / "one")
        second = export_dataset(survey, tmp_path / "two")
        again = export_dataset(survey, tmp_path / "one")  # replaces the earlier export in place
    for name in [f"{t}.{s}" for t in ("households", "persons") for s in ("csv", "parquet")] + [
        "dataset.xlsx",
        "codebook.json",
    ]:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
        assert first.file(name).sha256 == second.file(name).sha256 == again.file(name).sha256
    assert first.dataset_version == second.dataset_version == again.dataset_version


def test_the_dataset_version_changes_with_the_content_not_with_the_chunking(
    tmp_path: Path,
) -> None:
    with fieldwork(tmp_path / "survey.db") as survey:
        whole = export_dataset(survey, tmp_path / "whole", formats="csv,parquet")
        chunked = export_dataset(
            survey, tmp_path / "chunked", formats="csv,parquet", chunk_households=1
        )
        approve(survey, office(survey), [(EA_A, "003")])
        more = export_dataset(survey, tmp_path / "more", formats="csv")
    assert pq.read_metadata(tmp_path / "chunked" / "persons.parquet").num_row_groups == 3
    assert chunked.dataset_version == whole.dataset_version
    assert chunked.file("persons.csv").sha256 == whole.file("persons.csv").sha256
    assert more.dataset_version != whole.dataset_version
    assert more.households == whole.households + 1


def test_a_folder_holding_other_files_is_refused_and_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    with fieldwork(tmp_path / "survey.db") as survey, pytest.raises(ExportError) as caught:
        export_dataset(survey, out)
    assert "not empty" in caught.value.message()
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_failed_export_leaves_the_earlier_one_in_place(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with fieldwork(tmp_path / "survey.db") as survey:
        export_dataset(survey, out, formats="csv")
        before = {p.name: p.read_bytes() for p in out.iterdir()}
        with pytest.raises(ExportError):
            export_dataset(survey, out, formats="csv,pdf")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_an_approved_household_whose_ea_cannot_be_weighted_is_left_out(tmp_path: Path) -> None:
    stray = "370102999999001"  # approved, but its EA has no frame row (no inclusion probability)
    households = f"""
    | ea_id   | hh_no | hh_type | n_present | n_away | births_m | births_f | deaths_m | deaths_f | dwelling_type | floor_area | rooms |
    | {stray} | 001   | 1       | 0         | 0      | 0        | 0        | 1        | 0        | .             | .          | .     |
    """
    with fieldwork(tmp_path / "survey.db") as survey:
        submit(survey, households, PERSONS)
        approve(survey, office(survey), [(stray, "001")])
        manifest = export_dataset(survey, tmp_path / "out", formats="csv")
    assert manifest.households == 4
    assert [e["reason"] for e in manifest.left_out if e["ea_id"] == stray] == ["no_design_weight"]


@pytest.mark.parametrize(
    ("state", "current", "approved", "weighted", "errors", "unexplained", "reason"),
    [
        (None, None, None, 1, 0, 0, "not_enumerated"),
        ("draft", None, None, 1, 0, 0, "draft"),
        ("approved", 1, 1, 0, 0, 0, "no_design_weight"),
        ("returned", 2, None, 1, 3, 0, "returned"),
        ("submitted", 2, 1, 1, 1, 0, "reopened"),
        ("submitted", 1, None, 1, 2, 1, "unresolved_errors"),
        ("submitted", 1, None, 1, 0, 1, "unexplained_warnings"),
        ("submitted", 1, None, 1, 0, 0, "awaiting_review"),
    ],
)
def test_the_reason_for_leaving_a_household_out(
    state: str | None,
    current: int | None,
    approved: int | None,
    weighted: int,
    errors: int,
    unexplained: int,
    reason: str,
) -> None:
    row = {
        "ea_id": EA_A,
        "hh_no": "001",
        "state": state,
        "current_version": current,
        "approved_version": approved,
        "weighted": weighted,
        "errors": errors,
        "unexplained": unexplained,
    }
    assert select.reason(row) == reason


def test_a_failure_midway_leaves_no_staging_folder_and_no_open_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []

    def failing(*args: Any) -> pa.RecordBatch:
        calls.append(1)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return to_batch(*args)

    monkeypatch.setattr(run, "to_batch", failing)
    with fieldwork(tmp_path / "survey.db") as survey, pytest.raises(OSError, match="No space"):
        export_dataset(survey, tmp_path / "out", chunk_households=2)
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("survey.db")] == []
