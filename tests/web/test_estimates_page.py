"""The office's estimates page: an export's standard tables with SEs, computed by a background
job the page starts, a pyramid drawn on the server, every figure as CSV; the office only."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from flask import Flask
from flask.testing import FlaskClient

from survey import jobs
from survey.accounts.access import user_named
from survey.review.actions import act
from tests.web.clients import export, finished, login, page_token
from tests.web.review_data import household, submit
from tests.web.survey_data import EA1
from web.db import get_survey


@pytest.fixture
def office(app: Flask, client: FlaskClient, tokens: dict[str, str]) -> FlaskClient:
    """EA1/001 approved: three persons, EA1's prob 0.02, so each weighs 50."""
    submit(client, tokens["wang"], household("001", seq=1))
    with app.app_context():
        act(get_survey(), user_named(get_survey(), "li"), EA1, "001", "approve", version=1)
    login(client, "office")
    return client


def compute(client: FlaskClient, name: str) -> str:
    """Start the computation of an export's tables from its page; the page once it is done."""
    response = client.post(f"/estimates/{name}/", data={"csrf_token": page_token(client)})
    assert response.status_code == 302, response.text
    return finished(client, response.headers["Location"])


def test_the_tables_are_computed_once_in_the_background(office) -> None:
    name = export(office, "csv")
    assert "not computed yet" in office.get("/estimates/").text
    before = office.get(f"/estimates/{name}/")
    assert 'id="estimates-start"' in before.text
    assert office.get(f"/estimates/{name}/estimates.csv").status_code == 404
    page = compute(office, name)
    assert 'id="pyramid"' in page
    assert "not computed yet" not in office.get("/estimates/").text
    again = office.post(f"/estimates/{name}/", data={"csrf_token": page_token(office)})
    assert again.status_code == 302  # the export does not change: nothing is computed again
    with office.application.app_context():
        assert [j.params for j in jobs.latest(get_survey(), "estimates")] == [{"export": name}]


def test_the_tables_of_an_export_with_their_errors(office) -> None:
    name = export(office, "csv", "parquet")
    assert f'href="/estimates/{name}/"' in office.get("/estimates/").text
    compute(office, name)
    page = office.get(f"/estimates/{name}/")
    assert page.status_code == 200
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.text))
    assert "150 ± 0" in words  # one PSU in the only stratum: no variance can be estimated
    assert '<svg viewBox="0 0 640' in page.text
    bars = page.text.count('class="men"') + page.text.count('class="women"')
    groups = len(
        set(re.findall(r"<tr><td>((?:Men|Women) \d+-\d+|(?:Men|Women) 85\+)</td>", page.text))
    )
    assert bars == groups >= 1  # a bar per sex and age group found, each with its interval
    assert page.text.count('class="ci"') == bars
    assert "3701" in words  # the stratum and the prefecture
    csv = office.get(f"/estimates/{name}/estimates.csv")
    assert csv.headers["Content-Disposition"] == f'attachment; filename="estimates-{name}.csv"'
    table = pd.read_csv(io.StringIO(csv.data.decode("utf-8-sig")), dtype=str, keep_default_na=False)
    assert list(table.columns)[:2] == ["table", "sex"]
    assert "se" in table.columns
    total = table[table["table"] == "total"].iloc[0]
    assert float(total["estimate"]) == pytest.approx(150.0)
    by_sex_age = table[table["table"] == "sex_age"]
    assert by_sex_age["estimate"].astype(float).sum() == pytest.approx(150.0)


def test_an_unknown_export_is_not_found(office) -> None:
    assert office.get("/estimates/20990101-000000/").status_code == 404
    token = page_token(office)
    assert office.post("/estimates/20990101-000000/", data={"csrf_token": token}).status_code == 404


def test_chinese_page(office) -> None:
    name = export(office, "csv")
    office.post("/language", data={"lang": "zh", "csrf_token": page_token(office)})
    assert "计算估计值" in office.get(f"/estimates/{name}/").text
    page = compute(office, name)
    assert "人口金字塔" in page
    assert "分性别、年龄组人口" in page


def test_a_damaged_export_fails_its_job_with_a_message_and_can_be_computed_again(
    app: Flask, office: FlaskClient
) -> None:
    name = export(office, "csv")
    with app.app_context():
        persons = get_survey().store.path.parent / "exports" / name / "persons.csv"
    good = persons.read_bytes()
    persons.write_text("ea_id,hh_no\n1,001\n", encoding="utf-8")  # no design columns
    page = compute(office, name)
    assert 'data-state="failed"' in page, page
    assert "persons.csv, column stratum: is not a column of the file" in page
    assert 'id="estimates-start"' in page  # the office may try again
    persons.write_bytes(good)
    assert 'id="pyramid"' in compute(office, name)
