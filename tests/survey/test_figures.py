"""The no-miss figures of dashboards and `survey status` come from counts kept with each version,
and are the figures the households' data give."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from survey.collection.revalidate import current_with_enumerators, validate_all
from survey.context import Survey
from survey.progress.figures import GROUPINGS, no_miss
from survey.store import fields, listings
from survey.store import findings as findings_store
from survey.synth.demo import build_demo
from validation import no_miss_figures


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("figures") / "demo.db"
    build_demo(path, households=80, seed=5)
    return path


@pytest.fixture
def survey(demo: Path, tmp_path: Path) -> Iterator[Survey]:
    copy = tmp_path / "survey.db"
    with Survey.open(demo) as original:
        original.store.db.conn.execute("VACUUM INTO ?", [str(copy)])
    with Survey.open(copy) as survey:
        yield survey


def from_the_data(survey: Survey) -> dict[str, pd.DataFrame]:
    """The figures computed by reading every current household back."""
    current = current_with_enumerators(survey)
    listing = listings.read(survey.store.read, survey.questionnaire, "listing")
    stored = findings_store.current(survey.store.read)
    return {
        name: no_miss_figures(
            survey.questionnaire,
            current.households,
            current.persons,
            stored,
            listing=listing,
            by=by,
        )
        for name, by in GROUPINGS.items()
    }


def kept(survey: Survey) -> int:
    return int(survey.store.read.execute("SELECT COUNT(*) FROM version_fields").fetchone()[0])


def test_every_submitted_version_keeps_its_field_counts(survey: Survey) -> None:
    versions = survey.store.read.execute("SELECT COUNT(*) FROM versions").fetchone()[0]
    assert kept(survey) == versions > 0


def test_figures_from_kept_counts_are_the_figures_of_the_data(survey: Survey) -> None:
    expected = from_the_data(survey)
    for name, figures in no_miss(survey).items():
        pd.testing.assert_frame_equal(figures, expected[name], check_dtype=False)
    overall = no_miss(survey)[""].iloc[0]
    assert 0 < overall["item_completeness"] < 1  # the demo has blanks: the figure is not trivial


def test_a_database_older_than_the_counts_gets_the_same_figures(survey: Survey) -> None:
    expected = no_miss(survey)
    with survey.store.write() as db:
        db.execute("DELETE FROM version_fields WHERE version_id % 2 = 0")
    for name, figures in no_miss(survey).items():
        pd.testing.assert_frame_equal(figures, expected[name])
    assert fields.current(survey.store.read)["applicable_fields"].isna().any()
    validate_all(survey)  # keeps every current version's counts again
    assert fields.current(survey.store.read)["applicable_fields"].notna().all()
