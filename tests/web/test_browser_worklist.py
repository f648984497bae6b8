"""The work list kept on the phone (/app) in headless Chromium, on a phone, in Chinese and
English: searched by the head's name and by the household number, filtered by state and by what
waits to be sent, refreshed at a time shown in the survey's time zone, and still there offline
after one online visit; and a household not in the listing added and removed on the phone."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.web.browsing import (
    APP_TEXTS,
    eventually,
    fill_household,
    fill_person,
    four_persons,
    open_app,
    open_section,
)
from tests.web.browsing import (
    submit as submit_on_the_phone,
)
from tests.web.clients import add_unlisted, login
from tests.web.review_data import household, submit
from tests.web.survey_data import EA1

pytestmark = [pytest.mark.browser, pytest.mark.slow]
NOT_SENT = {"en": "not sent", "zh": "未发送"}
REFRESHED = {"en": "Work list as last read from the server", "zh": "工作清单最近一次从服务器读取"}


def shows(page: Any, numbers: list[str]) -> None:
    """The work list comes to show exactly these household numbers, in this order."""
    expect(page.locator("#worklist-table tbody tr td:first-child")).to_have_text(numbers)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_work_list_is_searched_and_filtered_online_and_offline(
    browser, server, survey_path, client, tokens, lang
) -> None:
    submit(client, tokens["wang"], household("001"))  # 001 submitted, 002 not started
    login(client, "wang")
    assert add_unlisted(client, "5号楼 501", "孙丽") == "003"  # an addition, a draft
    context, page = open_app(browser, server, lang, survey_path)
    page.goto(server + "/app")
    eventually(page, "window.FieldStore.all('households').then(h => h.length === 3)")
    page.locator("#app-hh-" + EA1 + "-003").wait_for()
    shows(page, ["001", "002", "003"])
    expect(page.locator("#worklist-freshness")).to_contain_text(REFRESHED[lang])
    freshness = page.locator("#worklist-freshness").inner_text()
    assert freshness.endswith("UTC+8")  # Asia/Shanghai, the default SURVEY_TIME_ZONE

    for offline in (False, True):
        if offline:  # one online visit was enough: the shell and the list are on the phone
            context.set_offline(True)
            page.reload()
            page.locator("#app-hh-" + EA1 + "-001").wait_for()
        page.fill("#worklist-search", "王芳")
        shows(page, ["002"])  # a listed head's name
        page.fill("#worklist-search", "孙丽")
        shows(page, ["003"])  # the head's name given when it was added
        page.fill("#worklist-search", "5号楼")
        shows(page, ["003"])  # the address given when it was added
        page.fill("#worklist-search", "001")
        shows(page, ["001"])
        page.fill("#worklist-search", "")
        shows(page, ["001", "002", "003"])
        page.select_option("#worklist-state", "submitted")
        shows(page, ["001"])
        page.select_option("#worklist-state", "none")
        shows(page, ["002"])
        page.select_option("#worklist-state", "draft")
        shows(page, ["003"])
        page.select_option("#worklist-state", "")

    # Offline still: a household submitted on the phone waits to be sent, and the list says so.
    page.goto(f"{server}/households/{EA1}/002")
    page.locator("#offline-banner").wait_for()
    body = four_persons()
    fill_household(page, body["household"])
    fill_person(page, 1, body["persons"][0])
    submit_on_the_phone(page)
    page.locator("#outbox-status", has_text=APP_TEXTS[lang]["kept"]).wait_for()
    page.goto(server + "/app")
    page.select_option("#worklist-state", "outbox")
    shows(page, ["002"])
    expect(page.locator(f"#app-hh-{EA1}-002")).to_contain_text(NOT_SENT[lang])
    context.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_household_not_listed_is_added_and_removed_on_the_phone(
    browser, server, survey_path, lang
) -> None:
    said = {"en": "it is how the household is found again", "zh": "凭此可再次找到该户"}[lang]
    context, page = open_app(browser, server, lang, survey_path)
    page.goto(f"{server}/ea/{EA1}")
    page.locator(f"#add-unlisted-{EA1}").click()
    page.locator("#add-household").click()  # no address: refused beside the field
    assert said in page.locator("#error-address").inner_text()
    page.fill("#address", "5号楼 501")
    page.fill("#head_name", "孙丽")
    page.locator("#add-household").click()
    page.wait_for_url(f"**/households/{EA1}/003")
    open_section(page, "p1")
    page.fill('input[name="p1.birth_year"]', "1980")  # kept on the phone as it is typed
    eventually(page, f"window.FieldStore.get('drafts', '{EA1}/003').then(d => !!d)")
    page.goto(f"{server}/ea/{EA1}")
    row = page.locator(f"#hh-{EA1}-003")
    assert "5号楼 501" in row.inner_text()
    row.locator("a.remove-addition").click()
    page.locator("#confirm-remove").click()
    page.locator("#notice").wait_for()
    assert page.locator(f"#hh-{EA1}-003").count() == 0
    eventually(page, f"window.FieldStore.get('drafts', '{EA1}/003').then(d => !d)")
    context.close()
