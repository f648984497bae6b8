"""The office's view of the audit trail: who did what, when, to which household; filtered by
user, EA, household, action and time, and downloadable as CSV."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

import pandas as pd

from survey.accounts.access import Forbidden, Role, User
from survey.context import Survey
from survey.store import events

FILTERS = ("user", "ea_id", "hh_no", "action", "since", "until")
SHOWN = 500  # events listed on the page; the CSV holds every one


@dataclass(frozen=True)
class Trail:
    rows: pd.DataFrame  # events.AUDIT_COLUMNS, newest first
    total: int  # events matching the filters
    actions: list[str]  # every kind of action in the trail, for the filter


def _require_office(user: User) -> None:
    if user.role != Role.OFFICE:
        raise Forbidden(
            f"{user.name} is not of the survey office: the audit trail is theirs",
            f"{user.name} 不是调查办公室人员：审计记录只供办公室查看",
        )


def _until(value: str | None) -> str | None:
    """A day given as YYYY-MM-DD includes the whole day."""
    if value and len(value) == len("2026-01-01"):
        return value + "T99"
    return value


def _chosen(filters: dict[str, str | None]) -> dict[str, str | None]:
    chosen = {k: (filters.get(k) or "").strip() or None for k in FILTERS}
    chosen["until"] = _until(chosen["until"])
    return chosen


def trail(survey: Survey, user: User, filters: dict[str, str | None]) -> Trail:
    _require_office(user)
    db = survey.store.read
    every = events.search(db, _chosen(filters))
    shown = every.head(SHOWN)
    shown = shown.assign(device=[_device(d) for d in shown["details"]])
    return Trail(shown, len(every), events.actions(db))


def _device(details: object) -> str | None:
    """Where a login (or a failed one) came from: the client's address and user agent."""
    if not isinstance(details, str) or not details:
        return None
    try:
        said = json.loads(details)
    except ValueError:
        return None
    if not isinstance(said, dict) or not said.get("address"):
        return None
    agent = str(said.get("user_agent") or "")[:120]
    return f"{said['address']} · {agent}" if agent else str(said["address"])


def trail_csv(survey: Survey, user: User, filters: dict[str, str | None]) -> str:
    """The events of the filters as CSV (UTF-8 with a byte-order mark, for spreadsheets);
    a text starting like a formula gets a leading apostrophe."""
    _require_office(user)
    rows = events.search(survey.store.read, _chosen(filters))
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(events.AUDIT_COLUMNS)
    for row in rows.astype(object).where(rows.notna(), None).itertuples(index=False):
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
