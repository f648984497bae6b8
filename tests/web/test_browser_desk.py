"""The supervisor's and the office's desk in a real browser (headless Chromium) against a real
server: bulk approval cannot take a household resubmitted after a return without it being
opened; the diff since the return shows exactly the fields the enumerator changed; the office
reassigns a household and its first enumerator gets 403; an export of 100,000 households started
from the page shows its progress and, after a reload, its files."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from collectors import empty_cell_errors
from survey import synth
from survey.collection.submission import explanations_frame
from survey.context import Survey, now
from survey.states import State
from survey.store import households as household_store
from survey.store import listings, versions
from tests.web.browsing import DESKTOP
from tests.web.clients import bearer, make_app, page_token
from tests.web.clients import login as client_login
from tests.web.review_data import household
from tests.web.survey_data import EA1, EA2, PASSWORDS
from web.db import close

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def log_in(browser: Any, server: str, name: str) -> Any:
    page = browser.new_context(**DESKTOP, locale="en-GB").new_page()
    page.set_default_timeout(30_000)
    page.goto(server + "/login")
    page.fill("#name", name)
    page.fill("#password", PASSWORDS[name])
    page.locator("form.narrow button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)
    return page


@pytest.fixture
def returned_and_corrected(survey_path: Path) -> None:
    """EA1/001 returned by li (H2a said 4 for three persons) and resubmitted by wang with H2a
    corrected and the third person's name changed; EA2/001 clean and waiting."""
    app = make_app(survey_path)
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    with app.app_context():
        from survey.accounts.access import issue_token
        from web.db import get_survey

        wang, zhao = (issue_token(get_survey(), n) for n in ("wang", "zhao"))
    first = household("001", seq=1, n_present=4)
    assert client.post("/api/v1/households", json=first, headers=bearer(wang)).status_code == 201
    client.post("/api/v1/households", json=household("001", EA2, seq=3), headers=bearer(zhao))
    client_login(client, "li")
    path = f"/review/{EA1}/001"
    client.post(
        path,
        data={
            "csrf_token": page_token(client, path),
            "action": "return",
            "version": "1",
            "comment": "现住人数应为3",
            "field": "h.n_present",
        },
    )
    second = household("001", seq=1)
    second["persons"][2]["name"] = "张晓明"
    assert client.post("/api/v1/households", json=second, headers=bearer(wang)).status_code == 201
    close(app)


def test_bulk_approval_cannot_take_a_resubmission_without_opening_it(
    browser, server, returned_and_corrected
) -> None:
    li = log_in(browser, server, "li")
    assert li.url.endswith("/review/")  # a supervisor lands on the queue
    row = li.locator(f"#q-{EA1}-001")
    assert "resubmitted after return" in row.inner_text()
    assert "现住人数应为3" in row.inner_text()
    for checkbox in li.locator("#bulk-form input[type=checkbox]").all():
        checkbox.check()
    li.locator("#bulk-approve").click()
    li.locator("#confirm").wait_for()
    assert "Approve 1 households?" in li.locator("h1").inner_text()
    assert f"{EA1} / 001" in li.locator("#left").inner_text()
    assert f"{EA1} / 001" not in li.locator("#taken").inner_text()
    li.locator("#confirm").click()
    li.wait_for_url("**approved=1**")
    assert li.locator(f"#q-{EA1}-001").count() == 1  # still waiting: it was not approved
    assert li.locator(f"#q-{EA2}-001").count() == 0
    li.locator(f"#q-{EA1}-001 a").first.click()
    li.wait_for_url(f"**/review/{EA1}/001")
    li.locator("#approve").click()
    li.wait_for_url("**notice=approve")
    assert "approved" in li.locator("h1 .badge").inner_text()


def test_the_diff_since_the_return_shows_exactly_the_fields_changed(
    browser, server, returned_and_corrected
) -> None:
    li = log_in(browser, server, "li")
    li.goto(f"{server}/review/{EA1}/001")
    assert "(since it was returned)" in li.locator("#changes").inner_text()
    rows = li.locator("table.diff tbody tr")
    changed = sorted(rows.nth(i).locator("td").first.inner_text() for i in range(rows.count()))
    assert len(changed) == 2  # H2a and the third person's name, nothing else
    assert sum("Person 3" in c for c in changed) == 1
    assert sum(c.startswith("H2a") for c in changed) == 1
    assert re.search(r"4\s*→\s*3", li.locator("table.diff").inner_text())
    assert "张晓明" in li.locator("table.diff").inner_text()


def test_the_office_reassigns_a_household_and_the_first_enumerator_gets_403(
    browser, server
) -> None:
    wang = log_in(browser, server, "wang")
    assert wang.goto(f"{server}/households/{EA1}/001").status == 200
    office = log_in(browser, server, "office")
    office.goto(f"{server}/households/{EA1}/001/assignment/")
    office.locator("input[name=enumerator][value=wang]").uncheck()
    office.locator("input[name=enumerator][value=zhao]").check()
    office.fill("#reason", "王某病假")
    office.locator("#reassign").click()
    office.wait_for_url("**notice=assigned")
    assert "zhao" in office.locator("#assignees").inner_text()
    assert wang.goto(f"{server}/households/{EA1}/001").status == 403
    zhao = log_in(browser, server, "zhao")
    assert zhao.goto(f"{server}/households/{EA1}/001").status == 200


EXPORT_HOUSEHOLDS = 100_000
STORE_SLICE = 50_000


def approved_households(path: Path, count: int) -> None:
    """``count`` generated households, stored approved straight through the store (the rules
    and the import have tests of their own)."""
    with Survey.open(path) as survey:
        q = survey.questionnaire
        data = synth.generate(q, count, seed=5)
        with survey.store.write() as db:
            listings.upsert(db, q, "eas", data.eas)
            listings.upsert(db, q, "listing", data.listing)
        for start in range(0, count, STORE_SLICE):
            part = data.households.iloc[start : start + STORE_SLICE]
            people = data.persons.merge(part[["ea_id", "hh_no"]], on=["ea_id", "hh_no"])
            with survey.store.write() as db:
                versions.store_batch(
                    db,
                    q,
                    part,
                    people,
                    empty_cell_errors(),
                    explanations_frame([], "", ""),
                    source="import",
                    user_ids=[None] * len(part),
                    now=now(),
                )
        with survey.store.write() as db:
            at = now()
            for ea_id, hh_no in data.households[["ea_id", "hh_no"]].itertuples(index=False):
                household_store.set_state(db, ea_id, hh_no, State.APPROVED, at)


@pytest.fixture
def big_survey(survey_path: Path) -> None:
    approved_households(survey_path, EXPORT_HOUSEHOLDS)


def test_an_export_of_100000_households_shows_progress_and_its_files_after_a_reload(
    browser, big_survey, server
) -> None:
    office = log_in(browser, server, "office")
    office.goto(f"{server}/exports/")
    office.locator("#run-export").click()
    office.wait_for_url("**/exports/jobs/*")
    assert office.locator("#job-progress").count() == 1
    seen = {office.locator("#job-state").get_attribute("data-state")}
    job_page = office.url
    office.goto(f"{server}/exports/")  # leave the page…
    office.goto(job_page)  # …and come back, as after a reload
    office.locator("#job-result").wait_for(timeout=600_000)  # the page reloads itself
    seen.add(office.locator("#job-state").get_attribute("data-state"))
    assert "running" in seen or "done" in seen
    assert office.locator("#job-progress").get_attribute("value") == "100"
    assert f"{EXPORT_HOUSEHOLDS} households" in office.locator("#job-log").inner_text()
    office.reload()
    office.locator("#job-result").click()
    office.wait_for_url("**/exports/*/")
    page = office.content()
    assert "households.csv" in page
    assert "persons.parquet" in page
    assert f"{EXPORT_HOUSEHOLDS:,}" in page or str(EXPORT_HOUSEHOLDS) in page
