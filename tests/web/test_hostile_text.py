"""Hostile text through the API: a name holding NUL, a direction override and a bell is stored
with a located V-03 error (so it can never be approved into an export as is); household number
000 is refused like any number outside 001–999, and nothing is stored."""

from __future__ import annotations

from tests.web.clients import assert_error, bearer, versions
from tests.web.survey_data import family


def test_a_name_with_hidden_characters_gets_a_located_v03_error(client, tokens) -> None:
    body = family("006")
    body["persons"][0]["name"] = "赵\u0000\u202e\u0007六"
    answer = client.post("/api/v1/households", json=body, headers=bearer(tokens["wang"]))
    assert answer.status_code == 201
    found = [
        (f["rule_id"], f["severity"], f["line_no"], f["fields"]) for f in answer.json["findings"]
    ]
    assert ("V-03", "error", 1, ["name"]) in found


def test_household_number_000_is_refused(app, client, tokens) -> None:
    response = client.post("/api/v1/households", json=family("000"), headers=bearer(tokens["wang"]))
    error = assert_error(response, 422, "refused_submission")
    assert "001 to 999" in error["details"][0]["message"]
    assert versions(app, hh_no="000") == 0
