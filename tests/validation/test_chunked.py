"""Whole-survey validation in chunks of EAs finds exactly what validating everything at once
finds: the same rows, in the same order, on synthetic surveys with every injectable problem
and on real census material."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from collectors import read_frame, read_survey_files
from schemas import default_questionnaire
from survey import synth
from survey.cli import main
from survey.collection.checking import check_files
from validation import validate
from validation.chunked import chunks_of, ea_sizes, plan_chunks, validate_chunks

SHARED = Path(__file__).parents[2].parent / "shared" / "testdata"
GHANA = SHARED / "microdata" / "ghanaS-simPop" / "ghanaS.csv.gz"
needs = pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} is not here (shared testdata)")


@pytest.fixture(scope="module")
def survey_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A 1,200-household survey with every injectable problem, households shuffled so that
    the files are not in EA order, as files."""
    q = default_questionnaire()
    data, _ = synth.inject_errors(q, synth.generate(q, 1200, seed=7), synth.INJECTABLE, seed=7)
    folder = tmp_path_factory.mktemp("chunked")
    households = data.households.sample(frac=1.0, random_state=1)
    paths = {name: folder / f"{name}.csv" for name in ("households", "persons", "listing", "eas")}
    households.to_csv(paths["households"], index=False)
    data.persons.sample(frac=1.0, random_state=2).to_csv(paths["persons"], index=False)
    data.listing.to_csv(paths["listing"], index=False)
    data.eas.to_csv(paths["eas"], index=False)
    return paths


def test_chunks_of_eas_find_what_the_whole_survey_finds(survey_files: dict[str, Path]) -> None:
    q = default_questionnaire()
    batch = read_survey_files(q, survey_files["households"], survey_files["persons"], repeats=True)
    listing = read_frame(q, "listing", survey_files["listing"])
    eas = read_frame(q, "eas", survey_files["eas"])
    enumerator = "e" + pd.Series(np.arange(len(batch.households)) % 5).astype(str)
    households = batch.households.assign(enumerator=enumerator)  # … A-03 by them
    whole = validate(
        q,
        households,
        batch.persons,
        cell_errors=batch.cell_errors,
        listing=listing,
        eas=eas,
        aggregates=True,
    )
    plan = plan_chunks(ea_sizes(batch.households["ea_id"], batch.persons["ea_id"]), 600)
    assert len(plan) > 3
    chunks = chunks_of(households, batch.persons, batch.cell_errors, plan)
    chunked = validate_chunks(q, chunks, listing=listing, eas=eas, aggregates=True)
    survey_wide = {"ID-05", "C-01", "C-04", "A-04"}
    assert survey_wide <= set(whole["rule_id"])
    pd.testing.assert_frame_equal(chunked, whole)


def test_check_in_chunks_reads_the_files_in_pieces_and_finds_the_same(
    survey_files: dict[str, Path],
) -> None:
    q = default_questionnaire()
    files = (q, survey_files["households"], survey_files["persons"])
    frames = {"listing": survey_files["listing"], "eas": survey_files["eas"]}
    whole = check_files(*files, **frames, memory_mb=None)
    shares: list[float] = []
    chunked = check_files(*files, **frames, memory_mb=4, progress=lambda s, _: shares.append(s))
    assert len(shares) > 3
    assert shares[-1] == 1.0
    pd.testing.assert_frame_equal(chunked, whole)


def test_a_chunk_reports_an_unreadable_cell_at_its_row_in_the_original_file(
    tmp_path: Path,
) -> None:
    q = default_questionnaire()
    data = synth.generate(q, 300, seed=3)
    persons = data.persons.astype({"birth_year": "string"})
    persons.loc[250, "birth_year"] = "19x0"
    persons.to_csv(tmp_path / "persons.csv", index=False)
    data.households.to_csv(tmp_path / "households.csv", index=False)
    from collectors.chunks import ea_rows, read_chunk, split_by_ea

    sizes = ea_rows(tmp_path / "persons.csv", q.persons)
    plan = plan_chunks(sizes, 200)
    chunk_of = {ea: i for i, eas in enumerate(plan) for ea in eas}
    parts = split_by_ea(tmp_path / "persons.csv", q.persons, chunk_of, len(plan), tmp_path / "c")
    errors = pd.concat([read_chunk(p, q.persons, "persons.csv").cell_errors for p in parts])
    assert errors[["row", "field", "value"]].values.tolist() == [[252, "birth_year", "19x0"]]


@needs
def test_ghana_checked_in_chunks_writes_the_same_findings_file(tmp_path: Path) -> None:
    out = tmp_path / "gh"
    keys = ["--household-id", "hhid", "--ea", "clust", "--reference", "2010-01"]
    assert main(["microdata", "data", str(GHANA), *keys, "-o", str(out)]) == 0
    files = ["--households", str(out / "households.csv"), "--persons", str(out / "persons.csv")]
    command = ["check", "--questionnaire", str(out / "questionnaire.yaml"), *files]
    assert main([*command, "--memory-mb", "0", "--findings", str(tmp_path / "whole.csv")]) == 1
    assert main([*command, "--memory-mb", "1", "--findings", str(tmp_path / "chunks.csv")]) == 1
    whole = (tmp_path / "whole.csv").read_bytes()
    assert whole.count(b"\n") > 1000
    assert (tmp_path / "chunks.csv").read_bytes() == whole
