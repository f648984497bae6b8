"""A supervisor's comment on a field stays with the household: after the enumerator corrects and
resubmits it, their household page still shows the comment, with the version it was made on,
the question it is about and the reply, in the thread and among the supervisor's comments."""

from __future__ import annotations

from flask.testing import FlaskClient

from survey.states import State
from tests.web.clients import act, form_data, login, page_token, send, text
from tests.web.review_data import household, state, submit
from tests.web.survey_data import EA1

FORM = f"/households/{EA1}/001"
COMMENT = "三口人，现住人数应为3"


def switch(client: FlaskClient, name: str) -> None:
    client.post("/logout", data={"csrf_token": page_token(client)})
    login(client, name)


def test_the_comment_on_a_field_stays_visible_after_resubmission(app, client, tokens) -> None:
    submit(client, tokens["wang"], household(n_present=4))  # H2a = 4 for a roster of 3
    login(client, "li")
    assert act(client, "return", 1, comment=COMMENT, field="h.n_present").status_code == 302
    switch(client, "wang")
    returned = client.get(FORM).text
    beside = returned[returned.index('id="f-h-n_present"') :].split("</fieldset>")[0]
    assert COMMENT in beside  # while returned: beside the question it is about
    comment_id = returned.split('<div class="thread-item', 1)[1].split('id="t-')[1].split('"')[0]
    answered = client.post(
        f"{FORM}/comments/{comment_id}/replies",
        data={"csrf_token": page_token(client, FORM), "text": "已改为3人", "next": FORM},
    )
    assert answered.status_code == 302

    corrected = form_data(household())
    assert send(client, "submit", corrected, FORM).status_code == 302
    assert state(app, EA1, "001") == (State.SUBMITTED.value, 2)

    page = client.get(FORM).text
    thread = text(page[page.index('id="thread"') :])
    assert COMMENT in thread
    assert "li returned the household · version 1" in thread
    assert "H2a Persons who spent the night before the census moment here" in thread
    assert "wang replied" in thread
    assert "已改为3人" in thread
    listed = text(page[page.index('id="comments"') : page.index('id="thread"')])
    assert "The supervisor's comments" in listed
    assert "version 1" in listed
    assert COMMENT in listed
    kept = client.get(f"/field/households/{EA1}/001").get_json()["comments"]  # the phone's copy
    assert [(c["version"], c["user"], c["text"]) for c in kept] == [
        (1, "li", COMMENT),
        (1, "wang", "已改为3人"),
    ]
