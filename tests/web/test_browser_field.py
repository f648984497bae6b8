"""The field app in headless Chromium with its service worker, on a phone, in Chinese and English:
a household entered with no connection reaches the server once it is back; typed answers survive
a reload and an expired session; a stale base version is parked as a conflict; checks show
before submitting, offline; a new release replaces the cached app; logging out waits for the
outbox and then clears the phone."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.families import citizen_id
from tests.families import family as clean_family
from tests.web.survey_data import EA1, PASSWORDS
from tests.web.test_browser import PHONE, fill_household, fill_person, open_section, submit

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TEXTS = {
    "en": {"add": "Add a person", "kept": "Kept on this phone", "refused": "Logging"},
    "zh": {"add": "添加一人", "kept": "已保存在本机", "refused": "登出"},
}


def four_persons() -> dict[str, Any]:
    household, persons = clean_family("001", EA1)
    daughter = {
        **{k: persons[2][k] for k in ("ethnicity", "residence", "hukou_place", "time_away")},
        "name": "张小红",
        "relationship": 2,
        "sex": 2,
        "birth_year": 2016,
        "birth_month": 4,
        "id_number": citizen_id(2016, 4, 2, 44),
        "education": 2,
    }
    persons = [{k: v for k, v in p.items() if k != "line_no"} for p in persons]
    household = {k: v for k, v in household.items() if k not in ("ea_id", "hh_no")}
    return {"household": household | {"n_present": 4}, "persons": [*persons, daughter]}


def open_app(browser: Any, server: str, lang: str, survey_path: Any) -> tuple[Any, Any]:
    """A phone context logged in as wang in ``lang`` (his account's), the worker installed."""
    with closing(sqlite3.connect(survey_path)) as db, db:
        db.execute("UPDATE users SET lang = ? WHERE name = 'wang'", [lang])
    context = browser.new_context(
        **PHONE, locale="zh-CN" if lang == "zh" else "en-GB", service_workers="allow"
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(server + "/login")
    page.fill("#name", "wang")
    page.fill("#password", PASSWORDS["wang"])
    page.locator("form.narrow button[type=submit]").click()
    page.wait_for_url(server + "/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    worker = f"navigator.serviceWorker.controller?.scriptURL.includes('lang={lang}')"
    for _ in range(40):  # the worker of this language has installed and controls the page
        page.reload()
        if page.evaluate(worker):
            break
        page.wait_for_timeout(500)
    assert page.evaluate(worker)
    return context, page


def eventually(page: Any, script: str, tries: int = 80) -> None:
    """Wait until the (promise-returning) ``script`` answers true in the page."""
    for _ in range(tries):
        if page.evaluate(
            f"() => Promise.resolve(window.FieldStore && ({script})).catch(() => false)"
        ):
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"never true: {script}")


def idb_count(page: Any, store: str) -> int:
    return int(
        page.evaluate(
            "(s) => window.FieldStore ? window.FieldStore.keys(s).then(k => k.length) : -1", store
        )
    )


def rows(survey_path: Any, sql: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(survey_path)) as db:
        return list(db.execute(sql).fetchall())


def versions(survey_path: Any) -> list[tuple[Any, ...]]:
    return rows(survey_path, "SELECT ea_id, hh_no, version FROM versions ORDER BY id")


def persons_stored(survey_path: Any) -> list[tuple[Any, ...]]:
    return rows(survey_path, "SELECT line_no, name FROM person_rows ORDER BY version_id, line_no")


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
        page.get_by_role("button", name=TEXTS[lang]["add"]).click()
        page.locator(f'input[name="p{line}.name"]').wait_for()
        fill_person(page, line, body["persons"][line - 1])
    submit(page)
    page.locator("#outbox-status", has_text=TEXTS[lang]["kept"]).wait_for()
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
    page.locator("#outbox-status", has_text=TEXTS["en"]["kept"]).wait_for()
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
