"""Whether a finding blocks approval is decided once: the Python rule and the store's SQL agree,
and every screen counting open findings (queue, work list) counts the same ones."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from survey.accounts.access import User
from survey.collection.submission import submit
from survey.context import Survey
from survey.review.actions import act
from survey.review.approval import blocks_approval
from survey.review.queue import review_queue
from survey.store.findings import BLOCKS_APPROVAL, OPEN_ERROR, UNEXPLAINED_WARNING
from survey.views.worklist import work_list
from tests.families import EA1, family
from tests.survey.households import batch, new_survey
from validation.registry import Severity

CASES = list(itertools.product(list(Severity), [False, True], [False, True]))


@pytest.fixture
def findings_db() -> Iterator[sqlite3.Connection]:
    """One finding per (severity, explained, waived), with its explanation and waiver rows."""
    db = sqlite3.connect(":memory:")
    db.executescript(
        "CREATE TABLE findings (version_id, ea_id, hh_no, rule_id, line_no, severity);"
        "CREATE TABLE explanations (version_id, rule_id, line_no);"
        "CREATE TABLE waivers (ea_id, hh_no, rule_id, line_no);"
    )
    for n, (severity, explained, waived) in enumerate(CASES):
        rule = f"R-{n}"
        db.execute("INSERT INTO findings VALUES (1, ?, '001', ?, 2, ?)", [EA1, rule, severity])
        if explained:
            db.execute("INSERT INTO explanations VALUES (1, ?, 2)", [rule])
        if waived:
            db.execute("INSERT INTO waivers VALUES (?, '001', ?, 2)", [EA1, rule])
    yield db
    db.close()


@pytest.mark.parametrize(("severity", "explained", "waived"), CASES)
def test_the_store_sql_says_what_the_rule_says(findings_db, severity, explained, waived) -> None:
    rule = f"R-{CASES.index((severity, explained, waived))}"
    sql = "SELECT {}, {}, {} FROM findings f WHERE f.rule_id = ?"
    found = findings_db.execute(
        sql.format(BLOCKS_APPROVAL, OPEN_ERROR, UNEXPLAINED_WARNING), [rule]
    ).fetchone()
    expected = blocks_approval(severity, explained=explained, waived=waived)
    assert bool(found[0]) is expected
    assert (bool(found[1]) or bool(found[2])) is expected


def test_an_error_blocks_until_waived_a_warning_until_explained_an_info_never() -> None:
    assert blocks_approval("error", explained=True, waived=False)
    assert not blocks_approval("error", explained=False, waived=True)
    assert blocks_approval("warning", explained=False, waived=True)
    assert not blocks_approval("warning", explained=True, waived=False)
    assert not blocks_approval("info", explained=False, waived=False)


@pytest.fixture
def setting(tmp_path: Path) -> Iterator[tuple[Survey, dict[str, User]]]:
    survey, users = new_survey(tmp_path / "s.db")
    yield survey, users
    survey.close()


def test_the_work_list_does_not_count_an_error_the_office_waived(setting) -> None:
    survey, users = setting
    household, persons = family()
    persons[2]["birth_month"] = 8  # ID-02: the ID number says July
    submit(survey, batch(household, persons), source="form", user=users["wang"])
    act(
        survey,
        users["office"],
        EA1,
        "001",
        "waive",
        version=1,
        rule_id="ID-02",
        line_no=3,
        comment="身份证本身日期有误",
    )

    item = next(
        i
        for i in work_list(survey, users["wang"], with_listing=True).households[EA1]
        if i.hh_no == "001"
    )
    queued = review_queue(survey, users["li"]).rows
    assert item.errors == 0
    assert queued[queued["hh_no"] == "001"]["errors"].tolist() == [0]
