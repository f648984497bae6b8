"""Generated households through the real path — submitted, validated, approved — then exported."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from collectors import Batch
from survey import synth
from survey.collection.frame import store_frame
from survey.collection.submission import submit
from survey.context import Survey
from survey.export import export_dataset
from survey.review.actions import bulk_approve
from tests.export.builder import Q, office
from tests.export.expected import approved, rows


def test_generated_households_approved_through_review_are_exported_whole(tmp_path: Path) -> None:
    data = synth.generate(Q, 40, seed=3)
    with Survey.create(tmp_path / "survey.db", Q) as survey:
        store_frame(survey, "eas", data.eas, "eas")
        store_frame(survey, "listing", data.listing, "listing")
        stored = submit(survey, Batch(data.households, data.persons), source="import")
        keys = stored.households[["ea_id", "hh_no", "version"]].itertuples(index=False)
        done = bulk_approve(survey, office(survey), [(e, h, int(v)) for e, h, v in keys])
        manifest = export_dataset(survey, tmp_path / "out", formats="parquet,csv")
        expected = approved(survey)
    assert manifest.households == len(done) > 30
    assert {e["reason"] for e in manifest.left_out} <= {
        "not_enumerated",
        "unresolved_errors",
        "unexplained_warnings",
    }
    for table in ("households", "persons"):
        frame = pd.read_parquet(tmp_path / "out" / f"{table}.parquet")
        assert rows(frame) == rows(expected[table], list(frame.columns))
    weighted = sum(s.weighted_persons for s in manifest.strata)
    assert weighted == pytest.approx(sum(1 / p for p in expected["persons"]["prob"]))
