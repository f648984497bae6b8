"""The device's live check: households checked together get the findings each gets alone."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pandas as pd

from survey.accounts.access import User
from survey.collection import submission as submissions
from survey.collection.device import ACTIVE_SECONDS, Checker, CheckJob
from survey.collection.entry import Entry, batch, cleaned, cleaned_all, text
from tests.families import EA1, EA2, family
from tests.survey.households import Q, new_survey


def typed_in(hh_no: str, ea_id: str = EA1, **changes: dict[str, object]) -> Entry:
    """The clean family as the form posts it (text), with ``changes`` by person line ("0" for
    the household)."""
    household, persons = family(hh_no, ea_id)
    rows = [household, *persons]
    for line, values in changes.items():
        rows[int(line.removeprefix("p"))].update(values)
    as_text = [
        {k: text(v) for k, v in row.items() if k not in ("ea_id", "hh_no", "line_no")}
        for row in rows
    ]
    return Entry(as_text[0], as_text[1:], [])


ENTRIES = [
    (EA1, "001", typed_in("001")),
    # an unreadable birth year (V-03); a flat's floor area for a household not in a flat (blanked)
    (EA1, "002", typed_in("002", p0={"dwelling_type": 2}, p3={"birth_year": "abc"})),
    # hukou elsewhere: time away blanked, and then the reason for it (two rounds of blanking)
    (EA2, "001", typed_in("001", EA2, p1={"hukou_place": 5, "time_away": 3, "reason_away": 2})),
    # a wife without her children's count (V-01) and a son older than his father
    (EA2, "002", typed_in("002", EA2, p2={"children_born": ""}, p3={"birth_year": 1970})),
]


def alone(survey: object, ea_id: str, hh_no: str, entry: Entry) -> pd.DataFrame:
    kept, _ = cleaned(Q, ea_id, hh_no, entry)
    return submissions.check(survey, batch(Q, ea_id, hh_no, kept))  # type: ignore[arg-type]


def test_households_checked_together_get_the_findings_each_gets_alone(tmp_path: Path) -> None:
    survey, _ = new_survey(tmp_path / "survey.db")
    together = submissions.check(survey, cleaned_all(Q, ENTRIES)[2])
    for ea_id, hh_no, entry in ENTRIES:
        mine = together[(together["ea_id"] == ea_id) & (together["hh_no"] == hh_no)]
        pd.testing.assert_frame_equal(
            mine.reset_index(drop=True), alone(survey, ea_id, hh_no, entry)
        )
    found = set(zip(together["hh_no"], together["ea_id"], together["rule_id"], strict=True))
    assert ("002", EA1, "V-03") in found
    assert ("002", EA2, "V-01") in found
    assert not any(rule == "V-02" for _, _, rule in found)  # every out-of-universe field blanked


def test_cleaning_together_blanks_what_cleaning_alone_blanks() -> None:
    entries, flags, _ = cleaned_all(Q, ENTRIES)
    for (ea_id, hh_no, entry), kept, applies in zip(ENTRIES, entries, flags, strict=True):
        assert (kept, applies) == cleaned(Q, ea_id, hh_no, entry)
    moved = entries[2].persons[0]
    assert "time_away" not in moved
    assert "reason_away" not in moved
    assert "floor_area" not in entries[1].household


def test_a_lone_check_answers_its_household_and_stores_nothing(tmp_path: Path) -> None:
    survey, users = new_survey(tmp_path / "survey.db")
    ea_id, hh_no, entry = ENTRIES[1]
    found = Checker(survey).check(users["wang"], ea_id, hh_no, entry)
    pd.testing.assert_frame_equal(found, alone(survey, ea_id, hh_no, entry))
    assert survey.store.read.execute("SELECT COUNT(*) FROM versions").fetchone()[0] == 0


class NeverWaits(threading.Condition):
    def wait(self, timeout: float | None = None) -> bool:
        raise AssertionError("the leader waited")


def check_job(user: User, ea_id: str, hh_no: str) -> CheckJob:
    household = {"ea_id": ea_id, "hh_no": hh_no}
    entry = typed_in(hh_no, ea_id)
    return CheckJob(user, household, [], [], None, entry=entry)


def test_a_batch_waits_for_every_device_that_asked_lately(tmp_path: Path) -> None:
    survey, users = new_survey(tmp_path / "survey.db")
    checker = Checker(survey, gather_seconds=60)
    now = time.monotonic()
    checker._asked = {users["wang"].id: now, users["zhao"].id: now}
    first, second = check_job(users["wang"], EA1, "001"), check_job(users["zhao"], EA2, "001")

    def zhao_asks() -> None:
        with checker._cond:
            checker._queue.append(second)
            checker._cond.notify_all()

    asking = threading.Thread(target=zhao_asks)
    with checker._cond:
        checker._queue.append(first)
        asking.start()  # gets the lock once the leader waits
        checker._gather()
        assert checker._take() == [first, second]
    asking.join()


def test_a_lone_device_and_one_gone_quiet_are_not_waited_for(tmp_path: Path) -> None:
    survey, users = new_survey(tmp_path / "survey.db")
    checker = Checker(survey, gather_seconds=60, _cond=NeverWaits())
    long_ago = time.monotonic() - 10 * ACTIVE_SECONDS
    checker._asked = {users["wang"].id: time.monotonic(), users["zhao"].id: long_ago}
    only = check_job(users["wang"], EA1, "001")
    with checker._cond:
        checker._queue.append(only)
        checker._gather()
        assert checker._take() == [only]
    assert users["zhao"].id not in checker._asked
