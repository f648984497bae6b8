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
