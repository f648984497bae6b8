"""Re-running every rule over the whole database (``survey validate``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pandas as pd

from survey.audit import AuditAction
from survey.context import Survey, now
from survey.store import events, fields, listings, users
from survey.store import findings as findings_store
from survey.store import records as stored_records
from survey.store.records import Records, records
from validation import field_counts
from validation.chunked import Chunk, persons_per_chunk, plan_chunks, validate_chunks
from validation.registry import Severity

Progress = Callable[[float, str], None]

KEY = ["ea_id", "hh_no"]


def current_with_enumerators(survey: Survey, ea_ids: list[str] | None = None) -> Records:
    """Current records, households carrying the ``enumerator`` who submitted them."""
    current = records(survey.store.read, survey.questionnaire, ea_ids=ea_ids)
    names = users.user_names(survey.store.read)
    # Households imported without ``--as`` have no enumerator: a column of blanks, not of ids.
    enumerator = current.households["enumerator_id"].map(names).astype("string")
    households = current.households.assign(enumerator=enumerator)
    return Records(households, current.persons, current.cell_errors)


def validate_all(
    survey: Survey, *, memory_mb: int | None = None, progress: Progress | None = None
) -> pd.DataFrame:
    """Validate every current version; store the findings (replacing the earlier run's).

    With ``memory_mb`` the households are read and checked in chunks of whole EAs of about that
    much working memory (:mod:`validation.chunked`: the same findings); ``progress`` hears the
    share of chunks done."""
    q = survey.questionnaire
    listing = listings.read(survey.store.read, q, "listing")
    eas = listings.read(survey.store.read, q, "eas")
    plan: list[list[str] | None] = [None]
    if memory_mb is not None:
        sizes = stored_records.rows_per_ea(survey.store.read)
        plan = list(plan_chunks(sizes, persons_per_chunk(memory_mb))) or [[]]
    counts: list[pd.DataFrame] = []
    versions: list[pd.DataFrame] = []

    def chunks() -> Iterator[Chunk]:
        for i, ea_ids in enumerate(plan):
            if progress is not None:
                progress(i / len(plan), f"chunk {i + 1} of {len(plan)}")
            current = current_with_enumerators(survey, ea_ids)
            count = field_counts(q, current.households, current.persons)
            count["version_id"] = current.households["version_id"].to_numpy()  # one row each
            counts.append(count)
            versions.append(current.households[[*KEY, "version_id"]].astype(object))
            yield Chunk(current.households, current.persons, current.cell_errors)

    found = validate_chunks(q, chunks(), listing=listing, eas=eas, aggregates=True)
    if progress is not None:
        progress(1.0, "storing the findings")
    version_of = pd.concat(versions, ignore_index=True)
    attached = found.astype({"ea_id": object, "hh_no": object}).merge(
        version_of, on=KEY, how="left"
    )
    survey_level = attached["version_id"].isna() | attached["rule_id"].isin(["C-01", "C-04"])
    with survey.store.write() as db:
        fields.store(db, pd.concat(counts, ignore_index=True))
        findings_store.replace_for_versions(
            db, version_of["version_id"].tolist(), attached[~survey_level]
        )
        findings_store.replace_survey_level(db, attached[survey_level])
        events.record(
            db,
            at=now(),
            action=AuditAction.VALIDATE,
            details={
                "households": len(version_of),
                "findings": len(found),
                "errors": int((found["severity"] == Severity.ERROR).sum()),
            },
        )
    return found
