"""The closed loop: submit, find, return with a comment, correct, approve — nothing lost."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from survey.accounts.access import Forbidden, User
from survey.collection.submission import explanations_frame, submit
from survey.context import Survey
from survey.review.actions import ReviewError, act
from survey.review.history import diff, history
from survey.review.queue import review_queue
from survey.states import State, TransitionRefused
from tests.families import EA1, EA2, citizen_id, family
from tests.survey.households import batch, new_survey, rows


@pytest.fixture
def setting(tmp_path: Path) -> Iterator[tuple[Survey, dict[str, User]]]:
    survey, users = new_survey(tmp_path / "s.db")
    yield survey, users
    survey.close()


def test_a_clean_family_is_stored_as_version_one_with_no_findings(setting) -> None:
    survey, users = setting
    result = submit(survey, batch(*family()), source="form", user=users["wang"])
    assert rows(result.households, "ea_id", "hh_no", "version", "state") == [
        (EA1, "001", 1, "submitted")
    ]
    assert result.findings.empty


def test_a_household_found_in_the_field_is_an_addition_and_a_listed_one_is_not(setting) -> None:
    survey, users = setting
    found = submit(survey, batch(*family("003", EA1)), source="form", user=users["wang"])
    assert rows(found.findings, "rule_id", "hh_no") == [("C-02", "003")]
    assert rows(found.households, "listed") == [(0,)]
    listed = submit(survey, batch(*family("002", EA1)), source="form", user=users["wang"])
    assert listed.findings.empty
    assert rows(listed.households, "listed") == [(1,)]


def test_an_error_is_returned_corrected_and_approved(setting) -> None:
    survey, users = setting
    household, persons = family()
    household["n_present"] = 4  # S-04 and S-05: the roster has three persons
    first = submit(survey, batch(household, persons), source="form", user=users["wang"])
    assert {"S-04", "S-05"} <= set(first.findings["rule_id"])

    with pytest.raises(ReviewError) as refused:
        act(survey, users["li"], EA1, "001", "approve", version=1)
    assert refused.value.code == "unresolved_findings"
    assert refused.value.status == 409

    with pytest.raises(ReviewError, match="needs a comment"):
        act(survey, users["li"], EA1, "001", "return", version=1)
    returned = act(
        survey,
        users["li"],
        EA1,
        "001",
        "return",
        version=1,
        comment="三口人，现住人数应为3",
        field="n_present",
    )
    assert returned.state == State.RETURNED

    household["n_present"] = 3
    second = submit(survey, batch(household, persons), source="form", user=users["wang"])
    assert rows(second.households, "version", "state") == [(2, "submitted")]
    assert second.findings.empty
    assert rows(diff(survey, EA1, "001", 1, 2), "table", "field", "old", "new") == [
        ("households", "n_present", "4", "3")
    ]

    with pytest.raises(ReviewError) as stale:
        act(survey, users["li"], EA1, "001", "approve", version=1)
    assert stale.value.code == "stale_version"
    assert act(survey, users["li"], EA1, "001", "approve", version=2).state == State.APPROVED

    trail = history(survey, EA1, "001")
    assert rows(trail, "action", "user", "version", "from_state", "to_state") == [
        ("submit", "wang", 1, None, "submitted"),
        ("return", "li", 1, "submitted", "returned"),
        ("submit", "wang", 2, "returned", "submitted"),
        ("approve", "li", 2, "submitted", "approved"),
    ]
    assert trail["comment"].iloc[1] == "三口人，现住人数应为3"
    assert trail["field"].iloc[1] == "n_present"


def test_a_warning_needs_the_enumerators_explanation_before_approval(setting) -> None:
    survey, users = setting
    household, persons = family()
    persons[0].update(birth_year=1955, id_number=citizen_id(1955, 5, 15, 11), health=1)
    result = submit(survey, batch(household, persons), source="form", user=users["wang"])
    assert rows(result.findings, "rule_id", "severity") == [("R-04", "warning")]
    with pytest.raises(ReviewError, match="R-04"):
        act(survey, users["li"], EA1, "001", "approve", version=1)

    line = result.findings["line_no"].iloc[0]
    notes = explanations_frame(
        [
            {
                "rule_id": "R-04",
                "line_no": None if pd.isna(line) else int(line),
                "text": "再婚，年龄差属实",
            }
        ],
        EA1,
        "001",
    )
    submit(survey, batch(household, persons), source="form", user=users["wang"], explanations=notes)
    assert act(survey, users["li"], EA1, "001", "approve", version=2).state == State.APPROVED


def test_only_the_office_waives_an_error_and_reopens_an_approved_household(setting) -> None:
    survey, users = setting
    household, persons = family()
    persons[2]["birth_month"] = 8  # ID-02: the ID number says July
    result = submit(survey, batch(household, persons), source="form", user=users["wang"])
    assert rows(result.findings, "rule_id", "line_no") == [("ID-02", 3)]
    with pytest.raises(Forbidden):
        act(
            survey,
            users["li"],
            EA1,
            "001",
            "waive",
            version=1,
            rule_id="ID-02",
            line_no=3,
            comment="身份证本身日期有误",
        )
    with pytest.raises(ReviewError, match="no error ID-01"):
        act(
            survey,
            users["office"],
            EA1,
            "001",
            "waive",
            version=1,
            rule_id="ID-01",
            line_no=3,
            comment="x",
        )
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
    assert act(survey, users["li"], EA1, "001", "approve", version=1).state == State.APPROVED

    with pytest.raises(TransitionRefused):
        submit(survey, batch(household, persons), source="form", user=users["wang"])
    with pytest.raises(Forbidden):
        act(survey, users["li"], EA1, "001", "reopen", version=1, comment="复查")
    assert (
        act(survey, users["office"], EA1, "001", "reopen", version=1, comment="复查").state
        == State.SUBMITTED
    )
    assert submit(survey, batch(household, persons), source="form", user=users["wang"]).households[
        "version"
    ].tolist() == [2]


def test_enumerators_and_supervisors_act_only_on_their_eas(setting) -> None:
    survey, users = setting
    with pytest.raises(Forbidden):
        submit(survey, batch(*family(ea_id=EA2)), source="form", user=users["wang"])
    assert survey.store.db.execute("SELECT COUNT(*) FROM versions").fetchone()[0] == 0
    submit(survey, batch(*family(ea_id=EA2)), source="form", user=users["zhao"])
    with pytest.raises(Forbidden):
        act(survey, users["chen"], EA2, "001", "approve", version=1)
    with pytest.raises(Forbidden):
        act(survey, users["zhao"], EA2, "001", "approve", version=1)


def test_the_queue_puts_errors_first_and_filters(setting) -> None:
    survey, users = setting
    submit(survey, batch(*family("001")), source="form", user=users["wang"])
    household, persons = family("002")
    household["n_away"] = 1
    submit(survey, batch(household, persons), source="form", user=users["wang"])
    submit(survey, batch(*family("001", EA2)), source="form", user=users["zhao"])
    queue = review_queue(survey, users["li"])
    assert rows(queue.rows, "ea_id", "hh_no")[0] == (EA1, "002")
    assert queue.counts["ea_id"] == {EA1: 2, EA2: 1}
    assert queue.counts["rule_id"]["S-04"] == 1
    assert rows(review_queue(survey, users["li"], rule_id="S-04").rows, "hh_no") == [("002",)]
    assert rows(review_queue(survey, users["chen"]).rows, "ea_id") == [(EA1,), (EA1,)]


def test_two_supervisors_approving_the_same_version_one_wins(setting) -> None:
    survey, users = setting
    submit(survey, batch(*family()), source="form", user=users["wang"])
    outcomes: list[str] = []

    def approve(user: User) -> None:
        try:
            act(survey, user, EA1, "001", "approve", version=1)
            outcomes.append("approved")
        except ReviewError as exc:
            outcomes.append(f"{exc.status}")

    threads = [threading.Thread(target=approve, args=(users[n],)) for n in ("li", "chen")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["409", "approved"]
    assert rows(history(survey, EA1, "001"), "action") == [("submit",), ("approve",)]


def test_a_resubmission_racing_an_approval_loses_no_version(setting) -> None:
    survey, users = setting
    submit(survey, batch(*family()), source="form", user=users["wang"])
    acknowledged: list[int] = []
    approvals: list[str] = []

    def resubmit() -> None:
        try:
            result = submit(survey, batch(*family()), source="form", user=users["wang"])
            acknowledged.extend(result.households["version"].tolist())
        except TransitionRefused:
            pass

    def approve() -> None:
        try:
            act(survey, users["li"], EA1, "001", "approve", version=1)
            approvals.append("approved")
        except ReviewError as exc:
            approvals.append(exc.code)

    threads = [threading.Thread(target=resubmit), threading.Thread(target=approve)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stored = [
        r[0]
        for r in survey.store.db.execute("SELECT version FROM versions ORDER BY version").fetchall()
    ]
    assert stored == [1, *acknowledged]
    # exactly one of the two wins: the approval (the resubmission is then refused) or the
    # resubmission (the approval then names a version that is no longer current)
    assert (approvals, acknowledged) in [(["approved"], []), (["stale_version"], [2])]
