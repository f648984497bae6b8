"""Every text of the pages exists in Chinese and English; states come from the one enum."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

from babel.messages.extract import extract_from_dir

from survey.audit import AuditAction
from survey.states import Action, State
from tests.web.clients import bearer, login, page_token
from tests.web.survey_data import EA1, three_persons
from web.i18n import ACTION_LABELS, CATALOGUES, compile_catalogues

WEB = Path(__file__).resolve().parents[2] / "web"
METHODS = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}}


def message_ids() -> set[str]:
    found = extract_from_dir(
        str(WEB), METHODS, options_map=OPTIONS, keywords={"_": None, "gettext": None}
    )
    return {str(message) for _, _, message, _, _ in found}


def test_every_text_of_the_pages_has_a_chinese_translation() -> None:
    catalogue = compile_catalogues(CATALOGUES)["zh"]
    used = message_ids()
    assert len(used) > 50
    untranslated = sorted(m for m in used if catalogue.gettext(m) == m)
    assert untranslated == []


def test_the_catalogue_holds_no_stale_texts() -> None:
    from babel.messages.pofile import read_po

    with (CATALOGUES / "zh" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle)
    assert {str(m.id) for m in catalogue if m.id} == message_ids()


def test_every_kind_of_audited_action_has_words_in_both_languages() -> None:
    every = {*Action, *AuditAction}
    assert set(ACTION_LABELS) == every
    for zh, en in ACTION_LABELS.values():
        assert zh
        assert en
        assert zh != en


def test_templates_name_no_state_as_a_literal() -> None:
    for template in (WEB / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for state in State:
            for literal in (f'"{state.value}"', f"'{state.value}'", f"state-{state.value}"):
                assert literal not in text, (template.name, literal)


def test_a_chinese_user_gets_chinese_pages_and_labels(app, client) -> None:
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    login(client, "wang")
    client.post("/language", data={"lang": "zh", "csrf_token": page_token(client)})
    page = client.get(f"/households/{EA1}/001").text
    assert '<html lang="zh-CN">' in page
    for text in ("第001户", "户别", "家庭户", "女", "保存草稿", "提交", "未开始"):
        assert text in page, text
    assert "Household type" not in page


def test_personal_data_never_reaches_the_logs(app, client, tokens, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    body = three_persons()
    client.post(
        "/api/v1/households",
        json={"submission_id": str(uuid.uuid4()), **body},
        headers=bearer(tokens["wang"]),
    )
    bad = {**body, "persons": [{**body["persons"][0], "name": 12}]}
    client.post("/api/v1/households", json=bad, headers=bearer(tokens["wang"]))
    login(client, "wang")
    client.post(
        f"/households/{EA1}/001",
        data={
            "csrf_token": page_token(client),
            "action": "submit",
            "h.hh_type": "1",
            "p1._row": "1",
            "p1.name": "张伟",
            "p1.id_number": body["persons"][0]["id_number"],
        },
    )
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for person in body["persons"]:
        assert person["name"] not in logged
        assert person["id_number"] not in logged
