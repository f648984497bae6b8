"""Every page a user can reach by following links answers without a server error.

The demo survey holds what a real one does after a few days: households submitted by form and by
import, some with errors, returned, approved, missing from the listing, and households imported
from files without a submitter. Each role signs in and follows every link it is shown (forms are
covered by their own tests); a 500 or a traceback anywhere is a bug.
"""

from __future__ import annotations

import pytest
from flask import Flask

from survey.synth.demo import DemoInfo
from tests.web.clients import signed_in
from tests.web.crawling import crawl, first_ea, login_of


@pytest.mark.parametrize("role", ["enumerator", "supervisor", "office"])
def test_every_page_a_role_is_shown_answers_without_a_server_error(
    demo_app: Flask, demo: DemoInfo, role: str
) -> None:
    statuses = crawl(signed_in(demo_app, *login_of(demo, role)))
    assert statuses[200] >= 5, statuses  # the crawl really went through the site


def test_households_imported_without_a_submitter_open_for_every_role(
    demo_app: Flask, demo: DemoInfo
) -> None:
    ea = first_ea(demo)
    for role, path in [
        ("office", f"/review/{ea}/900"),
        ("office", f"/dashboard/ea/{ea}"),
        ("supervisor", f"/review/{ea}/929"),
        ("enumerator", f"/households/{ea}/900"),
        ("enumerator", f"/ea/{ea}"),
    ]:
        response = signed_in(demo_app, *login_of(demo, role)).get(path)
        assert response.status_code == 200, (role, path, response.status_code)
