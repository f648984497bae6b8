"""Assignments: EAs chosen from the frame on the account form; a household given to another
enumerator (or split off an EA) by a supervisor or the office, with the reason audited; the
household's draft goes with it and the enumerator it was taken from gets 403."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.web.clients import bearer, page_token, signed_in
from tests.web.review_data import household, query, submit
from tests.web.survey_data import EA1, EA2


def reassign(client: FlaskClient, ea_id: str, hh_no: str, *names: str, reason: str = "病假"):
    path = f"/households/{ea_id}/{hh_no}/assignment/"
    return client.post(
        path,
        data={"csrf_token": page_token(client, path), "enumerator": list(names), "reason": reason},
    )


def save_draft(client: FlaskClient, ea_id: str, hh_no: str, address: str) -> int:
    path = f"/households/{ea_id}/{hh_no}"
    data = {"csrf_token": page_token(client, path), "action": "save", "h.hh_type": "1"}
    data.update({"p1._row": "1", "p1.name": address})
    return client.post(path, data=data).status_code


def test_the_office_reassigns_a_household_and_the_first_enumerator_loses_it(
    app, client, tokens
) -> None:
    wang, zhao = signed_in(app, "wang"), signed_in(app, "zhao")
    assert save_draft(wang, EA1, "001", "王建国") == 302
    office = signed_in(app, "office")
    page = office.get(f"/households/{EA1}/001/assignment/").text
    assert "Worked by the enumerators of its EA:" in page
    assert reassign(office, EA1, "001", "zhao", reason="王某病假，由赵某接替").status_code == 302
    assert wang.get(f"/households/{EA1}/001").status_code == 403
    assert save_draft(wang, EA1, "001", "x") == 403
    api = client.get(f"/api/v1/households/{EA1}/001", headers=bearer(tokens["wang"]))
    assert api.status_code == 403
    assert (
        client.post(
            "/api/v1/households", json=household("001", seq=1), headers=bearer(tokens["wang"])
        ).status_code
        == 403
    )
    form = zhao.get(f"/households/{EA1}/001")
    assert form.status_code == 200
    assert "王建国" in form.text  # the draft moved with the household
    assert f"/households/{EA1}/001" in zhao.get("/").text
    assert f'/households/{EA1}/001"' not in wang.get("/").text
    assert f"/households/{EA1}/002" in wang.get("/").text  # the rest of the EA stays wang's
    assert query(app, "SELECT action, comment, details FROM events WHERE action = 'assign'") == [
        ("assign", "王某病假，由赵某接替", '{"from": ["wang"], "to": ["zhao"]}')
    ]


def test_an_ea_is_split_between_two_enumerators(app, client, tokens) -> None:
    li = signed_in(app, "li")
    assert reassign(li, EA1, "002", "wang", "zhao", reason="分担工作量").status_code == 302
    submit(client, tokens["zhao"], household("002", seq=2))  # both may work it
    submit(client, tokens["wang"], household("002", seq=2))
    page = li.get(f"/households/{EA1}/002/assignment/").text
    assert "Given by name to:" in page
    assert "wang, zhao" in page


def test_a_reassignment_needs_a_reason_and_enumerators_from_the_list(app) -> None:
    office = signed_in(app, "office")
    assert reassign(office, EA1, "001", "zhao", reason=" ").status_code == 400
    assert reassign(office, EA1, "001", "nobody").status_code == 400
    assert reassign(office, EA1, "001", "li").status_code == 400  # a supervisor enters nothing
    assert query(app, "SELECT COUNT(*) FROM household_assignments") == [(0,)]


def test_only_the_supervisor_of_the_ea_or_the_office_reassigns(app) -> None:
    wang = signed_in(app, "wang")
    assert reassign(wang, EA1, "001", "wang").status_code == 403
    assert wang.get(f"/households/{EA2}/001/assignment/").status_code == 403
    assert query(app, "SELECT COUNT(*) FROM household_assignments") == [(0,)]


def test_the_account_form_offers_the_frames_eas_to_tick(app) -> None:
    office = signed_in(app, "office")
    page = office.get("/admin/users/new").text
    assert f'type="checkbox" name="eas" value="{EA1}"' in page
    assert f'type="checkbox" name="eas" value="{EA2}"' in page
    assert "15-digit EA ids, one per line" not in page
