"""Storing submissions: immutable household versions with their rows, cell errors, explanations.

All of it is called inside one :meth:`Store.write` transaction by ``survey.collection.submission``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import sqlite_utils

from schemas import Questionnaire
from schemas.keys import key_codes, lookup_rows
from survey.states import TRANSITIONS, Action, State, TransitionRefused, next_state
from survey.store.tables import insert_rows, plain_values, python_rows, read_sql, rows_for_keys

KEY = ["ea_id", "hh_no"]


@dataclass(frozen=True)
class Stored:
    """What a batch became: one row per household with its version id, number and states."""

    households: pd.DataFrame  # ea_id, hh_no, version_id, version, from_state, state, listed


def existing_households(db: sqlite_utils.Database, keys: pd.DataFrame) -> pd.DataFrame:
    """State and current version of the households among ``keys`` that exist."""
    columns = ["ea_id", "hh_no", "state", "current_version"]
    rows = rows_for_keys(db, "households", columns, keys)
    return rows if len(rows) else pd.DataFrame(columns=columns)


def submission_versions(db: sqlite_utils.Database, submission_ids: list[str]) -> pd.DataFrame:
    marks = ", ".join("?" for _ in submission_ids)
    return read_sql(
        db,
        f"SELECT submission_id, ea_id, hh_no, version FROM versions WHERE submission_id IN ({marks})",
        submission_ids,
    )


def submitted_as(db: sqlite_utils.Database, submission_id: str) -> dict[str, Any] | None:
    """The version stored for ``submission_id`` (id, ea_id, hh_no, version) with its household's
    state now, or None if no version came from that submission."""
    rows = list(
        db.query(
            "SELECT v.id AS version_id, v.ea_id, v.hh_no, v.version, h.state FROM versions v "
            "JOIN households h ON h.ea_id = v.ea_id AND h.hh_no = v.hh_no "
            "WHERE v.submission_id = ?",
            [submission_id],
        )
    )
    return rows[0] if rows else None


@dataclass(frozen=True)
class _Plan:
    """What storing the batch will do, household by household (in the batch's order)."""

    keys: list[tuple[str, str]]
    existing: set[tuple[str, str]]  # households stored before (an UPDATE, not an INSERT)
    from_states: list[str | None]
    versions: list[int]  # each household's new version number
    version_ids: list[int]
    listed: list[int]
    user_ids: list[int | None]
    to_state: str

    def rows(self) -> Iterator[tuple[tuple[str, str], int, int, int, int | None, str | None]]:
        """(key, version id, version, listed, submitter, state before) per household."""
        return zip(
            self.keys,
            self.version_ids,
            self.versions,
            self.listed,
            self.user_ids,
            self.from_states,
            strict=True,
        )

    def stored(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "ea_id": [k[0] for k in self.keys],
                "hh_no": [k[1] for k in self.keys],
                "version_id": self.version_ids,
                "version": self.versions,
                "from_state": pd.Series(self.from_states, dtype=object),  # None: a new household
                "state": self.to_state,
                "listed": self.listed,
            }
        )


def _plan(
    db: sqlite_utils.Database, households: pd.DataFrame, user_ids: Sequence[int | None]
) -> _Plan:
    keys = list(
        zip(plain_values(households["ea_id"]), plain_values(households["hh_no"]), strict=True)
    )
    frame_keys = households[KEY].astype(object)
    before = {
        (r.ea_id, r.hh_no): (r.state, r.current_version)
        for r in existing_households(db, frame_keys).itertuples()
    }
    from_states = [before[k][0] if k in before else None for k in keys]
    for state in sorted({s for s in from_states if s is not None}):
        if (State(state), Action.SUBMIT) not in TRANSITIONS:
            refused = [k for k, s in zip(keys, from_states, strict=True) if s == state]
            raise TransitionRefused(State(state), Action.SUBMIT, refused)
    first_id = db.execute("SELECT COALESCE(MAX(id), 0) FROM versions").fetchone()[0] + 1
    listing = rows_for_keys(db, "listing", KEY, frame_keys)
    on_list = set(zip(plain_values(listing["ea_id"]), plain_values(listing["hh_no"]), strict=True))
    return _Plan(
        keys=keys,
        existing=set(before),
        from_states=from_states,
        versions=[int(before[k][1] or 0) + 1 if k in before else 1 for k in keys],
        version_ids=list(range(first_id, first_id + len(keys))),
        listed=[int(k in on_list) for k in keys],
        user_ids=list(user_ids),
        to_state=next_state(None, Action.SUBMIT).value,
    )


def store_batch(
    db: sqlite_utils.Database,
    questionnaire: Questionnaire,
    households: pd.DataFrame,
    persons: pd.DataFrame,
    cell_errors: pd.DataFrame,
    explanations: pd.DataFrame,
    *,
    source: str,
    user_ids: Sequence[int | None],
    now: str,
    submission_ids: pd.Series | None = None,
) -> Stored:
    """Append a version for each household of the batch and move its state to submitted.

    ``user_ids`` names who submitted each household (in the order of ``households``; None for
    the command line).

    Raises :class:`TransitionRefused` (changing nothing, as the caller's transaction rolls back)
    when a household's state does not allow a submission, e.g. it is approved.
    """
    plan = _plan(db, households, user_ids)
    ids = submission_ids.tolist() if submission_ids is not None else [None] * len(plan.keys)
    _write_households(db, plan, source, ids, now)
    _write_records(db, questionnaire, plan, households, persons, cell_errors, explanations)
    return Stored(plan.stored())


_HOUSEHOLD_COLUMNS = [
    "ea_id",
    "hh_no",
    "state",
    "current_version",
    "listed",
    "enumerator_id",
    "first_submitted_at",
    "updated_at",
]
_VERSION_COLUMNS = [
    "id",
    "ea_id",
    "hh_no",
    "version",
    "submission_id",
    "source",
    "submitted_by",
    "submitted_at",
]
_EVENT_COLUMNS = [
    "at",
    "user_id",
    "action",
    "ea_id",
    "hh_no",
    "version",
    "from_state",
    "to_state",
    "details",
]


def _write_households(
    db: sqlite_utils.Database, plan: _Plan, source: str, ids: list[str | None], now: str
) -> None:
    """Each household's state row, its version row and the audit event of the submission."""
    rows = list(plan.rows())
    to = plan.to_state
    new = [(*k, to, n, on, u, now, now) for k, _, n, on, u, _ in rows if k not in plan.existing]
    insert_rows(db, "households", _HOUSEHOLD_COLUMNS, new)
    db.conn.executemany(
        "UPDATE households SET state = ?, current_version = ?, updated_at = ?, "
        "first_submitted_at = COALESCE(first_submitted_at, ?), "
        "enumerator_id = COALESCE(enumerator_id, ?) WHERE ea_id = ? AND hh_no = ?",
        [(to, n, now, now, u, *k) for k, _, n, _, u, _ in rows if k in plan.existing],
    )
    insert_rows(
        db,
        "versions",
        _VERSION_COLUMNS,
        [
            (vid, *k, n, sid, source, u, now)
            for (k, vid, n, _, u, _), sid in zip(rows, ids, strict=True)
        ],
    )
    details = f'{{"source": "{source}"}}'
    insert_rows(
        db,
        "events",
        _EVENT_COLUMNS,
        [(now, u, Action.SUBMIT.value, *k, n, was, to, details) for k, _, n, _, u, was in rows],
    )


def _write_records(
    db: sqlite_utils.Database,
    questionnaire: Questionnaire,
    plan: _Plan,
    households: pd.DataFrame,
    persons: pd.DataFrame,
    cell_errors: pd.DataFrame,
    explanations: pd.DataFrame,
) -> None:
    """The versions' data: household and person rows, unreadable cells, explanations; each row
    filed under its household's new version through key codes (no merge of wide frames)."""
    hh_columns = ["version_id", *questionnaire.households.columns]
    hh = households.assign(version_id=plan.version_ids)
    insert_rows(db, "hh_rows", hh_columns, python_rows(hh, hh_columns))
    household_codes, person_codes, error_codes, note_codes = key_codes(
        households, persons, cell_errors, explanations
    )
    version_array = np.asarray(plan.version_ids, dtype=np.int64)

    def with_versions(frame: pd.DataFrame, codes: np.ndarray) -> pd.DataFrame:
        row = lookup_rows(household_codes, codes)
        return frame[row >= 0].assign(version_id=version_array[row[row >= 0]])

    if len(persons):
        people = with_versions(persons, person_codes)
        people["seq"] = people.groupby("version_id").cumcount() + 1
        person_columns = ["version_id", "seq", *questionnaire.persons.columns]
        insert_rows(db, "person_rows", person_columns, python_rows(people, person_columns))
    if len(cell_errors):
        errors = with_versions(cell_errors, error_codes).rename(columns={"table": "table_name"})
        columns = ["version_id", "table_name", "line_no", "field", "value"]
        insert_rows(db, "cell_errors", columns, python_rows(errors, columns))
    if len(explanations):
        notes = with_versions(explanations, note_codes)
        columns = ["version_id", "rule_id", "line_no", "text"]
        insert_rows(db, "explanations", columns, python_rows(notes, columns))


__all__ = [
    "Stored",
    "TransitionRefused",
    "existing_households",
    "store_batch",
    "submission_versions",
    "submitted_as",
]
