"""Logging in and out, server-side sessions, cookie flags, CSRF, throttling, passwords, language."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.web.clients import csrf_token, login, make_app, page_token
from tests.web.survey_data import EA1, PASSWORDS
from web.db import close, get_survey


def events(app, action: str) -> list[dict]:
    with app.app_context():
        return list(
            get_survey().store.read.query("SELECT * FROM events WHERE action = ?", [action])
        )


def session_cookie(client: FlaskClient) -> str | None:
    cookie = client.get_cookie("survey_session")
    return cookie.value if cookie else None


def test_pages_send_anonymous_visitors_to_the_login_page(client) -> None:
    response = client.get(f"/households/{EA1}/001")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/login?next=/households/{EA1}/001"


def test_login_sets_a_protected_cookie_and_leads_back(client) -> None:
    form = client.get("/login")
    response = client.post(
        "/login?next=/ea/" + EA1,
        data={"name": "wang", "password": PASSWORDS["wang"], "csrf_token": csrf_token(form.text)},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/ea/" + EA1
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if "survey_session" in c)
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Path=/" in cookie
    assert "Secure" not in cookie  # the test settings turn secure_cookies off
    assert client.get("/").status_code == 200
    assert len(events(client.application, "login")) == 1


def test_secure_cookies_are_on_by_default(survey_path) -> None:
    app = make_app(survey_path, secure_cookies=True)
    try:
        client = app.test_client()
        form = client.get("/login")
        response = client.post(
            "/login",
            data={"name": "li", "password": PASSWORDS["li"], "csrf_token": csrf_token(form.text)},
        )
        cookies = response.headers.getlist("Set-Cookie")
        assert all("Secure" in c for c in cookies if "survey_session" in c)
    finally:
        close(app)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil"])
def test_login_never_leads_to_another_site(client, target) -> None:
    form = client.get("/login")
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"name": "wang", "password": PASSWORDS["wang"], "csrf_token": csrf_token(form.text)},
    )
    assert response.headers["Location"] == "/"


def test_a_wrong_password_is_refused_without_saying_which_part_is_wrong(app, client) -> None:
    form = client.get("/login")
    token = csrf_token(form.text)
    wrong = client.post("/login", data={"name": "wang", "password": "nope", "csrf_token": token})
    unknown = client.post("/login", data={"name": "nobody", "password": "x", "csrf_token": token})
    assert wrong.status_code == unknown.status_code == 401
    assert "wrong" in wrong.text
    assert "wrong" in unknown.text
    assert session_cookie(client) is None
    assert len(events(app, "login_failed")) == 2


def test_repeated_failures_lock_the_account_even_for_the_right_password(app, client) -> None:
    token = csrf_token(client.get("/login").text)
    statuses = [
        client.post(
            "/login", data={"name": "wang", "password": "guess", "csrf_token": token}
        ).status_code
        for _ in range(3)
    ]
    assert statuses == [401, 401, 429]
    right = client.post(
        "/login", data={"name": "wang", "password": PASSWORDS["wang"], "csrf_token": token}
    )
    assert right.status_code == 429
    assert "15 minutes" in right.text
    assert session_cookie(client) is None
    other = app.test_client()
    login(other, "zhao")  # other accounts are not affected


def test_logout_ends_the_session_on_the_server(client) -> None:
    login(client, "wang")
    stolen = session_cookie(client)
    response = client.post("/logout", data={"csrf_token": page_token(client)})
    assert response.status_code == 302
    assert client.get("/").status_code == 302
    client.set_cookie("survey_session", stolen or "")  # a copy of the cookie no longer works
    assert client.get("/").status_code == 302


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(app, client) -> None:
    login(client, "wang")
    response = client.post(f"/ea/{EA1}/additions")
    assert response.status_code == 400
    assert "expired" in response.text
    forged = client.post(f"/ea/{EA1}/additions", data={"csrf_token": "forged"})
    assert forged.status_code == 400
    assert events(app, "addition") == []
    assert client.post("/logout").status_code == 400
    assert client.get("/").status_code == 200  # still signed in


def test_the_csrf_token_of_another_session_is_refused(app, client) -> None:
    other = app.test_client()
    login(other, "wang")
    login(client, "wang")
    response = client.post(f"/ea/{EA1}/additions", data={"csrf_token": page_token(other)})
    assert response.status_code == 400


def test_the_login_form_needs_its_token_too(client) -> None:
    client.get("/login")
    response = client.post("/login", data={"name": "wang", "password": PASSWORDS["wang"]})
    assert response.status_code == 400
    assert session_cookie(client) is None


def test_changing_the_password_ends_every_other_session(app, client) -> None:
    phone = app.test_client()
    login(phone, "wang")
    login(client, "wang")
    response = client.post(
        "/password",
        data={
            "current": PASSWORDS["wang"],
            "new": "a-new-password",
            "repeat": "a-new-password",
            "csrf_token": page_token(client, "/password"),
        },
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # this browser got a fresh session
    assert phone.get("/").status_code == 302  # the other device is logged out
    login(app.test_client(), "wang", "a-new-password")
    assert len(events(app, "password_change")) == 1


@pytest.mark.parametrize(
    ("current", "new", "repeat", "says"),
    [
        ("wrong", "a-new-password", "a-new-password", "current password is wrong"),
        (PASSWORDS["wang"], "short", "short", "at least 10"),
        (PASSWORDS["wang"], "a-new-password", "another-password", "differ"),
    ],
)
def test_a_bad_password_change_changes_nothing(client, current, new, repeat, says) -> None:
    login(client, "wang")
    response = client.post(
        "/password",
        data={
            "current": current,
            "new": new,
            "repeat": repeat,
            "csrf_token": page_token(client, "/password"),
        },
    )
    assert response.status_code == 400
    assert says in response.text
    login(client.application.test_client(), "wang")  # the old password still works


def test_the_language_is_kept_per_user_and_switchable_on_every_page(app, client) -> None:
    login(client, "wang")
    assert "My enumeration areas" in client.get("/").text
    response = client.post(
        "/language", data={"lang": "zh", "next": "/ea/" + EA1, "csrf_token": page_token(client)}
    )
    assert response.headers["Location"] == "/ea/" + EA1
    assert "我的调查小区" in client.get("/").text
    other = app.test_client()
    login(other, "wang")  # the choice belongs to the user, not to the browser
    assert "我的调查小区" in other.get("/").text
    for path in ("/", f"/ea/{EA1}", f"/households/{EA1}/001", "/password"):
        assert 'action="/language"' in client.get(path).text


def test_an_anonymous_visitor_can_switch_the_login_page(client) -> None:
    form = client.get("/login", headers={"Accept-Language": "en"})
    assert "Log in" in form.text
    client.post(
        "/language", data={"lang": "zh", "next": "/login", "csrf_token": csrf_token(form.text)}
    )
    assert "登录" in client.get("/login").text


def test_the_browser_language_is_the_first_guess(client) -> None:
    assert "用户名" in client.get("/login", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).text
    assert "User name" in client.get("/login", headers={"Accept-Language": "en-GB"}).text
