"""The JSON API of spec/interfaces.md: submit, read, status, queue, review, errors, OpenAPI."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.web.clients import assert_error, bearer, versions
from tests.web.survey_data import EA1, EA2, family, three_persons
from web.db import get_survey


def post(client: FlaskClient, token: str, body: Any, path: str = "/api/v1/households") -> Any:
    return client.post(path, json=body, headers=bearer(token))


def test_a_household_is_stored_and_answered_with_its_version_and_findings(client, tokens) -> None:
    response = post(client, tokens["wang"], {"submission_id": str(uuid.uuid4()), **family()})
    assert response.status_code == 201
    answer = response.get_json()
    assert (answer["ea_id"], answer["hh_no"], answer["version"]) == (EA1, "001", 1)
    assert answer["state"] == "submitted"
    assert answer["household"]["n_present"] == 3
    assert [p["line_no"] for p in answer["persons"]] == [1, 2, 3]
    assert answer["persons"][0]["name"] == "张伟"
    assert answer["findings"] == []


def test_findings_and_explanations_come_back_located(client, tokens) -> None:
    body = {
        **three_persons(n_present=4),
        "explanations": [{"rule_id": "R-04", "line_no": 2, "text": "second marriage"}],
    }
    answer = post(client, tokens["wang"], body).get_json()
    found = {(f["rule_id"], f["severity"], f["line_no"]): f for f in answer["findings"]}
    assert set(found) == {("S-04", "error", None), ("S-05", "error", None), ("R-04", "warning", 2)}
    assert {"birth_year", "birth_month"} <= set(found[("R-04", "warning", 2)]["fields"])
    assert found[("R-04", "warning", 2)]["explained"] is True
    assert found[("S-04", "error", None)]["message"] == found[("S-04", "error", None)]["message_en"]
    assert answer["explanations"] == [{"rule_id": "R-04", "line_no": 2, "text": "second marriage"}]


def test_resending_a_submission_id_answers_the_first_result_and_stores_nothing(
    app, client, tokens
) -> None:
    body = {"submission_id": str(uuid.uuid4()), **three_persons(n_present=4)}
    first = post(client, tokens["wang"], body)
    again = post(client, tokens["wang"], dict(reversed(body.items())))  # same body, keys moved
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.get_json() == first.get_json()
    assert versions(app) == 1


def test_a_submission_id_reused_for_another_body_is_refused(app, client, tokens) -> None:
    body = {"submission_id": str(uuid.uuid4()), **family()}
    assert post(client, tokens["wang"], body).status_code == 201
    other = family("002")  # a client whose ids repeat: another household under the same id
    error = assert_error(
        post(client, tokens["wang"], {**other, "submission_id": body["submission_id"]}),
        422,
        "submission_id_reused",
    )
    assert error["details"][0]["location"] == "submission_id"
    assert versions(app, hh_no="002") == 0
    assert versions(app) == 1


def test_a_new_submission_id_stores_a_new_version(app, client, tokens) -> None:
    post(client, tokens["wang"], {"submission_id": str(uuid.uuid4()), **three_persons(4)})
    second = post(client, tokens["wang"], {"submission_id": str(uuid.uuid4()), **three_persons()})
    assert second.status_code == 201
    assert second.get_json()["version"] == 2
    assert versions(app) == 2


def test_another_users_submission_id_is_not_replayed_to_a_stranger(client, tokens) -> None:
    submission_id = str(uuid.uuid4())
    post(client, tokens["wang"], {"submission_id": submission_id, **family()})
    other = post(client, tokens["zhao"], {"submission_id": submission_id, **family(ea_id=EA2)})
    assert_error(other, 403, "forbidden")


def test_the_current_version_is_read_back(client, tokens) -> None:
    post(client, tokens["wang"], three_persons(4))
    post(client, tokens["wang"], three_persons())
    response = client.get(f"/api/v1/households/{EA1}/001", headers=bearer(tokens["li"]))
    assert response.status_code == 200
    answer = response.get_json()
    assert (answer["version"], answer["state"]) == (2, "submitted")
    assert [f["rule_id"] for f in answer["findings"]] == ["R-04"]


def test_a_household_never_submitted_is_not_found(client, tokens) -> None:
    response = client.get(f"/api/v1/households/{EA1}/002", headers=bearer(tokens["wang"]))
    assert_error(response, 404, "not_found")


@pytest.mark.parametrize(
    ("raw", "status", "code"),
    [
        (b"{not json", 400, "invalid_json"),
        (b"", 400, "invalid_json"),
        (b'{"household": {"n_present": NaN}}', 400, "invalid_json"),
        (b"\xff\xfe", 400, "invalid_json"),
        (b"[" * 100_000, 400, "invalid_json"),
        (b"[]", 422, "invalid_body"),
        (b"null", 422, "invalid_body"),
        (b'"text"', 422, "invalid_body"),
    ],
)
def test_malformed_json_answers_an_error_body(app, client, tokens, raw, status, code) -> None:
    response = client.post(
        "/api/v1/households",
        data=raw,
        headers={**bearer(tokens["wang"]), "Content-Type": "application/json"},
    )
    assert_error(response, status, code)
    assert versions(app) == 0


def test_wrong_types_are_refused_with_located_details(app, client, tokens) -> None:
    body = family()
    body["household"]["n_present"] = "3"
    body["household"]["colour"] = "red"
    body["persons"][1]["sex"] = 2.5
    body["persons"][2] = "a person"
    body["explanations"] = [{"rule_id": "R-04"}]
    error = assert_error(post(client, tokens["wang"], body), 422, "invalid_body")
    locations = {d["location"]: d["message"] for d in error["details"]}
    assert set(locations) == {
        "household.n_present",
        "household.colour",
        "persons[1].sex",
        "persons[2]",
        "explanations[0].text",
    }
    assert "whole number" in locations["household.n_present"]
    assert "not an item" in locations["household.colour"]
    assert "Input should be" not in json.dumps(error)  # never pydantic's own text
    assert versions(app) == 0


def test_error_details_follow_the_users_language(client, tokens, app) -> None:
    with app.app_context():
        from survey.accounts.access import user_named
        from survey.accounts.sessions import set_language

        set_language(get_survey(), user_named(get_survey(), "wang"), "zh")
    body = family()
    body["household"]["rooms"] = "three"
    error = assert_error(post(client, tokens["wang"], body), 422)
    assert error["details"][0]["message"] == "household.rooms 必须是整数（空白时为 null）"


def test_values_outside_codes_and_ranges_are_stored_and_reported(client, tokens) -> None:
    body = family()
    body["persons"][0]["sex"] = 7
    answer = post(client, tokens["wang"], body).get_json()
    assert ("V-03", 1) in {(f["rule_id"], f["line_no"]) for f in answer["findings"]}


def test_a_household_that_cannot_be_stored_is_refused_with_details(app, client, tokens) -> None:
    body = family()
    body["household"]["hh_no"] = "1"
    error = assert_error(post(client, tokens["wang"], body), 422, "refused_submission")
    assert "three digits" in error["details"][0]["message"]
    assert versions(app, hh_no="1") == 0


def test_an_oversized_body_is_refused(client, tokens) -> None:
    raw = b'{"x": "' + b"a" * (3 * 1024 * 1024) + b'"}'
    response = client.post(
        "/api/v1/households",
        data=raw,
        headers={**bearer(tokens["wang"]), "Content-Type": "application/json"},
    )
    assert_error(response, 413, "too_large")


def test_unknown_routes_and_methods_answer_the_error_body(client, tokens) -> None:
    assert_error(client.get("/api/v1/nothing", headers=bearer(tokens["wang"])), 404, "not_found")
    assert_error(client.delete("/api/v1/households", headers=bearer(tokens["wang"])), 405)


def test_status_covers_the_callers_eas(client, tokens) -> None:
    post(client, tokens["wang"], family())
    mine = client.get("/api/v1/status", headers=bearer(tokens["wang"])).get_json()
    assert [row["ea_id"] for row in mine["eas"]] == [EA1]
    assert mine["eas"][0]["household_coverage"] == 0.5
    everyone = client.get("/api/v1/status", headers=bearer(tokens["office"])).get_json()
    assert [row["ea_id"] for row in everyone["eas"]] == [EA1, EA2]
    assert everyone["overall"]["households"] == 1


def test_the_queue_and_a_review_round_trip(client, tokens) -> None:
    post(client, tokens["wang"], three_persons(4))
    queue = client.get("/api/v1/queue", headers=bearer(tokens["li"])).get_json()
    assert [(h["ea_id"], h["hh_no"], h["version"]) for h in queue["households"]] == [
        (EA1, "001", 1)
    ]
    review = f"/api/v1/households/{EA1}/001/review"
    refused = post(client, tokens["li"], {"action": "approve", "version": 1}, review)
    assert_error(refused, 409, "unresolved_findings")
    stale = post(client, tokens["li"], {"action": "return", "version": 9, "comment": "x"}, review)
    assert_error(stale, 409, "stale_version")
    returned = post(
        client,
        tokens["li"],
        {"action": "return", "version": 1, "comment": "三口人", "field": "n_present"},
        review,
    )
    assert returned.status_code == 200
    assert returned.get_json() == {"ea_id": EA1, "hh_no": "001", "version": 1, "state": "returned"}


def test_review_bodies_are_checked(client, tokens) -> None:
    post(client, tokens["wang"], family())
    review = f"/api/v1/households/{EA1}/001/review"
    assert_error(post(client, tokens["li"], {"action": "bless", "version": 1}, review), 422)
    assert_error(post(client, tokens["li"], {"action": "approve", "version": "1"}, review), 422)
    assert_error(post(client, tokens["li"], ["approve"], review), 422)
    enumerator = post(client, tokens["wang"], {"action": "approve", "version": 1}, review)
    assert_error(enumerator, 403, "forbidden")


def test_the_openapi_document_lists_every_api_route(app, client) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = rule.rule.removeprefix("/api/v1").replace("<", "{").replace(">", "}")
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                routes.add((path, method.lower()))
    documented = {(path, method) for path, item in document["paths"].items() for method in item}
    assert routes == documented
    submission = document["components"]["schemas"]["Submission"]
    assert set(submission["properties"]) == {
        "submission_id",
        "household",
        "persons",
        "explanations",
    }


def test_every_operation_documents_its_refusals(client) -> None:
    """Each route says 401 unless it is public, and each write says 422 and the disk-full 503."""
    document = client.get("/api/v1/openapi.json").get_json()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            statuses = set(operation["responses"])
            if operation.get("security") != []:
                assert "401" in statuses, (method, path)
            if method == "post":
                assert {"422", "503"} <= statuses, (method, path)
