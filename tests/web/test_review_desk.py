"""The supervisor's desk: the queue marks resubmissions after a return and keeps them (and
households with an unanswered question) out of bulk approval; bulk actions on selected rows
ask first; the review page's diff opens on what changed since the return; the comment thread
is shared by both sides."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from survey.states import State
from tests.web.clients import page_token, signed_in
from tests.web.review_data import actions, household, state, submit
from tests.web.survey_data import EA1, EA2, PASSWORDS

HOUSEHOLD_ROW = re.compile(r'<tr id="q-(\d+)-(\d+)"')
CLEAN = re.compile(r'<input type="hidden" name="household" value="([^"]+)"')
COMMENT = "现住人数应为3"


def review_action(client: FlaskClient, path: str, **data: str) -> None:
    response = client.post(path, data={"csrf_token": page_token(client, path), **data})
    assert response.status_code == 302, response.text


@pytest.fixture
def corrected(app: Flask, client: FlaskClient, tokens: dict[str, str]) -> FlaskClient:
    """EA1/001 returned by li with a comment on n_present, then corrected by wang (4 → 3);
    EA2/001 clean, submitted once, older than the correction."""
    submit(client, tokens["zhao"], household("001", EA2, seq=3))
    submit(client, tokens["wang"], household("001", seq=1, n_present=4))
    li = signed_in(app, "li")
    review_action(
        li,
        f"/review/{EA1}/001",
        action="return",
        version="1",
        comment=COMMENT,
        field="h.n_present",
    )
    submit(client, tokens["wang"], household("001", seq=1))
    return li


def test_a_household_without_findings_shows_no_rules_and_no_nan(app, client, tokens) -> None:
    submit(client, tokens["wang"], household("001", seq=1))
    page = signed_in(app, "li").get("/review/").text
    assert "nan" not in page
    row = page[page.index(f'id="q-{EA1}-001"') :].split("</tr>")[0]
    assert row.rstrip().endswith("<td></td>")  # the Rules cell is empty


def test_a_supervisor_lands_on_the_queue_and_an_enumerator_at_home(app) -> None:
    for name, landing in (("li", "/review/"), ("wang", "/"), ("office", "/")):
        browser = app.test_client()
        page = browser.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token
        answer = browser.post(
            "/login",
            data={"name": name, "password": PASSWORDS[name], "csrf_token": token.group(1)},
        )
        assert answer.headers["Location"] == landing, name


def test_a_resubmission_after_return_is_marked_with_the_comment_and_what_changed(
    corrected,
) -> None:
    page = corrected.get("/review/").text
    row = page[page.index(f'id="q-{EA1}-001"') :].split("</tr>")[0]
    assert "resubmitted after return" in row
    assert COMMENT in row
    assert "changed since version 1:" in row
    assert "Number present" in row or "n_present" not in row  # named by its label
    # Errors and unexplained warnings first, then resubmissions, then the oldest.
    assert HOUSEHOLD_ROW.findall(page) == [(EA1, "001"), (EA2, "001")]


def test_approve_all_clean_leaves_out_the_resubmission(app, corrected) -> None:
    page = corrected.get("/review/").text
    assert CLEAN.findall(page) == [f"{EA2}/001/1"]  # the corrected household is clean, but new
    seen = [f"{EA1}/001/2", f"{EA2}/001/1"]  # a forged form naming both
    token = page_token(corrected, "/review/")
    confirm = corrected.post("/review/approve-clean", data={"csrf_token": token, "household": seen})
    assert confirm.status_code == 200
    assert "Approve 1 households?" in confirm.text
    assert state(app, EA2, "001") == (State.SUBMITTED.value, 1)  # nothing done before confirming
    left = confirm.text[confirm.text.index('id="left"') :]
    assert f"{EA1} / 001" in left
    assert "open it" in left
    corrected.post(
        "/review/approve-clean", data={"csrf_token": token, "household": seen, "confirm": "1"}
    )
    assert state(app, EA2, "001") == (State.APPROVED.value, 1)
    assert state(app, EA1, "001") == (State.SUBMITTED.value, 2)


def test_bulk_approval_of_selected_rows_refuses_a_resubmission(app, corrected) -> None:
    token = page_token(corrected, "/review/")
    seen = [f"{EA1}/001/2", f"{EA2}/001/1"]
    data = {"csrf_token": token, "household": seen, "action": "approve"}
    confirm = corrected.post("/review/bulk", data=data)
    assert "Approve 1 households?" in confirm.text
    taken = confirm.text[confirm.text.index('id="taken"') : confirm.text.index("</ul>")]
    assert f"{EA2} / 001" in taken
    assert f"{EA1} / 001" not in taken
    done = corrected.post("/review/bulk", data={**data, "confirm": "1"})
    assert "approved=1" in done.headers["Location"]
    assert state(app, EA1, "001") == (State.SUBMITTED.value, 2)
    # Opened on its own page, it is approved there.
    review_action(corrected, f"/review/{EA1}/001", action="approve", version="2")
    assert state(app, EA1, "001") == (State.APPROVED.value, 2)


def test_bulk_return_of_selected_rows_needs_one_comment_and_a_confirmation(
    app, client, tokens
) -> None:
    submit(client, tokens["wang"], household("001", seq=1))
    submit(client, tokens["zhao"], household("001", EA2, seq=3))
    li = signed_in(app, "li")
    token = page_token(li, "/review/")
    seen = [f"{EA1}/001/1", f"{EA2}/001/1"]
    data = {"csrf_token": token, "household": seen, "action": "return", "comment": "请核对住址"}
    confirm = li.post("/review/bulk", data=data)
    assert "Return 2 households?" in confirm.text
    assert state(app, EA1, "001")[0] == State.SUBMITTED.value
    no_comment = li.post("/review/bulk", data={**data, "comment": " ", "confirm": "1"})
    assert no_comment.status_code == 400
    assert state(app, EA1, "001")[0] == State.SUBMITTED.value
    done = li.post("/review/bulk", data={**data, "confirm": "1"})
    assert "returned=2" in done.headers["Location"]
    for ea_id in (EA1, EA2):
        assert state(app, ea_id, "001")[0] == State.RETURNED.value
        assert actions(app, ea_id, "001")[-1] == ("return", 1, "li")
    assert "请核对住址" in signed_in(app, "wang").get(f"/households/{EA1}/001").text


def test_an_unanswered_question_keeps_a_clean_household_out_until_it_is_answered(
    app, client, tokens
) -> None:
    submit(client, tokens["wang"], household("001", seq=1))
    li = signed_in(app, "li")
    path = f"/households/{EA1}/001/comments/"
    answer = li.post(
        path,
        data={
            "csrf_token": page_token(li, "/review/"),
            "text": "户主的出生年份是否核对过身份证？",
            "field": "p.birth_year",
            "line_no": "1",
            "next": f"/review/{EA1}/001",
        },
    )
    assert answer.status_code == 302
    assert state(app, EA1, "001") == (State.SUBMITTED.value, 1)  # a question changes no state
    queue = li.get("/review/").text
    assert CLEAN.findall(queue) == []
    assert "1 questions wait for the enumerator" in queue

    wang = signed_in(app, "wang")
    form = wang.get(f"/households/{EA1}/001").text
    assert "户主的出生年份是否核对过身份证？" in form  # shown to the enumerator
    root = re.search(r'id="t-(\d+)"', form)
    assert root
    wang.post(
        f"{path}{root.group(1)}/replies",
        data={
            "csrf_token": page_token(wang),
            "text": "核对过，无误",
            "next": f"/households/{EA1}/001",
        },
    )
    assert CLEAN.findall(li.get("/review/").text) == [f"{EA1}/001/1"]
    thread = li.get(f"/review/{EA1}/001").text
    assert "核对过，无误" in thread  # the reply, on the supervisor's side
    assert [a for a, _, _ in actions(app, EA1, "001")] == ["submit", "comment", "reply"]


def test_a_stranger_cannot_comment_or_reply(app, client, tokens) -> None:
    submit(client, tokens["zhao"], household("001", EA2, seq=3))
    wang = signed_in(app, "wang")
    token = page_token(wang)
    asked = wang.post(f"/households/{EA2}/001/comments/", data={"csrf_token": token, "text": "x"})
    assert asked.status_code == 403
    replied = wang.post(
        f"/households/{EA2}/001/comments/1/replies", data={"csrf_token": token, "text": "x"}
    )
    assert replied.status_code == 403
    assert [a for a, _, _ in actions(app, EA2, "001")] == ["submit"]


def test_the_diff_opens_on_what_changed_since_the_return(corrected, client, tokens) -> None:
    page = corrected.get(f"/review/{EA1}/001").text
    assert "Changes from version 1 to version 2" in page
    assert "(since it was returned)" in page
    # A third version: the diff still opens on version 1 (the one returned) to 3.
    body = household("001", seq=1)
    body["household"]["n_present"] = 3
    body["persons"][2]["name"] = "王小明"
    submit(client, tokens["wang"], body)
    page = corrected.get(f"/review/{EA1}/001").text
    assert "Changes from version 1 to version 3" in page
    diff = page[page.index('class="listing diff"') :].split("</table>")[0]
    assert diff.count("<tr>") == 3  # the header, n_present and the third person's name
    # Any two versions are one click apart.
    assert f'href="/review/{EA1}/001?old=1&amp;new=2#changes"' in page
    assert f'href="/review/{EA1}/001?old=2&amp;new=3#changes"' in page


def test_the_primary_action_is_the_one_that_can_succeed(app, client, tokens) -> None:
    submit(client, tokens["wang"], household("001", seq=1, n_present=4))
    submit(client, tokens["zhao"], household("001", EA2, seq=3))
    li = signed_in(app, "li")
    blocked = li.get(f"/review/{EA1}/001").text
    assert re.search(r'class="primary"[^>]*id="return"', blocked)
    assert re.search(r'class="secondary"[^>]*id="approve"', blocked)
    clean = li.get(f"/review/{EA2}/001").text
    assert re.search(r'class="primary"[^>]*id="approve"', clean)
    assert re.search(r'class="secondary"[^>]*id="return"', clean)


def test_the_version_source_is_said_in_words(app, client, tokens) -> None:
    submit(client, tokens["wang"], household("001", seq=1))
    page = signed_in(app, "li").get(f"/review/{EA1}/001").text
    versions = page[page.index('id="versions"') :].split("</table>")[0]
    assert "API (app)" in versions
    assert "<td>api</td>" not in versions
