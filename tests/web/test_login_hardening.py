"""Login throttling per account and per client address without letting a stranger lock the
owner out, one hash verification whatever the name, argon2id with rehash of old hashes, login
events with address and user agent; API tokens that expire, are listed and revoked one by one
by the office, and end with a password reset, a password change or a deactivation."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from typing import Any

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient

from survey.accounts import security
from tests.web.clients import bearer, csrf_token, login, make_app, page_token, secret, user_id
from tests.web.survey_data import PASSWORDS
from web.db import close, get_survey

STRANGER, OWNER = "203.0.113.9", "198.51.100.20"


def browser_at(app: Flask, address: str) -> FlaskClient:
    client = app.test_client()
    client.environ_base.update(
        {"REMOTE_ADDR": address, "HTTP_ACCEPT_LANGUAGE": "en", "HTTP_USER_AGENT": "TestPhone/1"}
    )
    return client


def try_login(client: FlaskClient, name: str, password: str) -> int:
    token = csrf_token(client.get("/login").text)
    data = {"name": name, "password": password, "csrf_token": token}
    return client.post("/login", data=data).status_code


def test_a_stranger_failing_does_not_lock_the_owner_out(app) -> None:
    stranger = browser_at(app, STRANGER)
    assert [try_login(stranger, "wang", "guess") for _ in range(4)] == [401, 401, 429, 429]
    assert try_login(stranger, "wang", PASSWORDS["wang"]) == 429  # that address waits
    assert try_login(browser_at(app, OWNER), "wang", PASSWORDS["wang"]) == 302  # the owner not


@pytest.fixture
def strict_app(survey_path) -> Any:
    application = make_app(survey_path, login_max_failures=3, login_max_failures_per_address=5)
    yield application
    close(application)


def test_one_address_trying_many_names_waits_for_every_name(strict_app) -> None:
    prober = browser_at(strict_app, STRANGER)
    names = [f"guess{i}" for i in range(5)]
    assert [try_login(prober, name, "password1") for name in names] == [401] * 4 + [429]
    assert try_login(prober, "zhao", PASSWORDS["zhao"]) == 429  # even a right password
    assert try_login(browser_at(strict_app, OWNER), "zhao", PASSWORDS["zhao"]) == 302


class CountingHasher(PasswordHasher):
    calls = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        CountingHasher.calls += 1
        return super().verify(hash, password)


def test_unknown_and_known_names_cost_one_verification_each(app, monkeypatch) -> None:
    monkeypatch.setattr(security, "_HASHER", CountingHasher(time_cost=2, memory_cost=19 * 1024))
    client = browser_at(app, OWNER)
    try_login(client, "nobody-here", "password1")  # the first makes the stand-in hash
    counts = {}
    for name in ("nobody-else", "wang"):
        CountingHasher.calls = 0
        assert try_login(client, name, "password1") == 401
        counts[name] = CountingHasher.calls
    assert counts == {"nobody-else": 1, "wang": 1}


def scrypt_hash(password: str) -> str:
    salt = b"0123456789abcdef"
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)
    encode = base64.b64encode
    return f"scrypt${2**14}$8$1${encode(salt).decode()}${encode(digest).decode()}"


def stored_hash(app: Flask, name: str) -> str:
    with app.app_context():
        row = get_survey().store.read.execute(
            "SELECT password_hash FROM users WHERE name = ?", [name]
        )
        return str(row.fetchone()[0])


def test_passwords_are_argon2id_and_old_scrypt_hashes_are_replaced_at_login(app) -> None:
    assert stored_hash(app, "zhao").startswith("$argon2id$")
    with app.app_context():
        survey = get_survey()
        with survey.store.write() as db:
            db.execute(
                "UPDATE users SET password_hash = ? WHERE name = 'wang'",
                [scrypt_hash(PASSWORDS["wang"])],
            )
    assert try_login(browser_at(app, OWNER), "wang", "wrong-password") == 401
    assert stored_hash(app, "wang").startswith("scrypt$")  # only the right password rehashes
    assert try_login(browser_at(app, OWNER), "wang", PASSWORDS["wang"]) == 302
    assert stored_hash(app, "wang").startswith("$argon2id$")
    assert try_login(browser_at(app, OWNER), "wang", PASSWORDS["wang"]) == 302


def test_login_events_record_the_address_and_user_agent_not_the_password(app) -> None:
    try_login(browser_at(app, STRANGER), "wang", "secret-guess-1")
    try_login(browser_at(app, OWNER), "wang", PASSWORDS["wang"])
    with app.app_context():
        rows = get_survey().store.read.execute(
            "SELECT action, details FROM events WHERE action IN ('login', 'login_failed') "
            "ORDER BY id"
        )
        events = [(action, json.loads(details)) for action, details in rows]
    assert [(a, d["address"], d["user_agent"]) for a, d in events] == [
        ("login_failed", STRANGER, "TestPhone/1"),
        ("login", OWNER, "TestPhone/1"),
    ]
    assert "secret-guess-1" not in json.dumps(events)


# --- API tokens -------------------------------------------------------------------------------


def status(app: Flask, token: str) -> int:
    return app.test_client().get("/api/v1/status", headers=bearer(token)).status_code


def issue(client: FlaskClient, account: str) -> str:
    return secret(client.post(f"{account}/token", data={"csrf_token": page_token(client)}).text)


def test_a_token_expires_after_the_token_days_setting(app, tokens) -> None:
    assert status(app, tokens["wang"]) == 200
    with app.app_context():
        survey = get_survey()
        with survey.store.write() as db:
            db.execute("UPDATE api_tokens SET created_at = '2020-01-01T00:00:00.000+00:00'")
    assert status(app, tokens["wang"]) == 401
    office = app.test_client()
    login(office, "office")
    page = office.get(f"/admin/users/{user_id(app, 'wang')}").text
    assert "expired" in page
    assert "API tokens in force: 0" in page


def test_the_office_lists_tokens_and_revokes_one(app, client) -> None:
    login(client, "office")
    account = f"/admin/users/{user_id(app, 'wang')}"
    lost, kept = issue(client, account), issue(client, account)
    page = client.get(account).text
    assert "API tokens in force: 2" in page
    ids = [int(i) for i in re.findall(r'id="token-(\d+)"', page)]
    assert len(ids) == 2
    newest_first = ids[0]  # the one issued last: ``kept``
    revoked = client.post(
        f"{account}/tokens/{ids[1]}/revoke", data={"csrf_token": page_token(client)}
    )
    assert revoked.status_code == 302
    assert status(app, lost) == 401
    assert status(app, kept) == 200
    again = client.post(
        f"{account}/tokens/{ids[1]}/revoke", data={"csrf_token": page_token(client)}
    )
    assert "0 API tokens revoked." in client.get(again.headers["Location"]).text
    assert newest_first != ids[1]
    other = client.post(  # a token of another account is not this account's to revoke
        f"/admin/users/{user_id(app, 'zhao')}/tokens/{newest_first}/revoke",
        data={"csrf_token": page_token(client)},
    )
    assert other.status_code == 302
    assert status(app, kept) == 200


@pytest.mark.parametrize("change", ["reset", "deactivate", "own_change"])
def test_credential_changes_end_the_accounts_tokens(app, client, tokens, change) -> None:
    assert status(app, tokens["wang"]) == 200
    wang_id = user_id(app, "wang")
    if change == "own_change":
        login(client, "wang")
        client.post(
            "/password",
            data={
                "csrf_token": page_token(client),
                "current": PASSWORDS["wang"],
                "new": "a-new-password-1",
                "repeat": "a-new-password-1",
            },
        )
    else:
        login(client, "office")
        if change == "reset":
            client.post(f"/admin/users/{wang_id}/password", data={"csrf_token": page_token(client)})
        else:
            form = {"csrf_token": page_token(client), "role": "enumerator", "lang": "en"}
            client.post(f"/admin/users/{wang_id}", data=form)  # no "active": deactivated
    assert status(app, tokens["wang"]) == 401
    with app.app_context():
        in_force = get_survey().store.read.execute(
            "SELECT COUNT(*) FROM api_tokens WHERE user_id = ? AND revoked_at IS NULL", [wang_id]
        )
        assert in_force.fetchone()[0] == 0


def forwarded_for(app: Flask, address: str) -> FlaskClient:
    """A browser behind a reverse proxy on this machine, which says who the client is."""
    client = browser_at(app, "127.0.0.1")
    client.environ_base["HTTP_X_FORWARDED_FOR"] = address
    return client


def test_a_forwarded_address_is_ignored_unless_a_proxy_is_trusted(strict_app) -> None:
    # A client naming a new address in each request still fails from its own address.
    failures = [
        try_login(forwarded_for(strict_app, f"192.0.2.{i}"), f"g{i}", "x") for i in range(6)
    ]
    assert failures == [401] * 4 + [429, 429]


def test_behind_a_trusted_proxy_each_client_is_throttled_at_its_own_address(survey_path) -> None:
    application = make_app(
        survey_path, login_max_failures=3, login_max_failures_per_address=5, trusted_proxies=1
    )
    try:
        prober = forwarded_for(application, STRANGER)
        assert [try_login(prober, f"g{i}", "x") for i in range(5)] == [401] * 4 + [429]
        owner = forwarded_for(application, OWNER)  # the same proxy, another phone
        assert try_login(owner, "zhao", PASSWORDS["zhao"]) == 302
        with application.app_context():
            rows = get_survey().store.read.execute(
                "SELECT details FROM events WHERE action IN ('login', 'login_failed')"
            )
            logins = [json.loads(details)["address"] for (details,) in rows]
        assert set(logins) == {STRANGER, OWNER}
    finally:
        close(application)


def test_the_office_lets_a_waiting_owner_log_in_again(app) -> None:
    phone = browser_at(app, OWNER)
    assert [try_login(phone, "wang", "mistyped") for _ in range(3)] == [401, 401, 429]
    assert try_login(phone, "wang", PASSWORDS["wang"]) == 429  # the owner's own phone waits
    office = browser_at(app, "192.0.2.1")
    login(office, "office")
    wang = user_id(app, "wang")
    page = office.get(f"/admin/users/{wang}").text
    assert "Failed logins in the last 15 minutes: 3; devices or networks they came from: 1." in page
    unlock = office.post(f"/admin/users/{wang}/unlock", data={"csrf_token": csrf_token(page)})
    assert unlock.status_code == 302
    assert "3 failed logins forgotten" in office.get(unlock.headers["Location"]).text
    assert try_login(phone, "wang", PASSWORDS["wang"]) == 302  # at once, from that phone
    with app.app_context():
        rows = get_survey().store.read.execute(
            "SELECT user_id, details FROM events WHERE action = 'login_unlock'"
        )
        [(actor, details)] = list(rows)
    assert actor == user_id(app, "office")
    assert json.loads(details) == {"user": "wang", "failures_forgotten": 3}


def test_only_the_office_unlocks(app) -> None:
    supervisor = browser_at(app, OWNER)
    login(supervisor, "li")
    token = page_token(supervisor)
    wang = user_id(app, "wang")
    answer = supervisor.post(f"/admin/users/{wang}/unlock", data={"csrf_token": token})
    assert answer.status_code == 403
