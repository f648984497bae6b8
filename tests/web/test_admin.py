"""The survey office manages accounts and EA assignments in the browser."""

from __future__ import annotations

import re

from tests.web.clients import bearer, login, page_token, secret, user_id
from tests.web.survey_data import EA1, EA2
from web.db import get_survey


def test_the_office_creates_an_account_that_can_log_in(app, client) -> None:
    login(client, "office")
    assert "wang" in client.get("/admin/users").text
    created = client.post(
        "/admin/users/new",
        data={
            "csrf_token": page_token(client, "/admin/users/new"),
            "name": "sun",
            "role": "enumerator",
            "eas": f"{EA1}\n{EA2}",
            "lang": "zh",
        },
    )
    assert created.status_code == 200
    password = secret(created.text)
    newcomer = app.test_client()
    login(newcomer, "sun", password)
    assert newcomer.get("/").headers["Location"] == "/password"  # a one-time password first
    assert newcomer.get(f"/households/{EA1}/001").headers["Location"] == "/password"
    page = newcomer.get("/password").text
    assert 'id="first-login"' in page
    changed = newcomer.post(
        "/password",
        data={
            "csrf_token": page_token(newcomer, "/password"),
            "current": password,
            "new": "sun-own-pw-2026",
            "repeat": "sun-own-pw-2026",
        },
    )
    assert changed.status_code == 302
    home = newcomer.get("/").text
    assert EA1 in home
    assert EA2 in home
    assert "我的调查小区" in home
    with app.app_context():
        events = (
            get_survey()
            .store.read.execute(
                "SELECT action FROM events WHERE action LIKE 'user_add%' AND details LIKE '%sun%' "
                "ORDER BY id"
            )
            .fetchall()
        )
    assert [e[0] for e in events] == ["user_add", "user_add_by"]


def test_a_bad_account_is_refused_with_a_reason(client) -> None:
    login(client, "office")
    refused = client.post(
        "/admin/users/new",
        data={
            "csrf_token": page_token(client, "/admin/users/new"),
            "name": "wang",
            "role": "enumerator",
            "eas": "999999999999999",
            "lang": "en",
        },
    )
    assert refused.status_code == 400
    assert "is not in the survey&#39;s frame of EAs; choose one of the list" in refused.text
    assert "survey load" not in refused.text  # the office is not sent to the command line


def test_an_ea_code_of_14_digits_is_refused_as_too_short(client) -> None:
    login(client, "office")
    refused = client.post(
        "/admin/users/new",
        data={
            "csrf_token": page_token(client, "/admin/users/new"),
            "name": "sun",
            "role": "enumerator",
            "eas": EA1[:14],
            "lang": "en",
        },
    )
    assert refused.status_code == 400
    assert f"EA {EA1[:14]} is not an EA code: 15 digits" in refused.text


def test_assignments_change_what_an_enumerator_sees(app, client) -> None:
    login(client, "office")
    wang = user_id(app, "wang")
    enumerator = app.test_client()
    login(enumerator, "wang")
    assert enumerator.get(f"/households/{EA2}/001").status_code == 403
    saved = client.post(
        f"/admin/users/{wang}",
        data={
            "csrf_token": page_token(client),
            "role": "enumerator",
            "eas": f"{EA1} {EA2}",
            "lang": "en",
            "active": "1",
        },
    )
    assert saved.status_code == 302
    assert enumerator.get(f"/households/{EA2}/001").status_code == 200


def test_deactivating_or_resetting_ends_the_users_sessions(app, client) -> None:
    login(client, "office")
    zhao = user_id(app, "zhao")
    phone = app.test_client()
    login(phone, "zhao")
    reset = client.post(f"/admin/users/{zhao}/password", data={"csrf_token": page_token(client)})
    assert phone.get("/").status_code == 302
    password = secret(reset.text)
    login(phone, "zhao", password)
    client.post(
        f"/admin/users/{zhao}",
        data={"csrf_token": page_token(client), "role": "enumerator", "eas": EA2, "lang": "en"},
    )
    assert phone.get("/").headers["Location"].startswith("/login")  # deactivated: logged out
    again = app.test_client()
    form = again.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token
    refused = again.post(
        "/login", data={"name": "zhao", "password": password, "csrf_token": token.group(1)}
    )
    assert refused.status_code == 401


def test_the_office_issues_an_api_token(app, client) -> None:
    login(client, "office")
    issued = client.post(
        f"/admin/users/{user_id(app, 'li')}/token", data={"csrf_token": page_token(client)}
    )
    token = secret(issued.text)
    status = client.get("/api/v1/status", headers={"Authorization": f"Bearer {token}"})
    assert status.status_code == 200


def test_the_office_revokes_every_api_token_of_a_lost_phone(app, client) -> None:
    login(client, "office")
    account = f"/admin/users/{user_id(app, 'wang')}"
    tokens = [
        secret(client.post(f"{account}/token", data={"csrf_token": page_token(client)}).text)
        for _ in range(2)
    ]
    assert "API tokens in force: 2" in client.get(account).text
    phone = app.test_client()
    assert phone.get("/api/v1/status", headers=bearer(tokens[0])).status_code == 200
    revoked = client.post(f"{account}/revoke-tokens", data={"csrf_token": page_token(client)})
    assert revoked.status_code == 302
    page = client.get(revoked.headers["Location"]).text
    assert "2 API tokens revoked." in page
    assert "API tokens in force: 0" in page
    for token in tokens:
        assert phone.get("/api/v1/status", headers=bearer(token)).status_code == 401
    with app.app_context():
        audited = get_survey().store.read.execute(
            "SELECT u.name, e.details FROM events e JOIN users u ON u.id = e.user_id "
            "WHERE e.action = 'token_revoke'"
        )
        assert [tuple(r) for r in audited] == [("office", '{"user": "wang", "tokens": 2}')]
    fresh = secret(client.post(f"{account}/token", data={"csrf_token": page_token(client)}).text)
    assert phone.get("/api/v1/status", headers=bearer(fresh)).status_code == 200


def test_only_the_office_revokes_tokens(app, client) -> None:
    login(client, "li")
    refused = client.post(
        f"/admin/users/{user_id(app, 'wang')}/revoke-tokens",
        data={"csrf_token": page_token(client)},
    )
    assert refused.status_code == 403


def test_the_office_cannot_lock_itself_out(app, client) -> None:
    login(client, "office")
    me = user_id(app, "office")
    refused = client.post(
        f"/admin/users/{me}",
        data={"csrf_token": page_token(client), "role": "office", "eas": "", "lang": "en"},
    )
    assert refused.status_code == 400
    assert client.get("/admin/users").status_code == 200
