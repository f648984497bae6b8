"""The form's skip logic in the browser (web/static/expr.js walking the JSON tree) answers as the
server's evaluation over columns does, blanks and mixed types included — without eval."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from schemas import parse

pytestmark = [pytest.mark.browser]

EXPR_JS = Path(__file__).parents[2] / "web" / "static" / "expr.js"

UNIVERSES = [
    "age >= 15",
    "sex == 2 and 15 <= age <= 64",
    "not sex == 1",
    "sex != 1",
    "sex in (1, 2) or age > 60",
    "sex not in (1,)",
    'hh_no != "999"',
    'hh_no in ("001", "002")',
    "not (age < 6 or sex == 9)",
]
RECORDS: list[dict[str, Any]] = [
    {"sex": 2, "age": 15, "hh_no": "001"},
    {"sex": 2, "age": 64, "hh_no": "999"},
    {"sex": 1, "age": 30, "hh_no": "002"},
    {"sex": 2, "age": 65, "hh_no": None},
    {"sex": None, "age": 30, "hh_no": "003"},
    {"sex": 9, "age": None, "hh_no": "004"},
    {"sex": 1, "age": 5, "hh_no": None},
]


def test_expr_js_agrees_with_the_server_on_every_universe_and_record(browser: Any) -> None:
    page = browser.new_page()
    page.set_content("<!doctype html><title>expr</title>")
    page.add_script_tag(path=str(EXPR_JS))
    cases = [(source, record) for source in UNIVERSES for record in RECORDS]
    in_browser = page.evaluate(
        """cases => cases.map(([tree, record]) =>
             SurveyExpr.evaluate(SurveyExpr.parse(tree), name => record[name] ?? null))""",
        [[parse(source).to_json(), record] for source, record in cases],
    )
    on_server = [parse(source).evaluate_record(record) for source, record in cases]
    mismatches = [
        (source, record, js)
        for (source, record), js, py in zip(cases, in_browser, on_server, strict=True)
        if js != py
    ]
    assert mismatches == []
    assert any(on_server)
    assert not all(on_server)


def test_an_unknown_node_is_an_error_not_a_guess(browser: Any) -> None:
    page = browser.new_page()
    page.set_content("<!doctype html><title>expr</title>")
    page.add_script_tag(path=str(EXPR_JS))
    message = page.evaluate(
        """tree => { try { SurveyExpr.evaluate(tree, () => null); return "no error"; }
                     catch (e) { return e.message; } }""",
        json.loads('{"call": "alert"}'),
    )
    assert message.startswith("unknown node")
