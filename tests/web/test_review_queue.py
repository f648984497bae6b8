"""The supervisor's queue page: ordering, filters with their counts, bulk approval of the clean
households of the filter; and the same queue through the API."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from survey.states import State
from tests.web.clients import bearer, login, page_token
from tests.web.review_data import actions, household, state, submit
from tests.web.survey_data import EA1, EA2
from web import review as web_review

HOUSEHOLD_ROW = re.compile(r'<tr id="q-(\d+)-(\d+)"')
CLEAN = re.compile(r'<input type="hidden" name="household" value="([^"]+)"')


@pytest.fixture
def queued(app: Flask, client: FlaskClient, tokens: dict[str, str]) -> FlaskClient:
    """Four households, oldest first: EA1/002 with an explained warning, EA2/001 clean, EA1/001
    with errors, EA2/002 (an addition) with errors and a warning left unexplained."""
    submit(client, tokens["wang"], household("002", seq=2, old_head=True), explain="再婚")
    submit(client, tokens["zhao"], household("001", EA2, seq=3))
    submit(client, tokens["wang"], household("001", seq=1, n_present=4))
    submit(client, tokens["zhao"], household("002", EA2, seq=4, n_present=4))
    login(client, "li")
    return client


def listed(html: str) -> list[tuple[str, str]]:
    return HOUSEHOLD_ROW.findall(html)


def test_errors_come_first_then_unexplained_warnings_then_the_oldest(queued) -> None:
    page = queued.get("/review/")
    assert page.status_code == 200
    # Errors first; among them the one with a warning left unexplained; then the explained
    # warning and the clean household, oldest first.
    assert listed(page.text) == [(EA2, "002"), (EA1, "001"), (EA1, "002"), (EA2, "001")]


def test_filters_narrow_the_list_and_count_with_the_other_filters(queued) -> None:
    page = queued.get(f"/review/?ea_id={EA2}").text
    assert listed(page) == [(EA2, "002"), (EA2, "001")]
    assert f'<option value="{EA1}">{EA1} (2)</option>' in page  # the EA filter ignores itself
    assert '<option value="zhao">zhao (2)</option>' in page
    assert '<option value="wang">' not in page  # no household of wang in EA2
    assert '<option value="C-02">C-02 (1)</option>' in page

    by_rule = queued.get("/review/?rule_id=S-04").text
    assert listed(by_rule) == [(EA2, "002"), (EA1, "001")]
    assert '<option value="wang">wang (1)</option>' in by_rule
    by_enumerator = queued.get("/review/?enumerator=wang").text
    assert listed(by_enumerator) == [(EA1, "001"), (EA1, "002")]
    assert listed(queued.get("/review/?enumerator=wang&rule_id=R-04").text) == [(EA1, "002")]
    assert listed(queued.get("/review/?ea_id=999").text) == []


def test_bulk_approval_takes_only_the_clean_households_of_the_filter(app, queued) -> None:
    page = queued.get("/review/").text
    seen = CLEAN.findall(page)
    assert seen == [f"{EA2}/001/1"]  # an explained warning is not clean
    response = queued.post(
        "/review/approve-clean",
        data={"csrf_token": page_token(queued), "household": seen, "confirm": "1"},
    )
    assert response.status_code == 302
    assert "approved=1" in response.headers["Location"]
    assert "skipped=3" in response.headers["Location"]
    notice = queued.get(response.headers["Location"]).text
    assert "Approved 1 households." in notice
    assert "3 households of this filter were left as they were" in notice
    assert state(app, EA2, "001") == (State.APPROVED.value, 1)
    assert actions(app, EA2, "001")[-1] == ("approve", 1, "li")  # audited, in li's name
    for ea_id, hh_no in ((EA1, "001"), (EA1, "002"), (EA2, "002")):
        assert state(app, ea_id, hh_no)[0] == State.SUBMITTED.value


def test_a_long_list_of_clean_households_is_approved_a_part_at_a_time(
    app, client, tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(web_review, "BULK", 2)  # 500 in use: the page names each version
    for seq, (hh_no, ea_id) in enumerate([("001", EA1), ("001", EA2), ("002", EA1)], start=1):
        submit(client, tokens["wang" if ea_id == EA1 else "zhao"], household(hh_no, ea_id, seq=seq))
    login(client, "li")
    page = client.get("/review/").text
    seen = CLEAN.findall(page)
    assert len(seen) == 2
    assert "Approve 2 of the 3 clean households of this list" in page
    client.post(
        "/review/approve-clean",
        data={"csrf_token": page_token(client), "household": seen, "confirm": "1"},
    )
    left = CLEAN.findall(client.get("/review/").text)
    assert len(left) == 1
    assert left[0] not in seen


def test_bulk_approval_keeps_to_the_filter_and_the_versions_seen(app, client, tokens) -> None:
    submit(client, tokens["wang"], household("001", seq=1))
    submit(client, tokens["zhao"], household("001", EA2, seq=3))
    login(client, "li")
    token = page_token(client)
    stale = client.post(
        "/review/approve-clean",
        data={
            "csrf_token": token,
            "household": [f"{EA1}/001/7", f"{EA2}/001/1"],
            "ea_id": EA1,
            "confirm": "1",
        },
    )
    assert "approved=0" in stale.headers["Location"]
    assert state(app, EA1, "001") == (State.SUBMITTED.value, 1)  # shown at another version
    assert state(app, EA2, "001") == (State.SUBMITTED.value, 1)  # outside the filter
    client.post(
        "/review/approve-clean",
        data={"csrf_token": token, "household": [f"{EA1}/001/1"], "ea_id": EA1, "confirm": "1"},
    )
    assert state(app, EA1, "001") == (State.APPROVED.value, 1)


def test_bulk_approval_needs_the_csrf_token_and_a_reviewer(app, client, tokens) -> None:
    submit(client, tokens["wang"], household("001", seq=1))
    login(client, "wang")
    forged = client.post("/review/approve-clean", data={"household": [f"{EA1}/001/1"]})
    assert forged.status_code == 400
    refused = client.post(
        "/review/approve-clean",
        data={"csrf_token": page_token(client), "household": [f"{EA1}/001/1"]},
    )
    assert refused.status_code == 403
    assert client.get("/review/").status_code == 403
    assert state(app, EA1, "001") == (State.SUBMITTED.value, 1)


def test_the_api_queue_takes_the_same_filters(queued, tokens) -> None:
    def keys(path: str) -> list[tuple[str, str]]:
        answer = queued.get(path, headers=bearer(tokens["li"])).get_json()
        return [(h["ea_id"], h["hh_no"]) for h in answer["households"]]

    assert keys("/api/v1/queue") == [(EA2, "002"), (EA1, "001"), (EA1, "002"), (EA2, "001")]
    assert keys(f"/api/v1/queue?ea_id={EA2}") == [(EA2, "002"), (EA2, "001")]
    assert keys("/api/v1/queue?rule_id=R-04") == [(EA1, "002")]
    assert keys("/api/v1/queue?enumerator=zhao&rule_id=S-04") == [(EA2, "002")]
    answer = queued.get(f"/api/v1/queue?ea_id={EA2}", headers=bearer(tokens["li"])).get_json()
    assert answer["counts"]["ea_id"] == {EA1: 2, EA2: 2}
    assert answer["counts"]["enumerator"] == {"zhao": 2}
    first = answer["households"][0]
    assert (first["errors"], first["unexplained"], first["warnings"]) == (2, 1, 1)


def test_the_openapi_document_names_the_queue_filters(client) -> None:
    queue = client.get("/api/v1/openapi.json").get_json()["paths"]["/queue"]["get"]
    assert [(p["name"], p["in"]) for p in queue["parameters"]] == [
        ("ea_id", "query"),
        ("enumerator", "query"),
        ("rule_id", "query"),
    ]
