"""What the enumerator's device asks of the server beyond the form: a live check that stores
nothing, the base a device's edit was made on, and the household as the device keeps it.

- :class:`Checker` runs every rule over households as typed so far and answers their findings,
  storing nothing. Checks arriving together are checked together (one run of the rules), the way
  :class:`~survey.collection.intake.Intake` stores submissions arriving together.
- :func:`check_base`: an edit names the version and state it was made on; when the household has
  changed on the server since (returned, reopened, another version), it is a conflict (409), and
  nothing is overwritten.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from survey.accounts.access import User, require_eas
from survey.collection import submission as submissions
from survey.collection.entry import Entry, check_roster, cleaned_all
from survey.collection.intake import Intake, Job
from survey.context import Survey
from survey.errors import Refusal
from survey.states import LABELS, State
from survey.store import households as household_store

KEY = ["ea_id", "hh_no"]


class Conflict(Refusal):
    """The household changed on the server since the device read it."""

    code = "conflict"
    status = 409


@dataclass
class CheckJob(Job):
    """One household to check: its entry as typed; ``found`` its findings once checked."""

    entry: Entry | None = None
    found: pd.DataFrame | None = None


ACTIVE_SECONDS = 2.0
"""A device that asked for a check this recently is expected to ask again soon."""


@dataclass
class Checker(Intake):
    """Checks of households arriving at the same moment run as one batch (see module doc)."""

    _asked: dict[int, float] = field(default_factory=dict)  # user id: when they last asked

    def check(self, user: User, ea_id: str, hh_no: str, entry: Entry) -> pd.DataFrame:
        """The findings of ``entry`` as if submitted now (fields outside their universes
        blanked, as a submission would store them); nothing is stored."""
        require_eas(user, [ea_id])
        check_roster(self.survey.questionnaire, entry)
        job = CheckJob(
            user=user,
            household={"ea_id": ea_id, "hh_no": hh_no},
            persons=[],
            explanations=[],
            submission_id=None,
            entry=entry,
        )
        with self._cond:
            self._asked[user.id] = time.monotonic()
        self.submit(job)
        assert job.found is not None
        return job.found

    def _gather(self) -> None:
        """Wait (at most ``gather_seconds``) until every device that asked lately has its next
        check queued. Devices answered together ask again together, so a batch takes them all;
        waiting only for as many as the last batch held (as :class:`Intake` does) lets sixteen
        devices settle into two halves taking turns, each batch paying the rules' fixed cost for
        eight."""
        now = time.monotonic()
        for user_id, when in list(self._asked.items()):
            if now - when > ACTIVE_SECONDS:
                del self._asked[user_id]
        deadline = now + self.gather_seconds
        while len({job.user.id for job in self._queue}) < len(self._asked):
            left = deadline - time.monotonic()
            if left <= 0:
                break
            self._cond.wait(left)

    def _run(self, jobs: list[Job]) -> None:
        """One cleaning and one run of the rules for the whole batch; when that fails, each
        household is checked alone, so that each request gets its own answer or error."""
        checks = [j for j in jobs if isinstance(j, CheckJob) and j.entry is not None]
        try:
            try:
                self._check_together(checks)
            except Exception:
                if len(checks) == 1:
                    raise
                for job in checks:
                    try:
                        self._check_together([job])
                    except Exception as exc:  # this household's own error
                        job.error = exc
        except Exception as exc:
            for failed in jobs:
                failed.error = exc
        finally:
            for finished in jobs:
                finished.done = True

    def _check_together(self, checks: list[CheckJob]) -> None:
        keyed = [(*job.key, job.entry) for job in checks if job.entry is not None]
        found = submissions.check(self.survey, cleaned_all(self.survey.questionnaire, keyed)[2])
        keys = (found["ea_id"].astype(str) + "/" + found["hh_no"].astype(str)).to_numpy()
        for job in checks:
            mine = keys == "/".join(job.key)
            job.found = found[mine].reset_index(drop=True)


@dataclass(frozen=True)
class Base:
    """The version and state of a household as the device last read it (None: not started)."""

    version: int | None
    state: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def check_base(survey: Survey, ea_id: str, hh_no: str, base: Base) -> None:
    """Raise :class:`Conflict` when the household is no longer at ``base`` on the server."""
    row = household_store.household(survey.store.read, ea_id, hh_no)
    version = int(row["current_version"]) if row and row["current_version"] else None
    state = str(row["state"]) if row and row["state"] else None
    if version == base.version and (base.state is None or state == base.state):
        return
    zh_state, en_state = LABELS[State(state)] if state else ("", "")
    now_en = f"version {version}, {en_state}" if version else "not submitted"
    now_zh = f"第{version}版，{zh_state}" if version else "尚未提交"
    raise Conflict(
        f"this household changed on the server since this device read it (now {now_en}); "
        "nothing was overwritten: open it, compare, and submit again",
        f"本户在此设备读取之后已在服务器上变更（现为{now_zh}）；未覆盖任何内容：请打开本户，核对后再次提交",
    )
