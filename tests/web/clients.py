"""What the web tests do as a client: make the application, log in, read a page's CSRF token,
send an API token, count versions, read an API error body — written once for every test."""

from __future__ import annotations

import re
import time
import uuid
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

import web
from tests.web.survey_data import EA1, PASSWORDS, Q
from web.db import get_survey

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def make_app(path: Path, **settings: Any) -> Flask:
    app = web.create_app(
        {"SURVEY_DB": str(path), "SETTINGS": {"secure_cookies": False, **settings}}
    )
    app.testing = True
    return app


def csrf_token(html: str) -> str:
    found = TOKEN.search(html)
    assert found, "the page has no CSRF token"
    return found.group(1)


def login(client: FlaskClient, name: str, password: str | None = None) -> None:
    page = client.get("/login")
    response = client.post(
        "/login",
        data={
            "name": name,
            "password": PASSWORDS[name] if password is None else password,
            "csrf_token": csrf_token(page.text),
        },
    )
    assert response.status_code == 302, response.text


def page_token(client: FlaskClient, path: str = "/") -> str:
    """The CSRF token of the signed-in session, read from a page."""
    return csrf_token(client.get(path).text)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def form_data(body: dict[str, Any]) -> dict[str, str]:
    """The form fields a browser posts for an API-shaped household body."""
    data = {
        f"h.{item.name}": str(body["household"][item.name])
        for item in Q.households.questions
        if body["household"].get(item.name) is not None
    }
    for line, person in enumerate(body["persons"], start=1):
        data[f"p{line}._row"] = "1"
        for item in Q.persons.questions:
            if person.get(item.name) is not None:
                data[f"p{line}.{item.name}"] = str(person[item.name])
    return data


def versions(app: Flask, ea_id: str = EA1, hh_no: str = "001") -> int:
    """How many versions of the household are stored."""
    with app.app_context():
        db = get_survey().store.read
        return int(
            db.execute(
                "SELECT COUNT(*) FROM versions WHERE ea_id = ? AND hh_no = ?", [ea_id, hh_no]
            ).fetchone()[0]
        )


def all_versions(app: Flask) -> int:
    """How many versions of any household are stored."""
    with app.app_context():
        return int(get_survey().store.read.execute("SELECT COUNT(*) FROM versions").fetchone()[0])


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The API's one error body, with this status (and code): its ``error`` object."""
    assert response.status_code == status, response.text
    body = response.get_json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert isinstance(body["error"]["details"], list)
    assert body["error"]["message"]
    if code is not None:
        assert body["error"]["code"] == code
    return dict(body["error"])


def user_id(app: Flask, name: str) -> int:
    with app.app_context():
        row = get_survey().store.read.execute("SELECT id FROM users WHERE name = ?", [name])
        return int(row.fetchone()[0])


def secret(html: str) -> str:
    """The one-time password or token an office page shows once."""
    found = re.search(r'id="secret">([^<]+)<', html)
    assert found, html
    return found.group(1).strip()


def signed_in(
    app: Flask, name: str | None, password: str | None = None, lang: str = "en"
) -> FlaskClient:
    """A browser in ``lang`` with ``name`` logged in (``None``: nobody)."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = lang
    if name is not None:
        login(client, name, password)
    return client


def finished(client: FlaskClient, location: str) -> str:
    """The page of an export job once the job has finished (it runs in a thread)."""
    for _ in range(6000):  # a bound, not a duration: the job ends or the test fails
        page = client.get(location).text
        if 'data-state="running"' not in page:
            return page
        time.sleep(0.05)
    raise AssertionError(f"the job at {location} did not finish")


def export(client: FlaskClient, *formats: str, **options: str) -> str:
    """Run an export from the page; returns the export's name (its folder)."""
    response = client.post(
        "/exports/",
        data={"csrf_token": page_token(client), "format": list(formats), **options},
    )
    assert response.status_code == 302, response.text
    assert re.fullmatch(r"/exports/jobs/\d+", response.headers["Location"])
    page = finished(client, response.headers["Location"])
    assert 'data-state="done"' in page, page
    found = re.search(r'id="job-result" href="/exports/([^/]+)/"', page)
    assert found
    return found.group(1)


HOUSEHOLD = f"/households/{EA1}/001"
REVIEW = f"/review/{EA1}/001"


def send(client: FlaskClient, action: str, data: dict[str, str], path: str = HOUSEHOLD) -> Any:
    """Post the household form (``save`` or ``submit``) as the browser would, with a new
    submission id."""
    return client.post(
        path,
        data={
            "csrf_token": page_token(client, path),
            "submission_id": str(uuid.uuid4()),
            "action": action,
            **data,
        },
    )


def act(client: FlaskClient, action: str, version: int, path: str = REVIEW, **form: Any) -> Any:
    """A review action on the review page (approve, return, reopen, waive) on ``version``."""
    return client.post(
        path,
        data={"csrf_token": page_token(client), "action": action, "version": version, **form},
    )


def add_unlisted(client: FlaskClient, address: str, head_name: str = "", ea_id: str = EA1) -> str:
    """Add a household not in the listing through the EA page's form; the number it took."""
    token = page_token(client, f"/ea/{ea_id}/additions/new")
    answer = client.post(
        f"/ea/{ea_id}/additions",
        data={"csrf_token": token, "address": address, "head_name": head_name},
    )
    assert answer.status_code == 302, answer.text
    return str(answer.headers["Location"].rsplit("/", 1)[1])


def query(app: Flask, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    """Rows of a read-only query of the survey database, as tuples."""
    with app.app_context():
        return [tuple(r) for r in get_survey().store.read.execute(sql, params or []).fetchall()]


def text(html: str) -> str:
    """The page's words, without tags and with single spaces."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
