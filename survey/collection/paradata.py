"""The interview's start and end as a device or the form reports them (paradata), checked.

Times are ISO 8601 with a zone (a phone's ``toISOString()``: ``2026-12-02T06:15:00.000Z``); they
are kept in UTC, as every time of the database. A time that cannot be read, or an end before the
start, refuses the submission with the field named: it comes from a broken or hostile client,
never from the enumerator.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime

import pandas as pd

from survey.collection.submission import SubmitError

FIELDS = ("started_at", "ended_at")
MAX_LENGTH = 40


@dataclass(frozen=True)
class Interview:
    started_at: str
    ended_at: str

    def frame(self, ea_id: str, hh_no: str) -> pd.DataFrame:
        """One row for :func:`survey.collection.submission.submit`'s ``paradata``."""
        row = {"ea_id": ea_id, "hh_no": hh_no, **asdict(self)}
        return pd.DataFrame([row], columns=["ea_id", "hh_no", *FIELDS])


def _time(name: str, text: str) -> datetime:
    try:
        at = datetime.fromisoformat(text.strip()) if len(text) <= MAX_LENGTH else None
    except ValueError:
        at = None
    if at is None or at.tzinfo is None:
        raise SubmitError(
            [
                (
                    f"{name}: {text[:MAX_LENGTH]!r} is not a time with its zone "
                    "(ISO 8601, e.g. 2026-11-01T09:30:00Z)",
                    f"{name}：{text[:MAX_LENGTH]!r}不是带时区的时间（ISO 8601，例如 2026-11-01T09:30:00Z）",
                )
            ]
        )
    return at.astimezone(UTC)


def interview(started_at: str | None, ended_at: str | None) -> Interview | None:
    """The interview of a submission; None when neither time is given (an import, an old
    client). Raises :class:`SubmitError` for a time that cannot be read, only one of the
    two, or an end before the start."""
    given = {"started_at": (started_at or "").strip(), "ended_at": (ended_at or "").strip()}
    if not any(given.values()):
        return None
    for name, value in given.items():
        if not value:
            raise SubmitError(
                [
                    (
                        f"{name} is missing: an interview is sent with both its start and its end",
                        f"缺少{name}：访问时间须同时给出开始和结束",
                    )
                ]
            )
    start, end = (_time(name, value) for name, value in given.items())
    if end < start:
        raise SubmitError(
            [
                (
                    f"ended_at ({given['ended_at']}) is before started_at ({given['started_at']})",
                    f"ended_at（{given['ended_at']}）早于 started_at（{given['started_at']}）",
                )
            ]
        )
    return Interview(start.isoformat(timespec="seconds"), end.isoformat(timespec="seconds"))
