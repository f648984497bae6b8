"""The correction loop in a real browser (headless Chromium) against a real server: an enumerator
submits a household with an error; the supervisor's approval is refused; the supervisor returns
it with a comment on the field; the enumerator sees the comment beside that field, corrects and
resubmits; the supervisor sees what changed and approves."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.browsing import DESKTOP, PHONE, fill_household, fill_person, submit
from tests.web.review_data import household
from tests.web.survey_data import EA1, PASSWORDS

pytestmark = [pytest.mark.browser, pytest.mark.slow]
COMMENT = "三口人，现住人数应为3"


def log_in(browser: Any, server: str, name: str, context: dict[str, Any]) -> Any:
    page = browser.new_context(**context, locale="en-GB").new_page()
    page.set_default_timeout(15_000)
    page.goto(server + "/login")
    page.fill("#name", name)
    page.fill("#password", PASSWORDS[name])
    page.locator("form.narrow button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)  # a supervisor lands on the queue
    return page


def test_a_household_goes_round_the_review_loop(browser, server) -> None:
    wang = log_in(browser, server, "wang", PHONE)
    wang.goto(f"{server}/households/{EA1}/001")
    body = household(n_present=4)  # H2a says 4; the roster has 3 persons
    fill_household(wang, body["household"])
    fill_person(wang, 1, body["persons"][0])
    for line in (2, 3):
        wang.locator("#add-person").click()
        wang.locator(f'input[name="p{line}.name"]').wait_for()
        fill_person(wang, line, body["persons"][line - 1])
    submit(wang)
    wang.wait_for_url("**notice=sent#notice")
    assert "S-04" in wang.locator("#f-h-n_present .finding.error").first.inner_text()

    li = log_in(browser, server, "li", DESKTOP)
    li.locator("#nav-review").click()
    li.locator(f"#q-{EA1}-001 a").click()
    li.wait_for_url(f"**/review/{EA1}/001")
    assert "S-04" in li.locator("#r-h-n_present").inner_text()  # the finding beside its field
    li.locator("#approve").click()
    refusal = li.locator("#refusal")
    refusal.wait_for()
    assert "S-04 (error, not waived)" in refusal.inner_text()
    li.locator("#return-field").select_option("h.n_present")
    li.fill("#return-comment", COMMENT)
    li.locator("#return").click()
    li.wait_for_url("**notice=return")

    wang.goto(server + "/")
    assert COMMENT in wang.locator(".returned-list").inner_text()
    wang.locator(f".returned-list a[href$='/households/{EA1}/001']").click()
    wang.wait_for_url(f"**/households/{EA1}/001")
    assert COMMENT in wang.locator("#f-h-n_present .comment").inner_text()  # beside the field
    wang.fill('input[name="h.n_present"]', "3")
    submit(wang)
    wang.wait_for_url("**version=2&notice=sent#notice")  # sent through the field app's outbox
    assert wang.locator(".has-error").count() == 0
    assert wang.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]

    li.goto(f"{server}/review/{EA1}/001")
    change = li.locator("table.diff tbody tr").first
    assert "4 → 3" in change.inner_text()
    assert "wang" in change.inner_text()
    li.locator("#approve").click()
    li.wait_for_url("**notice=approve")
    assert "approved" in li.locator("h1 .badge").inner_text()

    phone = log_in(browser, server, "li", PHONE)
    for path in ("/review/", f"/review/{EA1}/001", "/dashboard/", f"/dashboard/ea/{EA1}"):
        phone.goto(server + path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["viewport"]["width"], path  # no sideways scrolling on a phone
