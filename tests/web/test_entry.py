"""Entering households through the form: drafts, submissions with findings beside their fields,
explanations of warnings, corrections, additions to the listing, returned households."""

from __future__ import annotations

import uuid

import pytest
from flask.testing import FlaskClient

from survey.accounts.access import user_named
from survey.review.actions import act
from survey.views import worklist
from tests.web.clients import form_data, login, page_token, query, send
from tests.web.survey_data import EA1, EA2, three_persons
from web.db import get_survey

PATH = f"/households/{EA1}/001"


@pytest.fixture
def wang(client: FlaskClient) -> FlaskClient:
    login(client, "wang")
    return client


def test_a_draft_is_saved_at_any_time_and_comes_back(app, wang) -> None:
    response = send(wang, "save", {"h.hh_type": "1", "p1._row": "1", "p1.name": "张伟"})
    assert response.status_code == 302
    assert response.headers["Location"] == PATH + "?notice=saved#notice"
    page = wang.get(response.headers["Location"]).text
    assert "Draft saved" in page
    assert 'name="p1.name" value="张伟"' in page
    assert query(app, "SELECT state, current_version FROM households") == [("draft", None)]
    assert query(app, "SELECT COUNT(*) FROM versions") == [(0,)]
    assert query(app, "SELECT action FROM events WHERE action = 'draft_save'") == [("draft_save",)]
    home = wang.get("/").text
    assert "state-draft" in home


def test_a_submission_shows_errors_in_red_and_warnings_with_a_box_to_explain(app, wang) -> None:
    response = send(wang, "submit", form_data(three_persons(n_present=4)))
    assert response.status_code == 302
    assert response.headers["Location"] == PATH + "?notice=sent#notice"
    page = wang.get(response.headers["Location"]).text
    assert (
        'class="alert error" role="alert" id="notice">Version 1 is stored, with 2 error(s)' in page
    )
    assert "Explain or correct the warnings marked in amber as well." in page
    assert 'class="field has-error" id="f-h-n_present"' in page
    assert 'class="field has-warning" id="f-p2-birth_year"' in page
    assert 'class="finding error"><b>S-04</b>' in page
    assert 'name="x.R-04.2"' in page  # one explanation box, beside the spouse's birth year
    assert page.count('name="x.R-04.2"') == 1
    assert '<a href="#f-h-n_present"><b>S-04</b></a>' in page  # the summary leads to the field
    assert query(app, "SELECT state, current_version FROM households") == [("submitted", 1)]


def test_the_warning_is_explained_and_the_error_corrected(app, wang) -> None:
    send(wang, "submit", form_data(three_persons(n_present=4)))
    explained = {**form_data(three_persons(n_present=4)), "x.R-04.2": "再婚，年龄差属实"}
    send(wang, "submit", explained)
    page = wang.get(PATH).text
    assert "再婚，年龄差属实" in page  # the explanation stays with the household
    assert query(
        app,
        "SELECT rule_id, line_no, text FROM explanations e JOIN versions v "
        "ON v.id = e.version_id WHERE v.version = 2",
    ) == [("R-04", 2, "再婚，年龄差属实")]
    corrected = {**form_data(three_persons(n_present=3)), "x.R-04.2": "再婚，年龄差属实"}
    send(wang, "submit", corrected)
    final = wang.get(PATH).text
    assert "has-error" not in final
    assert query(
        app,
        "SELECT f.rule_id FROM findings f JOIN versions v ON v.id = f.version_id "
        "WHERE v.version = 3",
    ) == [("R-04",)]
    assert query(app, "SELECT state, current_version FROM households") == [("submitted", 3)]
    assert query(app, "SELECT COUNT(*) FROM drafts") == [(0,)]


def test_a_double_click_stores_one_version(app, wang) -> None:
    data = {
        "csrf_token": page_token(wang, PATH),
        "submission_id": str(uuid.uuid4()),
        "action": "submit",
        **form_data(three_persons()),
    }
    assert wang.post(PATH, data=data).status_code == 302
    assert wang.post(PATH, data=data).status_code == 302
    assert query(app, "SELECT COUNT(*) FROM versions") == [(1,)]


def test_answers_outside_their_universe_are_never_stored(app, wang) -> None:
    body = three_persons()
    body["persons"][2]["literate"] = 1  # a ten-year-old: D12 applies from 15
    body["persons"][0]["children_born"] = 2  # a man: no fertility items
    body["household"]["dwelling_type"] = 5
    send(wang, "submit", form_data(body))
    rows = query(app, "SELECT literate, children_born FROM person_rows ORDER BY seq")
    assert rows == [(1, None), (1, 1), (None, None)]
    assert query(app, "SELECT floor_area, rooms FROM hh_rows") == [(None, None)]


def test_a_household_found_that_is_not_listed_takes_the_next_number(app, wang) -> None:
    found = {"csrf_token": page_token(wang), "address": "1-103"}
    response = wang.post(f"/ea/{EA1}/additions", data=found)
    assert response.headers["Location"] == f"/households/{EA1}/003"  # listed: 001, 002
    page = wang.get(f"/households/{EA1}/003").text
    assert "not in the listing" in page
    second = wang.post(f"/ea/{EA1}/additions", data={**found, "address": "1-104"})
    assert second.headers["Location"] == f"/households/{EA1}/004"
    assert query(app, "SELECT hh_no, state, listed FROM households ORDER BY hh_no") == [
        ("003", "draft", 0),
        ("004", "draft", 0),
    ]
    assert query(app, "SELECT hh_no FROM events WHERE action = 'addition' ORDER BY id") == [
        ("003",),
        ("004",),
    ]
    body = three_persons()
    body["household"]["hh_no"] = "003"
    send(wang, "submit", form_data(body), f"/households/{EA1}/003")
    assert query(app, "SELECT state, listed FROM households WHERE hh_no = '003'") == [
        ("submitted", 0)
    ]
    assert "addition" in wang.get(f"/ea/{EA1}").text


def test_a_number_neither_listed_nor_added_is_not_a_page(wang) -> None:
    assert wang.get(f"/households/{EA1}/050").status_code == 404
    assert wang.get(f"/households/{EA1}/1").status_code == 404


def test_returned_households_come_first_with_their_comments_beside_the_fields(app, wang) -> None:
    send(wang, "submit", form_data(three_persons(n_present=4)))
    with app.app_context():
        survey = get_survey()
        act(
            survey,
            user_named(survey, "li"),
            EA1,
            "001",
            "return",
            version=1,
            comment="三口人，现住人数应为3",
            field="n_present",
        )
    home = wang.get("/").text
    assert home.index("Returned to you for correction") < home.index("My enumeration areas")
    assert "三口人，现住人数应为3" in home
    page = wang.get(PATH).text
    field = page[page.index('id="f-h-n_present"') :]
    assert field.index("三口人，现住人数应为3") < field.index('id="f-h-n_away"')
    send(wang, "save", form_data(three_persons()))  # a draft keeps the household returned
    assert query(app, "SELECT state FROM households") == [("returned",)]
    send(wang, "submit", form_data(three_persons()))
    assert query(app, "SELECT state, current_version FROM households") == [("submitted", 2)]


def test_an_approved_household_cannot_be_changed(app, wang) -> None:
    body = three_persons()
    send(wang, "submit", {**form_data(body), "x.R-04.2": "属实"})
    with app.app_context():
        survey = get_survey()
        act(survey, user_named(survey, "li"), EA1, "001", "approve", version=1)
    page = wang.get(PATH).text
    assert '<fieldset class="bare" disabled>' in page
    for action in ("submit", "save"):
        refused = send(wang, action, form_data(body))
        assert refused.status_code == 409
        assert "approved" in refused.text
    assert query(app, "SELECT COUNT(*) FROM versions") == [(1,)]
    assert query(app, "SELECT COUNT(*) FROM drafts") == [(0,)]


def test_the_office_home_shows_the_eas_a_page_at_a_time(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(worklist, "EAS_PER_PAGE", 1)  # 50 in use; the test survey has two EAs
    login(client, "office")
    first = client.get("/").text
    assert EA1 in first
    assert EA2 not in first
    assert "Page 1 of 2" in first
    assert 'href="/?page=2" rel="next"' in first
    second = client.get("/?page=2").text
    assert EA2 in second
    assert EA1 not in second
    assert 'href="/?page=1" rel="prev"' in second
    assert "Page 2 of 2" in client.get("/?page=7").text  # past the end: the last page
    assert "Page 1 of 2" in client.get("/?page=x").text  # not a number: the first


def test_an_enumerators_home_has_no_pages(wang: FlaskClient) -> None:
    page = wang.get("/").text
    assert EA1 in page
    assert "Page 1 of" not in page
