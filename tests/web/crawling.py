"""Following links as a signed-in user, on the demo survey a few days into fieldwork."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from flask.testing import FlaskClient

from collectors import Batch
from survey import synth
from survey.collection.submission import submit
from survey.context import Survey
from survey.synth.demo import DemoInfo, build_demo

LINK = re.compile(r'href="([^"#]*)"')
SKIP = ("/logout", "/static/")
PER_PATTERN = 3  # household pages all look alike: a few of each kind are enough


def first_ea(demo: DemoInfo) -> str:
    return next(eas for role, _, _, eas in demo.logins if role == "enumerator")


def login_of(demo: DemoInfo, role: str) -> tuple[str, str]:
    return next((name, password) for r, name, password, _ in demo.logins if r == role)


def crawl_demo(path: Path) -> DemoInfo:
    """The demo survey a few days into fieldwork, with households of files imported without a
    submitter (``--as``)."""
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
