"""Every page in Chinese and in English: each role follows every link it is shown, in each
language, and sees the pages no link leads to — the confirmation of a bulk action, the error
pages; a text of the pages without its Chinese translation, or a raw code (a review state,
a version's source) shown to a Chinese user, fails."""

from __future__ import annotations

import re
from typing import Any

import pytest
from babel.support import NullTranslations, Translations

from survey.states import State
from tests.web.clients import page_token, signed_in
from tests.web.crawling import crawl, login_of
from web import i18n

CODES = [s.value for s in State] + list(i18n.SOURCE_LABELS)
RAW = re.compile(r"(?<![\w/.:-])(" + "|".join(CODES) + r")(?![\w/.:-])")
HIDDEN = re.compile(r"<(script|style|template)\b.*?</\1>", re.S)
TAG = re.compile(r"<[^>]*>")


class Recording:
    """A catalogue that notes every text it has no translation for."""

    def __init__(self, inner: Translations | NullTranslations, missing: set[str]) -> None:
        self.inner, self.missing = inner, missing

    def ugettext(self, text: str) -> str:
        found = str(self.inner.ugettext(text))
        if found == text:
            self.missing.add(text)
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def visible(html: str) -> str:
    return TAG.sub(" ", HIDDEN.sub(" ", html))


def unlinked(client: Any, role: str) -> dict[str, str]:
    """The pages a role reaches by a form or a mistake, not by a link: (address, status) → HTML."""
    token = page_token(client, "/password")
    pages = {"not found 404": client.get("/no-such-page/")}
    if role == "enumerator":
        pages["forbidden 403"] = client.get("/admin/users")
    if role == "office":
        pages |= {"/password": client.get("/password"), "/admin/users/new":
                  client.get("/admin/users/new"), "/admin/audit/": client.get("/admin/audit/")}  # fmt: skip
    if role == "supervisor":
        listed = re.findall(r'name="household" value="([^"]+)"', client.get("/review/").text)
        assert listed, "the demo's queue lists households to select"
        chosen = {"csrf_token": token, "household": listed[:3]}
        pages |= {
            "bulk approve, confirm": client.post("/review/bulk", data={**chosen, "action": "approve"}),
            "bulk return, confirm": client.post("/review/bulk", data={**chosen, "action": "return",
                                                                     "comment": "请核对年龄"}),
            "bulk return without a comment": client.post(
                "/review/bulk", data={**chosen, "action": "return", "confirm": "1"}),
            "approve clean, confirm": client.post("/review/approve-clean", data=chosen),
            "bulk with no action 400": client.post("/review/bulk", data=chosen),
        }  # fmt: skip
    expected = {"not found 404": 404, "forbidden 403": 403, "bulk with no action 400": 400}
    expected["bulk return without a comment"] = 400
    for name, response in pages.items():
        assert response.status_code == expected.get(name, 200), name
    return {name: response.text for name, response in pages.items()}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("role", ["enumerator", "supervisor", "office"])
def test_every_page_is_whole_in_its_language(demo_app, demo, role, lang, monkeypatch) -> None:
    missing: set[str] = set()
    real = i18n.CompiledDomain.get_translations

    def recording(self: i18n.CompiledDomain) -> Any:
        found = real(self)
        return Recording(found, missing) if i18n.lang() == "zh" else found

    monkeypatch.setattr(i18n.CompiledDomain, "get_translations", recording)
    client = signed_in(demo_app, *login_of(demo, role))
    client.post("/language", data={"lang": lang, "csrf_token": page_token(client, "/password")})
    pages: dict[str, str] = {}
    crawl(client, pages=pages)
    pages |= unlinked(client, role)
    assert len(pages) >= 5
    for url, html in pages.items():
        assert f'<html lang="{"zh-CN" if lang == "zh" else "en"}">' in html, url
    assert sorted(missing) == []
    if lang == "zh":
        raw = {url: RAW.findall(visible(html)) for url, html in pages.items()}
        assert {url: codes for url, codes in raw.items() if codes} == {}
