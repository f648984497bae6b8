"""Re-running every rule over the whole database (``survey validate``)."""

from __future__ import annotations

import pandas as pd

from survey.context import Survey, now
from survey.store import events, fields, listings, users
from survey.store import findings as findings_store
from survey.store.records import Records, records
from validation import field_counts, validate

KEY = ["ea_id", "hh_no"]


def current_with_enumerators(survey: Survey, ea_ids: list[str] | None = None) -> Records:
    """Current records, households carrying the ``enumerator`` who submitted them."""
    current = records(survey.store.read, survey.questionnaire, ea_ids=ea_ids)
    names = users.user_names(survey.store.read)
    # Households imported without ``--as`` have no enumerator: a column of blanks, not of ids.
    enumerator = current.households["enumerator_id"].map(names).astype("string")
    households = current.households.assign(enumerator=enumerator)
    return Records(households, current.persons, current.cell_errors)


def validate_all(survey: Survey) -> pd.DataFrame:
    """Validate every current version; store the findings (replacing the earlier run's)."""
    q = survey.questionnaire
    current = current_with_enumerators(survey)
    listing = listings.read(survey.store.read, q, "listing")
    eas = listings.read(survey.store.read, q, "eas")
    found = validate(
        q,
        current.households,
        current.persons,
        cell_errors=current.cell_errors,
        listing=listing,
        eas=eas,
        aggregates=True,
    )
    version_of = current.households[[*KEY, "version_id"]].astype(object)
    attached = found.astype({"ea_id": object, "hh_no": object}).merge(
        version_of, on=KEY, how="left"
    )
    survey_level = attached["version_id"].isna() | attached["rule_id"].isin(["C-01", "C-04"])
    counts = field_counts(q, current.households, current.persons)
    counts["version_id"] = current.households["version_id"].to_numpy()  # one row each, in order
    with survey.store.write() as db:
        fields.store(db, counts)
        findings_store.replace_for_versions(
            db, version_of["version_id"].tolist(), attached[~survey_level]
        )
        findings_store.replace_survey_level(db, attached[survey_level])
        events.record(
            db,
            at=now(),
            action="validate",
            details={
                "households": len(current.households),
                "findings": len(found),
                "errors": int((found["severity"] == "error").sum()),
            },
        )
    return found
