"""Storing submissions: immutable household versions with their rows, cell errors, explanations.

All of it is called inside one :meth:`Store.write` transaction by ``survey.submissions``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import sqlite_utils

from schemas import CELL_ERROR_COLUMNS, Questionnaire
from survey.states import TRANSITIONS, Action, State, TransitionRefused, next_state
from survey.store.tables import insert_rows, python_rows, read_sql, rows_for_keys

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
    keys = households[KEY].astype(object)
    before = existing_households(db, keys)
    plan = keys.merge(before, on=KEY, how="left")
    plan["from_state"] = plan["state"].astype(object).where(plan["state"].notna(), None)
    for state in plan["from_state"].dropna().unique():
        if (State(state), Action.SUBMIT) not in TRANSITIONS:
            refused = plan[plan["from_state"] == state]
            raise TransitionRefused(
                State(state), Action.SUBMIT, list(zip(refused.ea_id, refused.hh_no, strict=True))
            )
    plan["state"] = next_state(None, Action.SUBMIT).value
    plan["version"] = plan["current_version"].fillna(0).astype(int) + 1
    first_id = db.execute("SELECT COALESCE(MAX(id), 0) FROM versions").fetchone()[0] + 1
    plan["version_id"] = range(first_id, first_id + len(plan))
    listed = rows_for_keys(db, "listing", KEY, keys).assign(_listed=1)
    plan = plan.merge(listed, on=KEY, how="left")
    plan["listed"] = plan["_listed"].fillna(0).astype(int)
    plan["user_id"] = pd.Series(list(user_ids), dtype=object).to_numpy()

    new = plan[plan["from_state"].isna() & plan["current_version"].isna()]
    insert_rows(
        db,
        "households",
        [
            "ea_id",
            "hh_no",
            "state",
            "current_version",
            "listed",
            "enumerator_id",
            "first_submitted_at",
            "updated_at",
        ],
        [
            (r.ea_id, r.hh_no, r.state, int(r.version), int(r.listed), r.user_id, now, now)
            for r in new.itertuples()
        ],
    )
    old = plan.drop(new.index)
    db.conn.executemany(
        "UPDATE households SET state = ?, current_version = ?, updated_at = ?, "
        "first_submitted_at = COALESCE(first_submitted_at, ?), "
        "enumerator_id = COALESCE(enumerator_id, ?) WHERE ea_id = ? AND hh_no = ?",
        [
            (r.state, int(r.version), now, now, r.user_id, r.ea_id, r.hh_no)
            for r in old.itertuples()
        ],
    )
    ids = submission_ids if submission_ids is not None else pd.Series([None] * len(plan))
    insert_rows(
        db,
        "versions",
        [
            "id",
            "ea_id",
            "hh_no",
            "version",
            "submission_id",
            "source",
            "submitted_by",
            "submitted_at",
        ],
        [
            (int(r.version_id), r.ea_id, r.hh_no, int(r.version), sid, source, r.user_id, now)
            for r, sid in zip(plan.itertuples(), ids.tolist(), strict=True)
        ],
    )
    version_of = plan[[*KEY, "version_id"]]
    hh = households.astype({"ea_id": object, "hh_no": object}).merge(version_of, on=KEY)
    hh_columns = ["version_id", *questionnaire.households.columns]
    insert_rows(db, "hh_rows", hh_columns, python_rows(hh, hh_columns))
    if len(persons):
        people = persons.astype({"ea_id": object, "hh_no": object}).merge(version_of, on=KEY)
        people["seq"] = people.groupby("version_id").cumcount() + 1
        person_columns = ["version_id", "seq", *questionnaire.persons.columns]
        insert_rows(db, "person_rows", person_columns, python_rows(people, person_columns))
    if len(cell_errors):
        errors = cell_errors[CELL_ERROR_COLUMNS].astype({"ea_id": object, "hh_no": object})
        errors = errors.merge(version_of, on=KEY)
        insert_rows(
            db,
            "cell_errors",
            ["version_id", "table_name", "line_no", "field", "value"],
            python_rows(
                errors.rename(columns={"table": "table_name"}),
                ["version_id", "table_name", "line_no", "field", "value"],
            ),
        )
    if len(explanations):
        notes = explanations.astype({"ea_id": object, "hh_no": object}).merge(version_of, on=KEY)
        insert_rows(
            db,
            "explanations",
            ["version_id", "rule_id", "line_no", "text"],
            python_rows(notes, ["version_id", "rule_id", "line_no", "text"]),
        )
    insert_rows(
        db,
        "events",
        [
            "at",
            "user_id",
            "action",
            "ea_id",
            "hh_no",
            "version",
            "from_state",
            "to_state",
            "details",
        ],
        [
            (
                now,
                r.user_id,
                Action.SUBMIT.value,
                r.ea_id,
                r.hh_no,
                int(r.version),
                r.from_state,
                r.state,
                f'{{"source": "{source}"}}',
            )
            for r in plan.itertuples()
        ],
    )
    return Stored(plan[[*KEY, "version_id", "version", "from_state", "state", "listed"]])


__all__ = [
    "Stored",
    "TransitionRefused",
    "existing_households",
    "store_batch",
    "submission_versions",
]
