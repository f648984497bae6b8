"""Submitting households: validate them, then store an immutable version of each with its
findings and field counts, in one transaction.

One code path for one household from a form and for a hundred thousand from a file. The rules run
over columns on the typed tables before the write, so a version and its findings commit together
(one fsync); should the rules themselves fail, the versions are stored without findings and the
error raised, so a submission is never lost to a fault of the rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from collectors import Batch
from schemas.keys import HOUSEHOLD_NUMBER, key_codes, lookup_rows
from survey.accounts.access import User, require_eas, require_enterer, require_household
from survey.context import Survey, now
from survey.errors import Detail, Refusal
from survey.store import (
    IntegrityError,
    fields,
    listings,
    people,
    records,
    submission_digests,
    versions,
)
from survey.store import findings as findings_store
from survey.store import paradata as paradata_store
from validation import validate, validate_with_counts

KEY = ["ea_id", "hh_no"]
PER_HOUSEHOLD_EXCLUDED = {"C-01", "C-04"}  # survey-level coverage, computed by `survey validate`


class SubmitError(Refusal):
    """A batch that cannot be stored; ``problems`` are (en, zh) messages, each naming where
    (they are the refusal's details, located at the household)."""

    code = "refused_submission"
    status = 422

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__(
            "the household cannot be stored: " + "; ".join(en for en, _ in problems[:5]),
            "该户无法保存：" + "；".join(zh for _, zh in problems[:5]),
            details=[Detail("household", en, zh) for en, zh in problems],
        )

    def messages(self, lang: str = "en") -> list[str]:
        return [d.message(lang) for d in self.details]


@dataclass(frozen=True)
class SubmitResult:
    households: pd.DataFrame  # ea_id, hh_no, version_id, version, from_state, state, listed
    findings: pd.DataFrame  # version_id + the columns of validation.FINDING_COLUMNS
    replayed: bool = False


def explanations_frame(items: Sequence[Mapping[str, Any]], ea_id: str, hh_no: str) -> pd.DataFrame:
    """The enumerator's explanations of one household's warnings, as a table."""
    return explanations_table([{**e, "ea_id": ea_id, "hh_no": hh_no} for e in items])


def explanations_table(items: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Explanations of many households: each item names its ea_id, hh_no, rule_id, line_no and
    text; blank texts are dropped."""
    rows = [
        {
            "ea_id": e["ea_id"],
            "hh_no": e["hh_no"],
            "rule_id": str(e["rule_id"]).strip(),
            "line_no": e.get("line_no"),
            "text": str(e["text"]).strip(),
        }
        for e in items
        if str(e.get("text") or "").strip()
    ]
    return pd.DataFrame(
        {
            name: pd.array(
                [row[name] for row in rows], dtype="Int64" if name == "line_no" else "str"
            )
            for name in ("ea_id", "hh_no", "rule_id", "line_no", "text")
        }
    )


def _check_batch(survey: Survey, batch: Batch) -> None:
    problems: list[tuple[str, str]] = []
    hh = batch.households
    known = listings.known_eas(survey.store.read)
    for ea in sorted(set(hh["ea_id"].dropna()) - known):
        problems.append(
            (
                f"EA {ea} is not in the survey frame; load it with 'survey load eas' "
                "or correct the ea_id",
                f"调查小区 {ea} 不在抽样框中；请先用“survey load eas”导入，或更正 ea_id",
            )
        )
    for column in KEY:
        if hh[column].isna().any():
            problems.append(
                (
                    f"a household has a blank {column}; every household needs its ea_id and hh_no",
                    f"有户的 {column} 为空；每户必须有 ea_id 和 hh_no",
                )
            )
    bad_numbers = sorted({n for n in hh["hh_no"].dropna() if not re.fullmatch(HOUSEHOLD_NUMBER, n)})
    for number in bad_numbers[:10]:
        problems.append(
            (
                f"household number {number!r} is not one of 001 to 999 (three digits)",
                f"户编号“{number}”不在001至999之间（须为3位数字）",
            )
        )
    if hh.duplicated(subset=KEY).any():
        problems.append(("a household appears twice in one submission", "同一次提交中有重复的户"))
    household_codes, person_codes = key_codes(hh, batch.persons)
    orphans = batch.persons.loc[lookup_rows(household_codes, person_codes) < 0, KEY]
    for row in orphans.drop_duplicates().head(10).itertuples():
        problems.append(
            (
                f"persons of household {row.ea_id}/{row.hh_no} have no household row; "
                "add the household or correct their ea_id/hh_no",
                f"户 {row.ea_id}/{row.hh_no} 的人员没有对应的户记录；请补充户记录或更正编号",
            )
        )
    if problems:
        raise SubmitError(problems)


def replay(survey: Survey, submission_id: str) -> SubmitResult | None:
    """The stored result of an earlier submission with this id, if there was one."""
    row = versions.submitted_as(survey.store.read, submission_id)
    if row is None:
        return None
    vid = row["version_id"]
    households = pd.DataFrame(
        [
            {
                "ea_id": row["ea_id"],
                "hh_no": row["hh_no"],
                "version_id": vid,
                "version": int(row["version"]),
                "state": row["state"],
            }
        ]
    )
    stored = findings_store.current(survey.store.read, [row["ea_id"]])
    return SubmitResult(households, stored[stored["version_id"] == vid], replayed=True)


def once(
    survey: Survey, submission_id: str | None, store: Callable[[], SubmitResult]
) -> SubmitResult:
    """The one idempotency rule of every front door: the result of the first submission with
    this id. An id already stored answers its stored result (a retry after a lost answer, a
    double click); an id racing in from another request at the same moment is refused by the
    store's unique index and answers the winner's. Without an id, ``store`` stores a new version.
    """
    if submission_id:
        earlier = replay(survey, submission_id)
        if earlier is not None:
            return earlier
    try:
        return store()
    except IntegrityError:
        earlier = replay(survey, submission_id) if submission_id else None
        if earlier is None:
            raise
        return earlier


def submit(
    survey: Survey,
    batch: Batch,
    *,
    source: str,
    user: User | None = None,
    users: Sequence[User] | None = None,
    submission_ids: Sequence[str | None] | None = None,
    digests: Sequence[str | None] | None = None,
    explanations: pd.DataFrame | None = None,
    paradata: pd.DataFrame | None = None,
) -> SubmitResult:
    """Store a version of every household in ``batch`` with its findings, in one transaction.

    ``user`` submitted every household, or ``users`` names who submitted each (in the order of
    ``batch.households``), each checked against their own EAs. The rules run on the typed tables
    before the write, so the version and its findings commit together (one fsync, not two); should
    validation itself fail, the versions are stored all the same, without findings, and the error
    is raised — a submission is never lost to a fault of the rules. ``digests`` (beside
    ``submission_ids``) are stored with them, so a reused id with another body can be told.
    ``paradata`` (keys, ``started_at``, ``ended_at``) records when households' interviews took place.
    """
    _check_batch(survey, batch)
    hh = batch.households
    for who in [user] if users is None else users:
        require_enterer(who)  # supervisors review; they do not submit
    if users is None:
        require_eas(user, list(hh["ea_id"].dropna().unique()))
        user_ids: list[int | None] = [user.id if user else None] * len(hh)
    else:
        for who, ea in zip(users, hh["ea_id"], strict=True):
            require_eas(who, [ea])
        user_ids = [who.id for who in users]
    workers = [user] * len(hh) if users is None else list(users)
    for who, ea, number in zip(workers, hh["ea_id"], hh["hh_no"], strict=True):
        if who is not None and isinstance(ea, str) and isinstance(number, str):
            require_household(who, ea, number)  # reassigned: the old enumerator has lost it
    notes = explanations if explanations is not None else explanations_frame([], "", "")
    ids = pd.Series(list(submission_ids)) if submission_ids is not None else None
    failure: Exception | None = None
    try:
        found, counts = _validate(survey, batch)
    except Exception as exc:  # a fault of the rules must not cost the household
        found, counts, failure = None, None, exc
    with survey.store.write() as db:
        stored = versions.store_batch(
            db,
            survey.questionnaire,
            hh,
            batch.persons,
            batch.cell_errors,
            notes,
            source=source,
            user_ids=user_ids,
            now=now(),
            submission_ids=ids,
        )
        if submission_ids is not None and digests is not None:
            submission_digests.record(db, list(submission_ids), list(digests))
        if found is not None and counts is not None:
            found = _with_versions(found, stored.households)
            findings_store.replace_for_versions(db, stored.households["version_id"].tolist(), found)
            fields.store(db, _with_versions(counts, stored.households))
        if paradata is not None and len(paradata):
            paradata_store.store(db, _with_versions(paradata, stored.households))
    if failure is not None:
        raise failure
    assert found is not None
    return SubmitResult(stored.households, found)


def check(survey: Survey, batch: Batch) -> pd.DataFrame:
    """The findings the batch's households would be stored with, storing nothing (the device's
    live check)."""
    return _validate(survey, batch, counts=False)[0]


def _validate(
    survey: Survey, batch: Batch, *, counts: bool = True
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Findings and (``counts``) field counts of the batch's households, with survey-wide
    context (listing, other households holding the same ID numbers)."""
    q = survey.questionnaire
    listing = listings.listing_context(survey.store.read, q, batch.households)
    persons = batch.persons
    households = batch.households
    ids = persons["id_number"].dropna().tolist() if "id_number" in persons else []
    others = people.current_version_ids_with_ids(survey.store.read, ids)
    if len(others):
        others = others[~_in_batch(households, others)]
    if len(others):
        context = records.records(
            survey.store.read, q, version_ids=others["version_id"].unique().tolist()
        )
        persons = pd.concat([persons, context.persons[q.persons.columns]], ignore_index=True)
        households = pd.concat(
            [households, context.households[q.households.columns]], ignore_index=True
        )
    tables = {"cell_errors": batch.cell_errors, "listing": listing, "skip": PER_HOUSEHOLD_EXCLUDED}
    if not counts:  # the live check: the findings only
        return _own(batch, validate(q, households, persons, **tables)), None
    found, field_counts = validate_with_counts(q, households, persons, **tables)
    return _own(batch, found), _own(batch, field_counts)


def _own(batch: Batch, rows: pd.DataFrame) -> pd.DataFrame:
    """The rows (findings, field counts) of the batch's own households."""
    return rows[_in_batch(batch.households, rows)].reset_index(drop=True) if len(rows) else rows


def _in_batch(households: pd.DataFrame, rows: pd.DataFrame) -> np.ndarray:
    """Which of ``rows`` belong to one of the ``households``."""
    household_codes, row_codes = key_codes(households, rows)
    return lookup_rows(household_codes, row_codes) >= 0


def _with_versions(found: pd.DataFrame, stored: pd.DataFrame) -> pd.DataFrame:
    """Rows (findings, field counts) with the id of the version stored for their household."""
    household_codes, found_codes = key_codes(stored, found)
    row = lookup_rows(household_codes, found_codes)
    version_ids = stored["version_id"].to_numpy()
    return found[row >= 0].assign(version_id=version_ids[row[row >= 0]])
