"""The store: every SQL statement of the project lives in this package."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from schemas import Questionnaire, dump_definition, parse_definition
from survey.store.connection import Database, IntegrityError, Store, StoreError
from survey.store.migrations import migrate
from survey.store.tables import create_definition_tables

__all__ = ["Database", "IntegrityError", "Store", "StoreError", "create", "open_existing"]


def _is_survey(store: Store) -> bool:
    return "survey_meta" in store.db.table_names() and bool(
        store.db.execute("SELECT 1 FROM survey_meta WHERE key = 'questionnaire'").fetchone()
    )


def create(path: str | Path, questionnaire: Questionnaire) -> Store:
    """A new survey database for ``questionnaire``; refuses a file that already holds one."""
    path = Path(path)
    if path.exists() and path.stat().st_size > 0:
        probe = Store(path)
        try:
            if _is_survey(probe):
                raise StoreError(
                    f"{path} already holds a survey; choose another --db path",
                    f"{path} 中已有一项调查；请用 --db 另选路径",
                )
        finally:
            probe.close()
    store = Store(path)
    migrate(store)
    with store.write() as db:
        create_definition_tables(db, questionnaire)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        db.conn.executemany(
            "INSERT INTO survey_meta (key, value) VALUES (?, ?)",
            [("questionnaire", dump_definition(questionnaire)), ("created_at", now)],
        )
    return store


def open_existing(path: str | Path) -> tuple[Store, Questionnaire]:
    """Open a survey database, applying pending migrations."""
    path = Path(path)
    if not path.exists():
        raise StoreError(
            f"there is no survey database at {path}; create one with 'survey init'",
            f"{path} 处没有调查数据库；请用“survey init”创建",
        )
    store = Store(path)
    try:
        if not _is_survey(store):
            raise StoreError(
                f"{path} is not a survey database; create one with 'survey init'",
                f"{path} 不是调查数据库；请用“survey init”创建",
            )
        migrate(store)
        text = store.db.execute(
            "SELECT value FROM survey_meta WHERE key = 'questionnaire'"
        ).fetchone()[0]
    except Exception:
        store.close()
        raise
    return store, parse_definition(text, f"{path} (stored definition)")
