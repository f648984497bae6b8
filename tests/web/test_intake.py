"""API submissions arriving together are stored together, each with its own submitter, answer
and error (survey.collection.intake)."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import pandas as pd
import pytest

from survey.accounts.access import Forbidden, user_named
from survey.collection.intake import Job
from survey.review.actions import act
from survey.states import TransitionRefused
from survey.views.api import api_intake
from tests.web.clients import bearer
from tests.web.survey_data import EA1, EA2, family, three_persons
from web.db import get_survey


def job(survey: Any, name: str, body: dict[str, Any], submission_id: str | None = None) -> Job:
    return Job(
        user=user_named(survey, name),
        household=body["household"],
        persons=[{k: v for k, v in p.items()} for p in body["persons"]],
        explanations=body.get("explanations", []),
        submission_id=submission_id,
    )


def test_a_batch_of_several_users_keeps_each_submitter(app) -> None:
    with app.app_context():
        survey = get_survey()
        same = family("001", EA1)
        twin = {"household": {**same["household"], "ea_id": EA2}, "persons": same["persons"]}
        jobs = [
            job(survey, "wang", same, str(uuid.uuid4())),
            job(survey, "zhao", twin, str(uuid.uuid4())),
            job(
                survey,
                "wang",
                three_persons(n_present=4)
                | {"household": {**three_persons(4)["household"], "hh_no": "002"}},
            ),
        ]
        api_intake(survey)._run(jobs)
        assert [j.error for j in jobs] == [None, None, None]
        assert [j.answer["version"] for j in jobs] == [1, 1, 1]
        db = survey.store.read
        rows = db.execute(
            "SELECT v.ea_id, v.hh_no, u.name FROM versions v JOIN users u ON u.id = v.submitted_by "
            "ORDER BY v.id"
        ).fetchall()
        assert rows == [(EA1, "001", "wang"), (EA2, "001", "zhao"), (EA1, "002", "wang")]
        audited = db.execute(
            "SELECT e.ea_id, u.name FROM events e JOIN users u ON u.id = e.user_id "
            "WHERE e.action = 'submit' ORDER BY e.id"
        ).fetchall()
        assert audited == [(EA1, "wang"), (EA2, "zhao"), (EA1, "wang")]
        enumerators = db.execute(
            "SELECT u.name FROM households h JOIN users u ON u.id = h.enumerator_id "
            "ORDER BY h.ea_id, h.hh_no"
        ).fetchall()
        assert enumerators == [("wang",), ("wang",), ("zhao",)]
        assert {"S-04", "S-05", "R-04"} <= {f["rule_id"] for f in jobs[2].answer["findings"]}
        # the same family entered in both EAs: one batch still sees the person counted twice
        assert "ID-05" in {f["rule_id"] for f in jobs[0].answer["findings"]}


def test_one_refused_household_does_not_sink_the_others(app) -> None:
    with app.app_context():
        survey = get_survey()
        api_intake(survey)._run([job(survey, "wang", family("001", EA1))])
        act(survey, user_named(survey, "li"), EA1, "001", "approve", version=1)
        jobs = [
            job(survey, "wang", family("001", EA1)),  # approved: refused
            job(survey, "zhao", family("001", EA2)),
        ]
        api_intake(survey)._run(jobs)
        assert isinstance(jobs[0].error, TransitionRefused)
        assert jobs[1].error is None
        assert jobs[1].answer["state"] == "submitted"
        count = survey.store.read.execute("SELECT COUNT(*) FROM versions").fetchone()[0]
        assert count == 2


def test_concurrent_clients_each_get_their_own_answer(app, tokens) -> None:
    bodies = [(f"{n:03d}", EA1, "wang") for n in range(1, 9)] + [
        (f"{n:03d}", EA2, "zhao") for n in range(1, 9)
    ]
    answers: dict[tuple[str, str], Any] = {}

    def send(hh_no: str, ea_id: str, name: str) -> None:
        client = app.test_client()
        response = client.post(
            "/api/v1/households",
            json={"submission_id": str(uuid.uuid4()), **family(hh_no, ea_id)},
            headers=bearer(tokens[name]),
        )
        answers[(ea_id, hh_no)] = (response.status_code, response.get_json())

    threads = [threading.Thread(target=send, args=body) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {status for status, _ in answers.values()} == {201}
    assert {(a["ea_id"], a["hh_no"]) for _, a in answers.values()} == set(answers)
    with app.app_context():
        db = get_survey().store.read
        stored = db.execute(
            "SELECT COUNT(*), COUNT(DISTINCT submission_id), SUM(submitted_by IS NULL) "
            "FROM versions"
        ).fetchone()
    assert tuple(stored) == (16, 16, 0)


def test_a_caller_never_reaches_a_batch_for_another_ea(app) -> None:
    from survey.views.api import submit_payload

    with app.app_context():
        survey = get_survey()
        with pytest.raises(Forbidden):
            submit_payload(api_intake(survey), user_named(survey, "wang"), family("001", EA2))


def test_typed_json_gives_the_tables_the_cell_parser_gives() -> None:
    from schemas import default_questionnaire
    from survey import synth
    from survey.collection.intake import _typed_table, parsed_batch, typed_batch

    q = default_questionnaire()
    data = synth.generate(q, 60, seed=5)
    jobs = []
    for household in data.households.astype(object).to_dict("records"):
        key = (household["ea_id"], household["hh_no"])
        persons = data.persons[
            (data.persons["ea_id"] == key[0]) & (data.persons["hh_no"] == key[1])
        ]
        plain = [
            {k: (None if v is None or v is pd.NA else v) for k, v in p.items()}
            for p in persons.drop(columns=["ea_id", "hh_no"]).astype(object).to_dict("records")
        ]
        household = {k: (None if v is pd.NA else v) for k, v in household.items()}
        household["hh_type"] = int(household["hh_type"])
        jobs.append(
            Job(
                user=None,
                household=household,
                persons=plain,  # type: ignore[arg-type]
                explanations=[],
                submission_id=None,
            )
        )
    for job in jobs[:3]:
        job.persons[0]["id_number"] = " " + str(job.persons[0]["id_number"] or "").lower() + " "
    assert _typed_table(q.households, [j.household for j in jobs]) is not None  # the fast path
    fast = typed_batch(q, jobs)
    slow = parsed_batch(
        q,
        [j.household for j in jobs],
        [
            {**p, "ea_id": j.household["ea_id"], "hh_no": j.household["hh_no"]}
            for j in jobs
            for p in j.persons
        ],
    )
    pd.testing.assert_frame_equal(fast.households, slow.households)
    pd.testing.assert_frame_equal(fast.persons, slow.persons)
    assert fast.cell_errors.empty
    assert slow.cell_errors.empty
