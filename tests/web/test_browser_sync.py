"""The field app's outbox against a real server in headless Chromium: a submission made on a
stale base (the supervisor returned the household meanwhile) is parked as a conflict with its
reason and overwrites nothing; a submission whose answer was lost is sent again and stored once;
a new release replaces the cached app."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from survey.accounts.access import issue_token
from survey.context import Survey
from tests.web.browsing import eventually, open_app, open_section, ready, serving, submit, versions
from tests.web.survey_data import EA1, family
from web.fieldapp import RELEASE

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def served(survey_path: Path) -> Iterator[tuple[str, Any, dict[str, str]]]:
    """The application served by waitress, the application itself, and API tokens."""
    with Survey.open(survey_path) as survey:
        tokens = {name: issue_token(survey, name) for name in ("wang", "li")}
    with serving(survey_path) as (address, application):
        yield address, application, tokens


def api(server: str, token: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(
        server + path,
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as response:
        answer: dict[str, Any] = json.loads(response.read())
        return answer


def test_a_stale_base_is_parked_as_a_conflict_and_overwrites_nothing(
    browser, served, survey_path
) -> None:
    server, _, tokens = served
    api(server, tokens["wang"], "/api/v1/households", {"submission_id": "first", **family()})
    context, page = open_app(browser, server, "en", survey_path)
    page.goto(f"{server}/households/{EA1}/001")  # version 1, submitted, as the phone reads it
    context.set_offline(True)
    page.fill('input[name="h.rooms"]', "4")
    submit(page)
    page.locator("#outbox-status", has_text="Kept on this phone").wait_for()
    review = {"action": "return", "version": 1, "comment": "请核实住房间数"}
    api(server, tokens["li"], f"/api/v1/households/{EA1}/001/review", review)
    context.set_offline(False)
    page.evaluate("window.FieldApp.sendOutbox(true)")  # as "Send now" or the reconnect would
    page.locator("#outbox-status .parked", has_text="changed on the server").wait_for()
    assert versions(survey_path) == [(EA1, "001", 1)]  # nothing overwritten
    parked = page.evaluate("window.FieldStore.all('outbox')")
    assert [p["status"] for p in parked] == ["conflict"]
    assert ["h.rooms", "4"] in parked[0]["fields"]  # nothing lost
    page.goto(f"{server}/households/{EA1}/001")  # reopened: the phone's answers are shown
    ready(page)
    assert page.locator('input[name="h.rooms"]').input_value() == "4"
    context.close()


def test_a_submission_whose_answer_was_lost_is_stored_once(browser, served, survey_path):
    server, _, _ = served
    context, page = open_app(browser, server, "en", survey_path)
    page.goto(f"{server}/households/{EA1}/002")
    open_section(page, "p1")
    page.fill('input[name="p1.name"]', "王芳")

    def lose_the_answer(route: Any) -> None:
        route.fetch()  # the server stores it ...
        route.abort()  # ... and the phone never hears back

    page.route("**/field/households/**", lose_the_answer)
    submit(page)
    page.locator("#outbox-status", has_text="Kept on this phone").wait_for()
    assert versions(survey_path) == [(EA1, "002", 1)]
    page.unroute("**/field/households/**")
    page.evaluate("window.FieldApp.sendOutbox(true)")
    eventually(page, "window.FieldStore.keys('outbox').then(k => k.length === 0)")
    assert versions(survey_path) == [(EA1, "002", 1)]  # the retry answered 200: stored once
    context.close()


def test_a_new_release_replaces_the_cached_app(browser, served, survey_path) -> None:
    server, application, _ = served
    context, page = open_app(browser, server, "en", survey_path)
    before = page.evaluate("caches.keys()")
    assert len(before) == 1
    application.extensions[RELEASE] = "a-new-release"  # new static files or questionnaire
    for _ in range(40):  # the new worker installs, takes over and drops the old cache
        page.reload()
        if page.evaluate("navigator.serviceWorker.controller?.scriptURL.includes('a-new-release')"):
            break
        page.wait_for_timeout(500)
    eventually(page, "caches.keys().then(k => k.length === 1 && k[0].includes('a-new-release'))")
    context.set_offline(True)
    page.goto(f"{server}/households/{EA1}/001")
    page.locator("#offline-banner").wait_for()
    context.close()
