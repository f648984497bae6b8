"""A survey at work: its database and its questionnaire, passed to every service function."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from schemas import Questionnaire
from survey import store as store_module
from survey.store import Store


@dataclass
class Survey:
    store: Store
    questionnaire: Questionnaire

    @classmethod
    def open(cls, path: str | Path) -> Survey:
        store, questionnaire = store_module.open_existing(path)
        return cls(store, questionnaire)

    @classmethod
    def create(cls, path: str | Path, questionnaire: Questionnaire) -> Survey:
        return cls(store_module.create(path, questionnaire), questionnaire)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Survey:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def now() -> str:
    """The time of an event, UTC, ISO 8601 to the millisecond."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")
