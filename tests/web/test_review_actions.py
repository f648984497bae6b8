"""The household review page and its actions: what it shows (findings beside fields,
explanations, comments, versions and their changes), approve refused with the reasons, return with
a comment on a field that the enumerator then sees, a stale version answered 409 with nothing
changed, waive and reopen for the office only; the same through the API."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from survey.states import State
from tests.web.clients import act, bearer, login, page_token, text
from tests.web.review_data import actions, household, query, state, submit
from tests.web.survey_data import EA1, EA2

PAGE = f"/review/{EA1}/001"


def block(html: str, element_id: str) -> str:
    """The words of the element with this id, up to the next element with an id of its kind."""
    start = html.index(f'id="{element_id}"')
    end = html.find('<div class="answer', start + 1)
    return text(html[start : end if end > 0 else None])


def person(html: str, line: int) -> str:
    """The words of the review page's card of person ``line``."""
    start = html.index(f'id="r-p{line}-')
    end = html.find(f'id="r-p{line + 1}-', start)
    return text(html[start : end if end > 0 else html.index('id="thread"')])


@pytest.fixture
def errors(client: FlaskClient, tokens: dict[str, str]) -> FlaskClient:
    """EA1/001 submitted by wang with H2a = 4 for a roster of 3 (errors S-04, S-05); li reviews."""
    submit(client, tokens["wang"], household(n_present=4))
    login(client, "li")
    return client


def test_the_page_shows_the_version_with_findings_beside_their_fields(errors) -> None:
    page = errors.get(PAGE)
    assert page.status_code == 200
    assert "S-04" in block(page.text, "r-h-n_present")
    assert 'class="answer has-error" id="r-h-n_present"' in page.text
    assert "4" in block(page.text, "r-h-n_present")
    assert "1 family household" in block(page.text, "r-h-hh_type")  # codes with their labels
    assert "张小明" in page.text
    assert re.search(r'id="approve".*Approve version 1', page.text, re.S)


def test_warnings_show_the_enumerators_explanation(client, tokens) -> None:
    submit(client, tokens["wang"], household(old_head=True), explain="再婚，年龄差属实")
    submit(client, tokens["wang"], household("002", seq=2, old_head=True))
    login(client, "li")
    explained = client.get(PAGE).text
    assert "Enumerator's explanation: 再婚，年龄差属实" in person(explained, 2)
    assert 'class="answer has-warning" id="r-p2-birth_year"' in explained
    assert "Enumerator's explanation" not in person(explained, 1)
    unexplained = client.get(f"/review/{EA1}/002").text
    assert "No explanation from the enumerator." in person(unexplained, 2)


def test_approval_is_refused_with_the_reasons_and_changes_nothing(app, errors) -> None:
    before = actions(app, EA1, "001")
    refused = act(errors, "approve", 1)
    assert refused.status_code == 409
    words = block(refused.text, "refusal")
    assert "Approval is refused while these findings stand" in words
    assert "S-04 (error, not waived)" in words
    assert "S-05 (error, not waived)" in words
    assert state(app, EA1, "001") == (State.SUBMITTED.value, 1)
    assert actions(app, EA1, "001") == before


def test_an_unexplained_warning_refuses_approval_too(app, client, tokens) -> None:
    submit(client, tokens["wang"], household(old_head=True))
    login(client, "li")
    refused = act(client, "approve", 1)
    assert refused.status_code == 409
    assert "R-04 (warning, not explained)" in block(refused.text, "refusal")


def test_a_return_needs_a_comment_and_names_a_real_question(app, errors) -> None:
    assert act(errors, "return", 1, comment="  ").status_code == 400
    wrong = act(errors, "return", 1, comment="x", field="h.colour")
    assert wrong.status_code == 422
    assert "colour is not a question" in wrong.text
    no_line = act(errors, "return", 1, comment="x", field="p.education")
    assert no_line.status_code == 422
    assert state(app, EA1, "001") == (State.SUBMITTED.value, 1)
    assert act(errors, "bless", 1).status_code == 400
    no_version = {"csrf_token": page_token(errors), "action": "approve"}
    assert errors.post(PAGE, data=no_version).status_code == 400
    forged = {"action": "return", "version": 1, "comment": "x"}
    assert errors.post(PAGE, data=forged).status_code == 400  # no CSRF token
    assert state(app, EA1, "001") == (State.SUBMITTED.value, 1)


def test_a_return_on_a_field_reaches_the_enumerator_beside_that_field(app, errors) -> None:
    returned = act(errors, "return", 1, comment="三口人，现住人数应为3", field="h.n_present")
    assert returned.status_code == 302
    assert "Returned to the enumerator" in errors.get(returned.headers["Location"]).text
    act(errors, "return", 1, comment="never reached: the state moved on", field="h.rooms")
    assert state(app, EA1, "001") == (State.RETURNED.value, 1)
    thread = block(errors.get(PAGE).text, "thread")
    assert "li returned the household · version 1 · H2a" in thread
    assert "三口人，现住人数应为3" in thread

    errors.post("/logout", data={"csrf_token": page_token(errors)})
    login(errors, "wang")
    form = errors.get(PAGE.replace("/review/", "/households/")).text
    start = form.index('id="f-h-n_present"')
    beside = form[start : form.index('class="field', start + 10)]
    assert "Returned by li: 三口人，现住人数应为3" in text(beside)
    assert "三口人，现住人数应为3" in errors.get("/").text  # returned households come first


def test_a_return_on_a_persons_field_sits_on_that_persons_line(errors) -> None:
    act(errors, "return", 1, comment="初中？", field="p.education", line_no="3")
    errors.post("/logout", data={"csrf_token": page_token(errors)})
    login(errors, "wang")
    form = errors.get(f"/households/{EA1}/001").text
    start = form.index('id="f-p3-education"')
    assert "初中？" in form[start : form.index('class="field', start + 10)]


def test_a_stale_version_answers_409_and_changes_nothing(app, client, tokens) -> None:
    submit(client, tokens["wang"], household(n_present=4))
    login(client, "li")
    token = page_token(client, PAGE)  # li opens version 1 …
    submit(client, tokens["wang"], household())  # … wang corrects it meanwhile
    before = actions(app, EA1, "001")
    for action in ("approve", "return"):
        stale = client.post(
            PAGE, data={"csrf_token": token, "action": action, "version": 1, "comment": "x"}
        )
        assert stale.status_code == 409
        assert "is at version 2, not 1" in block(stale.text, "refusal")
        assert 'name="version" value="2"' in stale.text  # the page now shows version 2
    assert state(app, EA1, "001") == (State.SUBMITTED.value, 2)
    assert actions(app, EA1, "001") == before


def test_the_changes_between_versions_say_who_changed_what_and_when(app, errors, tokens) -> None:
    act(errors, "return", 1, comment="三口人", field="h.n_present")
    corrected = household()
    corrected["persons"][2]["education"] = 4
    submit(errors, tokens["wang"], corrected)
    page = errors.get(PAGE).text
    changes = text(page[page.index('id="changes"') : page.index('class="card review-data')])
    assert "Changes from version 1 to version 2" in changes
    assert "H2a Persons who spent the night before the census moment here 4 → 3 wang" in changes
    assert re.search(
        r"Educational attainment · Person 3 3 primary → 4 junior secondary wang \(version 2\) "
        r"\d{4}-\d\d-\d\d \d\d:\d\d",
        changes,
    )
    reversed_ = errors.get(f"{PAGE}?old=2&new=1").text
    assert "Changes from version 1 to version 2" in reversed_
    same = errors.get(f"{PAGE}?old=2&new=2").text
    assert "No answer differs between these versions." in same
    assert errors.get(f"{PAGE}?old=1&new=5").status_code == 404
    versions = text(page[page.index('id="versions"') : page.index('id="changes"')])
    assert re.search(r"1 API \(app\) wang \S+ \S+ UTC\+8 – vs 2 2 API \(app\) wang", versions)


def test_the_page_shows_the_submitted_version_not_the_enumerators_draft(errors) -> None:
    act(errors, "return", 1, comment="三口人", field="h.n_present")
    errors.post("/logout", data={"csrf_token": page_token(errors)})
    login(errors, "wang")
    draft = errors.post(
        f"/households/{EA1}/001",
        data={"csrf_token": page_token(errors), "action": "save", "h.hh_type": "2"},
    )
    assert draft.status_code == 302
    errors.post("/logout", data={"csrf_token": page_token(errors)})
    login(errors, "li")
    assert "1 family household" in block(errors.get(PAGE).text, "r-h-hh_type")


def test_only_the_office_waives_an_error_and_then_it_may_be_approved(app, client, tokens) -> None:
    body = household()
    body["persons"][2]["birth_month"] = 8  # ID-02: the ID number says July
    submit(client, tokens["wang"], body)
    login(client, "li")
    assert 'id="waive-form"' not in client.get(PAGE).text
    refused = act(client, "waive", 1, finding="ID-02|3", comment="身份证本身日期有误")
    assert refused.status_code == 403
    client.post("/logout", data={"csrf_token": page_token(client)})
    login(client, "office")
    assert 'value="ID-02|3"' in client.get(PAGE).text
    assert act(client, "waive", 1, finding="ID-02|3", comment="").status_code == 400
    assert act(client, "waive", 1, finding="ID-01|3", comment="x").status_code == 422
    waived = act(client, "waive", 1, finding="ID-02|3", comment="身份证本身日期有误")
    assert waived.status_code == 302
    page = client.get(PAGE).text
    assert "The error is waived" in client.get(waived.headers["Location"]).text
    assert "office waived an error · version 1 · Person 3" in block(page, "thread")
    assert act(client, "approve", 1).status_code == 302
    assert state(app, EA1, "001") == (State.APPROVED.value, 1)
    assert [a for a, _, _ in actions(app, EA1, "001")] == ["submit", "waive", "approve"]


def test_only_the_office_reopens_an_approved_household(app, client, tokens) -> None:
    submit(client, tokens["wang"], household())
    login(client, "li")
    assert act(client, "approve", 1).status_code == 302
    assert "No review action is open to you" in client.get(PAGE).text
    assert act(client, "reopen", 1, comment="复核").status_code == 403
    client.post("/logout", data={"csrf_token": page_token(client)})
    login(client, "office")
    assert act(client, "reopen", 1, comment="").status_code == 400
    assert act(client, "reopen", 1, comment="复核户主身份证").status_code == 302
    assert state(app, EA1, "001") == (State.SUBMITTED.value, 1)
    assert act(client, "reopen", 1, comment="again").status_code == 409


def test_enumerators_do_not_review(app, client, tokens) -> None:
    submit(client, tokens["wang"], household())
    login(client, "wang")
    assert client.get(PAGE).status_code == 403
    assert act(client, "approve", 1).status_code == 403
    assert state(app, EA1, "001") == (State.SUBMITTED.value, 1)


def test_a_household_never_submitted_has_no_review_page(errors) -> None:
    assert errors.get(f"/review/{EA1}/002").status_code == 404
    assert errors.get(f"/review/{EA1}/777").status_code == 404


@pytest.mark.parametrize("who", ["li", "office"])
def test_the_api_refuses_approval_with_located_reasons(client, tokens, who) -> None:
    submit(client, tokens["wang"], household(n_present=4))
    path = f"/api/v1/households/{EA1}/001/review"
    response = client.post(
        path, json={"action": "approve", "version": 1}, headers=bearer(tokens[who])
    )
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "unresolved_findings"
    assert [d["location"] for d in error["details"]] == ["household", "household"]
    assert error["details"][0]["message"].startswith("S-04 (error, not waived)")


def test_the_api_waives_by_rule_and_line_for_the_office_only(app, client, tokens) -> None:
    body = household()
    body["persons"][2]["birth_month"] = 8
    submit(client, tokens["wang"], body)
    path = f"/api/v1/households/{EA1}/001/review"
    waive = {"action": "waive", "version": 1, "rule_id": "ID-02", "line_no": 3, "comment": "证件"}
    refused = client.post(path, json=waive, headers=bearer(tokens["li"]))
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "forbidden"
    done = client.post(path, json=waive, headers=bearer(tokens["office"]))
    assert done.status_code == 200
    assert done.get_json() == {"ea_id": EA1, "hh_no": "001", "version": 1, "state": "submitted"}
    stale = client.post(
        path, json={"action": "approve", "version": 2}, headers=bearer(tokens["li"])
    )
    assert stale.status_code == 409
    assert stale.get_json()["error"]["code"] == "stale_version"
    approved = client.post(
        path, json={"action": "approve", "version": 1}, headers=bearer(tokens["li"])
    )
    assert approved.get_json()["state"] == "approved"
    wrong_field = client.post(
        f"/api/v1/households/{EA2}/001/review",
        json={"action": "return", "version": 1, "comment": "x", "field": "colour"},
        headers=bearer(tokens["li"]),
    )
    assert wrong_field.status_code in (404, 422)
    assert query(app, "SELECT COUNT(*) FROM waivers") == [(1,)]


def test_a_supervisor_reviews_only_the_eas_they_supervise(app, client, tokens) -> None:
    from survey.accounts.access import Role, add_user
    from web.db import get_survey

    with app.app_context():
        add_user(get_survey(), "chen", Role.SUPERVISOR, [EA2], password="pw-chen-12345")
    submit(client, tokens["wang"], household())
    login(client, "chen", "pw-chen-12345")
    assert client.get(PAGE).status_code == 403
    assert act(client, "approve", 1).status_code == 403
    assert state(app, EA1, "001") == (State.SUBMITTED.value, 1)
