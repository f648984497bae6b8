"""Long work run as a background job (exports; later weighting and estimation runs): started by
a request that answers at once, run in a thread of the serving process, its progress and log
kept in the store so the page that started it reads them back after a reload; at most one job
of a kind at once. A job left running by a server that stopped is marked failed when the next
one starts (its thread is gone)."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from survey.accounts.access import User
from survey.audit import AuditAction
from survey.context import Survey, now
from survey.errors import Refusal
from survey.store import events
from survey.store import jobs as store

OWNER = uuid.uuid4().hex  # this process: its jobs are the ones whose threads live here
REPORT_EVERY = 0.5  # seconds between two writes of progress
Report = Callable[[float, str], None]
Work = Callable[[Report], str]


class JobRefused(Refusal):
    """A job that cannot start now (one of its kind runs already)."""

    code = "job_running"
    status = 409


@dataclass(frozen=True)
class Job:
    id: int
    kind: str
    state: str
    progress: float
    log: str
    params: dict[str, Any]
    result: str | None
    error_en: str | None
    error_zh: str | None
    user: str | None
    created_at: str
    finished_at: str | None

    @property
    def running(self) -> bool:
        return self.state == store.RUNNING

    @property
    def done(self) -> bool:
        return self.state == store.DONE

    @property
    def failed(self) -> bool:
        return self.state == store.FAILED

    def error(self, lang: str = "en") -> str:
        return str((self.error_zh if lang == "zh" else self.error_en) or "")


def _job(row: dict[str, Any]) -> Job:
    return Job(
        id=int(row["id"]),
        kind=str(row["kind"]),
        state=str(row["state"]),
        progress=float(row["progress"]),
        log=str(row["log"]),
        params=json.loads(row["params"]),
        result=row["result"],
        error_en=row["error_en"],
        error_zh=row["error_zh"],
        user=row["user"],
        created_at=str(row["created_at"]),
        finished_at=row["finished_at"],
    )


def start(survey: Survey, user: User, kind: str, params: dict[str, Any], work: Work) -> int:
    """Start ``work`` (given a reporter of share done and log lines, returning its result) as a
    job of ``kind``; refused while another job of the kind runs. Audited."""
    at = now()
    with survey.store.write() as db:
        store.interrupt_others(db, OWNER, at)
        job_id = store.start(db, kind, params, user.id, at, OWNER)
        if job_id is None:
            raise JobRefused(
                f"a job of the kind {kind} runs already; wait for it to finish",
                "同类任务正在运行；请等它完成后再开始",
            )
        events.record(
            db, at=at, user_id=user.id, action=AuditAction.JOB_START, details={"job": job_id}
        )
    thread = threading.Thread(
        target=_run, args=(survey, job_id, work), name=f"job-{job_id}", daemon=True
    )
    thread.start()
    return job_id


def _run(survey: Survey, job_id: int, work: Work) -> None:
    last: list[float] = [0.0]
    pending: list[str] = []

    def write(share: float | None) -> None:
        with survey.store.write() as db:
            store.report(db, job_id, share, "\n".join(pending))
        pending.clear()

    def report(share: float, line: str) -> None:
        pending.append(line)
        moment = time.monotonic()
        if moment - last[0] >= REPORT_EVERY:
            last[0] = moment
            write(round(min(max(share, 0.0), 1.0), 4))

    error: tuple[str, str] | None = None
    result = None
    try:
        result = work(report)
    except Refusal as exc:
        error = (exc.en, exc.zh)
    except Exception as exc:  # a job's failure is shown on its page, never lost
        error = (f"the job failed: {type(exc).__name__}", f"任务失败：{type(exc).__name__}")
    pending.append("failed" if error else "done")
    write(None)
    with survey.store.write() as db:
        store.finish(db, job_id, now(), result=result, error=error)


def get(survey: Survey, job_id: int) -> Job | None:
    row = store.get(survey.store.read, job_id)
    return None if row is None else _job(row)


def latest(survey: Survey, kind: str) -> list[Job]:
    return [_job(r) for r in store.latest(survey.store.read, kind)]
