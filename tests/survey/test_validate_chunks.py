"""`survey validate` over the database in chunks of EAs stores and returns what the
whole-database run does."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from survey.collection.revalidate import validate_all
from survey.context import Survey
from survey.store import findings as findings_store
from survey.synth.demo import build_demo


def stored(survey: Survey) -> pd.DataFrame:
    found = findings_store.current(survey.store.read).drop(columns="id")  # ids are new
    return found.sort_values(list(found.columns), ignore_index=True)


def test_validate_in_chunks_stores_the_findings_of_the_whole_run(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    build_demo(path, households=700, seed=9)
    with Survey.open(path) as survey:
        whole = validate_all(survey)
        whole_stored = stored(survey)
        shares: list[float] = []
        chunked = validate_all(survey, memory_mb=1, progress=lambda s, _: shares.append(s))
        assert len(shares) > 2  # 1 MB holds 1,000 persons: the demo's 2,400 take three chunks
        pd.testing.assert_frame_equal(chunked, whole)
        pd.testing.assert_frame_equal(stored(survey), whole_stored)
    assert {"A-04", "C-01"} <= set(whole["rule_id"])
