"""Households arriving at the same moment are stored, validated and answered together.

Storing and validating one household costs almost as much as storing and validating a hundred:
the work is over columns (DESIGN.md), so its cost is the fixed overhead of each step. When many
API clients submit at once, the first request to arrive becomes the *leader*: it takes every
household waiting, submits them as one batch — one write transaction, one run of the rules, one
transaction of findings — and hands each waiting request its own answer (group commit). A lone
request is a batch of one; nothing waits on a timer.

Each household keeps its own enumerator: the batch is stored in one transaction that also records,
per household, who submitted it. If the batch as a whole is refused (a household that cannot be
stored, an approved household, a submission id racing in twice) nothing of it was stored, and
each household is submitted alone, so every request gets its own answer or its own error.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from collectors import Batch, empty_cell_errors, from_submission, from_submissions
from collectors.cells import LARGEST_WHOLE
from schemas import Item, ItemType, Questionnaire, Table, dtype_of
from survey.accounts.access import User
from survey.collection import submission as submissions
from survey.collection.submission import SubmitError, explanations_frame, explanations_table
from survey.context import Survey
from survey.states import TransitionRefused
from survey.store import IntegrityError

KEY = ["ea_id", "hh_no"]
MAX_BATCH = 64
GATHER_SECONDS = 0.05  # how long a leader waits for the rest of the previous batch's clients


@dataclass
class Job:
    """One household submitted through the API, checked and allowed for its user."""

    user: User
    household: dict[str, Any]
    persons: list[dict[str, Any]]
    explanations: list[dict[str, Any]]
    submission_id: str | None
    lang: str = "en"
    digest: str | None = None  # of the body, kept with the submission_id
    version_id: int | None = None
    answer: dict[str, Any] | None = None  # the API's answer, built for the whole batch at once
    replayed: bool = False
    error: BaseException | None = None
    done: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return str(self.household.get("ea_id")), str(self.household.get("hh_no"))


#: Answers of stored versions, one per (version_id, language), built for a whole batch at once.
Answers = Callable[[Survey, list[tuple[int, str]]], list[dict[str, Any]]]


@dataclass
class Intake:
    """The group commit. ``answers`` builds each request's answer for the whole batch at once
    (the API's bodies, ``survey.views.answers``); without it jobs carry their ``version_id``."""

    survey: Survey
    answers: Answers | None = None
    max_batch: int = MAX_BATCH
    gather_seconds: float = GATHER_SECONDS
    _queue: deque[Job] = field(default_factory=deque)
    _busy: bool = False
    _last_batch: int = 1
    _cond: threading.Condition = field(default_factory=threading.Condition)

    def submit(self, job: Job) -> Job:
        """Store the job's household (with whatever else is waiting); returns the finished job
        (``version_id`` set) or raises the error that refused this household."""
        with self._cond:
            self._queue.append(job)
            self._cond.notify_all()
        while True:
            with self._cond:
                while self._busy and not job.done:
                    self._cond.wait()
                if job.done:
                    break
                self._busy = True
                self._gather()
                batch = self._take()
                self._last_batch = len(batch)
            try:
                self._run(batch)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()
        if job.error is not None:
            raise job.error
        return job

    def _gather(self) -> None:
        """Give the clients answered by the previous batch a moment to send their next
        household, so that batches stay as large as the load (a lone client never waits)."""
        deadline = time.monotonic() + self.gather_seconds
        while len(self._queue) < self._last_batch:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            self._cond.wait(left)

    def _take(self) -> list[Job]:
        """The waiting jobs, oldest first, at most one per household and submission id."""
        batch: list[Job] = []
        keys: set[tuple[str, str]] = set()
        ids: set[str] = set()
        later: deque[Job] = deque()
        while self._queue and len(batch) < self.max_batch:
            job = self._queue.popleft()
            if job.key in keys or (job.submission_id and job.submission_id in ids):
                later.append(job)
                continue
            keys.add(job.key)
            if job.submission_id:
                ids.add(job.submission_id)
            batch.append(job)
        self._queue.extendleft(reversed(later))
        return batch

    def _run(self, batch: list[Job]) -> None:
        try:
            together = self._submit_together(batch) if len(batch) > 1 else False
        except (SubmitError, TransitionRefused, IntegrityError):
            together = False  # nothing was stored: each household goes alone
        try:
            if not together:
                for job in batch:
                    try:
                        self._store_alone(job)
                    except Exception as exc:  # this household's own answer
                        job.error = exc
            answered = [j for j in batch if j.error is None and j.version_id is not None]
            wanted = [(int(j.version_id or 0), j.lang) for j in answered]
            if self.answers is not None:
                built = self.answers(self.survey, wanted)
                for job, answer in zip(answered, built, strict=True):
                    job.answer = answer
        except Exception as exc:
            for job in batch:
                job.error = job.error or exc
        finally:
            for job in batch:
                job.done = True

    def _store_alone(self, job: Job) -> None:
        q = self.survey.questionnaire
        ea_id, hh_no = job.key
        result = submissions.once(
            self.survey,
            job.submission_id,
            lambda: submissions.submit(
                self.survey,
                from_submission(q, job.household, job.persons),
                source="api",
                user=job.user,
                submission_ids=[job.submission_id],
                digests=[job.digest],
                explanations=explanations_frame(job.explanations, ea_id, hh_no),
            ),
        )
        job.replayed = result.replayed
        job.version_id = int(result.households.iloc[0]["version_id"])

    def _submit_together(self, batch: list[Job]) -> bool:
        """Submit every household of the batch at once (one transaction, one run of the rules),
        each recorded as submitted by its own user."""
        notes = explanations_table(
            [{**e, "ea_id": j.key[0], "hh_no": j.key[1]} for j in batch for e in j.explanations]
        )
        result = submissions.submit(
            self.survey,
            typed_batch(self.survey.questionnaire, batch),
            source="api",
            users=[j.user for j in batch],
            submission_ids=[j.submission_id for j in batch],
            digests=[j.digest for j in batch],
            explanations=notes,
        )
        stored = result.households
        version_of = {(r.ea_id, r.hh_no): int(r.version_id) for r in stored.itertuples()}
        for job in batch:
            job.version_id = int(version_of[job.key])
        return True


def _typed_column(item: Item, values: list[Any]) -> Any:
    """The column of already typed JSON values (as the API's strict model admits them), or
    None when a value needs the cell parser."""
    if item.type == ItemType.TEXT:
        texts = []
        for value in values:
            if value is not None and not isinstance(value, str):
                return None
            text = value.strip() if value is not None else ""
            texts.append((text.upper() if item.uppercase else text) or None)
        return pd.array(texts, dtype=dtype_of(item))
    for value in values:
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        if isinstance(value, int) and abs(value) > LARGEST_WHOLE:  # a cell error: the parser's
            return None
        if item.type == ItemType.INTEGER and not isinstance(value, int):
            return None
    return pd.array(values, dtype=dtype_of(item))


def _typed_table(table: Table, rows: list[dict[str, Any]]) -> pd.DataFrame | None:
    columns = {}
    for item in table.items:
        column = _typed_column(item, [row.get(item.name) for row in rows])
        if column is None:
            return None
        columns[item.name] = column
    return pd.DataFrame(columns, index=pd.RangeIndex(len(rows)))


def typed_batch(q: Questionnaire, jobs: Sequence[Job]) -> Batch:
    """Typed tables of many submitted households at once; persons inherit their household's key.

    Values the API's strict model admitted are typed directly; anything else goes through the
    same cell parser as forms and files (``collectors.coerce``), which gives the same tables."""
    key = q.households.key
    households = [dict(j.household) for j in jobs]
    persons = [{**p, **{k: j.household.get(k) for k in key}} for j in jobs for p in j.persons]
    hh = _typed_table(q.households, households)
    people = _typed_table(q.persons, persons)
    if hh is not None and people is not None:
        return Batch(hh, people, empty_cell_errors())
    return parsed_batch(q, households, persons)


def parsed_batch(
    q: Questionnaire, households: list[dict[str, Any]], persons: list[dict[str, Any]]
) -> Batch:
    """Typed tables through the cell parser (unreadable values become cell errors, V-03): the
    same reading as forms and files (``collectors.from_submissions``)."""
    return from_submissions(q, households, persons)
