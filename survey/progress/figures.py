"""The three no-miss figures by EA, by enumerator and for the whole survey, from kept counts.

Each version's applicable and filled fields are kept when it is validated
(:mod:`survey.store.fields`), so the figures of a dashboard or of ``survey status`` add up one
row per household instead of reading every household's data back. Versions stored before the
counts were kept have theirs computed from their data here (``survey validate`` keeps them).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from survey.context import Survey
from survey.store import fields, listings, users
from survey.store import findings as findings_store
from survey.store.records import records
from validation import FIELD_COUNTS, field_counts, summarise

GROUPINGS = {"ea_id": ["ea_id"], "enumerator": ["enumerator"], "": []}
"""The figures' groups: per EA, per enumerator and the whole survey (key "")."""


def households_with_counts(survey: Survey, ea_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per submitted household of the EAs (all when None): key, current version id,
    the enumerator who submitted it, and that version's field counts."""
    db = survey.store.read
    rows = fields.current(db, ea_ids)
    unknown = rows["applicable_fields"].isna()
    if unknown.any():
        ids = rows.loc[unknown, "version_id"].astype(int).tolist()
        data = records(db, survey.questionnaire, version_ids=ids)
        counts = field_counts(survey.questionnaire, data.households, data.persons)
        counts.index = data.households["version_id"].to_numpy()
        for column in FIELD_COUNTS:
            rows.loc[unknown, column] = rows.loc[unknown, "version_id"].map(counts[column])
    enumerator = rows["enumerator_id"].map(users.user_names(db)).astype("string")
    return rows.assign(
        enumerator=enumerator, **{c: rows[c].fillna(0).astype("int64") for c in FIELD_COUNTS}
    )


def no_miss(survey: Survey, ea_ids: Sequence[str] | None = None) -> dict[str, pd.DataFrame]:
    """The figures of the EAs (all when None) for each of :data:`GROUPINGS`."""
    db = survey.store.read
    households = households_with_counts(survey, ea_ids)
    listing = listings.read(db, survey.questionnaire, "listing", ea_ids)
    stored = findings_store.current(db, ea_ids)
    return {
        name: summarise(households, stored, listing=listing, by=by)
        for name, by in GROUPINGS.items()
    }
