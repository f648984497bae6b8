"""The work list kept on the phone (/app) in headless Chromium, on a phone, in Chinese and
English: searched by the head's name and by the household number, filtered by state, refreshed
at a time shown in the survey's time zone, and still there offline after one online visit."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import login
from tests.web.review_data import household, submit
from tests.web.survey_data import EA1
from tests.web.test_browser_field import eventually, open_app
from tests.web.test_unlisted import add

pytestmark = [pytest.mark.browser, pytest.mark.slow]
REFRESHED = {"en": "Work list as last read from the server", "zh": "工作清单最近一次从服务器读取"}


def shown(page: Any) -> list[str]:
    """The household numbers the work list shows now."""
    return page.locator("#worklist-table tbody tr td:first-child").all_inner_texts()


def search(page: Any, words: str) -> list[str]:
    page.fill("#worklist-search", words)
    return shown(page)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_work_list_is_searched_and_filtered_online_and_offline(
    browser, server, survey_path, client, tokens, lang
) -> None:
    submit(client, tokens["wang"], household("001"))  # 001 submitted, 002 not started
    login(client, "wang")
    assert add(client, "5号楼 501", "孙丽") == "003"  # an addition, a draft
    context, page = open_app(browser, server, lang, survey_path)
    page.goto(server + "/app")
    eventually(page, "window.FieldStore.all('households').then(h => h.length === 3)")
    page.locator("#app-hh-" + EA1 + "-003").wait_for()
    assert shown(page) == ["001", "002", "003"]
    freshness = page.locator("#worklist-freshness").inner_text()
    assert REFRESHED[lang] in freshness
    assert freshness.endswith("UTC+8")  # Asia/Shanghai, the default SURVEY_TIME_ZONE

    for offline in (False, True):
        if offline:  # one online visit was enough: the shell and the list are on the phone
            context.set_offline(True)
            page.reload()
            page.locator("#app-hh-" + EA1 + "-001").wait_for()
        assert search(page, "王芳") == ["002"]  # a listed head's name
        assert search(page, "孙丽") == ["003"]  # the head's name given when it was added
        assert search(page, "5号楼") == ["003"]  # the address given when it was added
        assert search(page, "001") == ["001"]
        assert search(page, "") == ["001", "002", "003"]
        page.select_option("#worklist-state", "submitted")
        assert shown(page) == ["001"]
        page.select_option("#worklist-state", "none")
        assert shown(page) == ["002"]
        page.select_option("#worklist-state", "draft")
        assert shown(page) == ["003"]
        page.select_option("#worklist-state", "")
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
