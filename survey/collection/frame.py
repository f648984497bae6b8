"""Loading the sampling frame: the EAs and the household listing (户主姓名底册)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from collectors import InputError, Problem, read_frame
from survey.audit import AuditAction
from survey.context import Survey, now
from survey.store import events, listings
from validation import check_table


def load_frame(survey: Survey, name: str, path: str | Path) -> int:
    """Read, check and store a frame file in one transaction; returns the rows loaded."""
    return store_frame(survey, name, read_frame(survey.questionnaire, name, path), Path(path).name)


def store_frame(survey: Survey, name: str, frame: pd.DataFrame, label: str) -> int:
    """Check and store a typed frame table (``eas`` or ``listing``) in one transaction.

    A frame is reference data: a value outside its item's pattern or range refuses the whole table
    with located messages (``label`` names it), and so does a listing row whose EA is unknown.
    """
    q = survey.questionnaire
    problems = [
        Problem(
            code=row.rule_id,
            message_en=row.message_en,
            message_zh=row.message_zh,
            file=label,
            row=int(row.row),
            column=row.field,
        )
        for row in check_table(q, name, frame).itertuples()
    ]
    if name == "listing":
        known = listings.known_eas(survey.store.read)
        unknown = ~frame["ea_id"].isin(known)
        for position in frame.index[unknown][:20]:
            problems.append(
                Problem(
                    code="unknown_ea",
                    message_en=f"EA {frame.at[position, 'ea_id']} is not in the frame; load eas.csv "
                    "first or correct the ea_id",
                    message_zh=f"调查小区 {frame.at[position, 'ea_id']} 不在抽样框中；请先导入 eas.csv "
                    "或更正 ea_id",
                    file=label,
                    row=int(position) + 2,
                    column="ea_id",
                )
            )
    if problems:
        raise InputError(problems)
    with survey.store.write() as db:
        listings.upsert(db, q, name, frame)
        events.record(
            db,
            at=now(),
            action=AuditAction(f"load_{name}"),
            details={"file": label, "rows": len(frame)},
        )
    return len(frame)


def frame_table(survey: Survey, name: str) -> pd.DataFrame:
    return listings.read(survey.store.read, survey.questionnaire, name)
