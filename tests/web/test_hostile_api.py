"""A hostile but realistic API client: every refusal is a located 4xx error body, in the caller's
language, and leaves the database exactly as it was. A 500 or a traceback is a bug."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.web.clients import bearer
from tests.web.footprint import footprint
from tests.web.survey_data import EA1, EA2, family, three_persons
from web.db import get_survey

JSON = {"Content-Type": "application/json"}
Body = dict[str, Any]


def send(client: FlaskClient, token: str, raw: bytes, path: str = "/api/v1/households") -> Any:
    return client.post(path, data=raw, headers={**bearer(token), **JSON})


def refused(response: Any, status: int, code: str) -> dict[str, Any]:
    """The error body of spec/interfaces.md with this status and code; never a traceback."""
    assert response.status_code == status, response.text
    body = response.get_json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    assert "Traceback" not in response.text
    return dict(body["error"])


def where(error: dict[str, Any]) -> set[str]:
    return {d["location"] for d in error["details"]}


def changed(body: Body, edit: Callable[[Body], None]) -> Body:
    edit(body)
    return body


def person(index: int, item: str, value: Any) -> Callable[[Body], None]:
    return lambda body: body["persons"][index].__setitem__(item, value)


def household_item(item: str, value: Any) -> Callable[[Body], None]:
    return lambda body: body["household"].__setitem__(item, value)


def explained(*notes: Any) -> Callable[[Body], None]:
    return lambda body: body.__setitem__("explanations", list(notes))


def note(rule_id: Any = "R-04", line_no: Any = 2, text: Any = "second marriage") -> dict:
    return {"rule_id": rule_id, "line_no": line_no, "text": text}


# --- bodies that are not a household ------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "status", "code"),
    [
        pytest.param(b"household=001", 400, "invalid_json", id="a form body"),
        pytest.param(b"[1, 2]", 422, "invalid_body", id="a list"),
        pytest.param(b"42", 422, "invalid_body", id="a number"),
        pytest.param(b'"household"', 422, "invalid_body", id="a string"),
        pytest.param(b"null", 422, "invalid_body", id="null"),
        pytest.param(b'{"a": ' * 50_000 + b"1" + b"}" * 50_000, 400, "invalid_json", id="nested"),
        pytest.param(b'{"household": {"rooms": Infinity}}', 400, "invalid_json", id="Infinity"),
        pytest.param(b'{"household": {"rooms": -Infinity}}', 400, "invalid_json", id="-Infinity"),
        pytest.param(b'{"household": {"rooms": ' + b"9" * 5000 + b"}}", 400, "invalid_json"),
        pytest.param('{"household": "é"}'.encode("latin-1"), 400, "invalid_json", id="latin-1"),
        pytest.param(json.dumps(family()).encode("utf-16"), 400, "invalid_json", id="utf-16"),
    ],
)
def test_a_body_that_is_not_a_json_household_is_refused(
    app, client, tokens, raw, status, code
) -> None:
    before = footprint(app)
    refused(send(client, tokens["wang"], raw), status, code)
    assert footprint(app) == before


@pytest.mark.parametrize(
    ("name", "location"),
    [
        pytest.param('"\\ud800"', "persons[0].name", id="a lone high surrogate"),
        pytest.param('"张\\udfff伟"', "persons[0].name", id="a lone low surrogate inside"),
    ],
)
def test_text_with_a_lone_surrogate_escape_is_refused_where_it_is(
    app, client, tokens, name, location
) -> None:
    """JSON allows "\\ud800", but it is no character: it could never be stored as UTF-8."""
    raw = json.dumps(family(), ensure_ascii=False).replace('"张伟"', name, 1).encode()
    before = footprint(app)
    error = refused(send(client, tokens["wang"], raw), 400, "invalid_json")
    assert where(error) == {location}
    assert footprint(app) == before


def test_a_surrogate_pair_escape_is_an_ordinary_character(client, tokens) -> None:
    raw = json.dumps(family(), ensure_ascii=False)
    raw = raw.replace('"张伟"', '"\\ud842\\udfb7伟"', 1).encode()  # 𠮷伟
    response = send(client, tokens["wang"], raw)
    assert response.status_code == 201, response.text
    assert response.get_json()["persons"][0]["name"] == "𠮷伟"


@pytest.mark.parametrize(
    "content_type",
    [
        None,
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/json; charset=latin-1",
    ],
)
def test_a_body_not_sent_as_json_is_refused(app, client, tokens, content_type) -> None:
    headers = bearer(tokens["wang"])
    if content_type is not None:
        headers["Content-Type"] = content_type
    before = footprint(app)
    response = client.post("/api/v1/households", data=json.dumps(family()), headers=headers)
    error = refused(response, 415, "unsupported_media_type")
    assert "application/json" in error["message"]
    assert footprint(app) == before


@pytest.mark.parametrize(
    "content_type", ["application/json", "application/json; charset=utf-8", "Application/JSON"]
)
def test_json_is_taken_with_or_without_its_charset(client, tokens, content_type) -> None:
    headers = {**bearer(tokens["wang"]), "Content-Type": content_type}
    response = client.post("/api/v1/households", data=json.dumps(family()), headers=headers)
    assert response.status_code == 201, response.text


# --- households with wrong parts ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "location"),
    [
        pytest.param(
            lambda b: b.__setitem__("household", [1, 2]), "household", id="household list"
        ),
        pytest.param(lambda b: b.__setitem__("persons", {"1": {}}), "persons", id="persons dict"),
        pytest.param(person(0, "line_no", "1"), "persons[0].line_no", id="line_no '1'"),
        pytest.param(person(0, "line_no", "1.0"), "persons[0].line_no", id="line_no '1.0'"),
        pytest.param(person(0, "line_no", 1.5), "persons[0].line_no", id="line_no 1.5"),
        pytest.param(person(0, "line_no", True), "persons[0].line_no", id="line_no true"),
        pytest.param(household_item("hh_no", 1), "household.hh_no", id="hh_no a number"),
        pytest.param(household_item("ea_id", None), "household", id="no ea_id"),
        pytest.param(household_item("hh_no", ""), "household", id="hh_no empty"),
        pytest.param(household_item("hh_no", "../001"), "household", id="hh_no ../001"),
        pytest.param(household_item("hh_no", "0/1"), "household", id="hh_no with a slash"),
        pytest.param(household_item("hh_no", "００１"), "household", id="hh_no full-width digits"),
        pytest.param(household_item("hh_no", "٠٠١"), "household", id="hh_no Arabic-Indic digits"),
        pytest.param(lambda b: b.__setitem__("submission_id", 7), "submission_id", id="id int"),
        pytest.param(lambda b: b.__setitem__("submission_id", "x" * 101), "submission_id"),
        pytest.param(lambda b: b.__setitem__("colour", "red"), "colour", id="unknown key"),
        pytest.param(lambda b: b["persons"].__setitem__(0, "张伟"), "persons[0]", id="a string"),
        pytest.param(person(0, "ea_id", EA2), "persons[0].ea_id", id="person of another EA"),
        pytest.param(explained({"a": 1}), "explanations[0].rule_id", id="explanation no rule"),
        pytest.param(
            lambda b: b.__setitem__("explanations", {"R-04": "x"}), "explanations", id="not a list"
        ),
        pytest.param(explained(note(rule_id="ZZ-99")), "explanations[0].rule_id", id="no rule"),
        pytest.param(explained(note(line_no=9)), "explanations[0].line_no", id="no person 9"),
        pytest.param(explained(note(line_no=-1)), "explanations[0].line_no", id="line -1"),
        pytest.param(explained(note(line_no=0)), "explanations[0].line_no", id="line 0"),
        pytest.param(explained(note(line_no=2**70)), "explanations[0].line_no", id="line 2**70"),
        pytest.param(explained(note(line_no="2")), "explanations[0].line_no", id="line '2'"),
        pytest.param(explained(note(line_no=2.0)), "explanations[0].line_no", id="line 2.0"),
        pytest.param(explained(note(text="x" * 1001)), "explanations[0].text", id="long text"),
        pytest.param(
            explained(*[note()] * 5000), "explanations[1]", id="one explanation 5000 times"
        ),
        pytest.param(
            explained(note(), note(rule_id="P-99", line_no=None)),
            "explanations[1].rule_id",
            id="the second explanation",
        ),
    ],
)
def test_a_household_with_a_wrong_part_is_refused_where_it_is(
    app, client, tokens, edit, location
) -> None:
    body = changed(three_persons(), edit)
    before = footprint(app)
    response = client.post("/api/v1/households", json=body, headers=bearer(tokens["wang"]))
    assert response.status_code == 422, response.text
    error = refused(response, 422, response.get_json()["error"]["code"])
    if error["code"] == "invalid_body":
        assert location in where(error)
    else:
        assert error["code"] == "refused_submission"
    assert footprint(app) == before


def test_the_location_and_the_fix_are_said_in_the_callers_language(app, client, tokens) -> None:
    with app.app_context():
        from survey.accounts.access import user_named
        from survey.accounts.sessions import set_language

        set_language(get_survey(), user_named(get_survey(), "wang"), "zh")
    body = changed(three_persons(), explained(note(rule_id="ZZ-99"), note(line_no=9)))
    response = client.post("/api/v1/households", json=body, headers=bearer(tokens["wang"]))
    details = {
        d["location"]: d["message"] for d in refused(response, 422, "invalid_body")["details"]
    }
    assert "ZZ-99" in details["explanations[0].rule_id"]
    assert "规则" in details["explanations[0].rule_id"]
    assert "9" in details["explanations[1].line_no"]
    assert "人员" in details["explanations[1].line_no"]


def test_a_household_of_an_ea_not_assigned_to_the_caller_is_forbidden(app, client, tokens) -> None:
    before = footprint(app)
    response = client.post(
        "/api/v1/households", json=family("001", EA2), headers=bearer(tokens["wang"])
    )
    refused(response, 403, "forbidden")
    assert footprint(app) == before


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(person(0, "name", "x" * 1_000_000), id="a name of a million characters"),
        pytest.param(person(0, "line_no", 2**70), id="line 2**70"),
        pytest.param(person(1, "line_no", 1), id="two persons on line 1"),
        pytest.param(household_item("n_present", 2**63), id="n_present 2**63"),
        pytest.param(person(0, "name", "<script>alert(1)</script>"), id="a script as a name"),
        pytest.param(person(0, "name", "\u202eشسي 😀"), id="RTL override and emoji"),
    ],
)
def test_wrong_values_are_stored_and_reported_not_lost(client, tokens, edit) -> None:
    """A mistake inside the data is a finding, not a refusal: nothing typed is lost."""
    body = changed(three_persons(), edit)
    response = client.post("/api/v1/households", json=body, headers=bearer(tokens["wang"]))
    assert response.status_code == 201, response.text


def test_ten_thousand_persons_are_too_many(app, client, tokens) -> None:
    body = family()
    body["persons"] = [body["persons"][2]] * 10_000
    before = footprint(app)
    response = client.post("/api/v1/households", json=body, headers=bearer(tokens["wang"]))
    assert response.status_code in (413, 422)
    refused(response, response.status_code, response.get_json()["error"]["code"])
    assert footprint(app) == before


# --- who is asking ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer",
        "Bearer ",
        "Basic d2FuZzpwdw==",
        "Token {token}",
        "Bearer {token}x",
        "Bearer {token}é",
        "Bearer " + "x" * 10_000,
        "{token}",
    ],
)
def test_a_malformed_authorization_is_401(app, client, tokens, authorization) -> None:
    headers = {"Authorization": authorization.format(token=tokens["wang"]), **JSON}
    before = footprint(app)
    refused(client.post("/api/v1/households", json=family(), headers=headers), 401, "unauthorized")
    assert footprint(app) == before


def test_the_token_of_a_deactivated_account_is_401(app, client, tokens) -> None:
    with app.app_context():
        from survey.accounts import staff
        from survey.accounts.access import user_named

        survey = get_survey()
        zhao = user_named(survey, "zhao")
        staff.update_account(
            survey, user_named(survey, "office"), zhao.id, role="enumerator", ea_ids=[EA2],
            lang="en", active=False,
        )  # fmt: skip
    response = client.post(
        "/api/v1/households", json=family("001", EA2), headers=bearer(tokens["zhao"])
    )
    refused(response, 401, "unauthorized")


# --- reading households -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        (f"/api/v1/households/{EA2}/001", 403, "forbidden"),
        (f"/api/v1/households/{EA1}/999", 404, "not_found"),
        (f"/api/v1/households/{EA1}/00%2F1", 404, "not_found"),
        (f"/api/v1/households/{EA1}/%2e%2e", 404, "not_found"),
        (f"/api/v1/households/{EA1}/" + "0" * 10_000, 404, "not_found"),
        ("/api/v1/households/%ED%A0%80/001", 403, "forbidden"),
        ("/api/v1/households/../../etc/passwd", 404, "not_found"),
    ],
)
def test_a_household_not_the_callers_or_not_there_is_403_or_404(
    client, tokens, path, status, code
) -> None:
    client.post("/api/v1/households", json=family("001", EA2), headers=bearer(tokens["zhao"]))
    error = refused(client.get(path, headers=bearer(tokens["wang"])), status, code)
    assert "张伟" not in json.dumps(error, ensure_ascii=False)


# --- review actions -----------------------------------------------------------------------------


def review(client: FlaskClient, token: str, body: Any, hh_no: str = "001") -> Any:
    path = f"/api/v1/households/{EA1}/{hh_no}/review"
    return client.post(path, json=body, headers=bearer(token))


@pytest.fixture
def submitted(client, tokens) -> None:
    """Household 001 submitted once (version 1) with a warning and an error on the roster."""
    response = client.post(
        "/api/v1/households", json=three_persons(n_present=4), headers=bearer(tokens["wang"])
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        pytest.param({"action": "approve"}, 422, "invalid_body", id="no version"),
        pytest.param({"action": "approve", "version": "1"}, 422, "invalid_body", id="version '1'"),
        pytest.param({"action": "approve", "version": 1.0}, 422, "invalid_body", id="version 1.0"),
        pytest.param({"action": "approve", "version": 0}, 409, "stale_version", id="stale"),
        pytest.param({"action": "approve", "version": 2**70}, 409, "stale_version", id="2**70"),
        pytest.param({"action": "explode", "version": 1}, 422, "invalid_body", id="no action"),
        pytest.param({"action": "submit", "version": 1}, 422, "invalid_body", id="submit"),
        pytest.param({"version": 1}, 422, "invalid_body", id="action missing"),
        pytest.param({"action": "return", "version": 1}, 400, "comment_required", id="no why"),
        pytest.param(
            {"action": "return", "version": 1, "comment": "?", "field": "name", "line_no": 9},
            422,
            "no_such_person",
            id="return on a person not in the roster",
        ),
        pytest.param(
            {"action": "return", "version": 1, "comment": "?", "line_no": -1},
            422,
            "no_such_person",
            id="return on line -1",
        ),
        pytest.param(
            {"action": "return", "version": 1, "comment": "?", "field": "name", "line_no": 2**70},
            422,
            "no_such_person",
            id="return on line 2**70",
        ),
        pytest.param(
            {"action": "return", "version": 1, "comment": "?", "field": "colour", "line_no": 1},
            422,
            "unknown_field",
            id="return on no question",
        ),
        pytest.param({"action": "approve", "version": 1}, 409, "unresolved_findings", id="errors"),
        pytest.param({"action": "waive", "version": 1, "comment": "?"}, 403, "forbidden"),
        pytest.param({"action": "approve", "version": 1, "x": 1}, 422, "invalid_body", id="extra"),
        pytest.param([{"action": "approve"}], 422, "invalid_body", id="a list"),
    ],
)
def test_a_wrong_review_action_by_a_supervisor_changes_nothing(
    app, client, tokens, submitted, body, status, code
) -> None:
    before = footprint(app)
    refused(review(client, tokens["li"], body), status, code)
    assert footprint(app) == before


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        pytest.param({"action": "waive", "version": 1, "comment": "ok"}, 422, "no_such_error"),
        pytest.param(
            {"action": "waive", "version": 1, "comment": "ok", "rule_id": "S-04", "line_no": 2**70},
            422,
            "no_such_error",
            id="waive on line 2**70",
        ),
        pytest.param(
            {"action": "waive", "version": 1, "comment": "ok", "rule_id": "R-04", "line_no": 2},
            422,
            "no_such_error",
            id="waive a warning",
        ),
        pytest.param(
            {"action": "waive", "version": 1, "rule_id": "S-04"}, 400, "comment_required", id="why"
        ),
        pytest.param(
            {"action": "reopen", "version": 1, "comment": "ok"}, 409, "refused_transition"
        ),
    ],
)
def test_a_wrong_review_action_by_the_office_changes_nothing(
    app, client, tokens, submitted, body, status, code
) -> None:
    before = footprint(app)
    refused(review(client, tokens["office"], body), status, code)
    assert footprint(app) == before


@pytest.mark.parametrize(
    ("who", "hh_no", "status", "code"),
    [
        ("wang", "001", 403, "forbidden"),
        ("zhao", "001", 403, "forbidden"),
        ("li", "999", 404, "not_found"),
    ],
)
def test_reviewing_a_household_not_the_callers_or_not_there(
    app, client, tokens, submitted, who, hh_no, status, code
) -> None:
    before = footprint(app)
    refused(review(client, tokens[who], {"action": "approve", "version": 1}, hh_no), status, code)
    assert footprint(app) == before


def test_a_supervisor_refused_a_waiver_is_told_why_not_that_the_ea_is_not_theirs(
    client, tokens, submitted
) -> None:
    body = {"action": "waive", "version": 1, "comment": "?"}
    said = refused(review(client, tokens["li"], body), 403, "forbidden")["message"]
    assert said in {
        "a supervisor may not waive households",
        "角色 supervisor 不能对住户执行 waive 操作",
    }
