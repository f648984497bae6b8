"""Security headers on every answer: a strict CSP (no inline script, no eval, no framing),
nosniff, a referrer policy, HSTS when cookies are secure, and no-store wherever data is shown."""

from __future__ import annotations

import pytest

from tests.web.clients import bearer, login, make_app
from tests.web.survey_data import EA1
from web.db import close


def assert_strict(response) -> None:
    csp = response.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval'
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/login", "/no/such/page", "/static/style.css"])
def test_anonymous_answers_carry_the_headers(client, path) -> None:
    with client.get(path) as response:
        assert_strict(response)
    assert "Strict-Transport-Security" not in response.headers  # cookies are not secure here


def test_pages_holding_respondents_data_are_not_stored(client) -> None:
    login(client, "wang")
    for path in ("/", f"/ea/{EA1}", f"/households/{EA1}/001"):
        response = client.get(path)
        assert response.status_code == 200
        assert_strict(response)
        assert response.headers["Cache-Control"] == "no-store"


def test_static_files_may_be_cached(client) -> None:
    with client.get("/static/form.js") as response:
        assert "no-store" not in response.headers.get("Cache-Control", "")


def test_api_answers_carry_the_headers(client, tokens) -> None:
    for response in (
        client.get("/api/v1/status", headers=bearer(tokens["wang"])),
        client.get("/api/v1/status"),
    ):
        assert_strict(response)
        assert response.headers["Cache-Control"] == "no-store"


def test_hsts_when_cookies_are_secure(survey_path) -> None:
    app = make_app(survey_path, secure_cookies=True)
    try:
        response = app.test_client().get("/login")
        assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert_strict(response)
    finally:
        close(app)


def test_no_page_has_inline_script_or_handlers(client) -> None:
    login(client, "wang")
    page = client.get(f"/households/{EA1}/001").text
    assert "<script>" not in page
    assert " onclick=" not in page
    # expr.js, form.js, the sections' sections.js, review.js and the field app's store.js, field.js
    assert page.count("<script src=") == 6
    for script in ("field.js", "sections.js", "review.js"):
        assert f'<script src="/static/{script}"' in page


def test_a_method_not_allowed_says_which_are(client, tokens) -> None:
    page = client.delete("/login")
    assert page.status_code == 405
    assert set(page.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS", "POST"}
    api = client.delete("/api/v1/households", headers=bearer(tokens["wang"]))
    assert api.status_code == 405
    assert "POST" in api.headers["Allow"].split(", ")


def test_the_access_log_has_one_line_per_answer_without_query_values(client, caplog) -> None:
    import logging

    login(client, "wang")
    caplog.set_level(logging.INFO, logger="survey.access")
    client.get(f"/ea/{EA1}?q=张伟&page=2")
    lines = [r.getMessage() for r in caplog.records if r.name == "survey.access"]
    assert len(lines) == 1
    assert lines[0].startswith(f"GET /ea/{EA1}?page=…&q=… 200 ")
    assert "user=" in lines[0]
    assert "addr=127.0.0.1" in lines[0]
    assert "张伟" not in lines[0]
