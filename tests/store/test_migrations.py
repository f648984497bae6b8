"""Migrations run on an empty database and bring an existing one forward, keeping its data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from schemas import default_questionnaire
from survey.context import Survey
from survey.store import StoreError, migrations


def test_a_new_database_has_every_migration_and_the_settings_of_design(tmp_path: Path) -> None:
    with Survey.create(tmp_path / "s.db", default_questionnaire()) as survey:
        assert migrations.applied(survey.store) == [v for v, _, _ in migrations.MIGRATIONS]
        assert survey.store.settings() | {"sqlite_version": "-"} == {
            "sqlite_version": "-",
            "journal_mode": "wal",
            "synchronous": "FULL",
            "foreign_keys": "ON",
            "busy_timeout_ms": "10000",
        }
        assert {"hh_rows", "person_rows", "eas", "listing"} <= set(survey.store.db.table_names())
        assert "birth_year" in survey.store.db["person_rows"].columns_dict


def test_opening_an_existing_database_applies_only_what_is_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.db"
    with Survey.create(path, default_questionnaire()) as survey, survey.store.write() as db:
        db.execute("INSERT INTO survey_meta (key, value) VALUES ('note', 'kept')")

    def add_notes_table(db: sqlite_utils.Database) -> None:
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")

    monkeypatch.setattr(
        migrations,
        "MIGRATIONS",
        [*migrations.MIGRATIONS, (999, "add_notes_table", add_notes_table)],
    )
    with Survey.open(path) as survey:
        assert migrations.applied(survey.store)[-1] == 999
        assert "notes" in survey.store.db.table_names()
        kept = survey.store.db.execute("SELECT value FROM survey_meta WHERE key = 'note'")
        assert kept.fetchone()[0] == "kept"
    with Survey.open(path) as survey:  # nothing pending the second time
        assert migrations.migrate(survey.store) == []


def test_a_failing_migration_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.db"
    Survey.create(path, default_questionnaire()).close()

    def half_done(db: sqlite_utils.Database) -> None:
        db.execute("CREATE TABLE half (id INTEGER)")
        db.execute("INSERT INTO no_such_table VALUES (1)")

    monkeypatch.setattr(
        migrations, "MIGRATIONS", [*migrations.MIGRATIONS, (998, "half_done", half_done)]
    )
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        Survey.open(path)
    monkeypatch.undo()
    with Survey.open(path) as survey:
        assert "half" not in survey.store.db.table_names()
        assert 998 not in migrations.applied(survey.store)


def test_a_file_that_is_not_a_survey_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="there is no survey database"):
        Survey.open(tmp_path / "missing.db")
    other = tmp_path / "other.db"
    sqlite_utils.Database(other)["t"].insert({"a": 1})
    with pytest.raises(StoreError, match="is not a survey database"):
        Survey.open(other)


def test_init_refuses_to_overwrite_a_survey(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Survey.create(path, default_questionnaire()).close()
    with pytest.raises(StoreError, match="already holds a survey"):
        Survey.create(path, default_questionnaire())


def test_additions_made_before_the_additions_table_keep_who_added_them(tmp_path: Path) -> None:
    """Migration 50 gives each household added before it (an ``addition`` event) a row with no
    address and the adder from the audit trail, so that enumerator may still remove it."""
    with Survey.create(tmp_path / "s.db", default_questionnaire()) as survey:
        with survey.store.write() as db:
            db.execute("DROP TABLE additions")
            db.execute(
                "INSERT INTO users (id, name, role, password_hash, created_at) "
                "VALUES (7, 'wang', 'enumerator', '-', '2025-11-01')"
            )
            db.execute(
                "INSERT INTO households (ea_id, hh_no, state, listed, enumerator_id, updated_at) "
                "VALUES ('370102001001001', '003', 'draft', 0, 7, '2025-11-01T08:00:00')"
            )
            db.execute(
                "INSERT INTO events (at, user_id, action, ea_id, hh_no, to_state) VALUES "
                "('2025-11-01T08:00:00', 7, 'addition', '370102001001001', '003', 'draft')"
            )
            migrations.additions_table(db)
        rows = survey.store.read.execute(
            "SELECT ea_id, hh_no, address, added_by, added_at FROM additions"
        ).fetchall()
        assert [tuple(r) for r in rows] == [
            ("370102001001001", "003", None, 7, "2025-11-01T08:00:00")
        ]
