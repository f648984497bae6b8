"""A hostile but realistic browser: forms posted with missing, extra, repeated, huge or foreign
values, stale or forged CSRF tokens, redirects to other sites, pages of other people's EAs. Each
refusal is a page in the user's language that says what is wrong, and nothing changes."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from tests.web.clients import bearer, csrf_token, form_data, page_token, signed_in
from tests.web.footprint import footprint
from tests.web.survey_data import EA1, EA2, PASSWORDS, three_persons

HOUSEHOLD = f"/households/{EA1}/001"
REVIEW = f"/review/{EA1}/001"


def ok(response: Any) -> str:
    """The page of a request the application handled: no 5xx, no traceback."""
    assert response.status_code < 500, response.text
    assert "Traceback" not in response.text
    return str(response.text)


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def submitted(client: FlaskClient, tokens: dict[str, str]) -> None:
    """EA1/001 submitted by wang (version 1): errors S-04 and S-05, warning R-04 on line 2."""
    body = three_persons(n_present=4)
    response = client.post("/api/v1/households", json=body, headers=bearer(tokens["wang"]))
    assert response.status_code == 201


# --- the household form -------------------------------------------------------------------------


@pytest.mark.parametrize("remove", ["0", "99", "9" * 40, ""], ids=repr)
def test_removing_a_person_that_is_not_there_removes_nobody(app, remove) -> None:
    wang = signed_in(app, "wang")
    data = {"csrf_token": page_token(wang, HOUSEHOLD), "remove": remove, "action": "update"}
    before = footprint(app)
    page = ok(wang.post(HOUSEHOLD, data={**form_data(three_persons()), **data}))
    assert page.count('name="p3._row"') == 1  # still three persons
    assert footprint(app) == before


@pytest.mark.parametrize("remove", ["²", "٣", "-1", "1.5", "x", "1e3"], ids=repr)
def test_removing_a_line_that_is_not_a_number_is_a_400_saying_so(app, remove) -> None:
    wang = signed_in(app, "wang")
    data = {"csrf_token": page_token(wang, HOUSEHOLD), "remove": remove, "action": "update"}
    before = footprint(app)
    response = wang.post(HOUSEHOLD, data={**form_data(three_persons()), **data})
    assert response.status_code == 400
    assert "is not a whole number" in text(ok(response))
    assert footprint(app) == before


@pytest.mark.parametrize(
    ("explanation", "said"),
    [
        pytest.param("x.ZZ-99.1", "not a rule of this survey", id="no such rule"),
        pytest.param("x.R-04.9", "person line 9", id="no person 9"),
        pytest.param("x.R-04." + "9" * 30, "person line 999", id="line of 30 digits"),
    ],
)
def test_an_explanation_that_explains_nothing_is_refused_on_the_form(
    app, explanation, said
) -> None:
    wang = signed_in(app, "wang")
    data = {
        **form_data(three_persons()),
        "csrf_token": page_token(wang, HOUSEHOLD),
        "action": "submit",
        explanation: "so it is",
    }
    before = footprint(app)
    response = wang.post(HOUSEHOLD, data=data)
    assert response.status_code == 409
    assert said in text(ok(response))
    assert footprint(app) == before


def test_the_refusal_of_an_explanation_is_in_chinese_for_a_chinese_user(app) -> None:
    wang = signed_in(app, "wang")
    wang.post("/language", data={"csrf_token": page_token(wang), "lang": "zh", "next": "/"})
    data = {
        **form_data(three_persons()),
        "csrf_token": page_token(wang, HOUSEHOLD),
        "action": "submit",
        "x.R-04.9": "属实",
    }
    response = wang.post(HOUSEHOLD, data=data)
    assert response.status_code == 409
    assert "第9号人员" in text(ok(response))


@pytest.mark.parametrize(
    "values",
    [
        pytest.param({"h.n_present": "abc"}, id="letters in a number"),
        pytest.param({"h.n_present": "-3"}, id="a negative count"),
        pytest.param({"h.floor_area": "1e400"}, id="1e400"),
        pytest.param({"h.floor_area": "NaN"}, id="NaN"),
        pytest.param({"h.n_present": "9" * 30}, id="30 digits"),
        pytest.param({"p1.name": "<script>alert(1)</script>"}, id="a script as a name"),
        pytest.param({"p1.name": "\u202eأحمد 😀"}, id="RTL override and emoji"),
        pytest.param({"p1.name": "x" * 100_000}, id="a name of 100,000 characters"),
        pytest.param({"p1.colour": "red", "h.colour": "red", "q.x": "1"}, id="unknown fields"),
        pytest.param({"p7.name": "王五"}, id="a person line with a gap"),
    ],
)
def test_wrong_values_on_the_form_are_kept_and_reported(app, values) -> None:
    wang = signed_in(app, "wang")
    data = {**form_data(three_persons()), **values, "csrf_token": page_token(wang, HOUSEHOLD)}
    ok(wang.post(HOUSEHOLD, data={**data, "action": "save"}))
    response = wang.post(HOUSEHOLD, data={**data, "action": "submit"})
    assert response.status_code == 302, response.text
    ok(wang.get(response.headers["Location"]))


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(None, id="missing"),
        pytest.param("", id="empty"),
        pytest.param("forged", id="forged"),
        pytest.param("anonymous", id="the login page's token"),
        pytest.param("another user's", id="another user's"),
    ],
)
def test_a_post_without_the_sessions_csrf_token_is_refused(app, token) -> None:
    wang = signed_in(app, "wang")
    tokens = {
        "forged": "0" * 64,
        "anonymous": csrf_token(app.test_client().get("/login").text),
        "another user's": page_token(signed_in(app, "zhao")),
    }
    data = {**form_data(three_persons()), "action": "save"}
    if token is not None:
        data["csrf_token"] = tokens.get(token, token)
    before = footprint(app)
    response = wang.post(HOUSEHOLD, data=data)
    assert response.status_code == 400
    assert "reload the page" in text(ok(response))
    assert footprint(app) == before


def test_a_repeated_csrf_token_counts_only_the_first(app) -> None:
    wang = signed_in(app, "wang")
    data = MultiDict(
        [("csrf_token", "forged"), ("csrf_token", page_token(wang)), ("action", "save")]
    )
    before = footprint(app)
    assert wang.post(HOUSEHOLD, data=data).status_code == 400
    assert footprint(app) == before


def test_a_post_after_logging_out_goes_to_the_login_and_changes_nothing(app) -> None:
    wang = signed_in(app, "wang")
    token = page_token(wang, HOUSEHOLD)
    wang.post("/logout", data={"csrf_token": token})
    before = footprint(app)
    response = wang.post(
        HOUSEHOLD, data={**form_data(three_persons()), "csrf_token": token, "action": "submit"}
    )
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    assert footprint(app) == before


# --- pages of other people's EAs, or of nothing --------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status"),
    [
        (f"/households/{EA2}/001", 403),
        (f"/households/{EA1}/999", 404),
        (f"/households/{EA1}/００１", 404),
        (f"/households/{EA1}/%2e%2e", 404),
        (f"/households/{EA1}/00%2F1", 404),
        ("/households/" + "9" * 5000 + "/001", 404),  # over 200 characters: refused before any view
        ("/households/%ff/001", 403),
        (f"/ea/{EA2}", 404),
        ("/ea/nowhere", 404),
        (f"/review/{EA1}/001", 403),
        (f"/dashboard/ea/{EA2}", 403),
        ("/admin/users", 403),
        ("/exports/", 403),
    ],
)
def test_an_enumerator_reaches_only_their_own_eas(app, submitted, path, status) -> None:
    wang = signed_in(app, "wang")
    response = wang.get(path)
    assert response.status_code == status
    assert "张伟" not in ok(response)


@pytest.mark.parametrize(
    "path",
    [f"/ea/{EA2}/additions", f"/households/{EA2}/001", "/ea/nowhere/additions"],
)
def test_an_enumerator_changes_nothing_outside_their_eas(app, path) -> None:
    wang = signed_in(app, "wang")
    data = {**form_data(three_persons()), "csrf_token": page_token(wang), "action": "submit"}
    before = footprint(app)
    assert wang.post(path, data=data).status_code == 403
    assert footprint(app) == before


# --- the review page ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "status", "said"),
    [
        pytest.param({"action": "explode", "version": "1"}, 400, None, id="no such action"),
        pytest.param({"action": "approve", "version": "one"}, 400, None, id="version one"),
        pytest.param({"action": "approve", "version": "²"}, 400, None, id="version ²"),
        pytest.param({"action": "approve"}, 400, None, id="no version"),
        pytest.param({"action": "approve", "version": "9" * 30}, 409, "not 999", id="30 digits"),
        pytest.param(
            {"action": "return", "version": "1", "comment": "?", "field": "p.name", "line_no": "²"},
            400,
            "is not a whole number",
            id="line ²",
        ),
        pytest.param(
            {"action": "return", "version": "1", "comment": "?", "field": "p.name", "line_no": "9"},
            422,
            "no person on line 9",
            id="line 9",
        ),
        pytest.param(
            {"action": "return", "version": "1", "comment": "?", "field": "p.colour"},
            422,
            "not a question",
            id="no such question",
        ),
        pytest.param({"action": "return", "version": "1"}, 400, "needs a comment", id="no why"),
        pytest.param(
            {"action": "approve", "version": "1"}, 409, "Approval is refused", id="errors"
        ),
        pytest.param(
            {"action": "waive", "version": "1", "comment": "?", "finding": "S-04|"},
            403,
            None,
            id="a supervisor waives",
        ),
    ],
)
def test_a_wrong_review_form_is_refused_with_the_reason(app, submitted, form, status, said) -> None:
    li = signed_in(app, "li")
    before = footprint(app)
    response = li.post(REVIEW, data={"csrf_token": page_token(li), **form})
    assert response.status_code == status
    if said is not None:
        assert said in text(ok(response))
    assert footprint(app) == before


@pytest.mark.parametrize("finding", ["S-04|" + "9" * 30, "ZZ-99|1", "R-04|2", "", "|"], ids=repr)
def test_the_office_waives_only_an_error_the_version_has(app, submitted, finding) -> None:
    office = signed_in(app, "office")
    data = {"action": "waive", "version": "1", "comment": "ok", "finding": finding}
    before = footprint(app)
    response = office.post(REVIEW, data={"csrf_token": page_token(office), **data})
    assert response.status_code == 422
    assert "only an error finding can be waived" in text(ok(response))
    assert footprint(app) == before


@pytest.mark.parametrize(
    "query", ["?approved=²", "?skipped=" + "9" * 30, "?ea_id=%ff", "?rule_id=%3Cscript%3E"]
)
def test_the_queue_takes_any_query(app, submitted, query) -> None:
    page = ok(signed_in(app, "li").get("/review/" + query))
    assert "<script>" not in page


def test_approving_clean_households_skips_what_cannot_be_read(app, submitted) -> None:
    li = signed_in(app, "li")
    seen = [f"{EA1}/001/²", f"{EA1}/001/" + "9" * 30, "a/b/c", "nothing", f"{EA2}/001/1"]
    data = MultiDict(
        [("csrf_token", page_token(li)), ("confirm", "1"), *(("household", s) for s in seen)]
    )
    before = footprint(app)
    response = li.post("/review/approve-clean", data=data)
    assert response.status_code == 302
    assert "approved=0" in response.headers["Location"]
    assert footprint(app) == before


def test_waiving_on_a_line_that_is_not_a_number_is_a_400(app, submitted) -> None:
    office = signed_in(app, "office")
    data = {"action": "waive", "version": "1", "comment": "ok", "finding": "S-04|²"}
    before = footprint(app)
    response = office.post(REVIEW, data={"csrf_token": page_token(office), **data})
    assert response.status_code == 400
    assert "is not a whole number" in text(ok(response))
    assert footprint(app) == before


@pytest.mark.parametrize("query", ["?old=²&new=1", "?old=" + "9" * 30, "?old=-5&new=1"])
def test_a_diff_of_versions_that_do_not_exist_is_404(app, submitted, query) -> None:
    response = signed_in(app, "li").get(REVIEW + query)
    assert response.status_code in (200, 404)
    ok(response)


# --- what people type is shown as text, never run ----------------------------------------------

SCRIPT = "<script>alert('x')</script>"


def test_names_comments_and_explanations_are_escaped_everywhere(app, client, tokens) -> None:
    body = three_persons()
    body["persons"][0]["name"] = SCRIPT
    body["explanations"] = [
        {"rule_id": "R-04", "line_no": 2, "text": "<img src=x onerror=alert(1)>"}
    ]
    response = client.post("/api/v1/households", json=body, headers=bearer(tokens["wang"]))
    assert response.status_code == 201
    li = signed_in(app, "li")
    form = {
        "action": "return",
        "version": "1",
        "comment": SCRIPT,
        "field": "p.name",
        "line_no": "1",
    }
    assert li.post(REVIEW, data={"csrf_token": page_token(li), **form}).status_code == 302
    wang = signed_in(app, "wang")
    pages = [
        (li, REVIEW),
        (li, "/review/"),
        (li, "/dashboard/"),
        (li, f"/dashboard/ea/{EA1}"),
        (li, "/dashboard/enumerators/wang"),
        (wang, HOUSEHOLD),
        (wang, "/"),
        (wang, f"/ea/{EA1}"),
    ]
    for who, path in pages:
        page = ok(who.get(path))
        assert "<script>alert" not in page, path
        assert "<img src=x" not in page, path
    assert "&lt;script&gt;" in ok(li.get(REVIEW))


# --- logging in, the language, the office's account pages ------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "https://evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "/\t/evil.example",
        " //evil.example",
        "///evil.example",
        "http:evil.example",
        "/%0d%0aSet-Cookie:x=1",
    ],
)
def test_after_login_or_a_language_switch_the_browser_stays_on_this_site(app, target) -> None:
    anonymous = signed_in(app, None)
    token = csrf_token(anonymous.get("/login").text)
    response = anonymous.post(
        "/login?next=" + quote(target, safe=""),
        data={"name": "wang", "password": PASSWORDS["wang"], "csrf_token": token},
    )
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/")
    assert not response.headers["Location"].startswith("//")
    assert "\n" not in response.headers["Location"]
    switched = anonymous.post(
        "/language", data={"csrf_token": page_token(anonymous), "lang": "zh", "next": target}
    )
    assert switched.headers["Location"].startswith("/")
    assert not switched.headers["Location"].startswith(("//", "/\\"))


@pytest.mark.parametrize("chosen", ["xx", "", "ZH", "zh-CN", "../en", "en\x00"])
def test_an_unknown_language_is_refused_saying_which_there_are(app, chosen) -> None:
    wang = signed_in(app, "wang")
    before = footprint(app)
    response = wang.post("/language", data={"csrf_token": page_token(wang), "lang": chosen})
    assert response.status_code == 400
    assert "There is no such language here: choose 中文 or English." in text(ok(response))
    assert footprint(app) == before


@pytest.mark.parametrize(
    ("form", "field", "said_en", "said_zh"),
    [
        pytest.param({"name": "bob", "role": "king"}, "role", "role", "角色", id="no such role"),
        pytest.param({"name": "bob", "role": ""}, "role", "role", "角色", id="no role"),
        pytest.param({"role": "enumerator"}, "name", "user name", "用户名", id="no name"),
        pytest.param({"name": "x" * 51, "role": "enumerator"}, "name", "user name", "用户名"),
        pytest.param({"name": "a\x00b", "role": "enumerator"}, "name", "user name", "用户名"),
        pytest.param({"name": "\u202ebob", "role": "enumerator"}, "name", "user name", "用户名"),
        pytest.param({"name": "wang", "role": "enumerator"}, "name", "exists", "已存在"),
        pytest.param(
            {"name": "bob", "role": "enumerator", "eas": "nowhere"}, "eas", "15 digits", "15位"
        ),
        pytest.param(
            {"name": "bob", "role": "enumerator", "eas": "999999999999999"},
            "eas",
            "frame",
            "抽样框",
        ),
        pytest.param(
            {"name": "bob", "role": "enumerator", "lang": "xx"}, "lang", "zh or en", "zh 或 en"
        ),
    ],
)
def test_a_bad_account_is_refused_beside_its_field_in_both_languages(
    app, form, field, said_en, said_zh
) -> None:
    for lang, said in (("en", said_en), ("zh", said_zh)):
        office = signed_in(app, "office")
        office.post("/language", data={"csrf_token": page_token(office), "lang": lang})
        data = {"lang": "en", **form, "csrf_token": page_token(office, "/admin/users/new")}
        before = footprint(app)
        response = office.post("/admin/users/new", data=data)
        assert response.status_code == 400
        page = ok(response)
        beside = re.search(rf'<p class="field-error" id="error-{field}"[^>]*>(.*?)</p>', page, re.S)
        assert beside, page
        assert said in beside.group(1)
        assert "is not a valid Role" not in page  # never Python's own words
        assert footprint(app) == before


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"role": "king", "lang": "en"}, "role"),
        ({"role": "enumerator", "lang": "xx"}, "lang"),
        ({"role": "enumerator", "lang": "en", "eas": "nowhere"}, "eas"),
    ],
)
def test_a_bad_change_of_an_account_is_refused_beside_its_field(app, form, field) -> None:
    office = signed_in(app, "office")
    page = office.get("/admin/users").text
    wang = re.search(r'href="/admin/users/(\d+)"[^>]*>wang<', page)
    assert wang
    path = f"/admin/users/{wang.group(1)}"
    before = footprint(app)
    response = office.post(path, data={**form, "csrf_token": page_token(office, path)})
    assert response.status_code == 400
    assert f'id="error-{field}"' in ok(response)
    assert footprint(app) == before


@pytest.mark.parametrize(
    "path", ["/admin/users/999", "/admin/users/-1", "/admin/users/" + "9" * 30]
)
def test_an_account_that_does_not_exist_is_404(app, path) -> None:
    office = signed_in(app, "office")
    assert office.get(path).status_code == 404
    before = footprint(app)
    assert (
        office.post(path + "/password", data={"csrf_token": page_token(office)}).status_code == 404
    )
    assert footprint(app) == before


# --- the roster's limits ------------------------------------------------------------------------


def rows(count: int) -> dict[str, str]:
    return {f"p{i}.name": f"人{i}" for i in range(1, count + 1)} | {
        f"p{i}._row": "1" for i in range(1, count + 1)
    }


@pytest.mark.parametrize(
    ("count", "action"),
    [(99, "add_person"), (100, "save"), (100, "submit"), (150, "submit"), (990, "save")],
)
def test_a_roster_longer_than_its_line_numbers_is_refused(app, count, action) -> None:
    """Lines run 1–99 (the questionnaire's range of line_no), as on the API."""
    wang = signed_in(app, "wang")
    data = {**rows(count), "csrf_token": page_token(wang, HOUSEHOLD), "action": action}
    before = footprint(app)
    response = wang.post(HOUSEHOLD, data=data)
    assert response.status_code == 409
    assert "the roster holds at most 99 persons" in text(ok(response))
    assert footprint(app) == before


def test_a_roster_of_99_persons_is_stored(app) -> None:
    wang = signed_in(app, "wang")
    data = {**rows(99), "csrf_token": page_token(wang, HOUSEHOLD), "action": "submit"}
    assert wang.post(HOUSEHOLD, data=data).status_code == 302
