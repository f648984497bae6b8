"""The field app in headless Chromium with its service worker, on a phone, in Chinese and English:
a household entered with no connection reaches the server once it is back; typed answers survive
a reload and an expired session; a stale base version is parked as a conflict; checks show
before submitting, offline; a new release replaces the cached app; logging out waits for the
outbox and then clears the phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.web.browsing import (
    APP_TEXTS,
    eventually,
    fill_household,
    fill_person,
    four_persons,
    idb_count,
    open_app,
    open_section,
    persons_stored,
    submit,
    versions,
)
from tests.web.survey_data import EA1, PASSWORDS

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_household_entered_offline_is_stored_once_when_back_online(
    browser, server, survey_path, lang
) -> None:
    context, page = open_app(browser, server, lang, survey_path)
    context.set_offline(True)
    page.goto(f"{server}/households/{EA1}/001")  # answered by the worker: the blank form
    page.locator("#offline-banner").wait_for()
    body = four_persons()
    fill_household(page, body["household"])
    fill_person(page, 1, body["persons"][0])
    for line in (2, 3, 4):
        page.get_by_role("button", name=APP_TEXTS[lang]["add"]).click()
        page.locator(f'input[name="p{line}.name"]').wait_for()
        fill_person(page, line, body["persons"][line - 1])
    submit(page)
    page.locator("#outbox-status", has_text=APP_TEXTS[lang]["kept"]).wait_for()
    assert idb_count(page, "outbox") == 1
    assert versions(survey_path) == []
    page.close()

    context.set_offline(False)
    page = context.new_page()
    page.goto(server + "/")
    eventually(page, "window.FieldStore.keys('outbox').then(k => k.length === 0)")
    assert versions(survey_path) == [(EA1, "001", 1)]
    names = [name for _, name in persons_stored(survey_path)]
    assert names == ["张伟", "李娜", "张小明", "张小红"]
    page.reload()  # the outbox is empty: nothing is sent twice
    page.wait_for_load_state("networkidle")
    assert versions(survey_path) == [(EA1, "001", 1)]
    context.close()


def test_typed_answers_survive_a_reload_and_an_expired_session(browser, server, survey_path):
    context, page = open_app(browser, server, "en", survey_path)
    page.goto(f"{server}/households/{EA1}/002")
    open_section(page, "p1")
    page.fill('input[name="p1.name"]', "王芳芳")
    page.fill('input[name="p1.birth_year"]', "1977")
    eventually(
        page,
        f"window.FieldStore.get('drafts', '{EA1}/002')"
        ".then(d => !!d && d.fields.some(f => f[1] === '1977'))",
    )
    page.reload()  # the draft is put back from the device once the page has loaded
    open_section(page, "p1")
    expect(page.locator('input[name="p1.name"]')).to_have_value("王芳芳", timeout=20_000)
    expect(page.locator('input[name="p1.birth_year"]')).to_have_value("1977")
    context.clear_cookies()  # the session has expired
    page.goto(f"{server}/households/{EA1}/002")
    assert "/login" in page.url
    page.fill("#name", "wang")
    page.fill("#password", PASSWORDS["wang"])
    page.locator("form.narrow button[type=submit]").click()
    page.wait_for_url(f"**/households/{EA1}/002")
    expect(page.locator('input[name="p1.birth_year"]')).to_have_value("1977", timeout=20_000)
    assert versions(survey_path) == []
    context.close()


def test_out_of_range_and_blank_required_answers_show_before_submitting_offline(
    browser, server, survey_path
) -> None:
    context, page = open_app(browser, server, "zh", survey_path)
    context.set_offline(True)
    page.goto(f"{server}/households/{EA1}/002")
    open_section(page, "p1")
    page.fill('input[name="p1.birth_year"]', "1700")
    page.locator('input[name="p1.birth_year"]').blur()
    check = page.locator("#f-p1-birth_year .device-check")
    assert check.is_visible()
    assert "1700" not in check.inner_text()
    submit(page)
    summary = page.locator("#device-checks")
    assert summary.is_visible()
    open_section(page, "p1")
    assert page.locator("#f-p1-sex .device-check").is_visible()  # blank and required
    context.close()


def test_logging_out_waits_for_the_outbox_then_clears_the_phone(browser, server, survey_path):
    context, page = open_app(browser, server, "en", survey_path)
    context.set_offline(True)
    page.goto(f"{server}/households/{EA1}/001")
    body = four_persons()
    fill_household(page, body["household"])
    fill_person(page, 1, body["persons"][0])
    submit(page)
    page.locator("#outbox-status", has_text=APP_TEXTS["en"]["kept"]).wait_for()
    context.set_offline(False)
    page.evaluate("window.FieldStore.all('outbox').then(i => i.length)")
    # Refused while anything waits: the page stays, and says why.
    page.evaluate("""() => { window.FieldApp.sendOutbox = () => Promise.resolve([]); }""")
    page.locator("#logout").click()
    page.locator("#outbox-status", has_text="not sent yet").wait_for()
    assert "/login" not in page.url
    page.get_by_role("button", name="Send now").click()
    eventually(page, "window.FieldStore.keys('outbox').then(k => k.length === 0)")
    assert versions(survey_path) == [(EA1, "001", 1)]
    page.locator("#logout").click()
    page.wait_for_url("**/login**")
    assert page.evaluate("caches.keys().then(k => k.length)") == 0
    databases = page.evaluate("indexedDB.databases().then(d => d.map(x => x.name))")
    assert "survey-field" not in databases
    context.close()
