"""A household not in the listing: the enumerator adds it with its address (and the head's name),
sees it in the work list and on its page, and while it was never submitted may remove it again,
with its draft; a submitted one stays, and only the enumerator who added it may remove it."""

from __future__ import annotations

import pytest
from flask import Flask, g, render_template_string
from flask.testing import FlaskClient

from survey import household_page
from survey.accounts.access import Role, add_user, user_named
from tests.web.clients import add_unlisted, form_data, login, page_token, query, send
from tests.web.footprint import footprint
from tests.web.survey_data import EA1, three_persons
from web.db import get_survey

ADD = f"/ea/{EA1}/additions"


def remove(client: FlaskClient, hh_no: str) -> object:
    token = page_token(client, f"{ADD}/{hh_no}/remove")
    return client.post(f"{ADD}/{hh_no}/remove", data={"csrf_token": token})


@pytest.fixture
def wang(client: FlaskClient) -> FlaskClient:
    login(client, "wang")
    return client


@pytest.fixture
def sun(app: Flask) -> FlaskClient:
    """A second enumerator of EA1, in English."""
    with app.app_context():
        add_user(get_survey(), "sun", Role.ENUMERATOR, [EA1], password="pw-sun-12345", lang="en")
    other = app.test_client()
    other.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    login(other, "sun", "pw-sun-12345")
    return other


def test_a_household_is_added_with_its_address_and_shown_with_it(app, wang) -> None:
    hh_no = add_unlisted(wang, "  3号楼 2单元\n501 ", "孙丽")
    assert hh_no == "003"  # listed: 001, 002
    assert query(app, "SELECT address, head_name FROM additions") == [("3号楼 2单元 501", "孙丽")]
    ea_page = wang.get(f"/ea/{EA1}").text
    row = ea_page[ea_page.index(f'id="hh-{EA1}-003"') :].split("</tr>")[0]
    assert "3号楼 2单元 501" in row
    assert "孙丽" in row
    assert "addition" in row
    household = wang.get(f"/households/{EA1}/003").text
    assert 'value="孙丽"' in household  # the head's name starts the roster
    work = wang.get("/field/worklist").get_json()["households"]
    added = next(h for h in work if h["hh_no"] == "003")
    assert (added["address"], added["listing"]["head_name"], added["listed"]) == (
        "3号楼 2单元 501",
        "孙丽",
        False,
    )
    assert query(app, "SELECT details FROM events WHERE action = 'addition'") == [
        ('{"address": "3号楼 2单元 501", "head_name": "孙丽"}',)
    ]


@pytest.mark.parametrize(
    ("address", "said"),
    [
        ("", "it is how the household is found again"),
        ("   \n ", "it is how the household is found again"),
        ("x" * 101, "at most 100 characters (now 101)"),
        ("1-\u202e103", "hidden or control character"),
    ],
)
def test_a_blank_or_too_long_address_is_refused_beside_it_and_nothing_is_added(
    app, wang, address, said
) -> None:
    before = footprint(app)
    token = page_token(wang, f"{ADD}/new")
    answer = wang.post(ADD, data={"csrf_token": token, "address": address, "head_name": "孙丽"})
    assert answer.status_code == 422
    assert said in answer.text
    assert 'id="address" name="address"' in answer.text
    assert 'aria-invalid="true" aria-describedby="error-address"' in answer.text
    assert 'value="孙丽"' in answer.text  # what was typed is kept
    assert footprint(app) == before
    assert query(app, "SELECT COUNT(*) FROM additions") == [(0,)]


def test_the_refusal_is_in_chinese_for_a_chinese_page(app) -> None:
    client = app.test_client()
    login(client, "wang")
    client.post("/language", data={"csrf_token": page_token(client), "lang": "zh"})
    token = page_token(client, f"{ADD}/new")
    answer = client.post(ADD, data={"csrf_token": token, "address": ""})
    assert answer.status_code == 422
    assert "请填写该户的地址" in answer.text


def test_the_adder_removes_a_household_never_submitted_with_its_draft(app, wang) -> None:
    hh_no = add_unlisted(wang, "3-501")
    body = three_persons()
    body["household"]["hh_no"] = hh_no
    assert send(wang, "save", form_data(body), f"/households/{EA1}/{hh_no}").status_code == 302
    row = wang.get(f"/ea/{EA1}").text.split(f'id="hh-{EA1}-{hh_no}"')[1].split("</tr>")[0]
    assert f'href="{ADD}/{hh_no}/remove"' in row
    confirm = wang.get(f"{ADD}/{hh_no}/remove")
    assert confirm.status_code == 200
    assert "3-501" in confirm.text
    answer = remove(wang, hh_no)
    assert answer.status_code == 302
    assert answer.headers["Location"] == f"/ea/{EA1}?notice=removed&hh={hh_no}"
    assert f"Household {hh_no} is removed" in wang.get(answer.headers["Location"]).text
    for table in ("households", "drafts", "additions"):
        assert query(app, f"SELECT COUNT(*) FROM {table} WHERE hh_no = ?", [hh_no]) == [(0,)]
    trail = query(
        app,
        "SELECT e.action, e.from_state, u.name FROM events e JOIN users u ON u.id = e.user_id "
        "WHERE e.hh_no = ? AND e.action LIKE 'addition%' ORDER BY e.id",
        [hh_no],
    )
    assert trail == [("addition", None, "wang"), ("addition_remove", "draft", "wang")]
    assert wang.get(f"/households/{EA1}/{hh_no}").status_code == 404
    assert add_unlisted(wang, "3-502") == "004"  # a removed household's number is not given again


def test_a_submitted_household_cannot_be_removed(app, wang) -> None:
    hh_no = add_unlisted(wang, "3-501")
    body = three_persons()
    body["household"]["hh_no"] = hh_no
    send(wang, "submit", form_data(body), f"/households/{EA1}/{hh_no}")
    assert "remove-addition" not in wang.get(f"/ea/{EA1}").text
    before = footprint(app)
    answer = remove(wang, hh_no)
    assert answer.status_code == 409
    assert "has been submitted, so it cannot be removed" in answer.text
    assert footprint(app) == before


def test_another_enumerator_cannot_remove_it(app, wang, sun) -> None:
    hh_no = add_unlisted(wang, "3-501")
    assert "remove-addition" not in sun.get(f"/ea/{EA1}").text
    page = sun.get(f"{ADD}/{hh_no}/remove").text
    assert "Only the enumerator who added this household can remove it." in page
    before = footprint(app)
    answer = sun.post(f"{ADD}/{hh_no}/remove", data={"csrf_token": page_token(sun)})
    assert answer.status_code == 403
    assert footprint(app) == before


def test_a_listed_household_is_not_removed(app, wang) -> None:
    send(wang, "save", form_data(three_persons()))
    before = footprint(app)
    answer = remove(wang, "001")
    assert answer.status_code == 404
    assert "only a household added during enumeration can be removed" in answer.text
    assert footprint(app) == before


def test_a_supervisor_sees_the_addition_marked_and_cannot_add(app, wang, client) -> None:
    hh_no = add_unlisted(wang, "3-501", "孙丽")
    body = three_persons()
    body["household"]["hh_no"] = hh_no
    send(wang, "submit", form_data(body), f"/households/{EA1}/{hh_no}")
    li = app.test_client()
    li.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    login(li, "li")
    review = li.get(f"/review/{EA1}/{hh_no}").text
    assert "Not in the listing (an addition)" in review
    assert "3-501" in review
    assert "addition" in li.get("/review/").text
    assert f"/ea/{EA1}/additions/new" not in li.get(f"/ea/{EA1}").text
    assert li.get(f"{ADD}/new").status_code == 403


def test_the_household_page_part_shows_the_address_and_the_removal_to_the_adder(app, wang):
    """``_unlisted.html``, which the household page includes: the address, the head's name, who
    added it, and the link to remove it for the adder only."""
    hh_no = add_unlisted(wang, "3号楼 501", "孙丽")
    with app.test_request_context():
        survey = get_survey()
        for name, removable in (("wang", True), ("li", False)):
            g.user = user_named(survey, name)
            page = household_page(survey, g.user, EA1, hh_no)
            html = render_template_string('{% include "_unlisted.html" %}', page=page)
            assert "3号楼 501" in html
            assert "孙丽" in html
            assert "added by wang" in html
            assert (f'href="{ADD}/{hh_no}/remove"' in html) is removable
