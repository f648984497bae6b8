"""`survey load pes`: the PES re-enumeration of sampled EAs, stored as its own submissions.

The file is read with the survey's own questionnaire (the persons table, as ``survey import``
reads it), so a PES form is the survey's form; a structural problem or an unreadable cell refuses
the whole file, located, and an EA not in the frame is refused too. The persons are stored apart
from the survey's versions, marked by their load, with an audit event, in one transaction.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from collectors import InputError, Problem, read_flat
from survey.audit import AuditAction
from survey.context import Survey, now
from survey.store import events, listings
from survey.store import pes as pes_store


def load_pes(survey: Survey, path: str | Path) -> tuple[int, int]:
    """Store the PES persons of ``path``; returns (persons, EAs)."""
    label = Path(path).name
    flat = read_flat(path, survey.questionnaire.tables["persons"], label=label)
    problems = [
        Problem(
            "unparseable",
            f"'{row.value}' is not a valid {row.field}; correct the cell",
            f"“{row.value}”不是有效的{row.field}；请更正",
            file=label,
            row=int(row.row),
            column=str(row.field),
        )
        for row in flat.cell_errors.head(50).itertuples()
    ]
    table = flat.table
    known = listings.known_eas(survey.store.read)
    for position in table.index[~table["ea_id"].astype(str).isin(known)][:20]:
        problems.append(
            Problem(
                "unknown_ea",
                f"EA {table.at[position, 'ea_id']} is not in the frame; the PES re-enumerates EAs of the survey",
                f"调查小区 {table.at[position, 'ea_id']} 不在抽样框中；事后质量抽查只复查本次调查的小区",
                file=label,
                row=int(flat.rows[position]),
                column="ea_id",
            )
        )
    if problems:
        raise InputError(problems)
    with survey.store.write() as db:
        load_id = pes_store.insert(db, at=now(), source=label, persons=table)
        events.record(
            db,
            at=now(),
            action=AuditAction.LOAD_PES,
            details={"file": label, "load": load_id, "persons": len(table)},
        )
    return len(table), int(table["ea_id"].nunique())


def pes_persons(survey: Survey) -> pd.DataFrame:
    """The PES persons of every re-enumerated EA (its latest load)."""
    return pes_store.persons(survey.store.read)
