"""Dashboards on a small hand-made survey: counts by state, missing households with their listing
address, the three no-miss figures, the share of households per rule, the median time from first
submission to approval — per EA, per enumerator and overall; SVG charts; who may see them."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from survey.accounts.access import Forbidden, Role, add_user, user_named
from survey.errors import NotFound
from survey.review.actions import act
from survey.views import dashboard
from tests.web.clients import login, page_token
from tests.web.review_data import household, submit
from tests.web.survey_data import EA1, EA2
from web.db import get_survey


def times(app: Flask, ea_id: str, hh_no: str, first: str, approved: str) -> None:
    """Set when a household was first submitted and approved (the test cannot wait hours)."""
    with app.app_context(), get_survey().store.write() as db:
        db.execute(
            "UPDATE households SET first_submitted_at = ?, approved_at = ? "
            "WHERE ea_id = ? AND hh_no = ?",
            [first, approved, ea_id, hh_no],
        )


@pytest.fixture
def worked(app: Flask, client: FlaskClient, tokens: dict[str, str]) -> Flask:
    """EA1: 001 approved after 6 hours (wang), 002 never visited (1-102 王芳).
    EA2: 001 approved after 30 hours (zhao); 002, an addition with roster errors, returned."""
    submit(client, tokens["wang"], household("001", seq=1))
    submit(client, tokens["zhao"], household("001", EA2, seq=3))
    submit(client, tokens["zhao"], household("002", EA2, seq=4, n_present=4))
    with app.app_context():
        survey = get_survey()
        li = user_named(survey, "li")
        act(survey, li, EA1, "001", "approve", version=1)
        act(survey, li, EA2, "001", "approve", version=1)
        act(survey, li, EA2, "002", "return", version=1, comment="三口人", field="n_present")
    times(app, EA1, "001", "2025-11-01T08:00:00.000+00:00", "2025-11-01T14:00:00.000+00:00")
    times(app, EA2, "001", "2025-11-01T08:00:00.000+00:00", "2025-11-02T14:00:00.000+00:00")
    return app


def board(app: Flask, name: str = "li", ea_id: str | None = None) -> dashboard.Dashboard:
    with app.app_context():
        survey = get_survey()
        user = user_named(survey, name)
        if ea_id is None:
            return dashboard.overview(survey, user)
        return dashboard.for_ea(survey, user, ea_id)


def test_counts_and_the_median_time_to_approval(worked) -> None:
    found = board(worked)
    overall = found.overall
    assert (overall.listed, overall.submitted, overall.approved) == (3, 3, 2)
    assert (overall.awaiting, overall.returned, overall.missing) == (0, 1, 1)
    assert overall.median_hours_to_approval == pytest.approx(18.0)  # of 6 h and 30 h
    ea1, ea2 = found.eas
    assert (ea1.key, ea1.listed, ea1.submitted, ea1.approved, ea1.missing) == (EA1, 2, 1, 1, 1)
    assert ea1.median_hours_to_approval == pytest.approx(6.0)
    assert (ea2.listed, ea2.submitted, ea2.returned, ea2.missing) == (1, 2, 1, 0)
    assert ea2.median_hours_to_approval == pytest.approx(30.0)
    assert ea2.name == "闵子骞社区 第002调查小区"


def test_the_three_no_miss_figures(worked) -> None:
    ea1, ea2 = board(worked).eas
    assert ea1.household_coverage == pytest.approx(0.5)  # 1 of 2 listed households
    assert ea2.household_coverage == pytest.approx(1.0)  # the addition is not listed
    assert ea1.person_coverage == pytest.approx(1.0)
    assert ea2.person_coverage == pytest.approx(0.5)  # EA2/002: H2 says 4, the roster has 3
    assert ea1.item_completeness == pytest.approx(1.0)


def test_figures_per_enumerator(worked) -> None:
    wang, zhao = board(worked).enumerators
    assert (wang.key, wang.listed, wang.missing, wang.submitted, wang.approved) == (
        "wang",
        2,
        1,
        1,
        1,
    )
    assert (zhao.key, zhao.listed, zhao.missing, zhao.submitted, zhao.returned) == (
        "zhao",
        1,
        0,
        2,
        1,
    )
    assert zhao.median_hours_to_approval == pytest.approx(30.0)


def test_the_share_of_households_per_rule(worked) -> None:
    rates = {(r.rule_id, r.severity): (r.households, r.rate) for r in board(worked).rules}
    assert rates[("S-04", "error")] == (1, pytest.approx(1 / 3))
    assert rates[("C-02", "warning")] == (1, pytest.approx(1 / 3))
    assert {r.rule_id for r in board(worked, ea_id=EA1).rules} == set()


def test_missing_households_carry_their_listing_address(worked) -> None:
    found = board(worked, ea_id=EA1)
    assert [(m.ea_id, m.hh_no) for m in found.missing] == [(EA1, "002")]
    listing = found.missing[0].listing
    assert (listing["building_no"], listing["unit_no"], listing["head_name"]) == (
        "1",
        "102",
        "王芳",
    )
    assert board(worked, ea_id=EA2).missing == []


def test_the_pages_show_figures_charts_and_missing_households(worked, client) -> None:
    login(client, "li")
    page = client.get("/dashboard/").text
    assert re.search(r'id="median">\s*18.0 h', page)
    assert page.count("<svg") == 3  # EAs, enumerators, rules
    assert f'<a href="/dashboard/ea/{EA1}">' in page
    assert 'data-rule="S-04"' in page
    ea = client.get(f"/dashboard/ea/{EA1}").text
    row = ea[ea.index(f'id="missing-{EA1}-002"') :]
    missing = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row[: row.index("</tr>")]))
    assert missing.endswith(f"> {EA1} 002 1 102 王芳 2 ")  # EA, no., building, unit, head, persons
    assert re.search(r'id="median">\s*6.0 h', ea)
    wang = client.get("/dashboard/enumerators/wang").text
    assert "Enumerator wang" in wang
    assert f'id="missing-{EA1}-002"' in wang
    zhao = client.get("/dashboard/enumerators/zhao").text
    assert re.search(r'id="median">\s*30.0 h', zhao)
    assert 'data-rule="S-04"' in zhao


def test_the_pages_read_in_chinese(worked, client) -> None:
    login(client, "li")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    with worked.app_context():
        from survey.accounts.sessions import set_language

        set_language(get_survey(), user_named(get_survey(), "li"), "zh")
    page = client.get(f"/dashboard/ea/{EA1}").text
    for words in ("房不漏户", "漏登户", "王芳", "小时"):
        assert words in page, words


def test_who_may_see_which_dashboard(worked, client) -> None:
    with worked.app_context():
        survey = get_survey()
        add_user(survey, "chen", Role.SUPERVISOR, [EA1], password="pw-chen-12345")
        chen = user_named(survey, "chen")
        assert [row.key for row in dashboard.overview(survey, chen).eas] == [EA1]
        with pytest.raises(Forbidden):
            dashboard.for_ea(survey, chen, EA2)
        with pytest.raises(NotFound):
            dashboard.for_enumerator(survey, chen, "zhao")
        with pytest.raises(Forbidden):
            dashboard.overview(survey, user_named(survey, "wang"))
    login(client, "chen", "pw-chen-12345")
    assert client.get(f"/dashboard/ea/{EA2}").status_code == 403
    assert client.get("/dashboard/ea/999").status_code == 404
    assert client.get("/dashboard/enumerators/zhao").status_code == 404
    assert client.get("/dashboard/enumerators/li").status_code == 404
    assert EA2 not in client.get("/dashboard/").text
    client.post("/logout", data={"csrf_token": page_token(client)})
    login(client, "wang")
    assert client.get("/dashboard/").status_code == 403
    assert client.get(f"/dashboard/ea/{EA1}").status_code == 403


def test_an_empty_survey_has_a_dashboard(client) -> None:
    login(client, "office")
    page = client.get("/dashboard/")
    assert page.status_code == 200
    assert "No error or warning in the current versions." in page.text
