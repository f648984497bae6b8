"""Every page a user can reach by following links answers without a server error.

The demo survey holds what a real one does after a few days: households submitted by form and by
import, some with errors, returned, approved, missing from the listing, and households imported
from files without a submitter. Each role signs in and follows every link it is shown (forms are
covered by their own tests); a 500 or a traceback anywhere is a bug.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from collectors import Batch
from survey import synth
from survey.collection.submission import submit
from survey.context import Survey
from survey.synth.demo import DemoInfo, build_demo
from tests.web.conftest import csrf_token, make_app
from web.db import close

LINK = re.compile(r'href="([^"#]*)"')
SKIP = ("/logout", "/static/")
PER_PATTERN = 3  # household pages all look alike: a few of each kind are enough


def first_ea(demo: DemoInfo) -> str:
    return next(eas for role, _, _, eas in demo.logins if role == "enumerator")


def login_of(demo: DemoInfo, role: str) -> tuple[str, str]:
    return next((name, password) for r, name, password, _ in demo.logins if r == role)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoInfo:
    path = tmp_path_factory.mktemp("crawl") / "demo.db"
    info = build_demo(path, households=60, seed=3)
    imported_ea = first_ea(info)
    with Survey.open(path) as survey:  # and households of files, imported without --as
        q = survey.questionnaire
        data = synth.generate(q, 30, seed=99, n_eas=1)
        numbers = {n: f"{900 + i:03d}" for i, n in enumerate(data.households["hh_no"])}
        moved = {"ea_id": lambda f: imported_ea, "hh_no": lambda f: f["hh_no"].map(numbers)}
        households = data.households.assign(**moved)
        persons = data.persons.assign(**moved)
        submit(survey, Batch(households, persons), source="import")
    return info


@pytest.fixture(scope="module")
def app(demo: DemoInfo) -> Iterator[Flask]:
    application = make_app(Path(demo.path))
    yield application
    close(application)


def signed_in(app: Flask, name: str, password: str) -> FlaskClient:
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get("/login")
    response = client.post(
        "/login", data={"name": name, "password": password, "csrf_token": csrf_token(page.text)}
    )
    assert response.status_code == 302, response.text
    return client


def pattern(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def crawl(
    client: FlaskClient, start: str = "/", pages: dict[str, str] | None = None
) -> Counter[int]:
    """Follow every same-site link from ``start`` (a few of each kind); the statuses seen.
    ``pages`` collects the HTML of each page by its address."""
    queued: Counter[str] = Counter([pattern(start)])
    seen: set[str] = {start}
    statuses: Counter[int] = Counter()
    todo = [start]
    while todo:
        url = todo.pop(0)
        response = client.get(url)
        statuses[response.status_code] += 1
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        if response.mimetype.startswith("image/"):
            response.close()  # the favicon and the field app's icons: no text to read
            continue
        assert "Traceback" not in response.text, url
        if "text/html" not in response.content_type:
            continue
        if pages is not None:
            pages[url] = response.text
        for href in LINK.findall(response.text):
            parts = urlsplit(urljoin(url, href.replace("&amp;", "&")))
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            kind = pattern(parts.path)
            if parts.netloc not in ("", "localhost") or local in seen or local.startswith(SKIP):
                continue
            if queued[kind] < PER_PATTERN:
                queued[kind] += 1
                seen.add(local)
                todo.append(local)
    return statuses


@pytest.mark.parametrize("role", ["enumerator", "supervisor", "office"])
def test_every_page_a_role_is_shown_answers_without_a_server_error(
    app: Flask, demo: DemoInfo, role: str
) -> None:
    statuses = crawl(signed_in(app, *login_of(demo, role)))
    assert statuses[200] >= 5, statuses  # the crawl really went through the site


def test_households_imported_without_a_submitter_open_for_every_role(
    app: Flask, demo: DemoInfo
) -> None:
    ea = first_ea(demo)
    for role, path in [
        ("office", f"/review/{ea}/900"),
        ("office", f"/dashboard/ea/{ea}"),
        ("supervisor", f"/review/{ea}/929"),
        ("enumerator", f"/households/{ea}/900"),
        ("enumerator", f"/ea/{ea}"),
    ]:
        response = signed_in(app, *login_of(demo, role)).get(path)
        assert response.status_code == 200, (role, path, response.status_code)
