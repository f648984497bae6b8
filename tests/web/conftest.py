"""Fixtures of the web tests: a small survey, the application, a test client, logins, tokens,
and for the browser tests a real waitress server in a thread and headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from survey.accounts.access import issue_token
from survey.synth.demo import DemoInfo
from tests.web.browsing import serving
from tests.web.clients import make_app
from tests.web.crawling import crawl_demo
from tests.web.survey_data import PASSWORDS, new_survey
from web.db import close, get_survey

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def survey_path(tmp_path: Path) -> Path:
    path = tmp_path / "survey.db"
    new_survey(path).close()
    return path


@pytest.fixture
def app(survey_path: Path) -> Iterator[Flask]:
    application = make_app(survey_path, login_max_failures=3, login_lock_minutes=15)
    yield application
    close(application)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A browser whose language is English (the survey's default language is Chinese)."""
    browser = app.test_client()
    browser.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return browser


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoInfo:
    """The demo survey a few days into fieldwork (built once per test module that asks)."""
    return crawl_demo(tmp_path_factory.mktemp("crawl") / "demo.db")


@pytest.fixture(scope="module")
def demo_app(demo: DemoInfo) -> Iterator[Flask]:
    application = make_app(Path(demo.path))
    yield application
    close(application)


@pytest.fixture
def tokens(app: Flask) -> dict[str, str]:
    with app.app_context():
        survey = get_survey()
        return {name: issue_token(survey, name) for name in PASSWORDS}


# --- browser tests ---------------------------------------------------------------------------


@pytest.fixture
def server(survey_path: Path) -> Iterator[str]:
    """The application served by waitress on a free localhost port, in a thread."""
    with serving(survey_path) as (address, _):
        yield address


@pytest.fixture
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
