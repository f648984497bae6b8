"""A batch of households becomes one version each, every row filed under its own household's
version; looking households and ID numbers up searches an index, whatever the survey's size."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest
import sqlite_utils

from collectors import Batch
from survey.collection.submission import explanations_table, submit
from survey.context import Survey
from survey.store import migrations
from survey.store.people import current_version_ids_with_ids
from survey.store.tables import python_rows, rows_for_keys
from tests.families import EA1, EA2, family
from tests.survey.households import Q, batch, new_survey


@pytest.fixture
def survey(tmp_path: Path) -> Iterator[Survey]:
    survey, _ = new_survey(tmp_path / "s.db")
    yield survey
    survey.close()


def three_households() -> Batch:
    """EA1/001, EA2/001 (the same number in another EA) and EA1/002, with the persons of the
    second household listed first and a cell that could not be read in the third."""
    parts = [batch(*family("001", EA1)), batch(*family("001", EA2)), batch(*family("002", EA1))]
    households = pd.concat([p.households for p in parts], ignore_index=True)
    persons = pd.concat([parts[1].persons, parts[0].persons, parts[2].persons], ignore_index=True)
    unreadable = {"table": "persons", "row": None, "ea_id": EA1, "hh_no": "002", "line_no": 2}
    errors = pd.DataFrame([{**unreadable, "field": "birth_year", "value": "198?"}])
    return Batch(households, persons, errors)


def test_each_row_of_a_batch_is_filed_under_its_own_households_version(survey: Survey) -> None:
    notes = explanations_table(
        [{"ea_id": EA2, "hh_no": "001", "rule_id": "R-04", "line_no": 2, "text": "再婚"}]
    )
    stored = submit(survey, three_households(), source="import", explanations=notes).households
    version = {(r.ea_id, r.hh_no): r.version_id for r in stored.itertuples()}
    db = survey.store.read

    people = db.execute(
        "SELECT v.ea_id, v.hh_no, COUNT(*), MIN(p.seq), MAX(p.seq), SUM(p.ea_id = v.ea_id) "
        "FROM person_rows p JOIN versions v ON v.id = p.version_id GROUP BY p.version_id "
        "ORDER BY v.id"
    ).fetchall()
    assert people == [(EA1, "001", 3, 1, 3, 3), (EA2, "001", 3, 1, 3, 3), (EA1, "002", 3, 1, 3, 3)]
    assert db.execute("SELECT version_id, field, value FROM cell_errors").fetchall() == [
        (version[(EA1, "002")], "birth_year", "198?")
    ]
    assert db.execute("SELECT version_id, rule_id, line_no, text FROM explanations").fetchall() == [
        (version[(EA2, "001")], "R-04", 2, "再婚")
    ]
    listed = db.execute("SELECT ea_id, hh_no, listed FROM households ORDER BY rowid").fetchall()
    assert listed == [(EA1, "001", 1), (EA2, "001", 1), (EA1, "002", 1)]


def test_a_resubmitted_household_gets_the_next_version_and_the_others_their_first(
    survey: Survey,
) -> None:
    submit(survey, batch(*family("001", EA1)), source="import")
    stored = submit(survey, three_households(), source="import").households
    assert list(
        zip(stored.hh_no, stored.ea_id, stored.version, stored.from_state, strict=True)
    ) == [
        ("001", EA1, 2, "submitted"),
        ("001", EA2, 1, None),
        ("002", EA1, 1, None),
    ]


def test_rows_to_bind_hold_plain_python_values_and_none_for_blanks() -> None:
    frame = pd.DataFrame(
        {
            "n": pd.array([1, None], dtype="Int64"),
            "area": pd.array([90.5, None], dtype="Float64"),
            "name": pd.array(["张伟", None], dtype="string"),
            "count": [3, 4],
        }
    )
    rows = python_rows(frame, ["name", "n", "area", "count"])
    assert rows == [("张伟", 1, 90.5, 3), (None, None, None, 4)]
    assert [type(v) for v in rows[0]] == [str, int, float, int]


def plans(survey: Survey, look_up: Callable[[sqlite_utils.Database], object]) -> list[str]:
    """The query plans of every statement ``look_up`` runs."""
    statements: list[str] = []
    db = survey.store.read
    db.conn.set_trace_callback(statements.append)
    try:
        look_up(db)
    finally:
        db.conn.set_trace_callback(None)
    return [
        " / ".join(row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall())
        for sql in statements
    ]


def test_looking_up_a_few_households_searches_the_key_instead_of_scanning(survey: Survey) -> None:
    keys = pd.DataFrame({"ea_id": [EA1, EA2], "hh_no": ["001", "001"]})
    found = rows_for_keys(survey.store.read, "listing", ["ea_id", "hh_no", "head_name"], keys)
    assert sorted(found["head_name"]) == ["张伟", "赵强"]
    (plan,) = plans(survey, lambda db: rows_for_keys(db, "listing", ["head_name"], keys))
    assert "SEARCH listing USING INDEX" in plan
    assert "SCAN listing" not in plan


def test_checking_id_numbers_against_the_survey_searches_an_index(survey: Survey) -> None:
    household, persons = family("001", EA1)
    submit(survey, batch(household, persons), source="import")
    wanted = [str(persons[1]["id_number"]), "110101199001011237"]
    found = current_version_ids_with_ids(survey.store.read, wanted)
    assert list(found["id_number"]) == [persons[1]["id_number"]]
    (plan,) = plans(survey, lambda db: current_version_ids_with_ids(db, wanted))
    assert "USING INDEX person_rows_id_number" in plan


def test_a_database_made_before_the_id_index_gets_it_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Survey.create(path, Q) as survey, survey.store.write() as db:
        db.execute("DROP INDEX person_rows_id_number")
        db.execute("DELETE FROM schema_migrations WHERE name = 'person_id_number_index'")
    with Survey.open(path) as survey:
        assert migrations.migrate(survey.store) == []  # applied on opening
        indexes = {row[1] for row in survey.store.read.execute("PRAGMA index_list(person_rows)")}
        assert "person_rows_id_number" in indexes
