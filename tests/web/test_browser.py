"""In a real browser (headless Chromium) against a real server: an enumerator logs in, enters a
household of three persons, meets a warning and explains it, meets an error and corrects it,
submits, and sees the household submitted — on a desktop, on a phone, and in Chinese."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.web.browsing import DESKTOP, PHONE, fill_household, fill_person, open_section, submit
from tests.web.survey_data import EA1, PASSWORDS, three_persons

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TEXTS = {
    "en": {"submitted": "submitted", "add": "Add a person", "submit": "Submit", "home": "My work"},
    "zh": {"submitted": "已提交", "add": "添加一人", "submit": "提交", "home": "我的工作"},
}


def enter_a_household(browser: Any, server: str, context: dict[str, Any], lang: str) -> Any:
    page = browser.new_context(**context, locale="zh-CN" if lang == "zh" else "en-GB").new_page()
    page.set_default_timeout(30_000)  # a hang guard: two browsers and their servers share 2 cores
    refused: list[str] = []  # the page's CSP refusing a script, an eval or a style
    page.on("console", lambda m: refused.append(m.text) if "Security Policy" in m.text else None)
    page.on("pageerror", lambda error: refused.append(str(error)))
    texts = TEXTS[lang]
    page.goto(server + "/")
    assert "/login" in page.url
    if lang == "zh":
        assert "用户名" in page.content()  # the browser's language, before anyone logs in
    page.fill("#name", "wang")
    page.fill("#password", PASSWORDS["wang"])
    page.locator("form.narrow button[type=submit]").click()
    page.wait_for_url(server + "/")
    if lang == "zh":  # wang's account says English: the switch on the page changes it
        page.locator("form.langs button[value=zh]").click()
        page.wait_for_load_state()
    assert texts["home"] in page.content()

    page.locator(f"#hh-{EA1}-001 a").click()
    page.wait_for_url(f"**/households/{EA1}/001")
    body = three_persons(n_present=4)  # a wrong H2a: the roster has three persons
    assert not page.locator("#f-h-floor_area").is_visible()
    fill_household(page, body["household"])
    assert page.locator("#f-h-floor_area").is_visible()  # skip logic, live
    assert page.locator('input[name="p1.name"]').input_value() == "张伟"  # as listed
    fill_person(page, 1, body["persons"][0])
    assert page.locator("#f-p1-health").is_hidden()  # 55 years old
    for line in (2, 3):
        page.get_by_role("button", name=texts["add"]).click()
        page.locator(f'input[name="p{line}.name"]').wait_for()
        fill_person(page, line, body["persons"][line - 1])
    assert page.locator("#f-p3-literate").is_hidden()  # a ten-year-old
    open_section(page, "p2")
    assert page.locator("#f-p2-children_born").is_visible()

    submit(page)
    page.wait_for_url("**notice=sent#notice")
    error = page.locator("#f-h-n_present .finding.error")
    assert "S-04" in error.first.inner_text()
    box = page.locator('textarea[name="x.R-04.2"]')
    open_section(page, "p2")
    assert box.is_visible()  # the warning, with a box to explain it

    box.fill("再婚，年龄差属实" if lang == "zh" else "second marriage; ages checked")
    open_section(page, "h")
    page.fill('input[name="h.n_present"]', "3")
    submit(page)
    page.wait_for_url("**version=2&notice=sent#notice")  # sent through the field app's outbox
    assert page.locator(".has-error").count() == 0
    assert page.locator(".findings .finding.warning .tag").count() == 1  # explained
    assert texts["submitted"] in page.locator("h1 .badge").inner_text()

    page.goto(server + "/")
    assert texts["submitted"] in page.locator(f"#hh-{EA1}-001 .badge").first.inner_text()
    assert refused == []
    return page


def test_an_enumerator_enters_a_household_on_a_desktop(browser, server) -> None:
    enter_a_household(browser, server, DESKTOP, "en")


def test_an_enumerator_enters_a_household_on_a_phone(browser, server) -> None:
    page = enter_a_household(browser, server, PHONE, "en")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["viewport"]["width"]  # no sideways scrolling on the phone


def test_an_enumerator_enters_a_household_in_chinese_on_a_phone(browser, server) -> None:
    page = enter_a_household(browser, server, PHONE, "zh")
    assert page.locator("html").get_attribute("lang") == "zh-CN"


def test_the_form_works_without_javascript(browser, server) -> None:
    context = browser.new_context(java_script_enabled=False, **DESKTOP)
    page = context.new_page()
    page.set_default_timeout(30_000)  # a hang guard: two browsers and their servers share 2 cores
    page.goto(server + "/login")
    page.fill("#name", "wang")
    page.fill("#password", PASSWORDS["wang"])
    page.locator("form.narrow button[type=submit]").click()
    page.wait_for_url(server + "/")
    page.goto(f"{server}/households/{EA1}/001")
    page.locator('#f-h-dwelling_type input[value="1"]').check()
    assert page.locator("#f-h-floor_area").is_hidden()
    # each button posts the form and the server answers with a new page: wait for it to arrive
    page.get_by_role("button", name="Apply answers (show the questions that apply)").click()
    expect(page.locator("#f-h-floor_area")).to_be_visible()  # the server applied the universe
    page.get_by_role("button", name="Add a person").click()
    expect(page.locator('input[name="p2.name"]')).to_be_visible()


def test_removing_a_person_in_the_browser_moves_the_later_explanations_up(browser, server) -> None:
    page = browser.new_context(**DESKTOP).new_page()
    page.set_default_timeout(30_000)  # a hang guard: two browsers and their servers share 2 cores
    page.goto(server + "/login")
    page.fill("#name", "wang")
    page.fill("#password", PASSWORDS["wang"])
    page.locator("form.narrow button[type=submit]").click()
    page.wait_for_url(server + "/")
    page.goto(f"{server}/households/{EA1}/001")
    for line in (2, 3):
        page.get_by_role("button", name="Add a person").click()
        page.locator(f'input[name="p{line}.name"]').wait_for()
    # a warning's box on person 3, as the server renders it after a submission
    page.evaluate(
        """() => {
            const box = document.createElement("textarea");
            box.name = "x.R-04.3";
            document.querySelectorAll("#persons .person")[2].appendChild(box);
        }"""
    )
    page.fill('input[name="p3.name"]', "张小明")
    open_section(page, "p2")
    page.locator('#persons .person[data-line="2"] button.remove').click()
    assert page.locator("#persons .person").count() == 3  # it asks first
    page.locator("#confirm-remove").click()
    assert page.locator("#persons .person").count() == 2
    assert page.locator('textarea[name="x.R-04.2"]').count() == 1
    assert page.locator('textarea[name="x.R-04.3"]').count() == 0
    assert page.locator('input[name="p2.name"]').input_value() == "张小明"
    page.locator("#undo-remove").click()  # and it can be undone
    assert page.locator("#persons .person").count() == 3
    assert page.locator('input[name="p3.name"]').input_value() == "张小明"
